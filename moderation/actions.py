"""What the node's team does about a report; every action writes one audit entry.

Items are removed through their own domain's services (so the usual signals tell
followers and other nodes), accounts are suspended reversibly, nodes are blocked
through node_blocks (the federation app does it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation import node_blocks
from moderation.models import Action, AuditEntry, Report, ReportState, TargetKind
from moderation.targets import find_any
from node.web.pagecache import retire_cached_pages
from profiles.models import Profile


def record(
    moderator: Any,
    action: str,
    target: str,
    note: str = "",
    *,
    report: Report | None = None,
    counts: dict[str, int] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        moderator=moderator,
        moderator_name=moderator.get_username(),
        action=action,
        target=target[:300],
        note=note,
        report=report,
        counts=counts or {},
    )


def close_report(report: Report, moderator: Any, state: str) -> None:
    report.state, report.closed_at, report.closed_by = state, timezone.now(), moderator
    report.save(update_fields=["state", "closed_at", "closed_by"])


@transaction.atomic
def dismiss(report: Report, moderator: Any, note: str = "") -> None:
    close_report(report, moderator, ReportState.DISMISSED)
    record(moderator, Action.DISMISS, report.target_label, note, report=report)


@transaction.atomic
def remove_item(report: Report, moderator: Any, note: str = "") -> None:
    """Take the reported item down: experiences unpublished, offers closed, messages deleted."""
    from contact.models import Message
    from jobs import offers
    from profiles import publishing

    target = find_any(report.target_kind, report.target_id)
    if target is not None:
        if report.target_kind == TargetKind.EXPERIENCE:
            publishing.unpublish_experience(target.item)
        elif report.target_kind == TargetKind.OFFER:
            offers.close(target.item)
        elif report.target_kind == TargetKind.MESSAGE:
            Message.objects.filter(pk=target.item.pk).delete()
        else:
            raise ValidationError(_("A profile is not removed: suspend the account instead."))
    close_report(report, moderator, ReportState.RESOLVED)
    record(moderator, Action.REMOVE, report.target_label, note, report=report)


@transaction.atomic
def suspend(profile: Profile, moderator: Any, note: str = "", report: Report | None = None) -> None:
    """Hide the account and all it published; a local person can no longer log in."""
    profile.suspended_at = timezone.now()
    profile.save(update_fields=["suspended_at"])  # saving retires anonymous cached pages
    if profile.user_id:
        type(profile.user).objects.filter(pk=profile.user_id).update(is_active=False)
    if report is not None:
        close_report(report, moderator, ReportState.RESOLVED)
    record(moderator, Action.SUSPEND, profile.fediverse_handle, note, report=report)


@transaction.atomic
def lift_suspension(profile: Profile, moderator: Any, note: str = "") -> None:
    """Everything the account had comes back as it was."""
    profile.suspended_at = None
    profile.save(update_fields=["suspended_at"])
    if profile.user_id:
        type(profile.user).objects.filter(pk=profile.user_id).update(is_active=True)
    record(moderator, Action.UNSUSPEND, profile.fediverse_handle, note)


@transaction.atomic
def block_domain(
    domain: str, moderator: Any, note: str = "", report: Report | None = None
) -> dict[str, int]:
    if not domain:
        raise ValidationError(_("This item is from this node: there is no node to block."))
    counts = node_blocks.block_node(domain, note)
    Report.objects.filter(target_domain=domain, state=ReportState.OPEN).update(
        state=ReportState.RESOLVED, closed_at=timezone.now(), closed_by=moderator
    )
    record(moderator, Action.BLOCK_DOMAIN, domain, note, report=report, counts=counts)
    retire_cached_pages()
    return counts
