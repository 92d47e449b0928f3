"""Which inboxes hold a copy of one of our objects: those its Update or Delete must reach.

A copy travels with a Create or Update from its author (to followers) and with the
node actor's Announce (to the nodes and people following the territory). Each one
queued for an inbox is recorded here (`delivery.enqueue` calls `record`), whoever sent
it, so an edit, a narrowing or a deletion later reaches every node that ever got the
object, even one that stopped following since. Mastodon does the same for a status
(its StatusReachFinder: followers, and the followers of those who boosted it).

A node told that an object is gone is forgotten for that object; an object deleted is
forgotten entirely.
"""

from __future__ import annotations

from collections.abc import Iterable

from federation.models import ObjectReach, OutboxActivity
from federation.protocol import ids

CARRIES_A_COPY = ("Create", "Update", "Announce")


def record(activity: OutboxActivity, inboxes: Iterable[str]) -> None:
    """Note the inboxes `activity` is queued for, when it carries one of our objects."""
    uri = activity.object_uri
    if activity.activity_type not in CARRIES_A_COPY or not uri or not ids.is_local(uri):
        return
    ObjectReach.objects.bulk_create(
        [ObjectReach(object_uri=uri, inbox=inbox) for inbox in sorted(set(inboxes))],
        ignore_conflicts=True,
    )


def holders(*object_uris: str) -> set[str]:
    """Every inbox that was sent a copy of any of these objects."""
    return set(
        ObjectReach.objects.filter(object_uri__in=object_uris).values_list("inbox", flat=True)
    )


def forget(object_uri: str, inboxes: Iterable[str] | None = None) -> None:
    """These inboxes (all when None) were told the object is gone: they hold no copy now."""
    rows = ObjectReach.objects.filter(object_uri=object_uri)
    if inboxes is not None:
        rows = rows.filter(inbox__in=list(inboxes))
    rows.delete()


def after_change(
    object_uri: str, audience_inboxes: Iterable[str], *, public: bool
) -> tuple[list[str], list[str]]:
    """(who gets the Update, who gets a Delete) when a published object changes.

    A public object's Update goes to its audience and to every holder. When it is now
    for followers only, a holder outside that audience may no longer see it: for that
    node, it is deleted.
    """
    audience = set(audience_inboxes)
    held = holders(object_uri)
    if public:
        return sorted(audience | held), []
    return sorted(audience), sorted(held - audience)
