from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from federation import offer_inbox, offer_outbox, outbox
        from federation.inbox_processing import register_object_handler
        from federation.resolve import resolve_handle
        from profiles.lookup import remote_resolvers

        outbox.listen()
        offer_outbox.listen()
        register_object_handler(offer_inbox.HANDLER)
        from federation import contact_federation

        contact_federation.listen()
        contact_federation.register()
        from federation import account_deletion, account_moves
        from federation.inbox_processing import register_handler

        register_handler("Move", account_moves.on_move)
        register_handler("Delete", account_deletion.on_actor_delete)
        if resolve_handle not in remote_resolvers:
            remote_resolvers.append(resolve_handle)
