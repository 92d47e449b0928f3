"""Tasks sent from a web process go to the node's own broker (REDIS_URL), not a default."""

from django.conf import settings


def test_the_web_process_uses_the_nodes_celery_app_and_broker():
    from celery import current_app

    from federation.tasks import sweep
    from node import celery_app

    assert current_app.main == celery_app.main == "tremplin"
    assert sweep.app.conf.broker_url == settings.CELERY_BROKER_URL
    assert not sweep.app.conf.broker_url.startswith("amqp")
