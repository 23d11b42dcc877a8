"""Only http(s) links reach a page or an email."""

from __future__ import annotations

import pytest

from giveback.service.urls import safe_url


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("  http://example.org  ", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,x", None),
        ("//example.org", None),
        ("example.org", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_links_are_kept(url: str | None, kept: str | None) -> None:
    assert safe_url(url) == kept
