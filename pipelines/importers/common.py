"""What every importer shares: the result type, refusals, stable ids and de-duplication."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from giveback.core.domain import CatalogRecord
from giveback.core.errors import ImportRefused

MAX_WARNINGS = 25
# Deliberately loose: local domains without a dot ("contact1@invalid") are real in old exports.
_EMAIL = re.compile(r"^[^@\s<>,;:\"]+@[^@\s<>,;:\".]+(\.[^@\s<>,;:\".]+)*$")
_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|trk|trkInfo)$", re.I)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What one import file yields: its format, its records, and what was skipped and why."""

    format: str
    records: tuple[CatalogRecord, ...]
    skipped: int
    warnings: tuple[str, ...]


def display_name(filename: str) -> str:
    """The file's own name, without the folders a caller passed along with it."""
    return PurePath(filename).name or filename or "the file"


def refuse(filename: str, reason: str) -> ImportRefused:
    """An :class:`ImportRefused` whose message is one sentence naming the file and the reason."""
    reason = reason.rstrip(".")
    return ImportRefused(f"Cannot import {display_name(filename)}: {reason}.")


def plural(count: int, one: str, many: str | None = None) -> str:
    """``"1 entry"``, ``"2 entries"``: a count with its noun."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def clean_space(text: str | None) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space and trim."""
    if not text:
        return ""
    # str.split() splits on exactly what ``\s`` matches (str.isspace), five times faster.
    return " ".join(text.split())


class _TextOnly(HTMLParser):
    """Collect the text of an HTML fragment, with block elements turned into line breaks."""

    _BLOCKS = frozenset({"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_html(fragment: str | None) -> str:
    """Plain text from an HTML fragment: tags dropped, entities decoded, whitespace tidied."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return clean_space(fragment)
    parser = _TextOnly()
    try:
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # HTMLParser is lenient, but a summary must never sink an import
        text = re.sub(r"<[^>]*>", " ", html.unescape(fragment))
    paragraphs = [clean_space(p) for p in text.split("\n")]
    return "\n".join(p for p in paragraphs if p)


def normalize_email(value: str | None) -> str | None:
    """A trimmed, lower-cased e-mail address, or None when ``value`` is not one."""
    if not value:
        return None
    email = value.strip().strip("<>").strip()
    if email.lower().startswith("mailto:"):
        email = email[7:]
    email = email.lower()
    return email if _EMAIL.match(email) else None


def normalize_url(value: str | None) -> str | None:
    """A canonical form of a web address for ids: scheme and host lower-cased, trackers dropped.

    Scheme-less addresses such as ``linkedin.com/in/x`` get ``https://``. The fragment is kept,
    because some feeds tell their items apart only by it.
    """
    if not value:
        return None
    url = value.strip()
    if not url or " " in url:
        return None
    if "://" not in url:
        if not re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", url, re.I):
            return None
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(_TRACKING_PARAMS.match(k) for k, _ in pairs):
        query = urlencode([(k, v) for k, v in pairs if not _TRACKING_PARAMS.match(k)])
    # The path is kept as written: "http://host" and "http://host/" stay two addresses, as feed
    # readers (and the OPML files they export) count them.
    scheme, host = parts.scheme.lower(), parts.netloc.lower()
    return urlunsplit((scheme, host, parts.path, query, parts.fragment))


def normalize_name(value: str | None) -> str:
    """A name folded for matching: Unicode-normalized, case-folded, single-spaced."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", value).casefold()
    text = re.sub(r"[\s,;]+", " ", text)
    return text.strip(" .-'\"")


def content_key(*parts: str | None) -> str:
    """A short stable hash of some text, for items that carry no id, url, email or name."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def contact_id(email: str | None, name: str | None, url: str | None = None) -> str | None:
    """The external id of a contact: by e-mail, else by profile url, else by normalized name."""
    if email:
        return f"email:{email}"
    if url:
        return f"url:{url}"
    folded = normalize_name(name)
    return f"name:{folded}" if folded else None


def split_tags(value: object) -> tuple[str, ...]:
    """Tags from a list or a ``;``/``,``-separated string, trimmed and without duplicates."""
    if value is None:
        return ()
    if isinstance(value, list | tuple | set):
        items = [str(v) for v in value if v is not None]
    else:
        text = str(value)
        items = re.split(r"[;,]" if ";" in text or "," in text else r"\s*\|\s*", text)
    tags: list[str] = []
    folded: set[str] = set()
    for item in items:
        tag = clean_space(item)
        if tag and tag.casefold() not in folded:
            folded.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


class RecordCollector:
    """Gathers records in file order, collapsing duplicates and keeping count of the skipped."""

    def __init__(self) -> None:
        self._records: dict[str, CatalogRecord] = {}
        self.skipped = 0
        self._warnings: list[str] = []
        self._extra_warnings = 0
        self.duplicates = 0

    def warn(self, message: str) -> None:
        """Record a warning; past :data:`MAX_WARNINGS` only their number is kept."""
        if len(self._warnings) < MAX_WARNINGS:
            self._warnings.append(message)
        else:
            self._extra_warnings += 1

    def skip(self, reason: str | None = None, count: int = 1) -> None:
        """Count ``count`` items of the file as skipped, with a warning saying why."""
        self.skipped += count
        if reason:
            self.warn(reason)

    def has(self, external_id: str) -> bool:
        """Whether a record with this id was already collected."""
        return external_id in self._records

    def get(self, external_id: str) -> CatalogRecord | None:
        """The record collected under this id, if any."""
        return self._records.get(external_id)

    def add(self, record: CatalogRecord, where: str = "") -> bool:
        """Add ``record``; a second record with the same id is skipped as a duplicate.

        ``where`` says where the record sits in the file ("line 6", "card 2") for the warning.
        """
        if record.external_id in self._records:
            self.duplicates += 1
            self.skip(f"{where or 'an item'}: duplicate of {record.external_id}, skipped")
            return False
        self._records[record.external_id] = record
        return True

    def __len__(self) -> int:
        return len(self._records)

    def result(self, fmt: str, warnings: list[str] | None = None) -> ParseResult:
        """The frozen result, with any leading warnings first."""
        notes = list(warnings or []) + self._warnings
        if self._extra_warnings:
            notes.append(f"... and {self._extra_warnings} more warnings")
        return ParseResult(fmt, tuple(self._records.values()), self.skipped, tuple(notes))
