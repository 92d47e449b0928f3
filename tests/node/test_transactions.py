"""No network call inside a database transaction: the guard every fetch, delivery and
email goes through (the tests run it strict)."""

from __future__ import annotations

import pytest
from django.db import transaction

from federation.peers.fetch import FetchError, fetch_json
from node.transactions import NetworkCallInTransaction, in_transaction

pytestmark = pytest.mark.django_db


def test_the_test_case_own_transaction_does_not_count():
    assert not in_transaction()
    with transaction.atomic():
        assert in_transaction()


def test_a_fetch_inside_a_transaction_is_refused_before_it_connects(settings):
    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = True
    with transaction.atomic(), pytest.raises(NetworkCallInTransaction, match="fetching http"):
        fetch_json("http://127.0.0.1:9/actor")


def test_outside_a_transaction_the_fetch_goes_out(settings):
    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = True
    with pytest.raises(FetchError):  # nothing listens on the discard port
        fetch_json("http://127.0.0.1:9/actor")


def test_in_production_it_is_logged_and_the_call_goes_on(settings, caplog):
    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = True
    settings.TREMPLIN_STRICT_TRANSACTIONS = False
    with transaction.atomic(), pytest.raises(FetchError):
        fetch_json("http://127.0.0.1:9/actor")
    assert "inside a database transaction" in caplog.text
