"""Guardian-consent pages: the young person's form and code, the printable sheet, and
the page where the guardian (or the counsellor, with the guardian) fills it in.

The completion page needs no account: the code is the only credential, so every look-up
of a code counts against the visitor's address (node.ratelimit), and one form accepts
a bounded number of posts (profiles.guardian_consent.MAX_ATTEMPTS).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from node import ratelimit
from profiles import consent, guardian_consent
from profiles.guardian_forms import ConsentCodeForm, GuardianConsentForm
from profiles.models import ConsentRequestState, GuardianConsentRequest, Profile
from profiles.permissions import is_chosen_counsellor, viewer_profile
from profiles.views.editor import my_profile

DEFAULT_LIMIT = "30/600"  # code look-ups per address per 10 minutes


def lookup_limit() -> ratelimit.Limit:
    limits = getattr(settings, "TREMPLIN_RATE_LIMITS", {})
    return ratelimit.parse(limits.get("guardian_consent_ip", DEFAULT_LIMIT))


def completion_url(request: HttpRequest, consent_request: GuardianConsentRequest) -> str:
    return request.build_absolute_uri(
        reverse("profiles:guardian-consent-complete", args=[consent_request.display_code])
    )


def birth_month(profile: Profile) -> datetime.date | None:
    """The first of the birth month: only month and year are known (and printed)."""
    if not profile.birth_year or not profile.birth_month:
        return None
    return datetime.date(profile.birth_year, profile.birth_month, 1)


@login_required
def my_guardian_consent(request: HttpRequest) -> HttpResponse:
    """Create, follow and cancel one's consent form."""
    profile = my_profile(request)
    if request.method == "POST":
        if "cancel" in request.POST:
            current = guardian_consent.open_request(profile)
            if current is not None and guardian_consent.cancel_request(current):
                messages.success(
                    request, _("Your consent form is cancelled: its code no longer works.")
                )
        else:
            try:
                guardian_consent.create_request(profile)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Your consent form is ready."))
        return redirect("profiles:guardian-consent")
    current = guardian_consent.open_request(profile)
    return render(
        request,
        "profiles/guardian/mine.html",
        {
            "profile": profile,
            "may_ask": guardian_consent.may_ask(profile),
            "consent_request": current,
            "latest": guardian_consent.latest_request(profile),
            "completion_url": completion_url(request, current) if current else "",
            "enter_url": request.build_absolute_uri(reverse("profiles:guardian-consent-enter")),
            "consent_age": consent.consent_age(),
            "country": consent.country_name(),
        },
    )


@login_required
def print_guardian_consent(request: HttpRequest) -> HttpResponse:
    """The sheet to print and give to the guardian: who, what consenting allows, the code."""
    profile = my_profile(request)
    current = guardian_consent.open_request(profile)
    if current is None or current.state != ConsentRequestState.PENDING:
        messages.error(request, _("Create your consent form first."))
        return redirect("profiles:guardian-consent")
    return render(
        request,
        "profiles/guardian/print.html",
        {
            "profile": profile,
            "birth": birth_month(profile),
            "consent_request": current,
            "completion_url": completion_url(request, current),
            "enter_url": request.build_absolute_uri(reverse("profiles:guardian-consent-enter")),
            "consent_age": consent.consent_age(),
            "country": consent.country_name(),
        },
    )


def _too_many(request: HttpRequest) -> HttpResponse | None:
    wait = ratelimit.hit("guardian-consent-ip", ratelimit.client_ip(request), lookup_limit())
    if wait:
        return ratelimit.too_many_page(
            request, _("Too many consent codes tried from your address."), wait
        )
    return None


def enter_code(request: HttpRequest) -> HttpResponse:
    """Type the code written on the paper form, to reach the form to fill in."""
    form = ConsentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = _too_many(request)
        if refusal is not None:
            return refusal
        found = guardian_consent.find_by_code(form.cleaned_data["code"])
        if found is not None:
            return redirect("profiles:guardian-consent-complete", code=found.display_code)
        form.add_error("code", _("No consent form has this code. Check each letter and digit."))
    return render(request, "profiles/guardian/enter.html", {"form": form})


def complete_guardian_consent(request: HttpRequest, code: str) -> HttpResponse:
    """The guardian's answer; it unlocks nothing by itself (the node's team records it)."""
    refusal = _too_many(request)
    if refusal is not None:
        return refusal
    consent_request = guardian_consent.find_by_code(code)
    if consent_request is None:
        return render(request, "profiles/guardian/unknown.html", status=404)
    viewer = viewer_profile(request.user)
    person = consent_request.profile
    context = {
        "consent_request": consent_request,
        "person": person,
        "is_counsellor": is_chosen_counsellor(viewer, person),
        "is_the_person": viewer is not None and viewer.pk == person.pk,
        "consent_age": consent.consent_age(),
        "country": consent.country_name(),
    }
    if consent_request.state != ConsentRequestState.PENDING:
        # Used or cancelled: say so, and nothing about the person.
        return render(request, "profiles/guardian/closed.html", context, status=410)
    form = GuardianConsentForm(request.POST or None)
    if request.method == "POST" and not context["is_the_person"]:
        if not guardian_consent.count_attempt(consent_request):
            context["locked"] = True
            return render(request, "profiles/guardian/closed.html", context, status=410)
        if form.is_valid():
            try:
                guardian_consent.complete(
                    consent_request,
                    form.cleaned_data["guardian_name"],
                    form.cleaned_data["relationship"],
                    by=viewer,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(request, "profiles/guardian/thanks.html", context)
    context["form"] = form
    return render(request, "profiles/guardian/complete.html", context)
