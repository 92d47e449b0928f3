"""The integration tests run the same local nodes as deploy/local-federation."""

from deploy.local_federation import Node, postgres_and_redis

__all__ = ["Node", "postgres_and_redis"]
