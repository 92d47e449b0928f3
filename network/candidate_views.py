"""Pages of an organisation's saved searches for candidates: save, open, rename, delete.

Only members of the organisation reach a search: for anyone else it does not exist
(404), so its name and filters say nothing about what a company looks for.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.organisations import organisations_of
from network import candidates
from network.forms import CandidateSearchForm, CandidateSearchRenameForm
from network.models import CandidateSearch
from profiles.forms import BrowseForm
from profiles.models import Concept
from profiles.pagination import page_number, page_of
from profiles.permissions import viewer_profile


def request_language(request: HttpRequest) -> str:
    """The language a member typed a name in: the interface's, as comments do."""
    return (getattr(request, "LANGUAGE_CODE", "") or "")[:2]


def saved_filters(data: object) -> dict[str, str] | None:
    """The explore page's filters worth keeping, or None if invalid or none is set.

    A search of one person's experiences is not a search for candidates: `person` is
    never kept (the save link is not offered with it).
    """
    form = BrowseForm(data)
    if not form.is_valid():
        return None
    kept = {
        name: str(form.cleaned_data.get(name) or "").strip() for name in CandidateSearch.FILTERS
    }
    kept = {name: value for name, value in kept.items() if value}
    return kept or None


def organisation_anchor(organisation_pk: int) -> str:
    return f"{reverse('jobs:mine')}#organisation-{organisation_pk}"


def member_search(request: HttpRequest, pk: int) -> CandidateSearch:
    search = candidates.search_for_member(request.user, pk)
    if search is None:
        raise Http404(_("No such search, or it is not yours to see."))
    return search


def describe(filters: dict[str, str]) -> list[tuple[str, str]]:
    """The filters as (label, value) lines, in the reader's language."""
    form = BrowseForm()
    lines = []
    for name, value in filters.items():
        shown = value
        if name == "tag":
            concept = Concept.objects.filter(slug=value).first()
            shown = concept.label() if concept else value
        elif name in ("kind", "lang"):
            shown = str(dict(form.fields[name].choices).get(value, value))
        lines.append((str(form.fields[name].label), shown))
    return lines


@login_required
def save_search(request: HttpRequest) -> HttpResponse:
    """Name the explore page's current search and keep it for one of the user's organisations."""
    organisations = list(organisations_of(request.user))
    if not organisations:
        raise Http404(_("You do not act for any organisation."))
    chosen = request.POST.get("organisation", "")
    if chosen and chosen not in {str(organisation.pk) for organisation in organisations}:
        raise Http404(_("You do not act for this organisation."))
    source = request.POST if request.method == "POST" else request.GET
    filters = saved_filters(source)
    if filters is None:
        messages.error(request, _("Search for something first, then save the search."))
        return redirect("profiles:browse")
    form = CandidateSearchForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.organisations[form.cleaned_data["organisation"]]
        search = candidates.save_search(
            organisation, form.cleaned_data["name"], filters, request_language(request)
        )
        messages.success(
            request,
            _(
                "Search “%(name)s” saved for %(organisation)s. New experiences that match "
                "will be counted under My organisation."
            )
            % {"name": search.name, "organisation": organisation.profile.display_name},
        )
        return redirect(organisation_anchor(organisation.pk))
    return render(
        request,
        "network/candidate_search_save.html",
        {
            "form": form,
            "filters": filters,
            "lines": describe(filters),
            "explore_query": urlencode(filters),
        },
    )


@login_required
def open_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the search for this member; what was new is counted, then it is all seen."""
    search = member_search(request, pk)
    number = page_number(request.GET.get("page"))
    fresh = candidates.new_count(request.user, search) if number == 1 else 0
    page = page_of(candidates.matches(request.user, search), number)
    reader = viewer_profile(request.user)
    if number == 1 and reader is not None:
        candidates.mark_seen(search, reader)
    return render(
        request,
        "network/candidate_search.html",
        {
            "search": search,
            "organisation": search.organisation,
            "page": page,
            "fresh": fresh,
            "lines": describe(search.filters()),
            "explore_query": urlencode(search.filters()),
        },
    )


@login_required
def rename_search(request: HttpRequest, pk: int) -> HttpResponse:
    search = member_search(request, pk)
    form = CandidateSearchRenameForm(request.POST or None, initial={"name": search.name})
    if request.method == "POST" and form.is_valid():
        candidates.rename_search(search, form.cleaned_data["name"], request_language(request))
        messages.success(request, _("Search renamed."))
        return redirect(organisation_anchor(search.organisation_id))
    return render(
        request,
        "network/candidate_search_edit.html",
        {"form": form, "search": search, "lines": describe(search.filters())},
    )


@login_required
@require_POST
def delete_search(request: HttpRequest, pk: int) -> HttpResponse:
    search = member_search(request, pk)
    organisation_pk = search.organisation_id
    name = search.name
    search.delete()
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": name})
    return redirect(organisation_anchor(organisation_pk))
