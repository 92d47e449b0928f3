"""Addresses of things other apps own, built in one place.

The offer page and the conversation pages belong to other apps; their URL names are
looked up here, so a renamed page breaks one function, not every template and email.
"""

from __future__ import annotations

from django.urls import reverse


def offer_path(offer_pk: int) -> str:
    """The offer's page on this node (for remote offers too: their copy here)."""
    return reverse("jobs:offer", args=[offer_pk])  # = Offer.get_absolute_url, by pk alone


def conversation_path(conversation_pk: int) -> str:
    return reverse("contact:thread", args=[conversation_pk])


def application_path() -> str:
    """Applications are listed on the organisation's page of applications."""
    return reverse("contact:organisation-applications")


def my_application_path(application_pk: int) -> str:
    """The applicant's own list of applications, at this one."""
    return f"{reverse('contact:my-applications')}#application-{application_pk}"


def organisation_application_path(application_pk: int) -> str:
    """One application, as the offer's organisation reads it."""
    return reverse("contact:organisation-application", args=[application_pk])
