from django.apps import AppConfig


class NodeConfig(AppConfig):
    """Holds the node's management commands (run, demo data)."""

    name = "node"
    verbose_name = "Tremplin node"
