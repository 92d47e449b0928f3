"""Follow, unfollow, and answering follow requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from profiles import following
from profiles.acting import acting_profile
from profiles.models import Follow, FollowState
from profiles.pagination import page_number, page_of
from profiles.views.editor import my_profile
from profiles.views.public import visible_profile


@login_required
@require_POST
def follow(request: HttpRequest, handle: str) -> HttpResponse:
    me = acting_profile(request.user, request.POST.get("as", ""))
    target = visible_profile(request, handle)
    if target.pk == me.pk:
        messages.error(request, _("You cannot follow yourself."))
    else:
        relation = following.follow(me, target)
        if relation.state == FollowState.ACCEPTED:
            messages.success(request, _("You follow %(name)s.") % {"name": target.display_name})
        else:
            messages.success(
                request,
                _("Request sent: %(name)s will answer it.") % {"name": target.display_name},
            )
    return redirect(target.get_absolute_url())


@login_required
@require_POST
def unfollow(request: HttpRequest, handle: str) -> HttpResponse:
    me = acting_profile(request.user, request.POST.get("as", ""))
    target = visible_profile(request, handle)
    relation = Follow.objects.filter(follower=me, followed=target).first()
    if relation is not None:
        following.end(relation)
        messages.success(
            request, _("You no longer follow %(name)s.") % {"name": target.display_name}
        )
    return redirect(target.get_absolute_url())


@login_required
@require_POST
def answer_follower(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a request, refuse it, or remove a follower (their node is sent a Reject of
    the Follow, as Mastodon does, so that it drops the relation too)."""
    relation = get_object_or_404(Follow, pk=pk, followed=my_profile(request))
    if request.POST.get("answer") == "accept":
        following.accept(relation)
        messages.success(request, _("Accepted."))
    else:
        following.end(relation, refused=True)
        if request.POST.get("answer") == "remove":
            name = relation.follower.display_name
            messages.success(request, _("%(name)s no longer follows you.") % {"name": name})
        else:
            messages.success(request, _("Removed."))
    if request.POST.get("back") == "followers":
        return redirect("profiles:my-followers")
    return redirect("profiles:my-profile")


@login_required
def my_followers(request: HttpRequest) -> HttpResponse:
    """Who follows me, newest first, each with a Remove button; requests waiting above."""
    profile = my_profile(request)
    followers = profile.followers.select_related("follower").order_by("-created_at", "-pk")
    accepted = followers.filter(state=FollowState.ACCEPTED)
    return render(
        request,
        "profiles/editor/followers.html",
        {
            "requests": followers.filter(state=FollowState.PENDING),
            "page": page_of(accepted, page_number(request.GET.get("page"))),
            "total": accepted.count(),
        },
    )
