"""Settings that would make the node unsafe stop it from starting (a subprocess: read once)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

TREMPLIN = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "tremplin"


@pytest.mark.parametrize("mode", ["allow-list", "closed", "", "openn"])
def test_an_unknown_federation_mode_stops_the_node_with_the_valid_values(mode, tmp_path):
    env = {**os.environ, "TREMPLIN_FEDERATION_MODE": mode, "TREMPLIN_DATA_DIR": str(tmp_path)}
    run = subprocess.run(
        [str(TREMPLIN), "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode != 0
    assert "TREMPLIN_FEDERATION_MODE" in run.stderr
    assert "use one of: open, blocklist, allowlist" in run.stderr


def test_a_known_federation_mode_starts(tmp_path):
    env = {
        **os.environ,
        "TREMPLIN_FEDERATION_MODE": "allowlist",
        "TREMPLIN_DATA_DIR": str(tmp_path),
    }
    run = subprocess.run(
        [str(TREMPLIN), "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
