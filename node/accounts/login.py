"""Log-in that tells a suspended person why they cannot come in.

Django refuses an inactive account with the same words as a wrong password. A person
whose account the node's team suspended (moderation) gets a clear reason instead, but
only once they gave the right password, so the form never tells a stranger that an
account is suspended.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from node.accounts.models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "suspended": _(
            "Your account is suspended by the node's team. Write to them if you think "
            "this is a mistake."
        ),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            username = self.cleaned_data.get("username") or ""
            password = self.cleaned_data.get("password") or ""
            user = User.objects.filter(username=username, is_active=False).first()
            suspended = user is not None and getattr(
                getattr(user, "profile", None), "suspended_at", None
            )
            if suspended and user.check_password(password):
                raise ValidationError(self.error_messages["suspended"], code="suspended") from None
            raise
