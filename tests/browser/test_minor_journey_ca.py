"""A 14-year-old in Catalan, on a 360 px phone, from sign-up to a guardian-consent request.

Headless Chromium against a real `tremplin run` node (country FR: digital consent at
15). The young person signs up in Catalan, reads before writing anything what they can
do, why and how to unlock the rest, saves a draft with only a title (never told it is
"published"), creates a consent form, gets its code and the printable sheet. Their
guardian, with no account, opens the form's link and fills it in. The young person then
sees it is filled in and waiting for the node's team, finishes the story and taps
Publish for their counsellors: told who can see it, never that it is "published".

Fields are found by name or id, texts compared with what the node's Catalan catalogue
says (tests/browser/i18n.py), so the journey does not depend on today's wording.
Every page is photographed at 360 px and checked by axe-core (tests/browser/journey.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.i18n import fill_sign_up, said_in
from tests.browser.journey import Journey, phone_360

AXE_ENFORCED = True
LANGUAGE = "ca"
HANDLE = "marti_14"
NAME = "Martí P."
PASSWORD = "a-long-browser-password-14"
TITLE = "Ajudant a la fleca del meu oncle"
GUARDIAN = "Montserrat Puig"
CODE = re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$")
# How "published" may read on the page, in Catalan, in the node's fallback language
# (French) and in English: none of them may be shown while only they can see it.
PUBLISHED_WORDS = ("published", "publicat", "publicad", "publié")


def expect_in_catalan(page: Any, h1_msgid: str, **values: str) -> None:
    """The page is marked Catalan and its heading is the Catalan catalogue's text."""
    expect(page.locator("html"), "the page is not marked as Catalan").to_have_attribute(
        "lang", LANGUAGE
    )
    expect(page.locator("h1")).to_have_text(said_in(LANGUAGE, h1_msgid, **values))


def sign_up_catalan(page: Any, journey: Journey) -> None:
    """The sign-up form, filled by field id (labels are in Catalan), born 14½ years ago."""
    page.goto("/accounts/signup/")
    expect_in_catalan(page, "Create my account")
    journey.step(page, "sign-up")
    fill_sign_up(page, HANDLE, NAME, PASSWORD, months_old=14 * 12 + 6)
    errors = page.locator(".errorlist, .error-summary")
    assert errors.count() == 0, f"sign-up refused: {errors.all_inner_texts()}"


def expect_no_error(page: Any, what: str) -> None:
    errors = page.locator(".errorlist, .error-summary")
    assert errors.count() == 0, f"{what} was refused: {errors.all_inner_texts()}"


def expect_no_published_wording(page: Any) -> None:
    text = page.locator("main").inner_text().casefold()
    shown = [word for word in PUBLISHED_WORDS if word in text]
    assert not shown, f"'published' wording {shown} shown while only they can see it:\n{text}"


@pytest.mark.browser
def test_a_14_year_old_asks_a_guardian_for_consent_in_catalan(
    new_phone: Any, journey: Journey
) -> None:
    # 1. Sign up in Catalan: they land on the experience editor.
    page = new_phone(phone_360("ca-ES"))
    sign_up_catalan(page, journey)
    expect(page, "sign-up should land on the new-experience editor").to_have_url(
        re.compile(r"/me/experiences/new/$")
    )
    expect_in_catalan(page, "Tell an experience")
    journey.step(page, "signed up: experience editor")

    # 2. Before the first story: what is possible, why, how to unlock it.
    notice = page.locator(".consent-notice")
    expect(notice, "no consent notice for a 14-year-old on a node in France").to_be_visible()
    notice_first = page.evaluate(
        "() => Boolean(document.querySelector('.consent-notice').compareDocumentPosition("
        "document.querySelector('#experience-form')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert notice_first, "the consent notice comes after the story form, not before it"
    expect(notice.locator("h2")).to_have_text(
        said_in(LANGUAGE, "Before others can see you: a guardian's consent")
    )
    for part in ("What you can do now:", "Why:", "How to unlock it:"):
        expect(notice.locator("strong", has_text=said_in(LANGUAGE, part))).to_have_count(1)
    expect(notice, "the notice should say the age of consent in France").to_contain_text("15")
    expect(notice.locator("a[href$='/me/guardian-consent/']")).to_have_count(1)

    # 3. A draft with only a title is saved, and nothing says "published".
    page.locator("[name=title]").fill(TITLE)
    page.locator("button[name=save]").click()
    errors = page.locator(".errorlist, .error-summary")
    assert errors.count() == 0, f"a draft with only a title was refused: {errors.all_inner_texts()}"
    expect(page, "saving a draft should open its editor").to_have_url(
        re.compile(r"/me/experiences/\d+/$")
    )
    expect_in_catalan(page, "Edit an experience")
    expect(page.locator("[name=title]")).to_have_value(TITLE)
    expect(page.locator(".meta .badge.draft")).to_have_text(said_in(LANGUAGE, "draft"))
    journey.step(page, "draft saved")
    expect_no_published_wording(page)

    # 4. The consent page, from the notice: create the form, get a code.
    page.locator(".consent-notice a[href$='/me/guardian-consent/']").click()
    expect(page).to_have_url(re.compile(r"/me/guardian-consent/$"))
    expect_in_catalan(page, "Ask a guardian for consent")
    journey.step(page, "guardian consent: before the form")
    page.locator("button[name=create]").click()
    code = page.locator("main .consent-code")
    expect(code, "no code shown after creating the consent form").to_have_text(CODE)
    shown_code = code.inner_text()
    expect(page.locator(".messages")).to_contain_text(
        said_in(LANGUAGE, "Your consent form is ready.")
    )
    guardian_link = page.locator(f"main a[href$='/guardian-consent/{shown_code}/']")
    expect(guardian_link, "no link for the guardian with the code").to_have_count(1)
    completion_url = guardian_link.get_attribute("href")
    journey.step(page, "guardian consent: code")

    # The printable form: the same code, the same link, in Catalan.
    page.locator("main a[href$='/me/guardian-consent/print/']").click()
    expect_in_catalan(page, "Consent of a parent or guardian")
    expect(page.locator(".consent-sheet .consent-code")).to_have_text(shown_code)
    expect(page.locator(".consent-sheet")).to_contain_text(completion_url)
    expect(page.locator(".consent-sheet")).to_contain_text(NAME)
    journey.step(page, "printable form")

    # 5. The guardian, on their own phone, no account: opens the link and fills it in.
    guardian = new_phone(phone_360("ca-ES"))
    guardian.goto(completion_url)
    expect_in_catalan(guardian, "Consent for %(name)s", name=NAME)
    journey.step(guardian, "guardian: the form")
    guardian.locator("#id_guardian_name").fill(GUARDIAN)
    guardian.locator("[name=relationship][value=parent]").check()
    guardian.locator("#id_consent").check()
    guardian.locator("main form button").click()
    errors = guardian.locator(".errorlist, .error-summary")
    assert errors.count() == 0, f"the guardian's answer was refused: {errors.all_inner_texts()}"
    expect_in_catalan(guardian, "Thank you")
    journey.step(guardian, "guardian: thank you")

    # 6. The young person sees it filled in, waiting for the node's team.
    page.goto("/me/guardian-consent/")
    expect_in_catalan(page, "Ask a guardian for consent")
    state = page.locator("#form-state-title").locator("xpath=..")
    expect(state.locator(".form-steps")).to_contain_text(GUARDIAN)
    expect(state).to_contain_text(
        said_in(LANGUAGE, "Your guardian filled in the form: the node's team will record it soon.")
    )
    expect(state.locator(".consent-code"), "the used code is still shown").to_have_count(0)
    journey.step(page, "guardian consent: filled in")
    # The same state on the editor's notice, still never "published".
    page.goto("/me/experiences/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator(".consent-notice .badge")).to_have_text(
        said_in(LANGUAGE, "Your guardian filled in the form: the node's team will record it soon.")
    )
    expect_no_published_wording(page)
    journey.step(page, "editor: waiting for the team")

    # 7. They finish the story and tap Publish, for their counsellors (the most a
    # 14-year-old may choose before the team records the consent): still never
    # "published", only who can see it.
    page.locator("[name=kind]").select_option("family")
    page.locator("[name=start_month]").select_option("9")
    page.locator("[name=start_year]").select_option("2024")
    page.locator("[name=ongoing]").check()
    page.locator("[name=what_i_did]").fill("Ajudo el meu oncle a la fleca els dissabtes.")
    choices = page.locator("#publish [name=visibility]")
    expect(choices, "only 'only me' and 'me and my counsellors' before consent").to_have_count(2)
    expect(page.locator("#publish [name=visibility][value='0']")).to_be_checked()
    page.locator("button[name=publish]").click()
    expect_no_error(page, "the story")
    expect(page.locator(".messages")).to_have_text(
        said_in(LANGUAGE, "Saved. Only you and your counsellors can see it.")
    )
    expect(page.locator("h1")).to_have_text(TITLE)
    journey.step(page, "shared with the counsellors")
    expect_no_published_wording(page)
