"""The domain: people, their experiences, the tag vocabulary. Knows nothing of ActivityPub."""
