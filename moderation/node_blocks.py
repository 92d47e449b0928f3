"""Blocking another node, as the moderators' actions ask for it.

What a node sent lives in the federation app's tables, so the federation app does
the block and says what it removed; it registers its blocker here when the project
starts (dependency inversion: this app never imports it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (domain, note) -> how many of each thing went, for the audit log.
NodeBlocker = Callable[[str, str], dict[str, int]]

_blockers: list[NodeBlocker] = []


def register_blocker(blocker: NodeBlocker) -> None:
    """The one blocker of this project (registering again replaces it)."""
    _blockers[:] = [blocker]


def block_node(domain: str, note: str) -> dict[str, int]:
    if not _blockers:
        raise ValidationError(_("Blocking nodes is not available on this node."))
    return _blockers[0](domain, note)
