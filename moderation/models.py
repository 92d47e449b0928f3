"""Reports about people and what they published, and the log of what the team did.

A report names its target by kind and primary key (plus a text snapshot, so the queue
and the log still say what it was after the item is removed). The audit log is
append-only: entries are never changed nor deleted, not even from the admin.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from profiles.models import Profile


class Category(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    HARASSMENT = "harassment", _("Harassment or insults")
    INAPPROPRIATE = "inappropriate", _("Inappropriate content")
    MINOR = "minor", _("A minor at risk")
    OTHER = "other", _("Something else")


class TargetKind(models.TextChoices):
    PROFILE = "profile", _("profile")
    EXPERIENCE = "experience", _("experience")
    OFFER = "offer", _("job offer")
    MESSAGE = "message", _("message")


class ReportState(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    RESOLVED = "resolved", _("Acted upon")


class Report(models.Model):
    """Someone here (or another node, by a `Flag`) points the team at an item."""

    reporter = models.ForeignKey(
        Profile, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_made"
    )
    reporter_node = models.CharField(
        _("reported by the node"),
        max_length=253,
        blank=True,
        help_text=_("Set when another node sent the report; empty for a report made here."),
    )
    category = models.CharField(_("reason"), max_length=20, choices=Category.choices)
    comment = models.TextField(_("what is wrong"), max_length=1000, blank=True)
    target_kind = models.CharField(max_length=12, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    target_profile = models.ForeignKey(
        Profile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_received",
        help_text=_("The account the reported item belongs to."),
    )
    target_label = models.CharField(max_length=300, blank=True)
    target_text = models.TextField(blank=True, help_text=_("What the item said when reported."))
    target_domain = models.CharField(max_length=253, blank=True)
    forwarded_to = models.CharField(max_length=253, blank=True)
    flag_uri = models.CharField(max_length=500, blank=True)
    state = models.CharField(
        max_length=10, choices=ReportState.choices, default=ReportState.OPEN, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_kind", "target_id"],
                condition=models.Q(state="open", reporter__isnull=False),
                name="one_open_report_per_reporter",
            ),
            models.UniqueConstraint(
                fields=["flag_uri"], condition=~models.Q(flag_uri=""), name="one_report_per_flag"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.target_label}"

    @property
    def reported_by(self) -> str:
        if self.reporter_id:
            return str(self.reporter)
        return self.reporter_node or "?"


class Action(models.TextChoices):
    DISMISS = "dismiss", _("Report dismissed")
    REMOVE = "remove", _("Item removed")
    SUSPEND = "suspend", _("Account suspended")
    UNSUSPEND = "unsuspend", _("Suspension lifted")
    BLOCK_DOMAIN = "block_domain", _("Node blocked")


class AuditEntry(models.Model):
    """One moderation action: who, when, what, on what, why, and what it removed."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator_name = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    target = models.CharField(max_length=300)
    note = models.TextField(blank=True, max_length=1000)
    counts = models.JSONField(default=dict, blank=True)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.moderator_name}: {self.action} {self.target}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("the moderation log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("the moderation log is append-only")
