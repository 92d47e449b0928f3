"""Domain events of people's rights, for whoever listens.

The federation app subscribes to tell other nodes; this app does not know it exists.
`account_deleting` is sent inside the deletion's transaction, before anything goes,
so a listener still sees the person's experiences and follows (and a listener's
failure leaves the account as it was).
"""

from profiles.domain_events import DomainEvent

# sender=Profile class; kwargs: profile (the local person whose account is being deleted)
account_deleting = DomainEvent()
