"""Domain events about comments, sent inside the change's transaction.

The federation app listens (a local comment goes out as a `Note`, its deletion as a
`Delete`); this app knows nothing of it (profiles/domain_events.py).
"""

from profiles.domain_events import DomainEvent

# kwargs: comment (Comment): a person of this node commented (local comments only)
comment_posted = DomainEvent()
# kwargs: comment_id (int), ap_id (str | None: None for a local comment), author (Profile)
comment_deleted = DomainEvent()
