"""Counting what the hostile-input suites tried, for docs/RELIABILITY.md.

Each attack and each fuzzing run records one line. When TREMPLIN_HOSTILE_FIGURES names a
file, the lines are appended there as JSON (bench/hostile_figures.py reads them); without
it nothing is written and the tests only assert.
"""

from __future__ import annotations

import json
import os
from typing import Any


def _write(record: dict[str, Any]) -> None:
    path = os.environ.get("TREMPLIN_HOSTILE_FIGURES")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def attack(suite: str, name: str, accepted: bool, detail: str = "") -> None:
    """One attack tried; `accepted` means it got through (a refusal missing, or a change)."""
    _write({"kind": "attack", "suite": suite, "name": name, "accepted": accepted, "detail": detail})


def fuzz(target: str, examples: int, server_errors: int, stored: int = 0) -> None:
    """One fuzzing test: examples run, 5xx answers seen, refused requests that stored."""
    _write(
        {
            "kind": "fuzz",
            "target": target,
            "examples": examples,
            "server_errors": server_errors,
            "stored": stored,
        }
    )
