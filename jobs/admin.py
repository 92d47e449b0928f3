"""The node admin's view of organisations and offers; the verified mark is given here."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobs import offers, organisations
from jobs.models import Membership, Offer, OfferTag, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "handle",
        "org_type",
        "place",
        "verified_at",
        "accompanying",
        "created_at",
    )
    list_filter = (
        "org_type",
        "accompanying",
        ("verified_at", admin.EmptyFieldListFilter),
        ("profile__domain", admin.EmptyFieldListFilter),
    )
    search_fields = ("profile__handle", "profile__published__display_name", "place", "sector")
    list_select_related = ("profile__published",)
    readonly_fields = ("profile", "verified_at", "created_at")
    fields = (
        "profile",
        "org_type",
        "sector",
        "size",
        "place",
        "website",
        "verified_at",
        "verified_note",
        "accompanying",
        "created_at",
    )
    inlines = [MembershipInline]
    actions = ["mark_verified", "remove_verified"]

    @admin.display(description=_("handle"), ordering="profile__handle")
    def handle(self, organisation: Organisation) -> str:
        return organisation.profile.fediverse_handle

    @admin.action(description=_("Mark verified (the team checked the organisation exists)"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        done = self._each(
            request, queryset, lambda o: organisations.mark_verified(o, o.verified_note)
        )
        self.message_user(
            request,
            ngettext("%d organisation verified.", "%d organisations verified.", done) % done,
            messages.SUCCESS,
        )

    @admin.action(description=_("Remove the verified mark"))
    def remove_verified(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        done = self._each(request, queryset, organisations.remove_verified)
        self.message_user(
            request,
            ngettext(
                "Mark removed from %d organisation.", "Mark removed from %d organisations.", done
            )
            % done,
            messages.SUCCESS,
        )

    def _each(self, request: HttpRequest, queryset: QuerySet[Organisation], action) -> int:  # noqa: ANN001
        done = 0
        for organisation in queryset.select_related("profile"):
            try:
                action(organisation)
            except ValidationError as error:
                self.message_user(
                    request, f"{organisation}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        return done


class OfferTagInline(admin.TabularInline):
    model = OfferTag
    extra = 0
    fields = ("text", "concept")
    readonly_fields = ("text", "concept")
    can_delete = False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "state", "contract_type", "valid_through")
    list_filter = ("state", "contract_type", "language")
    search_fields = ("title", "organisation__profile__handle", "place")
    list_select_related = ("organisation__profile__published",)
    date_hierarchy = "published_at"
    inlines = [OfferTagInline]
    actions = ["close_offers"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # offers are written by organisations, on their pages

    def get_readonly_fields(self, request: HttpRequest, obj: Offer | None = None) -> list[str]:
        # Changes go through jobs.offers so other nodes and alerts hear of them.
        return [field.name for field in Offer._meta.fields]

    @admin.action(description=_("Close (moderation)"))
    def close_offers(self, request: HttpRequest, queryset: QuerySet[Offer]) -> None:
        for offer in queryset:
            offers.close(offer)
        self.message_user(request, _("Closed."), messages.SUCCESS)

    def delete_model(self, request: HttpRequest, obj: Offer) -> None:
        offers.delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Offer]) -> None:
        for offer in queryset:
            offers.delete(offer)
