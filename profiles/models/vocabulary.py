"""The shared vocabulary of recruiter-meaningful concepts (lesson 1 of the pilot)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Concept(models.Model):
    """A skill or activity a recruiter searches for, named in every language we speak."""

    slug = models.SlugField(max_length=80, unique=True)
    group = models.SlugField(max_length=40, blank=True)
    esco_uri = models.URLField(_("ESCO concept"), blank=True)
    labels = models.JSONField(default=dict, help_text=_("Preferred label per language."))
    synonyms = models.JSONField(default=dict, help_text=_("Other words per language."))

    class Meta:
        ordering = ["slug"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The label in the reader's language, else English, else the slug."""
        lang = (language or get_language() or "en")[:2]
        return self.labels.get(lang) or self.labels.get("en") or self.slug


class ConceptLabel(models.Model):
    """One way of saying a concept (label or synonym) in one language, for lookup."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="all_labels")
    language = models.CharField(max_length=8)
    text = models.CharField(max_length=120)
    normalized = models.CharField(max_length=120, db_index=True)
    preferred = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language", "normalized"], name="unique_concept_label"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"
