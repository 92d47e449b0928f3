"""A real node (`tremplin run`, SQLite in tmp_path) and headless Chromium for browser journeys.

These fixtures never touch the test database: the node is a separate process with
its own data folder, and the browser talks to it over HTTP like anyone would.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.journey import Journey, fresh_dir, shots_dir_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VOCABULARY_FILE = Path(__file__).resolve().parents[2] / "profiles" / "vocabulary" / "concepts.json"
# A phone: what most young people use (the journeys of issue 12 use the smaller
# tests.browser.journey.phone_360(locale) instead: `new_phone(phone_360("ca-ES"))`).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
    "extra_http_headers": {"Accept-Language": "en-GB,en;q=0.9"},
}
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tremplin_command() -> str:
    path = Path(sys.executable).parent / "tremplin"
    if not path.exists():
        pytest.fail(f"No `tremplin` script next to {sys.executable}: run `make install` first.")
    return str(path)


@dataclass
class Node:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _wait_until_up(node: Node) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            pytest.fail(
                f"`tremplin run` exited with code {node.process.returncode} before answering.\n"
                f"Its log ({node.log}):\n{node.log_tail()}"
            )
        try:
            with urllib.request.urlopen(node.url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            pytest.fail(f"{node.url}/ answered {error.code}.\nLog:\n{node.log_tail()}")
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"`tremplin run` did not answer within {START_TIMEOUT}s.\nLog:\n{node.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    """Stop the node and its gunicorn worker (its own process group, started by us)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def node(tmp_path: Path) -> Iterator[Node]:
    """A fresh node, without demo people, on a free port; stopped afterwards, pass or fail."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        TREMPLIN_DATA_DIR=str(tmp_path / "data"),
        TREMPLIN_DOMAIN=f"127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = tmp_path / "node.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [tremplin_command(), "run", "--bind", f"127.0.0.1:{port}", "--no-demo"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    running = Node(url=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        _wait_until_up(running)
        yield running
    finally:
        _stop(process)


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: install Debian's `chromium` (`make chromium`).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep each phase's report on the test item, so fixtures know whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def shots_dir(request: pytest.FixtureRequest) -> Path:
    """This test's artefact folder ($TREMPLIN_SHOTS_DIR/<test name>/), emptied first."""
    return fresh_dir(shots_dir_for(request.node.name))


@pytest.fixture
def journey(request: pytest.FixtureRequest, shots_dir: Path) -> Iterator[Journey]:
    """`journey.step(page, "sign-up")`: a numbered full-page screenshot, then axe-core.

    axe fails the test on a serious or critical violation unless the test's module sets
    `AXE_ENFORCED = False` (then they are listed in axe.txt and a warning). axe.txt is
    written pass or fail.
    """
    steps = Journey(shots_dir, axe_enforced=getattr(request.module, "AXE_ENFORCED", True))
    try:
        yield steps
    finally:
        steps.finish()


@pytest.fixture
def new_phone(
    browser: Any, node: Node, request: pytest.FixtureRequest, shots_dir: Path
) -> Iterator[Any]:
    """Open a fresh phone-sized context (no cookies) on the node: `new_phone()` gives a
    page on the PHONE profile, `new_phone(phone_360("ro-RO"))` one on that device.

    When the test fails, every page is saved as a screenshot in the test's artefact
    folder and the end of the node's log is printed. Anything the
    Content-Security-Policy blocked on the way fails the test.
    """
    contexts = []
    blocked_by_policy: list[str] = []

    def note_policy_violation(message: Any) -> None:
        if "Content Security Policy" in message.text:
            blocked_by_policy.append(message.text)

    def open_page(device: dict[str, Any] | None = None) -> Any:
        context = browser.new_context(base_url=node.url, **(device or PHONE))
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", note_policy_violation)
        return page

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for number, context in enumerate(contexts, 1):
            for page in context.pages:
                shot = shots_dir / f"failure-context-{number}.png"
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(shot), full_page=True)
                    print(f"context {number} was at {page.url}: screenshot {shot}")
        print(f"End of the node's log ({node.log}):\n{node.log_tail()}")
    for context in contexts:
        context.close()
    # Every script, style and form of the journey worked under the node's CSP.
    assert not blocked_by_policy, blocked_by_policy


@dataclass
class VocabularyConcept:
    slug: str
    label: str


def shipped_concept(english_label: str, synonym: str) -> VocabularyConcept:
    """The shipped concept with this English label (or synonym), as the node loads it."""
    if not VOCABULARY_FILE.exists():
        pytest.fail(
            f"The shipped vocabulary {VOCABULARY_FILE} is missing: the tag pages have no concept."
        )
    data = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    concepts = data.get("concepts", [])
    for entry in concepts:
        if entry.get("labels", {}).get("en", "").casefold() == english_label.casefold():
            return VocabularyConcept(entry["slug"], entry["labels"]["en"])
    for entry in concepts:
        synonyms = [s.casefold() for s in entry.get("synonyms", {}).get("en", [])]
        if synonym.casefold() in synonyms and entry.get("labels", {}).get("en"):
            return VocabularyConcept(entry["slug"], entry["labels"]["en"])
    pytest.fail(
        f"No concept labelled {english_label!r} (or with the English synonym {synonym!r}) "
        f"in {VOCABULARY_FILE} ({len(concepts)} concepts)."
    )


@pytest.fixture
def cooking() -> VocabularyConcept:
    return shipped_concept("cooking", synonym="cook")
