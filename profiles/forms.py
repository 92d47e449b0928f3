"""Forms of the profile and experience editors; every error says what to do."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles import avatars, counsellors, story_examples
from profiles.languages import TEXT_LANGUAGES
from profiles.models import (
    CommentPolicy,
    Concept,
    ExperienceKind,
    ExperienceRevision,
    Profile,
    ProfileRevision,
)
from profiles.tagging import MAX_TAGS, checked_tags, split_tags
from profiles.visibility import Visibility
from profiles.widgets import ExplainedRadioSelect, FastSelect

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


# One sentence per level, in plain words: who will be able to see it.
VISIBILITY_HELP = {
    Visibility.ONLY_ME: _("Only you, not even your counsellors: a note for yourself."),
    Visibility.PRIVATE: _("Only you and the counsellors you chose."),
    Visibility.MEMBERS: _("People who have an account on this site and are logged in."),
    Visibility.FOLLOWERS: _("People who follow you, and people who have an account on this site."),
    Visibility.PUBLIC: _("Everyone, including people not logged in and employers on other sites."),
}


def year_range() -> range:
    this_year = timezone.localdate().year
    return range(this_year + 1, this_year - 80, -1)


class ProfileDraftForm(forms.ModelForm):
    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=TEXT_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of these texts"), choices=TEXT_LANGUAGES)

    class Meta:
        model = ProfileRevision
        fields = ["display_name", "headline", "about", "territory", "languages_spoken", "language"]
        widgets = {"about": forms.Textarea(attrs={"rows": 5})}


class AvatarForm(forms.Form):
    """A photo or a logo; what it cleans is a new file (see profiles.avatars)."""

    avatar = forms.ImageField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, 2 MB at most."))

    def clean_avatar(self) -> ContentFile:
        return avatars.safe_image(self.cleaned_data["avatar"])


class ProfileSettingsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["default_visibility", "approves_followers", "accepts_contact", "comment_policy"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["default_visibility"]
        field.choices = self.instance.visibility_choices()
        field.widget = ExplainedRadioSelect(VISIBILITY_HELP, choices=field.choices)
        # Shown as chosen, or as the default for the person's age; saved as chosen (left
        # out of a post, it stays as it was).
        policy = self.fields["comment_policy"]
        policy.choices = CommentPolicy.choices
        policy.widget = forms.RadioSelect(choices=CommentPolicy.choices)
        self.initial["comment_policy"] = self.instance.effective_comment_policy()


class PublishForm(forms.Form):
    visibility = forms.TypedChoiceField(
        label=_("Who can see it"), coerce=int, widget=ExplainedRadioSelect(VISIBILITY_HELP)
    )

    def __init__(self, *args: Any, owner: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = owner.visibility_choices()


# Errors that only stop publication: a draft is still saved with what was typed.
TO_PUBLISH = "required_to_publish"


class ExperienceForm(forms.ModelForm):
    """The experience editor: a draft saves with anything in it; publishing needs the whole
    story (`publishing=True`), and then says what is missing next to each field.

    With an `owner`, the form also asks who can see it (the choices the owner may use
    today); without, as when importing, there is no such question.
    """

    ongoing = forms.BooleanField(label=_("I still do it"), required=False)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_(
            "Words a recruiter would look for, separated by commas: for example "
            "cooking, customer service, teamwork."
        ),
    )
    suggested = forms.MultipleChoiceField(
        label=_("Suggested tags"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(label=_("Language of this story"), choices=TEXT_LANGUAGES)

    class Meta:
        model = ExperienceRevision
        fields = [
            "kind",
            "title",
            "organisation",
            "place",
            "start_month",
            "start_year",
            "ongoing",
            "end_month",
            "end_year",
            "what_i_did",
            "responsibilities",
            "motivation",
            "learned",
            "language",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ExperienceRevision.STORY_FIELDS
        }

    def __init__(
        self,
        *args: Any,
        suggestions: list[tuple[str, str]] | None = None,
        publishing: bool = False,
        owner: Profile | None = None,
        label_language: str = "en",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.publishing = publishing
        self.draft_data: dict[str, Any] = {}
        years = [("", "—")] + [(y, str(y)) for y in year_range()]
        months = [("", "—")] + MONTHS
        for name, choices in (
            ("start_year", years),
            ("end_year", years),
            ("start_month", months),
            ("end_month", months),
        ):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=FastSelect,
            )
        self.fields["kind"].choices = [("", "—")] + list(ExperienceKind.choices)
        self.fields["kind"].required = False
        self.fields["title"].required = False
        for name in ("kind", "language"):
            self.fields[name].widget = FastSelect(choices=self.fields[name].choices)
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        for name, hint in story_examples.examples_for(kind).items():
            self.fields[name].help_text = hint
        self.fields["suggested"].choices = self.suggested_choices(suggestions or [], label_language)
        if owner is not None:
            choices = owner.visibility_choices()
            self.fields["visibility"] = forms.TypedChoiceField(
                label=_("Who can see it"),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=ExplainedRadioSelect(VISIBILITY_HELP, choices=choices),
            )

    def suggested_choices(
        self, suggestions: list[tuple[str, str]], language: str
    ) -> list[tuple[str, str]]:
        """The suggestions shown, and every ticked one still in the vocabulary: a tick is
        never lost because the story changed and the concept is no longer suggested."""
        choices = list(suggestions)
        shown = {slug for slug, _label in choices}
        source = self.data if self.is_bound else self.initial
        raw = (
            source.getlist("suggested")
            if hasattr(source, "getlist")
            else list(source.get("suggested") or [])
        )
        ticked = [slug for slug in raw[: MAX_TAGS * 2] if isinstance(slug, str) and slug]
        wanted = [slug for slug in dict.fromkeys(ticked) if slug not in shown]
        if wanted:
            concepts = Concept.objects.in_bulk(wanted, field_name="slug")
            choices += [(s, concepts[s].label(language)) for s in wanted if s in concepts]
        return choices

    def clean_tags(self) -> list[str]:
        # The limit applies to typed and suggested tags together (clean, below).
        return checked_tags(self.cleaned_data.get("tags", ""), limit=None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("title", "organisation", "place", *ExperienceRevision.STORY_FIELDS):
            data[name] = data.get(name) or ""
        start = (data.get("start_year"), data.get("start_month"))
        end = (data.get("end_year"), data.get("end_month"))
        if data.get("ongoing"):
            data["end_year"] = data["end_month"] = None
        elif None not in start and None not in end and end < start:
            self.add_error("end_year", _("The end comes before the start."))
        today = timezone.localdate()
        if None not in start and datetime.date(start[0], start[1], 1) > today.replace(day=1):
            self.add_error("start_year", _("The start is in the future."))
        tags = list(data.get("tags") or [])
        labels = dict(self.fields["suggested"].choices)
        tags += [str(labels[slug]) for slug in data.get("suggested", [])]
        if len(tags) > MAX_TAGS:
            self.add_error("tags", _("At most %(max)d tags.") % {"max": MAX_TAGS})
        data["all_tags"] = split_tags(", ".join(tags))
        if not self.publishing and not self._anything_typed(data):
            raise forms.ValidationError(
                _("Write something first: a title or one line of your story is enough."),
                code="empty",
            )
        self.draft_data = dict(data)
        if self.publishing:
            self._check_complete(data)
        return data

    def _anything_typed(self, data: dict[str, Any]) -> bool:
        texts = ("title", "organisation", "place", *ExperienceRevision.STORY_FIELDS)
        dates = ("start_year", "start_month", "end_year", "end_month")
        return (
            any(data.get(name, "").strip() for name in texts)
            or any(data.get(name) for name in dates)
            or bool(data.get("all_tags"))
            or bool(self.errors)  # something typed, but wrong: its own error says what
        )

    def _check_complete(self, data: dict[str, Any]) -> None:
        """What a published story needs, each missing piece said next to its field."""
        missing = []
        if not data.get("kind"):
            missing.append(("kind", _("Choose the kind of experience.")))
        if not data.get("title", "").strip():
            missing.append(("title", _("Write your role in a few words.")))
        if not data.get("start_month"):
            missing.append(("start_month", _("Choose the month it started.")))
        if not data.get("start_year"):
            missing.append(("start_year", _("Choose the year it started.")))
        if not data.get("ongoing") and None in (data.get("end_year"), data.get("end_month")):
            missing.append(
                ("end_year", _("Give the month and year it ended, or tick “I still do it”."))
            )
        if not any(data.get(name, "").strip() for name in ExperienceRevision.STORY_FIELDS):
            story = _("Tell at least a little of the story: what did you do?")
            missing.append(("what_i_did", story))
        if "visibility" in self.fields and data.get("visibility") is None:
            missing.append(("visibility", _("Choose who can see this experience.")))
        for name, message in missing:
            if name not in self.errors:
                self.add_error(name, forms.ValidationError(message, code=TO_PUBLISH))

    def can_save_draft(self) -> bool:
        """Whether what was typed can be kept as a draft: the only problems are what
        publishing needs (or who may see it, which a draft does not use)."""
        if not self.draft_data:
            return False
        return all(
            name == "visibility" or error.code == TO_PUBLISH
            for name, errors in self.errors.as_data().items()
            for error in errors
        )


class CounsellorForm(forms.Form):
    """A counsellor the person asks for; only one the role was granted to (see counsellors)."""

    handle = forms.CharField(label=_("Your counsellor's handle"), max_length=31)

    def __init__(self, *args: Any, person: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_handle(self) -> Profile:
        return counsellors.find_to_choose(self.person, self.cleaned_data["handle"])


class BrowseForm(forms.Form):
    """The filters of the browse page and of the JSON API (same names)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    lang = forms.ChoiceField(label=_("Language"), required=False)
    person = forms.CharField(label=_("Person"), required=False, max_length=320)
    place = forms.CharField(label=_("Town or place"), required=False, max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + list(ExperienceKind.choices)
        self.fields["lang"].choices = [("", _("All languages"))] + TEXT_LANGUAGES
