from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Profiles and experiences")

    def ready(self) -> None:
        from profiles.vocabulary.loader import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
