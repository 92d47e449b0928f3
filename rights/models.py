"""What stays of an account closed here: the handle, reserved for good."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from profiles.models import Profile


class ClosedAccount(models.Model):
    """A person deleted their account. The emptied profile row stays (user-less, never
    published): it reserves the handle, and it is the actor of the `Delete` still being
    delivered. Its signing key is kept until those deliveries end (`key_purged_at`)."""

    profile = models.OneToOneField(Profile, on_delete=models.CASCADE, related_name="closed")
    closed_at = models.DateTimeField(auto_now_add=True)
    key_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("closed account")
        verbose_name_plural = _("closed accounts")

    def __str__(self) -> str:
        return str(self.profile)
