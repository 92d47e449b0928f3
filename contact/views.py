"""Pages for contact; every rule is in contact.messaging and contact.access (applications:
contact.application_views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contact import access, messaging
from contact.before_writing import before_writing
from contact.forms import ContactForm, ReplyForm
from contact.models import Conversation, ConversationState
from jobs.offers import open_offers
from profiles.models import Profile
from profiles.permissions import viewer_profile
from profiles.views.public import visible_profile


def my_profile(request: HttpRequest) -> Profile:
    profile = viewer_profile(request.user)
    if profile is None:
        raise Http404(_("This account has no profile."))
    return profile


@login_required
def contact_person(request: HttpRequest, handle: str) -> HttpResponse:
    """An organisation member writes to a person. Before the form, the page says whether
    writing is possible, why not, and where the message goes (contact.before_writing)."""
    person = visible_profile(request, handle)
    organisations = access.member_organisations(request.user)
    ahead = before_writing(person, organisations)
    reason = ahead.refusal
    offers = open_offers().filter(organisation__profile__in=organisations)
    form = ContactForm(request.POST or None, organisations=organisations, offers=offers)
    if request.method == "POST" and reason is None and form.is_valid():
        data = form.cleaned_data
        try:
            conversation = messaging.start_conversation(
                data["organisation"],
                request.user,
                person,
                data["offer"],
                data["subject"],
                data["body"],
                data["language"],
                copy_counsellors=data["copy_counsellors"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if conversation.through_counsellors:
                messages.success(
                    request,
                    _("Sent. This young person's counsellors will read it and answer for them."),
                )
            else:
                messages.success(request, _("Your message is sent."))
            return redirect("contact:thread", pk=conversation.pk)
    status = 403 if reason and request.method == "POST" else 200
    return render(
        request,
        "contact/contact.html",
        {"person": person, "form": form, "reason": reason, "notices": ahead.notices},
        status=status,
    )


@login_required
def my_messages(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    conversations = (
        access.conversations_for(profile)
        .select_related("organisation", "person", "offer")
        .order_by("-updated_at", "-pk")
    )
    return render(request, "contact/messages.html", {"conversations": conversations})


def readable(request: HttpRequest, pk: int) -> tuple[Profile, Conversation]:
    profile = my_profile(request)
    conversation = get_object_or_404(
        access.conversations_for(profile).select_related("organisation", "person", "offer"), pk=pk
    )
    return profile, conversation


@login_required
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    profile, conversation = readable(request, pk)
    side = access.side_of(conversation, profile)
    may_write = side is not None and not (
        side == access.ORGANISATION_SIDE and conversation.state == ConversationState.DECLINED
    )
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if not may_write:
            messages.error(request, _("You cannot write in this conversation."))
            return redirect("contact:thread", pk=pk)
        if form.is_valid():
            try:
                messaging.reply(
                    conversation, profile, form.cleaned_data["body"], form.cleaned_data["language"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your answer is sent."))
                return redirect("contact:thread", pk=pk)
    return render(
        request,
        "contact/thread.html",
        {
            "conversation": conversation,
            "thread": conversation.messages.select_related("author").prefetch_related(
                "copied_counsellors"
            ),
            "form": form if may_write else None,
            "may_decline": access.may_decline(conversation, profile)
            and conversation.state == ConversationState.OPEN,
            "declined": conversation.state == ConversationState.DECLINED,
        },
    )


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    profile, conversation = readable(request, pk)
    try:
        messaging.decline(conversation, profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Declined. The organisation cannot write to you here any more.")
        )
    return redirect("contact:thread", pk=pk)
