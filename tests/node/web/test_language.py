"""The interface language: the visitor's choice, else their browser's, else the node's (French
by default, never English by accident); switchable from the header of every page."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TREMPLIN = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "tremplin"


def html_lang(response) -> str:
    page = response.content.decode()
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_without_a_browser_language_the_page_speaks_the_nodes_language(client, db, settings):
    settings.LANGUAGE_CODE = "fr"
    assert html_lang(client.get("/")) == "fr"
    settings.LANGUAGE_CODE = "ca"
    assert html_lang(client.get("/")) == "ca"


def test_the_browsers_language_wins_over_the_nodes(client, db, settings):
    settings.LANGUAGE_CODE = "fr"
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="ro-RO,ro;q=0.9")) == "ro"


def test_a_browser_language_the_node_does_not_speak_falls_back_to_the_nodes(client, db, settings):
    settings.LANGUAGE_CODE = "fr"
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")) == "fr"


def test_the_header_switches_the_language_and_it_is_remembered(client, db):
    page = client.get("/explore/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'href="/language/ca/?next=/explore/"' in header
    assert 'lang="ca"' in header and "Català" in header
    switched = client.get("/language/ca/?next=/explore/")
    assert switched.status_code == 302 and switched["Location"] == "/explore/"
    assert html_lang(client.get("/explore/", HTTP_ACCEPT_LANGUAGE="en")) == "ca"


def test_a_node_speaks_french_unless_told_otherwise(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TREMPLIN_LANGUAGE"}
    env.update(TREMPLIN_DATA_DIR=str(tmp_path))
    code = "from django.conf import settings; print(settings.LANGUAGE_CODE)"
    run = subprocess.run(
        [str(TREMPLIN), "shell", "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.stdout.split()[-1] == "fr", run.stderr
    env["TREMPLIN_LANGUAGE"] = "it"
    run = subprocess.run(
        [str(TREMPLIN), "shell", "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.stdout.split()[-1] == "it", run.stderr
