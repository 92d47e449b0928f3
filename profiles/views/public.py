"""Pages anyone may open: what they show is what `visible_to` lets the viewer see."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from profiles.acting import follow_states
from profiles.belonging import shown_on_public_pages
from profiles.browse import Filters, experiences_for
from profiles.forms import BrowseForm
from profiles.lookup import LookupRefused, handle_q, resolve_remote
from profiles.models import Concept, Experience, ExperienceConcept, FollowState, Profile
from profiles.pagination import page_number, page_of
from profiles.permissions import can_edit, can_see_drafts, viewer_profile


def visible_profile(request: HttpRequest, handle: str) -> Profile:
    """The profile if this viewer may see it; its owner and counsellors see it even unpublished."""
    profiles = Profile.objects.select_related("published", "draft")
    profile = profiles.visible_to(request.user).filter(handle_q(handle)).first()
    if profile is None:
        profile = profiles.filter(handle_q(handle)).first()
        if profile is None and viewer_profile(request.user) is not None:
            # Members may look up people of other nodes (never anonymous visitors:
            # a stranger must not make this node fetch addresses of their choosing).
            try:
                found = resolve_remote(handle)
            except LookupRefused:
                found = None  # a node this node shuts out: nobody to show
            if found is not None and profiles.visible_to(request.user).filter(pk=found.pk).exists():
                return found
        if profile is None or not can_see_drafts(request.user, profile, profile.visibility):
            raise Http404(_("No such profile, or it is not shown to you."))
    return profile


# Pages for kinds of profile other apps show their own way (kind -> view(request, profile)):
# the jobs app registers the organisation showcase, so profiles never imports it.
PROFILE_PAGES: dict[str, Callable[[HttpRequest, Profile], HttpResponse]] = {}
# Sections other apps add to a person's page, below the experiences (HTML they render
# themselves, "" for none): the network app shows a remote account's posts.
PROFILE_SECTIONS: list[Callable[[HttpRequest, Profile], str]] = []


def profile_page(request: HttpRequest, handle: str) -> HttpResponse:
    profile = visible_profile(request, handle)
    page_view = PROFILE_PAGES.get(profile.kind)
    if page_view is not None:
        return page_view(request, profile)
    experiences = experiences_for(request.user, Filters(person=profile.qualified_handle))[0]
    # A working life reads newest first by its dates, the same on every node (by_date).
    page = page_of(experiences.by_date(), page_number(request.GET.get("page")))
    return render(
        request,
        "profiles/profile.html",
        {
            "profile": profile,
            "revision": profile.published or profile.draft,
            "page": page,
            "is_owner": can_edit(request.user, profile),
            "concepts": profile_concepts(experiences),
            "follow_states": follow_states(request.user, profile),
            "followers": profile.followers.filter(state=FollowState.ACCEPTED).count(),
            "sections": [section(request, profile) for section in PROFILE_SECTIONS],
        },
    )


def profile_concepts(experiences: QuerySet, limit: int = 12) -> list[Concept]:
    """The concepts across the experiences shown, most used first (a skills summary)."""
    counts = (
        ExperienceConcept.objects.filter(experience__in=experiences.values("pk"))
        .values("concept")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "concept")[:limit]
    )
    ranked = [row["concept"] for row in counts]
    concepts = Concept.objects.in_bulk(ranked)
    return [concepts[pk] for pk in ranked]


def people_page(request: HttpRequest) -> HttpResponse:
    """The people of this node the viewer may see, newest first, searchable by name or place."""
    query = request.GET.get("q", "")[:100].strip()
    refusal = ""
    people = shown_on_public_pages(Profile.objects.visible_to(request.user), owner="")
    people = people.select_related("published")
    if query.count("@") >= 1 and "@" in query.lstrip("@") and viewer_profile(request.user):
        try:
            found = resolve_remote(query)
        except LookupRefused as refused:
            found, people = None, people.none()
            refusal = _(
                "This node does not federate with %(node)s: its people cannot be found from here."
            ) % {"node": refused.node}
        if found is not None:
            return redirect(found.get_absolute_url())
    for term in query.split()[:5]:
        people = people.filter(
            Q(handle__icontains=term)
            | Q(published__display_name__icontains=term)
            | Q(published__headline__icontains=term)
            | Q(published__territory__icontains=term)
        )
    page = page_of(people.order_by("-published_at", "-pk"), page_number(request.GET.get("page")))
    return render(
        request,
        "profiles/people.html",
        {
            "page": page,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
            "refusal": refusal,
        },
    )


def experience_page(request: HttpRequest, handle: str, pk: int) -> HttpResponse:
    experience = (
        Experience.objects.visible_to(request.user)
        .with_content()
        .filter(handle_q(handle, prefix="owner__"), pk=pk)
        .first()
    )
    if experience is None:
        raise Http404(_("No such experience, or it is not shown to you."))
    return render(
        request,
        "profiles/experience.html",
        {
            "experience": experience,
            "revision": experience.published,
            "is_owner": can_edit(request.user, experience.owner),
        },
    )


def browse_page(request: HttpRequest) -> HttpResponse:
    form = BrowseForm(request.GET or None)
    filters = Filters(**form.cleaned_data) if form.is_valid() else Filters()
    experiences, concept = experiences_for(request.user, filters)
    page = page_of(experiences, page_number(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "profiles/browse.html",
        {"form": form, "page": page, "concept": concept, "query": query.urlencode()},
    )


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    concept = get_object_or_404(Concept, slug=slug)
    experiences, _concept = experiences_for(request.user, Filters(tag=slug))
    page = page_of(experiences, page_number(request.GET.get("page")))
    language = (get_language() or "en")[:2]
    return render(
        request,
        "profiles/tag.html",
        {
            "concept": concept,
            "page": page,
            "other_labels": sorted(
                {text for lang, text in concept.labels.items() if lang != language}
            ),
            "synonyms": concept.synonyms.get(language, []),
        },
    )


def tag_index(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "en")[:2]
    concepts = sorted(Concept.objects.all(), key=lambda c: c.label(language).casefold())
    return render(request, "profiles/tags.html", {"concepts": concepts})


class ProfileFeed(Feed):
    """An Atom/RSS feed of what a person shows to everyone (anonymous readers only)."""

    def get_object(self, request: HttpRequest, handle: str) -> Profile:  # type: ignore[override]
        from django.contrib.auth.models import AnonymousUser

        profile = Profile.objects.visible_to(AnonymousUser()).filter(handle_q(handle)).first()
        if profile is None:
            raise Http404
        return profile

    def title(self, obj: Profile) -> str:
        return obj.display_name

    def link(self, obj: Profile) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Profile) -> str:
        return obj.published.headline if obj.published else ""

    def items(self, obj: Profile) -> list[Experience]:
        from django.contrib.auth.models import AnonymousUser

        return list(experiences_for(AnonymousUser(), Filters(person=obj.qualified_handle))[0][:20])

    def item_title(self, item: Experience) -> str:
        return item.published.title

    def item_description(self, item: Experience) -> str:
        return " ".join(text for _label, text in item.published.story_parts())

    def item_pubdate(self, item: Experience):  # noqa: ANN201
        return item.published_at
