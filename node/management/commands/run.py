"""`tremplin run`: migrate, collect static files, load the demo people once, and serve the node.

This is the embedded node of `make run`: SQLite, gunicorn with threads in one
process, nothing else to install.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load demo data on first run, and serve the node."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-demo", action="store_true", help="Do not load demo people.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        # The CSS and scripts, gzipped, where WhiteNoise serves them from.
        call_command("collectstatic", interactive=False, verbosity=0)
        marker = settings.DATA_DIR / ".demo-loaded"
        if not options["no_demo"] and not marker.exists():
            call_command("load_demo")
            marker.write_text("demo data loaded once; delete this file to load it again\n")
        self.stdout.write(f"Tremplin node serving on http://{options['bind']}/ (Ctrl-C to stop)")
        serve(options["bind"], options["workers"], options["threads"])


def start_in_process_worker() -> None:
    """Without Redis, background work (federation delivery) runs in a thread of this process."""
    if not settings.REDIS_URL:
        from federation import worker

        worker.start()


def serve(bind: str, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from node.wsgi import application

    class EmbeddedServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", bind)
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", "-")
            if "control_socket_disable" in self.cfg.settings:
                # One control socket per user would clash between nodes on one machine.
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            start_in_process_worker()
            return application

    EmbeddedServer().run()
