"""Applying to an offer, page by page, and following the application on both sides.

The young person: apply page (experiences, a few words, language) → review page
(exactly what the recruiter gets; the choices wait in the session, so "Change my
application" loses nothing) → "Application sent". Then My applications: the status
and the day it last changed, and "Withdraw" (after a confirmation). The organisation:
its applications per offer, filtered by status; opening one makes it "seen"; a small
form per application sets its status. Every rule is in contact.applications and
contact.application_status; no JavaScript is needed anywhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contact import access, application_status, applications
from contact.apply_guidance import APPLIED, REFUSED, for_person
from contact.forms import ApplicationStatusForm, ApplyForm
from contact.models import Application, ApplicationStatus
from contact.views import my_profile
from jobs.models import Offer
from jobs.offers import open_offers
from profiles.models import Experience, Profile

# --- the young person's side -------------------------------------------------------


def _draft_key(offer: Offer) -> str:
    return f"application-draft-{offer.pk}"


def _open_offer(pk: int) -> Offer:
    return get_object_or_404(open_offers().select_related("organisation__profile"), pk=pk)


def _refused_or_applied(request: HttpRequest, person: Profile, offer: Offer) -> HttpResponse | None:
    """The page that says why there is no form (refused, or already applied), or None."""
    guidance = for_person(person, offer)
    if guidance.state not in (REFUSED, APPLIED):
        return None
    status = 403 if request.method == "POST" and guidance.state == REFUSED else 200
    return render(
        request, "contact/apply.html", {"offer": offer, "guidance": guidance}, status=status
    )


def _checked(
    person: Profile, offer: Offer, draft: dict[str, Any]
) -> applications.CheckedApplication:
    experiences = Experience.objects.filter(pk__in=draft.get("experiences", []))
    return applications.check(
        offer, person, draft.get("message", ""), draft.get("language", ""), experiences
    )


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: choose experiences and write a few words; nothing is stored yet."""
    person = my_profile(request)
    offer = _open_offer(pk)
    stop = _refused_or_applied(request, person, offer)
    if stop is not None:
        return stop
    draft = request.session.get(_draft_key(offer))
    if request.method == "POST":
        form = ApplyForm(request.POST, person=person)
    else:
        form = ApplyForm(initial=dict(draft) if draft else {}, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applications.check(
                offer, person, data["message"], data["language"], data["experiences"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[_draft_key(offer)] = {
                "experiences": [experience.pk for experience in data["experiences"]],
                "message": data["message"],
                "language": data["language"],
            }
            return redirect("contact:apply-review", pk=offer.pk)
    return render(request, "contact/apply.html", {"offer": offer, "form": form})


@login_required
def apply_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: exactly what the recruiter will get; "Send my application" stores and sends."""
    person = my_profile(request)
    offer = _open_offer(pk)
    stop = _refused_or_applied(request, person, offer)
    if stop is not None:
        return stop
    draft = request.session.get(_draft_key(offer))
    if not draft:
        messages.error(request, _("Your application was not kept: please fill it in again."))
        return redirect("contact:apply", pk=offer.pk)
    error = None
    try:
        checked = _checked(person, offer, draft)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("contact:apply", pk=offer.pk)
    if request.method == "POST":
        try:
            applications.apply(
                offer, person, checked.message, checked.language, checked.experiences
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            request.session.pop(_draft_key(offer), None)
            return redirect("contact:apply-sent", pk=offer.pk)
    return render(
        request,
        "contact/apply_review.html",
        {"offer": offer, "application": checked, "error": error},
        status=400 if error else 200,
    )


@login_required
def apply_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: the confirmation, and what happens next."""
    person = my_profile(request)
    application = get_object_or_404(
        Application.objects.select_related("offer__organisation__profile"),
        offer_id=pk,
        person=person,
    )
    return render(request, "contact/apply_sent.html", {"application": application})


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    person = my_profile(request)
    found = Application.objects.filter(person=person).select_related("offer__organisation__profile")
    return render(request, "contact/my_applications.html", {"applications": found})


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Withdraw" asks first (GET shows the question); only the POST withdraws."""
    person = my_profile(request)
    application = get_object_or_404(
        Application.objects.select_related("offer__organisation__profile"), pk=pk, person=person
    )
    if application.status == ApplicationStatus.WITHDRAWN:
        messages.info(request, _("This application is already withdrawn."))
        return redirect("contact:my-applications")
    if request.method == "POST":
        try:
            application_status.withdraw(application, person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your application is withdrawn. %(organisation)s sees it is withdrawn.")
                % {"organisation": application.offer.organisation.profile.display_name},
            )
        return redirect("contact:my-applications")
    return render(request, "contact/withdraw.html", {"application": application})


# --- the organisation's side -------------------------------------------------------


def _applications_of(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(
        offer__organisation__profile__in=access.member_organisations(user)
    ).select_related("offer__organisation__profile", "person")


def _status_form(application: Application) -> ApplicationStatusForm:
    initial = application.status if application.status != ApplicationStatus.SENT else "seen"
    return ApplicationStatusForm(initial={"status": initial}, auto_id=f"id_%s_{application.pk}")


@login_required
def organisation_applications(request: HttpRequest) -> HttpResponse:
    """The applications to my organisations' offers, grouped per offer, filtered by
    organisation (?organisation=), offer (?offer=) and status (?status=)."""
    organisations = access.member_organisations(request.user)
    found = _applications_of(request.user)
    chosen: dict[str, str] = {}
    lookups = (("organisation", "offer__organisation__profile_id"), ("offer", "offer_id"))
    for name, lookup in lookups:
        value = request.GET.get(name, "")
        if value.isdigit():
            found = found.filter(**{lookup: int(value)})
            chosen[name] = value
    counts = application_status.counts_by_status(found)
    status = request.GET.get("status", "")
    if status in ApplicationStatus.values:
        found = found.filter(status=status)
    else:
        status = ""
    found = found.order_by("offer__title", "offer_id", "-created_at", "-pk")
    filters = [
        {
            "label": _("All"),
            "count": sum(c["count"] for c in counts),
            "url": "?" + urlencode(chosen),
            "current": status == "",
        }
    ] + [
        {
            **count,
            "url": "?" + urlencode({**chosen, "status": count["status"]}),
            "current": status == count["status"],
        }
        for count in counts
    ]
    return render(
        request,
        "contact/organisation_applications.html",
        {
            "applications": [(a, _status_form(a)) for a in found],
            "filters": filters,
            "is_member": organisations.exists(),
            "here": request.get_full_path(),
        },
    )


@login_required
def organisation_application(request: HttpRequest, pk: int) -> HttpResponse:
    """One application, read by a member: the first opening makes it "seen"."""
    application = get_object_or_404(_applications_of(request.user), pk=pk)
    application_status.mark_seen(application, request.user)
    return render(
        request,
        "contact/organisation_application.html",
        {
            "application": application,
            "form": _status_form(application),
            "here": request.get_full_path(),
        },
    )


@login_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(_applications_of(request.user), pk=pk)
    form = ApplicationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            application_status.set_status(application, form.cleaned_data["status"], request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Status saved: %(status)s. %(name)s sees it on their applications page.")
                % {
                    "status": application.get_status_display(),
                    "name": application.person.display_name,
                },
            )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("contact:organisation-applications")
    return redirect(back)
