"""Forms for writing to a person, answering, and applying to an offer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contact.application_status import ORGANISATION_CHOICES
from jobs.models import Offer
from profiles.languages import TEXT_LANGUAGE_CODES, TEXT_LANGUAGES
from profiles.models import Experience, Profile


def default_language() -> str:
    code = (get_language() or "fr")[:2]
    return code if code in TEXT_LANGUAGE_CODES else "fr"


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Profile) -> str:
        return obj.display_name


class OfferChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Offer) -> str:
        return f"{obj.title} ({obj.organisation.profile.display_name})"


class ContactForm(forms.Form):
    organisation = OrganisationChoice(label=_("Write for"), queryset=Profile.objects.none())
    offer = OfferChoice(
        label=_("About the offer"),
        queryset=Offer.objects.none(),
        required=False,
        empty_label=_("No offer in particular"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=160)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea)
    language = forms.ChoiceField(label=_("Language of your message"), choices=TEXT_LANGUAGES)
    copy_counsellors = forms.BooleanField(
        label=_("Send a copy to the counsellors this person chose"), required=False
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Profile], offers: QuerySet[Offer], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", default_language())
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["offer"].queryset = offers.select_related("organisation__profile")
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        offer, organisation = data.get("offer"), data.get("organisation")
        if (
            offer is not None
            and organisation is not None
            and offer.organisation.profile_id != organisation.pk
        ):
            self.add_error("offer", _("This offer is not one of this organisation's offers."))
        return data


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), max_length=5000, widget=forms.Textarea)
    language = forms.ChoiceField(label=_("Language of your message"), choices=TEXT_LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", default_language())
        super().__init__(*args, **kwargs)


class ExperienceChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Experience) -> str:
        return obj.published.title


class ApplyForm(forms.Form):
    experiences = ExperienceChoice(
        label=_("Experiences to show"),
        queryset=Experience.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The recruiter gets a link to each experience you tick."),
    )
    message = forms.CharField(
        label=_("A few words to the recruiter"),
        max_length=3000,
        required=False,
        widget=forms.Textarea,
    )
    language = forms.ChoiceField(label=_("Language of your message"), choices=TEXT_LANGUAGES)

    def __init__(self, *args: Any, person: Profile, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", default_language())
        super().__init__(*args, **kwargs)
        self.fields["experiences"].queryset = Experience.objects.filter(
            owner=person, published__isnull=False
        ).select_related("published")


class ApplicationStatusForm(forms.Form):
    """The organisation's choice for one application (one small form per application)."""

    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in ORGANISATION_CHOICES]
