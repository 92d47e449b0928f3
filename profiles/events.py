"""Domain events: what happened to people and experiences, for whoever listens.

The federation app subscribes to these to build activities; the domain does not
know it exists. Sent after the database transaction commits, never from save().
"""

from django.dispatch import Signal

# sender=Experience class; kwargs: experience, first_time (bool)
experience_published = Signal()
# kwargs: experience
experience_unpublished = Signal()
# kwargs: experience_id, owner (Profile), was_published (bool)
experience_deleted = Signal()
# kwargs: profile
profile_published = Signal()
# kwargs: follow (Follow, pending or accepted)
follow_requested = Signal()
# kwargs: follow
follow_accepted = Signal()
# kwargs: follower, followed (Profile), refused (bool: the followed person said no)
follow_ended = Signal()
