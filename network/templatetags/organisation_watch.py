"""Template tags for the company side, shown on pages other apps own.

"My organisation" (jobs) includes network/_organisation_watch.html, which asks here for
the organisation's saved searches (with how many new experiences each has) and the
tags it follows; the explore page (profiles) asks whether to offer "Save this search".
Their views stay as they are, and neither app needs to know this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import template

from jobs.models import Organisation
from jobs.organisations import organisations_of
from network import candidates, tags
from network.models import CandidateSearch
from profiles.models import Concept

register = template.Library()


@dataclass
class Watch:
    """What an organisation keeps an eye on, as one of its members sees it."""

    searches: list[tuple[CandidateSearch, int]] = field(default_factory=list)
    followed_tags: list[Concept] = field(default_factory=list)
    shown: bool = False


def _user(context: Any) -> Any:
    return getattr(context.get("request"), "user", None)


@register.simple_tag(takes_context=True)
def organisation_watch(context: Any, organisation: Organisation) -> Watch:
    """The organisation's searches and followed tags, for a member only (else nothing)."""
    user = _user(context)
    if user is None or not organisations_of(user).filter(pk=organisation.pk).exists():
        return Watch()
    searches = [
        (search, candidates.new_count(user, search))
        for search in candidates.searches_of(user, organisation)
    ]
    return Watch(
        searches=searches,
        followed_tags=tags.followed_concepts(organisation.profile),
        shown=True,
    )


@register.inclusion_tag("network/_candidate_search_link.html", takes_context=True)
def save_search_link(context: Any, form: Any) -> dict[str, Any]:
    """On the explore page: "Save this search" for members of an organisation, when the
    filters are valid, not empty, and not one person's experiences."""
    user = _user(context)
    offered = (
        user is not None
        and form.is_bound
        and form.is_valid()
        and not form.cleaned_data.get("person")
        and organisations_of(user).exists()
    )
    kept = {}
    if offered:
        kept = {
            name: str(form.cleaned_data.get(name) or "").strip() for name in CandidateSearch.FILTERS
        }
        kept = {name: value for name, value in kept.items() if value}
    return {"query": urlencode(kept), "offered": bool(kept)}
