"""Keeping up: following tags, the feed, saved searches, notifications and digests."""
