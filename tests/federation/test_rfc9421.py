"""Peers that sign with RFC 9421 HTTP Message Signatures are heard, through the same gate."""

from __future__ import annotations

import json
import time

import pytest
from django.conf import settings

from federation.models import DomainRule, InboxItem
from federation.protocol.message_signatures import StructuredFieldError, parse_dictionary
from federation.protocol.signatures import generate_keypair, load_private_key
from federation.worker import run_single_cycle
from profiles.models import Follow
from tests.federation import rfc9421
from tests.federation.helpers import make_remote_actor
from tests.federation.test_authorized_fetch import ap_headers, set_authorized_fetch
from tests.federation.test_inbox import ACTOR, PRIVATE_PEM, activity

pytestmark = pytest.mark.django_db
KEY_ID = f"{ACTOR}#main-key"


@pytest.fixture
def remote_actor(db: None):
    return make_remote_actor()


def meta(headers: dict[str, str]) -> dict[str, str]:
    return {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}


def post_9421(client, body: bytes, *, tamper: bool = False, key: str = PRIVATE_PEM, **options):
    url = f"{settings.TREMPLIN_SCHEME}://testserver/inbox/"
    headers = rfc9421.sign("POST", url, body, KEY_ID, load_private_key(key), **options)
    if tamper:
        body = body.replace(b"Follow", b"Block")
    return client.post(
        "/inbox/", data=body, content_type="application/activity+json", **meta(headers)
    )


def test_a_follow_signed_with_rfc9421_is_accepted_and_processed(client, person, remote_actor):
    answer = post_9421(client, json.dumps(activity()).encode())
    assert answer.status_code == 202, answer.content
    run_single_cycle()
    assert Follow.objects.get(followed=person).follower == remote_actor.profile


def test_the_path_form_and_no_alg_are_accepted_too(client, person, remote_actor):
    components = ("@method", "@path", "@authority", "content-digest")
    answer = post_9421(client, json.dumps(activity()).encode(), components=components, alg=None)
    assert answer.status_code == 202, answer.content


def test_a_body_changed_after_signing_is_refused_by_its_content_digest(
    client, person, remote_actor
):
    answer = post_9421(client, json.dumps(activity()).encode(), tamper=True)
    assert answer.status_code == 401
    assert "Content-Digest" in answer.json()["error"]
    assert InboxItem.objects.count() == 0


def test_a_signature_by_another_key_is_refused(client, person, remote_actor):
    other, _public = generate_keypair()
    answer = post_9421(client, json.dumps(activity()).encode(), key=other)
    assert answer.status_code == 401  # after one refetch of the key (which fails here)
    assert InboxItem.objects.count() == 0


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"components": ("@method", "@target-uri", "@authority")}, "content-digest"),
        ({"components": ("@target-uri", "@authority", "content-digest")}, "@method"),
        ({"created": int(time.time()) - 3 * 3600}, "expired"),
        ({"created": int(time.time()) + 3 * 3600}, "future"),
        ({"alg": "hmac-sha256"}, "algorithm"),
    ],
)
def test_what_the_signature_leaves_out_or_gets_wrong_is_refused_with_a_reason(
    client, person, remote_actor, options, reason
):
    answer = post_9421(client, json.dumps(activity()).encode(), **options)
    assert answer.status_code == 401
    assert reason in answer.json()["error"]


def test_a_blocked_domain_signing_with_rfc9421_is_refused(client, person, remote_actor):
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.BLOCK)
    answer = post_9421(client, json.dumps(activity()).encode())
    assert answer.status_code == 403
    assert InboxItem.objects.count() == 0


def test_authorized_fetch_accepts_a_get_signed_with_rfc9421(client, person, remote_actor):
    set_authorized_fetch(True)
    url = f"{settings.TREMPLIN_SCHEME}://testserver/@alice/"
    headers = rfc9421.sign("GET", url, None, KEY_ID, load_private_key(PRIVATE_PEM))
    answer = client.get("/@alice/", **ap_headers(headers))
    assert answer.status_code == 200
    assert answer.json()["preferredUsername"] == "alice"
    other, _public = generate_keypair()
    forged = rfc9421.sign("GET", url, None, KEY_ID, load_private_key(other))
    assert client.get("/@alice/", **ap_headers(forged)).status_code == 401


def test_the_structured_field_parser_reads_what_signers_send():
    members = parse_dictionary(
        'sig1=("@method" "@target-uri");created=1700000000;keyid="https://a.example/k,1", '
        "sig2=:AQID:"
    )
    inner, raw = members["sig1"]
    assert [item.value for item in inner.value] == ["@method", "@target-uri"]
    assert inner.params == {"created": 1700000000, "keyid": "https://a.example/k,1"}
    assert raw == '("@method" "@target-uri");created=1700000000;keyid="https://a.example/k,1"'
    assert members["sig2"][0].value == b"\x01\x02\x03"
    for broken in ('sig1=("@method"', "sig1=:not base64!:", 'sig1="unterminated', "a=1,"):
        with pytest.raises(StructuredFieldError):
            parse_dictionary(broken)
