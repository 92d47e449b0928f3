"""Job offers: written as drafts, published, closed or expired, reposted."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobs.models.organisations import Organisation
from profiles.models import Concept


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent contract")
    FIXED_TERM = "fixed_term", _("Fixed-term contract")
    SEASONAL = "seasonal", _("Seasonal job")
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    VOLUNTEERING = "volunteering", _("Volunteering")
    SUMMER_JOB = "summer_job", _("Summer job")


class RemoteOption(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Partly remote")
    REMOTE = "remote", _("Fully remote")


class OfferState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


class Offer(models.Model):
    """An offer of an organisation here, or a copy of one published on another node.

    Offers are public once published: they are addressed to everyone. A published offer
    is shown while `valid_through` is today or later; after that a periodic task marks
    it expired, and pages never show it even before the task ran.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("job title"), max_length=120)
    description = models.TextField(_("description"), max_length=6000)
    language = models.CharField(_("language of this offer"), max_length=8, default="fr")
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    place = models.CharField(_("town or place"), max_length=120, blank=True)
    place_key = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    remote_option = models.CharField(
        _("remote work"), max_length=10, choices=RemoteOption.choices, default=RemoteOption.ON_SITE
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    valid_through = models.DateField(_("open for applications until"))
    hours = models.CharField(
        _("working hours"), max_length=80, blank=True, help_text=_("For example: 35 h a week.")
    )
    pay = models.CharField(
        _("pay"), max_length=100, blank=True, help_text=_("Optional. For example: 1,800 € a month.")
    )
    languages_required = models.JSONField(_("languages asked for"), default=list, blank=True)
    no_diploma_required = models.BooleanField(_("no diploma required"), default=False)
    experience_instead_of_education = models.BooleanField(
        _("experience accepted in place of education"), default=False
    )
    how_to_apply = models.TextField(
        _("how to apply"),
        max_length=1000,
        blank=True,
        help_text=_("Who to contact, by which means, with what."),
    )
    state = models.CharField(
        max_length=10, choices=OfferState.choices, default=OfferState.DRAFT, db_index=True
    )
    url = models.URLField(_("page on its home node"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Likes and boosts from other nodes, counted (jobs/reactions.py): one per actor.
    likes_count = models.PositiveIntegerField(default=0, editable=False)
    shares_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        indexes = [
            models.Index(fields=["state", "valid_through"], name="offer_open"),
            models.Index(fields=["contract_type", "-published_at"], name="offer_contract_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The offer's page here (for a copy of a remote offer too; `url` is its home)."""
        return reverse("jobs:offer", args=[self.pk])

    @property
    def is_local(self) -> bool:
        return self.organisation.profile.is_local


class OfferTag(models.Model):
    """A skill or field the offer asks for, in the recruiter's words, with its concept."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="tags")
    text = models.CharField(_("tag"), max_length=60)
    normalized = models.CharField(max_length=60, db_index=True)
    concept = models.ForeignKey(
        Concept, null=True, blank=True, on_delete=models.SET_NULL, related_name="offer_tags"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "normalized"], name="unique_tag_per_offer")
        ]
        indexes = [models.Index(fields=["concept", "offer"], name="offertag_concept_offer")]

    def __str__(self) -> str:
        return self.text
