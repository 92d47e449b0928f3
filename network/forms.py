"""The alert form: tags typed as words, matched to the shared vocabulary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.models import MAX_COMMENT_TEXT, SavedSearch
from profiles.models import Concept
from profiles.publishing import place_key
from profiles.tagging import checked_tags, match_concepts
from profiles.text import normalize_tag


class SavedSearchForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_(
            "Skills or fields, separated by commas, for example: cooking, childcare. "
            "Offers in every language match."
        ),
    )

    class Meta:
        model = SavedSearch
        fields = ["name", "tags", "place", "contract_type", "active", "email_digest"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract_type"].choices = [("", _("Any contract"))] + list(
            self.fields["contract_type"].choices
        )[1:]
        if self.instance.pk and not self.is_bound:
            language = (get_language() or "en")[:2]
            self.initial["tags"] = ", ".join(
                c.label(language) for c in self.instance.concepts.all()
            )

    def clean_tags(self) -> list[Concept]:
        typed = checked_tags(self.cleaned_data.get("tags", ""))
        found = match_concepts(typed, (get_language() or "en")[:2])
        unknown = [text for text in typed if normalize_tag(text) not in found]
        if unknown:
            raise ValidationError(
                _(
                    "Unknown tag: %(tags)s. Alerts match offers in every language, so each "
                    "tag must be one of the shared tags (see the list of tags)."
                )
                % {"tags": ", ".join(unknown)}
            )
        return list({concept.pk: concept for concept in found.values()}.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not (
            data.get("tags") or data.get("place", "").strip() or data.get("contract_type")
        ):
            raise ValidationError(_("Choose at least a tag, a place or a contract type."))
        return data

    def save(self, commit: bool = True) -> SavedSearch:
        search = super().save(commit=False)
        search.place_key = place_key(search.place)
        search.save()
        search.concepts.set(self.cleaned_data["tags"])
        return search


class CommentForm(forms.Form):
    """A comment under an experience or an offer: words, and an optional content warning."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_COMMENT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summary = forms.CharField(
        label=_("Content warning (optional)"),
        max_length=200,
        required=False,
        help_text=_("If given, readers see only these words until they open the comment."),
    )


def search_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Name of this search"),
        max_length=80,
        help_text=_("Only your organisation's members see it. For example: cooks in Lyon."),
        error_messages={"required": _("Give this search a name.")},
    )


class CandidateSearchRenameForm(forms.Form):
    """The name of an organisation's saved search for candidates."""

    name = search_name_field()


class CandidateSearchForm(CandidateSearchRenameForm):
    """Saving the explore page's search for an organisation: a name, and which one."""

    organisation = forms.TypedChoiceField(
        label=_("For which organisation"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        self.fields["organisation"].choices = [
            (organisation.pk, organisation.profile.display_name) for organisation in organisations
        ]
        if organisations:
            self.fields["organisation"].initial = organisations[0].pk
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
