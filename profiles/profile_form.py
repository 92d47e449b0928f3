"""The profile editor's one form: the person's words and, beside "Publish", who sees them.

One form, so that publishing never throws away words typed but not saved, and the
person sees the visibility they publish with right next to the button.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.forms import VISIBILITY_HELP, ProfileDraftForm
from profiles.models import Profile
from profiles.widgets import ExplainedRadioSelect


class ProfileEditorForm(ProfileDraftForm):
    visibility = forms.TypedChoiceField(
        label=_("Who can see it"),
        coerce=int,
        required=False,
        widget=ExplainedRadioSelect(VISIBILITY_HELP),
    )

    def __init__(self, *args: Any, owner: Profile, publishing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.publishing = publishing
        choices = owner.visibility_choices()
        self.fields["visibility"].choices = choices
        allowed = [value for value, _label in choices]
        if self.initial.get("visibility") not in allowed:
            self.initial["visibility"] = min(owner.visibility, allowed[-1])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.publishing and data.get("visibility") in (None, ""):
            self.add_error("visibility", _("Choose who can see your profile."))
        return data
