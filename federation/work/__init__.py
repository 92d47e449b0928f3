"""Work as rows: rows as a queue (claim, release), waking the worker, retention.

Below what it runs: delivery and the inbox call it; the Celery sweep is handed to
`wake` at AppConfig.ready().
"""
