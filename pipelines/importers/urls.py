"""A plain list of web addresses -> articles.

One address per line, optionally with a title: ``URL``, ``URL title``, ``URL - title``,
``title - URL``, ``title | URL``, ``title: URL``, tab-separated, or a Markdown link
``[title](URL)``, with or without a list bullet. Blank lines and ``#`` comments are ignored; a
line without an address is skipped with a warning. Nothing is fetched.
"""

from __future__ import annotations

import re

from giveback.core.domain import CatalogRecord, ItemType
from giveback.pipelines.importers.common import (
    ParseResult,
    RecordCollector,
    clean_space,
    normalize_url,
    refuse,
)
from giveback.pipelines.importers.decode import decode_bytes

URL_PATTERN = re.compile(r"https?://[^\s<>\"'`]+", re.I)
_MARKDOWN = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_TRAILING = ".,;:!?»"
_SEPARATORS = " \t-–—|:•*·>"


def _is_comment(line: str) -> bool:
    return line.startswith(("#", "//", ";"))


def split_line(line: str) -> tuple[str, str] | None:
    """The address and the title on one line, or None when the line holds no address."""
    markdown = _MARKDOWN.search(line)
    if markdown:
        return markdown.group(2), clean_space(markdown.group(1))
    match = URL_PATTERN.search(line)
    if not match:
        return None
    url = match.group(0)
    # Brackets belong to the address only when it opened them (Wikipedia-style paths).
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    before = line[: match.start()]
    after = line[match.start() + len(url) :]
    title = clean_space(
        before.strip(_SEPARATORS + "(<[") + " " + after.strip(_SEPARATORS + ")>].,;!?")
    )
    return url, title


def url_lines_share(text: str) -> tuple[int, int]:
    """How many content lines hold an address, out of how many content lines (for detection)."""
    lines = [line.strip() for line in text.splitlines()]
    content = [line for line in lines if line and not _is_comment(line)]
    with_url = sum(1 for line in content if URL_PATTERN.search(line))
    return with_url, len(content)


def parse_urls(data: bytes, filename: str) -> ParseResult:
    """Parse a list of addresses, with optional titles, into article records."""
    decoded = decode_bytes(data)
    collector = RecordCollector()
    notes = [f"the file is not UTF-8; read as {decoded.encoding}"] if decoded.guessed else []
    for number, raw in enumerate(decoded.text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line or _is_comment(line):
            continue
        found = split_line(line)
        normalized = normalize_url(found[0]) if found else None
        if not found or not normalized:
            collector.skip(f"line {number} holds no web address and was skipped")
            continue
        url, title = found
        record = CatalogRecord(
            external_id=f"url:{normalized}",
            type=ItemType.ARTICLE,
            title=title or url,
            url=url,
        )
        collector.add(record, where=f"line {number}")
    if not len(collector):
        raise refuse(
            filename, "it holds no web address (one http:// or https:// address per line expected)"
        )
    return collector.result("urls", notes)
