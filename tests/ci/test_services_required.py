"""In CI a missing PostgreSQL or Redis fails `make test`; on a laptop the pass is skipped.

Runs the Makefile's own `test-postgres` target against addresses nothing listens on
(the venv is taken as installed: `-o` keeps make from reinstalling it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_test_postgres(ci: str | None) -> subprocess.CompletedProcess[str]:
    venv = Path(sys.prefix)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MAKEFLAGS", "MAKELEVEL")}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(ROOT),
            "-o",
            f"{venv}/.installed",
            "test-postgres",
            f"VENV={venv}",
            f"PG_URL=postgres://postgres@127.0.0.1:{port}/tremplin_test",
            f"REDIS_TEST_URL=redis://127.0.0.1:{port}/15",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_in_ci_a_missing_postgresql_or_redis_fails_the_run():
    result = make_test_postgres("true")
    assert result.returncode != 0
    assert "FAILED: not reachable: PostgreSQL at postgres://" in result.stderr
    assert "Redis at redis://" in result.stderr
    assert "tests on PostgreSQL" not in result.stdout


def test_on_a_developer_machine_the_pass_is_skipped_with_a_message():
    for ci in (None, "false"):
        result = make_test_postgres(ci)
        assert result.returncode == 0, result.stderr
        assert "PostgreSQL pass skipped" in result.stdout
