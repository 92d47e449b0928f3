"""WebFinger (RFC 7033), host-meta and NodeInfo 2.1: how other servers find us."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from federation.mapping import serializers
from federation.protocol import ids
from node.accounts.models import NodeSettings
from profiles.lookup import split_handle
from profiles.models import Experience, Profile

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.1"


# RFC 7033 section 5: WebFinger MUST allow any origin (browser clients look people up).
# A person's handle rarely changes, an unknown one may soon exist: cache them accordingly.
FOUND_MAX_AGE = 3600
NOT_FOUND_MAX_AGE = 300
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def _jrd(document: dict, status: int = 200) -> JsonResponse:
    content_type = "application/jrd+json" if status == 200 else "application/json"
    response = JsonResponse(document, status=status, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    if status == 200:
        response["Cache-Control"] = f"public, max-age={FOUND_MAX_AGE}"
    elif status == 404:
        response["Cache-Control"] = f"public, max-age={NOT_FOUND_MAX_AGE}"
    else:
        response["Cache-Control"] = "no-store"
    return response


def webfinger(request: HttpRequest) -> HttpResponse:
    """RFC 7033: 400 for a missing or malformed resource, 404 for one not ours."""
    resource = request.GET.get("resource", "")
    if not resource:
        return _jrd({"error": "the resource parameter is required"}, 400)
    if len(resource) > 400 or not URI.match(resource):
        return _jrd({"error": "the resource is not a URI (acct:name@host or https://...)"}, 400)
    scheme = resource.split(":", 1)[0].lower()
    if scheme == "acct":
        handle = resource[5:].lstrip("@")
        name, _sep, host = handle.partition("@")
        if not name or not host:
            return _jrd({"error": "an acct: resource is acct:name@host"}, 400)
        name, domain = split_handle(handle)
        if domain:
            return _jrd({"error": "not a handle of this node"}, 404)
    elif scheme in ("http", "https"):
        if not urlsplit(resource).hostname:
            return _jrd({"error": "the resource URL has no host"}, 400)
        if not ids.is_local(resource):
            return _jrd({"error": "not a resource of this node"}, 404)
        path = resource[len(ids.base_url()) :].strip("/")
        if path == "actor":
            return _instance_webfinger()
        name = path[1:] if path.startswith("@") and "/" not in path else ""
    else:
        return _jrd({"error": "unknown resource"}, 404)
    if name == instance_username() or name == "actor":
        return _instance_webfinger()
    profile = Profile.objects.local_actors().filter(handle=name.lower()).first()
    if profile is None:
        return _jrd({"error": "no such person"}, 404)
    actor = ids.actor_uri(profile)
    return _jrd(
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
        }
    )


def instance_username() -> str:
    """The node actor's preferredUsername (its host name, as Mastodon's instance actor)."""
    return serializers.instance_username()


def _instance_webfinger() -> JsonResponse:
    actor = ids.actor_uri(None)
    return _jrd(
        {
            "subject": f"acct:{instance_username()}@{settings.TREMPLIN_DOMAIN}",
            "aliases": [actor],
            "links": [
                {"rel": "self", "type": "application/activity+json", "href": actor},
                {
                    "rel": "http://webfinger.net/rel/profile-page",
                    "type": "text/html",
                    "href": ids.base_url() + "/about/",
                },
            ],
        }
    )


def host_meta(request: HttpRequest) -> HttpResponse:
    template = f"{ids.base_url()}/.well-known/webfinger?resource={{uri}}"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="{template}"/>\n'
        "</XRD>\n"
    )
    response = HttpResponse(body, content_type="application/xrd+xml")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={FOUND_MAX_AGE}"
    return response


NODEINFO_20_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.0"

# Only what exists: each public profile has an RSS 2.0 feed (/@handle/feed/, Django's
# default feed type); there is no Atom feed and nothing inbound but ActivityPub.
OUTBOUND_SERVICES = ["rss2.0"]


def nodeinfo_links(request: HttpRequest) -> JsonResponse:
    base = ids.base_url()
    response = JsonResponse(
        {
            "links": [
                {"rel": NODEINFO_SCHEMA, "href": f"{base}/nodeinfo/2.1"},
                {"rel": NODEINFO_20_SCHEMA, "href": f"{base}/nodeinfo/2.0"},
            ]
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _nodeinfo_document(version: str) -> dict:
    """Counts only what anyone could count from public pages (privacy-respecting usage)."""
    from importlib.metadata import version as package_version

    node = NodeSettings.current()
    anyone = AnonymousUser()
    people = Profile.objects.visible_to(anyone).filter(domain="", user__isnull=False)
    month_ago = timezone.now() - timezone.timedelta(days=30)
    software = {"name": "tremplin", "version": package_version("tremplin")}
    if version == "2.1":  # 2.0's schema allows only name and version
        software["repository"] = "https://tremplin.social/"
    return {
        "version": version,
        "software": software,
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": list(OUTBOUND_SERVICES)},
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
            "localPosts": Experience.objects.visible_to(anyone).filter(owner__domain="").count(),
        },
        "metadata": {"nodeName": node.name, "country": settings.TREMPLIN_COUNTRY},
    }


def _nodeinfo_response(version: str) -> JsonResponse:
    schema = NODEINFO_SCHEMA if version == "2.1" else NODEINFO_20_SCHEMA
    response = JsonResponse(
        _nodeinfo_document(version), content_type=f'application/json; profile="{schema}#"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def nodeinfo(request: HttpRequest) -> JsonResponse:
    return _nodeinfo_response("2.1")


def nodeinfo_20(request: HttpRequest) -> JsonResponse:
    return _nodeinfo_response("2.0")
