"""The integration tests run the same local nodes as deploy/local-federation."""

import os

from deploy.local_federation import Node, postgres_and_redis

# The tests read the nodes' pages in English with plain `requests` (no Accept-Language):
# their nodes speak English, not the default French (decision XXXX).
os.environ.setdefault("TREMPLIN_LANGUAGE", "en")

__all__ = ["Node", "postgres_and_redis"]
