"""French is complete: every message of the interface has a French text."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

FRENCH = Path(settings.BASE_DIR) / "node" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def entries(path: Path) -> list[str]:
    return [block for block in path.read_text(encoding="utf-8").split("\n\n") if "msgid" in block]


def test_every_french_message_is_translated_and_none_is_fuzzy():
    missing = []
    for block in entries(FRENCH)[1:]:  # the first block is the header
        if block.lstrip().startswith("#~"):
            continue  # obsolete, not shown
        if "#, fuzzy" in block:
            missing.append(block)
            continue
        translations = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        if not translations or any(t.replace('"', "").strip() == "" for t in translations):
            missing.append(block)
    assert not missing, "untranslated French messages:\n" + "\n\n".join(missing[:5])


def test_the_french_interface_is_served_from_the_compiled_catalogue(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Chaque expérience compte." in page
