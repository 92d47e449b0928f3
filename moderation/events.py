"""Domain events of moderation, for whoever listens.

The federation app subscribes to tell other nodes; this app does not know it exists.
`report_forwarded` is sent inside the report's transaction, so a report is stored
with its forwarding or not at all.
"""

from profiles.domain_events import DomainEvent

# sender=Report class; kwargs: report (Report, forwarded_to set), target (targets.Target)
report_forwarded = DomainEvent()
