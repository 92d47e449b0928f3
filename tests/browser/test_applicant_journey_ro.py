"""A 16-year-old in Romanian publishes a first experience and applies to an offer; the
company, in French, reviews the application and sets its status.

Headless Chromium against a real `tremplin run` node (country FR: digital consent at 15,
so a 16-year-old may publish). A company person posts an offer the way companies do
(sign-up, organisation page, offer: tests/browser/test_organisation_journey.py, in
English: that part only sets the scene). The young person, on a 360 px phone in
Romanian, signs up, writes one experience in the one-form editor, chooses who can see
it, publishes it with their profile ("Publish both"), then applies: form, review, sent,
"Sent" on My applications. In the second test the company person, on a phone in
French, opens My organisation, sees the count, opens the application (the young person
then sees "Seen"), shortlists it, and the young person sees "Shortlisted".

Fields are found by name or id and texts compared with what the node's catalogues say
(tests/browser/i18n.py), so the journeys do not depend on today's wording. Every page
is photographed and checked by axe-core (tests/browser/journey.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.i18n import counted_in, fill_sign_up, said_in
from tests.browser.journey import Journey, phone_360
from tests.browser.test_journey import PASSWORD as RECRUITER_PASSWORD
from tests.browser.test_journey import sign_up
from tests.browser.test_organisation_journey import (
    OFFER_TITLE,
    create_organisation,
    publish_offer,
)

AXE_ENFORCED = True
RO = "ro"
FR = "fr"
HANDLE = "ioana_16"
NAME = "Ioana M."
PASSWORD = "a-long-browser-password-16"
RECRUITER = "rosa_m"
EXPERIENCE_TITLE = "Ajutor la bucătăria cantinei"
STORY = "Am servit prânzul și am spălat vasele pentru o sută de elevi."
MESSAGE = "Aș vrea să învăț să gătesc."


def expect_in(page: Any, language: str, h1_msgid: str, **values: str) -> None:
    """The page is marked in this language and its heading is the catalogue's text."""
    expect(page.locator("html"), f"the page is not marked as {language!r}").to_have_attribute(
        "lang", language
    )
    expect(page.locator("h1")).to_have_text(said_in(language, h1_msgid, **values))


def expect_no_error(page: Any, what: str) -> None:
    errors = page.locator(".errorlist, .error-summary")
    assert errors.count() == 0, f"{what} was refused: {errors.all_inner_texts()}"


def open_menu_link(page: Any, href: str) -> None:
    """Open the header's menu (the compact one on phones) and follow one of its links."""
    page.locator("header details:has(nav) summary").click()
    page.locator(f"header nav a[href='{href}']").click()


def status_badge(page: Any, offer_title: str) -> Any:
    card = page.locator("main article.card").filter(has_text=offer_title)
    return card.locator(".badge[class*='status-']")


def sign_up_romanian(page: Any, journey: Journey) -> None:
    page.goto("/accounts/signup/")
    expect_in(page, RO, "Create my account")
    journey.step(page, "young: sign-up")
    fill_sign_up(page, HANDLE, NAME, PASSWORD, months_old=16 * 12 + 6)
    expect_no_error(page, "sign-up")


def publish_first_experience(page: Any, tag: str, journey: Journey) -> int:
    """One form: fill it, choose who can see it, Publish, then "Publish both"."""
    expect(page, "sign-up should land on the new-experience editor").to_have_url(
        re.compile(r"/me/experiences/new/$")
    )
    expect_in(page, RO, "Tell an experience")
    expect(
        page.locator(".consent-notice"), "a 16-year-old in France needs no consent"
    ).to_have_count(0)
    journey.step(page, "young: experience editor")
    page.locator("[name=kind]").select_option("school")
    page.locator("[name=title]").fill(EXPERIENCE_TITLE)
    page.locator("[name=place]").fill("Cluj")
    page.locator("[name=start_month]").select_option("9")
    page.locator("[name=start_year]").select_option("2024")
    page.locator("[name=ongoing]").check()
    page.locator("[name=what_i_did]").fill(STORY)
    page.locator("[name=language]").select_option("ro")
    page.locator("[name=tags]").fill(tag)
    # "Who can see it" sits next to Publish, in the same form: members of this node.
    publish = page.locator("#publish")
    expect(publish.locator("legend")).to_have_text(said_in(RO, "Who can see it"))
    publish.locator("[name=visibility][value='1']").check()
    journey.step(page, "young: experience filled")
    publish.locator("button[name=publish]").click()
    expect_no_error(page, "publishing")
    # The profile is not published yet: one question, for the same people.
    expect_in(page, RO, "Your profile is not published yet. Publish it too, for the same people?")
    journey.step(page, "young: publish the profile too?")
    page.locator("button[name=publish_both]").click()
    expect(page, "publishing should land on the experience page").to_have_url(
        re.compile(rf"/@{HANDLE}/experiences/\d+/$")
    )
    expect(page.locator("h1")).to_have_text(EXPERIENCE_TITLE)
    expect(page.locator(".messages")).to_contain_text(
        said_in(RO, "Your profile and your experience are published.")
    )
    journey.step(page, "young: experience published")
    return int(re.search(r"/experiences/(\d+)/$", page.url).group(1))


def apply_to_offer(page: Any, journey: Journey) -> None:
    """Offers → the offer → Apply → review → send → "Sent" on My applications."""
    page.locator("a[href='/offers/']").first.click()  # a main place: the bottom bar
    expect(page.locator("html")).to_have_attribute("lang", RO)
    journey.step(page, "young: offers")
    page.locator("main").get_by_role("link", name=OFFER_TITLE).click()
    expect(page.locator("h1")).to_have_text(OFFER_TITLE)
    journey.step(page, "young: offer")
    page.locator("main a[href$='/apply/']").click()
    expect_in(page, RO, "Apply: %(title)s", title=OFFER_TITLE)
    journey.step(page, "young: apply")
    experience = page.locator("[name=experiences]")
    expect(experience, "their published experience is not offered to show").to_have_count(1)
    expect(experience.locator("xpath=..")).to_contain_text(EXPERIENCE_TITLE)
    experience.check()
    page.locator("[name=message]").fill(MESSAGE)
    page.locator("[name=language]").select_option("ro")
    page.locator("main form button").click()
    expect_no_error(page, "the application")
    expect_in(page, RO, "Check your application")
    review = page.locator("main article.card")
    expect(review).to_contain_text(MESSAGE)
    expect(review.get_by_role("link", name=EXPERIENCE_TITLE)).to_have_count(1)
    journey.step(page, "young: review")
    page.locator("main form button").first.click()
    expect_in(page, RO, "Application sent")
    journey.step(page, "young: application sent")
    page.goto("/me/applications/")
    expect_in(page, RO, "My applications")
    expect(status_badge(page, OFFER_TITLE)).to_have_text(said_in(RO, "Sent"))
    journey.step(page, "young: my applications, sent")


@dataclass
class Scene:
    young: Any
    experience_pk: int


def young_person_applies(new_phone: Any, journey: Journey, cooking: Any) -> Scene:
    # The company (the scene, in English): account, organisation page, an offer.
    recruiter = new_phone()
    sign_up(recruiter, handle=RECRUITER, name="Rosa M.", role="Organisation member")
    create_organisation(recruiter, journey)
    publish_offer(recruiter, cooking.label, journey)

    # The young person, 16, on a phone in Romanian.
    young = new_phone(phone_360("ro-RO"))
    sign_up_romanian(young, journey)
    pk = publish_first_experience(young, cooking.label, journey)
    apply_to_offer(young, journey)
    return Scene(young, pk)


@pytest.mark.browser
def test_a_16_year_old_publishes_an_experience_and_applies_in_romanian(
    cooking: Any, new_phone: Any, journey: Journey
) -> None:
    scene = young_person_applies(new_phone, journey, cooking)
    # Their experience is theirs, published, and nothing was lost on the way.
    scene.young.goto(f"/@{HANDLE}/experiences/{scene.experience_pk}/")
    expect(scene.young.locator("main")).to_contain_text(STORY)


@pytest.mark.browser
def test_the_company_reviews_the_application_in_french_and_shortlists_it(
    cooking: Any, new_phone: Any, journey: Journey
) -> None:
    young = young_person_applies(new_phone, journey, cooking).young

    # The company person logs in on their own phone, in French.
    company = new_phone(phone_360("fr-FR"))
    company.goto("/accounts/login/")
    expect_in(company, FR, "Log in")
    company.locator("#id_username").fill(RECRUITER)
    company.locator("#id_password").fill(RECRUITER_PASSWORD)
    company.locator("main form button").click()
    expect_no_error(company, "log-in")

    # My organisation, with the count of applications not opened yet.
    open_menu_link(company, "/me/organisation/")
    expect_in(company, FR, "My organisation")
    new_ones = company.locator("main .organisation a[href*='/organisations/applications/']")
    expect(new_ones.first).to_have_text(
        re.compile(rf"^\s*{re.escape(counted_in(FR, '%(counter)s new (not opened yet)', 1))}\s*$")
    )
    journey.step(company, "company: my organisation")
    new_ones.first.click()
    expect_in(company, FR, "Applications to my organisations")
    journey.step(company, "company: applications")
    company.locator("main a[href*='/organisations/applications/']").filter(
        has_text=NAME
    ).first.click()
    expect_in(company, FR, "Application from %(name)s", name=NAME)
    expect(company.locator("main article")).to_contain_text(MESSAGE)
    expect(
        company.locator("main article").get_by_role("link", name=EXPERIENCE_TITLE)
    ).to_have_count(1)
    journey.step(company, "company: the application")

    # Opened: the young person sees "Seen".
    young.reload()
    expect(status_badge(young, OFFER_TITLE)).to_have_text(said_in(RO, "Seen"))
    journey.step(young, "young: seen")

    # The company shortlists it.
    company.locator("main form.status-form [name=status]").select_option("shortlisted")
    company.locator("main form.status-form button").click()
    expect(company.locator(".messages")).to_contain_text(
        said_in(
            FR,
            "Status saved: %(status)s. %(name)s sees it on their applications page.",
            status=said_in(FR, "Shortlisted"),
            name=NAME,
        )
    )
    journey.step(company, "company: status saved")

    # The young person sees it, in Romanian.
    young.reload()
    expect(status_badge(young, OFFER_TITLE)).to_have_text(said_in(RO, "Shortlisted"))
    journey.step(young, "young: shortlisted")
