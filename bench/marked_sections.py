"""Generated sections of hand-written files (bench/RESULTS.md, docs/RELIABILITY.md).

Each figures script owns the text between its own start and end markers; everything
around them is left as people wrote it.
"""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, start: str, end: str, section: str, heading: str) -> None:
    """Replace what lies between `start` and `end` (both included) by `section`, which
    begins with `start` and ends with `end`; appended the first time. A missing file
    is created under `heading`."""
    text = path.read_text() if path.exists() else heading + "\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


RELIABILITY = Path(__file__).resolve().parent.parent / "docs" / "RELIABILITY.md"


def write_reliability(name: str, body: str) -> str:
    """The section `name` of docs/RELIABILITY.md; returns it as written."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = f"{start}\n{body.strip()}\n{end}"
    write_section(RELIABILITY, start, end, section, "# Reliability")
    return section
