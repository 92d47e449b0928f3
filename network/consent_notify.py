"""Notifications about a guardian's consent, for a young person under the age of
digital consent (profiles.guardian_consent).

When the node's team records the consent, the young person is told they can publish
now. When a guardian fills in the form, the counsellors the young person chose are
told, so they know it is on its way (they see it on their people page); the young
person is not told then: nothing is unlocked before the team records it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from network.models import NotificationKind
from network.notify import local_people, notify
from profiles import counsellors
from profiles.models import Profile


def on_guardian_consent_recorded(sender: Any, profile: Profile, **kwargs: Any) -> None:
    """Receiver of profiles.events.guardian_consent_recorded: the young person is told."""
    recipients = local_people(Profile.objects.filter(pk=profile.pk))
    notify(
        recipients.values_list("pk", flat=True),
        NotificationKind.CONSENT_RECORDED,
        "",
        "",
        reverse("profiles:my-profile"),
    )


def on_guardian_consent_filled_in(sender: Any, consent_request: Any, **kwargs: Any) -> None:
    """Receiver of profiles.events.guardian_consent_filled_in: the counsellors the young
    person chose are told, except one who filled it in with the guardian."""
    person = consent_request.profile
    recipients = local_people(counsellors.chosen_counsellors(person)).exclude(
        pk=consent_request.completed_by_id or 0
    )
    notify(
        recipients.values_list("pk", flat=True),
        NotificationKind.CONSENT_FILLED_IN,
        person.display_name,
        "",
        f"{reverse('profiles:counselled')}#person-{person.pk}",
    )
