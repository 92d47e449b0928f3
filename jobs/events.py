"""Domain events about organisations and offers, sent inside the change's transaction.

The federation app and the alerts listen to them; this app knows neither. What they
write commits with the change (profiles/domain_events.py).
"""

from profiles.domain_events import DomainEvent

# kwargs: offer (Offer), first_time (bool: never published before, or reposted)
offer_published = DomainEvent()
# kwargs: offer (Offer, state closed or expired)
offer_closed = DomainEvent()
# kwargs: offer_id (int), organisation (Organisation), was_published (bool)
offer_deleted = DomainEvent()
# kwargs: organisation (Organisation): its showcase or its verified mark changed
organisation_changed = DomainEvent()
# kwargs: offer (Offer), kind ("like" or "share"): someone elsewhere liked or boosted it
offer_reacted = DomainEvent()
