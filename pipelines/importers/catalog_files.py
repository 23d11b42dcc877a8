"""Our own catalog files: JSON Lines (or a JSON array) and CSV with id,type,title,text,url,tags.

Each item needs a ``type`` (article, contact or offer) and a ``title``; ``id``, ``text``,
``url``, ``tags`` (a list, or a ``;``/``,``-separated string), ``email``, ``aliases`` and
``published`` (YYYY-MM-DD) are optional, and any other column is kept in ``extra``. An item
without an id gets one derived from its url, e-mail or title. Bad lines are skipped with a
warning; a file with no good item is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from giveback.core.domain import CatalogRecord, ItemType
from giveback.core.textio import JSONTooDeep, parse_json
from giveback.pipelines.importers.common import (
    ParseResult,
    RecordCollector,
    clean_space,
    contact_id,
    content_key,
    normalize_email,
    normalize_name,
    normalize_url,
    refuse,
    split_tags,
)
from giveback.pipelines.importers.decode import decode_bytes
from giveback.pipelines.importers.tabular import find_table, fold

KNOWN_KEYS = frozenset(
    {"id", "type", "title", "name", "text", "url", "tags", "email", "aliases", "published"}
)
_TYPE_ALIASES = {
    "person": "contact",
    "people": "contact",
    "articles": "article",
    "contacts": "contact",
    "offers": "offer",
    "link": "article",
}


def _published(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    text = clean_space(str(value)) if value is not None else ""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def record_from_mapping(item: Mapping[str, Any]) -> CatalogRecord | str:
    """A record from one JSON object or CSV row, or the reason it cannot be one."""
    data = {fold(str(k)): v for k, v in item.items() if k is not None}
    raw_type = fold(str(data.get("type") or ""))
    raw_type = _TYPE_ALIASES.get(raw_type, raw_type)
    if not raw_type:
        return "has no type"
    try:
        kind = ItemType(raw_type)
    except ValueError:
        return f"has the unknown type {raw_type!r} (article, contact or offer)"
    title = clean_space(str(data.get("title") or data.get("name") or ""))
    if not title:
        return "has no title"
    text = str(data.get("text") or "").strip()
    url = normalize_url(str(data.get("url") or "")) and clean_space(str(data.get("url")))
    email = normalize_email(str(data.get("email") or ""))
    aliases = split_tags(data.get("aliases"))
    own_id = clean_space(str(data.get("id"))) if data.get("id") not in (None, "") else ""
    if own_id:
        external_id = own_id
    elif kind is ItemType.ARTICLE:
        normalized = normalize_url(url)
        external_id = f"url:{normalized}" if normalized else f"text:{content_key(title, text)}"
    elif kind is ItemType.CONTACT:
        external_id = contact_id(email, title) or f"name:{normalize_name(title)}"
    else:
        external_id = f"offer:{normalize_name(title)}"
    extra = {
        key: clean_space(str(value))
        for key, value in data.items()
        if key not in KNOWN_KEYS and value not in (None, "") and not isinstance(value, dict | list)
    }
    return CatalogRecord(
        external_id=external_id,
        type=kind,
        title=title,
        text=text,
        url=url or None,
        tags=split_tags(data.get("tags")),
        email=email,
        aliases=aliases,
        published=_published(data.get("published")),
        extra=extra,
    )


def _collect(
    items: Iterable[tuple[str, Mapping[str, Any] | str]], fmt: str, filename: str, notes: list[str]
) -> ParseResult:
    collector = RecordCollector()
    for where, item in items:
        if isinstance(item, str):
            collector.skip(f"{where} {item} and was skipped")
            continue
        made = record_from_mapping(item)
        if isinstance(made, str):
            collector.skip(f"{where} {made} and was skipped")
            continue
        collector.add(made, where=where)
    if not len(collector):
        raise refuse(filename, "it holds no catalog item (each needs a type and a title)")
    return collector.result(fmt, notes)


def _json_items(text: str) -> list[tuple[str, Mapping[str, Any] | str]] | None:
    """Items of a whole-file JSON array (or ``{"items": [...]}``), or None if it is not one.

    JSON nested too deeply to read raises :class:`JSONTooDeep`.
    """
    try:
        whole = parse_json(text)
    except JSONTooDeep:
        raise
    except ValueError:
        return None
    if isinstance(whole, dict) and isinstance(whole.get("items"), list):
        whole = whole["items"]
    elif isinstance(whole, dict):
        whole = [whole]
    if not isinstance(whole, list):
        return None
    return [
        (f"item {i}", obj if isinstance(obj, dict) else "is not a JSON object")
        for i, obj in enumerate(whole, start=1)
    ]


def parse_jsonl(data: bytes, filename: str) -> ParseResult:
    """Parse JSON Lines (one object per line) or a JSON array of objects into records."""
    decoded = decode_bytes(data)
    text = decoded.text.lstrip("\ufeff")
    notes = [f"the file is not UTF-8; read as {decoded.encoding}"] if decoded.guessed else []
    try:
        items = _json_items(text) if text.lstrip().startswith("[") else None
        if items is None:
            items = _jsonl_items(text)
    except JSONTooDeep as exc:
        raise refuse(filename, str(exc)) from None
    if items is None:
        raise refuse(filename, "it is not JSON Lines: no line holds a JSON object")
    return _collect(items, "jsonl", filename, notes)


def _jsonl_items(text: str) -> list[tuple[str, Mapping[str, Any] | str]] | None:
    """Items of JSON Lines, one per line; a file no line of which parses is tried whole."""
    items: list[tuple[str, Mapping[str, Any] | str]] = []
    parsed_any = False
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = parse_json(line)
        except JSONTooDeep as exc:
            items.append((f"line {number}", f"is not read: {exc}"))
            continue
        except ValueError:
            items.append((f"line {number}", "is not valid JSON"))
            continue
        parsed_any = True
        items.append((f"line {number}", obj if isinstance(obj, dict) else "is not an object"))
    return items if parsed_any else _json_items(text)


def parse_catalog_csv(data: bytes, filename: str) -> ParseResult:
    """Parse our CSV layout (a header with at least ``type`` and ``title``) into records."""
    decoded = decode_bytes(data)
    table = find_table(decoded.text)
    if table is None or table.kind != "csv":
        raise refuse(
            filename,
            "it is not a catalog CSV: the header needs the columns type and "
            "title (and optionally id, text, url, tags)",
        )
    notes = [f"the file is not UTF-8; read as {decoded.encoding}"] if decoded.guessed else []
    items: list[tuple[str, Mapping[str, Any] | str]] = []
    for offset, row in enumerate(table.rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        where = f"row {table.header_line + 1 + offset}"
        items.append((where, dict(zip(table.header, row, strict=True))))
    return _collect(items, "csv", filename, notes)
