"""What the peer does with what comes in: record everything, answer follows like Mastodon.

Every POST to an inbox is recorded with its path, headers and body and answered 202 at
once. Then, off the request path (the sender may be waiting on its own worker), the
signature is checked against the sender's key (fetched once, signed) and, when it holds,
the peer reacts as Mastodon would: a Follow of an unlocked account is accepted, an
Accept or Reject of its own Follow is noted, an Undo of a Follow ends it. Every GET that
carries a signature is recorded the same way (to see that fetches are signed).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from deploy.fediverse_peer import shapes, signing
from deploy.fediverse_peer.server import MAX_RECORDS, ControlError, Local, Peer

logger = logging.getLogger("fediverse_peer")


def _id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def record_request(
    peer: Peer, method: str, path: str, headers: dict[str, str], body: bytes
) -> dict[str, Any]:
    """Keep a request (an inbox POST or a GET) and have its signature checked later."""
    activity: Any = None
    raw = ""
    if body:
        try:
            activity = json.loads(body)
        except ValueError:
            raw = body[:4000].decode("utf-8", errors="replace")
    params = signing.parse(headers.get("Signature", headers.get("signature", "")))
    record = {
        "received_at": datetime.now(UTC).isoformat(),
        "method": method,
        "path": path,
        "headers": headers,
        "activity": activity,
        "raw": raw,
        "signature": {
            "key_id": params.get("keyId", ""),
            "headers": params.get("headers", ""),
            "verified": None,
            "error": "",
        },
    }
    with peer.lock:
        target = peer.received if method == "POST" else peer.requests
        record["n"] = len(target)
        target.append(record)
        del target[:-MAX_RECORDS]
    if params.get("signature"):
        peer.background.submit(_check_and_react, peer, record, body)
    else:
        record["signature"]["verified"] = False
        record["signature"]["error"] = "no signature"
    return record


def key_for(peer: Peer, key_id: str, *, refresh: bool = False) -> str:
    """The PEM of a key id: the actor document's publicKey, fetched signed by the instance."""
    with peer.lock:
        cached = peer.keys.get(key_id)
    if cached and not refresh:
        return cached
    document = peer.fetch_json(key_id.split("#", 1)[0])
    key = document.get("publicKey")
    if isinstance(key, list):
        key = next((k for k in key if _id(k) == key_id), key[0] if key else None)
    if not isinstance(key, dict) or not isinstance(key.get("publicKeyPem"), str):
        raise ControlError(f"{key_id}: no publicKeyPem")
    with peer.lock:
        peer.keys[key_id] = key["publicKeyPem"]
    return key["publicKeyPem"]


def _check_and_react(peer: Peer, record: dict[str, Any], body: bytes) -> None:
    signature = record["signature"]
    try:
        problem = signing.verify(
            record["method"],
            record["path"],
            record["headers"],
            body,
            key_for(peer, signature["key_id"]),
        )
        if problem == "signature does not verify":  # a rotated key: fetched again once
            problem = signing.verify(
                record["method"],
                record["path"],
                record["headers"],
                body,
                key_for(peer, signature["key_id"], refresh=True),
            )
    except Exception as error:  # noqa: BLE001 - recorded for the test to read
        problem = f"key unavailable: {error}"
    signature["error"] = problem
    signature["verified"] = not problem
    if problem or record["method"] != "POST" or not isinstance(record["activity"], dict):
        return
    try:
        react(peer, record["activity"], signature["key_id"].split("#", 1)[0])
    except Exception as error:  # noqa: BLE001
        record["reaction_error"] = str(error)
        logger.warning("reacting to %s: %s", record["activity"].get("id"), error)


def _account_named(peer: Peer, uri: str) -> Local | None:
    prefix = f"{peer.base}/users/"
    if not uri.startswith(prefix):
        return None
    with peer.lock:
        found = peer.locals.get(uri[len(prefix) :].split("/", 1)[0])
    return found if found is not None and not found.deleted else None


def react(peer: Peer, activity: dict[str, Any], signer: str) -> None:
    """Mastodon's side effects of follow traffic; everything else is only recorded."""
    kind = activity.get("type")
    if _id(activity.get("actor")) != signer:
        return  # someone else's activity relayed: Mastodon would want an LD signature
    if kind == "Follow":
        followed = _account_named(peer, _id(activity.get("object")))
        if followed is None:
            return
        follower = peer.fetch_json(signer, followed)
        endpoints = follower.get("endpoints") if isinstance(follower.get("endpoints"), dict) else {}
        if followed.account.locked:
            with peer.lock:
                followed.follow_requests[signer] = activity
            return
        with peer.lock:
            followed.followers[signer] = endpoints.get("sharedInbox") or follower["inbox"]
        accept = shapes.answer(followed.account, "Accept", peer.next_number(), activity)
        peer.post(follower["inbox"], accept, followed)
    elif kind in ("Accept", "Reject"):
        follow_id = _id(activity.get("object"))
        with peer.lock:
            for local in peer.locals.values():
                relation = local.following.get(signer)
                if relation and relation["follow"]["id"] == follow_id:
                    relation["state"] = "accepted" if kind == "Accept" else "rejected"
    elif kind == "Undo":
        undone = activity.get("object")
        if isinstance(undone, dict) and undone.get("type") == "Follow":
            followed = _account_named(peer, _id(undone.get("object")))
            if followed is not None:
                with peer.lock:
                    followed.followers.pop(signer, None)
    elif kind == "Delete" and _id(activity.get("object")) == signer:
        with peer.lock:
            for local in peer.locals.values():
                local.followers.pop(signer, None)
                local.following.pop(signer, None)
