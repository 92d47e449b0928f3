"""Domain events: what happened to people and experiences, for whoever listens.

The federation app subscribes to these to build activities; the domain does not
know it exists. Sent inside the transaction of the change, as its last step, so that
what listeners write commits with it (profiles/domain_events.py); never from save().
"""

from profiles.domain_events import DomainEvent, OutsideTransaction

__all__ = ["OutsideTransaction"]

# sender=Experience class; kwargs: experience, first_time (bool)
experience_published = DomainEvent()
# kwargs: experience
experience_unpublished = DomainEvent()
# kwargs: experience_id, owner (Profile), was_published (bool)
experience_deleted = DomainEvent()
# kwargs: profile
profile_published = DomainEvent()
# kwargs: follow (Follow, pending or accepted)
follow_requested = DomainEvent()
# kwargs: follow
follow_accepted = DomainEvent()
# kwargs: follower, followed (Profile), refused (bool: the followed person said no)
follow_ended = DomainEvent()
# kwargs: experience, kind ("like" or "share"): someone elsewhere liked or boosted it
experience_reacted = DomainEvent()
# kwargs: consent_request (GuardianConsentRequest): a guardian filled in the form
guardian_consent_filled_in = DomainEvent()
# kwargs: profile (Profile): the node's team recorded the guardian's consent
guardian_consent_recorded = DomainEvent()
