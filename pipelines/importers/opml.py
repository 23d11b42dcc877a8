"""OPML subscription lists (NetNewsWire, Feedly, Inoreader and others) -> one article per feed.

listparser reads OPML leniently: unescaped ampersands, missing end tags and odd attribute order
all come through. Without lxml it decodes the bytes it is given as UTF-8, so the file is decoded
here first (declared charset, BOM, UTF-8, detector) and handed over as UTF-8.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import listparser

from giveback.core.domain import CatalogRecord, ItemType
from giveback.pipelines.importers.common import (
    ParseResult,
    RecordCollector,
    clean_space,
    normalize_url,
    plural,
    refuse,
)
from giveback.pipelines.importers.decode import decode_bytes

_XML_URL = re.compile(r"""\bxmlUrl\s*=\s*["']\s*[^"'\s]""", re.I)
_OUTLINE = re.compile(r"<outline\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')""")
_DECLARED = re.compile(r"""(<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""", re.I)


def _outline_feeds(text: str) -> list[dict[str, object]]:
    """Feeds from every ``<outline ... xmlUrl=...>`` tag.

    This is the fallback for markup that listparser's parser cannot get through.
    """
    feeds: dict[str, dict[str, object]] = {}
    for tag in _OUTLINE.finditer(text):
        attrs = {
            m.group(1).lower(): html.unescape(m.group(3) if m.group(3) is not None else m.group(4))
            for m in _ATTRIBUTE.finditer(tag.group(0))
        }
        url = clean_space(attrs.get("xmlurl"))
        if url and url not in feeds:
            title = attrs.get("title") or attrs.get("text") or ""
            feeds[url] = {"url": url, "title": title, "categories": [], "tags": []}
    return list(feeds.values())


def parse_opml(data: bytes, filename: str) -> ParseResult:
    """Parse an OPML file into one article record per unique feed URL.

    The folders a feed sits in become its tags. Raises ImportRefused when the file holds no feed.
    """
    decoded = decode_bytes(data)
    # The text is now Unicode; a declaration naming another charset would mislead any parser
    # that honours it (listparser does when lxml is installed).
    text = _DECLARED.sub(r"\1utf-8\2", decoded.text, count=1)
    collector = RecordCollector()
    notes: list[str] = []
    fell_back = False
    parsed: Mapping[str, Any]  # listparser's own result type, or our fallback with its keys
    try:
        parsed = listparser.parse(text.encode("utf-8"))
    except Exception as error:  # its HTML-parser base raises on some damaged markup
        parsed = {"feeds": _outline_feeds(text), "bozo": True, "bozo_exception": error}
        fell_back = True
        notes.append(
            f"listparser could not read the file ({type(error).__name__}); feeds were taken "
            "from its outline elements directly, without folders"
        )
    if decoded.guessed:
        notes.append(f"the file declares no encoding and is not UTF-8; read as {decoded.encoding}")
    in_several_folders = 0
    for feed in parsed.get("feeds", []):
        raw_url = clean_space(feed.get("url"))
        url = normalize_url(raw_url.replace("feed://", "https://", 1))
        if not url:
            collector.skip(f"feed {raw_url!r} has no usable web address and was skipped")
            continue
        title = clean_space(feed.get("title")) or raw_url
        folders = ["/".join(path) for path in feed.get("categories") or [] if path]
        if len(folders) > 1:
            in_several_folders += 1
        tags = tuple(dict.fromkeys(tag for tag in feed.get("tags") or [] if tag))
        extra = {"feed_url": raw_url}
        if folders:
            extra["folders"] = "; ".join(folders)
        record = CatalogRecord(
            external_id=f"url:{url}",
            type=ItemType.ARTICLE,
            title=title,
            text=f"Feed in {', '.join(folders)}" if folders else "",
            url=raw_url,
            tags=tags,
            extra=extra,
        )
        collector.add(record, where=f"feed {title!r}")
    if not len(collector):
        if parsed.get("bozo") and not parsed.get("version"):
            raise refuse(filename, "it is not a readable OPML subscription list")
        raise refuse(
            filename, "the OPML file lists no feed subscriptions (no outline has an xmlUrl)"
        )
    # listparser merges a feed listed in several folders into one entry; count the extra
    # listings as skipped duplicates, as every other importer does.
    listed = len(_XML_URL.findall(text))
    repeats = max(0, listed - len(collector) - collector.skipped)
    if repeats:
        collector.skip(
            f"{plural(repeats, 'feed')} listed more than once "
            f"({plural(in_several_folders, 'feed')} in several folders) imported once",
            repeats,
        )
    if parsed.get("bozo") and not fell_back:  # the fallback has said so already
        problem = parsed.get("bozo_exception")
        notes.append(f"the OPML file is not well-formed ({problem}); read leniently")
    return collector.result("opml", notes)
