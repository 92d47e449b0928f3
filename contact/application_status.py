"""Where an application stands: the one place that changes its status.

The young person sees it (sent, seen, shortlisted, not retained, withdrawn); the
organisation sets it (seen on first opening, then shortlisted or not retained); the
applicant withdraws. A withdrawn application never changes again. Changes made on
another node come through `receive` with the moment they were made there, so a
change received twice, or an older one arriving late, changes nothing. Every change
is announced by `contact.events.application_status_changed` (federation and
notifications listen; this module knows nothing of them).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contact import events
from contact.access import is_member
from contact.models import Application, ApplicationStatus
from profiles.models import Profile

CLOCK_SKEW = datetime.timedelta(minutes=10)
# What an organisation may choose on its applications page ("seen" undoes a decision).
ORGANISATION_CHOICES = (
    ApplicationStatus.SEEN,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.NOT_RETAINED,
)


def _change(
    application: Application,
    status: str,
    by: Profile,
    at: datetime.datetime | None = None,
) -> Application:
    """Store the new status (inside the caller's transaction) and announce it."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(
            _("This application was withdrawn: its status cannot change any more."),
            code="withdrawn",
        )
    if at is not None and at <= locked.status_changed_at:
        return locked  # received twice, or older than what we know: nothing changes
    if locked.status == status:
        return locked
    locked.status = status
    locked.status_changed_at = at or timezone.now()
    locked.save(update_fields=["status", "status_changed_at"])
    application.status, application.status_changed_at = locked.status, locked.status_changed_at
    events.application_status_changed.send(
        Application, application=locked, status=status, by=by, remote=at is not None
    )
    return locked


@transaction.atomic
def mark_seen(application: Application, user: Any) -> bool:
    """An organisation member opens an application for the first time: it is "seen".
    Nobody else (not the applicant, not a moderator) makes it seen."""
    if application.status != ApplicationStatus.SENT:
        return False
    organisation = application.offer.organisation.profile
    if not organisation.is_local or not is_member(user, organisation):
        return False
    changed = _change(application, ApplicationStatus.SEEN, organisation)
    return changed.status == ApplicationStatus.SEEN


@transaction.atomic
def set_status(application: Application, status: str, user: Any) -> Application:
    """A member of the offer's organisation shortlists the application, or not."""
    organisation = application.offer.organisation.profile
    if not organisation.is_local or not is_member(user, organisation):
        raise ValidationError(_("Only the organisation's members can change this status."))
    if status not in ORGANISATION_CHOICES:
        raise ValidationError(_("Choose a status from the list."))
    return _change(application, status, organisation)


@transaction.atomic
def withdraw(application: Application, person: Profile) -> Application:
    """The applicant takes their application back; it stays, greyed, for the organisation."""
    if person.pk != application.person_id:
        raise ValidationError(_("Only the person who applied can withdraw this application."))
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    return _change(application, ApplicationStatus.WITHDRAWN, person)


@transaction.atomic
def receive(
    application: Application, status: str, by: Profile, at: datetime.datetime
) -> Application:
    """A change made on another node: by the offer's organisation (a status) or by the
    applicant (a withdrawal), never by anyone else."""
    if status == ApplicationStatus.WITHDRAWN:
        if by.pk != application.person_id or by.is_local:
            raise ValidationError(_("Only the person who applied can withdraw this application."))
        if application.status == ApplicationStatus.WITHDRAWN:
            return application  # received twice: withdrawn once
    elif status in ORGANISATION_CHOICES:
        organisation = application.offer.organisation.profile
        if by.pk != organisation.pk or organisation.is_local:
            raise ValidationError(_("Only the organisation's members can change this status."))
    else:
        raise ValidationError(_("Choose a status from the list."))
    # A clock far ahead would block every later change: a few minutes of skew, no more.
    return _change(application, status, by, at=min(at, timezone.now() + CLOCK_SKEW))


def counts_by_status(found: QuerySet[Application]) -> list[dict[str, Any]]:
    """How many of these applications stand at each status, new (not seen yet) first."""
    counted = dict(found.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"status": status.value, "label": status.label, "count": counted.get(status.value, 0)}
        for status in ApplicationStatus
    ]
