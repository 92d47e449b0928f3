from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Profiles and experiences")

    def ready(self) -> None:
        from profiles.models import ProfileKind
        from profiles.views.public import PROFILE_PAGES
        from profiles.views.territories import territory_page
        from profiles.vocabulary.loader import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
        # A node's actor (/@host@host/) is shown as a territory, not as a person.
        PROFILE_PAGES[ProfileKind.NODE.value] = territory_page
