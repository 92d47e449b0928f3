"""Who can see an experience, said plainly on its owner's pages.

"Published" means little to a 15-year-old whose experience only their counsellor sees
(and is wrong then): the owner's badges say who can see it instead.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from profiles.models import Experience
from profiles.visibility import Visibility

register = template.Library()

AUDIENCE = {
    Visibility.ONLY_ME: _("Only you"),
    Visibility.PRIVATE: _("You and your counsellors"),
    Visibility.MEMBERS: _("Members of this site"),
    Visibility.FOLLOWERS: _("Your followers and members of this site"),
    Visibility.PUBLIC: _("Everyone"),
}


@register.filter
def audience(experience: Experience) -> str:
    """Who sees it today: as published, or (nothing published) who sees its draft."""
    if experience.published_id is not None:
        return str(AUDIENCE.get(experience.visibility, AUDIENCE[Visibility.ONLY_ME]))
    if experience.visibility < Visibility.PRIVATE:
        return str(AUDIENCE[Visibility.ONLY_ME])
    return str(AUDIENCE[Visibility.PRIVATE])
