"""HTTP Signatures: fixed vectors, one test per way a signature can be wrong, round trips.

No database, no network, a frozen clock passed as `now`. The vectors in data/ were made once:
test_key.pem by generate_keypair(), signed_post.json by sign_request() with a fixed Date, and
httpsig_get.json by httpsig 1.3.0, an independent draft-cavage implementation; remaking any of
them is a deliberate act, since they exist to catch a change of canonicalisation.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from federation.protocol.signatures import (
    MAX_SIGNATURE_HEADER_LENGTH,
    SignatureError,
    SignatureMismatch,
    SignatureParams,
    check_digest,
    check_request,
    digest_header,
    generate_keypair,
    http_date,
    load_private_key,
    load_public_key,
    parse_signature_header,
    sign_request,
    signing_string,
    verify_request,
)

DATA = Path(__file__).parent / "data"
PRIVATE_PEM = (DATA / "test_key.pem").read_text()
PUBLIC_PEM = (DATA / "test_key.pub.pem").read_text()
KEY = load_private_key(PRIVATE_PEM)
KEY_ID = "https://tremplin.example/users/lea#main-key"
RECORDED = json.loads((DATA / "signed_post.json").read_text())
NOW = datetime.fromisoformat(RECORDED["now"]) + timedelta(seconds=3)
BODY = b'{"type":"Follow","actor":"https://tremplin.example/users/lea"}'
INBOX = "https://mastodon.example/users/alice/inbox"


def _post(body: bytes = BODY, *, now: datetime = NOW, url: str = INBOX) -> dict[str, str]:
    return sign_request(
        "POST", url, {"Content-Type": "application/activity+json"}, body, KEY_ID, KEY, now=now
    )


def _resign(
    method: str,
    path: str,
    headers: dict[str, str],
    names: list[str],
    *,
    algorithm: str = "rsa-sha256",
    created: int | None = None,
    expires: int | None = None,
    extra: str = "",
) -> dict[str, str]:
    """Headers signed over exactly `names`: the way to make requests our signer never makes."""
    params = SignatureParams(
        key_id=KEY_ID,
        algorithm=algorithm,
        headers=tuple(names),
        signature=b"",
        raw_created=None if created is None else str(created),
        raw_expires=None if expires is None else str(expires),
    )
    unsigned = {k: v for k, v in headers.items() if k.lower() != "signature"}
    text = signing_string(method, path, unsigned, names, params)
    signature = KEY.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
    value = f'keyId="{KEY_ID}",algorithm="{algorithm}",headers="{" ".join(names)}"'
    if created is not None:
        value += f",created={created}"
    if expires is not None:
        value += f",expires={expires}"
    value += f'{extra},signature="{base64.b64encode(signature).decode()}"'
    return {**unsigned, "Signature": value}


def _refused(reason_part: str, *args: Any, **kwargs: Any) -> SignatureError:
    with pytest.raises(SignatureError) as caught:
        verify_request(*args, **kwargs)
    assert reason_part.lower() in caught.value.reason.lower(), caught.value.reason
    return caught.value


# -- fixed vectors ------------------------------------------------------------------------------


def test_recorded_post_verifies_with_the_frozen_clock() -> None:
    params = verify_request(
        RECORDED["method"],
        RECORDED["path"],
        RECORDED["headers"],
        RECORDED["body"].encode(),
        PUBLIC_PEM,
        NOW,
    )
    assert params.key_id == KEY_ID
    assert params.algorithm == "rsa-sha256"
    assert params.headers == ("(request-target)", "host", "date", "digest")


def test_recorded_signing_string_is_draft_cavage_12() -> None:
    params = parse_signature_header(RECORDED["headers"]["Signature"])
    text = signing_string(
        RECORDED["method"], RECORDED["path"], RECORDED["headers"], params.headers, params
    )
    assert text == RECORDED["signing_string"]
    assert text.startswith("(request-target): post /users/alice/inbox\nhost: mastodon.example\n")


def test_signer_reproduces_the_recorded_post_byte_for_byte() -> None:
    """RSASSA-PKCS1-v1_5 is deterministic, so the same input gives the same Signature header."""
    headers = {k: v for k, v in RECORDED["headers"].items() if k in ("Content-Type", "User-Agent")}
    signed = sign_request(
        "POST",
        RECORDED["url"],
        headers,
        RECORDED["body"].encode(),
        KEY_ID,
        KEY,
        now=datetime.fromisoformat(RECORDED["now"]),
    )
    assert signed == RECORDED["headers"]


def test_a_get_signed_by_an_independent_implementation_verifies() -> None:
    """httpsig 1.3.0 signed this GET (query string, host with a port, an extra Accept header)."""
    vector = json.loads((DATA / "httpsig_get.json").read_text())
    params = verify_request(
        vector["method"], vector["path"], vector["headers"], b"", PUBLIC_PEM, NOW
    )
    assert params.headers == ("(request-target)", "host", "date", "accept")
    with pytest.raises(SignatureMismatch):
        verify_request(
            "GET", "/users/lea/outbox?page=3&min_id=7", vector["headers"], b"", PUBLIC_PEM, NOW
        )


def test_digest_header_of_the_empty_body() -> None:
    assert digest_header(b"") == "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="


# -- one test per way a signature can be wrong --------------------------------------------------


def test_missing_signature_header() -> None:
    headers = _post()
    del headers["Signature"]
    _refused("no Signature header", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


@pytest.mark.parametrize(
    "value",
    [
        "this is not a signature",
        'keyId="a",,signature="AAAA"',
        'keyId="a" signature="AAAA"',
        'keyId="unterminated,signature="AAAA',
        'keyId="a",signature="AAAA",',
        'keyId="a",keyId="b",signature="AAAA"',
    ],
)
def test_malformed_signature_header(value: str) -> None:
    headers = {**_post(), "Signature": value}
    _refused("malformed", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ('algorithm="rsa-sha256",signature="AAAA"', "no keyId"),
        ('keyId="https://a.example/actor#key",algorithm="rsa-sha256"', "no signature"),
        ('keyId="https://a.example/actor#key",signature="not base64!"', "not valid base64"),
    ],
)
def test_incomplete_signature_header(value: str, reason: str) -> None:
    headers = {**_post(), "Signature": value}
    _refused(reason, "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


@pytest.mark.parametrize("algorithm", ["hmac-sha256", "ed25519", "rsa-sha1", "ecdsa-sha256"])
def test_unknown_algorithm(algorithm: str) -> None:
    headers = _post()
    headers["Signature"] = headers["Signature"].replace("rsa-sha256", algorithm)
    _refused(
        "unsupported signature algorithm",
        "POST",
        "/users/alice/inbox",
        headers,
        BODY,
        PUBLIC_PEM,
        NOW,
    )


@pytest.mark.parametrize(
    ("left_out", "reason"),
    [
        ("(request-target)", "does not cover (request-target)"),
        ("host", "does not cover host"),
        ("date", "does not cover date"),
        ("digest", "does not cover digest"),
    ],
)
def test_post_signature_must_cover_target_host_date_and_digest(left_out: str, reason: str) -> None:
    names = [n for n in ("(request-target)", "host", "date", "digest") if n != left_out]
    headers = _resign("POST", "/users/alice/inbox", _post(), names)
    _refused(reason, "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


@pytest.mark.parametrize("left_out", ["(request-target)", "host", "date"])
def test_get_signature_must_cover_target_host_and_date(left_out: str) -> None:
    signed = sign_request("GET", "https://a.example/users/lea", {}, None, KEY_ID, KEY, now=NOW)
    names = [n for n in ("(request-target)", "host", "date") if n != left_out]
    headers = _resign("GET", "/users/lea", signed, names)
    _refused(f"does not cover {left_out}", "GET", "/users/lea", headers, b"", PUBLIC_PEM, NOW)


def test_digest_mismatch_when_the_body_changed() -> None:
    headers = _post()
    _refused(
        "Digest header does not match the body",
        "POST",
        "/users/alice/inbox",
        headers,
        BODY.replace(b"Follow", b"Delete"),
        PUBLIC_PEM,
        NOW,
    )


def test_digest_header_absent() -> None:
    headers = _post()
    del headers["Digest"]
    _refused("Digest header missing", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


def test_digest_without_sha256() -> None:
    headers = _post()
    headers["Digest"] = "MD5=Q2hlY2sgSW50ZWdyaXR5IQ=="
    headers = _resign(
        "POST", "/users/alice/inbox", headers, ["(request-target)", "host", "date", "digest"]
    )
    _refused("offers no SHA-256", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


def test_content_digest_contradicting_the_body() -> None:
    headers = {
        **_post(),
        "Content-Digest": "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:",
    }
    _refused(
        "Content-Digest header does not match",
        "POST",
        "/users/alice/inbox",
        headers,
        BODY,
        PUBLIC_PEM,
        NOW,
    )


def test_stale_date() -> None:
    headers = _post(now=NOW - timedelta(hours=13))
    _refused("too old", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


def test_future_date() -> None:
    headers = _post(now=NOW + timedelta(hours=2))
    _refused("in the future", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


def test_unparsable_date() -> None:
    headers = {**_post(), "Date": "yesterday, around noon"}
    headers = _resign(
        "POST", "/users/alice/inbox", headers, ["(request-target)", "host", "date", "digest"]
    )
    _refused("not a valid HTTP date", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


def test_signed_header_missing_from_the_request() -> None:
    headers = _resign(
        "POST",
        "/users/alice/inbox",
        _post(),
        ["(request-target)", "host", "date", "digest", "content-type"],
    )
    del headers["Content-Type"]
    _refused(
        "'content-type' is missing", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW
    )


def test_wrong_key() -> None:
    _, other_public = generate_keypair()
    error = _refused(
        "signature does not match", "POST", "/users/alice/inbox", _post(), BODY, other_public, NOW
    )
    assert isinstance(error, SignatureMismatch)


def test_tampered_signature_bytes() -> None:
    headers = _post()
    params = parse_signature_header(headers["Signature"])
    flipped = bytes([params.signature[0] ^ 1]) + params.signature[1:]
    headers["Signature"] = headers["Signature"].replace(
        base64.b64encode(params.signature).decode(), base64.b64encode(flipped).decode()
    )
    _refused(
        "signature does not match", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW
    )


def test_tampered_path() -> None:
    _refused("signature does not match", "POST", "/users/bob/inbox", _post(), BODY, PUBLIC_PEM, NOW)


def test_tampered_signed_header() -> None:
    headers = {**_post(), "Host": "another-node.example"}
    _refused(
        "signature does not match", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW
    )


def test_signature_header_over_the_size_limit() -> None:
    headers = _post()
    headers["Signature"] += ',padding="' + "x" * MAX_SIGNATURE_HEADER_LENGTH + '"'
    _refused("too long", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


def test_created_with_rsa_sha256_is_refused() -> None:
    """draft-12 section 2.3: (created) is an error with the rsa-* algorithms."""
    created = int(NOW.timestamp())
    headers = _resign(
        "POST",
        "/users/alice/inbox",
        _post(),
        ["(request-target)", "host", "(created)", "digest"],
        created=created,
    )
    _refused(
        "(created) cannot be signed with rsa-sha256",
        "POST",
        "/users/alice/inbox",
        headers,
        BODY,
        PUBLIC_PEM,
        NOW,
    )


def test_an_unsigned_expires_does_not_stretch_the_window() -> None:
    """Anyone replaying a request can add `expires=`; only a signed (expires) counts."""
    sent = NOW - timedelta(hours=2)
    later = int((sent + timedelta(hours=11)).timestamp())
    headers = _resign(
        "POST",
        "/users/alice/inbox",
        _post(now=sent),
        ["(request-target)", "host", "date", "digest"],
        extra=f",expires={later}",
    )
    _refused("too old", "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


def test_unreadable_public_key() -> None:
    _refused(
        "not a readable PEM key",
        "POST",
        "/users/alice/inbox",
        _post(),
        BODY,
        "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n",
        NOW,
    )


# -- the time window: Mastodon's (see federation/protocol/signatures.py) ---------------------------


@pytest.mark.parametrize(
    ("age", "accepted"),
    [
        (timedelta(minutes=64), True),
        (timedelta(minutes=66), False),
        (timedelta(minutes=-59), True),
        (timedelta(minutes=-61), False),
    ],
)
def test_date_window_is_five_minutes_plus_an_hour_of_skew(age: timedelta, accepted: bool) -> None:
    headers = _post(now=NOW - age)
    if accepted:
        verify_request("POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)
    else:
        with pytest.raises(SignatureError):
            verify_request("POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)


def test_hs2019_created_and_expires_are_supported() -> None:
    created = int((NOW - timedelta(hours=10)).timestamp())
    expires = created + 11 * 3600
    signed = sign_request("GET", "https://a.example/users/lea", {}, None, KEY_ID, KEY, now=NOW)
    del signed["Date"]
    headers = _resign(
        "GET",
        "/users/lea",
        signed,
        ["(request-target)", "host", "(created)", "(expires)"],
        algorithm="hs2019",
        created=created,
        expires=expires,
    )
    params = verify_request("GET", "/users/lea", headers, b"", PUBLIC_PEM, NOW)
    assert params.created == datetime.fromtimestamp(created, tz=UTC)
    assert params.expires == datetime.fromtimestamp(expires, tz=UTC)
    # An (expires) never stretches a signature past 12 hours.
    with pytest.raises(SignatureError, match="too old"):
        verify_request("GET", "/users/lea", headers, b"", PUBLIC_PEM, NOW + timedelta(hours=4))


# -- round trips --------------------------------------------------------------------------------


def test_round_trip_post() -> None:
    headers = _post()
    assert headers["Host"] == "mastodon.example"
    assert headers["Date"] == http_date(NOW)
    assert headers["Digest"] == digest_header(BODY)
    params = verify_request("POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW)
    assert params.headers == ("(request-target)", "host", "date", "digest")


def test_round_trip_get_signs_no_digest() -> None:
    headers = sign_request(
        "GET",
        "http://127.0.0.2:8000/users/lea",
        {"Accept": "application/json"},
        None,
        KEY_ID,
        KEY,
        now=NOW,
    )
    assert "Digest" not in headers
    assert headers["Host"] == "127.0.0.2:8000"
    params = verify_request("GET", "/users/lea", headers, b"", PUBLIC_PEM, NOW)
    assert params.headers == ("(request-target)", "host", "date")


def test_hs2019_label_is_accepted() -> None:
    headers = _resign(
        "POST",
        "/users/alice/inbox",
        _post(),
        ["(request-target)", "host", "date", "digest"],
        algorithm="hs2019",
    )
    assert verify_request(
        "POST", "/users/alice/inbox", headers, BODY, PUBLIC_PEM, NOW
    ).algorithm == ("hs2019")


def test_header_names_are_case_insensitive() -> None:
    headers = _post()
    for transform in (str.lower, str.upper):
        renamed = {transform(k): v for k, v in headers.items()}
        verify_request("post", "/users/alice/inbox", renamed, BODY, PUBLIC_PEM, NOW)


def test_the_query_string_is_part_of_the_request_target() -> None:
    headers = sign_request(
        "GET", "https://a.example/users/lea/outbox?page=2", {}, None, KEY_ID, KEY, now=NOW
    )
    verify_request("GET", "/users/lea/outbox?page=2", headers, b"", PUBLIC_PEM, NOW)
    with pytest.raises(SignatureMismatch):
        verify_request("GET", "/users/lea/outbox", headers, b"", PUBLIC_PEM, NOW)


def test_check_request_refuses_before_any_key_is_needed() -> None:
    params = check_request("POST", "/users/alice/inbox", _post(), BODY, NOW)
    assert params.key_id == KEY_ID
    with pytest.raises(SignatureError, match="Digest"):
        check_request("POST", "/users/alice/inbox", _post(), b"{}", NOW)


# -- the pieces ---------------------------------------------------------------------------------


def test_parse_quoted_commas_escapes_and_unknown_parameters() -> None:
    params = parse_signature_header(
        'keyId="https://a.example/actor?x=1,2#key" , futureParam=token,'
        'note="say \\"hi\\", please",algorithm=hs2019,'
        'headers="(request-target) Host DATE",signature="AAEC"'
    )
    assert params.key_id == "https://a.example/actor?x=1,2#key"
    assert params.algorithm == "hs2019"
    assert params.headers == ("(request-target)", "host", "date")
    assert params.signature == b"\x00\x01\x02"


def test_parse_defaults_follow_draft_12() -> None:
    params = parse_signature_header('keyId="k",signature="AAEC"')
    assert params.algorithm == "hs2019"
    assert params.headers == ("(created)",)


def test_several_values_of_a_header_are_joined_with_comma_space() -> None:
    text = signing_string(
        "GET",
        "/foo?a=1",
        {"Cache-Control": ["max-age=60", " must-revalidate "], "X-Empty": ""},
        ["(request-target)", "cache-control", "x-empty"],
    )
    assert (
        text
        == "(request-target): get /foo?a=1\ncache-control: max-age=60, must-revalidate\nx-empty: "
    )


def test_digest_algorithm_name_is_case_insensitive() -> None:
    check_digest(digest_header(BODY).replace("SHA-256", "sha-256"), BODY)
    check_digest("MD5=abc, " + digest_header(BODY), BODY)
    with pytest.raises(SignatureError, match="not valid base64"):
        check_digest("SHA-256=???", BODY)


def test_keys_are_parsed_once_per_process() -> None:
    assert load_private_key(PRIVATE_PEM) is load_private_key(PRIVATE_PEM)
    assert load_public_key(PUBLIC_PEM) is load_public_key(PUBLIC_PEM)


def test_generated_keypair_is_pkcs8_and_spki_rsa_2048() -> None:
    private_pem, public_pem = generate_keypair()
    assert private_pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert public_pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert load_private_key(private_pem).key_size == 2048
    assert load_public_key(public_pem).key_size == 2048
