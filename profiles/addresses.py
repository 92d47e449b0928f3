"""Full addresses on this node, built from its configured domain, never from a request.

A request's Host header is the visitor's to choose (any name ALLOWED_HOSTS lets in):
an address built from it and kept (a cached page, an email) would send others there.
"""

from __future__ import annotations

from django.conf import settings


def absolute(path: str) -> str:
    """`path` on this node, as a full address (a full address is returned as it is)."""
    if not path or "://" in path:
        return path
    return f"{settings.TREMPLIN_SCHEME}://{settings.TREMPLIN_DOMAIN}{path}"
