"""Sign-up and log-in (rate limited), the account page; log-out and the password pages
are Django's own views with our templates (node/accounts/urls.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from node.accounts.forms import SignUpForm
from node.accounts.login import LoginForm
from node.accounts.models import NodeSettings
from node.accounts.signup import create_account
from node.ratelimit import login_refusal, signup_refusal
from profiles.models import Role


def login_view(request: HttpRequest) -> HttpResponse:
    """Django's log-in, behind a per-address and per-username attempt limit."""
    refusal = login_refusal(request)
    if refusal is not None:
        return refusal
    # The form says "this account is suspended" (moderation) after the right password.
    return auth_views.LoginView.as_view(authentication_form=LoginForm)(request)


def admin_login_view(request: HttpRequest) -> HttpResponse:
    """The admin's log-in, behind the same limits (and counters) as the site's: a guesser
    gains nothing by switching forms."""
    refusal = login_refusal(request)
    if refusal is not None:
        return refusal
    return admin.site.login(request)


def _safe_next(request: HttpRequest) -> str:
    """The page to come back to after signing up (an offer the visitor wanted to apply
    to), only if it is on this site: never an address elsewhere."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The person's account: password, language, log out (the profile is elsewhere)."""
    return render(request, "accounts/account.html")


def password_reset(request: HttpRequest) -> HttpResponse:
    """Django's password reset with our templates; the link in the email is built from the
    node's own domain and name, never from the request's Host header."""
    return auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset_form.html",
        email_template_name="accounts/password_reset_email.html",
        subject_template_name="accounts/password_reset_subject.txt",
        extra_email_context={
            "site_name": settings.TREMPLIN_NAME,
            "domain": settings.TREMPLIN_DOMAIN,
            "protocol": settings.TREMPLIN_SCHEME,
        },
    )(request)


def signup(request: HttpRequest) -> HttpResponse:
    """A young person who came from an offer ("sign up to apply") goes back to it; the
    others start by telling a first experience."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "profiles:my-profile")
    refusal = signup_refusal(request)
    if refusal is not None:
        return refusal
    require_invitation = NodeSettings.current().require_invitation
    form = SignUpForm(request.POST or None, require_invitation=require_invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = create_account(form.cleaned_data, form.cleaned_data["password1"])
        except ValueError:
            form.add_error(
                "invitation", _("This invitation code is not valid (or was already used).")
            )
        except ValidationError as error:
            form.add_error("counsellor_invitation", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! Start by telling one experience: a job, a summer job, volunteering…"),
            )
            if next_url and user.profile.role == Role.YOUNG:
                return redirect(next_url)
            return redirect("profiles:experience-new")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})
