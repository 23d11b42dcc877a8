"""Read the raw lines of a vCard file into cards of decoded properties.

vCard parsers, vobject included, expect one text encoding for the whole file and well-formed
lines. Real exports break both: vCard 2.1 puts the charset and a quoted-printable encoding on each
property, phones write raw 8-bit bytes, QUOTED-PRINTABLE values continue over "soft" line breaks
that are not folded, Windows tools double the carriage return, address labels run on over
unfolded lines, and some tools write junk before the first ``BEGIN:VCARD``. This module works on
bytes, line by line, and yields each card as a list of :class:`Property` with the value decoded to
text, so that what a library then parses is clean UTF-8 vCard text.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from giveback.pipelines.importers.decode import (
    bom_encoding,
    decode_bytes,
    guess_legacy,
    normalize_charset,
    utf16_shape,
)

# A property line starts with an optional group, a name, then parameters or the colon. A comma
# after the name is tolerated ("LABEL,TYPE=HOME:" from a broken exporter).
_PROPERTY = re.compile(rb"^\s*(?:([A-Za-z0-9_-]+)\.)?([A-Za-z][A-Za-z0-9_-]*)\s*([;,][^:]*)?:")
_LINE_BREAK = re.compile(rb"\r\r\n|\r\n|\n|\r")
_QP = b"QUOTED-PRINTABLE"


@dataclass(slots=True)
class Property:
    """One content line of a card: ``group.NAME;params:value`` with the value decoded."""

    name: str
    value: str
    params: dict[str, list[str]] = field(default_factory=dict)
    group: str | None = None

    def types(self) -> set[str]:
        """The lower-cased TYPE values, including vCard 2.1 bare parameters such as ``PREF``."""
        found = {t.lower() for t in self.params.get("TYPE", [])}
        found.update(k.lower() for k, v in self.params.items() if not v)
        return found


@dataclass(slots=True)
class RawCard:
    """The properties between one ``BEGIN:VCARD`` and its ``END:VCARD``."""

    properties: list[Property]
    version: str | None = None
    complete: bool = True


@dataclass(slots=True)
class CardFile:
    """Every card found in a file, with what had to be dropped or repaired to read them."""

    cards: list[RawCard]
    junk_lines: int = 0
    bad_bytes: int = 0
    repaired_lines: int = 0
    encoding_note: str | None = None


def _to_lines(data: bytes) -> tuple[list[bytes], str | None, bool]:
    """Split bytes into physical lines; transcode UTF-16/32 files to UTF-8 first.

    Returns the lines, a note on the transcoding, and whether the file was wholly Unicode (then
    per-property ``CHARSET`` parameters are stale and ignored).
    """
    note = None
    unicode_file = False
    bom = bom_encoding(data)
    shape = None if bom else utf16_shape(data)
    if (bom and not bom[0].startswith("utf-8")) or shape:
        decoded = decode_bytes(data)
        data = decoded.text.encode("utf-8")
        unicode_file = True
        if shape:
            note = f"read as {shape.upper()} without a byte order mark"
    elif bom:
        data = data[bom[1] :]
    lines = _LINE_BREAK.split(data)
    return lines, note, unicode_file


def _split_params(raw: bytes) -> dict[str, list[str]]:
    """Parse ``;TYPE=a,b;PREF;CHARSET="x"`` into upper-cased names and their values."""
    params: dict[str, list[str]] = {}
    text = raw.decode("utf-8", errors="replace")
    # Split on ; or , outside double quotes. A comma only separates parameters when it is followed
    # by NAME=, so that TYPE=HOME,VOICE keeps both values.
    parts: list[str] = []
    current = ""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        if not quoted and (
            ch == ";" or (ch == "," and re.match(r"[A-Za-z-]+=", text[i + 1 :]) and "=" in current)
        ):
            parts.append(current)
            current = ""
            continue
        current += ch
    parts.append(current)
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, _, value = part.partition("=")
            values = [v.strip().strip('"') for v in value.split(",")]
            params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
        else:
            params.setdefault(part.upper(), [])
    return params


def _is_qp(params: dict[str, list[str]]) -> bool:
    encodings = [v.upper() for v in params.get("ENCODING", [])]
    return "QUOTED-PRINTABLE" in encodings or "QUOTED-PRINTABLE" in params


def _logical_lines(lines: list[bytes], repaired: list[int]) -> Iterator[bytes]:
    """Unfold physical lines into logical ones.

    Folding is a leading space or tab; a QUOTED-PRINTABLE value ending in ``=`` continues on the
    next line whatever it starts with; a line that does not look like a property continues the
    one before it (unfolded address labels), unless no property came before. Parts are joined
    once at the end, so a photo folded over thousands of lines costs linear time. Each line
    joined that way is counted in ``repaired[0]``.
    """
    parts: list[bytes] = []
    qp = False
    for line in lines:
        if parts and qp and parts[-1].endswith(b"="):
            parts[-1] = parts[-1][:-1]
            parts.append(line)
            continue
        if parts and line[:1] in (b" ", b"\t"):
            parts.append(line[1:])
            continue
        if not line.strip():
            continue
        if _PROPERTY.match(line) or not parts:
            if parts:
                yield b"".join(parts)
            parts = [line]
            qp = _QP in line.split(b":", 1)[0].upper()
            continue
        # Not a property: an unfolded continuation of a multi-line value.
        repaired[0] += 1
        parts.append(b"\\n" + line.strip())
    if parts:
        yield b"".join(parts)


class _ValueDecoder:
    """Decode property values, guessing the file's legacy code page once when one is needed."""

    def __init__(self, all_bytes: bytes, unicode_file: bool) -> None:
        self._all = all_bytes
        self._unicode_file = unicode_file
        self._file_legacy: str | None = None
        self._looked = False
        self.bad_bytes = 0

    def _legacy_for(self, raw: bytes) -> str:
        """The code page of the file's raw 8-bit text, else the value's own best guess.

        One value is often too short for a detector, so the 8-bit lines of the whole file are
        judged together; a file whose only 8-bit text is inside quoted-printable values has
        none, and then the value itself is all there is to go on.
        """
        if not self._looked:
            self._looked = True
            lines = re.findall(rb"[^\n]*[\x80-\xff][^\n]*", self._all)
            if lines:
                self._file_legacy = guess_legacy(b"\n".join(lines))
        return self._file_legacy or guess_legacy(raw)

    def decode(self, raw: bytes, charset: str | None) -> str:
        """Decode one value: its CHARSET, then UTF-8, then the legacy guess; never fails."""
        codec = None if self._unicode_file else normalize_charset(charset)
        for candidate in (codec, "utf-8"):
            if candidate:
                try:
                    return raw.decode(candidate)
                except (UnicodeDecodeError, LookupError):
                    pass
        lenient = raw.decode("utf-8", errors="replace")
        if any(ord(c) > 127 and c != "\ufffd" for c in lenient):
            # Mostly UTF-8 with a stray byte (a phone cutting a value mid-character): keep the rest.
            self.bad_bytes += lenient.count("\ufffd")
            return lenient.replace("\ufffd", "")
        try:
            return raw.decode(self._legacy_for(raw))
        except (UnicodeDecodeError, LookupError):
            self.bad_bytes += 1
            return raw.decode("cp1252", errors="replace")


def read_cards(data: bytes, keep: Collection[str] | None = None) -> CardFile:
    """Read every ``BEGIN:VCARD`` .. ``END:VCARD`` block of ``data`` into decoded properties.

    With ``keep``, only properties of those (upper-case) names are decoded and kept: photos and
    other bulky values are then passed over without decoding them.
    """
    lines, note, unicode_file = _to_lines(data)
    decoder = _ValueDecoder(b"\n".join(lines), unicode_file)
    cards: list[RawCard] = []
    current: RawCard | None = None
    junk = 0
    repaired = [0]
    for line in _logical_lines(lines, repaired):
        match = _PROPERTY.match(line)
        if not match:
            junk += 1
            continue
        group_b, name_b, params_b = match.group(1), match.group(2), match.group(3) or b""
        name = name_b.decode("ascii").upper()
        raw_value = line[match.end() :]
        if name in ("BEGIN", "END") and raw_value.strip().upper() == b"VCARD":
            if name == "BEGIN":
                if current is not None:
                    current.complete = False
                    cards.append(current)
                current = RawCard([])
            elif current is not None:
                cards.append(current)
                current = None
            else:
                junk += 1
            continue
        if current is None:
            junk += 1
            continue
        if keep is not None and name not in keep and name != "VERSION":
            continue
        params = _split_params(params_b[1:] if params_b else b"")
        if _is_qp(params):
            # Decoded line breaks are re-escaped so that every value stays on one logical line.
            raw_value = re.sub(rb"\r\n|\r|\n", rb"\\n", quopri.decodestring(raw_value))
        charsets = params.get("CHARSET")
        charset = charsets[0] if charsets else None
        value = decoder.decode(raw_value, charset)
        if name == "VERSION":
            current.version = value.strip()
            continue
        group = group_b.decode("ascii") if group_b else None
        current.properties.append(Property(name, value, params, group))
    if current is not None:
        current.complete = False
        cards.append(current)
    return CardFile(
        cards,
        junk_lines=junk,
        bad_bytes=decoder.bad_bytes,
        repaired_lines=repaired[0],
        encoding_note=note,
    )
