"""Organisation pages: the list, creating one, its showcase, and the members' own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import counsellor_invitations, organisations
from jobs.forms import InvitationForm, MemberForm, OrganisationForm, RoleForm, ShowcaseForm
from jobs.models import MemberRole, Membership, Offer, Organisation
from jobs.offers import open_offers
from profiles.acting import follow_states
from profiles.belonging import shown_on_public_pages
from profiles.forms import AvatarForm
from profiles.models import FollowState, Profile
from profiles.pagination import page_number, page_of


def web_address(url: str) -> str:
    """A link target only if it is a web address (copies from other nodes are not trusted)."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def member_organisation(request: HttpRequest, pk: int) -> Organisation:
    """An organisation the user acts for; any other is "not found" (nothing is revealed)."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("profile__published"), pk=pk, profile__domain=""
    )
    if not organisations.is_member(request.user, organisation):
        raise Http404(_("No such organisation among yours."))
    return organisation


def organisation_list(request: HttpRequest) -> HttpResponse:
    """Organisations with a published showcase, from this node and others, by name."""
    listed = (
        Organisation.objects.filter(
            profile__in=shown_on_public_pages(Profile.objects.visible_to(request.user), owner="")
        )
        .select_related("profile__published")
        .order_by("profile__published__display_name", "pk")
    )
    page = page_of(listed, page_number(request.GET.get("page")))
    return render(request, "jobs/organisations.html", {"page": page})


@login_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, initial={"language": _language(request)})
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisations.create_organisation(request.user, form.cleaned_data)
        except ValidationError as error:
            form.add_error("handle", error)
        else:
            messages.success(
                request, _("Your organisation is created. You can now write its first offer.")
            )
            return redirect(organisation.profile.get_absolute_url())
    return render(request, "jobs/organisation_form.html", {"form": form, "creating": True})


def _language(request: HttpRequest) -> str:
    return (getattr(request, "LANGUAGE_CODE", "") or "fr")[:2]


def showcase(request: HttpRequest, profile: Profile) -> HttpResponse:
    """The page of an organisation, at its profile URL (registered in JobsConfig.ready)."""
    organisation = Organisation.objects.filter(profile=profile).first()
    offers: list[Offer] = []
    people: list[Profile] = []
    membership = None
    if organisation is not None:
        offers = list(
            open_offers()
            .filter(organisation=organisation)
            .prefetch_related("tags__concept")
            .order_by("-published_at", "-pk")
        )
        shown = Membership.objects.filter(organisation=organisation, shown_on_page=True)
        people = list(
            Profile.objects.visible_to(request.user)
            .filter(user__memberships__in=shown)
            .select_related("published")
        )
        membership = organisations.membership_of(request.user, organisation)
    return render(
        request,
        "jobs/showcase.html",
        {
            "profile": profile,
            "revision": profile.published or profile.draft,
            "organisation": organisation,
            "website": web_address(organisation.website) if organisation else "",
            "offers": offers,
            "people": people,
            "membership": membership,
            "follow_states": follow_states(request.user, profile),
            "followers": profile.followers.filter(state=FollowState.ACCEPTED).count(),
        },
    )


@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    """For members: each organisation, its offers in every state, and its members."""
    mine = organisations.organisations_of(request.user).prefetch_related(
        Prefetch("offers", queryset=Offer.objects.order_by("-updated_at", "-pk")),
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("user__profile").order_by("pk"),
        ),
    )
    sections = []
    for organisation in mine:
        memberships = list(organisation.memberships.all())
        me = next(m for m in memberships if m.user_id == request.user.pk)
        section = {"organisation": organisation, "me": me, "memberships": memberships}
        if organisation.accompanying and me.role == MemberRole.OWNER:
            section["counselling"] = True
            section["invitations"] = counsellor_invitations.open_invitations(organisation)
            section["counsellors"] = counsellor_invitations.counsellors_of(organisation)
        sections.append(section)
    return render(
        request,
        "jobs/my_organisations.html",
        {
            "sections": sections,
            "member_form": MemberForm(),
            "invitation_form": InvitationForm(),
            "role_choices": RoleForm.base_fields["role"].choices,
        },
    )


@login_required
def showcase_editor(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = member_organisation(request, pk)
    form = ShowcaseForm(request.POST or None, initial=organisations.showcase_initial(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            organisations.update_showcase(organisation, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation's page is updated."))
            return redirect(organisation.profile.get_absolute_url())
    return render(
        request,
        "jobs/organisation_form.html",
        {"form": form, "organisation": organisation, "avatar_form": AvatarForm()},
    )


@login_required
@require_POST
def upload_logo(request: HttpRequest, pk: int) -> HttpResponse:
    """The logo is the profile's avatar, checked by the same form as a person's photo."""
    organisation = member_organisation(request, pk)
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        organisations.set_logo(organisation, form.cleaned_data["avatar"])
        messages.success(request, _("The logo is saved."))
    else:
        messages.error(
            request, " ".join(form.errors.get("avatar", [_("This file is not an image.")]))
        )
    return redirect("jobs:showcase-edit", pk=organisation.pk)


@login_required
@require_POST
def add_member(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = member_organisation(request, pk)
    form = MemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the email or handle of the person, and their role."))
        return redirect("jobs:mine")
    try:
        membership = organisations.add_member(
            organisation, request.user, form.cleaned_data["who"], form.cleaned_data["role"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("%(name)s is now a member.") % {"name": membership.user.profile.display_name},
        )
    return redirect("jobs:mine")


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def _membership(request: HttpRequest, pk: int, member_pk: int) -> Membership:
    organisation = member_organisation(request, pk)
    return get_object_or_404(
        Membership.objects.select_related("organisation__profile"),
        pk=member_pk,
        organisation=organisation,
    )


@login_required
@require_POST
def change_role(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = _membership(request, pk, member_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("jobs:mine")
    try:
        organisations.change_role(membership, request.user, form.cleaned_data["role"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("Role changed."))
    return redirect("jobs:mine")


@login_required
@require_POST
def remove_member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = _membership(request, pk, member_pk)
    leaving = membership.user_id == request.user.pk
    try:
        organisations.remove_member(membership, request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request, _("You left the organisation.") if leaving else _("Member removed.")
        )
    return redirect("jobs:mine")


@login_required
@require_POST
def toggle_shown(request: HttpRequest, pk: int) -> HttpResponse:
    """Each member decides alone whether their profile appears on the organisation's page."""
    organisation = member_organisation(request, pk)
    membership = organisations.membership_of(request.user, organisation)
    shown = request.POST.get("shown") == "1"
    organisations.set_shown_on_page(membership, shown)
    messages.success(
        request,
        _("You appear on the organisation's page.")
        if shown
        else _("You no longer appear on the organisation's page."),
    )
    return redirect("jobs:mine")
