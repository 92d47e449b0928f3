"""The node admin's view of people and experiences: filters for the questions they ask."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from profiles import counsellors, guardian_consent
from profiles.models import (
    Concept,
    ConsentRequestState,
    CounsellorGrant,
    CounsellorLink,
    Experience,
    ExperienceRevision,
    GuardianConsentRequest,
    Profile,
    Role,
)


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
        "counsellor_confirmed",
        "created_at",
    )
    list_select_related = ("counsellor_grant", "published", "draft")
    list_filter = (
        "role",
        ("counsellor_grant", admin.EmptyFieldListFilter),
        "visibility",
        ("guardian_consent_at", admin.EmptyFieldListFilter),
        "created_at",
    )
    search_fields = ("handle", "user__email", "published__display_name", "draft__display_name")
    readonly_fields = ("consent_from", "published", "draft", "created_at", "published_at")
    inlines = [CounsellorInline]
    actions = ["record_guardian_consent", "grant_counsellor_role", "withdraw_counsellor_role"]

    @admin.action(description=_("Grant the counsellor role (the team checked who they are)"))
    def grant_counsellor_role(self, request, queryset):  # noqa: ANN001, ANN201
        """Recorded with who and when on the grant, and in the admin's history."""
        count = 0
        for profile in queryset:
            try:
                counsellors.grant(
                    profile,
                    by=request.user,
                    organisation=getattr(counsellors.grant_of(profile), "organisation", None),
                    how=gettext("granted by %(admin)s") % {"admin": request.user.username},
                )
            except ValidationError as error:
                messages.error(request, f"{profile}: {' '.join(error.messages)}")
                continue
            self.log_change(request, profile, "Counsellor role granted")
            count += 1
        messages.success(
            request,
            ngettext(
                "%(n)d person is now a counsellor.", "%(n)d people are now counsellors.", count
            )
            % {"n": count},
        )

    @admin.action(description=_("Withdraw the counsellor role"))
    def withdraw_counsellor_role(self, request, queryset):  # noqa: ANN001, ANN201
        count = 0
        for profile in queryset:
            if counsellors.withdraw(profile):
                self.log_change(request, profile, "Counsellor role withdrawn")
                count += 1
        messages.success(
            request,
            ngettext(
                "Counsellor role withdrawn from %(n)d person.",
                "Counsellor role withdrawn from %(n)d people.",
                count,
            )
            % {"n": count},
        )

    @admin.display(description=_("counsellor role"), boolean=True)
    def counsellor_confirmed(self, profile: Profile) -> bool | None:
        if profile.role != Role.COUNSELLOR:
            return None
        return hasattr(profile, "counsellor_grant")

    @admin.action(description=_("Record the guardian's consent (paper form received)"))
    def record_guardian_consent(self, request, queryset):  # noqa: ANN001, ANN201
        """The same logic as recording a filled-in request (profiles.guardian_consent)."""
        count = 0
        for profile in queryset.filter(guardian_consent_at__isnull=True):
            if guardian_consent.record(profile, request.user):
                count += 1
        messages.success(
            request,
            ngettext(
                "Consent recorded for %(n)d person.", "Consent recorded for %(n)d people.", count
            )
            % {"n": count},
        )


@admin.register(GuardianConsentRequest)
class GuardianConsentRequestAdmin(admin.ModelAdmin):
    """Forms young people created and guardians filled in, for the team to record.

    Filling a form in unlocks nothing: the team checks it (the paper copy, a call) and
    records it with the action, the only step that lets the person publish.
    """

    list_display = (
        "profile",
        "display_code",
        "state",
        "guardian_name",
        "guardian_relationship",
        "completed_by",
        "completed_at",
        "recorded_by",
        "recorded_at",
    )
    list_filter = ("state", "completed_at")
    list_select_related = ("profile", "completed_by", "recorded_by")
    search_fields = ("profile__handle", "code", "guardian_name")
    readonly_fields = [field.name for field in GuardianConsentRequest._meta.fields]
    actions = ["record_consent"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False  # created by the young person (/me/guardian-consent/)

    def changelist_view(self, request, extra_context=None):  # noqa: ANN001, ANN201
        """Opens on the forms waiting for the team (filled in, not recorded yet)."""
        if not request.GET and not request.POST:
            request.GET = request.GET.copy()
            request.GET["state__exact"] = ConsentRequestState.COMPLETED
            request.META["QUERY_STRING"] = request.GET.urlencode()
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("code"))
    def display_code(self, consent_request: GuardianConsentRequest) -> str:
        return consent_request.display_code

    @admin.action(description=_("Record the guardian's consent"))
    def record_consent(self, request, queryset):  # noqa: ANN001, ANN201
        count = 0
        for consent_request in queryset.select_related("profile"):
            if guardian_consent.record_request(consent_request, request.user):
                self.log_change(request, consent_request, "Guardian's consent recorded")
                count += 1
            else:
                messages.warning(
                    request,
                    gettext("%(request)s: only a filled-in form can be recorded.")
                    % {"request": consent_request},
                )
        messages.success(
            request,
            ngettext(
                "Consent recorded for %(n)d person.", "Consent recorded for %(n)d people.", count
            )
            % {"n": count},
        )


@admin.register(CounsellorGrant)
class CounsellorGrantAdmin(admin.ModelAdmin):
    """Who holds the counsellor role, for which structure, granted by whom and when."""

    list_display = ("profile", "organisation", "granted_by", "how", "granted_at")
    list_select_related = ("profile", "organisation", "granted_by")
    search_fields = ("profile__handle", "organisation__handle")
    autocomplete_fields = ["organisation"]
    readonly_fields = ("profile", "granted_by", "how", "granted_at")

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False  # granted with the people's action "Grant the counsellor role"


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
