"""A person's words carry their language; the interface around them keeps the page's.

A screen reader reads each text with the right voice: a Spanish headline in Spanish, the
"1 follower" beside it in the visitor's language."""

from __future__ import annotations

from html.parser import HTMLParser

from profiles import publishing
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience
from tests.jobs.conftest import make_offer, organisation, owner  # noqa: F401 (fixtures)

VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "embed"}


class TextLanguages(HTMLParser):
    """Each piece of text with the language it is read in (the nearest lang attribute)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append(lang if lang is not None else (self.stack[-1] if self.stack else ""))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data.strip(), self.stack[-1] if self.stack else ""))


def language_of(page: str, text: str) -> str:
    parser = TextLanguages()
    parser.feed(page)
    found = [lang for piece, lang in parser.texts if text in piece]
    assert found, f"{text!r} not in the page"
    return found[0]


def test_a_profile_marks_the_persons_words_and_not_the_interface(person):
    publishing.save_profile_draft(
        person,
        {
            "display_name": "Alice",
            "headline": "Camarera en Sevilla",
            "territory": "Sevilla",
            "about": "Me gusta el trabajo en equipo.",
            "languages_spoken": ["es"],
            "language": "es",
        },
    )
    publishing.publish_profile(person, Visibility.PUBLIC)
    page = client_for(None).get(f"/@{person.handle}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert language_of(page, "Camarera en Sevilla") == "es"
    assert language_of(page, "Me gusta el trabajo en equipo.") == "es"
    assert language_of(page, "Speaks:") == "en"
    assert language_of(page, "follower") == "en"


def test_a_story_marks_its_parts_and_not_their_headings(person):
    experience = make_experience(person, language="es", what_i_did="Serví las mesas.")
    page = client_for(None).get(experience.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert language_of(page.content.decode(), "Serví las mesas.") == "es"


def test_an_offer_card_marks_the_offer_not_its_labels(organisation):  # noqa: F811
    make_offer(organisation, title="Commis de cuisine", language="fr")
    page = client_for(None).get("/offers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert language_of(page, "Commis de cuisine") == "fr"
    assert language_of(page, "No diploma required") == "en"
