"""Sign-up; log-in, log-out and password reset are Django's own views with our templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from node.accounts.forms import SignUpForm
from node.accounts.models import NodeSettings
from node.accounts.signup import create_account


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("profiles:my-profile")
    require_invitation = NodeSettings.current().require_invitation
    form = SignUpForm(request.POST or None, require_invitation=require_invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = create_account(form.cleaned_data, form.cleaned_data["password1"])
        except ValueError:
            form.add_error(
                "invitation", _("This invitation code is not valid (or was already used).")
            )
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! Start by telling one experience: a job, a summer job, volunteering…"),
            )
            return redirect("profiles:experience-new")
    return render(request, "registration/signup.html", {"form": form})
