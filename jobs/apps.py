from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Organisations and offers")

    def ready(self) -> None:
        from jobs.views.organisations import showcase
        from profiles.models import ProfileKind
        from profiles.views.public import PROFILE_PAGES

        # An organisation's profile URL (/@handle/) shows its showcase.
        PROFILE_PAGES[ProfileKind.ORGANISATION.value] = showcase
