"""A small company posts an offer from a phone; a young person finds it and applies.

Headless Chromium against a real `tremplin run` node: a recruiter signs up, creates
the organisation's page and publishes an offer tagged with a vocabulary concept; a
young person who told an experience with the same concept finds the offer among
"Offers for you" and on the offers page, applies with that experience (form, review,
"Application sent"); the recruiter reads the application with a link to the experience
and shortlists it; the young person sees it, then withdraws.

Every page on the way is photographed and checked by axe-core (tests/browser/journey.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey
from tests.browser.test_journey import fill_experience, save_draft, sign_up

# axe-core fails this journey on any serious or critical violation.
AXE_ENFORCED = True

OFFER_TITLE = "Kitchen apprentice"
EXPERIENCE_TITLE = "Helper at the school canteen"


def create_organisation(page: Any, journey: Journey) -> None:
    page.goto("/organisations/new/")
    journey.step(page, "new organisation")
    page.get_by_label("Name of the organisation").fill("Chez Rosa")
    page.get_by_label("Handle").fill("chez_rosa")
    page.get_by_label("About the organisation").fill("A family restaurant that trains apprentices.")
    page.get_by_label("Language of these texts").select_option("en")
    page.get_by_label("Sector").fill("Restaurant")
    page.get_by_label("Town or place").fill("Lyon")
    page.get_by_role("button", name="Create").click()
    errors = page.locator(".errorlist")
    assert errors.count() == 0, f"the organisation was refused: {errors.all_inner_texts()}"


def publish_offer(page: Any, tag: str, journey: Journey) -> None:
    page.goto("/me/organisation/")
    journey.step(page, "my organisation")
    page.get_by_role("link", name="Write an offer").click()
    journey.step(page, "new offer")
    page.get_by_label("Job title").fill(OFFER_TITLE)
    page.get_by_label("Contract type").select_option(label="Apprenticeship")
    page.get_by_label("Description").fill("Learn to cook for forty people, with our chef.")
    page.get_by_label("Language of this offer").select_option("en")
    page.get_by_label("Town or place").fill("Lyon")
    # The vocabulary is suggested as the recruiter types, as for young people.
    page.get_by_label("Skills and fields").press_sequentially(tag[:4], delay=50)
    suggestion = page.locator("#tag-suggestions button.suggestion").filter(
        has_text=re.compile(rf"^{re.escape(tag)}$")
    )
    expect(suggestion, f"no suggestion {tag!r} under the offer's tags").to_be_visible()
    suggestion.click()
    page.get_by_label("No diploma required").check()
    journey.step(page, "offer filled")
    page.get_by_role("button", name="Save and publish").click()
    errors = page.locator(".errorlist")
    assert errors.count() == 0, f"the offer was refused: {errors.all_inner_texts()}"
    expect(page.locator("h1")).to_have_text(OFFER_TITLE)
    journey.step(page, "offer published")


@pytest.mark.browser
def test_a_company_posts_an_offer_and_a_young_person_applies(
    cooking: Any, new_phone: Any, journey: Journey
) -> None:
    # 1. A recruiter signs up, creates the organisation's page and publishes an offer.
    recruiter = new_phone()
    sign_up(recruiter, handle="rosa_m", name="Rosa M.", role="Organisation member", journey=journey)
    create_organisation(recruiter, journey)
    expect(recruiter.locator("h1")).to_have_text("Chez Rosa")
    journey.step(recruiter, "organisation page")
    publish_offer(recruiter, cooking.label, journey)
    expect(recruiter.locator(".badge, .tags").filter(has_text="No diploma required")).to_have_count(
        1
    )

    # 2. A young person tells an experience with the same concept, for everyone.
    young = new_phone()
    sign_up(young, handle="samir_k", name="Samir K.", journey=journey)
    fill_experience(young, "School or training project", EXPERIENCE_TITLE, "I served lunch.")
    young.locator("#id_tags").fill(cooking.label)
    save_draft(young, journey)
    young.get_by_label("Everyone, on the whole federation").check()
    young.get_by_role("button", name="Publish", exact=True).click()
    # Their profile is not published yet: it is published with the experience.
    young.get_by_role("button", name="Publish both").click()
    expect(young.locator(".messages")).to_contain_text(
        "Your profile and your experience are published."
    )
    journey.step(young, "experience published")

    # 3. The offer is among their offers, and on the offers page filtered by the tag.
    young.locator("header summary", has_text="Menu").click()  # the header's menu
    young.get_by_role("link", name="Offers for you").click()
    expect(young.get_by_text(OFFER_TITLE), "the offer is not suggested").to_have_count(1)
    journey.step(young, "offers for you")
    young.goto(f"/offers/?tag={cooking.slug}")
    journey.step(young, "offers with the tag")
    young.get_by_role("link", name=OFFER_TITLE).click()
    journey.step(young, "offer page")

    # 4. They apply with their experience: the form, the review, then it is sent.
    young.get_by_role("link", name="Apply", exact=True).click()
    journey.step(young, "apply")
    young.get_by_label(re.compile(re.escape(EXPERIENCE_TITLE))).check()
    young.get_by_label("A few words to the recruiter").fill("I would love to learn.")
    young.get_by_role("button", name="Review my application").click()
    errors = young.locator(".errorlist, .error-summary")
    assert errors.count() == 0, f"the application was refused: {errors.all_inner_texts()}"
    journey.step(young, "review")
    expect(young.locator("main")).to_contain_text("I would love to learn.")
    young.get_by_role("button", name="Send my application").click()
    expect(young.locator("h1")).to_have_text("Application sent")
    journey.step(young, "application sent")
    young.get_by_role("link", name="My applications").last.click()
    expect(young.locator("main")).to_contain_text("Sent")

    # 5. The recruiter reads it, with a link to the experience, and shortlists it.
    recruiter.goto("/organisations/applications/")
    journey.step(recruiter, "applications received")
    recruiter.get_by_role("link", name="Application from Samir K.").click()
    journey.step(recruiter, "application")
    application = recruiter.locator("main")
    expect(application).to_contain_text("Samir K.")
    expect(application).to_contain_text("I would love to learn.")
    expect(application.get_by_role("link", name=EXPERIENCE_TITLE)).to_have_count(1)
    recruiter.get_by_label("Status").select_option("shortlisted")
    recruiter.get_by_role("button", name="Save status").click()
    expect(recruiter.locator(".messages")).to_contain_text("Status saved: Shortlisted.")
    journey.step(recruiter, "status saved")

    # 6. The young person sees it, then withdraws (after a confirmation).
    young.reload()
    expect(young.locator("main")).to_contain_text("Shortlisted")
    young.get_by_role("button", name="Withdraw").click()
    young.get_by_role("button", name="Yes, withdraw it").click()
    expect(young.locator("main")).to_contain_text("Withdrawn")
    journey.step(young, "withdrawn")
