"""WebFinger (RFC 7033), host-meta and NodeInfo 2.1: how other servers find us."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from federation import ids
from node.accounts.models import NodeSettings
from profiles.lookup import split_handle
from profiles.models import Experience, Profile

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.1"


def webfinger(request: HttpRequest) -> HttpResponse:
    resource = request.GET.get("resource", "")[:400]
    if not resource:
        return JsonResponse({"error": "resource is required"}, status=400)
    if resource.startswith("acct:"):
        name, domain = split_handle(resource[5:])
        if "@" not in resource[5:].lstrip("@") or domain:
            return JsonResponse({"error": "not a handle of this node"}, status=404)
    elif ids.is_local(resource):
        path = resource[len(ids.base_url()) :].strip("/")
        if path == "actor":
            return _instance_webfinger()
        name = path[1:] if path.startswith("@") and "/" not in path else ""
    else:
        return JsonResponse({"error": "unknown resource"}, status=404)
    if name == settings.TREMPLIN_DOMAIN.split(":")[0] or name == "actor":
        return _instance_webfinger()
    profile = Profile.objects.local_actors().filter(handle=name.lower()).first()
    if profile is None:
        return JsonResponse({"error": "no such person"}, status=404)
    actor = ids.actor_uri(profile)
    return JsonResponse(
        {
            "subject": f"acct:{profile.handle}@{settings.TREMPLIN_DOMAIN}",
            "aliases": [actor],
            "links": [
                {"rel": "self", "type": "application/activity+json", "href": actor},
                {
                    "rel": "http://webfinger.net/rel/profile-page",
                    "type": "text/html",
                    "href": actor,
                },
            ],
        },
        content_type="application/jrd+json",
    )


def _instance_webfinger() -> JsonResponse:
    actor = ids.actor_uri(None)
    host = settings.TREMPLIN_DOMAIN
    return JsonResponse(
        {
            "subject": f"acct:{host.split(':')[0]}@{host}",
            "aliases": [actor],
            "links": [{"rel": "self", "type": "application/activity+json", "href": actor}],
        },
        content_type="application/jrd+json",
    )


def host_meta(request: HttpRequest) -> HttpResponse:
    template = f"{ids.base_url()}/.well-known/webfinger?resource={{uri}}"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="{template}"/>\n'
        "</XRD>\n"
    )
    return HttpResponse(body, content_type="application/xrd+xml")


def nodeinfo_links(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"links": [{"rel": NODEINFO_SCHEMA, "href": f"{ids.base_url()}/nodeinfo/2.1"}]}
    )


def nodeinfo(request: HttpRequest) -> JsonResponse:
    """Counts only what anyone could count from public pages (privacy-respecting usage)."""
    from importlib.metadata import version

    node = NodeSettings.current()
    anyone = AnonymousUser()
    people = Profile.objects.visible_to(anyone).filter(domain="", user__isnull=False)
    month_ago = timezone.now() - timezone.timedelta(days=30)
    return JsonResponse(
        {
            "version": "2.1",
            "software": {
                "name": "tremplin",
                "version": version("tremplin"),
                "repository": "https://tremplin.social/",
            },
            "protocols": ["activitypub"],
            "services": {"inbound": [], "outbound": ["atom1.0", "rss2.0"]},
            "openRegistrations": not node.require_invitation,
            "usage": {
                "users": {
                    "total": people.count(),
                    "activeMonth": people.filter(
                        Q(published_at__gte=month_ago) | Q(experiences__published_at__gte=month_ago)
                    )
                    .distinct()
                    .count(),
                },
                "localPosts": Experience.objects.visible_to(anyone)
                .filter(owner__domain="")
                .count(),
            },
            "metadata": {"nodeName": node.name, "country": settings.TREMPLIN_COUNTRY},
        },
        content_type='application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"',
    )
