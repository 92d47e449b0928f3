"""Pages for keeping up: following tags, the feed, alerts, notifications."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.models import Organisation
from network import tags
from network.feed import feed_page
from network.forms import SavedSearchForm
from network.models import Notification, SavedSearch
from profiles.acting import acting_profile, acting_profiles
from profiles.models import Concept, Profile
from profiles.pagination import page_number, page_of


def my_profile(request: HttpRequest) -> Profile:
    profile = getattr(request.user, "profile", None)
    if profile is None:
        raise Http404(_("This account has no profile."))
    return profile


def tag_actor(request: HttpRequest) -> Profile:
    """Who follows: the user, or an organisation they act for (`as`: its handle).

    Anyone else's handle is refused (403): only members act for an organisation.
    """
    my_profile(request)
    return acting_profile(request.user, request.POST.get("as", "")[:64])


def after_tag_change(request: HttpRequest, actor: Profile, concept: Concept) -> HttpResponse:
    origin = request.POST.get("from")
    if origin == "feed":
        query = f"?{urlencode({'as': actor.handle})}" if actor.kind != "person" else ""
        return redirect(reverse("network:feed") + query)
    if origin == "organisation" and actor.kind != "person":
        organisation_pk = Organisation.objects.filter(profile=actor).values_list("pk", flat=True)
        anchor = f"#organisation-{organisation_pk[0]}" if organisation_pk else ""
        return redirect(reverse("jobs:mine") + anchor)
    return redirect("profiles:tag", slug=concept.slug)


@login_required
@require_POST
def follow_tag(request: HttpRequest, slug: str) -> HttpResponse:
    actor = tag_actor(request)
    concept = get_object_or_404(Concept, slug=slug)
    tags.follow_tag(actor, concept)
    if actor.kind == "person":
        text = _("You follow the tag %(tag)s: its new experiences and offers come to your feed.")
    else:
        text = _(
            "%(name)s follows the tag %(tag)s: its new experiences and offers come to its feed."
        )
    messages.success(request, text % {"tag": concept.label(), "name": actor.display_name})
    return after_tag_change(request, actor, concept)


@login_required
@require_POST
def unfollow_tag(request: HttpRequest, slug: str) -> HttpResponse:
    actor = tag_actor(request)
    concept = get_object_or_404(Concept, slug=slug)
    tags.unfollow_tag(actor, concept)
    if actor.kind == "person":
        text = _("You no longer follow the tag %(tag)s.")
    else:
        text = _("%(name)s no longer follows the tag %(tag)s.")
    messages.success(request, text % {"tag": concept.label(), "name": actor.display_name})
    return after_tag_change(request, actor, concept)


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    """The feed of the user, or of an organisation they act for (?as=its handle)."""
    readers = acting_profiles(request.user)
    reader = acting_profile(request.user, request.GET.get("as", "")[:64], readers)
    page = feed_page(request.user, reader, page_number(request.GET.get("page")))
    return render(
        request,
        "network/feed.html",
        {
            "page": page,
            "reader": reader,
            "readers": readers,
            "query": urlencode({"as": reader.handle}) if reader.kind != "person" else "",
            "followed_tags": tags.followed_concepts(reader),
        },
    )


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    searches = SavedSearch.objects.filter(profile=my_profile(request)).prefetch_related("concepts")
    return render(request, "network/alerts.html", {"searches": searches})


@login_required
def alert_editor(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = my_profile(request)
    search = get_object_or_404(SavedSearch, pk=pk, profile=me) if pk else SavedSearch(profile=me)
    form = SavedSearchForm(request.POST or None, instance=search)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Alert saved."))
        return redirect("network:alerts")
    return render(request, "network/alert_form.html", {"form": form, "search": search})


@login_required
@require_POST
def alert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, profile=my_profile(request))
    search.delete()
    messages.success(request, _("Alert deleted."))
    return redirect("network:alerts")


SWITCHES = {"active", "email_digest"}


@login_required
@require_POST
def alert_switch(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn an alert, or its place in the daily email, on or off."""
    search = get_object_or_404(SavedSearch, pk=pk, profile=my_profile(request))
    field = request.POST.get("switch", "")
    if field not in SWITCHES:
        return HttpResponse(_("Unknown setting."), status=400, content_type="text/plain")
    setattr(search, field, request.POST.get("on") == "1")
    search.save(update_fields=[field])
    messages.success(request, _("Alert “%(name)s” updated.") % {"name": search.name})
    return redirect("network:alerts")


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(recipient=my_profile(request))
    page = page_of(mine, page_number(request.GET.get("page")))
    return render(request, "network/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=my_profile(request), read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("network:notifications")
