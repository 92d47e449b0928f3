"""Offer pages: browsing, one offer, and the members' editor and actions.

Every change goes through jobs.offers (the life cycle); these views only check who
asks, turn forms into calls and say what happened.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import offers, organisations
from jobs.browse import OfferFilters, offers_for
from jobs.forms import OfferBrowseForm, OfferForm, RepostForm
from jobs.jsonld import offer_jsonld
from jobs.models import Offer
from jobs.views.organisations import member_organisation, web_address
from profiles.languages import language_name
from profiles.pagination import page_number, page_of


def is_open(offer: Offer) -> bool:
    """Shown to everyone: the one rule of `jobs.offers.open_offers` (published, date not
    past even before the expiry task ran, organisation not suspended)."""
    return offers.open_offers().filter(pk=offer.pk).exists()


def offer_page(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.select_related("organisation__profile__published").prefetch_related(
            "tags__concept"
        ),
        pk=pk,
    )
    is_member = organisations.is_member(request.user, offer.organisation)
    shown = is_open(offer)
    if not shown and not is_member:
        raise Http404(_("No such offer, or it is closed."))
    return render(
        request,
        "jobs/offer.html",
        {
            "offer": offer,
            "organisation": offer.organisation,
            "is_open": shown,
            "is_member": is_member,
            "remote_url": web_address(offer.url),
            "language_names": [language_name(code) for code in offer.languages_required],
            "repost_form": RepostForm(),
            "jsonld": offer_jsonld(offer),
        },
    )


def browse_offers(request: HttpRequest) -> HttpResponse:
    form = OfferBrowseForm(request.GET or None)
    filters = OfferFilters(**form.cleaned_data) if form.is_valid() else OfferFilters()
    found, concept = offers_for(filters)
    page = page_of(found, page_number(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "jobs/offers.html",
        {"form": form, "page": page, "concept": concept, "query": query.urlencode()},
    )


def member_offer(request: HttpRequest, pk: int) -> Offer:
    """An offer of one of the user's organisations; any other is "not found"."""
    offer = get_object_or_404(Offer.objects.select_related("organisation__profile"), pk=pk)
    member_organisation(request, offer.organisation_id)
    return offer


@login_required
def offer_editor(
    request: HttpRequest, pk: int | None = None, org: int | None = None
) -> HttpResponse:
    """Write a new offer for organisation `org`, or change offer `pk`; save as draft or publish."""
    offer = member_offer(request, pk) if pk else None
    organisation = offer.organisation if offer else member_organisation(request, org)
    if request.method == "POST":
        form = OfferForm(request.POST, instance=offer or Offer(organisation=organisation))
        if form.is_valid():
            try:
                with transaction.atomic():
                    data = form.cleaned_data
                    offer = offers.save_offer(organisation, offer, data, data["tags"])
                    if "publish" in request.POST:
                        offers.publish(offer)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "publish" in request.POST:
                    messages.success(request, _("Your offer is published."))
                else:
                    messages.success(request, _("Saved."))
                return redirect("jobs:offer", pk=offer.pk)
    else:
        initial = offers.initial(offer) if offer else {"language": _language(request)}
        form = OfferForm(instance=offer, initial=initial)
    return render(
        request,
        "jobs/offer_form.html",
        {"form": form, "offer": offer, "organisation": organisation},
    )


def _language(request: HttpRequest) -> str:
    return (getattr(request, "LANGUAGE_CODE", "") or "fr")[:2]


@login_required
@require_POST
def publish_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = member_offer(request, pk)
    try:
        offers.publish(offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your offer is published."))
    return redirect("jobs:offer", pk=offer.pk)


@login_required
@require_POST
def close_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offers.close(member_offer(request, pk))
    messages.success(request, _("The offer is closed: nobody else sees it."))
    return redirect("jobs:offer", pk=offer.pk)


@login_required
@require_POST
def repost_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = member_offer(request, pk)
    form = RepostForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["valid_through"]))
        return redirect("jobs:offer", pk=offer.pk)
    try:
        offers.repost(offer, form.cleaned_data["valid_through"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The offer is published again."))
    return redirect("jobs:offer", pk=offer.pk)


@login_required
@require_POST
def delete_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offers.delete(member_offer(request, pk))
    messages.success(request, _("The offer is deleted."))
    return redirect("jobs:mine")
