"""`tremplin rotate_key HANDLE` (or `--node`): a new key pair, announced to followers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from federation.outgoing import outbox
from federation.peers import keys
from profiles.models import Profile


class Command(BaseCommand):
    help = "Give an actor a new RSA key pair and send an actor Update to its followers."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("handle", nargs="?", help="a local person's handle")
        parser.add_argument("--node", action="store_true", help="the node's own (instance) actor")

    def handle(
        self, *args: Any, handle: str | None = None, node: bool = False, **options: Any
    ) -> None:
        if node == bool(handle):
            raise CommandError("give a handle, or --node")
        profile = None
        if handle:
            profile = Profile.objects.filter(handle=handle.lstrip("@").lower(), domain="").first()
            if profile is None:
                raise CommandError(f"no local person @{handle}")
        keys.rotate(profile)
        if profile is not None:
            outbox.on_profile_published(profile)
        self.stdout.write(
            f"new key for {profile or 'the node'}; peers refetch it on the next signature"
        )
