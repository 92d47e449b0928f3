"""The rights pages reach other nodes only through the mover the federation app registers."""

from __future__ import annotations

import pytest

from rights import moves
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_mover(monkeypatch):
    monkeypatch.setattr(moves, "_movers", [])


def test_the_federation_app_registers_its_mover():
    from federation.incoming import account_moves

    assert moves._movers == [account_moves]


def test_without_a_mover_the_alias_page_says_moving_is_not_available(person, no_mover):
    response = client_for(person).post("/me/aliases/", {"handle": "rosa@new.example"})
    assert response.status_code == 400
    assert "not available on this node" in response.content.decode()
    person.refresh_from_db()
    assert person.also_known_as == []


def test_without_a_mover_the_move_page_changes_nothing(person, no_mover):
    response = client_for(person).post(
        "/me/move/", {"handle": "rosa@new.example", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "not available on this node" in response.content.decode()
    person.refresh_from_db()
    assert person.moved_to == ""
