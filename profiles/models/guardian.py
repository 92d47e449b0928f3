"""A guardian-consent request: the paper-and-code path by which a young person under the
age of digital consent gets their parent's or guardian's consent recorded.

The young person creates it (profiles.guardian_consent), a guardian (or the counsellor
they chose, with the guardian present) fills it with its code, and only the node's team
records the consent: filling the form never unlocks anything by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentRequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the guardian")
    COMPLETED = "completed", _("Filled in, waiting for the node's team")
    RECORDED = "recorded", _("Consent recorded")
    CANCELLED = "cancelled", _("Cancelled")


class GuardianRelationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    LEGAL_GUARDIAN = "guardian", _("Legal guardian")


class GuardianConsentRequest(models.Model):
    """One form with one code; a code is never reused (unique for ever, usable once)."""

    profile = models.ForeignKey(
        "profiles.Profile",
        on_delete=models.CASCADE,
        related_name="guardian_consent_requests",
        verbose_name=_("young person"),
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ConsentRequestState.choices,
        default=ConsentRequestState.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts to fill it"), default=0)
    guardian_name = models.CharField(_("guardian's name"), max_length=120, blank=True)
    guardian_relationship = models.CharField(
        _("relationship"), max_length=10, choices=GuardianRelationship.choices, blank=True
    )
    completed_at = models.DateTimeField(_("filled in on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        "profiles.Profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("filled in with the counsellor"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("guardian-consent request")
        verbose_name_plural = _("guardian-consent requests")
        constraints = [
            models.UniqueConstraint(
                fields=["profile"],
                condition=models.Q(state="pending"),
                name="one_pending_guardian_consent_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} ({self.display_code})"

    @property
    def display_code(self) -> str:
        """The code as printed and typed: two groups of five ("K7MPQ-R3XWD")."""
        return f"{self.code[:5]}-{self.code[5:]}" if len(self.code) > 5 else self.code

    @property
    def is_open(self) -> bool:
        """Still on its way: waiting for the guardian or for the node's team."""
        return self.state in (ConsentRequestState.PENDING, ConsentRequestState.COMPLETED)
