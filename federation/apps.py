from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from federation import (
            account_deletion,
            account_moves,
            announced_changes,
            contact_federation,
            flags,
            offer_inbox,
            offer_outbox,
            outbox,
        )
        from federation.inbox_processing import register_handler, register_object_handler
        from federation.resolve import resolve_handle
        from profiles.lookup import remote_resolvers

        outbox.listen()
        offer_outbox.listen()
        contact_federation.listen()
        register_object_handler(offer_inbox.HANDLER)
        contact_federation.register()
        register_handler("Flag", flags.on_flag)
        register_handler("Move", account_moves.on_move)
        register_handler("Delete", account_deletion.on_actor_delete)
        register_handler("Announce", announced_changes.on_announce)
        if resolve_handle not in remote_resolvers:
            remote_resolvers.append(resolve_handle)
