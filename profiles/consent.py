"""Age of digital consent: who needs a guardian's consent before leaving "private".

GDPR article 8 lets each country choose between 13 and 16; the pilot's countries
chose these. A node's country is its TREMPLIN_COUNTRY setting.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CONSENT_AGE_BY_COUNTRY = {"FR": 15, "ES": 14, "IT": 14, "RO": 16}
DEFAULT_CONSENT_AGE = 16
COUNTRY_NAMES = {"FR": _("France"), "ES": _("Spain"), "IT": _("Italy"), "RO": _("Romania")}
ADULT_AGE = 18


def consent_age(country: str | None = None) -> int:
    return CONSENT_AGE_BY_COUNTRY.get(
        (country or settings.TREMPLIN_COUNTRY).upper(), DEFAULT_CONSENT_AGE
    )


def country_name(country: str | None = None) -> str:
    """The node's country in words, for the sentence that explains the law."""
    return str(COUNTRY_NAMES.get((country or settings.TREMPLIN_COUNTRY).upper(), _("this country")))


def birthday_of_age(birth_year: int, birth_month: int, age: int) -> datetime.date:
    """The first day by which someone born in that month has surely turned `age`.

    Only month and year are asked (data minimisation), so we count from the first
    day of the following month: protection lasts at most a few weeks too long,
    never a day too short.
    """
    year, month = birth_year + age, birth_month + 1
    if month == 13:
        year, month = year + 1, 1
    return datetime.date(year, month, 1)


def is_minor(birth_year: int | None, birth_month: int | None, today: datetime.date) -> bool:
    if not birth_year or not birth_month:
        return False
    return today < birthday_of_age(birth_year, birth_month, ADULT_AGE)
