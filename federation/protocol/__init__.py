"""ActivityPub's pure pieces: ids, JSON-LD context, HTTP signatures, hosts,
addressing, content negotiation, remote HTML, body bounds.

No database and no network: everything in federation may import these, they import
nothing of federation.
"""
