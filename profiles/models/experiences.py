"""Experiences told as stories: the heart of a young person's profile."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profiles.models.people import Profile
from profiles.models.vocabulary import Concept
from profiles.permissions import visibility_q
from profiles.visibility import Visibility


class ExperienceKind(models.TextChoices):
    JOB = "job", _("Job")
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    SUMMER_JOB = "summer_job", _("Summer job")
    ODD_JOB = "odd_job", _("Odd job")
    VOLUNTEERING = "volunteering", _("Volunteering")
    FAMILY = "family", _("Family help")
    ASSOCIATIVE = "associative", _("Work in an association")
    SCHOOL = "school", _("School or training project")
    SPORT = "sport", _("Sport")
    TRAVEL = "travel", _("Travel")
    HUMANITARIAN = "humanitarian", _("Humanitarian work")
    ARTISTIC = "artistic", _("Artistic or creative work")
    OTHER = "other", _("Other")


TAGS_PREFETCH = ("published__tags__concept",)


class ExperienceQuerySet(models.QuerySet):
    def published(self) -> ExperienceQuerySet:
        return self.filter(published__isnull=False)

    def visible_to(self, user: Any) -> ExperienceQuerySet:
        """Published experiences this user may see (see profiles.permissions)."""
        return self.published().filter(visibility_q(user, owner="owner__"))

    def with_content(self) -> ExperienceQuerySet:
        """What a list of experience cards shows, in one query (tags: `with_tags`)."""
        return self.select_related("published", "owner", "owner__published").defer(
            "search_document"
        )

    def with_tags(self) -> ExperienceQuerySet:
        return self.prefetch_related(*TAGS_PREFETCH)

    def by_date(self, shown: str = "published") -> ExperienceQuerySet:
        """Newest first, as a working life reads: what the person still does, then by end
        date, then by start date, all descending; drafts without dates last.

        The one order of a person's experiences (their page, "My experiences", the CV), on
        every node: it reads only the dates and title of the story, which travel with it
        (the local id breaks the last ties). `shown` says whose dates count: the
        "published" revision, or the "current" one (the draft if any, as its owner sees it).
        """

        def field(name: str) -> Any:
            if shown == "published":
                return F(f"published__{name}")
            return Case(
                When(draft__isnull=False, then=F(f"draft__{name}")),
                default=F(f"published__{name}"),
            )

        return (
            self.annotate(
                shown_start_year=field("start_year"),
                shown_start_month=field("start_month"),
                shown_end_year=field("end_year"),
                shown_end_month=field("end_month"),
                shown_title=field("title"),
            )
            .annotate(
                date_rank=Case(
                    When(shown_start_year__isnull=True, then=Value(2)),
                    When(shown_end_year__isnull=True, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by(
                "date_rank",
                F("shown_end_year").desc(nulls_last=True),
                F("shown_end_month").desc(nulls_last=True),
                F("shown_start_year").desc(nulls_last=True),
                F("shown_start_month").desc(nulls_last=True),
                "shown_title",
                "-pk",
            )
        )


class Experience(models.Model):
    """An experience; its words live in revisions, the published one is what others see.

    `kind`, `language`, `search_document` and `published_at` are copied from the
    published revision when it is published, so browsing never joins revisions.
    """

    owner = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="experiences")
    visibility = models.IntegerField(choices=Visibility.choices, default=Visibility.MEMBERS)
    published = models.OneToOneField(
        "ExperienceRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft = models.OneToOneField(
        "ExperienceRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ExperienceKind.choices, blank=True)
    language = models.CharField(max_length=8, blank=True)
    place_key = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    search_document = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Likes and boosts from other nodes, counted (profiles/reactions.py): one per actor.
    likes_count = models.PositiveIntegerField(default=0, editable=False)
    shares_count = models.PositiveIntegerField(default=0, editable=False)
    # Kept as another node sent them (its author's content warning, its media as links):
    # this node's people do not write these, so they live beside the revisions.
    content_warning = models.CharField(_("content warning"), max_length=500, blank=True)
    sensitive = models.BooleanField(_("sensitive"), default=False)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        indexes = [
            models.Index(fields=["visibility", "-published_at"], name="exp_visible_recent"),
            models.Index(fields=["owner", "-published_at"], name="exp_owner_recent"),
            models.Index(fields=["kind", "-published_at"], name="exp_kind_recent"),
            models.Index(fields=["language", "-published_at"], name="exp_lang_recent"),
            # Matching reads what it ranks on from here, not from the (large) rows;
            # PostgreSQL only (other databases skip covering indexes).
            models.Index(
                fields=["id"],
                include=["owner", "visibility", "kind", "place_key", "published_at"],
                condition=models.Q(published__isnull=False),
                name="exp_match_cover",
            ),
        ]

    def __str__(self) -> str:
        revision = self.published or self.draft
        return revision.heading() if revision else f"experience {self.pk}"

    def get_absolute_url(self) -> str:
        # qualified: an experience of another node's person lives at /@name@node/...
        handle = self.owner.qualified_handle
        return reverse("profiles:experience", kwargs={"handle": handle, "pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_id is not None


class ExperienceRevision(models.Model):
    """One version of an experience's story. Drafts have no published_at."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="revisions")
    # A draft may miss anything (it saves with a title or a line of story); what is needed
    # to publish is checked by publishing.check_complete, so published revisions are whole.
    kind = models.CharField(
        _("kind of experience"), max_length=20, choices=ExperienceKind.choices, blank=True
    )
    title = models.CharField(
        _("my role"),
        max_length=120,
        blank=True,
        help_text=_("For example: kitchen helper, camp leader."),
    )
    organisation = models.CharField(
        _("where (organisation, family, club)"), max_length=120, blank=True
    )
    place = models.CharField(_("town or place"), max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(_("start month"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("end month"), null=True, blank=True)
    what_i_did = models.TextField(_("what I did"), max_length=3000, blank=True)
    responsibilities = models.TextField(_("my responsibilities"), max_length=3000, blank=True)
    motivation = models.TextField(_("what interested or motivated me"), max_length=3000, blank=True)
    learned = models.TextField(_("what I learned"), max_length=3000, blank=True)
    language = models.CharField(_("language of this story"), max_length=8)
    visibility = models.IntegerField(choices=Visibility.choices, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    STORY_FIELDS = ("what_i_did", "responsibilities", "motivation", "learned")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("experience revision")
        verbose_name_plural = _("experience revisions")

    def __str__(self) -> str:
        return self.heading()

    def heading(self) -> str:
        """What names it in a list: the role, else the first words of a draft's story."""
        if self.title:
            return self.title
        story = next((getattr(self, name) for name in self.STORY_FIELDS if getattr(self, name)), "")
        if story:
            first = " ".join(story.split()[:8])
            return first if len(first) <= 60 else first[:59] + "…"
        return str(_("An experience with no title yet"))

    @property
    def ongoing(self) -> bool:
        """Still going on: started, with no end (a draft with no dates is not)."""
        return self.start_year is not None and self.end_year is None

    def story_parts(self) -> list[tuple[str, str]]:
        """(label, text) of each non-empty part of the story, in telling order."""
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in self.STORY_FIELDS
            if getattr(self, name)
        ]


class ExperienceTag(models.Model):
    """A tag on a revision: the person's own words, and the concept they match if any."""

    revision = models.ForeignKey(ExperienceRevision, on_delete=models.CASCADE, related_name="tags")
    text = models.CharField(_("tag"), max_length=60)
    normalized = models.CharField(max_length=60, db_index=True)
    concept = models.ForeignKey(
        Concept, null=True, blank=True, on_delete=models.SET_NULL, related_name="experience_tags"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "normalized"], name="unique_tag_per_revision"
            )
        ]
        indexes = [models.Index(fields=["concept", "revision"], name="tag_concept_revision")]

    def __str__(self) -> str:
        return self.text


class ExperienceConcept(models.Model):
    """Which concepts a published experience carries, with its date: the tag pages' index.

    Rebuilt at each publication, so a tag page reads one index in date order instead of
    walking every recent experience to find the ones with the concept.
    """

    experience = models.ForeignKey(
        Experience, on_delete=models.CASCADE, related_name="concept_links"
    )
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["experience", "concept"], name="unique_concept_link")
        ]
        indexes = [
            models.Index(fields=["concept", "-published_at"], name="concept_recent"),
            # Matching counts shared concepts per experience from this index alone.
            models.Index(fields=["concept", "experience"], name="concept_experience"),
        ]

    def __str__(self) -> str:
        return f"{self.experience_id} → {self.concept_id}"
