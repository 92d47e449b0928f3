"""ActivityPub: the protocol side of the node; the domain (`profiles`) knows nothing of it."""
