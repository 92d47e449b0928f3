"""Conversations between an organisation and a person, and applications to offers.

`remote_id` fields hold the identifier the other node gave a message or an
application, so a message that arrives twice is stored once; the domain does not
care how it travelled.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import Offer
from profiles.models import Experience, Profile


class ConversationState(models.TextChoices):
    OPEN = "open", _("Open")
    DECLINED = "declined", _("Declined")


class Conversation(models.Model):
    """A recruiter's contact with a person about an offer (or in general)."""

    organisation = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="conversations_started"
    )
    person = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="conversations_received"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    subject = models.CharField(_("subject"), max_length=160)
    state = models.CharField(
        max_length=10, choices=ConversationState.choices, default=ConversationState.OPEN
    )
    through_counsellors = models.BooleanField(
        default=False,
        help_text=_("The person is under the age of digital consent: only counsellors read it."),
    )
    copy_counsellors = models.BooleanField(
        _("copy the person's counsellors"),
        default=False,
        help_text=_("Asked by the organisation; for a person of another node, their node copies."),
    )
    remote_id = models.CharField(max_length=500, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    """One message of a conversation, in the language its author wrote it in."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language of this message"), max_length=8, default="fr")
    copied_counsellors = models.ManyToManyField(Profile, blank=True, related_name="+")
    remote_id = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["remote_id"], condition=~models.Q(remote_id=""), name="one_remote_message"
            )
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.body[:60]


class ApplicationStatus(models.TextChoices):
    """Where an application stands, as the young person sees it (contact.application_status)."""

    SENT = "sent", _("Sent")
    SEEN = "seen", _("Seen")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    NOT_RETAINED = "not_retained", _("Not retained")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """A person applies to an offer, pointing to the experiences that show they fit."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="applications")
    message = models.TextField(_("a few words to the recruiter"), max_length=3000, blank=True)
    language = models.CharField(_("language of this message"), max_length=8, default="fr")
    experiences = models.ManyToManyField(Experience, blank=True, related_name="+")
    experience_links = models.JSONField(
        default=list, blank=True, help_text=_("Title and address of each experience chosen.")
    )
    remote_id = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SENT,
        db_index=True,
    )
    # When the status last changed (for a change made on another node: when it was made there).
    status_changed_at = models.DateTimeField(_("status changed on"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "person"], name="one_application_per_offer")
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.person} → {self.offer}"
