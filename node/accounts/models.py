"""Users, invitation codes and the node settings an admin edits in the admin."""

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in to this node; their public self is a profiles.Profile."""

    email = models.EmailField(_("email address"), unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class NodeSettings(models.Model):
    """The one row of settings a node admin changes without redeploying."""

    name = models.CharField(_("node name"), max_length=80, default="Tremplin")
    description = models.TextField(
        _("about this node"),
        blank=True,
        max_length=4000,
        help_text=_("Shown on the About page: who runs this node, for which territory."),
    )
    description_language = models.CharField(
        _("language of the description"), max_length=8, default="fr"
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    require_invitation = models.BooleanField(_("sign-up needs an invitation code"), default=False)
    authorized_fetch = models.BooleanField(
        _("ActivityPub requests must be signed"),
        default=False,
        help_text=_(
            "Other nodes must sign every ActivityPub read of your people and their "
            "experiences, so a blocked node cannot read them anonymously. This node's own "
            "actor and discovery documents stay readable without a signature."
        ),
    )

    class Meta:
        verbose_name = _("node settings")
        verbose_name_plural = _("node settings")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "NodeSettings":
        row, _created = cls.objects.get_or_create(pk=1)
        return row


def _new_code() -> str:
    return secrets.token_urlsafe(9)


class Invitation(models.Model):
    """A code a node admin hands out when sign-up is by invitation only."""

    code = models.CharField(_("code"), max_length=32, unique=True, default=_new_code)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Who it is for."))
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    uses = models.PositiveIntegerField(_("uses"), default=0)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.code

    def is_usable(self) -> bool:
        if self.uses >= self.max_uses:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
