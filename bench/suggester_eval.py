#!/usr/bin/env python
"""How well the story-to-skills suggester finds what a recruiter looks for (issue 13).

    .venv/bin/python bench/suggester_eval.py /tmp/suggester.md            # report, printed too
    .venv/bin/python bench/suggester_eval.py /tmp/suggester.md --details  # + per-story slugs
    .venv/bin/python bench/suggester_eval.py out.md --no-new-concepts     # shipped vocabulary only

Why: the suggester was judged by its authors ("it proposes the right tags"); the issue asks
for figures measured from outside, on stories written the way young people with little
schooling write. `suggester_eval/stories.json` holds those stories, each with the concepts a
recruiter would expect (chosen before looking at any suggestion); `new_concepts.json` holds
the expected concepts the shipped vocabulary lacks, in the concepts.json format, loaded here
so that a missing concept counts as a miss of the suggester, not of the evaluation.

The script runs the app's own code on a throwaway SQLite database (TREMPLIN_DATA_DIR in a
temporary folder, DATABASE_URL and REDIS_URL ignored): migrate (which loads the shipped
vocabulary), then `profiles.vocabulary.loader.sync_vocabulary` on the shipped file merged
with new_concepts.json, then `profiles.tagging.suggest_from_text(text, language, limit=8)`
per story (with `kind=` too when the function accepts it). Figures per language and overall:

- recall@8: share of the expected concepts found among the <= 8 suggestions, averaged over
  stories;
- precision@8: share of the suggestions that are expected, averaged over stories, a story
  with no suggestion counting 0; also the same average over stories with a suggestion;
- stories with no suggestion, mean suggestions per story;
- time per story: median and p95 of warm calls (one warm-up pass, then 5 timed passes).

Targets (issue 13): recall@8 >= 0.6 and precision@8 >= 0.7 in every language, < 50 ms.
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "suggester_eval"
STORIES = DATA / "stories.json"
NEW_CONCEPTS = DATA / "new_concepts.json"
LANGUAGES = ["fr", "es", "ca", "it", "ro", "en"]
LIMIT = 8
REPETITIONS = 5
TARGET_RECALL, TARGET_PRECISION, TARGET_MS = 0.6, 0.7, 50.0


@dataclass
class Outcome:
    """One story's suggestions against what a recruiter expects."""

    story: dict
    suggested: list[str]
    times_ms: list[float] = field(default_factory=list)

    @property
    def expected(self) -> list[str]:
        return self.story["expected"]

    @property
    def hits(self) -> int:
        return len(set(self.suggested) & set(self.expected))

    @property
    def recall(self) -> float:
        return self.hits / len(self.expected)

    @property
    def precision(self) -> float:
        return self.hits / len(self.suggested) if self.suggested else 0.0


def setup_django(data_dir: Path) -> None:
    """A throwaway node: SQLite in `data_dir`, no Redis, migrated quietly."""
    sys.path.insert(0, str(ROOT))
    os.environ["TREMPLIN_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "node.settings")
    import django
    from django.core.management import call_command

    django.setup()
    logging.getLogger("profiles.vocabulary.loader").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)


def load_new_concepts(data_dir: Path) -> list[str]:
    """Add the evaluation's extra concepts through the app's own loader; returns their slugs.

    The loader makes the label table match one file, so the shipped vocabulary and the
    extra concepts are merged into one file first. A slug the shipped vocabulary already
    has is left as shipped (the vocabulary may grow to include it)."""
    from profiles.vocabulary.loader import VOCABULARY_FILE, read_vocabulary, sync_vocabulary

    shipped = read_vocabulary(VOCABULARY_FILE)
    extra = json.loads(NEW_CONCEPTS.read_text(encoding="utf-8"))
    known = {entry["slug"] for entry in shipped["concepts"]}
    added = [entry for entry in extra["concepts"] if entry["slug"] not in known]
    merged = dict(shipped)
    merged["groups"] = {**extra.get("groups", {}), **shipped["groups"]}
    merged["concepts"] = shipped["concepts"] + added
    path = data_dir / "concepts_with_eval.json"
    path.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    sync_vocabulary(path)
    return [entry["slug"] for entry in added]


def suggester():
    """`suggest_from_text` as a function of a story, passing its kind when it is accepted."""
    from profiles.tagging import suggest_from_text

    takes_kind = "kind" in inspect.signature(suggest_from_text).parameters

    def suggest(story: dict) -> list[str]:
        extra = {"kind": story["kind"]} if takes_kind else {}
        found = suggest_from_text(story["text"], story["language"], limit=LIMIT, **extra)
        return [getattr(item, "slug", None) or item[0].slug for item in found]

    suggest.takes_kind = takes_kind  # type: ignore[attr-defined]
    return suggest


def evaluate(stories: list[dict]) -> tuple[list[Outcome], bool]:
    suggest = suggester()
    outcomes = [Outcome(story, suggest(story)) for story in stories]  # also the warm-up pass
    for _ in range(REPETITIONS):
        for outcome in outcomes:
            start = time.perf_counter()
            suggest(outcome.story)
            outcome.times_ms.append((time.perf_counter() - start) * 1000)
    return outcomes, suggest.takes_kind  # type: ignore[attr-defined]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def row(label: str, outcomes: list[Outcome]) -> str:
    n = len(outcomes)
    with_any = [o for o in outcomes if o.suggested]
    recall = sum(o.recall for o in outcomes) / n
    precision = sum(o.precision for o in outcomes) / n
    precision_any = sum(o.precision for o in with_any) / len(with_any) if with_any else 0.0
    times = [t for o in outcomes for t in o.times_ms]
    mean_suggested = sum(len(o.suggested) for o in outcomes) / n
    ok = recall >= TARGET_RECALL and precision >= TARGET_PRECISION
    return (
        f"| {label} | {n} | {recall:.2f} | {precision:.2f} | {precision_any:.2f} "
        f"| {n - len(with_any)} | {mean_suggested:.2f} | {statistics.median(times):.1f} "
        f"| {percentile(times, 0.95):.1f} | {'yes' if ok else 'no'} |"
    )


def git_commit() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "?"
    return commit + (" (with uncommitted changes)" if git("status", "--porcelain") else "")


def report(outcomes: list[Outcome], added: list[str], takes_kind: bool, details: bool) -> str:
    by_language = {lang: [o for o in outcomes if o.story["language"] == lang] for lang in LANGUAGES}
    expected = sum(len(o.expected) for o in outcomes)
    lines = [
        "# Story to skills: suggester evaluation",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, SQLite (throwaway database)",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- commit: {git_commit()}",
        f"- stories: {len(outcomes)} ({STORIES.relative_to(ROOT)}), {expected} expected "
        f"concepts; {len(added)} concepts added from {NEW_CONCEPTS.relative_to(ROOT)}",
        f"- call: `profiles.tagging.suggest_from_text(text, language, limit={LIMIT}"
        f"{', kind=kind' if takes_kind else ''})`",
        "",
        "| language | stories | recall@8 | precision@8 | precision@8 (stories with a "
        "suggestion) | no suggestion | suggestions per story | median ms | p95 ms | target met |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(row(lang, by_language[lang]) for lang in LANGUAGES if by_language[lang]),
        row("**all**", outcomes),
        "",
        f"Targets: recall@8 >= {TARGET_RECALL} and precision@8 >= {TARGET_PRECISION} in every "
        f"language, under {TARGET_MS:.0f} ms per story. Recall and precision are averaged over "
        "stories; a story with no suggestion counts precision 0 (the column after it leaves "
        f"those stories out). Times: one warm-up pass, then {REPETITIONS} timed passes over "
        "every story, in-process.",
    ]
    if details:
        lines += ["", "## Per story", ""]
        for o in outcomes:
            found = [s for s in o.suggested if s in o.expected]
            wrong = [s for s in o.suggested if s not in o.expected]
            missed = [s for s in o.expected if s not in o.suggested]
            lines += [
                f"- **{o.story['id']}** ({o.story['kind']}) {o.story['title']}: "
                f"recall {o.recall:.2f}, precision {o.precision:.2f}",
                f"  - suggested: {', '.join(o.suggested) or '(none)'}",
                f"  - expected: {', '.join(o.expected)}",
                f"  - found: {', '.join(found) or '-'}; not expected: {', '.join(wrong) or '-'}; "
                f"missed: {', '.join(missed) or '-'}",
            ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="where to write the markdown report")
    parser.add_argument("--details", action="store_true", help="list each story's slugs")
    parser.add_argument(
        "--no-new-concepts",
        action="store_true",
        help="shipped vocabulary only (stories whose "
        "expected concepts are not in it can then not reach full recall)",
    )
    args = parser.parse_args()
    stories = json.loads(STORIES.read_text(encoding="utf-8"))["stories"]
    with tempfile.TemporaryDirectory(prefix="suggester_eval_") as tmp:
        data_dir = Path(tmp)
        setup_django(data_dir)
        added = [] if args.no_new_concepts else load_new_concepts(data_dir)
        from profiles.models import Concept

        known = set(Concept.objects.values_list("slug", flat=True))
        unknown = sorted({s for story in stories for s in story["expected"]} - known)
        if unknown and not args.no_new_concepts:
            sys.exit(f"expected concepts in no vocabulary: {', '.join(unknown)}")
        outcomes, takes_kind = evaluate(stories)
    text = report(outcomes, added, takes_kind, args.details)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
