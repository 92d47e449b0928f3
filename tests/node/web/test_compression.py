"""Pages and style sheets travel compressed: phones on slow, paid data."""

from __future__ import annotations

import gzip

from django.core.management import call_command
from django.test import RequestFactory

from node.web.static_files import CollectedFirstWhiteNoiseMiddleware


def test_pages_are_gzipped_for_browsers_that_accept_it(client, db):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assert "Every experience counts." in page
    assert len(response.content) < len(page.encode()) / 2


def test_pages_are_plain_for_browsers_that_do_not(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert not response.has_header("Content-Encoding")
    assert "Every experience counts." in response.content.decode()


def static_answer(settings, accept: str):
    middleware = CollectedFirstWhiteNoiseMiddleware(lambda request: None, settings=settings)
    request = RequestFactory().get("/static/tremplin/site.css", HTTP_ACCEPT_ENCODING=accept)
    return middleware(request)


def test_collected_style_sheets_are_served_gzipped(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "tremplin" / "site.css.gz").exists()
    response = static_answer(settings, "gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    css = gzip.decompress(b"".join(response.streaming_content)).decode()
    assert ".skip-link" in css


def test_without_collectstatic_the_apps_style_sheet_is_still_served(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "empty"
    (tmp_path / "empty").mkdir()
    response = static_answer(settings, "gzip")
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert b".skip-link" in b"".join(response.streaming_content)
