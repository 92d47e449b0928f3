"""Domain events about contact and applications, sent inside the change's transaction
(profiles/domain_events.py)."""

from profiles.domain_events import DomainEvent

# kwargs: message (Message); the first message of a conversation opens it
message_sent = DomainEvent()
# kwargs: conversation (Conversation), by (Profile: the person who declined)
conversation_declined = DomainEvent()
# kwargs: application (Application)
application_sent = DomainEvent()
