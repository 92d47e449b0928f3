"""Domain events about contact and applications, sent after the transaction commits."""

from django.dispatch import Signal

# kwargs: message (Message); the first message of a conversation opens it
message_sent = Signal()
# kwargs: conversation (Conversation), by (Profile: the person who declined)
conversation_declined = Signal()
# kwargs: application (Application)
application_sent = Signal()
