"""Domain events about organisations and offers, sent after the transaction commits.

The federation app and the alerts listen to them; this app knows neither.
"""

from django.dispatch import Signal

# kwargs: offer (Offer), first_time (bool: never published before, or reposted)
offer_published = Signal()
# kwargs: offer (Offer, state closed or expired)
offer_closed = Signal()
# kwargs: offer_id (int), organisation (Organisation), was_published (bool)
offer_deleted = Signal()
# kwargs: organisation (Organisation): its showcase or its verified mark changed
organisation_changed = Signal()
