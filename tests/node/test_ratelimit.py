"""Rate limits through the real pages: log-in, sign-up, inbox per remote host, contact."""

from __future__ import annotations

import pytest
from django.test import Client

from contact.models import Conversation
from federation.models import InboxItem
from federation.protocol.signatures import generate_keypair
from node import ratelimit
from node.accounts.models import User
from tests.conftest import PASSWORD, client_for, make_person
from tests.contact.conftest import make_organisation
from tests.federation.helpers import actor_document, serve_actors
from tests.federation.test_inbox import activity, post, remote_actor  # noqa: F401
from tests.node.test_accounts import signup_data

pytestmark = pytest.mark.django_db


def test_parse_reads_hits_and_window():
    assert ratelimit.parse("30/300") == ratelimit.Limit(30, 300)
    assert ratelimit.parse("5") == ratelimit.Limit(5, 60)


def test_hit_counts_per_key_and_says_how_long_to_wait():
    limit = ratelimit.Limit(2, 60)
    assert ratelimit.hit("t", "a", limit) == 0
    assert ratelimit.hit("t", "a", limit) == 0
    assert 1 <= ratelimit.hit("t", "a", limit) <= 60
    assert ratelimit.hit("t", "b", limit) == 0  # another key has its own count
    assert ratelimit.hit("u", "a", limit) == 0  # another scope too


def test_a_zero_limit_is_off():
    assert all(ratelimit.hit("t", "a", ratelimit.Limit(0, 60)) == 0 for _ in range(50))


def limits(settings, **values: str) -> None:
    settings.TREMPLIN_RATE_LIMITS = {**settings.TREMPLIN_RATE_LIMITS, **values}


def test_login_attempts_per_username_are_limited(settings, person):
    limits(settings, login_user="3/300", login_ip="100/300")
    client = Client()
    for _ in range(3):
        wrong = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
        assert wrong.status_code == 200
    refused = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many log-in attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session  # even the right password is not tried
    # Another username from the same address is still let in.
    make_person("bob")
    assert (
        client.post("/accounts/login/", {"username": "bob", "password": PASSWORD}).status_code
        == 302
    )


def test_login_attempts_per_address_are_limited(settings, person):
    limits(settings, login_user="100/300", login_ip="2/300")
    client = Client()
    for name in ("x1", "x2"):
        client.post("/accounts/login/", {"username": name, "password": "nope"})
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    ok = other_address.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert ok.status_code == 302


def test_showing_the_login_page_is_not_counted(settings, db):
    limits(settings, login_ip="1/300")
    client = Client()
    assert all(client.get("/accounts/login/").status_code == 200 for _ in range(5))


def test_signups_per_address_are_limited(settings, db):
    limits(settings, signup_ip="2/3600")
    client = Client()
    codes = []
    for n in range(3):
        client.logout()
        data = signup_data(username=f"young{n}", email=f"young{n}@example.org")
        codes.append(client.post("/accounts/signup/", data).status_code)
    assert codes == [302, 302, 429]
    assert not User.objects.filter(username="young2").exists()


def test_the_inbox_limits_each_remote_host(settings, client, person, remote_actor):  # noqa: F811
    limits(settings, inbox_host="3/60")
    codes = [post(client, activity(id=f"https://peer.example/activities/{n}")) for n in range(5)]
    assert codes == [202, 202, 202, 429, 429]
    assert InboxItem.objects.count() == 3


def test_forged_requests_naming_a_host_never_spend_its_budget(
    settings,
    monkeypatch,
    person,
    remote_actor,  # noqa: F811
):
    """300 requests signed with another key but naming the peer's keyId are charged to
    the address they come from; the peer itself is still heard."""
    limits(settings, inbox_host="5/60", inbox_unverified="10/60")
    fetched = serve_actors(monkeypatch, {remote_actor.uri: actor_document()})
    forger, forged_key = Client(REMOTE_ADDR="203.0.113.9"), generate_keypair()[0]
    codes = [
        post(forger, activity(id=f"https://peer.example/activities/f{n}"), key=forged_key)
        for n in range(300)
    ]
    assert set(codes[:10]) == {401} and set(codes[10:]) == {429}
    assert post(Client(), activity(id="https://peer.example/activities/real")) == 202
    assert InboxItem.objects.count() == 1
    assert len(fetched) == 1  # the key refetched once, not once per forgery


def test_a_verified_signer_is_charged_whatever_its_address(settings, person, remote_actor):  # noqa: F811
    limits(settings, inbox_host="1/60")
    first = Client(REMOTE_ADDR="198.51.100.1")
    assert post(first, activity(id="https://peer.example/activities/f")) == 202
    second = Client(REMOTE_ADDR="198.51.100.2")
    assert post(second, activity(id="https://peer.example/activities/g")) == 429


def test_the_inbox_refusal_says_why_and_when_to_retry(settings, client, person, remote_actor):  # noqa: F811
    limits(settings, inbox_host="0/60")
    assert post(client, activity()) == 202  # 0: no limit
    limits(settings, inbox_host="1/60")
    post(client, activity(id="https://peer.example/activities/2"))
    from tests.federation.test_inbox import PRIVATE_PEM, load_private_key, sign_request

    body = b'{"id": "https://peer.example/activities/3"}'
    headers = sign_request(
        "POST",
        "http://testserver/inbox/",
        {"Content-Type": "application/activity+json"},
        body,
        key_id="https://peer.example/users/rosa#main-key",
        private_key=load_private_key(PRIVATE_PEM),
    )
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"
    }
    response = client.post("/inbox/", data=body, content_type="application/activity+json", **extra)
    assert response.status_code == 429
    assert response.json()["error"].startswith("too many activities")
    assert int(response["Retry-After"]) >= 1


def test_contact_daily_limit_is_enforced_through_the_page(settings, db):
    settings.TREMPLIN_CONTACT_PER_DAY = 2
    organisation = make_organisation()
    from jobs.models import Membership

    recruiter = make_person("rita", role="organisation", birth=None)
    Membership.objects.create(organisation=organisation.organisation, user=recruiter.user)
    people = [make_person(f"young{n}") for n in range(3)]
    client = client_for(recruiter)
    message = {
        "organisation": organisation.pk,
        "subject": "Summer job",
        "body": "Hello, your experience caught our eye.",
        "language": "en",
    }
    responses = [client.post(f"/contact/@{p.handle}/", message) for p in people]
    assert [r.status_code for r in responses[:2]] == [302, 302]
    # Refused before writing (the page says so on GET too): a post past the limit is a 403.
    assert responses[2].status_code == 403
    assert "already started 2 conversations" in responses[2].content.decode()
    assert Conversation.objects.count() == 2
