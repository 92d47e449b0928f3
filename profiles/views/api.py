"""JSON answers: the same visibility rules as the pages (they use the same queries)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language

from profiles.addresses import absolute
from profiles.browse import Filters, experiences_for
from profiles.forms import BrowseForm
from profiles.models import Experience, Profile
from profiles.pagination import page_number, page_of
from profiles.tagging import suggest_by_prefix
from profiles.views.public import visible_profile


def experience_json(experience: Experience, request: HttpRequest) -> dict[str, Any]:
    revision = experience.published
    return {
        "id": experience.pk,
        "url": absolute(experience.get_absolute_url()),
        "owner": experience.owner.qualified_handle,
        "kind": revision.kind,
        "title": revision.title,
        "organisation": revision.organisation,
        "place": revision.place,
        "start": f"{revision.start_year:04d}-{revision.start_month:02d}",
        "end": f"{revision.end_year:04d}-{revision.end_month:02d}" if revision.end_year else None,
        "story": {name: getattr(revision, name) for name in revision.STORY_FIELDS},
        "language": revision.language,
        "tags": [
            {"text": tag.text, "concept": tag.concept.slug if tag.concept else None}
            for tag in revision.tags.all()
        ],
        "published": experience.published_at.isoformat(),
        "updated": revision.published_at.isoformat(),
    }


def experiences_api(request: HttpRequest) -> JsonResponse:
    form = BrowseForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": "invalid filters", "fields": form.errors}, status=400)
    queryset, _concept = experiences_for(request.user, Filters(**form.cleaned_data))
    page = page_of(queryset.with_tags(), page_number(request.GET.get("page")))
    return JsonResponse(
        {
            "page": page.number,
            "has_next": page.has_next,
            "items": [experience_json(e, request) for e in page.items],
        }
    )


def profile_api(request: HttpRequest, handle: str) -> JsonResponse:
    profile: Profile = visible_profile(request, handle)
    revision = profile.published or profile.draft
    experiences, _concept = experiences_for(request.user, Filters(person=profile.qualified_handle))
    return JsonResponse(
        {
            "handle": profile.qualified_handle,
            "url": absolute(profile.get_absolute_url()),
            "name": profile.display_name,
            "headline": revision.headline if revision else "",
            "about": revision.about if revision else "",
            "territory": revision.territory if revision else "",
            "languages_spoken": revision.languages_spoken if revision else [],
            "language": revision.language if revision else None,
            "experiences": [
                experience_json(e, request) for e in experiences.by_date().with_tags()[:50]
            ],
        }
    )


def tag_suggestions(request: HttpRequest) -> JsonResponse:
    """Concepts for what is being typed in the tag field, in the reader's language."""
    typed = request.GET.get("q", "")[:60]
    language = (request.GET.get("lang") or get_language() or "en")[:2]
    return JsonResponse(
        {
            "suggestions": [
                {"slug": concept.slug, "label": concept.label(language), "matched": matched}
                for concept, matched in suggest_by_prefix(typed, language)
            ]
        }
    )
