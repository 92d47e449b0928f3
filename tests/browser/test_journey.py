"""A young person's first experience, told on a phone, found by a stranger through its tag.

Headless Chromium (Playwright, sync API) against a real `tremplin run` node: sign up,
write a draft with a suggested tag, publish it for everyone (a missing start month is
said at the top and nothing typed is lost; the profile is published with it after a
question), keep a second one as a draft, log out; anonymous visitors then find the first
on the tag page and never the second.

Every page on the way is photographed (artefacts in $TREMPLIN_SHOTS_DIR/<test>/) and
checked by axe-core (tests/browser/journey.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey

HANDLE = "nadia_b"
NAME = "Nadia B."
PASSWORD = "a-long-browser-password-42"
# axe-core fails this journey on any serious or critical violation.
AXE_ENFORCED = True
PUBLISHED_TITLE = "Kitchen helper"
DRAFT_TITLE = "Pizza night cook"


def step(journey: Journey | None, page: Any, name: str) -> None:
    """A screenshot and axe-core on this page, when the test keeps a journey."""
    if journey is not None:
        journey.step(page, name)


def sign_up(
    page: Any,
    handle: str = HANDLE,
    name: str = NAME,
    role: str = "Young person",
    journey: Journey | None = None,
) -> None:
    page.goto("/accounts/signup/")
    expect(page.locator("h1"), "the sign-up page is not in English").to_have_text(
        "Create my account"
    )
    step(journey, page, f"sign-up {handle}")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Name shown").fill(name)
    page.get_by_label("Email").fill(f"{handle}@example.org")
    page.get_by_label("I am").select_option(label=role)
    page.get_by_label("Birth month").select_option(label="March")
    page.get_by_label("Birth year").select_option("2000")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    errors = page.locator(".errorlist")
    assert errors.count() == 0, f"sign-up refused: {errors.all_inner_texts()}"
    if role == "Young person":
        expect(page, "sign-up should land on the new-experience editor").to_have_url(
            re.compile(r"/me/experiences/new/$")
        )
        expect(page.locator("h1")).to_have_text("Tell an experience")
    step(journey, page, f"signed up {handle}")


def fill_experience(page: Any, kind: str, title: str, story: str) -> None:
    page.get_by_label("Kind of experience").select_option(label=kind)
    page.get_by_label("My role").fill(title)
    page.get_by_label("Town or place").fill("Lyon")
    page.get_by_label("Start month").select_option(label="July")
    page.get_by_label("Start year").select_option("2023")
    page.get_by_label("I still do it").check()
    page.get_by_label("What I did").fill(story)


def save_draft(page: Any, journey: Journey | None = None) -> int:
    page.get_by_role("button", name="Save draft").click()
    errors = page.locator(".errorlist")
    assert errors.count() == 0, f"the draft was refused: {errors.all_inner_texts()}"
    expect(page, "saving a draft should open its editor").to_have_url(
        re.compile(r"/me/experiences/\d+/$")
    )
    expect(page.locator(".meta .badge.draft"), "no draft badge after saving").to_be_visible()
    step(journey, page, "draft saved")
    return int(re.search(r"/me/experiences/(\d+)/$", page.url).group(1))


def expect_concept_tag(page: Any, label: str) -> None:
    current = page.locator("#current-tags li")
    expect(current, "the draft should have exactly one tag").to_have_count(1)
    expect(current.first, f"the tag should be the vocabulary concept {label!r}").to_have_text(label)
    expect(
        current.locator(".own"), "the tag was kept as own words, not linked to the concept"
    ).to_have_count(0)


@pytest.mark.browser
def test_young_person_publishes_an_experience_found_through_its_tag(
    cooking: Any, new_phone: Any, journey: Journey
) -> None:
    # 1. Sign up on a phone, in English.
    page = new_phone()
    sign_up(page, journey=journey)

    # 2. A draft: summer job, ongoing, with a tag chosen among the suggestions.
    fill_experience(page, "Summer job", PUBLISHED_TITLE, "I helped the cook and washed the dishes.")
    page.locator("#id_tags").press_sequentially("cook", delay=50)
    suggestion = page.locator("#tag-suggestions button.suggestion").filter(
        has_text=re.compile(rf"^{re.escape(cooking.label)}$")
    )
    expect(
        suggestion, f"no suggestion {cooking.label!r} under the tag field after typing 'cook'"
    ).to_be_visible()
    suggestion.click()
    expect(page.locator("#id_tags")).to_have_value(re.compile(rf"^{re.escape(cooking.label)},"))
    journey.step(page, "experience filled with a suggested tag")
    published_pk = save_draft(page, journey)
    expect(page.get_by_role("heading", name="Edit an experience")).to_be_visible()
    expect_concept_tag(page, cooking.label)

    # 3. Publish it for everyone, on the whole federation: the visibility is chosen next
    # to the button, in the same form. A missing piece is said at the top, nothing is lost.
    page.get_by_label("Start month").select_option(label="—")
    page.get_by_label("What I did").fill("I helped the cook, washed the dishes and smiled.")
    page.get_by_label("Everyone, on the whole federation").check()
    page.get_by_role("button", name="Publish", exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary, "no error summary when publishing without a start month").to_be_visible()
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_start_month")
    expect(page.get_by_label("What I did")).to_have_value(
        "I helped the cook, washed the dishes and smiled."
    )
    expect(page.get_by_label("Everyone, on the whole federation")).to_be_checked()
    page.get_by_label("Start month").select_option(label="July")
    page.get_by_role("button", name="Publish", exact=True).click()
    # The profile is not published yet: one clear question, for the same people.
    expect(page.locator("h1")).to_have_text(
        "Your profile is not published yet. Publish it too, for the same people?"
    )
    page.get_by_role("button", name="Publish both").click()
    expect(page, "publishing should land on the experience page").to_have_url(
        re.compile(rf"/@{HANDLE}/experiences/{published_pk}/$")
    )
    expect(page.locator("h1")).to_have_text(PUBLISHED_TITLE)
    expect(page.locator(".messages")).to_contain_text(
        "Your profile and your experience are published."
    )
    page.get_by_role("link", name=NAME).first.click()
    expect(page, "the experience links to a profile others can open").to_have_url(
        re.compile(rf"/@{HANDLE}/$")
    )
    page.go_back()
    expect(page.locator("article .tags")).to_contain_text(cooking.label)
    journey.step(page, "experience published")

    # 2b. A second experience, with the same tag, kept as a draft only.
    page.locator("header summary", has_text="Menu").click()  # the header's menu
    page.get_by_role("link", name="My experiences").click()
    journey.step(page, "my experiences")
    page.get_by_role("link", name="Tell a new experience").click()
    # The examples under the story parts follow the kind chosen (the script switches them).
    hint = page.locator("#id_what_i_did").locator("xpath=..").locator(".helptext")
    expect(hint).to_have_text("For example: I served customers and kept the place clean.")
    fill_experience(page, "Family help", DRAFT_TITLE, "I cook pizza for my little brothers.")
    expect(hint).to_have_text("For example: I looked after my little brothers after school.")
    page.locator("#id_tags").fill(cooking.label)
    draft_pk = save_draft(page, journey)
    expect_concept_tag(page, cooking.label)

    # Log out.
    page.locator("header summary", has_text="Menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    journey.step(page, "logged out")

    # 4. A stranger finds the published experience through the tag index.
    visitor = new_phone()
    visitor.goto("/tags/")
    journey.step(visitor, "tag index")
    visitor.get_by_role("link", name=cooking.label, exact=True).click()
    expect(visitor, "the tag link should open the tag page").to_have_url(
        re.compile(rf"/tags/{re.escape(cooking.slug)}/$")
    )
    expect(visitor.locator("h1")).to_have_text(cooking.label)
    cards = visitor.locator("article.card")
    journey.step(visitor, "tag page")
    expect(
        cards.filter(has_text=PUBLISHED_TITLE),
        f"the public experience is not listed on /tags/{cooking.slug}/",
    ).to_have_count(1)
    expect(cards.filter(has_text=PUBLISHED_TITLE)).to_contain_text(NAME)

    # Another logged-out visitor never sees the draft, on the tag page or at its address.
    other = new_phone()
    other.goto(f"/tags/{cooking.slug}/")
    expect(other.locator("article.card").filter(has_text=PUBLISHED_TITLE)).to_have_count(1)
    expect(
        other.get_by_text(DRAFT_TITLE), "a draft-only experience is shown to an anonymous visitor"
    ).to_have_count(0)
    response = other.goto(f"/@{HANDLE}/experiences/{draft_pk}/draft/")
    assert response is not None and response.status == 404, (
        f"the draft preview answered {response and response.status} to an anonymous visitor"
    )
    journey.step(other, "draft preview not found")
    response = other.goto(f"/@{HANDLE}/experiences/{draft_pk}/")
    assert response is not None and response.status == 404, (
        f"the never-published experience page answered {response and response.status}"
    )
