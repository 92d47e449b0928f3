"""`/authorize_interaction?uri=...`: Mastodon's remote-follow landing.

A fediverse user who clicks "follow" on a remote profile is sent here by their server
with the account (or its URL) in `uri`. A member is taken to that account's page here
(looked up and stored on first sight), with its Follow button; a visitor logs in first,
since a stranger must not make this node fetch addresses of their choosing.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from federation.models import RemoteActor
from federation.peers.actors import ActorError, fetch_actor
from federation.protocol import ids
from profiles.lookup import LookupRefused, resolve_remote
from profiles.models import Profile


@login_required
def authorize_interaction(request: HttpRequest) -> HttpResponse:
    uri = request.GET.get("uri", "")[:500].strip()
    profile = _profile_for(uri)
    if profile is not None:
        return redirect(profile.get_absolute_url())
    query = urlencode({"q": uri.removeprefix("acct:")}) if uri else ""
    return redirect(reverse("profiles:people") + (f"?{query}" if query else ""))


def _profile_for(uri: str) -> Profile | None:
    """The account `uri` names ("acct:name@node", "@name@node" or an actor URL), or None."""
    if not uri:
        return None
    if urlsplit(uri).scheme in ("http", "https"):
        if ids.is_local(uri):
            path = uri[len(ids.base_url()) :].strip("/")
            handle = path[1:] if path.startswith("@") else ""
            return Profile.objects.local_actors().filter(handle=handle.lower()).first()
        known = RemoteActor.objects.filter(uri=uri).select_related("profile").first()
        if known is not None:
            return known.profile
        try:
            return fetch_actor(uri).profile
        except ActorError:
            return None
    try:
        return resolve_remote(uri.removeprefix("acct:"))
    except LookupRefused:
        return None
