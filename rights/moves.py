"""Moving an account between nodes, as the rights pages ask for it.

Naming an old account and moving followers need another node's answer (its actor
document), which only the federation app can fetch. It registers a `Mover` here when
the project starts (dependency inversion: this app never imports it). Without one,
the pages say that moving is not available here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from profiles.models import Profile


class MoveError(Exception):
    """The move cannot be made; the message says why (shown to the person)."""


class Mover(Protocol):
    def set_alias(self, profile: Profile, handle: str) -> str:
        """Record the account `handle` of another node as the person's; its URI."""
        ...

    def start_move(self, profile: Profile, handle: str) -> str:
        """Move the person's followers to the account `handle`; its URI."""
        ...


_movers: list[Mover] = []


def register_mover(mover: Mover) -> None:
    """The one mover of this project (registering again replaces it)."""
    _movers[:] = [mover]


def _mover() -> Mover:
    if not _movers:
        raise MoveError(_("moving between nodes is not available on this node"))
    return _movers[0]


def set_alias(profile: Profile, handle: str) -> str:
    return _mover().set_alias(profile, handle)


def start_move(profile: Profile, handle: str) -> str:
    return _mover().start_move(profile, handle)
