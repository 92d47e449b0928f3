"""The Celery task behind every periodic job (see node.periodic)."""

from celery import shared_task

from node import periodic


@shared_task(ignore_result=True)
def run_periodic(path: str) -> None:
    periodic.resolve(path)()
