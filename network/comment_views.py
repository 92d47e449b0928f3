"""Comment actions: writing one under an item, and the owner hiding or deleting one.

Every change goes through network.comments; these views check who asks (403 for
anyone but the item's owner, or the comment's author for a deletion) and say what
happened on the item's page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.models import Offer
from network import comments
from network.forms import CommentForm
from network.models import Comment
from profiles.models import Experience
from profiles.permissions import viewer_profile


def _back(item: comments.Item) -> HttpResponse:
    return redirect(f"{item.get_absolute_url()}#comments")


def _write(request: HttpRequest, item: comments.Item) -> HttpResponse:
    if not comments.item_visible_to(request.user, item):
        raise Http404(_("No such item, or it is not shown to you."))
    author = viewer_profile(request.user)
    if author is None:
        raise PermissionDenied(_("This account has no profile."))
    form = CommentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(item)
    try:
        comments.post(
            author,
            item,
            form.cleaned_data["text"],
            language=(getattr(request, "LANGUAGE_CODE", "") or "")[:2],
            summary=form.cleaned_data["summary"],
        )
    except comments.CommentRefused as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your comment is published."))
    return _back(item)


@login_required
@require_POST
def comment_experience(request: HttpRequest, pk: int) -> HttpResponse:
    return _write(request, get_object_or_404(Experience.objects.select_related("owner"), pk=pk))


@login_required
@require_POST
def comment_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.select_related("organisation__profile"), pk=pk)
    return _write(request, offer)


def _comment(pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("experience__owner", "offer__organisation__profile"),
        pk=pk,
    )


def _owner_only(request: HttpRequest, comment: Comment) -> None:
    if not comments.is_item_owner(request.user, comment.item):
        raise PermissionDenied(_("Only the item's owner may do this."))


def _set_hidden(request: HttpRequest, pk: int, hidden: bool) -> HttpResponse:
    comment = _comment(pk)
    _owner_only(request, comment)
    comments.set_hidden(comment, hidden)
    if hidden:
        messages.success(request, _("The comment is hidden: only you see it."))
    else:
        messages.success(request, _("The comment is shown again."))
    return _back(comment.item)


@login_required
@require_POST
def hide_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_hidden(request, pk, True)


@login_required
@require_POST
def show_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_hidden(request, pk, False)


@login_required
@require_POST
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The item's owner, or the comment's own author, deletes it."""
    comment = _comment(pk)
    me = viewer_profile(request.user)
    if me is None or me.pk != comment.author_id:
        _owner_only(request, comment)
    item = comment.item
    comments.delete(comment)
    messages.success(request, _("The comment is deleted."))
    return _back(item)
