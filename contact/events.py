"""Domain events about contact and applications, sent inside the change's transaction
(profiles/domain_events.py)."""

from profiles.domain_events import DomainEvent

# kwargs: message (Message); the first message of a conversation opens it
message_sent = DomainEvent()
# kwargs: conversation (Conversation), by (Profile: the person who declined)
conversation_declined = DomainEvent()
# kwargs: application (Application)
application_sent = DomainEvent()
# kwargs: application (Application), status (str: an ApplicationStatus), by (Profile: the
# organisation's profile, or the applicant who withdrew), remote (bool: made on another node)
application_status_changed = DomainEvent()
