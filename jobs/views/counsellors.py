"""Counsellor invitations: an accompanying structure's owners issue them, people redeem them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import counsellor_invitations
from jobs.forms import InvitationForm, RedeemForm
from jobs.models import CounsellorInvitation
from jobs.views.organisations import _message, member_organisation
from profiles.models import Profile


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = member_organisation(request, pk)
    form = InvitationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        invitation = counsellor_invitations.issue(organisation, request.user, note)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("Give this code to your counsellor: %(code)s (one use, for 30 days).")
            % {"code": invitation.code},
        )
    return redirect("jobs:mine")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organisation = member_organisation(request, pk)
    invitation = get_object_or_404(
        CounsellorInvitation, pk=invitation_pk, organisation=organisation
    )
    try:
        counsellor_invitations.cancel(invitation, request.user)
    except PermissionDenied as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("The invitation is cancelled."))
    return redirect("jobs:mine")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int, profile_pk: int) -> HttpResponse:
    organisation = member_organisation(request, pk)
    counsellor = get_object_or_404(Profile, pk=profile_pk)
    try:
        counsellor_invitations.withdraw(organisation, request.user, counsellor)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("%(name)s is no longer a counsellor: the young people's access is withdrawn.")
            % {"name": counsellor.display_name},
        )
    return redirect("jobs:mine")


@login_required
def redeem(request: HttpRequest) -> HttpResponse:
    """An existing account becomes a counsellor of the structure that gave the code."""
    profile = getattr(request.user, "profile", None)
    if profile is None:
        raise Http404(_("This account has no profile."))
    form = RedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = counsellor_invitations.redeem(profile, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(
                request,
                _("You are now a counsellor at %(organisation)s.")
                % {"organisation": grant.organisation.display_name},
            )
            return redirect("profiles:counselled")
    return render(request, "jobs/counsellor_redeem.html", {"form": form})
