"""The journeys' instruments: axe-core under the node's CSP, and screenshots kept as artefacts.

The checks the issue's proof relies on must be able to fail: axe is shown a real
serious fault on a real node page, and must name it; the Content-Security-Policy must
still block what it blocks while axe runs, so `new_phone`'s "nothing blocked" check
keeps its meaning.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from tests.browser.accessibility import assert_accessible, axe_version, report, run_axe
from tests.browser.conftest import PHONE
from tests.browser.journey import Journey, phone_360, shots_dir_for

pytestmark = pytest.mark.browser

# A text field with no label at all: axe's "label" rule, critical.
UNLABELLED_FIELD = """() => {
    const input = document.createElement('input');
    input.type = 'text';
    input.id = 'axe-probe';
    document.querySelector('main').append(input);
}"""


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_axe_runs_under_the_nodes_csp_and_names_a_serious_fault(new_phone: Any) -> None:
    page = new_phone(phone_360("fr-FR"))
    response = page.goto("/accounts/signup/")
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), (
        "the node's CSP is not on the page: this test would prove nothing"
    )
    assert axe_version()[0].isdigit(), f"no axe-core banner in axe.min.js: {axe_version()}"
    # Runs without bypass_csp; new_phone fails the test if the CSP blocked anything.
    run_axe(page)

    page.evaluate(UNLABELLED_FIELD)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "sign-up with a probe")
    message = str(failure.value)
    assert "label (critical)" in message, message
    assert "#axe-probe" in message, message
    assert "/accounts/signup/" in message, message
    assert "dequeuniversity.com" in message, message


def test_the_csp_still_blocks_inline_scripts_while_axe_is_used(browser: Any, node: Any) -> None:
    context = browser.new_context(base_url=node.url, **PHONE)
    try:
        page = context.new_page()
        blocked: list[str] = []
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto("/")
        run_axe(page)
        assert not blocked, f"running axe was blocked by the CSP: {blocked}"
        with pytest.raises(Exception):  # noqa: B017 - Playwright's error type varies
            page.add_script_tag(content="window.inlineRan = true;")
        page.wait_for_timeout(200)
        assert page.evaluate("window.inlineRan === undefined"), "an inline script ran"
        assert blocked, "the CSP did not report the inline script it refused"
    finally:
        context.close()


def test_each_step_keeps_a_360_px_screenshot_and_an_axe_account(
    new_phone: Any, tmp_path: Path
) -> None:
    page = new_phone(phone_360("ro-RO"))
    assert page.evaluate("navigator.language") == "ro-RO"
    steps = Journey(shots_dir_for("probe", root=tmp_path), axe_enforced=False)
    page.goto("/")
    first = steps.step(page, "Home page")
    assert first.name == "01-home-page.png"
    assert png_size(first)[0] == 360, f"the screenshot is {png_size(first)} px, not 360 wide"

    page.evaluate(UNLABELLED_FIELD)
    second = steps.step(page, "home with a probe")  # not enforced: recorded, not raised
    assert second.name == "02-home-with-a-probe.png"
    assert [v.rule for _, v in steps.failing_found()] == ["label"], report(
        [v for _, v in steps.found]
    )
    with pytest.warns(UserWarning, match="label"):
        steps.finish()
    account = (steps.directory / "axe.txt").read_text()
    assert "[home with a probe]" in account and "#axe-probe" in account, account

    steps.axe_enforced = True
    with pytest.raises(AssertionError, match="label"):
        steps.step(page, "enforced")
    assert (steps.directory / "03-enforced.png").exists(), "no screenshot of the failing step"
