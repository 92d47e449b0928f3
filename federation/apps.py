from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from federation import (
            account_deletion,
            account_moves,
            actors,
            announced_changes,
            backfill,
            comment_inbox,
            comment_outbox,
            contact_federation,
            contact_inbox,
            direct_messages,
            domain_blocks,
            flags,
            gone,
            offer_inbox,
            offer_outbox,
            organisation_actor,
            outbox,
            post_inbox,
            reactions,
            solicited,
            tasks,
            territory_actor,
            wake,
        )
        from federation.inbox_processing import register_handler, register_object_handler
        from federation.node_follows import followed_node_domains
        from federation.resolve import resolve_handle
        from moderation.counts import register_count
        from moderation.events import report_forwarded
        from moderation.node_blocks import register_blocker
        from profiles.belonging import register_followed_nodes
        from profiles.lookup import remote_resolvers
        from profiles.models import ProfileKind
        from rights.events import account_deleting
        from rights.moves import register_mover

        outbox.listen()
        offer_outbox.listen()
        gone.listen()
        comment_outbox.listen()
        contact_federation.listen()
        territory_actor.listen()
        backfill.listen()
        account_deleting.connect(account_deletion.on_account_deleting, dispatch_uid="federation")
        report_forwarded.connect(flags.on_report_forwarded, dispatch_uid="federation")
        register_mover(account_moves)
        register_blocker(domain_blocks.block_domain)
        solicited.register_ours(comment_inbox.holds)
        register_object_handler(comment_inbox.HANDLER)  # first: a reply is never an experience
        register_object_handler(offer_inbox.HANDLER)
        register_object_handler(direct_messages.guarded(contact_inbox.HANDLER))
        # Registrations that keep the import graph pointing one way (no cycle): the
        # lower module is handed what it calls instead of importing it.
        actors.register_kind_sync(ProfileKind.ORGANISATION, organisation_actor.sync_organisation)
        wake.use_sweep(lambda: tasks.sweep.apply_async(countdown=0.2))
        post_inbox.register()  # experiences, then posts: tried after every other handler
        register_count(direct_messages.refused_counts)
        register_handler("Flag", flags.on_flag)
        register_handler("Move", account_moves.on_move)
        register_handler("Delete", account_deletion.on_actor_delete)
        register_handler("Announce", announced_changes.on_announce)
        reactions.register()  # wraps Announce, Undo and Delete: after them
        register_followed_nodes(followed_node_domains)
        if resolve_handle not in remote_resolvers:
            remote_resolvers.append(resolve_handle)
