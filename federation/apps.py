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
            domain_blocks,
            flags,
            offer_inbox,
            offer_outbox,
            outbox,
        )
        from federation.inbox_processing import register_handler, register_object_handler
        from federation.node_follows import followed_node_domains
        from federation.resolve import resolve_handle
        from moderation.events import report_forwarded
        from moderation.node_blocks import register_blocker
        from profiles.belonging import register_followed_nodes
        from profiles.lookup import remote_resolvers
        from rights.events import account_deleting
        from rights.moves import register_mover

        outbox.listen()
        offer_outbox.listen()
        contact_federation.listen()
        account_deleting.connect(account_deletion.on_account_deleting, dispatch_uid="federation")
        report_forwarded.connect(flags.on_report_forwarded, dispatch_uid="federation")
        register_mover(account_moves)
        register_blocker(domain_blocks.block_domain)
        register_object_handler(offer_inbox.HANDLER)
        contact_federation.register()
        register_handler("Flag", flags.on_flag)
        register_handler("Move", account_moves.on_move)
        register_handler("Delete", account_deletion.on_actor_delete)
        register_handler("Announce", announced_changes.on_announce)
        register_followed_nodes(followed_node_domains)
        if resolve_handle not in remote_resolvers:
            remote_resolvers.append(resolve_handle)
