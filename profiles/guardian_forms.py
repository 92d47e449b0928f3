"""Forms of the guardian-consent pages: the guardian's answer, and a typed code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.guardian_consent import CODE_LENGTH
from profiles.models import GuardianRelationship


class GuardianConsentForm(forms.Form):
    """Filled in by the parent or guardian (maybe with the counsellor), no account needed."""

    guardian_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("The parent's or legal guardian's first name and last name."),
        error_messages={"required": _("Write your name.")},
    )
    relationship = forms.ChoiceField(
        label=_("You are the young person's"),
        choices=GuardianRelationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose parent or legal guardian.")},
    )
    consent = forms.BooleanField(
        label=_("I am the parent or legal guardian and I consent"),
        error_messages={"required": _("Tick the box to give your consent.")},
    )


class ConsentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code on the form"),
        max_length=CODE_LENGTH + 6,
        help_text=_("10 letters and digits, for example K7MPQ-R3XWD."),
        error_messages={"required": _("Type the code written on the form.")},
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
