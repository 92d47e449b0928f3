from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Feed and alerts")

    def ready(self) -> None:
        """Listen to the domains' events; they do not know this app exists."""
        from contact import events as contact_events
        from jobs import events as jobs_events
        from network import alerts, candidates, consent_notify, notify, posts
        from profiles import events as profile_events
        from profiles.views.public import PROFILE_SECTIONS

        jobs_events.offer_published.connect(
            alerts.on_offer_published, dispatch_uid="network.alerts.offer_published"
        )
        profile_events.experience_published.connect(
            candidates.on_experience_published,
            dispatch_uid="network.candidates.experience_published",
        )
        contact_events.message_sent.connect(
            notify.on_message_sent, dispatch_uid="network.notify.message_sent"
        )
        contact_events.conversation_declined.connect(
            notify.on_conversation_declined, dispatch_uid="network.notify.conversation_declined"
        )
        contact_events.application_sent.connect(
            notify.on_application_sent, dispatch_uid="network.notify.application_sent"
        )
        contact_events.application_status_changed.connect(
            notify.on_application_status_changed,
            dispatch_uid="network.notify.application_status_changed",
        )
        profile_events.guardian_consent_filled_in.connect(
            consent_notify.on_guardian_consent_filled_in,
            dispatch_uid="network.consent_notify.filled_in",
        )
        profile_events.guardian_consent_recorded.connect(
            consent_notify.on_guardian_consent_recorded,
            dispatch_uid="network.consent_notify.recorded",
        )
        profile_events.follow_requested.connect(
            notify.on_follow_requested, dispatch_uid="network.notify.follow_requested"
        )
        profile_events.experience_reacted.connect(
            notify.on_experience_reacted, dispatch_uid="network.notify.experience_reacted"
        )
        jobs_events.offer_reacted.connect(
            notify.on_offer_reacted, dispatch_uid="network.notify.offer_reacted"
        )
        if posts.profile_section not in PROFILE_SECTIONS:
            PROFILE_SECTIONS.append(posts.profile_section)
