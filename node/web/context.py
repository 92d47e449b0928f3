"""What every page knows about the node."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def node(request: HttpRequest) -> dict[str, Any]:
    return {"node_name": settings.TREMPLIN_NAME, "node_domain": settings.TREMPLIN_DOMAIN}
