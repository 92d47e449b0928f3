"""People: a profile, its revisions, and the counsellors a person chose."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles import consent
from profiles.permissions import visibility_q
from profiles.visibility import Visibility

handle_validator = RegexValidator(
    r"^[a-z0-9_]{2,30}$",
    _("Use 2 to 30 lower-case letters, digits or _ (no spaces, no accents)."),
)
RESERVED_HANDLES = {
    "admin",
    "about",
    "accounts",
    "api",
    "instance",
    "node",
    "root",
    "staff",
    "support",
    "tremplin",
    "actor",
    "inbox",
    "outbox",
    "relay",
    "static",
    "media",
}


class Role(models.TextChoices):
    YOUNG = "young", _("Young person")
    COUNSELLOR = "counsellor", _("Counsellor")
    ORGANISATION = "organisation", _("Organisation member")


class ProfileKind(models.TextChoices):
    """What an actor stands for: a person, an organisation's showcase, or a whole node."""

    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    NODE = "node", _("Node (territory)")


class CommentPolicy(models.TextChoices):
    """Who may comment on a person's (or an organisation's) experiences and offers.

    Each level includes the ones above it; the owner's chosen counsellors may comment
    from "people I follow" on. Stored empty, the default for the person's age applies
    (`Profile.effective_comment_policy`).
    """

    NOBODY = "nobody", _("Nobody")
    FOLLOWING = "following", _("People I follow and my counsellors")
    MEMBERS = "members", _("People with an account on this node, and the people I follow")
    EVERYONE = "everyone", _("Everyone who can see the item")


class ProfileQuerySet(models.QuerySet):
    def local_actors(self) -> ProfileQuerySet:
        """Profiles that speak for themselves from this node: people with an account, and
        organisations (whose members act for them)."""
        return self.filter(domain="", suspended_at__isnull=True).filter(
            models.Q(user__isnull=False) | models.Q(kind=ProfileKind.ORGANISATION)
        )

    def visible_to(self, user: Any) -> ProfileQuerySet:
        """Published profiles this user may see (see profiles.permissions)."""
        return self.filter(published__isnull=False).filter(visibility_q(user, owner=""))


class Profile(models.Model):
    """A person's professional identity on this node: stable handle, published revision."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="profile",
    )
    handle = models.CharField(_("handle"), max_length=64, validators=[handle_validator])
    domain = models.CharField(
        _("home node"),
        max_length=253,
        blank=True,
        default="",
        help_text=_("Empty for people of this node; the other node's address otherwise."),
    )
    url = models.URLField(_("profile page on its home node"), max_length=500, blank=True)
    approves_followers = models.BooleanField(
        _("I approve each follower"),
        default=False,
        help_text=_("When ticked, people who want to follow you wait for your answer."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.YOUNG)
    kind = models.CharField(
        _("kind of profile"),
        max_length=16,
        choices=ProfileKind.choices,
        default=ProfileKind.PERSON,
        db_index=True,
    )
    accepts_contact = models.BooleanField(
        _("organisations may contact me"),
        default=True,
        help_text=_(
            "When unticked, recruiters cannot write to you (you can still apply to offers)."
        ),
    )
    comment_policy = models.CharField(
        _("who may comment on my experiences and offers"),
        max_length=10,
        choices=CommentPolicy.choices,
        blank=True,
        default="",
        help_text=_(
            "Comments are shown under the item to those who can see it; you can hide or "
            "delete any of them."
        ),
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("birth month"), null=True, blank=True)
    consent_from = models.DateField(
        _("of digital consent age from"),
        null=True,
        blank=True,
        help_text=_("Before this date, nothing leaves “private” without a guardian's consent."),
    )
    guardian_consent_at = models.DateTimeField(
        _("guardian consent recorded at"), null=True, blank=True
    )
    guardian_consent_note = models.CharField(
        _("guardian consent: by whom, how"), max_length=200, blank=True
    )
    visibility = models.IntegerField(
        _("who sees my profile"), choices=Visibility.choices, default=Visibility.MEMBERS
    )
    default_visibility = models.IntegerField(
        _("who sees my new experiences"), choices=Visibility.choices, default=Visibility.MEMBERS
    )
    # Indexed: the avatar view finds the profile by its file name (profiles/views/avatars.py).
    avatar = models.ImageField(_("photo"), upload_to="avatars/", blank=True, db_index=True)
    published = models.OneToOneField(
        "ProfileRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft = models.OneToOneField(
        "ProfileRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    also_known_as = models.JSONField(
        _("my other accounts"),
        default=list,
        blank=True,
        help_text=_("Actor addresses of my accounts on other nodes (to move between them)."),
    )
    moved_to = models.URLField(_("moved to"), max_length=500, blank=True)
    counsellors = models.ManyToManyField(
        "self", through="CounsellorLink", symmetrical=False, related_name="counselled", blank=True
    )
    suspended_at = models.DateTimeField(
        _("suspended by the node's team on"),
        null=True,
        blank=True,
        help_text=_("A suspended account and all it published are hidden; lifting restores all."),
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["handle"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.UniqueConstraint(fields=["handle", "domain"], name="unique_handle_per_node")
        ]

    def __str__(self) -> str:
        return f"@{self.handle}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.is_local:
            self.handle = self.handle.lower()
        self.domain = self.domain.lower()
        if self.birth_year and self.birth_month and self.role == Role.YOUNG:
            self.consent_from = consent.birthday_of_age(
                self.birth_year, self.birth_month, consent.consent_age()
            )
        else:
            self.consent_from = None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("profiles:profile", kwargs={"handle": self.qualified_handle})

    @property
    def is_local(self) -> bool:
        return not self.domain

    @property
    def fediverse_handle(self) -> str:
        """ "@name@node", as Mastodon users type it to find someone."""
        return f"@{self.handle}@{self.domain or settings.TREMPLIN_DOMAIN}"

    @property
    def qualified_handle(self) -> str:
        """ "name" for people of this node, "name@node" for the others (as in the URL)."""
        return self.handle if self.is_local else f"{self.handle}@{self.domain}"

    @property
    def display_name(self) -> str:
        revision = self.published or self.draft
        return (revision.display_name if revision else "") or self.handle

    def needs_guardian_consent(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.consent_from is not None
            and today < self.consent_from
            and self.guardian_consent_at is None
        )

    def is_minor(self, today: datetime.date | None = None) -> bool:
        return consent.is_minor(self.birth_year, self.birth_month, today or timezone.localdate())

    def effective_comment_policy(self) -> str:
        """The chosen comment policy, or the default: "people I follow and my counsellors"
        for a minor, everyone for an adult (and for accounts of other nodes)."""
        if self.comment_policy:
            return self.comment_policy
        return CommentPolicy.FOLLOWING if self.is_minor() else CommentPolicy.EVERYONE

    def highest_visibility(self) -> Visibility:
        """How far this person's things may go today."""
        return Visibility.PRIVATE if self.needs_guardian_consent() else Visibility.PUBLIC

    def visibility_choices(self) -> list[tuple[int, str]]:
        top = self.highest_visibility()
        return [(value, label) for value, label in Visibility.choices if value <= top]


class ProfileRevision(models.Model):
    """One version of the profile's words; drafts have no published_at."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="revisions")
    display_name = models.CharField(_("name shown"), max_length=80)
    headline = models.CharField(
        _("headline"),
        max_length=160,
        blank=True,
        help_text=_("One line about you, for example: 'Cook in training, loves team work'."),
    )
    about = models.TextField(_("about me"), max_length=3000, blank=True)
    territory = models.CharField(_("where I live or look for work"), max_length=100, blank=True)
    languages_spoken = models.JSONField(_("languages I speak"), default=list, blank=True)
    language = models.CharField(_("language of these texts"), max_length=8, default="fr")
    visibility = models.IntegerField(choices=Visibility.choices, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("profile revision")
        verbose_name_plural = _("profile revisions")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def languages_spoken_names(self) -> list[str]:
        from profiles.languages import language_name

        return [language_name(code) for code in self.languages_spoken]


class CounsellorGrant(models.Model):
    """The counsellor role, granted to a person of this node (never self-declared).

    Granted by a node admin, or by redeeming an invitation of an organisation the node
    marked as an accompanying structure (jobs.counsellor_invitations). Only a profile with
    a grant may be chosen as a counsellor, and a link to a counsellor whose grant was
    withdrawn gives nothing (`CounsellorLink.objects.granted()`).
    """

    profile = models.OneToOneField(
        Profile, on_delete=models.CASCADE, related_name="counsellor_grant"
    )
    organisation = models.ForeignKey(
        Profile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="counsellor_grants",
        limit_choices_to={"kind": ProfileKind.ORGANISATION, "domain": ""},
        verbose_name=_("counsellor at"),
        help_text=_("The structure the counsellor works for, shown to the young people."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    how = models.CharField(_("how"), max_length=200, blank=True)
    granted_at = models.DateTimeField(_("granted on"), default=timezone.now)

    class Meta:
        verbose_name = _("counsellor role")
        verbose_name_plural = _("counsellor roles")

    def __str__(self) -> str:
        return f"{self.profile} ({self.organisation or '-'})"


class CounsellorLinkQuerySet(models.QuerySet):
    def granted(self) -> CounsellorLinkQuerySet:
        """Links that give access: to counsellors whose role is granted (not withdrawn)."""
        return self.filter(counsellor__counsellor_grant__isnull=False)


class CounsellorLink(models.Model):
    """A counsellor the person chose: sees their private items and drafts, helps improve them.

    Only `profiles.counsellors.choose` creates one, after the person confirmed; what it
    gives is read through `CounsellorLink.objects.granted()`.
    """

    person = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="counsellor_links")
    counsellor = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="counselled_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CounsellorLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "counsellor"], name="unique_counsellor_link")
        ]
        verbose_name = _("chosen counsellor")
        verbose_name_plural = _("chosen counsellors")

    def __str__(self) -> str:
        return f"{self.person} → {self.counsellor}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The last guard for every path that creates a link (admin, demo, imports).
        if self._state.adding:
            self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not CounsellorGrant.objects.filter(profile_id=self.counsellor_id).exists():
            raise ValidationError(
                _("Only a counsellor confirmed by this node's team can be chosen.")
            )


class FollowState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Following")


class Follow(models.Model):
    """Someone follows a person: sees what they show to their followers."""

    follower = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="followers")
    state = models.CharField(
        max_length=10, choices=FollowState.choices, default=FollowState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="unique_follow"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")), name="no_self_follow"
            ),
        ]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.follower} → {self.followed} ({self.state})"
