"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds -> articles, read with feedparser.

feedparser decodes by the declared charset, the byte order mark and its own fallbacks, and it
recovers entries from feeds that are not well-formed XML ("bozo" feeds). A feed it recovered
entries from imports them with a warning; a feed with no usable entry is refused.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import replace
from datetime import date
from typing import Any

import feedparser

from giveback.core.domain import CatalogRecord, ItemType
from giveback.pipelines.importers.common import (
    ParseResult,
    RecordCollector,
    clean_space,
    content_key,
    normalize_url,
    plural,
    refuse,
    split_tags,
    strip_html,
)
from giveback.pipelines.importers.decode import decode_bytes

MAX_TEXT = 2000
TITLE_FROM_TEXT = 90


def _entry_date(entry: Any) -> tuple[date | None, str | None]:
    """The entry's publication date (else its update date), and a timestamp to tell twins apart."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday), time.strftime(
                    "%Y%m%dT%H%M%SZ", parsed
                )
            except (ValueError, TypeError):
                continue
    return None, None


def _as_text(value: str | None, detail: Any) -> str:
    """Plain text of a feed field: HTML is stripped, text/plain is only tidied.

    Stripping plain text as HTML would drop a literal "<" and what follows it.
    """
    content_type = (detail or {}).get("type") or "text/html"
    if "html" in content_type:
        return strip_html(value)
    paragraphs = (clean_space(line) for line in (value or "").split("\n"))
    return "\n".join(p for p in paragraphs if p)


def _entry_text(entry: Any) -> str:
    """The summary as plain text, else the first content block; long texts are cut."""
    text = _as_text(entry.get("summary"), entry.get("summary_detail"))
    if not text:
        for block in entry.get("content") or []:
            text = _as_text(block.get("value"), block)
            if text:
                break
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1].rsplit(" ", 1)[0] + "…"
    return text


def _shorten(text: str, limit: int = TITLE_FROM_TEXT) -> str:
    first = clean_space(text.split("\n", 1)[0])
    if len(first) <= limit:
        return first
    return first[: limit - 1].rsplit(" ", 1)[0] + "…"


def _entry_record(entry: Any, feed_title: str) -> tuple[CatalogRecord, str | None] | None:
    """One entry as an article record and its timestamp, or None when it holds nothing usable."""
    link = (entry.get("link") or "").strip()
    url = link if normalize_url(link) else None
    text = _entry_text(entry)
    title = _as_text(entry.get("title"), entry.get("title_detail")).replace("\n", " ")
    published, stamp = _entry_date(entry)
    guid = clean_space(entry.get("id"))
    if not (title or url or text or guid or published):
        return None  # an element with nothing in it, as left by a truncated file
    if not title:
        fallback = f"Untitled entry of {published.isoformat()}" if published else "Untitled entry"
        title = _shorten(text) if text else (url or guid or fallback)
    if guid and guid != link:
        external_id = f"guid:{guid}"
    elif url:
        external_id = f"url:{normalize_url(url)}"
    elif guid:
        external_id = f"guid:{guid}"
    else:
        external_id = f"text:{content_key(title, text, stamp)}"
    extra: dict[str, str] = {}
    if feed_title:
        extra["feed"] = feed_title
    author = clean_space(entry.get("author"))
    if author:
        extra["author"] = author
    if guid:
        extra["guid"] = guid
    enclosures = [e.get("href") for e in entry.get("enclosures") or [] if e.get("href")]
    if enclosures:
        extra["enclosure"] = enclosures[0]
    tags = split_tags([t.get("term") for t in entry.get("tags") or [] if t.get("term")])
    record = CatalogRecord(
        external_id=external_id,
        type=ItemType.ARTICLE,
        title=title,
        text=text,
        url=url,
        tags=tags,
        published=published,
        extra=extra,
    )
    return record, stamp


def _same_item(a: CatalogRecord, b: CatalogRecord) -> bool:
    return (a.title, a.text, a.url, a.published) == (b.title, b.text, b.url, b.published)


def _bozo_reason(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    message = str(error).strip() if error else ""
    if error is None:
        return "malformed XML"
    message = re.sub(r"^<unknown>:(\d+):\d+:\s*", r"line \1: ", message)
    return message or type(error).__name__


def _feedparser(data: bytes, filename: str) -> Any:
    """feedparser's result for ``data``.

    feedparser's own decoding raises on some damaged bytes (a declared encoding name that is not
    UTF-8 itself); the feed is then decoded here and handed over as UTF-8.
    """
    # A stream, never raw bytes or str: feedparser treats those as a path or URL to open.
    try:
        return feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=True)
    except Exception:  # feedparser raises from deep inside on some damaged prefixes
        text = decode_bytes(data).text
        text = re.sub(r"(<\?xml[^>]*?encoding\s*=\s*[\"'])[^\"']*", r"\1utf-8", text, count=1)
    try:
        return feedparser.parse(io.BytesIO(text.encode("utf-8")), sanitize_html=False)
    except Exception as error:
        raise refuse(filename, f"it is not a readable feed ({type(error).__name__})") from error


def parse_feed(data: bytes, filename: str, fmt: str = "rss") -> ParseResult:
    """Parse an RSS, RDF or Atom feed into article records.

    Raises ImportRefused when the file is not a feed or no entry can be recovered from it.
    """
    parsed = _feedparser(data, filename)
    version = parsed.get("version") or ""
    out_fmt = "atom" if version.startswith("atom") else ("rss" if version else fmt)
    feed = parsed.get("feed") or {}
    feed_title = _as_text(feed.get("title"), feed.get("title_detail")).replace("\n", " ")
    collector = RecordCollector()
    notes: list[str] = []
    unusable = 0
    for position, entry in enumerate(parsed.entries, start=1):
        made = _entry_record(entry, feed_title)
        if made is None:
            unusable += 1
            continue
        record, stamp = made
        if not (record.url or record.text or entry.get("title")):
            notes.append(
                f"entry {position} has no title, link or text; imported as '{record.title}'"
            )
        existing = collector.get(record.external_id)
        if existing is not None and not _same_item(existing, record):
            # Two different entries under one id (feeds reuse a permalink for several posts of a
            # day): keep both, told apart by their timestamp, else by their content.
            suffix = stamp or content_key(record.title, record.text)
            candidate = f"{record.external_id}@{suffix}"
            if collector.has(candidate):
                candidate = f"{record.external_id}@{content_key(record.title, record.text)}"
            notes.append(
                f"entry {position} shares the id {record.external_id} with another "
                f"entry; imported as {candidate}"
            )
            record = replace(record, external_id=candidate)
        collector.add(record, where=f"entry {position}")
    if not len(collector):
        if parsed.get("bozo"):
            raise refuse(
                filename,
                f"it is not a readable feed ({_bozo_reason(parsed)}) and no entry could be "
                "recovered from it",
            )
        if not version:
            raise refuse(filename, "it is not an RSS or Atom feed")
        raise refuse(filename, "the feed has no entries")
    if unusable:
        collector.skip(f"{unusable} empty entries were skipped", unusable)
    error = parsed.get("bozo_exception")
    if parsed.get("bozo") and error is not None:
        if type(error).__name__ == "CharacterEncodingOverride":
            notes.insert(
                0,
                "the feed is not in the encoding it declares (UTF-8 when it declares "
                f"none); read as {parsed.encoding}",
            )
        else:
            notes.insert(
                0,
                f"the feed is not well-formed ({_bozo_reason(parsed)}); "
                f"{plural(len(collector), 'entry', 'entries')} recovered leniently",
            )
    return collector.result(out_fmt, notes)
