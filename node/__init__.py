"""The Django project of a Tremplin node: settings, accounts, the site's pages."""

# Loaded with Django so that tasks sent from web processes use REDIS_URL's broker.
from node.celery import app as celery_app

__all__ = ["celery_app"]
