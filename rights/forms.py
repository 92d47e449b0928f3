"""Forms of the rights pages: each confirms what the person asks, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PasswordConfirmForm(forms.Form):
    """Asks the person's password before an act that cannot be undone."""

    password = forms.CharField(
        label=_("My password, to confirm"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class DeleteForm(PasswordConfirmForm):
    pass


class HandleForm(forms.Form):
    handle = forms.CharField(
        label=_("The account, as name@node"),
        max_length=320,
        help_text=_("For example: lea@tremplin.example.org"),
    )

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"].strip().lstrip("@")
        name, _sep, domain = handle.partition("@")
        if not name or not domain:
            raise forms.ValidationError(_("Write the account as name@node."))
        return handle


class MoveForm(HandleForm, PasswordConfirmForm):
    pass


class ImportForm(forms.Form):
    export = forms.FileField(
        label=_("The export file from my other node (JSON)"),
        help_text=_("On your other node: My profile → Export all my data."),
    )
