"""Experience cards rendered once and kept: a published revision never changes.

A list page shows twenty cards; rendering them is most of its cost (bench/RESULTS.md).
A card depends only on the published revision, the owner's published name and the
reader's language, so its HTML is cached under those, for every kind of viewer:
which cards a viewer gets is still decided by `visible_to`, before this tag runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from profiles.models import Experience
from profiles.models.experiences import TAGS_PREFETCH

register = template.Library()
CARD_TTL_SECONDS = 3600


def card_key(experience: Experience, language: str) -> str:
    return f"card:{experience.published_id}:{experience.owner.published_id}:{language}"


@register.simple_tag
def experience_cards(experiences: Iterable[Experience]) -> SafeString:
    experiences = list(experiences)
    language = get_language() or "en"
    keys = [card_key(experience, language) for experience in experiences]
    cached = cache.get_many(keys)
    missing = [e for key, e in zip(keys, experiences, strict=True) if key not in cached]
    prefetch_related_objects(missing, *TAGS_PREFETCH)
    card = get_template("profiles/_experience_card.html")
    fresh: dict[str, str] = {}
    parts = []
    for key, experience in zip(keys, experiences, strict=True):
        html = cached.get(key)
        if html is None:
            html = fresh[key] = card.render({"experience": experience})
        parts.append(html)
    if fresh:
        cache.set_many(fresh, CARD_TTL_SECONDS)
    return mark_safe("".join(parts))  # noqa: S308 - our own template's output, escaped there
