"""Forms of the organisation and offer pages; every error says what to do."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs import organisations
from jobs.models import ContractType, MemberRole, Offer, OrganisationSize, OrganisationType
from jobs.offers import OFFER_FIELDS
from profiles.languages import TEXT_LANGUAGES
from profiles.models import CommentPolicy
from profiles.tagging import checked_tags

# How far ahead an offer may stay open, and how far its start date may be.
MAX_OPEN_DAYS = 366
MAX_START_DAYS = 2 * 366
# A start date a little in the past is fine ("as soon as possible", written last week).
START_GRACE_DAYS = 31


class ShowcaseForm(forms.Form):
    """The organisation's page: its words (a profile revision) and its facts."""

    name = forms.CharField(label=_("Name of the organisation"), max_length=80)
    about = forms.CharField(
        label=_("About the organisation"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you do, who works with you, what a young person learns there."),
    )
    language = forms.ChoiceField(label=_("Language of these texts"), choices=TEXT_LANGUAGES)
    org_type = forms.ChoiceField(label=_("Kind of organisation"), choices=OrganisationType.choices)
    sector = forms.CharField(
        label=_("Sector"),
        required=False,
        max_length=120,
        help_text=_("For example: restaurants, building, care."),
    )
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", "—")] + list(OrganisationSize.choices)
    )
    place = forms.CharField(label=_("Town or place"), required=False, max_length=120)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )
    comment_policy = forms.ChoiceField(
        label=_("Who may comment on the organisation's offers"),
        choices=CommentPolicy.choices,
        initial=CommentPolicy.EVERYONE,
        required=False,
        widget=forms.RadioSelect,
    )


class OrganisationForm(ShowcaseForm):
    handle = forms.CharField(
        label=_("Handle"),
        max_length=31,
        help_text=_(
            "The organisation's name on the network, as in @handle: lower-case letters, "
            "digits, _. It cannot change."
        ),
    )
    field_order = ["handle", "name"]

    def clean_handle(self) -> str:
        return organisations.clean_handle(self.cleaned_data["handle"])


class MemberForm(forms.Form):
    who = forms.CharField(
        label=_("Email or handle of the person"),
        max_length=254,
        help_text=_("They must have an account on this node."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


def check_valid_through(value: datetime.date) -> datetime.date:
    today = timezone.localdate()
    if value < today:
        raise ValidationError(_("This date is past: choose today or a later date."))
    if value > today + datetime.timedelta(days=MAX_OPEN_DAYS):
        raise ValidationError(_("An offer stays open one year at most: choose an earlier date."))
    return value


DEFAULT_OPEN_DAYS = 30


class OfferForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Skills and fields"),
        required=False,
        max_length=1200,
        help_text=_(
            "Words a young person would use, separated by commas: for example "
            "cooking, customer service, teamwork."
        ),
    )
    language = forms.ChoiceField(label=_("Language of this offer"), choices=TEXT_LANGUAGES)
    languages_required = forms.MultipleChoiceField(
        label=_("Languages asked for"),
        choices=TEXT_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Offer
        fields = [*OFFER_FIELDS, "tags"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_through": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "title": {"required": _("Give the job a title.")},
            "description": {"required": _("Describe the job: what the person will do.")},
            "contract_type": {"required": _("Choose a contract type.")},
            "valid_through": {
                "required": _("Until when can people apply? Choose a date."),
                "invalid": _("Enter a date, for example 2025-06-30."),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract_type"].choices = [("", "—")] + list(ContractType.choices)
        if self.instance.pk is None:
            # A new offer stays open a month unless the recruiter says otherwise.
            self.initial.setdefault(
                "valid_through", timezone.localdate() + datetime.timedelta(days=DEFAULT_OPEN_DAYS)
            )

    def clean_valid_through(self) -> datetime.date:
        value = self.cleaned_data["valid_through"]
        # An offer kept unchanged may be edited after its date passed (to fix a word).
        if "valid_through" in self.changed_data or self.instance.pk is None:
            check_valid_through(value)
        return value

    def clean_start_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("start_date")
        if value is None or "start_date" not in self.changed_data:
            return value
        today = timezone.localdate()
        if value < today - datetime.timedelta(days=START_GRACE_DAYS):
            raise ValidationError(_("This start date is long past: choose a date from today."))
        if value > today + datetime.timedelta(days=MAX_START_DAYS):
            raise ValidationError(_("This start date is too far ahead: two years at most."))
        return value

    def clean_tags(self) -> list[str]:
        return checked_tags(self.cleaned_data.get("tags", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("valid_through")
        if start and end and start > end + datetime.timedelta(days=MAX_START_DAYS):
            self.add_error("start_date", _("This start date is too far after the closing date."))
        return data


class RepostForm(forms.Form):
    valid_through = forms.DateField(
        label=_("Open for applications until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Choose a new closing date."),
            "invalid": _("Enter a date, for example 2025-06-30."),
        },
    )

    def clean_valid_through(self) -> datetime.date:
        return check_valid_through(self.cleaned_data["valid_through"])


class OfferBrowseForm(forms.Form):
    """The filters of the offers page (a GET form, so results can be bookmarked)."""

    tag = forms.CharField(
        label=_("Skill or field"),
        required=False,
        max_length=80,
        help_text=_("In any language: cooking, cuisine, cocina…"),
    )
    place = forms.CharField(label=_("Town or place"), required=False, max_length=120)
    contract = forms.ChoiceField(label=_("Contract"), required=False)
    lang = forms.ChoiceField(label=_("Language of the offer"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [("", _("All contracts"))] + list(ContractType.choices)
        self.fields["lang"].choices = [("", _("All languages"))] + TEXT_LANGUAGES


class InvitationForm(forms.Form):
    note = forms.CharField(
        label=_("For whom"),
        max_length=200,
        required=False,
        help_text=_("For your own list, for example: Sophie Martin, Lyon 8 office."),
    )


class RedeemForm(forms.Form):
    code = forms.CharField(label=_("Counsellor invitation code"), max_length=32)
