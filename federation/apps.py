from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from federation import tasks
        from federation.incoming import (
            account_deletion,
            account_moves,
            announced_changes,
            backfill,
            comment_inbox,
            contact_inbox,
            direct_messages,
            flags,
            offer_inbox,
            post_inbox,
            reactions,
        )
        from federation.incoming.inbox_processing import register_handler, register_object_handler
        from federation.mapping import organisation_actor
        from federation.outgoing import (
            comment_outbox,
            contact_federation,
            gone,
            node_follows,
            offer_outbox,
            outbox,
            territory_actor,
        )
        from federation.outgoing.node_follows import followed_node_domains
        from federation.peers import actors, domain_blocks, resolve, solicited
        from federation.peers.resolve import resolve_handle
        from federation.protocol import message_signatures, signatures
        from federation.work import wake
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
        signatures.use_rfc9421(message_signatures)
        if backfill.request_for_profile not in resolve.LOOKED_UP:
            resolve.LOOKED_UP.append(backfill.request_for_profile)
        if backfill.request_backfill not in node_follows.FOLLOWING:
            node_follows.FOLLOWING.append(backfill.request_backfill)
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
