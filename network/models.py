"""What a person keeps up with: tags they follow, saved searches, notifications."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from jobs.models import ContractType, Offer, Organisation
from profiles.models import Concept, Experience, Profile


class TagFollow(models.Model):
    """Someone follows a concept: its new experiences and offers come to their feed."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="tag_follows")
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "concept"], name="one_follow_per_tag")
        ]
        verbose_name = _("followed tag")
        verbose_name_plural = _("followed tags")

    def __str__(self) -> str:
        return f"{self.profile} → {self.concept_id}"


class SavedSearch(models.Model):
    """An alert: new offers matching these concepts, place and contract type."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name of this alert"), max_length=80)
    concepts = models.ManyToManyField(Concept, blank=True, related_name="+")
    place = models.CharField(_("town or place"), max_length=120, blank=True)
    place_key = models.CharField(max_length=120, blank=True, editable=False)
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices, blank=True
    )
    active = models.BooleanField(_("alert on"), default=True)
    email_digest = models.BooleanField(_("also in the daily email"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name


class CandidateSearch(models.Model):
    """An organisation's saved search of experiences: the filters of the explore page.

    Not a SavedSearch (a person's offer alert): it belongs to an organisation, whose
    members all see and manage it, and it searches experiences with the explore page's
    own filters, run for the member who looks (profiles.browse), so it never shows more
    than that page would. `seen_at` is when a member last opened it: experiences
    published after it are "new" (network.candidates).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="candidate_searches"
    )
    name = models.CharField(_("name of this search"), max_length=80)
    name_language = models.CharField(max_length=8, blank=True)
    q = models.CharField(max_length=200, blank=True)
    tag = models.SlugField(max_length=80, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    lang = models.CharField(max_length=8, blank=True)
    place = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(default=timezone.now)

    FILTERS = ("q", "tag", "kind", "lang", "place")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("candidate search")
        verbose_name_plural = _("candidate searches")

    def __str__(self) -> str:
        return self.name

    def filters(self) -> dict[str, str]:
        """The explore page's filters this search keeps (empty ones left out)."""
        return {name: getattr(self, name) for name in self.FILTERS if getattr(self, name)}


class NotificationKind(models.TextChoices):
    OFFER_MATCH = "offer_match", _("New offer for an alert")
    MESSAGE = "message", _("New message")
    APPLICATION = "application", _("New application")
    DECLINED = "declined", _("Contact declined")
    FOLLOW = "follow", _("New follower")
    COMMENT = "comment", _("New comment")
    LIKE = "like", _("New like")
    SHARE = "share", _("New share")
    MENTION = "mention", _("Mentioned you")
    CANDIDATE_MATCH = "candidate_match", _("New experiences for a saved search")
    # Where the person's application stands (network.notify.on_application_status_changed).
    STATUS_SEEN = "status_seen", _("The organisation opened your application")
    STATUS_SHORTLISTED = (
        "status_shortlisted",
        _("Good news: the organisation put your application on its shortlist"),
    )
    STATUS_NOT_RETAINED = (
        "status_not_retained",
        _("The organisation did not keep your application this time"),
    )
    STATUS_WITHDRAWN = "status_withdrawn", _("An application was withdrawn")
    # A guardian's consent (network.consent_notify).
    CONSENT_RECORDED = (
        "consent_recorded",
        _(
            "Your guardian's consent is recorded: "
            "you can now publish and choose who sees each thing."
        ),
    )
    CONSENT_FILLED_IN = "consent_filled_in", _("A guardian filled in a consent form")


# Kinds whose headline is a whole sentence, shown as the link (no title after it).
SENTENCE_KINDS = frozenset({NotificationKind.CONSENT_RECORDED, NotificationKind.CONSENT_FILLED_IN})


class Notification(models.Model):
    """Something new for a person, shown in the app and gathered in the daily email."""

    recipient = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    title_language = models.CharField(max_length=8, blank=True)
    # What was said, as plain text, for kinds that carry words (a mention): shown only
    # to the recipient, never on a public page.
    text = models.TextField(blank=True)
    text_language = models.CharField(max_length=8, blank=True)
    url = models.CharField(max_length=500, blank=True)
    saved_search = models.ForeignKey(
        SavedSearch, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    candidate_search = models.ForeignKey(
        CandidateSearch, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # How many events this one notification stands for (new followers are grouped).
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # The digest asks "emailed in the last 24 hours?" and "not emailed yet?".
            models.Index(fields=["recipient", "emailed_at"], name="notification_emailed"),
        ]
        constraints = [
            # An alert tells about an offer once, however often the offer is published again.
            models.UniqueConstraint(
                fields=["saved_search", "url"],
                condition=models.Q(saved_search__isnull=False),
                name="one_notification_per_alert_and_offer",
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    @property
    def grouped(self) -> bool:
        return self.count > 1

    @property
    def standalone(self) -> bool:
        """The headline says it all and is the link: a group, or a sentence kind."""
        return self.grouped or self.kind in SENTENCE_KINDS

    @property
    def headline(self) -> str:
        """What it is about, in the reader's language: "12 new followers" for a group."""
        if self.kind == NotificationKind.FOLLOW and self.grouped:
            return ngettext("%(count)d new follower", "%(count)d new followers", self.count) % {
                "count": self.count
            }
        if self.kind == NotificationKind.COMMENT and self.grouped:
            return ngettext("%(count)d new comment", "%(count)d new comments", self.count) % {
                "count": self.count
            }
        if self.kind == NotificationKind.LIKE and self.grouped:
            return ngettext("%(count)d new like", "%(count)d new likes", self.count) % {
                "count": self.count
            }
        if self.kind == NotificationKind.SHARE and self.grouped:
            return ngettext("%(count)d new share", "%(count)d new shares", self.count) % {
                "count": self.count
            }
        if self.kind == NotificationKind.CONSENT_FILLED_IN and self.title:
            return gettext(
                "%(name)s's guardian filled in the consent form: the node's team will record it."
            ) % {"name": self.title}
        return str(self.get_kind_display())


MAX_COMMENT_TEXT = 2000
MAX_COMMENT_HTML = 8000


class Comment(models.Model):
    """A reply to an experience or an offer (exactly one), by a person here or elsewhere.

    `author` is a Profile: people of this node, and people of other nodes through the
    Profile row their actor has here. `content` is safe HTML (a peer's sanitised once
    before it is stored, ours escaped from the words typed), shown as it is. A local
    comment has no `ap_id` (its id is its page on this node); a remote one keeps its
    id and page. Deleting removes the row; hiding keeps it for the item's owner only.
    """

    experience = models.ForeignKey(
        Experience, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    author = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="comments")
    ap_id = models.URLField(max_length=500, null=True, blank=True, unique=True)
    url = models.URLField(max_length=500, blank=True)
    content = models.TextField(max_length=MAX_COMMENT_HTML)
    language = models.CharField(max_length=8, blank=True)
    summary = models.CharField(_("content warning"), max_length=200, blank=True)
    sensitive = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    published = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["published", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(experience__isnull=False, offer__isnull=True)
                    | models.Q(experience__isnull=True, offer__isnull=False)
                ),
                name="comment_on_exactly_one_item",
            )
        ]
        indexes = [models.Index(fields=["author", "created_at"], name="comment_author_recent")]

    def __str__(self) -> str:
        return f"{self.author} on {self.item}"

    @property
    def item(self) -> Experience | Offer:
        return self.experience if self.experience_id else self.offer

    @property
    def is_local(self) -> bool:
        return not self.ap_id


class Post(models.Model):
    """A post of an account of another node that someone here follows (a Mastodon
    status, an article…): shown on that account's page and in its followers' feeds,
    apart from experiences. Kept as it arrived, made safe once (`content` is the safe
    HTML subset; every other text is plain)."""

    author = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="posts")
    source_url = models.URLField(max_length=500, unique=True)  # its ActivityPub id
    url = models.URLField(max_length=500, blank=True)  # its page on its home node
    object_type = models.CharField(max_length=20, default="Note")
    name = models.CharField(max_length=200, blank=True)
    content = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    summary = models.CharField(max_length=500, blank=True)  # the content warning
    sensitive = models.BooleanField(default=False)
    attachments = models.JSONField(default=list, blank=True)
    visibility = models.SmallIntegerField(default=3)  # profiles.visibility: PUBLIC or FOLLOWERS
    in_reply_to = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["author", "-published_at"], name="post_by_author")]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return self.source_url

    @property
    def link(self) -> str:
        return self.url or self.source_url
