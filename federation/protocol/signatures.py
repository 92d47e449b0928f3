"""HTTP Signatures as the fediverse speaks them: draft-cavage-http-signatures-12, Mastodon's way.

Every inbox POST and every authorised fetch between nodes carries a `Signature` header made
with the sending actor's RSA key. This module is pure (no Django, no database, no network) so
the inbox view and the delivery worker share one implementation, tested with fixed vectors
and a clock passed in as `now`.

Receiving, in two steps so garbage is refused before any network fetch of a remote key:

    params = check_request(method, path, headers, body, now)   # structure, time, digest
    key_pem = <the cached or fetched actor key for params.key_id>
    verify_request(method, path, headers, body, key_pem, now)  # all of the above + RSA

Every failure is a `SignatureError` whose `reason` says what is wrong; `SignatureMismatch`
(a subclass) is the one a caller may answer by refetching the actor's key once, since the
remote actor may have rotated it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# Time window, as Mastodon applies it (app/lib/signed_request.rb, matches_time_window?, and
# before it app/controllers/concerns/signature_verification.rb): the signature is made at the
# Date header (or `created`), lives 5 minutes unless `expires` says otherwise, never more than
# 12 hours (EXPIRATION_WINDOW_LIMIT), and both ends get an hour of clock skew
# (CLOCK_SKEW_MARGIN). So a request with only a Date is refused once it is 1 h 05 min old, or
# when it claims to be from more than 1 h in the future. Mastodon is what most of our peers
# sign for, so no peer is stricter than this about our requests nor we about theirs.
DEFAULT_LIFETIME = timedelta(minutes=5)
EXPIRATION_WINDOW_LIMIT = timedelta(hours=12)
CLOCK_SKEW_MARGIN = timedelta(hours=1)

# A Signature header is a few hundred bytes (a URL and 344 base64 characters for RSA-2048);
# anything this long is an attack on the parser, not a signature.
MAX_SIGNATURE_HEADER_LENGTH = 8 * 1024

# rsa-sha256 is what Mastodon sends; hs2019 is draft-12's "derive it from the key", which for
# an RSA key means the same RSASSA-PKCS1-v1_5 with SHA-256 (Mastodon accepts both, nothing else).
ACCEPTED_ALGORITHMS = frozenset({"rsa-sha256", "hs2019"})
SIGNING_ALGORITHM = "rsa-sha256"

REQUEST_TARGET = "(request-target)"
CREATED = "(created)"
EXPIRES = "(expires)"

# What a signature must cover, beyond Mastodon's minimum: without the host a request signed for
# one node could be replayed to another; without the digest the body is not signed at all.
REQUIRED_FOR_ALL = (REQUEST_TARGET, "host")
BODYLESS_METHODS = frozenset({"GET", "HEAD"})

_TCHARS = r"[A-Za-z0-9!#$%&'*+.^_`|~-]+"
_PARAM = re.compile(
    rf'[ \t]*({_TCHARS})[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|({_TCHARS}))[ \t]*',
    re.DOTALL,
)
_QUOTED_PAIR = re.compile(r"\\(.)", re.DOTALL)
_TIMESTAMP = re.compile(r"\d{1,12}(?:\.\d{1,9})?")


# RFC 9421 verification (message_signatures.py builds on this module, so it is handed
# over at start-up by federation/apps.py instead of imported: no cycle).
_RFC9421: list[Any] = []


def use_rfc9421(module: Any) -> None:
    """Called once from AppConfig.ready(): the module that verifies RFC 9421 signatures."""
    _RFC9421[:] = [module]


def _rfc9421() -> Any:
    if not _RFC9421:
        raise SignatureError("RFC 9421 signatures are not verified here")
    return _RFC9421[0]


class SignatureError(Exception):
    """A request whose signature cannot be trusted; `reason` says why, for logs and the 401 body."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SignatureMismatch(SignatureError):
    """Well-formed, fresh, but not signed by this key: worth one refetch of the actor's key."""


@dataclass(frozen=True)
class SignatureParams:
    """A parsed `Signature` header; `headers` are lower-cased, in the order they were signed."""

    key_id: str
    algorithm: str
    headers: tuple[str, ...]
    signature: bytes
    created: datetime | None = None
    expires: datetime | None = None
    # The `created` and `expires` texts as sent: the signing string repeats them verbatim.
    raw_created: str | None = field(default=None, repr=False)
    raw_expires: str | None = field(default=None, repr=False)


# -- keys ---------------------------------------------------------------------------------------


def generate_keypair() -> tuple[str, str]:
    """A new actor key: (PKCS#8 PEM private, SubjectPublicKeyInfo PEM public), RSA-2048.

    RSA-2048 because it is what every fediverse server can verify (Mastodon has no other kind).
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode("ascii")
    public_pem = (
        key.public_key()
        .public_bytes(
            encoding=serialization.Encoding.PEM,
            format=serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode("ascii")
    )
    return private_pem, public_pem


@lru_cache(maxsize=256)
def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    """Parse a local actor's private key once per process: parsing costs far more than signing."""
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"actor keys are RSA, got {type(key).__name__}")
    return key


@lru_cache(maxsize=2048)
def load_public_key(pem: str) -> rsa.RSAPublicKey:
    """Parse a remote actor's `publicKeyPem` once per process (an active peer signs every POST).

    Raises SignatureError: the text comes from a remote document, so a bad one is the remote's
    fault, not ours. Failures are not cached (lru_cache does not keep exceptions).
    """
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError, UnsupportedAlgorithm) as error:
        raise SignatureError("the actor's public key is not a readable PEM key") from error
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError(f"only RSA actor keys are supported, got {type(key).__name__}")
    return key


# -- digests ------------------------------------------------------------------------------------


def digest_header(body: bytes) -> str:
    """The `Digest` header value (RFC 3230) for a body, as Mastodon sends and expects it."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def _decode_b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise SignatureError(f"{what} is not valid base64") from error


def check_digest(value: str, body: bytes) -> None:
    """Refuse a `Digest` header that offers no SHA-256 or whose SHA-256 is not the body's.

    Algorithm names are case-insensitive (RFC 3230 section 4.1.1); other algorithms offered
    beside SHA-256 are ignored, as Mastodon does.
    """
    offered: dict[str, str] = {}
    for item in value.split(","):
        name, sep, digest = item.strip().partition("=")
        if sep:
            offered.setdefault(name.strip().lower(), digest)
    if "sha-256" not in offered:
        names = ", ".join(sorted(offered)) or "none"
        raise SignatureError(f"Digest header offers no SHA-256 (offered: {names})")
    given = _decode_b64(offered["sha-256"], "Digest header value")
    if not hmac.compare_digest(given, hashlib.sha256(body).digest()):
        raise SignatureError("Digest header does not match the body")


def check_content_digest(value: str, body: bytes) -> None:
    """Refuse an RFC 9530 `Content-Digest` whose sha-256 member is not the body's.

    Optional extra: a sender using the newer header alongside `Digest` must not contradict it.
    A header without a sha-256 member says nothing we can check and is ignored.
    """
    for item in value.split(","):
        name, sep, member = item.strip().partition("=")
        if not sep or name.strip().lower() != "sha-256":
            continue
        member = member.strip()
        if len(member) < 2 or member[0] != ":" or member[-1] != ":":
            raise SignatureError("Content-Digest sha-256 member is not a :base64: byte sequence")
        given = _decode_b64(member[1:-1], "Content-Digest header value")
        if not hmac.compare_digest(given, hashlib.sha256(body).digest()):
            raise SignatureError("Content-Digest header does not match the body")


# -- the Signature header -----------------------------------------------------------------------


def _timestamp(params: dict[str, str], name: str) -> tuple[datetime | None, str | None]:
    raw = params.get(name)
    if raw is None:
        return None, None
    try:
        if not _TIMESTAMP.fullmatch(raw):
            raise ValueError(raw)
        return datetime.fromtimestamp(float(raw), tz=UTC), raw
    except (ValueError, OverflowError, OSError) as error:
        raise SignatureError(f"Signature parameter {name} is not a Unix timestamp") from error


def parse_signature_header(value: str) -> SignatureParams:
    """Parse `keyId="…",algorithm="…",headers="…",signature="…"` defensively.

    Values may be tokens or quoted strings (which may hold commas and backslash escapes);
    parameter names are matched case-insensitively; unknown parameters are ignored (draft-12
    section 2.2); a repeated parameter is refused, since two parsers could pick different
    copies. Defaults follow draft-12: algorithm hs2019, headers "(created)".
    """
    if len(value) > MAX_SIGNATURE_HEADER_LENGTH:
        raise SignatureError(
            f"Signature header too long ({len(value)} > {MAX_SIGNATURE_HEADER_LENGTH} characters)"
        )
    text = value.strip()
    # Old node-http-signature wrote the Authorization scheme into the Signature header too.
    if text[:10].lower() == "signature ":
        text = text[10:]
    params: dict[str, str] = {}
    position = 0
    while True:
        match = _PARAM.match(text, position)
        if match is None:
            raise SignatureError(f"malformed Signature header near character {position}")
        name = match.group(1).lower()
        quoted, token = match.group(2), match.group(3)
        if name in params:
            raise SignatureError(f"malformed Signature header: {name} given twice")
        params[name] = _QUOTED_PAIR.sub(r"\1", quoted) if quoted is not None else token
        position = match.end()
        if position == len(text):
            break
        if text[position] != ",":
            raise SignatureError(f"malformed Signature header near character {position}")
        position += 1

    key_id = params.get("keyid", "")
    if not key_id:
        raise SignatureError("Signature header has no keyId")
    if not params.get("signature"):
        raise SignatureError("Signature header has no signature")
    signature = _decode_b64(params["signature"], "signature")
    names = tuple(params.get("headers", CREATED).lower().split())
    if not names:
        raise SignatureError("Signature header lists no signed headers")
    created, raw_created = _timestamp(params, "created")
    expires, raw_expires = _timestamp(params, "expires")
    return SignatureParams(
        key_id=key_id,
        algorithm=params.get("algorithm", "hs2019").lower(),
        headers=names,
        signature=signature,
        created=created,
        expires=expires,
        raw_created=raw_created,
        raw_expires=raw_expires,
    )


# -- the signing string -------------------------------------------------------------------------


def _header_index(headers: Mapping[str, str | Iterable[str]]) -> dict[str, str]:
    """Lower-cased names; several instances joined with ", " in order (draft-12 section 2.3)."""
    index: dict[str, list[str]] = {}
    for name, value in headers.items():
        values = [value] if isinstance(value, str) else list(value)
        index.setdefault(name.lower(), []).extend(v.strip() for v in values)
    return {name: ", ".join(values) for name, values in index.items()}


def signing_string(
    method: str,
    path_with_query: str,
    headers: Mapping[str, str | Iterable[str]],
    signed_headers: Iterable[str],
    params: SignatureParams | None = None,
) -> str:
    """The text that is signed, built exactly as draft-cavage-12 section 2.3 says.

    One `name: value` line per signed header, names lower-cased, values trimmed, lines joined
    with "\\n" and no final newline; `(request-target)` is the lower-cased method, a space and
    the path with its query; `(created)`/`(expires)` repeat the Signature parameters verbatim.
    A signed header absent from the request is an error, never an empty line.
    """
    index = _header_index(headers)
    lines = []
    for name in signed_headers:
        name = name.lower()
        if name == REQUEST_TARGET:
            lines.append(f"{REQUEST_TARGET}: {method.lower()} {path_with_query}")
        elif name in (CREATED, EXPIRES):
            raw = None
            if params is not None:
                raw = params.raw_created if name == CREATED else params.raw_expires
            if raw is None:
                raise SignatureError(f"{name} is signed but the Signature header has no value")
            lines.append(f"{name}: {raw}")
        elif name in index:
            lines.append(f"{name}: {index[name]}")
        else:
            raise SignatureError(f"signed header {name!r} is missing from the request")
    return "\n".join(lines)


# -- signing ------------------------------------------------------------------------------------


def http_date(moment: datetime) -> str:
    """IMF-fixdate (RFC 9110 section 5.6.7), the only Date form every peer parses."""
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def sign_request(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    key_id: str,
    private_key: rsa.RSAPrivateKey,
    *,
    now: datetime | None = None,
) -> dict[str, str]:
    """The headers to send: the caller's, plus Host, Date, Digest (with a body) and Signature.

    Signs `(request-target) host date digest` (no digest without a body), rsa-sha256, exactly
    the set Mastodon sends, so any peer that talks to Mastodon accepts us. A caller's own
    Host, Date, Digest or Signature header is replaced. `now` fixes the Date for tests.
    """
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise TypeError("private_key must be an RSA private key (see load_private_key)")
    if any(c in key_id for c in '"\\') or any(ord(c) < 0x20 or ord(c) == 0x7F for c in key_id):
        raise ValueError("key_id cannot hold quotes, backslashes or control characters")
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        raise ValueError(f"cannot sign a request to {url!r}: not an absolute URL")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    own = {"host", "date", "digest", "signature"}
    out = {name: value for name, value in headers.items() if name.lower() not in own}
    out["Host"] = parts.netloc.rpartition("@")[2]
    out["Date"] = http_date(now or datetime.now(UTC))
    names = [REQUEST_TARGET, "host", "date"]
    if body is not None:
        out["Digest"] = digest_header(body)
        names.append("digest")
    text = signing_string(method, target, out, names)
    signature = private_key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    out["Signature"] = (
        f'keyId="{key_id}",algorithm="{SIGNING_ALGORITHM}",headers="{" ".join(names)}",'
        f'signature="{base64.b64encode(signature).decode("ascii")}"'
    )
    return out


# -- verifying ----------------------------------------------------------------------------------


def _parse_http_date(value: str) -> datetime:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError) as error:
        raise SignatureError(f"Date header is not a valid HTTP date: {value[:64]!r}") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_time_window(
    params: SignatureParams, index: dict[str, str], now: datetime, clock_skew: timedelta
) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    # Only signed values count: an unsigned `created` or `expires` parameter could be rewritten
    # by anyone replaying the request (Mastodon honours an unsigned `expires`; we do not).
    date = None
    if "date" in params.headers:
        # Present: check_request refused a signed header missing from the request.
        date = _parse_http_date(index["date"])
    if CREATED in params.headers and params.created is not None:
        created = params.created
    elif date is not None:
        created = date
    else:
        raise SignatureError("the signature covers neither date nor (created)")
    if created > now + clock_skew:
        raise SignatureError(f"Date is in the future ({http_date(created)})")
    expires = params.expires if EXPIRES in params.headers else None
    expires = expires or created + DEFAULT_LIFETIME
    expires = min(expires, created + EXPIRATION_WINDOW_LIMIT)
    if now > expires + clock_skew:
        raise SignatureError(f"Date is too old, the signature has expired ({http_date(created)})")


def check_request(
    method: str,
    path_with_query: str,
    headers: Mapping[str, str | Iterable[str]],
    body: bytes,
    now: datetime,
    *,
    clock_skew: timedelta = CLOCK_SKEW_MARGIN,
) -> SignatureParams:
    """Every check but the RSA one: what can be refused before fetching the actor's key.

    `path_with_query` is the request line's target as received (Django: get_full_path());
    `headers` is looked up case-insensitively (Django's request.headers is fine).
    """
    index = _header_index(headers)
    if "signature" not in index:
        raise SignatureError("request is not signed (no Signature header)")
    if "signature-input" in index:  # RFC 9421 (federation/protocol/message_signatures.py)
        return _rfc9421().check_request(
            method, path_with_query, headers, body, now, clock_skew=clock_skew
        )
    params = parse_signature_header(index["signature"])
    if params.algorithm not in ACCEPTED_ALGORITHMS:
        raise SignatureError(
            f"unsupported signature algorithm {params.algorithm[:32]!r} "
            "(only rsa-sha256 and hs2019 are accepted)"
        )
    for name, value in ((CREATED, params.created), (EXPIRES, params.expires)):
        if name in params.headers:
            # draft-12 section 2.3: (created) and (expires) are an error with rsa-* algorithms.
            if params.algorithm != "hs2019":
                raise SignatureError(f"{name} cannot be signed with {params.algorithm}")
            if value is None:
                raise SignatureError(f"{name} is signed but the Signature header has no value")

    required = list(REQUIRED_FOR_ALL)
    if method.upper() not in BODYLESS_METHODS:
        required.append("digest")
    for name in required:
        if name not in params.headers:
            raise SignatureError(f"the signature does not cover {name}")
    if "date" not in params.headers and CREATED not in params.headers:
        raise SignatureError("the signature does not cover date (nor (created))")
    for name in params.headers:
        if name not in (REQUEST_TARGET, CREATED, EXPIRES) and name not in index:
            if name == "digest":
                raise SignatureError("Digest header missing, though the signature covers it")
            raise SignatureError(f"signed header {name!r} is missing from the request")

    _check_time_window(params, index, now, clock_skew)
    if "digest" in params.headers:
        check_digest(index["digest"], body)
    if "content-digest" in index:
        check_content_digest(index["content-digest"], body)
    return params


def verify_request(
    method: str,
    path_with_query: str,
    headers: Mapping[str, str | Iterable[str]],
    body: bytes,
    public_key_pem: str,
    now: datetime,
    *,
    clock_skew: timedelta = CLOCK_SKEW_MARGIN,
    scheme: str = "https",
) -> SignatureParams:
    """Check a request entirely and return its parsed signature, or raise SignatureError.

    The caller must still check that `key_id` belongs to the actor the activity claims to be
    from: this function only proves that the holder of this key signed this request.
    `scheme` (this node's) only matters to an RFC 9421 signature covering @target-uri.
    """
    if "signature-input" in _header_index(headers):
        return _rfc9421().verify_request(
            method,
            path_with_query,
            headers,
            body,
            public_key_pem,
            now,
            clock_skew=clock_skew,
            scheme=scheme,
        )
    params = check_request(method, path_with_query, headers, body, now, clock_skew=clock_skew)
    key = load_public_key(public_key_pem)
    text = signing_string(method, path_with_query, headers, params.headers, params)
    try:
        key.verify(params.signature, text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as error:
        raise SignatureMismatch(
            f"signature does not match the request for key {params.key_id[:200]}"
        ) from error
    return params
