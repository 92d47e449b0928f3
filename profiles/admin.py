"""The node admin's view of people and experiences: filters for the questions they ask."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from profiles.models import Concept, CounsellorLink, Experience, ExperienceRevision, Profile


class CounsellorInline(admin.TabularInline):
    model = CounsellorLink
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["counsellor"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = (
        "handle",
        "display_name",
        "role",
        "visibility",
        "consent_from",
        "guardian_consent_at",
        "created_at",
    )
    list_filter = (
        "role",
        "visibility",
        ("guardian_consent_at", admin.EmptyFieldListFilter),
        "created_at",
    )
    search_fields = ("handle", "user__email", "published__display_name", "draft__display_name")
    readonly_fields = ("consent_from", "published", "draft", "created_at", "published_at")
    inlines = [CounsellorInline]
    actions = ["record_guardian_consent"]

    @admin.action(description=_("Record the guardian's consent (paper form received)"))
    def record_guardian_consent(self, request, queryset):  # noqa: ANN001, ANN201
        count = 0
        for profile in queryset.filter(guardian_consent_at__isnull=True):
            profile.guardian_consent_at = timezone.now()
            profile.guardian_consent_note = f"recorded by {request.user.username}"
            profile.save(update_fields=["guardian_consent_at", "guardian_consent_note"])
            count += 1
        messages.success(
            request,
            ngettext(
                "Consent recorded for %(n)d person.", "Consent recorded for %(n)d people.", count
            )
            % {"n": count},
        )


class RevisionInline(admin.StackedInline):
    model = ExperienceRevision
    extra = 0
    can_delete = False
    fields = ("published_at", "visibility", "kind", "title", "language")
    readonly_fields = fields


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "kind", "language", "visibility", "published_at")
    list_filter = ("kind", "language", "visibility", ("published", admin.EmptyFieldListFilter))
    search_fields = ("owner__handle", "published__title", "draft__title", "search_document")
    raw_id_fields = ("owner", "published", "draft")
    inlines = [RevisionInline]


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ("slug", "group", "esco_uri")
    list_filter = ("group",)
    search_fields = ("slug", "all_labels__normalized")
