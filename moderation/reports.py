"""Making a report: one open report per person and item, and a few an hour at most.

The limit is counted in the database (reports made in the last hour), so it holds
across processes and restarts.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation import events
from moderation.models import Report, ReportState
from moderation.targets import Target
from profiles.models import Profile

REPORTS_PER_HOUR = 10


def already_open(reporter: Profile, target: Target) -> bool:
    return Report.objects.filter(
        reporter=reporter,
        target_kind=target.kind,
        target_id=target.item.pk,
        state=ReportState.OPEN,
    ).exists()


def about(target: Target) -> dict[str, Any]:
    """A report's fields that keep what was reported, as it was when reported."""
    return {
        "target_kind": target.kind,
        "target_id": target.item.pk,
        "target_profile": target.owner,
        "target_label": target.label[:300],
        "target_text": target.text[:5000],
    }


def check_allowed(reporter: Profile, target: Target, now: datetime.datetime | None = None) -> None:
    """Refuse a second open report on one item, one's own items, or too many reports."""
    if target.owner.pk == reporter.pk:
        raise ValidationError(_("You cannot report your own profile or what you published."))
    if already_open(reporter, target):
        raise ValidationError(
            _("You already reported this; the node's team has not looked at it yet.")
        )
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    if Report.objects.filter(reporter=reporter, created_at__gte=since).count() >= REPORTS_PER_HOUR:
        raise ValidationError(
            _("You made %(count)d reports in the last hour: please wait before the next one.")
            % {"count": REPORTS_PER_HOUR}
        )


def make_report(
    reporter: Profile, target: Target, category: str, comment: str, *, forward: bool = False
) -> Report:
    """Store the report; with `forward`, also tell the item's node (a `Flag` from this node)."""
    check_allowed(reporter, target)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                category=category,
                comment=comment,
                **about(target),
                target_domain=target.domain,
                forwarded_to=target.domain if forward and target.domain else "",
            )
            if report.forwarded_to:
                events.report_forwarded.send(sender=Report, report=report, target=target)
    except IntegrityError as error:  # the same report posted twice at once
        raise ValidationError(
            _("You already reported this; the node's team has not looked at it yet.")
        ) from error
    return report
