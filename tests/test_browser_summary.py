"""`make test` says in its summary when the browser tests were skipped (Chromium missing)."""

from __future__ import annotations

import pytest

SKIPPED_PAGE_TEST = """
import pytest
from tests.support.browser import NO_CHROMIUM

@pytest.mark.skipif(True, reason=NO_CHROMIUM)
def test_a_page():
    pass

@pytest.mark.skipif(True, reason="some other reason")
def test_another_skip():
    pass
"""


def test_skipped_browser_tests_are_named_in_the_summary(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SKIPPED_PAGE_TEST)
    result = pytester.runpytest("-q", "-p", "tests.support.browser")
    result.stdout.fnmatch_lines(["1 browser tests were SKIPPED: Chromium is missing*"])


def test_nothing_is_said_when_no_browser_test_was_skipped(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_a_page():\n    pass\n")
    result = pytester.runpytest("-q", "-p", "tests.support.browser")
    assert "browser tests were SKIPPED" not in result.stdout.str()
