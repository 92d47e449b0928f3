"""A peer's experience through the real inbox: words intact, its warning and attachments kept
and shown on its page and its card, as a reader sees them."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from federation.protocol.context import DOCUMENT_CONTEXT
from federation.worker import run_single_cycle
from profiles import following
from profiles.models import Experience
from tests.conftest import client_for, make_person
from tests.federation.helpers import make_remote_actor
from tests.federation.test_inbox import ACTOR, PEER, activity, post

pytestmark = pytest.mark.django_db
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def article(**changes: object) -> dict:
    """A Tremplin peer's experience, as its serializer writes it, with a warning and media."""
    body = {
        "@context": DOCUMENT_CONTEXT,
        "id": f"{ACTOR}/experiences/7",
        "type": "Article",
        "attributedTo": ACTOR,
        "name": "Stage en R&amp;D",
        "experienceKind": "internship",
        "startDate": "2024-02",
        "whatIDid": {
            "fr": "<p>J&#x27;ai testé des prototypes en R&amp;D.<br />Puis j&#39;ai tout rangé."
            "<script>alert('vol')</script></p>"
        },
        "content": "<p>J&#x27;ai testé des prototypes en R&amp;D.</p>",
        "contentMap": {"fr": "<p>J&#x27;ai testé des prototypes en R&amp;D.</p>"},
        "summary": "Accident de travail",
        "sensitive": True,
        "attachment": [
            {
                "type": "Document",
                "mediaType": "image/jpeg",
                "url": "https://files.peer.example/atelier.jpg",
                "name": "L'atelier",
            },
            {"type": "Document", "mediaType": "application/pdf", "url": "javascript:alert(1)"},
            {
                "type": "Document",
                "mediaType": "application/pdf",
                "url": "https://files.peer.example/rapport%20final.pdf",
            },
        ],
        "published": "2024-06-01T10:00:00Z",
        "to": [PUBLIC],
        "cc": [f"{ACTOR}/followers"],
    }
    body.update(changes)
    return body


@pytest.fixture
def followed_peer(db: None):
    actor = make_remote_actor()
    reader = make_person("mila")
    following.accept(following.follow(reader, actor.profile))
    return reader


def receive(document: dict, number: int = 1) -> Experience:
    sent = activity(id=f"{PEER}/activities/x{number}", type="Create", object=document)
    assert post(Client(), sent) == 202
    run_single_cycle()
    return Experience.objects.get()


def visible_text(page: str) -> str:
    """What a browser shows of the page's markup: entities decoded once."""
    return html.unescape(page)


def test_a_peers_words_arrive_intact_line_breaks_kept_and_script_text_dropped(followed_peer):
    experience = receive(article())
    assert experience.published.title == "Stage en R&D"
    assert experience.published.what_i_did == (
        "J'ai testé des prototypes en R&D.\nPuis j'ai tout rangé."
    )
    shown = visible_text(Client().get(experience.get_absolute_url()).content.decode())
    assert "J'ai testé des prototypes en R&D." in shown
    assert "Stage en R&D" in shown
    assert "&#x27;" not in shown and "&amp;" not in shown and "alert" not in shown


def test_the_warning_and_the_attachments_are_kept_on_the_experience(followed_peer):
    experience = receive(article())
    assert experience.content_warning == "Accident de travail"
    assert experience.sensitive is True
    assert [a["url"] for a in experience.attachments] == [
        "https://files.peer.example/atelier.jpg",
        "https://files.peer.example/rapport%20final.pdf",
    ]


def test_the_page_and_the_card_show_the_warning_collapsed_and_the_attachments_as_links(
    followed_peer,
):
    experience = receive(article())
    for path in (experience.get_absolute_url(), "/explore/", "/feed/"):
        page = client_for(followed_peer).get(path).content.decode()
        assert '<details class="content-warning">' in page, path
        # The warning is the author's words: marked with their language, not the summary.
        assert (
            'data-show="Show" data-hide="Hide"><span lang="fr">Accident de travail</span></summary>'
        ) in page, path
        assert '<details class="content-warning" open' not in page
        details = page.split('<details class="content-warning">', 1)[1].split("</details>")[0]
        assert "prototypes" in details  # the words are behind the warning, not before it
        assert '<ul class="attachments"' in details
        assert (
            '<a href="https://files.peer.example/atelier.jpg" rel="nofollow noopener ugc">'
            "L&#x27;atelier</a> (image)"
        ) in details
        assert "rapport final.pdf</a> (document)" in details
        assert "javascript" not in page


def test_without_a_warning_the_words_are_shown_directly(followed_peer):
    experience = receive(article(summary=None, sensitive=False, attachment=None))
    assert (experience.content_warning, experience.sensitive, experience.attachments) == (
        "",
        False,
        [],
    )
    page = Client().get(experience.get_absolute_url()).content.decode()
    assert "content-warning" not in page and 'class="attachments"' not in page
    assert "prototypes" in page


def test_an_update_changes_the_warning_too(followed_peer):
    receive(article())
    update = activity(
        id=f"{PEER}/activities/u1",
        type="Update",
        object=article(
            summary="Attention : blessure",
            attachment={"type": "Image", "url": "https://files.peer.example/b.png"},
        ),
    )
    assert post(Client(), update) == 202
    run_single_cycle()
    experience = Experience.objects.get()
    assert experience.content_warning == "Attention : blessure"
    assert [a["type"] for a in experience.attachments] == ["image"]
