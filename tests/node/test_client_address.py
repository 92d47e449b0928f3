"""Rate limits see the visitor, not the nginx in front: X-Forwarded-For is believed only
from a trusted proxy (TREMPLIN_TRUSTED_PROXIES), through the real sign-up and log-in pages."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from node.accounts.models import User
from node.ratelimit import client_ip
from tests.conftest import PASSWORD
from tests.node.test_accounts import signup_data

pytestmark = pytest.mark.django_db


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_a_direct_client_is_its_own_address_whatever_it_claims():
    assert address("203.0.113.5") == "203.0.113.5"
    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"


def test_behind_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client():
    assert address("127.0.0.1", "198.51.100.1") == "198.51.100.1"
    # The client wrote the left part itself; only what our proxy appended is believed.
    assert address("127.0.0.1", "10.9.9.9, 198.51.100.1") == "198.51.100.1"
    assert address("::1", "2001:db8::7") == "2001:db8::7"


def test_a_chain_of_trusted_proxies_is_walked_through(settings):
    settings.TREMPLIN_TRUSTED_PROXIES = "127.0.0.1/32,10.0.0.0/8"
    assert address("127.0.0.1", "198.51.100.1, 10.0.0.4") == "198.51.100.1"
    assert address("10.0.0.4", "198.51.100.1") == "198.51.100.1"
    assert address("127.0.0.1", "10.0.0.7") == "10.0.0.7"  # only proxies: the first one


@pytest.mark.parametrize("junk", ["", "not-an-address", "198.51.100.1:4000", "1.2.3.4, ", ","])
def test_a_header_that_cannot_be_read_gives_the_proxys_address(junk):
    assert address("127.0.0.1", junk) == "127.0.0.1"


def test_no_proxy_trusted_means_no_header_believed(settings):
    settings.TREMPLIN_TRUSTED_PROXIES = ""
    assert address("127.0.0.1", "198.51.100.1") == "127.0.0.1"


def limits(settings, **values: str) -> None:
    settings.TREMPLIN_RATE_LIMITS = {**settings.TREMPLIN_RATE_LIMITS, **values}


def sign_up(client: Client, n: int, **extra: str) -> int:
    data = signup_data(username=f"young{n}", email=f"young{n}@example.org")
    return client.post("/accounts/signup/", data, **extra).status_code


def test_two_visitors_behind_the_proxy_have_their_own_sign_up_budget(settings):
    limits(settings, signup_ip="1/3600")
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    assert sign_up(proxy, 1, HTTP_X_FORWARDED_FOR="198.51.100.1") == 302
    proxy.logout()
    assert sign_up(proxy, 2, HTTP_X_FORWARDED_FOR="198.51.100.2") == 302
    proxy.logout()
    assert sign_up(proxy, 3, HTTP_X_FORWARDED_FOR="198.51.100.1") == 429
    assert User.objects.filter(username__startswith="young").count() == 2


def test_a_direct_client_cannot_buy_budget_with_a_forged_header(settings):
    limits(settings, signup_ip="1/3600")
    direct = Client(REMOTE_ADDR="203.0.113.5")
    assert sign_up(direct, 1, HTTP_X_FORWARDED_FOR="198.51.100.1") == 302
    direct.logout()
    assert sign_up(direct, 2, HTTP_X_FORWARDED_FOR="198.51.100.2") == 429


def test_log_in_attempts_are_counted_per_visitor_behind_the_proxy(settings, person):
    limits(settings, login_ip="1/300", login_user="100/300")
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    wrong = {"username": "alice", "password": "nope"}
    assert proxy.post("/accounts/login/", wrong, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
    right = {"username": "alice", "password": PASSWORD}
    refused = proxy.post("/accounts/login/", right, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert refused.status_code == 429
    other = proxy.post("/accounts/login/", right, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302


def test_the_admin_log_in_is_limited_like_the_sites(settings, db):
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    limits(settings, login_ip="100/300", login_user="2/300")
    client = Client()
    for _ in range(2):
        wrong = client.post("/admin/login/", {"username": "root", "password": "nope"})
        assert wrong.status_code == 200
    refused = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many log-in attempts" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_the_admin_and_site_log_ins_share_one_budget_per_address(settings, db):
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    limits(settings, login_ip="2/300", login_user="100/300")
    client = Client(REMOTE_ADDR="203.0.113.5")
    client.post("/accounts/login/", {"username": "x1", "password": "nope"})
    client.post("/admin/login/", {"username": "x2", "password": "nope"})
    refused = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert refused.status_code == 429
    ok = Client(REMOTE_ADDR="203.0.113.6").post(
        "/admin/login/", {"username": "root", "password": PASSWORD}
    )
    assert ok.status_code == 302


def test_every_later_reader_of_the_request_sees_the_visitor(db):
    """REMOTE_ADDR is rewritten for the rest of the request (the access log reads it)."""
    response = Client(REMOTE_ADDR="127.0.0.1").get("/about/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.wsgi_request.META["REMOTE_ADDR"] == "198.51.100.1"
    assert response.wsgi_request.META["TREMPLIN_PROXY_ADDR"] == "127.0.0.1"
    direct = Client(REMOTE_ADDR="203.0.113.5").get("/about/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert direct.wsgi_request.META["REMOTE_ADDR"] == "203.0.113.5"
