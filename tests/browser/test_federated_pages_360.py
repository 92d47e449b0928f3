"""The federated pages and blocks on a small phone (360 px wide), in French, as a
15-year-old sees them: comments, the comment policy, another node's posts, a mention,
likes and shares, content warnings and attachments, territories, the about page, a
gone page and the moderation counts.

Unlike the journeys, the data is seeded through the domain functions in the test
database and the pages are served by pytest-django's live server, so every block
has something to show. Screenshots land in /tmp/it11-shots/ for a person to look at,
and axe-core checks every page opened (tests/browser/accessibility.py).
"""

from __future__ import annotations

import datetime
import io
import os
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from federation.models import RefusedDirectMessages
from federation.peers.actors import sync_profile
from jobs import offers
from jobs.models import Offer
from network import comments
from network.models import Comment, Notification, NotificationKind, Post
from profiles import publishing
from profiles.models import Experience, Follow, FollowState, Profile, ProfileKind
from profiles.visibility import Visibility
from tests.browser.accessibility import failing, report, run_axe
from tests.browser.conftest import CHROMIUM_ARGS
from tests.conftest import make_person
from tests.federation.helpers import actor_document, make_remote_actor

# axe-core fails a page on any serious or critical violation. False only while known
# violations remain on these pages (each then gives a warning naming the rule and element).
AXE_ENFORCED = True
# Where the screenshots go, to be looked at: /tmp/it11-shots unless told otherwise.
SHOTS = Path(os.environ.get("TREMPLIN_SHOTS_DIR") or Path(tempfile.gettempdir()) / "it11-shots")
WIDTH = 360
# Tap targets: buttons, disclosure summaries, links styled as buttons.
TAP_TARGETS = "main button, main summary, main a.button, main input[type=submit]"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# --- the data -------------------------------------------------------------------------


def story(title: str, language: str = "fr", **changes: Any) -> dict[str, Any]:
    return {
        "kind": "summer_job",
        "title": title,
        "organisation": "Boulangerie du Marché",
        "place": "Villeurbanne",
        "start_year": 2024,
        "start_month": 7,
        "end_year": 2024,
        "end_month": 8,
        "what_i_did": "Je mettais les viennoiseries en rayon et je tenais la caisse le matin.",
        "responsibilities": "J'ouvrais la boutique avec la patronne.",
        "motivation": "",
        "learned": "Rendre la monnaie vite et sourire aux clients même à 7 h.",
        "language": language,
        **changes,
    }


def publish_experience(owner: Profile, title: str, **changes: Any) -> Experience:
    experience = publishing.save_experience_draft(owner, None, story(title, **changes), ["vente"])
    publishing.publish_experience(experience, Visibility.PUBLIC)
    experience.refresh_from_db()
    return experience


def fifteen_year_old() -> Profile:
    """Inès, 15, whose guardian consented: her profile and experience are public."""
    ines = make_person("ines", birth=(timezone.localdate().year - 15, 3))
    ines.guardian_consent_at = timezone.now()
    ines.save()
    publishing.save_profile_draft(
        ines,
        {
            "display_name": "Inès Moreau",
            "headline": "En seconde, cherche un stage d'observation",
            "about": "",
            "territory": "Villeurbanne",
            "languages_spoken": ["fr"],
            "language": "fr",
        },
    )
    publishing.publish_profile(ines, Visibility.PUBLIC)
    ines.refresh_from_db()
    return ines


def remote_comment(author: Profile, number: int, **fields: Any) -> Comment:
    return Comment.objects.create(
        author=author,
        ap_id=f"https://{author.domain}/users/{author.handle}/statuses/c{number}",
        url=f"https://{author.domain}/@{author.handle}/c{number}",
        language="fr",
        **fields,
    )


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """The demo node, a 15-year-old with a commented experience, another node's account
    (followed, with posts, a content-warned experience), a territory, a deleted offer."""
    call_command("load_demo", stdout=io.StringIO())
    lea = Profile.objects.get(handle="lea", domain="")
    ines = fifteen_year_old()
    Follow.objects.create(follower=ines, followed=lea, state=FollowState.ACCEPTED)

    rosa = make_remote_actor("rosa_boulangere_apprentie", "mastodon.boulangers-de-france.example")
    sync_profile(
        rosa,
        actor_document(
            "rosa_boulangere_apprentie",
            "mastodon.boulangers-de-france.example",
            name="Rosa Lefebvre-Montagnier",
            summary="Apprentie boulangère en CAP, deuxième année",
        ),
    )
    Follow.objects.create(follower=ines, followed=rosa.profile, state=FollowState.ACCEPTED)
    Follow.objects.create(follower=rosa.profile, followed=ines, state=FollowState.ACCEPTED)

    # Inès's experience: comments from Léa (here), Rosa (there, with a warning), one hidden.
    mine = publish_experience(ines, "Vendeuse à la boulangerie")
    Experience.objects.filter(pk=mine.pk).update(likes_count=12, shares_count=1)
    comments.post(lea, mine, "Bravo Inès ! Tu as appris plein de choses.\nContinue comme ça.")
    remote_comment(
        rosa.profile,
        1,
        experience=mine,
        content="<p>Moi aussi je me suis brûlée au four la première semaine, ça passe.</p>",
        summary="Brûlure, photo de la main",
        sensitive=True,
    )
    remote_comment(
        rosa.profile,
        2,
        experience=mine,
        content="<p>Regarde https://mastodon.boulangers-de-france.example/@rosa_boulangere_"
        "apprentie/112233445566778899 pour les horaires</p>",
        hidden=True,
    )

    # Rosa's own experience, as her node sent it: a warning and attachments.
    theirs = publish_experience(rosa.profile, "Apprentie au fournil de nuit")
    Experience.objects.filter(pk=theirs.pk).update(
        content_warning="Horaires de nuit, fatigue",
        sensitive=True,
        likes_count=3,
        shares_count=27,
        attachments=[
            {
                "type": "image",
                "url": "https://mastodon.boulangers-de-france.example/system/media_attachments/"
                "files/112/233/445/original/fournil-de-nuit-avec-les-baguettes-du-matin.jpeg",
            },
            {
                "type": "document",
                "url": "https://mastodon.boulangers-de-france.example/files/contrat.pdf",
                "description": "Mon contrat d'apprentissage (sans les noms)",
            },
        ],
    )

    # Rosa's posts (not experiences), one behind a warning with an attachment.
    now = timezone.now()
    Post.objects.create(
        author=rosa.profile,
        source_url=f"{rosa.uri}/statuses/1",
        url=f"https://{rosa.domain}/@{rosa.username}/1",
        content="<p>Premier jour au fournil ! #apprentissage "
        "https://mastodon.boulangers-de-france.example/tags/apprentissageboulangerie</p>",
        language="fr",
        published_at=now - datetime.timedelta(hours=3),
    )
    Post.objects.create(
        author=rosa.profile,
        source_url=f"{rosa.uri}/statuses/2",
        url=f"https://{rosa.domain}/@{rosa.username}/2",
        content="<p>Ma main après la brûlure, ça va mieux.</p>",
        summary="Blessure",
        sensitive=True,
        attachments=[
            {
                "type": "image",
                "url": "https://mastodon.boulangers-de-france.example/system/media_attachments/"
                "files/112/233/445/566/778/899/original/main-apres-brulure-jour-3.png",
            }
        ],
        language="fr",
        in_reply_to=f"{rosa.uri}/statuses/1",
        published_at=now - datetime.timedelta(hours=1),
    )

    # Rosa mentioned Inès.
    Notification.objects.create(
        recipient=ines,
        kind=NotificationKind.MENTION,
        title=rosa.profile.display_name,
        text="@ines@localhost tu viens à la journée portes ouvertes du CFA samedi ? "
        "https://cfa-boulangerie-lyon.example/portes-ouvertes-2025-inscription",
        text_language="fr",
        url=rosa.profile.get_absolute_url(),
    )

    # A territory, followed by Inès.
    territory = Profile.objects.create(
        handle="tremplin.auvergne-rhone-alpes.example",
        domain="tremplin.auvergne-rhone-alpes.example",
        kind=ProfileKind.NODE,
        url="https://tremplin.auvergne-rhone-alpes.example/actor/",
    )
    publishing.save_profile_draft(
        territory,
        {
            "display_name": "Tremplin Auvergne-Rhône-Alpes",
            "headline": "",
            "about": "Les jeunes, les conseillers et les employeurs de la région.",
            "territory": "",
            "languages_spoken": ["fr"],
            "language": "fr",
        },
    )
    publishing.publish_profile(territory, Visibility.PUBLIC)
    Follow.objects.create(follower=ines, followed=territory, state=FollowState.ACCEPTED)

    # An offer with comments and reactions; another one, deleted after it went out.
    offer, deleted = Offer.objects.order_by("pk")[:2]
    Offer.objects.filter(pk=offer.pk).update(likes_count=2, shares_count=0)
    comments.post(ines, offer, "Est-ce qu'on peut postuler à 15 ans pour l'été ?")
    deleted_pk = deleted.pk
    offers.delete(deleted)

    RefusedDirectMessages.objects.create(day=timezone.localdate(), count=4)
    staff = make_person("modo", role="counsellor", birth=None)
    staff.user.is_staff = True
    staff.user.save(update_fields=["is_staff"])
    return {
        "ines": ines,
        "lea": lea,
        "rosa": rosa.profile,
        "mine": mine,
        "theirs": theirs,
        "territory": territory,
        "offer": offer,
        "deleted_offer_pk": deleted_pk,
        "staff": staff,
    }


# --- the phone ------------------------------------------------------------------------


@pytest.fixture
def phone(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """`phone(profile, language)`: a 360 × 740 page logged in as `profile` (or nobody)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own database
    # calls (logging in, URLs) are still synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

    if not Path("/usr/bin/chromium").exists():
        pytest.fail("No Chromium at /usr/bin/chromium (`make chromium`).")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )

        def open_page(profile: Profile | None = None, language: str = "fr") -> Any:
            context = browser.new_context(
                base_url=live_server.url,
                viewport={"width": WIDTH, "height": 740},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                locale=language,
                extra_http_headers={"Accept-Language": f"{language};q=1"},
            )
            context.set_default_timeout(10_000)
            if profile is not None:
                client = Client()
                client.force_login(profile.user)
                cookie = client.cookies["sessionid"]
                context.add_cookies(
                    [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
                )
            return context.new_page()

        try:
            yield open_page
        finally:
            browser.close()


def look(page: Any, path: str, shot: str, status: int = 200) -> None:
    """Open `path`, save a shot, check it fits 360 px, its tap targets are big enough
    and axe-core finds no serious or critical violation."""
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    serious = failing(run_axe(page))
    if serious and AXE_ENFORCED:
        raise AssertionError(report(serious, shot))
    if serious:
        warnings.warn(f"axe not enforced: {report(serious, shot)}", stacklevel=2)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{path} scrolls sideways: {width} px wide"
    small = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.trim().slice(0, 40), e.getBoundingClientRect().height])
            .filter(([, h]) => h < 44)""",
        TAP_TARGETS,
    )
    assert not small, f"{path}: tap targets under 44 px tall: {small}"


# --- the pages ------------------------------------------------------------------------


def test_comments_under_my_experience_as_its_15_year_old_owner(world, phone):
    page = phone(world["ines"])
    look(page, world["mine"].get_absolute_url(), "01-experience-comments-owner")
    section = page.locator("#comments")
    expect(section.locator("h2")).to_have_text("Commentaires")
    expect(section).to_contain_text("Bravo Inès")
    warned = section.locator("details.content-warning")
    expect(warned.locator("summary")).to_contain_text("Brûlure, photo de la main")
    expect(warned.locator(".content")).not_to_be_visible()
    warned.locator("summary").click()
    expect(warned.locator(".content")).to_be_visible()
    expect(section.locator(".hidden-comment")).to_contain_text("Masqué")
    # The owner's buttons say what they do to others, unlike a warning's "Afficher".
    expect(section.get_by_role("button", name="Masquer aux autres")).to_have_count(2)
    expect(section.get_by_role("button", name="Montrer de nouveau aux autres")).to_have_count(1)
    expect(section.get_by_role("button", name="Supprimer")).to_have_count(3)
    expect(section.get_by_role("button", name="Publier mon commentaire")).to_be_visible()
    # The content warning of one's own comment waits, folded, under the words.
    expect(section.locator("#id_summary")).not_to_be_visible()
    section.get_by_text("Ajouter un avertissement").click()
    expect(section.get_by_label("Avertissement (facultatif)")).to_be_visible()
    page.screenshot(path=str(SHOTS / "01b-experience-comments-opened.png"), full_page=True)


def test_comments_seen_by_a_visitor_and_in_romanian(world, phone):
    look(phone(), world["mine"].get_absolute_url(), "02-experience-comments-visitor")
    page = phone(world["lea"], language="ro")
    look(page, world["mine"].get_absolute_url(), "03-experience-comments-ro")
    expect(page.locator("#comments h2")).to_have_text("Comentarii")
    expect(page.locator("#comments .hidden-comment")).to_have_count(0)


def test_comments_under_an_offer(world, phone):
    page = phone(world["ines"])
    look(page, world["offer"].get_absolute_url(), "04-offer-comments")
    expect(page.locator("#comments")).to_contain_text("postuler à 15 ans")
    expect(page.locator(".reactions")).to_contain_text("2 j’aime")


def test_comment_policy_in_my_settings(world, phone):
    page = phone(world["ines"])
    look(page, "/me/", "05-settings-comment-policy")
    policy = page.locator("#id_comment_policy")
    expect(policy).to_contain_text("Personne")
    expect(policy.locator("input[checked]")).to_have_count(1)
    policy.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "05b-settings-comment-policy-view.png"))


def test_posts_of_a_followed_remote_account(world, phone):
    page = phone(world["ines"])
    look(page, world["rosa"].get_absolute_url(), "06-remote-account-posts")
    posts = page.locator("#posts")
    expect(posts.locator("h2")).to_have_text("Publications")
    expect(posts).to_contain_text("Premier jour au fournil")
    warned = posts.locator("details.content-warning")
    expect(warned.locator("summary")).to_contain_text("Blessure")
    expect(warned.locator("summary")).to_have_attribute("data-show", "Afficher")
    warned.locator("summary").click()
    expect(warned.locator(".attachments")).to_contain_text("(image)")


def test_a_mention_in_my_notifications(world, phone):
    page = phone(world["ines"])
    look(page, "/me/notifications/", "07-notifications-mention")
    expect(page.locator(".notifications")).to_contain_text("journée portes ouvertes")
    expect(page.locator(".notifications")).to_contain_text("Nouvelle mention")
    expect(page.locator(".notifications")).to_contain_text("Rosa Lefebvre-Montagnier")


def test_a_remote_experience_behind_its_warning_with_attachments(world, phone):
    page = phone(world["ines"])
    look(page, world["theirs"].get_absolute_url(), "08-remote-experience-warning")
    warned = page.locator("article details.content-warning")
    expect(warned.locator("summary")).to_contain_text("Horaires de nuit")
    expect(warned.locator("summary")).to_have_attribute("data-show", "Afficher")
    warned.locator("summary").click()
    expect(page.locator(".attachments li")).to_have_count(2)
    expect(page.locator(".attachments")).to_contain_text("image")
    expect(page.locator(".reactions")).to_contain_text("27 partages")
    page.screenshot(path=str(SHOTS / "08b-remote-experience-opened.png"), full_page=True)


def test_territory_page_and_directory(world, phone):
    page = phone(world["ines"])
    look(page, world["territory"].get_absolute_url(), "09-territory")
    expect(page.locator("h1")).to_have_text("Tremplin Auvergne-Rhône-Alpes")
    expect(page.locator(".profile-head .kind")).to_have_text("Territoire")
    look(page, "/territories/", "10-territories")
    expect(page.locator("h1")).to_have_text("Territoires")
    expect(page.get_by_label("Trouver un territoire par son adresse")).to_be_visible()


def test_about_page_follow_section(world, phone):
    look(phone(), "/about/", "11-about-visitor")
    page = phone(world["ines"])
    look(page, "/about/", "12-about-member")
    expect(page.locator("#follow-territory h2")).to_have_text("Suivre ce territoire")
    expect(page.get_by_role("link", name="Suivre d’autres territoires")).to_be_visible()


def test_a_deleted_offer_is_gone(world, phone):
    page = phone()
    look(page, f"/offers/{world['deleted_offer_pk']}/", "13-gone", status=410)
    expect(page.locator("h1")).to_have_text("Cette page n’existe plus")
    expect(page.get_by_role("link", name="Retour à l’accueil")).to_have_class("button")


def test_moderation_counts(world, phone):
    page = phone(world["staff"])
    look(page, "/moderation/", "14-moderation-counts")
    expect(page.locator("#counts h2")).to_have_text("Refusés à l’entrée")
    expect(page.locator("#counts")).to_contain_text("Messages privés refusés aujourd’hui")
