"""Sign-up: an account and its profile in one step, all or nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs import counsellor_invitations
from jobs.models import CounsellorInvitation
from node.accounts.models import Invitation, User
from profiles.forms import MONTHS
from profiles.models import Profile, Role
from profiles.models.people import RESERVED_HANDLES, handle_validator


class HandleField(forms.CharField):
    """A handle as typed ("@Nadia_93 ") to its stored form ("nadia_93")."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().lstrip("@").lower()


# Nobody declares themselves a counsellor: the role comes with a structure's invitation
# code (jobs.counsellor_invitations) or from the node's team (profiles.counsellors).
SIGN_UP_ROLES = [
    (Role.YOUNG, Role.YOUNG.label),
    (Role.ORGANISATION, Role.ORGANISATION.label),
    (Role.COUNSELLOR, _("Counsellor (with my structure's invitation code)")),
]


class SignUpForm(UserCreationForm):
    username = HandleField(
        label=_("Handle"),
        max_length=30,
        validators=[handle_validator],
        help_text=_(
            "Your name on the network, as in @handle: letters, digits, _. It cannot change."
        ),
    )
    display_name = forms.CharField(label=_("Name shown"), max_length=80)
    email = forms.EmailField(
        label=_("Email"), help_text=_("To get a new password if you forget it.")
    )
    role = forms.ChoiceField(label=_("I am"), choices=SIGN_UP_ROLES, initial=Role.YOUNG)
    birth_month = forms.TypedChoiceField(
        label=_("Birth month"),
        choices=[("", "—")] + MONTHS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    birth_year = forms.TypedChoiceField(
        label=_("Birth year"), coerce=int, empty_value=None, required=False
    )
    invitation = forms.CharField(label=_("Invitation code"), max_length=32, required=False)
    counsellor_invitation = forms.CharField(
        label=_("Counsellor invitation code"),
        max_length=32,
        required=False,
        help_text=_(
            "Counsellors only: the code your structure (a mission locale, a school…) gave you."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email", "role", "birth_month", "birth_year")

    def __init__(self, *args: Any, require_invitation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["birth_year"].choices = [("", "—")] + [
            (y, str(y)) for y in range(this_year - 13, this_year - 100, -1)
        ]
        self.require_invitation = require_invitation
        if not require_invitation:
            del self.fields["invitation"]

    def clean_username(self) -> str:
        handle = self.cleaned_data["username"].lower()
        if handle in RESERVED_HANDLES:
            raise ValidationError(_("This handle is reserved. Choose another one."))
        if (
            User.objects.filter(username=handle).exists()
            or Profile.objects.filter(handle=handle).exists()
        ):
            raise ValidationError(_("This handle is taken. Choose another one."))
        return handle

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account already uses this email. Log in, or reset your password.")
            )
        return email

    def clean_invitation(self) -> Invitation | None:
        code = self.cleaned_data.get("invitation", "").strip()
        if not code:
            return None  # required unless a counsellor invitation stands for it (clean)
        invitation = Invitation.objects.filter(code=code).first()
        if invitation is None or not invitation.is_usable():
            raise ValidationError(_("This invitation code is not valid (or was already used)."))
        return invitation

    def clean_counsellor_invitation(self) -> CounsellorInvitation | None:
        code = self.cleaned_data.get("counsellor_invitation", "").strip()
        if not code:
            return None
        invitation = counsellor_invitations.usable(code)
        if invitation is None:
            raise ValidationError(counsellor_invitations.INVALID)
        return invitation

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        counsellor_code = data.get("counsellor_invitation")
        if data.get("role") == Role.COUNSELLOR and not counsellor_code:
            if "counsellor_invitation" not in self.errors:
                self.add_error(
                    "counsellor_invitation",
                    _(
                        "A counsellor signs up with the invitation code of their structure. "
                        "Ask your structure for one, or sign up as a young person or an "
                        "organisation member and ask the node's team."
                    ),
                )
        elif counsellor_code and data.get("role") != Role.COUNSELLOR:
            self.add_error("role", _("This code is for counsellors: choose “Counsellor”."))
        needs_node_code = self.require_invitation and not counsellor_code
        if needs_node_code and not data.get("invitation") and "invitation" not in self.errors:
            self.add_error("invitation", _("Give the invitation code the node's team sent you."))
        if data.get("role") == Role.YOUNG and not (
            data.get("birth_month") and data.get("birth_year")
        ):
            self.add_error(
                "birth_year",
                _(
                    "Young people give their birth month and year: "
                    "it decides who may see your profile."
                ),
            )
        return data
