"""The layout's navigation: the main places (bottom bar on phones) and the language list."""

from __future__ import annotations

from typing import Any

from django import template

from node.web.navigation import places_for

register = template.Library()


@register.inclusion_tag("web/_places.html", takes_context=True)
def main_places(context: dict[str, Any]) -> dict[str, Any]:
    return {"places": places_for(context.get("request"))}
