"""Addresses of things other apps own, built in one place.

The offer page and the conversation pages belong to other apps; their URL names are
looked up here, so a renamed page breaks one function, not every template and email.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def _reverse_or(name: str, pk: int, fallback: str) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback


def offer_path(offer_pk: int) -> str:
    """The offer's page on this node (for remote offers too: their copy here)."""
    return _reverse_or("jobs:offer", offer_pk, f"/offers/{offer_pk}/")


def conversation_path(conversation_pk: int) -> str:
    return _reverse_or("contact:conversation", conversation_pk, "")


def application_path(application_pk: int, offer_pk: int) -> str:
    return _reverse_or("contact:application", application_pk, offer_path(offer_pk))


def absolute(path: str) -> str:
    """A full address for an email, where there is no request to build it from."""
    if not path or "://" in path:
        return path
    return f"{settings.TREMPLIN_SCHEME}://{settings.TREMPLIN_DOMAIN}{path}"
