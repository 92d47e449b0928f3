"""Steps of a browser journey: a full-page screenshot kept as an artefact, then axe-core.

Why: the issue's proof is a person looking at each page a 14-year-old sees at 360 px,
and a machine checking each of those pages for serious accessibility faults. Each
`journey.step(page, "sign-up")` saves `NN-sign-up.png` (360 CSS px wide) before
anything can fail, so the pictures are there whether the test passes or fails, then
runs axe-core on the same page.

Screenshots go to $TREMPLIN_SHOTS_DIR/<test name>/ (default /tmp/tremplin-shots/<test
name>/), emptied when the test starts; `axe.txt` beside them lists every violation
found, of any impact.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.browser.accessibility import Violation, failing, report, run_axe

SHOTS_ROOT = Path(
    os.environ.get("TREMPLIN_SHOTS_DIR") or Path(tempfile.gettempdir()) / "tremplin-shots"
)


def phone_360(locale: str = "en-GB") -> dict[str, Any]:
    """A cheap phone, 360 × 800 CSS px, in this locale (browser and Accept-Language):
    "ca-ES", "ro-RO", "fr-FR"... For `new_phone(phone_360("ca-ES"))`."""
    language = locale.split("-")[0]
    return {
        "viewport": {"width": 360, "height": 800},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": locale,
        "extra_http_headers": {"Accept-Language": f"{locale},{language};q=0.9"},
    }


PHONE_360 = phone_360()


def shots_dir_for(test_name: str, root: Path | None = None) -> Path:
    """The artefact folder of one test, its name made safe for a path."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-") or "test"
    return (root or SHOTS_ROOT) / safe


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "step"


@dataclass
class Journey:
    """Numbered steps of one test: screenshots in `directory`, axe on each step.

    With `axe_enforced` False, serious and critical violations are recorded (axe.txt,
    a warning) instead of failing the test: for journeys written before their pages
    were fixed, to be switched on once they are.
    """

    directory: Path
    axe_enforced: bool = True
    number: int = 0
    found: list[tuple[str, Violation]] = field(default_factory=list)

    def shot(self, page: Any, name: str) -> Path:
        """Save the whole page as NN-<name>.png, 1 image px per CSS px."""
        self.number += 1
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{self.number:02d}-{slug(name)}.png"
        page.screenshot(path=str(path), full_page=True, scale="css")
        return path

    def step(self, page: Any, name: str, *, axe: bool = True) -> Path:
        """A screenshot of the page, then axe-core on it: serious or critical fails."""
        path = self.shot(page, name)
        if axe:
            self.check(page, name)
        return path

    def check(self, page: Any, name: str) -> list[Violation]:
        """axe-core on the page as it is: record everything, fail (when enforced) on
        serious or critical violations."""
        violations = run_axe(page)
        self.found.extend((name, v) for v in violations)
        bad = failing(violations)
        if bad and self.axe_enforced:
            raise AssertionError(f"step {name!r}: " + report(bad, name))
        return violations

    def failing_found(self) -> list[tuple[str, Violation]]:
        return [(step, v) for step, v in self.found if v.failing]

    def write_report(self) -> Path | None:
        """axe.txt: every violation met on the way, step by step (None if there was none)."""
        if not self.found:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / "axe.txt"
        lines = [f"[{step}] {v.url}\n{v.describe()}" for step, v in self.found]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def finish(self) -> None:
        """Write axe.txt; when axe is not enforced, say aloud what would have failed."""
        written = self.write_report()
        bad = self.failing_found()
        if bad and not self.axe_enforced:
            summary = "; ".join(f"{step}: {v.rule} ({v.impact})" for step, v in bad)
            warnings.warn(
                f"axe not enforced (AXE_ENFORCED = False), {len(bad)} serious/critical "
                f"violation(s): {summary}. Details: {written}",
                stacklevel=1,
            )


def fresh_dir(directory: Path) -> Path:
    """Empty the test's artefact folder so old pictures never pass for new ones."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return directory
