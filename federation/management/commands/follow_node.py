"""`tremplin follow_node DOMAIN-OR-URL` (or `--stop`): this node follows another node."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from federation.models import NodeFollow
from federation.outgoing.node_follows import (
    NodeFollowError,
    find_node,
    follow_node,
    stop_following_node,
)


class Command(BaseCommand):
    help = (
        "Follow another node's instance actor, so its public experiences and offers come "
        "here; --stop to stop following it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("target", help="the other node's domain, or its actor URL")
        parser.add_argument("--stop", action="store_true", help="stop following that node")

    def handle(self, *args: Any, target: str, stop: bool = False, **options: Any) -> None:
        try:
            actor = find_node(target)
            if stop:
                link = NodeFollow.objects.filter(actor=actor).first()
                if link is None:
                    raise CommandError(f"this node does not follow {actor.uri}")
                stop_following_node(link)
                self.stdout.write(f"stopped following {actor.uri}")
                return
            link = follow_node(actor.uri)
        except NodeFollowError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"following {link.actor.uri}: {link.state}")
