"""axe-core on a Playwright page: any serious or critical violation fails the journey.

Why: the pages are meant for young people on cheap phones, some with screen readers;
axe-core (Deque, MPL-2.0) finds what a machine can find (missing labels, contrast,
broken ARIA, duplicate ids) on the page exactly as the browser built it.

The engine is the `axe.min.js` shipped inside the `axe-playwright-python` package
(PyPI); only its file is used, run through our own small runner so the message says
which page, which rule and which elements.

The node's Content-Security-Policy (`script-src 'self'`, nothing inline) stays on:
the source is evaluated through the DevTools protocol (`page.evaluate`), which the
page's CSP does not govern, so no context needs `bypass_csp` and the journeys' check
that nothing was blocked by the policy keeps its meaning. tests/browser/test_accessibility.py
proves both.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Impacts that fail a journey (axe's scale: minor, moderate, serious, critical).
FAILING_IMPACTS = frozenset({"serious", "critical"})
# Everything axe runs by default (WCAG 2.0-2.2 A/AA and its best practices); only the
# impact decides. Raw results other than violations are not needed.
AXE_OPTIONS: dict[str, Any] = {"resultTypes": ["violations"]}
PACKAGE = "axe-playwright-python"


class AxeMissing(RuntimeError):
    """The package that ships axe.min.js is not installed."""


@functools.cache
def axe_source() -> str:
    """The text of axe.min.js, read once per test process."""
    try:
        import axe_playwright_python
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise AxeMissing(
            f"axe-core is shipped by the PyPI package {PACKAGE!r}: "
            f"`.venv/bin/pip install {PACKAGE}` (it is in the [test] extra)."
        ) from error
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return path.read_text(encoding="utf-8")


def axe_version() -> str:
    """The version of the axe-core engine in use, as its banner says ("4.12.1")."""
    first = axe_source()[:200]
    return first.split("axe v", 1)[1].split()[0] if "axe v" in first else "unknown"


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page, with the elements that break it."""

    rule: str
    impact: str
    help: str
    help_url: str
    url: str
    targets: tuple[str, ...]
    snippets: tuple[str, ...] = field(default=())

    @property
    def failing(self) -> bool:
        return self.impact in FAILING_IMPACTS

    def describe(self) -> str:
        lines = [f"- {self.rule} ({self.impact}): {self.help} [{self.help_url}]"]
        for target, snippet in zip(self.targets, self.snippets, strict=False):
            lines.append(f"    {target}   {snippet[:160]}")
        return "\n".join(lines)


def run_axe(page: Any, context: Any = None) -> list[Violation]:
    """Every violation axe finds on the page as it is now (or inside `context`, a
    CSS selector or axe context object), whatever its impact."""
    page.evaluate(axe_source())  # defines window.axe; not subject to the page's CSP
    results = page.evaluate(
        "([context, options]) => context ? axe.run(context, options) : axe.run(options)",
        [context, AXE_OPTIONS],
    )
    url = results.get("url") or page.url
    found = []
    for rule in results["violations"]:
        nodes = rule.get("nodes", [])
        found.append(
            Violation(
                rule=rule["id"],
                impact=rule.get("impact") or "unknown",
                help=rule.get("help", ""),
                help_url=rule.get("helpUrl", ""),
                url=url,
                targets=tuple(" ".join(map(str, node.get("target", []))) for node in nodes),
                snippets=tuple(node.get("html", "") for node in nodes),
            )
        )
    return found


def failing(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.failing]


def report(violations: list[Violation], where: str = "") -> str:
    """A readable account: the page, then each rule with its impact, help and elements."""
    if not violations:
        return f"{where or 'page'}: no axe violation"
    url = violations[0].url
    head = f"axe-core {axe_version()}: {len(violations)} violation(s) on {url}"
    if where:
        head += f" ({where})"
    return "\n".join([head, *(v.describe() for v in violations)])


def assert_accessible(page: Any, where: str = "") -> list[Violation]:
    """Fail on any serious or critical violation; return the milder ones (not failing)."""
    found = run_axe(page)
    bad = failing(found)
    if bad:
        raise AssertionError(report(bad, where))
    return found
