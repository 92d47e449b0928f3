"""Reporting (any member), the queue, the suspended accounts and the log (the node's team)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moderation import actions, reports
from moderation.counts import counts
from moderation.forms import ActionForm, ReportForm
from moderation.models import AuditEntry, Report, ReportState, TargetKind
from moderation.targets import find_any, find_for
from profiles.models import Profile
from profiles.pagination import page_number, page_of
from profiles.permissions import viewer_profile


def safe_next(request: HttpRequest) -> str:
    """Back to the page the report was made from, never to another site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    profile = viewer_profile(request.user)
    if profile is None or kind not in TargetKind.values:
        raise Http404(_("Nothing to report here."))
    target = find_for(request.user, kind, pk)
    if target is None:
        raise Http404(_("No such item, or you cannot see it."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reports.make_report(
                profile, target, data["category"], data["comment"], forward=data["forward"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the node's team will look at your report."))
            return redirect(safe_next(request))
    return render(
        request,
        "moderation/report.html",
        {"form": form, "target": target, "next": request.GET.get("next", "")},
    )


@staff_member_required
def queue(request: HttpRequest) -> HttpResponse:
    open_reports = Report.objects.filter(state=ReportState.OPEN).select_related(
        "reporter", "target_profile"
    )
    page = page_of(open_reports, page_number(request.GET.get("page")))
    for item in page.items:
        item.still_there = find_any(item.target_kind, item.target_id) is not None
    return render(
        request,
        "moderation/queue.html",
        {"reports": page.items, "page": page, "counts": counts()},
    )


@staff_member_required
@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Report, pk=pk, state=ReportState.OPEN)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("moderation:queue")
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    try:
        if action == "dismiss":
            actions.dismiss(item, request.user, note)
        elif action == "remove":
            actions.remove_item(item, request.user, note)
        elif action == "suspend":
            if item.target_profile is None:
                raise ValidationError(_("This account no longer exists."))
            actions.suspend(item.target_profile, request.user, note, report=item)
        else:
            actions.block_domain(item.target_domain, request.user, note, report=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done, and written in the moderation log."))
    return redirect("moderation:queue")


@staff_member_required
def suspended(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        profile = get_object_or_404(
            Profile, pk=request.POST.get("profile", "0"), suspended_at__isnull=False
        )
        actions.lift_suspension(profile, request.user, request.POST.get("note", "")[:1000])
        messages.success(request, _("The suspension is lifted: everything is visible again."))
        return redirect("moderation:suspended")
    profiles = Profile.objects.filter(suspended_at__isnull=False).order_by("-suspended_at")
    return render(request, "moderation/suspended.html", {"profiles": profiles})


@staff_member_required
def log(request: HttpRequest) -> HttpResponse:
    page = page_of(AuditEntry.objects.all(), page_number(request.GET.get("page")), size=50)
    return render(request, "moderation/log.html", {"entries": page.items, "page": page})
