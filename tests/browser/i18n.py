"""What the node says in a language, and who was born when, for journeys in other languages.

Why: a journey in Catalan or Romanian must check the pages really are in that language
without depending on the exact wording translators choose today. The node and the test
process load the same compiled catalogues (node/locale) with the same settings, so
`said_in("ca", "Create my account")` is exactly the text the node shows a Catalan
visitor: the Catalan translation when there is one, else what Django falls back to
(the node's language, then the English msgid). The test stays right while
translations are being written, and checks them once they exist.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import translation
from playwright.sync_api import expect


def said_in(language: str, msgid: str, **values: str) -> str:
    """The node's text for this English msgid in `language`, with %(name)s filled in."""
    with translation.override(language):
        text = str(translation.gettext(msgid))
    return text % values if values else text


def counted_in(language: str, msgid: str, count: int, plural: str | None = None) -> str:
    """The node's singular or plural text for `count`, its %(counter)s filled in."""
    with translation.override(language):
        text = str(translation.ngettext(msgid, plural or msgid, count))
    return text % {"counter": count}


def born_months_ago(months: int, today: datetime.date | None = None) -> tuple[int, int]:
    """(birth year, birth month) of someone born about `months` months ago: age
    14 and a half is `born_months_ago(14 * 12 + 6)`, whatever the day the test runs."""
    today = today or datetime.date.today()
    index = today.year * 12 + today.month - 1 - months
    return index // 12, index % 12 + 1


def fill_sign_up(page: Any, handle: str, name: str, password: str, months_old: int) -> None:
    """Fill the sign-up form by field id (its labels are in the page's language) for a
    young person of that age in months, and send it; 'young person' must be preselected."""
    year, month = born_months_ago(months_old)
    page.locator("#id_username").fill(handle)
    page.locator("#id_display_name").fill(name)
    page.locator("#id_email").fill(f"{handle}@example.org")
    expect(page.locator("#id_role"), "'young person' should be preselected").to_have_value("young")
    page.locator("#id_birth_month").select_option(str(month))
    page.locator("#id_birth_year").select_option(str(year))
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("main form button").last.click()
