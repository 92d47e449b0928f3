"""A fediverse peer of our own making that behaves like Mastodon 4.x, for tests.

`python -m deploy.fediverse_peer --host 127.0.0.1 --port 27500 --domain 127.0.0.1:27500`
starts it: a real server process, on its own address, that Tremplin nodes federate with
over HTTP exactly as they would with a Mastodon instance, and that a test drives through
its JSON control API (/control/...; see web.py). It shares no code with Tremplin, so what
it sends and checks is not what Tremplin believes it sends and checks.

Modules: `signing` (draft-cavage HTTP Signatures), `shapes` (the activities Mastodon,
Misskey and Pleroma send), `server` (the peer's state, sending and delivering),
`receiving` (the inbox: record, verify, answer follows), `web` (the HTTP routes).
See docs/federation-peers.md.
"""
