"""Which nodes this node federates with: open, a blocklist, or an allowlist."""

from __future__ import annotations

from django.conf import settings

from federation.models import DomainRule


def is_allowed(domain: str) -> bool:
    """False for a blocked domain (blocklist mode) or an unlisted one (allowlist mode)."""
    domain = domain.lower()
    mode = settings.TREMPLIN_FEDERATION_MODE
    if mode == "allowlist":
        return DomainRule.objects.filter(domain=domain, rule=DomainRule.ALLOW).exists()
    return not DomainRule.objects.filter(domain=domain, rule=DomainRule.BLOCK).exists()
