"""What the node keeps of the federation: keys, remote actors, and work as rows.

Outgoing activities and their deliveries, and incoming activities, are rows with a
state: the database is the source of truth; Celery (or the in-process worker) only
carries the wake-ups, so a lost worker or Redis loses nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federation.protocol.hosts import BadHost, normalise_host
from profiles.models import Experience, Profile


class ActorKey(models.Model):
    """The RSA key pair of a local actor (a person, or the node itself when profile is null)."""

    profile = models.OneToOneField(
        Profile, null=True, blank=True, on_delete=models.CASCADE, related_name="actor_key"
    )
    public_pem = models.TextField()
    private_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], name="one_key_per_actor", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"key of {self.profile or 'the node'}"


class RemoteActor(models.Model):
    """An actor of another node, as last fetched; people among them map to a Profile."""

    uri = models.URLField(max_length=500, unique=True)
    profile = models.OneToOneField(
        Profile, null=True, blank=True, on_delete=models.SET_NULL, related_name="remote_actor"
    )
    actor_type = models.CharField(max_length=40)
    username = models.CharField(max_length=64)
    domain = models.CharField(max_length=253, db_index=True)
    inbox = models.URLField(max_length=500)
    shared_inbox = models.URLField(max_length=500, blank=True)
    followers = models.URLField(max_length=500, blank=True)
    key_id = models.CharField(max_length=500, db_index=True)
    public_key_pem = models.TextField()
    fetched_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.uri

    @property
    def delivery_inbox(self) -> str:
        return self.shared_inbox or self.inbox


class RemoteObject(models.Model):
    """Which local copy stands for a remote object id (experiences received from peers)."""

    uri = models.URLField(max_length=500, unique=True)
    experience = models.OneToOneField(
        Experience, on_delete=models.CASCADE, related_name="remote_object"
    )
    actor = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="remote_objects")

    def __str__(self) -> str:
        return self.uri


class Tombstone(models.Model):
    """An object deleted by its author: never accepted again (a late Create stays dead)."""

    uri = models.URLField(max_length=500, unique=True)
    deleted_at = models.DateTimeField(auto_now_add=True)
    # What it was (Person, Article...): a local one's 410 Tombstone says so (formerType).
    former_type = models.CharField(max_length=40, blank=True, default="")

    def __str__(self) -> str:
        return self.uri


class OutboxActivity(models.Model):
    """An activity this node sent, exactly as sent (the source of truth for deliveries)."""

    uri = models.URLField(max_length=500, unique=True)
    actor = models.ForeignKey(
        Profile, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    activity_type = models.CharField(max_length=20)
    object_uri = models.URLField(max_length=500, blank=True, db_index=True)
    body = models.JSONField()
    public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.activity_type} {self.uri}"


class DeliveryState(models.TextChoices):
    QUEUED = "queued"
    DELIVERED = "delivered"
    FAILED = "failed"  # refused for good (4xx) or out of retries


class Delivery(models.Model):
    """One activity to one inbox (shared inboxes collapse recipients of one node)."""

    activity = models.ForeignKey(
        OutboxActivity, on_delete=models.CASCADE, related_name="deliveries"
    )
    inbox = models.URLField(max_length=500)
    domain = models.CharField(max_length=253, db_index=True)
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_status = models.IntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "inbox"], name="one_delivery_per_inbox")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
            # Retention keeps the newest delivery to each inbox (federation/work/retention.py).
            models.Index(fields=["inbox", "id"], name="delivery_by_inbox"),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.inbox} ({self.state})"


class DomainHealth(models.Model):
    """Mastodon's circuit breaker: a failing host is paused, a host failing for days skipped."""

    domain = models.CharField(max_length=253, unique=True)
    failure_days = models.JSONField(default=list)  # ISO dates with at least one failure
    consecutive_failures = models.PositiveIntegerField(default=0)
    paused_until = models.DateTimeField(null=True, blank=True)
    unavailable = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.domain


class InboxState(models.TextChoices):
    RECEIVED = "received"
    DONE = "done"
    REFUSED = "refused"  # processed, but not acceptable (logged)


class InboxItem(models.Model):
    """An activity received with a valid signature, kept until processed."""

    uri = models.URLField(max_length=500, unique=True)
    actor_uri = models.URLField(max_length=500)
    activity_type = models.CharField(max_length=40)
    body = models.JSONField()
    state = models.CharField(max_length=10, choices=InboxState.choices, default=InboxState.RECEIVED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="inbox_due")]

    def __str__(self) -> str:
        return f"{self.activity_type} {self.uri}"


class FollowActivity(models.Model):
    """The id of the Follow activity behind a follow between nodes (Accept/Undo name it)."""

    uri = models.URLField(max_length=500, unique=True)
    follower = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    followed = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    follow = models.OneToOneField(
        "profiles.Follow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.uri


class InstanceFollower(models.Model):
    """An actor elsewhere that follows this node (the territory) through its instance actor."""

    actor = models.OneToOneField(RemoteActor, on_delete=models.CASCADE, related_name="+")
    follow_uri = models.URLField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.actor.uri


class DomainRule(models.Model):
    """A node admin's choice about another node: blocked, or trusted in allowlist mode."""

    BLOCK = "block"
    ALLOW = "allow"
    domain = models.CharField(max_length=253)
    rule = models.CharField(max_length=5, choices=[(BLOCK, "block"), (ALLOW, "allow")])
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["domain", "rule"], name="one_rule_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.domain}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        # Stored in the one spelling policy.is_allowed compares with (federation/protocol/hosts.py).
        self.domain = normalise_host(self.domain)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The admin's form: a host it could never match is an error, shown by the field."""
        try:
            self.domain = normalise_host(self.domain)
        except BadHost as error:
            raise ValidationError(
                {"domain": _("Give a host name such as node.example, without https:// or a path.")}
            ) from error


class Reaction(models.Model):
    """A Like or an Announce (a boost) of one of our experiences or offers by an actor
    elsewhere: counted on the item (federation/incoming/reactions.py), one per actor, item and
    kind however often it is sent; its `likes` and `shares` collections list them."""

    kind = models.CharField(max_length=10)
    actor_uri = models.URLField(max_length=500)
    object_uri = models.URLField(max_length=500, db_index=True)
    activity_uri = models.URLField(max_length=500, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["actor_uri", "object_uri", "kind"], name="one_reaction_per_actor"
            )
        ]
        indexes = [
            # The hourly bound per actor (federation/incoming/reactions.py) counts these.
            models.Index(fields=["actor_uri", "created_at"], name="reaction_by_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_uri}"


class RemoteOffer(models.Model):
    """Which local copy stands for a job offer received from a peer (like RemoteObject)."""

    uri = models.URLField(max_length=500, unique=True)
    offer = models.OneToOneField("jobs.Offer", on_delete=models.CASCADE, related_name="remote")
    actor = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="remote_offers")

    def __str__(self) -> str:
        return self.uri


class NodeFollowState(models.TextChoices):
    PENDING = "pending"
    ACCEPTED = "accepted"


class NodeFollow(models.Model):
    """This node (its instance actor) following another node: the territory's items come here.

    `uri` is the id of our Follow activity, which the other node's Accept names.
    """

    actor = models.OneToOneField(RemoteActor, on_delete=models.CASCADE, related_name="+")
    uri = models.URLField(max_length=500, unique=True)
    state = models.CharField(
        max_length=10, choices=NodeFollowState.choices, default=NodeFollowState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.actor.uri} ({self.state})"


class RefusedFollows(models.Model):
    """Follows refused from one host because it sent too many new ones in an hour
    (federation/peers/follow_caps.py): a count for moderators, one row per host."""

    domain = models.CharField(max_length=253, unique=True)
    count = models.PositiveIntegerField(default=0)
    last_refused_at = models.DateTimeField(default=timezone.now)
    last_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "refused follows"

    def __str__(self) -> str:
        return f"{self.domain}: {self.count}"


class ObjectReach(models.Model):
    """An inbox that was sent a copy of one of our objects, by its author or by the node's
    Announce: its edits and its deletion go there too (see federation/outgoing/reach.py).

    Kept apart from Delivery rows, which a retention job may remove, for as long as the
    object lives here.
    """

    object_uri = models.URLField(max_length=500)
    inbox = models.URLField(max_length=500)
    first_sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["object_uri", "inbox"], name="one_reach_per_inbox")
        ]

    def __str__(self) -> str:
        return f"{self.object_uri} → {self.inbox}"


class Backfill(models.Model):
    """Bringing a remote actor's earlier public items here (federation/incoming/backfill.py): asked
    when someone here follows or looks the actor up, done at most once a day per actor.

    A row is the work queue's entry (pending, due at `next_attempt_at`, claimed with
    `locked_until`) and the memory of the last run."""

    actor = models.OneToOneField(RemoteActor, on_delete=models.CASCADE, related_name="backfill")
    pending = models.BooleanField(default=True)
    requested_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["pending", "next_attempt_at"], name="backfill_due")]

    def __str__(self) -> str:
        return f"backfill of {self.actor.uri}"


class RefusedDirectMessages(models.Model):
    """Direct messages refused because their sender may not contact the person they were
    for (federation/incoming/direct_messages.py): a count per day and host, for moderators."""

    day = models.DateField(default=timezone.localdate)
    domain = models.CharField(max_length=253)
    count = models.PositiveIntegerField(default=0)
    last_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "domain"], name="one_refusal_count_per_day_host")
        ]
        ordering = ["-day", "-count"]

    def __str__(self) -> str:
        return f"{self.day} {self.domain}: {self.count}"
