"""Import files -> catalog records: the parsing layer of ``giveback catalog import``.

``parse_file(data, filename)`` recognises the format from the content (see
:mod:`giveback.pipelines.importers.detect`), parses it with the importer for its family and returns
a
:class:`ParseResult`. Files a good importer refuses raise
:class:`giveback.core.errors.ImportRefused` with one sentence naming the file and the reason; files
that are damaged but recoverable yield what could be read, with ``skipped`` and ``warnings``.

Every record's ``external_id`` is stable across re-imports of the same file: the id the file
gives (our own JSONL/CSV, a feed entry's guid), else one derived from the url
(``url:https://...``), the e-mail (``email:maria@example.com``) or the normalized name
(``name:maria lopez``). Duplicates within one file collapse to one and count as skipped.

Nothing here touches the network, the store or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable

from giveback.core.errors import InvalidInput
from giveback.pipelines.importers.catalog_files import parse_catalog_csv, parse_jsonl
from giveback.pipelines.importers.common import ParseResult, refuse
from giveback.pipelines.importers.contacts_csv import parse_contacts_csv
from giveback.pipelines.importers.detect import FORMATS, detect_format
from giveback.pipelines.importers.feeds import parse_feed
from giveback.pipelines.importers.opml import parse_opml
from giveback.pipelines.importers.urls import parse_urls
from giveback.pipelines.importers.vcard import parse_vcard

__all__ = ["FORMATS", "MAX_FILE_BYTES", "ParseResult", "detect_format", "parse_file"]

MAX_FILE_BYTES = 100 * 1024 * 1024

# Names people (and the manifest of the test corpus) use for the same formats.
FORMAT_ALIASES = {
    "rdf": "rss",
    "linkedin-csv": "linkedin",
    "google": "google-csv",
    "outlook": "outlook-csv",
    "vcf": "vcard",
    "json": "jsonl",
    "ndjson": "jsonl",
    "url": "urls",
    "txt": "urls",
}

_PARSERS: dict[str, Callable[[bytes, str], ParseResult]] = {
    "jsonl": parse_jsonl,
    "csv": parse_catalog_csv,
    "linkedin": lambda data, name: parse_contacts_csv(data, name, "linkedin"),
    "google-csv": lambda data, name: parse_contacts_csv(data, name, "google-csv"),
    "outlook-csv": lambda data, name: parse_contacts_csv(data, name, "outlook-csv"),
    "vcard": parse_vcard,
    "rss": lambda data, name: parse_feed(data, name, "rss"),
    "atom": lambda data, name: parse_feed(data, name, "atom"),
    "opml": parse_opml,
    "urls": parse_urls,
}


def canonical_format(fmt: str) -> str:
    """The canonical name of a format or alias; raises InvalidInput for an unknown one."""
    name = (fmt or "auto").strip().lower()
    name = FORMAT_ALIASES.get(name, name)
    if name != "auto" and name not in _PARSERS:
        raise InvalidInput(
            f"Unknown import format {fmt!r}; use auto or one of: {', '.join(FORMATS)}."
        )
    return name


def parse_file(data: bytes, filename: str, fmt: str = "auto") -> ParseResult:
    """Parse one import file into catalog records.

    ``fmt`` is ``auto`` (recognise from the content) or one of :data:`FORMATS`. Raises
    ImportRefused for a file to refuse as a whole, InvalidInput for an unknown ``fmt``.
    """
    name = canonical_format(fmt)
    if len(data) > MAX_FILE_BYTES:
        raise refuse(filename, f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if not data.strip(b" \t\r\n\x00"):
        raise refuse(filename, "the file is empty")
    if name == "auto":
        name = detect_format(data, filename)
    return _PARSERS[name](data, filename)
