#!/usr/bin/env python
"""Taps and fields from sign-up to a first published experience, and page weights.

    .venv/bin/python bench/journey_figures.py --path before bench/journey_figures_before.md
    .venv/bin/python bench/journey_figures.py --path after /tmp/journey_figures_after.md

Why: issue 12 asks for the effort a young person spends, on a phone, from the node's
home page to a first experience others can read, and for the weight of the pages on
the way, before and after its changes. Both are measured the same way each time, by a
script, so the two figures compare.

What it does:
1. Starts an empty node (`tremplin run --no-demo`, SQLite in a temporary data folder,
   a free port) and headless Chromium (Debian's /usr/bin/chromium) at 360 × 800.
2. Plays the minimal path a person must take (PATHS below, "before" = the pages of main
   470758e, "after" = the labels promised in CONTRACTS.md for issue 12), counting every
   interaction: each tap on a link or button (opening the sign-up page is one), each
   select, each box ticked, each field filled. Fields the node accepts empty and
   choices it preselects are left alone; that makes the figure a lower bound, the same
   rule for both paths. Steps marked "if shown" are played (and counted) only when
   their control is on the page; a target hidden behind a menu costs the tap on it.
3. Two checkpoints: "published" (the node holds a published experience of this person)
   and "seen" (another member, here a company person, opens it: HTTP 200 with its
   title). The figures are the counts when each was first reached.
4. Loads the demo people (`tremplin load_demo`) and weighs pages in fresh contexts
   with the cache disabled: bytes on the wire (bodies as sent + headers), HTML raw and
   gzip-compressed (level 6, computed here), CSS and JS, and the page height at 360 px.
5. Writes a markdown report to the file given; prints it too.

Needs the project's .venv (Playwright) and /usr/bin/chromium (`make chromium`).
Nothing is kept unless --keep (then the node's data folder and log are printed).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PHONE = {
    "viewport": {"width": 360, "height": 800},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
    "extra_http_headers": {"Accept-Language": "en-GB,en;q=0.9"},
}
PASSWORD = "a-long-bench-password-42"
ROLE_TITLE = "Kitchen helper"
STORY = "I washed the dishes and helped the cook."
START_TIMEOUT = 60


# --- the path ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing the person does. `target` is a link's or button's accessible name, a
    field's label, or a CSS selector (starting with # or .). `value` may hold
    {handle}, {email}, {name}, {password}, {birth_year}."""

    action: str  # tap | fill | select | check | choose | checkpoint
    target: str = ""
    value: str = ""
    role: str = "button"  # tap: "link" or "button"
    if_shown: bool = False  # done (and counted) only when the target is on the page
    if_empty: bool = False  # select: done (and counted) only when nothing is preselected


SIGN_UP_FORM = [
    Step("fill", "Handle", "{handle}"),
    Step("fill", "Name shown", "{name}"),
    Step("fill", "Email", "{email}"),
    Step("fill", "#id_password1", "{password}"),
    Step("fill", "#id_password2", "{password}"),
    # "I am" is preselected on "Young person".
    Step("select", "Birth month", "January"),
    Step("select", "Birth year", "{birth_year}"),
    Step("tap", "Create my account"),
]
# main 470758e: the header's "Sign up" link, in sight on the home page.
SIGN_UP = [Step("tap", "Sign up", role="link"), *SIGN_UP_FORM]
# issue 12: the home page's own button for visitors (the header's "Sign up" went into
# the compact menu, one more tap away).
SIGN_UP_FROM_HOME = [Step("tap", "Create my profile", role="link"), *SIGN_UP_FORM]
# The experience as the node requires it: organisation, place, other story parts and
# tags are optional; "Kind of experience" and "Language of this story" are preselected
# on main (then not counted), chosen and counted if a version asks for them.
EXPERIENCE = [
    Step("select", "Kind of experience", "Summer job", if_shown=True, if_empty=True),
    Step("select", "Language of this story", "English", if_shown=True, if_empty=True),
    Step("fill", "My role", ROLE_TITLE),
    Step("select", "Start month", "July"),
    Step("select", "Start year", "2024"),
    Step("check", "I still do it"),
    Step("fill", "What I did", STORY),
]
PATHS: dict[str, list[Step]] = {
    # main 470758e: sign-up lands on the new-experience editor; "Save and publish"
    # publishes at the default visibility (members) without showing it, but the profile
    # is still a draft, so nobody else can open the experience until the person finds
    # "Publish my profile" on "My profile" (its visibility is preselected: members).
    "before": [
        *SIGN_UP,
        *EXPERIENCE,
        Step("tap", "Save and publish"),
        Step("checkpoint"),
        Step("tap", "My profile", role="link"),
        Step("tap", "Publish my profile"),
        Step("checkpoint"),
    ],
    # issue 12 (CONTRACTS.md): maybe a checklist first, one form, "Publish" next to
    # "Who can see it", then "Publish both" when the profile is not published yet.
    "after": [
        *SIGN_UP_FROM_HOME,
        Step("tap", "Tell a first experience", role="link", if_shown=True),
        *EXPERIENCE,
        Step("choose", "Who can see it", "member", if_shown=True),
        Step("tap", "Publish"),
        Step("tap", "Publish both", if_shown=True),
        Step("checkpoint"),
    ],
}
# The button that sends the experience form for publication (the error page's weight).
PUBLISH_BUTTON = {"before": "Save and publish", "after": "Publish"}


@dataclass
class Counts:
    taps: int = 0  # links and buttons
    selects: int = 0
    checks: int = 0  # boxes and radio buttons
    fields: int = 0  # text fields filled
    pages: int = 0  # pages the person was shown (main-frame loads)

    @property
    def all_taps(self) -> int:
        return self.taps + self.selects + self.checks

    def copy(self) -> Counts:
        return Counts(self.taps, self.selects, self.checks, self.fields, self.pages)


@dataclass
class PathResult:
    done: list[tuple[str, str, str]] = field(default_factory=list)  # (action, target, note)
    published: Counts | None = None
    seen: Counts | None = None
    experience_url: str = ""


# --- the node ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Node:
    url: str
    env: dict[str, str]
    process: subprocess.Popen
    log: Path

    def manage(self, *args: str) -> str:
        """A `tremplin` management command on this node's data (same settings)."""
        done = subprocess.run(
            [tremplin(), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"tremplin {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout


def tremplin() -> str:
    path = Path(sys.executable).parent / "tremplin"
    if not path.exists():
        sys.exit(
            f"No `tremplin` next to {sys.executable}: run `make install`, use .venv/bin/python"
        )
    return str(path)


@contextlib.contextmanager
def running_node(data_dir: Path) -> Iterator[Node]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        TREMPLIN_DATA_DIR=str(data_dir / "data"),
        TREMPLIN_DOMAIN=f"127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    log = data_dir / "node.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [tremplin(), "run", "--bind", f"127.0.0.1:{port}", "--no-demo"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    node = Node(f"http://127.0.0.1:{port}", env, process, log)
    try:
        wait_until_up(node)
        yield node
    finally:
        stop(process)


def wait_until_up(node: Node) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            raise RuntimeError(f"the node exited:\n{node.log.read_text(errors='replace')}")
        with (
            contextlib.suppress(urllib.error.URLError, OSError),
            urllib.request.urlopen(node.url + "/", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the node did not answer in {START_TIMEOUT}s ({node.log})")


def stop(process: subprocess.Popen) -> None:
    """Stop the node we started (its own process group)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# --- playing the path -------------------------------------------------------------------


def visible(locator: Any) -> Any:
    return locator.filter(visible=True)


def locate(page: Any, step: Step) -> Any:
    if step.target.startswith(("#", ".")):
        return visible(page.locator(step.target))
    if step.action == "tap":
        return visible(page.get_by_role(step.role, name=step.target, exact=True))
    if step.action == "choose":
        group = page.get_by_role("group", name=step.target).or_(
            page.get_by_role("radiogroup", name=step.target)
        )
        return visible(group)
    # Not exact: Django's labels end with ":" (and may come to say "optional").
    return visible(page.get_by_label(step.target))


MENU = re.compile(r"^\s*(menu|more)\b", re.IGNORECASE)


def open_menu_for(page: Any, step: Step, counts: Counts, result: PathResult) -> bool:
    """A link hidden in a compact menu costs the tap that opens the menu.

    A menu opened for nothing (the target is not in it either) is closed again and
    not counted: the person would not have opened it.
    """
    menu = visible(page.locator("summary, button").filter(has_text=MENU))
    if menu.count() == 0:
        return False
    label = menu.first.inner_text().strip()
    menu.first.click()
    if locate(page, step).count() == 0:
        menu.first.click()  # close it again: it held nothing the person needed
        return False
    counts.taps += 1
    result.done.append(("tap", label, f"to reach {step.target!r}"))
    return True


def play(
    page: Any, steps: list[Step], values: dict[str, str], checkpoint: Callable[[], None]
) -> tuple[Counts, PathResult]:
    counts = Counts()
    result = PathResult()

    def loaded(_page: Any) -> None:
        counts.pages += 1

    page.on("load", loaded)
    for step in steps:
        if step.action == "checkpoint":
            checkpoint_counts = counts.copy()
            reached = checkpoint()
            if reached.get("published") and result.published is None:
                result.published = checkpoint_counts
            if reached.get("seen") and result.seen is None:
                result.seen = checkpoint_counts
                result.experience_url = reached["url"]
            continue
        target = locate(page, step)
        if target.count() == 0 and step.action == "tap":
            open_menu_for(page, step, counts, result)
            target = locate(page, step)
        if target.count() == 0:
            if step.if_shown:
                continue
            raise RuntimeError(
                f"step {step} failed: no such control on {page.url} (is --path right for "
                "this code? 'before' is main 470758e, 'after' the pages of issue 12)"
            )
        value = step.value.format(**values)
        if step.action == "tap":
            target.first.click()
            page.wait_for_load_state("load")
            counts.taps += 1
        elif step.action == "fill":
            target.first.fill(value)
            counts.fields += 1
        elif step.action == "select":
            if step.if_empty and target.first.input_value():
                continue
            target.first.select_option(label=value)
            counts.selects += 1
        elif step.action == "check":
            target.first.check()
            counts.checks += 1
        elif step.action == "choose":
            radios = target.first.get_by_role("radio")
            if any(radios.nth(i).is_checked() for i in range(radios.count())):
                result.done.append(("choose", step.target, "already chosen: no tap"))
                continue
            wanted = target.first.get_by_label(re.compile(value, re.IGNORECASE))
            (wanted if wanted.count() else radios).first.check()
            counts.checks += 1
        else:
            raise ValueError(step.action)
        result.done.append((step.action, step.target, ""))
        errors = page.locator(".errorlist, .error-summary")
        if step.action == "tap" and errors.count():
            raise RuntimeError(f"after {step}: {errors.all_inner_texts()} on {page.url}")
    return counts, result


# --- weighing pages ---------------------------------------------------------------------


@dataclass
class Weight:
    name: str
    path: str
    status: int
    html_raw: int
    html_gzip: int
    html_sent: int
    html_encoding: str
    css_raw: int
    css_gzip: int
    css_sent: int
    js_sent: int
    total_sent: int
    requests: int
    height: int


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def weigh(
    browser: Any,
    base: str,
    name: str,
    path: str,
    storage: dict | None = None,
    then: Callable[[Any], None] | None = None,
) -> Weight:
    """One page in a fresh context with the cache off: everything it needs is fetched."""
    context = browser.new_context(base_url=base, storage_state=storage, **PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        finished: list[Any] = []
        page.on("requestfinished", lambda request: finished.append(request))
        response = page.goto(path)
        if then is not None:
            page.wait_for_load_state("load")
            finished.clear()
            with page.expect_navigation() as navigation:
                then(page)
            response = navigation.value
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        documents = [r for r in finished if r.resource_type == "document"]
        document = documents[-1]
        html = document.response().body()
        sizes = {id(r): r.sizes() for r in finished}
        sheets = [r for r in finished if r.resource_type == "stylesheet"]
        scripts = [r for r in finished if r.resource_type == "script"]
        css = b"".join(r.response().body() for r in sheets)
        return Weight(
            name=name,
            path=path,
            status=response.status if response else 0,
            html_raw=len(html),
            html_gzip=gz(html),
            html_sent=sizes[id(document)]["responseBodySize"],
            html_encoding=document.response().headers.get("content-encoding", "none"),
            css_raw=len(css),
            css_gzip=gz(css) if css else 0,
            css_sent=sum(sizes[id(r)]["responseBodySize"] for r in sheets),
            js_sent=sum(sizes[id(r)]["responseBodySize"] for r in scripts),
            total_sent=sum(
                max(s["responseBodySize"], 0) + max(s["responseHeadersSize"], 0)
                for s in sizes.values()
            ),
            requests=len(finished),
            height=page.evaluate("document.documentElement.scrollHeight"),
        )
    finally:
        context.close()


# --- the run ----------------------------------------------------------------------------


def sign_up_observer(browser: Any, base: str) -> Any:
    """A company person (not counted) who checks that the experience can be opened."""
    context = browser.new_context(base_url=base, **PHONE)
    page = context.new_page()
    page.goto("/accounts/signup/")
    page.get_by_label("Handle").fill("observer_co")
    page.get_by_label("Name shown").fill("Observer Co")
    page.get_by_label("Email").fill("observer_co@example.org")
    page.get_by_label("I am").select_option(label="Organisation member")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_load_state("load")
    if page.locator(".errorlist").count():
        raise RuntimeError(
            f"observer sign-up refused: {page.locator('.errorlist').all_inner_texts()}"
        )
    return context


def first_link(page: Any, pattern: str, default: str) -> str:
    """The first link in the page's main content whose path matches `pattern`."""
    hrefs = page.locator("main a[href]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return next((h for h in hrefs if re.fullmatch(pattern, h or "")), default)


def published_experience(node: Node, handle: str) -> int | None:
    code = (
        "from profiles.models import Experience;"
        f"e = Experience.objects.filter(owner__handle={handle!r}, owner__domain='',"
        " published__isnull=False).order_by('pk').first();"
        "print(e.pk if e else '')"
    )
    out = node.manage("shell", "-c", code).strip().splitlines()
    return int(out[-1]) if out and out[-1].isdigit() else None


def run(path_name: str, keep: bool) -> str:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM}: `make chromium`.")
    workdir = Path(tempfile.mkdtemp(prefix="tremplin-journey-figures-"))
    handle = "figures_young"
    values = {
        "handle": handle,
        "name": "Figures Y.",
        "email": f"{handle}@example.org",
        "password": PASSWORD,
        "birth_year": str(datetime.date.today().year - 17),
    }
    try:
        with running_node(workdir) as node, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            observer = sign_up_observer(browser, node.url)
            observer_page = observer.new_page()

            def checkpoint() -> dict[str, Any]:
                pk = published_experience(node, handle)
                if pk is None:
                    return {}
                url = f"/@{handle}/experiences/{pk}/"
                answer = observer_page.goto(url)
                opens = bool(answer and answer.status == 200) and (
                    observer_page.get_by_text(ROLE_TITLE).count() > 0
                )
                answer = observer_page.goto(f"/@{handle}/")
                listed = bool(answer and answer.status == 200) and (
                    observer_page.locator(f"main a[href='{url}']").count() > 0
                )
                return {"published": True, "seen": opens and listed, "url": url}

            context = browser.new_context(base_url=node.url, **PHONE)
            page = context.new_page()
            page.goto("/")  # the person arrives on the node's home page: not counted
            counts, result = play(page, PATHS[path_name], values, checkpoint)
            young_storage = context.storage_state()
            context.close()

            node.manage("load_demo")
            anonymous = browser.new_context(base_url=node.url, **PHONE)
            look = anonymous.new_page()
            look.goto("/@lea/")
            tag_path = first_link(look, r"/tags/[\w-]+/", "/tags/")
            look.goto("/offers/")
            offer_path = first_link(look, r"/offers/\d+/", "/offers/")
            anonymous.close()

            def send_empty(page: Any) -> None:
                page.get_by_role("button", name=PUBLISH_BUTTON[path_name], exact=True).click()

            weights = [
                weigh(browser, node.url, "home", "/"),
                weigh(browser, node.url, "sign-up", "/accounts/signup/"),
                weigh(
                    browser,
                    node.url,
                    "experience editor, empty",
                    "/me/experiences/new/",
                    young_storage,
                ),
                weigh(
                    browser,
                    node.url,
                    "experience editor, with an error",
                    "/me/experiences/new/",
                    young_storage,
                    then=send_empty,
                ),
                weigh(browser, node.url, "public profile (demo: Léa)", "/@lea/"),
                weigh(browser, node.url, "offer page (demo)", offer_path),
                weigh(browser, node.url, "tag page (demo)", tag_path),
            ]
            version = browser.version
            observer.close()
            browser.close()
    finally:
        if keep:
            print(f"kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return markdown(path_name, counts, result, weights, version)


# --- the report -------------------------------------------------------------------------


def commit() -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    )
    return (done.stdout.strip() or "unknown") + (" (with local changes)" if dirty.stdout else "")


def count_row(label: str, counts: Counts | None) -> str:
    if counts is None:
        return f"| {label} | not reached | | | | | | |"
    return (
        f"| {label} | **{counts.all_taps}** | {counts.taps} | {counts.selects} | "
        f"{counts.checks} | **{counts.fields}** | **{counts.all_taps + counts.fields}** | "
        f"{counts.pages} |"
    )


def n(value: int) -> str:
    return f"{value:,}"


def markdown(
    path_name: str, counts: Counts, result: PathResult, weights: list[Weight], version: str
) -> str:
    lines = [
        f"# Journey figures: path {path_name!r}",
        "",
        f"Commit {commit()}, {datetime.date.today().isoformat()}, `bench/journey_figures.py "
        f"--path {path_name}`, Chromium {version} at 360 × 800, English, an empty node "
        "(`tremplin run --no-demo`, SQLite).",
        "",
        "## From the home page to a first published experience (a young person of 17)",
        "",
        "Taps = links and buttons + selects + boxes or radios; fields = text typed in a field. "
        "Only what the node requires (preselected choices and optional fields are left "
        "alone). *Published*: the node holds the experience as published. *Seen*: another "
        "member (a company person) opens it, and finds it on the person's profile page.",
        "",
        "| reached | taps | links/buttons | selects | ticks | fields | taps + fields | pages |",
        "|---|---|---|---|---|---|---|---|",
        count_row("published", result.published),
        count_row("seen by another member", result.seen),
        "",
        "Steps played:",
        "",
    ]
    for number, (action, target, note) in enumerate(result.done, 1):
        lines.append(f"{number}. {action} “{target}”" + (f" ({note})" if note else ""))
    lines += [
        "",
        "## Page weights",
        "",
        "Each page in a fresh browser context with the cache off. *Sent*: bytes on the wire "
        "(encoded body); *total*: every response's body and headers. HTML and CSS *gzip* are "
        "computed here (level 6), whatever the node sends. Demo data (`tremplin load_demo`) "
        "for the profile, offer and tag pages.",
        "",
        "| page | path | HTML raw | HTML gzip | HTML sent (encoding) | CSS raw | CSS gzip "
        "| CSS sent | JS sent | total sent (requests) | height at 360 px |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for w in weights:
        status = "" if w.status == 200 else f" ({w.status})"
        lines.append(
            f"| {w.name}{status} | `{w.path}` | {n(w.html_raw)} | {n(w.html_gzip)} | "
            f"{n(w.html_sent)} ({w.html_encoding}) | {n(w.css_raw)} | {n(w.css_gzip)} | "
            f"{n(w.css_sent)} | {n(w.js_sent)} | {n(w.total_sent)} ({w.requests}) | "
            f"{n(w.height)} |"
        )
    lines.append("")
    lines.append("Sizes in bytes.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", type=Path, help="markdown file to write")
    parser.add_argument(
        "--path",
        choices=sorted(PATHS),
        default="after",
        help="which labels to follow: 'before' (main 470758e) or 'after' (issue 12)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the node's data and log")
    options = parser.parse_args()
    text = run(options.path, options.keep)
    options.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
