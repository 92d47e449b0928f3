from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from federation import outbox
        from federation.resolve import resolve_handle
        from profiles.lookup import remote_resolvers

        outbox.listen()
        from federation import contact_federation

        contact_federation.listen()
        contact_federation.register()
        if resolve_handle not in remote_resolvers:
            remote_resolvers.append(resolve_handle)
