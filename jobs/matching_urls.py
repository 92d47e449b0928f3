"""URLs of the matching pages (kept apart from the offer pages' own URLs)."""

from django.urls import path

from jobs.views import matching

app_name = "matching"

urlpatterns = [
    path("offers/<int:pk>/matches/", matching.offer_matches, name="offer-matches"),
    path("me/offers-for-you/", matching.offers_for_you, name="offers-for-you"),
]
