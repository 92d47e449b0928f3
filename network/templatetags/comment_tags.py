"""The comments under an experience or an offer, for those apps' pages.

Their views need not know this app: `{% comments_section item %}` shows what
network.comments says this viewer sees, the form when they may write, and the
owner's hide, show and delete buttons.
"""

from __future__ import annotations

from typing import Any

from django import template

from network import comments
from network.forms import CommentForm
from profiles.models import Experience
from profiles.permissions import viewer_profile

register = template.Library()


@register.inclusion_tag("network/_comments.html", takes_context=True)
def comments_section(context: dict[str, Any], item: comments.Item) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    me = viewer_profile(user)
    shown = list(comments.comments_for(user, item))
    return {
        "item": item,
        "is_experience": isinstance(item, Experience),
        "comments": shown,
        "is_owner": comments.is_item_owner(user, item),
        "me": me,
        "logged_in": bool(user and user.is_authenticated),
        "may_comment": comments.may_comment(me, item),
        "form": CommentForm(),
        "csrf_token": context.get("csrf_token"),
    }
