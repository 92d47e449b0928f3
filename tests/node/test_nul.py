"""A NUL character in a query string is a 400, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/people/?q=a%00b", "/explore/?q=%00", "/offers/?place%00=x"])
def test_a_nul_character_in_the_query_is_refused(client, path):
    answer = client.get(path)
    assert answer.status_code == 400
    assert "NUL character" in answer.content.decode()


def test_an_ordinary_search_still_works(client):
    assert client.get("/people/?q=l%C3%A9a").status_code == 200
