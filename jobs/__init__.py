"""Organisations and their job offers: the other half of the network (no ActivityPub here)."""
