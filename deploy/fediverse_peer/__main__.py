"""`python -m deploy.fediverse_peer --host H --port N --domain D [--account NAME ...]`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from deploy.fediverse_peer.web import serve


def main(argv: list[str] | None = None) -> None:
    """Serve until SIGTERM or Ctrl-C; prints one line once it listens (for starters to wait)."""
    parser = argparse.ArgumentParser(prog="python -m deploy.fediverse_peer", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--domain", help="the host[:port] its ids use (default HOST:PORT)", default=None
    )
    parser.add_argument(
        "--account", action="append", default=[], help="an account to make at start (repeatable)"
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    domain = args.domain or f"{args.host}:{args.port}"
    server = serve(args.host, args.port, domain, args.account)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"fediverse peer listening on http://{args.host}:{args.port}/ as {domain}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
