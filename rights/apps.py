from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    """People's rights over their data: export, CV, deletion, moving to another node."""

    name = "rights"
    verbose_name = _("People's rights")
