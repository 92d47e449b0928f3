"""Pages of people's rights; each acts only on the logged-in person's own account."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from profiles.models import Experience, Profile
from profiles.views.editor import my_profile
from rights import deletion, importing, jsonresume, moves
from rights.export import export_data
from rights.forms import DeleteForm, HandleForm, ImportForm, MoveForm


def _download(document: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _chosen(request: HttpRequest, profile: Profile) -> tuple[list[Experience], list[Experience]]:
    """(every published experience, those chosen in ?experience=…; all by default)."""
    published = list(
        profile.experiences.published()
        .select_related("published", "owner")
        .prefetch_related("published__tags__concept")
        .by_date()
    )
    wanted = {value for value in request.GET.getlist("experience") if value.isdigit()}
    if not wanted:
        return published, published
    return published, [item for item in published if str(item.pk) in wanted]


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "rights/my_data.html", {"profile": my_profile(request)})


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    return _download(export_data(profile), f"tremplin-{profile.handle}.json")


@login_required
def export_resume(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    _all, chosen = _chosen(request, profile)
    return _download(jsonresume.resume(profile, chosen), f"resume-{profile.handle}.json")


@login_required
def cv(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    published, chosen = _chosen(request, profile)
    chosen_ids = {item.pk for item in chosen}
    return render(
        request,
        "rights/cv.html",
        {
            "profile": profile,
            "published": published,
            "chosen": chosen,
            "chosen_ids": chosen_ids,
            "skills": jsonresume.skills(
                chosen, profile.published.language if profile.published else "fr"
            ),
        },
    )


@login_required
def delete(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    form = DeleteForm(request.POST or None, user=request.user)
    blocked = deletion.organisations_left_without_owner(profile)
    if request.method == "POST" and form.is_valid():
        try:
            deletion.delete_account(profile)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted. Goodbye, and good luck."))
            return redirect("web:home")
    return form_page(request, "rights/delete.html", form=form, blocked=blocked, profile=profile)


@login_required
def aliases(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    form = HandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            uri = moves.set_alias(profile, form.cleaned_data["handle"])
        except moves.MoveError as error:
            form.add_error(
                "handle", _("This account cannot be used: %(reason)s") % {"reason": error}
            )
        else:
            messages.success(
                request, _("%(uri)s is now known as one of your accounts.") % {"uri": uri}
            )
            return redirect("rights:aliases")
    return form_page(request, "rights/aliases.html", form=form, profile=profile)


@login_required
def import_data(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["export"]
        try:
            if upload.size > importing.MAX_BYTES:
                raise ValidationError(_("This file is too large for an export (2 MB at most)."))
            result = importing.import_export(profile, importing.read(upload.read()))
        except ValidationError as error:
            form.add_error("export", error)
        else:
            messages.success(
                request,
                _("%(count)d experiences imported.") % {"count": result.experiences},
            )
            return redirect("profiles:my-experiences")
    return form_page(request, "rights/import.html", form=form, profile=profile)


@login_required
def move(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    form = MoveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            target = moves.start_move(profile, form.cleaned_data["handle"])
        except moves.MoveError as error:
            form.add_error("handle", _("The move cannot be made: %(reason)s") % {"reason": error})
        else:
            messages.success(request, _("Your followers are moving to %(uri)s.") % {"uri": target})
            return redirect("rights:my-data")
    return form_page(request, "rights/move.html", form=form, profile=profile)


def form_page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    """A form's page; reached by POST it is the form sent back with its errors: a 400."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)
