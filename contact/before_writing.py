"""What an organisation member is told before writing to a person, not after posting.

`messaging` keeps the rules and enforces them when a message is sent; this module asks
the same rules ahead, so the contact page says at the top whether writing is possible,
why not, and where the message will go (a minor's counsellors), before anyone types.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contact import messaging
from contact.models import Conversation
from profiles import consent
from profiles.models import Profile


@dataclass
class BeforeWriting:
    """`refusal`: why writing is impossible (no form then); `notices`: what to know first."""

    refusal: str | None = None
    notices: list[str] = field(default_factory=list)


def organisations_with_room(organisations: QuerySet[Profile]) -> QuerySet[Profile]:
    """The organisations that may still start a conversation today (messaging.per_day)."""
    since = timezone.now() - datetime.timedelta(hours=24)
    full = (
        Conversation.objects.filter(organisation__in=organisations, created_at__gte=since)
        .values("organisation")
        .annotate(started=Count("pk"))
        .filter(started__gte=messaging.per_day())
        .values("organisation")
    )
    return organisations.exclude(pk__in=full)


def before_writing(person: Profile, organisations: QuerySet[Profile]) -> BeforeWriting:
    if not organisations.exists():
        return BeforeWriting(_("Only members of an organisation can contact people."))
    refusal = messaging.contact_refusal(person)
    if refusal:
        return BeforeWriting(refusal)
    if not organisations_with_room(organisations).exists():
        limit = messaging.per_day()
        return BeforeWriting(
            _(
                "Your organisation has already started %(limit)s conversations in the last "
                "24 hours: you can write again tomorrow."
            )
            % {"limit": limit}
        )
    notices = []
    if messaging.under_consent_age(person):
        notices.append(
            _(
                "This young person is under the age of digital consent (%(age)s in "
                "%(country)s): your message goes to the counsellors they chose, who read it "
                "and answer for them."
            )
            % {"age": consent.consent_age(), "country": consent.country_name()}
        )
    return BeforeWriting(notices=notices)
