"""The owner's pages: profile editor, experience editor, publishing, history, counsellors."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from profiles import audience, avatars, counsellors, kept_story, publishing, story_examples
from profiles.forms import (
    VISIBILITY_HELP,
    AvatarForm,
    CounsellorForm,
    ExperienceForm,
    ProfileSettingsForm,
    PublishForm,
)
from profiles.kept_story import login_keeping_story
from profiles.lookup import handle_q
from profiles.models import (
    CounsellorLink,
    Experience,
    ExperienceRevision,
    GuardianConsentRequest,
    Profile,
)
from profiles.profile_form import ProfileEditorForm
from profiles.tagging import match_concepts, split_tags, suggest_from_text
from profiles.visibility import Visibility


def my_profile(request: HttpRequest) -> Profile:
    profile = getattr(request.user, "profile", None)
    if profile is None:
        raise Http404(_("This account has no profile."))
    return profile


def my_experience(request: HttpRequest, pk: int) -> Experience:
    return get_object_or_404(
        Experience.objects.select_related("draft", "published", "owner"),
        pk=pk,
        owner=my_profile(request),
    )


def words_differ(profile: Profile, data: dict) -> bool:
    """Whether these words differ from what the editor started from (draft or published)."""
    source = profile.draft or profile.published
    return source is None or any(
        getattr(source, name) != data[name] for name in publishing.PROFILE_FIELDS
    )


def _publish_profile(request: HttpRequest, profile: Profile, visibility: int) -> str | None:
    """Publish the current words at `visibility`; the error to show, or None."""
    try:
        publishing.publish_profile(profile, visibility)
    except ValidationError as error:
        return " ".join(error.messages)
    profile.refresh_from_db()
    messages.success(request, audience.who_sees_my_profile(profile))
    return None


@login_required
def profile_editor(request: HttpRequest) -> HttpResponse:
    """One form: the words, and beside "Publish" who can see them; the state on top.

    "Save draft" keeps the words for the person and their counsellors; "Publish" saves
    them and publishes at the chosen level, in one post: nothing typed is ever lost.
    """
    profile = my_profile(request)
    publish = request.method == "POST" and "publish" in request.POST
    initial = {**publishing.profile_draft_initial(profile), "visibility": profile.visibility}
    form = ProfileEditorForm(
        request.POST or None, owner=profile, publishing=publish, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = words_differ(profile, data)
        if changed or (not publish and profile.published_id is None):
            publishing.save_profile_draft(profile, data)
            profile.refresh_from_db()
        if not publish:
            messages.success(request, _("Draft saved. Publish it when you are ready."))
            return redirect("profiles:my-profile")
        if publishing.is_published(profile, data, data["visibility"]):
            messages.success(request, audience.who_sees_my_profile(profile))
            return redirect("profiles:my-profile")
        error = _publish_profile(request, profile, data["visibility"])
        if error is None:
            return redirect("profiles:my-profile")
        form.add_error("visibility", error)
    return render(
        request,
        "profiles/editor/profile.html",
        {
            "profile": profile,
            "form": form,
            "who_sees": audience.who_sees_my_profile(profile),
            "changes_waiting": audience.changes_waiting(profile),
            "may_publish": profile.highest_visibility() > Visibility.PRIVATE,
            "settings_form": ProfileSettingsForm(instance=profile),
            "avatar_form": AvatarForm(),
            "counsellor_form": CounsellorForm(person=profile),
            "counsellors": profile.counsellor_links.select_related(
                "counsellor__published",
                "counsellor__draft",
                "counsellor__counsellor_grant__organisation__published",
            ),
            "requests": profile.followers.filter(state="pending").select_related("follower"),
            "visibility_help": VISIBILITY_HELP,
        },
    )


@login_required
@require_POST
def publish_profile(request: HttpRequest) -> HttpResponse:
    """Publish the words as they are (draft, else published), at the level chosen: the
    short path for "change who can see it"; the editor's form publishes through
    `profile_editor`, with the words typed."""
    profile = my_profile(request)
    form = PublishForm(request.POST, owner=profile)
    if not form.is_valid():
        messages.error(request, _("Choose who can see your profile."))
    else:
        error = _publish_profile(request, profile, form.cleaned_data["visibility"])
        if error is not None:
            messages.error(request, error)
    return redirect("profiles:my-profile")


@login_required
@require_POST
def profile_settings(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    form = ProfileSettingsForm(request.POST, instance=profile)
    if form.is_valid():
        with transaction.atomic():
            form.save()
            if {"approves_followers", "accepts_contact"} & set(form.changed_data):
                publishing.profile_changed(profile)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose who sees your new experiences."))
    return redirect("profiles:my-profile")


@login_required
@require_POST
def upload_avatar(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        with transaction.atomic():
            avatars.replace_avatar(profile, form.cleaned_data["avatar"])
            publishing.profile_changed(profile)
        messages.success(request, _("Your photo is saved."))
    else:
        messages.error(
            request, " ".join(form.errors.get("avatar", [_("This file is not a photo.")]))
        )
    return redirect("profiles:my-profile")


@login_required
def add_counsellor(request: HttpRequest) -> HttpResponse:
    """Two steps: who and where (name, organisation, node) and what they will see; access
    is given only by the POST of the confirmation (`confirm=yes`)."""
    profile = my_profile(request)
    form = CounsellorForm(request.POST if request.method == "POST" else request.GET, person=profile)
    if not form.is_valid():
        errors = form.errors.get("handle") or [_("Give your counsellor's handle.")]
        messages.error(request, " ".join(errors))
        return redirect("profiles:my-profile")
    counsellor = form.cleaned_data["handle"]
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            counsellors.choose(profile, counsellor)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s can now see your drafts and private experiences.")
                % {"name": counsellor.display_name},
            )
        return redirect("profiles:my-profile")
    return render(
        request,
        "profiles/editor/counsellor_confirm.html",
        {
            "counsellor": counsellor,
            "grant": counsellors.grant_of(counsellor),
            "already": profile.counsellor_links.filter(counsellor=counsellor).exists(),
            "under_consent_age": bool(
                profile.consent_from and timezone.localdate() < profile.consent_from
            ),
        },
    )


@login_required
@require_POST
def remove_counsellor(request: HttpRequest, pk: int) -> HttpResponse:
    CounsellorLink.objects.filter(person=my_profile(request), pk=pk).delete()
    messages.success(request, _("This counsellor no longer sees your private things."))
    return redirect("profiles:my-profile")


@login_required
def my_experiences(request: HttpRequest) -> HttpResponse:
    profile = my_profile(request)
    experiences = profile.experiences.select_related("draft", "published").by_date("current")
    return render(request, "profiles/editor/experiences.html", {"experiences": experiences})


def _suggestions(experience: Experience | None, language: str) -> list[tuple[str, str]]:
    """Concepts suggested from the words of the draft's story, not yet among its tags."""
    revision = experience and (experience.draft or experience.published)
    if not revision:
        return []
    text = " ".join([revision.title] + [getattr(revision, f) for f in revision.STORY_FIELDS])
    have = [tag.concept_id for tag in revision.tags.all() if tag.concept_id]
    concepts = suggest_from_text(text, revision.language, exclude=have)
    return [(c.slug, c.label(language)) for c in concepts]


# What of a posted form the story suggestions read: the role and the story, each only as
# long as its field may be (a post is not trusted to respect the form's limits).
_STORY_LIMITS = {"title": 120, **dict.fromkeys(ExperienceRevision.STORY_FIELDS, 3000)}


def _suggestions_from_post(data: QueryDict, language: str) -> list[tuple[str, str]]:
    """Concepts suggested from the words just typed (a form sent back with an error
    suggests from what is on screen), not among the typed tags: a handful, ranked."""
    text = " ".join(str(data.get(name, ""))[:limit] for name, limit in _STORY_LIMITS.items())
    story_language = str(data.get("language", ""))[:8] or language
    typed = split_tags(str(data.get("tags", ""))[:1000])
    have = [concept.pk for concept in match_concepts(typed, story_language).values()]
    concepts = suggest_from_text(text, story_language, exclude=have)
    return [(c.slug, c.label(language)) for c in concepts]


def _editor_page(
    request: HttpRequest, form: ExperienceForm, experience: Experience | None
) -> HttpResponse:
    tags = []
    if experience:
        revision = experience.draft or experience.published
        tags = list(revision.tags.select_related("concept")) if revision else []
    return render(
        request,
        "profiles/editor/experience.html",
        {
            "form": form,
            "experience": experience,
            "profile": my_profile(request),
            "tags": tags,
            # Read by story-examples.js (a data attribute: the policy allows no inline script).
            "story_examples": json.dumps(story_examples.every_example(), ensure_ascii=False),
        },
    )


@login_keeping_story
def experience_editor(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """One form: "Save draft" keeps whatever is typed; "Publish" saves it first, then
    publishes it for the people chosen next to the button. On any error the form comes
    back with everything typed, and what is missing is said next to each field."""
    profile = my_profile(request)
    experience = my_experience(request, pk) if pk else None
    language = (get_language() or "en")[:2]
    if request.method != "POST":
        kept = kept_story.take(request)
        if kept is not None:
            messages.info(request, _("We kept what you wrote: check it and save."))
            initial = {name: kept.get(name) for name in kept if name != "suggested"}
            initial["suggested"] = kept.getlist("suggested")
            suggestions = _suggestions_from_post(kept, language)
        else:
            initial = publishing.experience_draft_initial(experience) if experience else {}
            suggestions = _suggestions(experience, language)
        initial.setdefault("language", language if language else "fr")
        initial.setdefault("visibility", profile.default_visibility)
        form = ExperienceForm(
            initial=initial, suggestions=suggestions, owner=profile, label_language=language
        )
        return _editor_page(request, form, experience)

    publish = "publish" in request.POST
    form = ExperienceForm(request.POST, publishing=publish, owner=profile, label_language=language)
    valid = form.is_valid()
    unchanged = False
    if form.can_save_draft():
        data = form.draft_data
        unchanged = publishing.unchanged_since_published(experience, data, data["all_tags"])
        if not unchanged:
            experience = publishing.save_experience_draft(
                profile, experience, data, data["all_tags"], visibility=data.get("visibility")
            )
    if not valid:
        if form.can_save_draft():
            messages.info(
                request,
                _("Your draft is saved. To publish it, fix what is shown below.")
                if publish
                else _("Your draft is saved, but check what is shown below."),
            )
        form.fields["suggested"].choices = form.suggested_choices(
            _suggestions_from_post(request.POST, language), language
        )
        return _editor_page(request, form, experience)
    if not publish:
        if unchanged:
            messages.info(request, _("Nothing changed: this is what is published."))
        else:
            messages.success(request, _("Draft saved. You can change it as often as you like."))
        return redirect("profiles:experience-edit", pk=experience.pk)
    return _publish(request, experience, form.cleaned_data["visibility"])


def _publish(
    request: HttpRequest, experience: Experience, visibility: int, *, with_profile: bool = False
) -> HttpResponse:
    """Publish for these people, or ask first when the profile is seen by fewer."""
    try:
        publishing.publish_experience(experience, visibility, publish_profile=with_profile)
    except ValidationError as error:
        if error.code == "profile_unpublished":
            url = reverse("profiles:experience-publish", args=[experience.pk])
            return redirect(f"{url}?{urlencode({'visibility': visibility})}")
        messages.error(request, " ".join(error.messages))
        return redirect("profiles:experience-edit", pk=experience.pk)
    messages.success(request, _published_message(visibility, with_profile))
    return redirect(experience.get_absolute_url())


def _published_message(visibility: int, with_profile: bool) -> str:
    """Never "published" when only the person (and their counsellors) can see it: a
    14-year-old who keeps a story to themselves must not think strangers read it."""
    if visibility <= Visibility.ONLY_ME:
        return _("Saved. Only you can see it.")
    if visibility <= Visibility.PRIVATE:
        return _("Saved. Only you and your counsellors can see it.")
    if with_profile:
        return _("Your profile and your experience are published.")
    return _("Your experience is published.")


@login_required
def publish_experience(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the saved draft for the people chosen. Shown (GET), the question asked
    when the profile is not published yet, or seen by fewer people: publish both, or
    keep the experience as a draft (its words are saved already)."""
    experience = my_experience(request, pk)
    form = PublishForm(request.POST or request.GET or None, owner=experience.owner)
    if not form.is_valid():
        messages.error(request, _("Choose who can see this experience."))
        return redirect("profiles:experience-edit", pk=pk)
    visibility = form.cleaned_data["visibility"]
    if request.method == "POST":
        if "keep_draft" in request.POST:
            messages.info(request, _("Kept as a draft: nothing is published."))
            return redirect("profiles:experience-edit", pk=pk)
        return _publish(
            request, experience, visibility, with_profile="publish_both" in request.POST
        )
    if not publishing.needs_profile(experience, visibility):
        return redirect("profiles:experience-edit", pk=pk)
    return render(
        request,
        "profiles/editor/publish_question.html",
        {
            "experience": experience,
            "visibility": visibility,
            "question": publishing.profile_question(experience.owner),
            "audience": VISIBILITY_HELP[visibility],
            "revision": experience.draft or experience.published,
        },
    )


@login_required
@require_POST
def unpublish_experience(request: HttpRequest, pk: int) -> HttpResponse:
    publishing.unpublish_experience(my_experience(request, pk))
    messages.success(
        request, _("Unpublished: it is a draft again, only you and your counsellors see it.")
    )
    return redirect("profiles:experience-edit", pk=pk)


@login_required
def delete_experience(request: HttpRequest, pk: int) -> HttpResponse:
    experience = my_experience(request, pk)
    if request.method == "POST":
        publishing.delete_experience(experience)
        messages.success(request, _("Your experience is deleted."))
        return redirect("profiles:my-experiences")
    return render(request, "profiles/editor/delete.html", {"experience": experience})


@login_required
def experience_history(request: HttpRequest, pk: int) -> HttpResponse:
    experience = my_experience(request, pk)
    return render(
        request,
        "profiles/editor/history.html",
        {"experience": experience, "revisions": publishing.published_revisions(experience)},
    )


@login_required
def counselled_people(request: HttpRequest) -> HttpResponse:
    """For a counsellor: the people who chose them, with every draft and experience."""
    profile = my_profile(request)
    shown = Experience.objects.filter(visibility__gte=Visibility.PRIVATE)  # not "only me"
    people = (
        Profile.objects.filter(
            pk__in=CounsellorLink.objects.granted().filter(counsellor=profile).values("person")
        )
        .select_related("published", "draft")
        .prefetch_related(
            Prefetch("experiences", queryset=shown.select_related("draft", "published")),
            Prefetch(
                "guardian_consent_requests",
                queryset=GuardianConsentRequest.objects.order_by("-created_at", "-pk"),
                to_attr="consent_requests",
            ),
        )
    )
    return render(
        request,
        "profiles/editor/counselled.html",
        {"people": people, "granted": counsellors.is_granted(profile)},
    )


def draft_preview(request: HttpRequest, handle: str, pk: int) -> HttpResponse:
    """A draft, for its owner and the counsellors they chose, and no one else."""
    from profiles.permissions import can_see_drafts

    experience = get_object_or_404(
        Experience.objects.select_related("owner", "draft", "published"),
        handle_q(handle, prefix="owner__"),
        pk=pk,
    )
    revision = experience.draft or experience.published
    if revision is None or not can_see_drafts(
        request.user, experience.owner, experience.visibility
    ):
        raise Http404(_("No such draft, or it is not shown to you."))
    return render(
        request,
        "profiles/experience.html",
        {"experience": experience, "revision": revision, "is_draft": True},
    )
