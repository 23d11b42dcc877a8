"""Recognise an import file's format from its content; the file name is only a last hint.

An OPML export may be called ``.xml``, a feed ``.rss``, ``.atom``, ``.rdf`` or ``.xml``, a
LinkedIn export ``sample_connections.csv`` may be something else entirely: the root element of
XML, the ``BEGIN:VCARD`` line, the JSON opening and the CSV header row decide.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from giveback.pipelines.importers.common import refuse
from giveback.pipelines.importers.decode import decode_bytes
from giveback.pipelines.importers.tabular import find_table, first_row_cells
from giveback.pipelines.importers.urls import url_lines_share

FORMATS = (
    "jsonl",
    "csv",
    "linkedin",
    "google-csv",
    "outlook-csv",
    "vcard",
    "rss",
    "atom",
    "opml",
    "urls",
)
DETECT_BYTES = 2 * 1024 * 1024
_XML_PROLOG = re.compile(r"^\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)", re.S | re.I)
_ROOT = re.compile(r"^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)")
_VCARD = re.compile(r"^\s*begin\s*:\s*vcard\s*$", re.I | re.M)
_EXTENSIONS = {
    ".vcf": "vcard",
    ".vcard": "vcard",
    ".opml": "opml",
    ".rss": "rss",
    ".rdf": "rss",
    ".atom": "atom",
    ".xml": "rss",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".txt": "urls",
    ".urls": "urls",
    ".list": "urls",
}
_MAGIC = (
    (
        b"PK\x03\x04",
        "it is a ZIP archive; unpack it first (LinkedIn sends Connections.csv inside a ZIP file)",
    ),
    (b"%PDF", "it is a PDF document, not an export file"),
    (b"\x89PNG", "it is a PNG image, not an export file"),
    (b"\xff\xd8\xff", "it is a JPEG image, not an export file"),
    (b"GIF8", "it is a GIF image, not an export file"),
    (b"\x1f\x8b", "it is gzip-compressed; unpack it first"),
    (b"SQLite format 3", "it is an SQLite database, not an export file"),
    (b"\xd0\xcf\x11\xe0", "it is an old Microsoft Office file; save it as CSV first"),
)
SUPPORTED = (
    "JSON Lines, CSV (our catalog layout, LinkedIn, Google or Outlook contacts), vCard, "
    "RSS, Atom, OPML or a list of URLs"
)


def _xml_root(text: str) -> str | None:
    """The local name of the root element when ``text`` is XML, else None."""
    rest = text
    for _ in range(50):  # comments, processing instructions, doctype: skip them all
        match = _XML_PROLOG.match(rest)
        if not match:
            break
        rest = rest[match.end() :]
    rest = rest.lstrip()
    if not rest.startswith("<") or re.match(r"<\s*https?://", rest, re.I):
        return None
    root = _ROOT.match(rest)
    return root.group(2).lower() if root else None


def _from_xml(root: str, filename: str) -> str:
    if root in ("rss", "rdf", "channel"):
        return "rss"
    if root == "feed":
        return "atom"
    if root == "opml":
        return "opml"
    if root == "html":
        raise refuse(filename, "it is a web page (HTML), not a feed or an OPML list")
    raise refuse(filename, f"it is XML whose root element <{root}> is not RSS, Atom or OPML")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(8, len(sample) // 20)


def detect_format(data: bytes, filename: str) -> str:
    """The format of an import file, one of :data:`FORMATS`, recognised from its content.

    Raises ImportRefused when the file is empty, binary, or in no format we read.
    """
    if not data.strip(b" \t\r\n\x00") or data in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise refuse(filename, "the file is empty")
    for magic, reason in _MAGIC:
        if data.startswith(magic):
            raise refuse(filename, reason)
    decoded = decode_bytes(data[:DETECT_BYTES])
    text = decoded.text.lstrip("\ufeff \t\r\n")
    if decoded.source not in ("bom", "utf-16-shape") and _looks_binary(data):
        raise refuse(filename, "it is a binary file, not a text export")
    root = _xml_root(text)
    if root:
        return _from_xml(root, filename)
    if _VCARD.search(text[:65536]):
        return "vcard"
    if text.startswith(("{", "[")):
        return "jsonl"
    table = find_table(text)
    if table is not None:
        return table.kind
    with_url, lines = url_lines_share(text)
    if with_url and with_url * 2 >= lines:
        return "urls"
    cells = first_row_cells(text)
    if cells:
        shown = ", ".join(c.strip() for c in cells[:6] if c.strip())
        shown += ", …" if len(cells) > 6 else ""
        raise refuse(
            filename,
            f"it is a CSV file whose columns ({shown}) match none of the supported layouts "
            "(our catalog CSV with type and title, LinkedIn Connections.csv, Google or Outlook "
            "contacts)",
        )
    hinted = _EXTENSIONS.get(PurePath(filename).suffix.lower())
    if hinted:
        return hinted  # the format's own parser then says precisely what is wrong
    raise refuse(filename, f"its format is not recognised (expected {SUPPORTED})")
