"""Links we print into pages and emails: only http(s), so a stored ``javascript:`` never runs."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_url(url: str | None) -> str | None:
    """An http(s) address as it is; anything else (``javascript:``, ``data:``, garbage) dropped."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None
