"""Real headless Chromium for the page and email tests (Debian's, driven by Playwright).

The ``browser`` fixture is registered as a plugin by ``tests/conftest.py``; test modules skip
themselves with ``pytestmark = needs_chromium``. No browser is ever downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = "Debian chromium is not installed at /usr/bin/chromium (.ci/run installs it)"
ARTIFACTS = ROOT / "tests" / "artifacts"
# CI installs Chromium and sets GIVEBACK_REQUIRE_BROWSER=1: there a missing browser fails the
# browser tests instead of skipping them.
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("GIVEBACK_REQUIRE_BROWSER"),
    reason=NO_CHROMIUM,
)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say in the summary that the browser tests did not run, so `make test` never hides it."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if NO_CHROMIUM in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} browser tests were SKIPPED: Chromium is missing "
            "(sudo apt-get install chromium; GIVEBACK_REQUIRE_BROWSER=1 makes this a failure)",
            yellow=True,
            bold=True,
        )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for a module's tests (each test opens its own context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()
