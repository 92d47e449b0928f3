"""A person applies to an offer with a few words and links to chosen experiences.

Applications from another node come through the same function with the links
their node sent (`experience_links`), so the rules are the same for both: an
application with neither an experience nor a message is refused wherever it was
written. `check` runs every rule without storing, for the review page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
from profiles.models import Experience, Profile, ProfileKind, Role

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


def apply_refusal(person: Profile) -> str | None:
    """Why this person may not apply to offers at all (None when they may), said before
    any form: only young people apply, and not under the age of digital consent without
    a guardian's consent. People of other nodes are judged by their own node (their role
    does not travel), except that they must be people."""
    if person.kind != ProfileKind.PERSON:
        return _("Only people can apply to offers.")
    if person.is_local and person.role == Role.ORGANISATION:
        return _(
            "You have an organisation member's account: you cannot apply to offers with it. "
            "To look for a job for yourself, create a young person's account."
        )
    if person.is_local and person.role == Role.COUNSELLOR:
        return _(
            "You have a counsellor's account: you cannot apply to offers with it. Help the "
            "young people you follow apply from their own account."
        )
    if person.needs_guardian_consent():
        return _(
            "You are under the age of digital consent: you cannot apply on your own yet. "
            "Ask a parent or guardian for consent, or ask your counsellor to help you."
        )
    return None


@dataclass(frozen=True)
class CheckedApplication:
    """An application that passed every rule, not stored yet (what the review page shows)."""

    message: str
    language: str
    experiences: list[Experience]
    links: list[dict[str, str]]


def check(
    offer: Offer,
    person: Profile,
    message: str,
    language: str,
    experiences: Iterable[Experience] = (),
    *,
    experience_links: Iterable[Any] = (),
) -> CheckedApplication:
    """Every rule of an application, without storing anything: the review page and
    `apply` ask the same questions, so what was reviewed is what can be sent."""
    refusal = apply_refusal(person)
    if refusal:
        raise ValidationError(refusal)
    if not open_offers().filter(pk=offer.pk).exists():
        raise ValidationError(_("This offer is no longer open."))
    if language not in TEXT_LANGUAGE_CODES:
        raise ValidationError(_("Choose the language of your message."))
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError(_("This message is too long: 3,000 characters at most."))
    chosen = list(experiences)
    ids = {experience.pk for experience in chosen}
    own = list(
        Experience.objects.filter(pk__in=ids, owner=person, published__isnull=False)
        .select_related("published", "owner")
        .order_by("pk")
    )
    if len(own) != len(ids):
        raise ValidationError(_("Choose only your own published experiences."))
    links = [experience_link(e) for e in own] + clean_links(experience_links)
    if not message and not links:
        raise ValidationError(
            _("Tick at least one experience or write a few words to the recruiter."),
            code="empty",
        )
    if Application.objects.filter(offer=offer, person=person).exists():
        raise ValidationError(_("You have already applied to this offer."))
    return CheckedApplication(message=message, language=language, experiences=own, links=links)


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
    """Apply to an open offer, once, with at least an experience or a few words;
    experiences must be the person's own, published. The one gate for applications
    written here and those arriving from other nodes."""
    if remote_id:
        existing = Application.objects.filter(remote_id=remote_id).first()
        if existing is not None:
            return existing  # received twice: kept once
    checked = check(
        offer, person, message, language, experiences, experience_links=experience_links
    )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                offer=offer,
                person=person,
                message=checked.message,
                language=checked.language,
                experience_links=checked.links,
                remote_id=remote_id,
            )
            application.experiences.set(checked.experiences)
    except IntegrityError as error:
        raise ValidationError(_("You have already applied to this offer.")) from error
    events.application_sent.send(Application, application=application)
    return application
