"""A person applies to an offer with a few words and links to chosen experiences.

Applications from another node come through the same function with the links
their node sent (`experience_links`), so the rules are the same for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from contact import events
from contact.models import Application
from jobs.models import Offer
from jobs.offers import open_offers
from profiles.languages import TEXT_LANGUAGE_CODES
from profiles.models import Experience, Profile, ProfileKind

MAX_MESSAGE = 3000
MAX_LINKS = 20


def experience_link(experience: Experience) -> dict[str, str]:
    """What the organisation gets for a chosen experience: its title and full address."""
    base = f"{settings.TREMPLIN_SCHEME}://{settings.TREMPLIN_DOMAIN}"
    return {"title": experience.published.title, "url": base + experience.get_absolute_url()}


def clean_links(links: Iterable[Any]) -> list[dict[str, str]]:
    """Only {title, url} pairs with a web address; anything else is dropped."""
    kept: list[dict[str, str]] = []
    for link in list(links)[:MAX_LINKS]:
        if not isinstance(link, dict):
            continue
        title, url = link.get("title"), link.get("url")
        if (
            isinstance(title, str)
            and isinstance(url, str)
            and url.startswith(("https://", "http://"))
            and len(url) <= 500
        ):
            kept.append({"title": title.strip()[:120] or url, "url": url})
    return kept


@transaction.atomic
def apply(
    offer: Offer,
    person: Profile,
    message: str,
    language: str,
    experiences: Iterable[Experience] = (),
    *,
    experience_links: Iterable[Any] = (),
    remote_id: str = "",
) -> Application:
    """Apply to an open offer, once; experiences must be the person's own, published."""
    if remote_id:
        existing = Application.objects.filter(remote_id=remote_id).first()
        if existing is not None:
            return existing  # received twice: kept once
    if person.kind != ProfileKind.PERSON:
        raise ValidationError(_("Only people can apply to offers."))
    if person.needs_guardian_consent():
        raise ValidationError(
            _(
                "You are under the age of digital consent: ask your counsellor or your "
                "guardian to help you apply."
            )
        )
    if not open_offers().filter(pk=offer.pk).exists():
        raise ValidationError(_("This offer is no longer open."))
    if language not in TEXT_LANGUAGE_CODES:
        raise ValidationError(_("Choose the language of your message."))
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError(_("This message is too long: 3,000 characters at most."))
    chosen = list(experiences)
    ids = {experience.pk for experience in chosen}
    own = Experience.objects.filter(pk__in=ids, owner=person, published__isnull=False)
    if own.count() != len(ids):
        raise ValidationError(_("Choose only your own published experiences."))
    links = [experience_link(e) for e in own.select_related("published", "owner")]
    links += clean_links(experience_links)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                offer=offer,
                person=person,
                message=message,
                language=language,
                experience_links=links,
                remote_id=remote_id,
            )
            application.experiences.set(own)
    except IntegrityError as error:
        raise ValidationError(_("You have already applied to this offer.")) from error
    events.application_sent.send(Application, application=application)
    return application
