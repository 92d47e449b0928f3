from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Organisations and offers")

    def ready(self) -> None:
        from jobs.organisations import organisation_profiles
        from jobs.views.organisations import showcase
        from profiles.acting import identity_providers
        from profiles.models import ProfileKind
        from profiles.views.public import PROFILE_PAGES

        # An organisation's profile URL (/@handle/) shows its showcase.
        PROFILE_PAGES[ProfileKind.ORGANISATION.value] = showcase
        # Members follow people and territories, and read a feed, as their organisation.
        if organisation_profiles not in identity_providers:
            identity_providers.append(organisation_profiles)
