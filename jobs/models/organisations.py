"""Organisations: a showcase profile (name, about, logo live on the Profile) and members."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.models import Profile


class OrganisationType(models.TextChoices):
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    PUBLIC_SERVICE = "public_service", _("Public service")


class OrganisationSize(models.TextChoices):
    MICRO = "micro", _("1 to 9 people")
    SMALL = "small", _("10 to 49 people")
    MEDIUM = "medium", _("50 to 249 people")
    LARGE = "large", _("250 people or more")


class Organisation(models.Model):
    """What an organisation shows beyond its profile: sector, size, place, the node's mark.

    Its name, description (with its language) and logo are the profile's, so following,
    discovery and federation treat it like any actor. Remote organisations have a row
    too, filled from what their node says (including whether that node verified them).
    """

    profile = models.OneToOneField(Profile, on_delete=models.CASCADE, related_name="organisation")
    org_type = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=OrganisationType.choices,
        default=OrganisationType.COMPANY,
    )
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=OrganisationSize.choices, blank=True)
    place = models.CharField(_("town or place"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    verified_at = models.DateTimeField(_("verified by the node on"), null=True, blank=True)
    verified_note = models.CharField(
        _("how it was verified"),
        max_length=200,
        blank=True,
        help_text=_("For the node's team: for example, company registration number checked."),
    )
    accompanying = models.BooleanField(
        _("accompanying structure"),
        default=False,
        help_text=_(
            "Set by the node's team for structures that accompany young people (a mission "
            "locale, a school, an association): their owners may invite counsellors."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.profile.display_name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_local(self) -> bool:
        return self.profile.is_local

    @property
    def verifier_domain(self) -> str:
        """The node that vouches for the mark: this one, or the organisation's own node."""
        return self.profile.domain or settings.TREMPLIN_DOMAIN


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    RECRUITER = "recruiter", _("Recruiter")


class Membership(models.Model):
    """A user acting for an organisation; owners manage members, recruiters post offers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.RECRUITER
    )
    shown_on_page = models.BooleanField(
        _("appear on the organisation's page"),
        default=False,
        help_text=_("Your profile is listed among the organisation's people."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership")
        ]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


def _invitation_code() -> str:
    return secrets.token_urlsafe(12)


def _in_thirty_days() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=30)


class CounsellorInvitation(models.Model):
    """A one-use code an accompanying structure's owner gives to one of its counsellors."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="counsellor_invitations"
    )
    code = models.CharField(_("code"), max_length=32, unique=True, default=_invitation_code)
    note = models.CharField(_("for whom"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=_in_thirty_days)
    redeemed_by = models.ForeignKey(
        Profile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    redeemed_at = models.DateTimeField(_("used on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("counsellor invitation")
        verbose_name_plural = _("counsellor invitations")

    def __str__(self) -> str:
        return f"{self.code} ({self.organisation})"

    def is_usable(self) -> bool:
        return self.redeemed_at is None and self.expires_at > timezone.now()
