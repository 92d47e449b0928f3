"""The peer's HTTP face: Mastodon's public routes, and /control/ for tests.

Mastodon's routes kept: /.well-known/webfinger, host-meta, nodeinfo; /actor (the
instance actor); /users/<name> (and /@<name>), its inbox, outbox, followers, following,
collections/featured and collections/tags; /users/<name>/statuses/<id> (and /activity,
and /@<name>/<id> for people); /inbox (the shared inbox); /tags/<name>. JSON when an
ActivityPub type is accepted, a plain HTML page otherwise.

Control routes (JSON in, JSON out; a failure is 400 {"error": ...}):
  GET  /control/health                  {"domain", "accounts"}
  POST /control/accounts {"username", "display_name"?, "summary"?, "locked"?, "discoverable"?}
  GET  /control/accounts/<name>         followers, following (with states), follow requests
  POST /control/send {"kind", "account", ...}   see server.SEND_KINDS; returns the activity,
                                        the deliveries (inbox, HTTP status, body) and ids
  POST /control/fetch {"account", "url"}        a signed GET as that account
  GET  /control/inbox[?type=T&account=A]        activities received (with headers, signature)
  GET  /control/requests[?path=P]       GET requests received (headers, signature)
"""

from __future__ import annotations

import html
import json
import logging
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from deploy.fediverse_peer import shapes
from deploy.fediverse_peer.receiving import record_request
from deploy.fediverse_peer.server import (
    ACTIVITY_JSON,
    MAX_BODY,
    PIXEL_JPEG,
    VERSION,
    ControlError,
    Peer,
)

logger = logging.getLogger("fediverse_peer")
USER = r"(?P<name>[A-Za-z0-9_]+)"
STATUS = r"(?P<status>\d+)"


class Answer(Exception):
    """Raised by a route to answer at once: status, body, content type, extra headers."""

    def __init__(
        self, status: int, body: Any = b"", content_type: str = "application/json", **headers: str
    ) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers


def _json(document: Any, status: int = 200, content_type: str = ACTIVITY_JSON) -> Answer:
    return Answer(status, json.dumps(document).encode("utf-8"), content_type)


def _page(title: str, body: str, status: int = 200) -> Answer:
    text = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body>{body}</body></html>"
    )
    return Answer(status, text.encode("utf-8"), "text/html; charset=utf-8")


def wants_json(accept: str) -> bool:
    return "activity+json" in accept or "ld+json" in accept or accept.startswith("application/json")


class Routes:
    """Every route of the peer, for one Peer."""

    def __init__(self, peer: Peer) -> None:
        self.peer = peer

    # --- discovery -----------------------------------------------------------------

    def webfinger(self, query: dict[str, str]) -> Answer:
        resource = query.get("resource", "")
        account = None
        if resource.startswith("acct:"):
            name, _, host = resource[5:].partition("@")
            if host == self.peer.domain:
                account = self.peer.locals.get(name)
        else:
            for local in self.peer.locals.values():
                if resource in (local.account.uri, local.account.url):
                    account = local
        if account is None or account.deleted:
            raise _json({"error": "not found"}, 404, "application/jrd+json")
        uri = account.account.uri
        return _json(
            {
                "subject": f"acct:{account.account.username}@{self.peer.domain}",
                "aliases": [account.account.url, uri],
                "links": [
                    {
                        "rel": "http://webfinger.net/rel/profile-page",
                        "type": "text/html",
                        "href": account.account.url,
                    },
                    {"rel": "self", "type": ACTIVITY_JSON, "href": uri},
                    {
                        "rel": "http://ostatus.org/schema/1.0/subscribe",
                        "template": f"{self.peer.base}/authorize_interaction?uri={{uri}}",
                    },
                ],
            },
            content_type="application/jrd+json",
        )

    def nodeinfo_links(self) -> Answer:
        return _json(
            {
                "links": [
                    {
                        "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                        "href": f"{self.peer.base}/nodeinfo/2.0",
                    }
                ]
            },
            content_type="application/json",
        )

    def nodeinfo(self) -> Answer:
        return _json(
            {
                "version": "2.0",
                "software": {"name": "mastodon", "version": VERSION},
                "protocols": ["activitypub"],
                "services": {"outbound": [], "inbound": []},
                "usage": {
                    "users": {"total": len(self.peer.locals)},
                    "localPosts": len(self.peer.statuses),
                },
                "openRegistrations": False,
                "metadata": {"nodeName": "Fediverse peer", "nodeDescription": "A test peer"},
            },
            content_type="application/json",
        )

    def host_meta(self) -> Answer:
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
            f'  <Link rel="lrdd" template="{self.peer.base}/.well-known/webfinger'
            '?resource={uri}"/>\n'
            "</XRD>\n"
        )
        return Answer(200, xml.encode(), "application/xrd+xml; charset=utf-8")

    # --- actors and their collections ------------------------------------------------

    def instance_actor(self) -> Answer:
        account = self.peer.instance.account
        return _json(
            {
                "@context": shapes.ACTOR_CONTEXT,
                "id": f"{self.peer.base}/actor",
                "type": "Application",
                "inbox": f"{self.peer.base}/actor/inbox",
                "outbox": f"{self.peer.base}/actor/outbox",
                "preferredUsername": self.peer.domain,
                "url": f"{self.peer.base}/about/more?instance_actor=true",
                "manuallyApprovesFollowers": True,
                "publicKey": {
                    "id": f"{self.peer.base}/actor#main-key",
                    "owner": f"{self.peer.base}/actor",
                    "publicKeyPem": account.public_pem,
                },
                "endpoints": {"sharedInbox": f"{self.peer.base}/inbox"},
            }
        )

    def _account(self, name: str):  # -> Local, 404 or 410
        local = self.peer.locals.get(name)
        if local is None:
            raise _json({"error": "Record not found"}, 404, "application/json")
        if local.deleted:
            raise _json({"error": "Gone"}, 410, "application/json")
        return local

    def actor(self, name: str, accept: str) -> Answer:
        local = self._account(name)
        if wants_json(accept):
            return _json(local.account.document())
        statuses = [s for s in self._statuses(name) if s.activity["type"] == "Create"]
        items = "".join(
            f"<article><a href='{html.escape(s.obj['url'])}'>{html.escape(s.obj['published'])}</a>"
            f"{s.obj['content']}</article>"
            for s in statuses
        )
        return _page(local.account.display_name or name, f"<h1>@{html.escape(name)}</h1>{items}")

    def _statuses(self, name: str) -> list:
        with self.peer.lock:
            found = [
                status
                for status in self.peer.statuses.values()
                if status.account == name and not status.deleted
            ]
        return sorted(
            found,
            key=lambda s: (
                int(s.obj["id"].rsplit("/", 1)[-1]) if s.activity["type"] == "Create" else 0
            ),
            reverse=True,
        )

    def outbox(self, name: str, query: dict[str, str]) -> Answer:
        local = self._account(name)
        visible = [
            s.activity
            for s in self._statuses(name)
            if s.activity["type"] == "Announce"
            or shapes.PUBLIC in s.obj.get("to", []) + s.obj.get("cc", [])
        ]
        items = [{k: v for k, v in a.items() if k != "@context"} for a in visible]
        return _json(
            shapes.ordered_collection(f"{local.account.uri}/outbox", items, query.get("page"))
        )

    def followers(self, name: str, query: dict[str, str]) -> Answer:
        local = self._account(name)
        with self.peer.lock:
            items = list(local.followers)
        return _json(shapes.ordered_collection(local.account.followers, items, query.get("page")))

    def following(self, name: str, query: dict[str, str]) -> Answer:
        local = self._account(name)
        with self.peer.lock:
            items = [uri for uri, rel in local.following.items() if rel["state"] == "accepted"]
        return _json(
            shapes.ordered_collection(f"{local.account.uri}/following", items, query.get("page"))
        )

    def featured(self, name: str) -> Answer:
        local = self._account(name)
        with self.peer.lock:
            pinned = [
                self.peer.statuses[i].obj
                for i in local.account.pinned
                if i in self.peer.statuses and not self.peer.statuses[i].deleted
            ]
        return _json(
            {
                "@context": shapes.STATUS_CONTEXT,
                "id": f"{local.account.uri}/collections/featured",
                "type": "OrderedCollection",
                "totalItems": len(pinned),
                "orderedItems": pinned,
            }
        )

    def featured_tags(self, name: str) -> Answer:
        local = self._account(name)
        return _json(
            {
                "@context": shapes.AS,
                "id": f"{local.account.uri}/collections/tags",
                "type": "Collection",
                "totalItems": 0,
                "items": [],
            }
        )

    # --- statuses ------------------------------------------------------------------

    def status(self, name: str, status_id: str, accept: str, activity: bool = False) -> Answer:
        self._account(name)
        with self.peer.lock:
            status = self.peer.statuses.get(status_id)
        if status is None or status.account != name or status.deleted:
            raise _json({"error": "Record not found"}, 404, "application/json")
        if status.activity["type"] == "Announce":
            return _json(status.activity)
        if wants_json(accept):
            if activity:
                return _json(status.activity)
            return _json({"@context": shapes.STATUS_CONTEXT, **status.obj})
        obj = status.obj
        warning = (
            f"<p><strong>{html.escape(obj['summary'])}</strong></p>" if obj.get("summary") else ""
        )
        return _page(f"{name}: status", f"<article>{warning}{obj['content']}</article>")

    def tag(self, name: str) -> Answer:
        return _page(f"#{name}", f"<h1>#{html.escape(name)}</h1>")

    # --- control ---------------------------------------------------------------------

    def health(self) -> Answer:
        with self.peer.lock:
            names = sorted(self.peer.locals)
        return _json(
            {"domain": self.peer.domain, "accounts": names}, content_type="application/json"
        )

    def account_state(self, name: str) -> Answer:
        local = self.peer.local(name)
        with self.peer.lock:
            state = {
                "account": local.account.document(),
                "deleted": local.deleted,
                "followers": dict(local.followers),
                "following": {uri: rel["state"] for uri, rel in local.following.items()},
                "follow_requests": list(local.follow_requests),
            }
        return _json(state, content_type="application/json")

    def received(self, query: dict[str, str]) -> Answer:
        kind, account = query.get("type"), query.get("account")
        with self.peer.lock:
            items = list(self.peer.received)
        if kind:
            items = [
                i
                for i in items
                if isinstance(i["activity"], dict) and i["activity"].get("type") == kind
            ]
        if account:
            paths = {f"/users/{account}/inbox", "/inbox"}
            items = [i for i in items if i["path"].split("?", 1)[0] in paths]
        return _json({"items": items}, content_type="application/json")

    def fetched(self, query: dict[str, str]) -> Answer:
        prefix = query.get("path", "")
        with self.peer.lock:
            items = [r for r in self.peer.requests if r["path"].startswith(prefix)]
        return _json({"items": items}, content_type="application/json")

    def control_post(self, path: str, payload: dict[str, Any]) -> Answer:
        if path == "/control/accounts":
            username = str(payload.get("username") or "")
            if not re.fullmatch(r"[A-Za-z0-9_]{1,30}", username):
                raise ControlError("username: letters, digits and _ only")
            options = {k: v for k, v in payload.items() if k != "username"}
            account = self.peer.add_account(username, **options)
            return _json(account.document(), 201, "application/json")
        if path == "/control/send":
            return _json(self.peer.send(payload), content_type="application/json")
        if path == "/control/fetch":
            signer = (
                self.peer.local(payload.get("account") or "") if payload.get("account") else None
            )
            response = self.peer.fetch(str(payload.get("url") or ""), signer)
            try:
                document: Any = response.json()
            except ValueError:
                document = None
            return _json(
                {
                    "status": response.status_code,
                    "headers": dict(response.headers),
                    "json": document,
                    "text": response.text[:20000] if document is None else "",
                },
                content_type="application/json",
            )
        raise _json({"error": "no such control route"}, 404, "application/json")

    # --- dispatch --------------------------------------------------------------------

    def get(self, path: str, query: dict[str, str], accept: str) -> Answer:
        simple = {
            "/.well-known/webfinger": lambda: self.webfinger(query),
            "/.well-known/nodeinfo": self.nodeinfo_links,
            "/.well-known/host-meta": self.host_meta,
            "/nodeinfo/2.0": self.nodeinfo,
            "/actor": self.instance_actor,
            "/control/health": self.health,
            "/control/inbox": lambda: self.received(query),
            "/control/requests": lambda: self.fetched(query),
        }
        if path in simple:
            return simple[path]()
        patterns = [
            (rf"/users/{USER}", lambda m: self.actor(m["name"], accept)),
            (rf"/@{USER}", lambda m: self.actor(m["name"], accept)),
            (rf"/users/{USER}/outbox", lambda m: self.outbox(m["name"], query)),
            (rf"/users/{USER}/followers", lambda m: self.followers(m["name"], query)),
            (rf"/users/{USER}/following", lambda m: self.following(m["name"], query)),
            (rf"/users/{USER}/collections/featured", lambda m: self.featured(m["name"])),
            (rf"/users/{USER}/collections/tags", lambda m: self.featured_tags(m["name"])),
            (
                rf"/users/{USER}/statuses/{STATUS}",
                lambda m: self.status(m["name"], m["status"], accept),
            ),
            (
                rf"/users/{USER}/statuses/{STATUS}/activity",
                lambda m: self.status(m["name"], m["status"], accept, activity=True),
            ),
            (rf"/@{USER}/{STATUS}", lambda m: self.status(m["name"], m["status"], accept)),
            (r"/system/media/[\w.-]+\.jpg", lambda m: Answer(200, PIXEL_JPEG, "image/jpeg")),
            (r"/tags/(?P<tag>\w+)", lambda m: self.tag(m["tag"])),
            (rf"/control/accounts/{USER}", lambda m: self.account_state(m["name"])),
        ]
        for pattern, route in patterns:
            match = re.fullmatch(pattern, path)
            if match:
                return route(match)
        raise _json({"error": "Record not found"}, 404, "application/json")


def make_handler(peer: Peer) -> type[BaseHTTPRequestHandler]:
    routes = Routes(peer)

    class Handler(BaseHTTPRequestHandler):
        server_version = "Mastodon"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def _answer(self, answer: Answer) -> None:
            body = answer.body if isinstance(answer.body, bytes) else str(answer.body).encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept, Accept-Encoding")
            for name, value in answer.headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _run(self, work: Any) -> None:
            try:
                answer = work()
            except Answer as raised:
                answer = raised
            except ControlError as error:
                answer = _json({"error": str(error)}, 400, "application/json")
            except Exception as error:  # a bug of the peer: say so, keep serving
                logger.exception("%s %s", self.command, self.path)
                answer = _json(
                    {"error": f"{type(error).__name__}: {error}"}, 500, "application/json"
                )
            self._answer(answer)

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if not parts.path.startswith("/control/"):
                record_request(peer, "GET", self.path, dict(self.headers.items()), b"")
            self._run(lambda: routes.get(parts.path, query, self.headers.get("Accept", "")))

        do_HEAD = do_GET  # noqa: N815

        def do_POST(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._answer(_json({"error": "too large"}, 413, "application/json"))
                return
            body = self.rfile.read(length) if length else b""
            if parts.path.startswith("/control/"):
                try:
                    payload = json.loads(body or b"{}")
                except ValueError:
                    self._answer(_json({"error": "bad JSON"}, 400, "application/json"))
                    return
                self._run(lambda: routes.control_post(parts.path, payload))
                return
            if parts.path == "/inbox" or re.fullmatch(
                rf"/users/{USER}/inbox|/actor/inbox", parts.path
            ):
                record_request(peer, "POST", self.path, dict(self.headers.items()), body)
                self._answer(Answer(202, b""))
                return
            self._answer(_json({"error": "Record not found"}, 404, "application/json"))

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            logger.info("%s %s", self.address_string(), format % args)

    return Handler


def serve(host: str, port: int, domain: str, accounts: list[str]) -> ThreadingHTTPServer:
    """A started server (serve_forever is the caller's); accounts are made first."""
    peer = Peer(domain)
    for name in accounts:
        peer.add_account(name)
    server = ThreadingHTTPServer((host, port), make_handler(peer))
    server.daemon_threads = True
    server.peer = peer  # type: ignore[attr-defined]
    return server
