"""Forms of the profile and experience editors; every error says what to do."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles import avatars, counsellors
from profiles.languages import TEXT_LANGUAGES
from profiles.models import (
    CommentPolicy,
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


VISIBILITY_HELP = {
    Visibility.ONLY_ME: _("Nobody else, not even your counsellors: a note for yourself."),
    Visibility.PRIVATE: _("Only you and the counsellors you chose."),
    Visibility.MEMBERS: _("People with an account on this node."),
    Visibility.FOLLOWERS: _("People who follow you, and this node's members."),
    Visibility.PUBLIC: _("Everyone, including employers on other nodes."),
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


class ExperienceForm(forms.ModelForm):
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

    def __init__(self, *args: Any, suggestions: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
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
                required=name.startswith("start"),
                widget=FastSelect,
            )
        self.fields["kind"].choices = ExperienceKind.choices
        for name in ("kind", "language"):
            self.fields[name].widget = FastSelect(choices=self.fields[name].choices)
        self.fields["suggested"].choices = suggestions or []

    def clean_tags(self) -> list[str]:
        # The limit applies to typed and suggested tags together (clean, below).
        return checked_tags(self.cleaned_data.get("tags", ""), limit=None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start = (data.get("start_year"), data.get("start_month"))
        end = (data.get("end_year"), data.get("end_month"))
        if data.get("ongoing"):
            data["end_year"] = data["end_month"] = None
        elif None in end:
            self.add_error(
                "end_year", _("Give the month and year it ended, or tick “I still do it”.")
            )
        elif None not in start and end < start:
            self.add_error("end_year", _("The end comes before the start."))
        today = timezone.localdate()
        if None not in start and datetime.date(start[0], start[1], 1) > today.replace(day=1):
            self.add_error("start_year", _("The start is in the future."))
        if not any(data.get(name) for name in ExperienceRevision.STORY_FIELDS):
            self.add_error("what_i_did", _("Tell at least a little of the story: what did you do?"))
        tags = list(data.get("tags") or [])
        labels = dict(self.fields["suggested"].choices)
        tags += [str(labels[slug]) for slug in data.get("suggested", [])]
        if len(tags) > MAX_TAGS:
            self.add_error("tags", _("At most %(max)d tags.") % {"max": MAX_TAGS})
        data["all_tags"] = split_tags(", ".join(tags))
        return data


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
