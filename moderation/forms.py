"""The report form and the team's note on an action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Category


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is wrong?"), choices=Category.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Tell the team more (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    forward = forms.BooleanField(label="", required=False)


class ActionForm(forms.Form):
    ACTIONS = ("dismiss", "remove", "suspend", "block_domain")
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    note = forms.CharField(label=_("Note for the log"), max_length=1000, required=False)
