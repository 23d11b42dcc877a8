"""Turn the bytes of an import file into text without ever crashing.

The order follows what the file itself says before any guessing: a charset the file declares
(an XML ``encoding=`` declaration, or a vCard ``CHARSET=`` parameter passed in by the caller),
then a byte order mark, then the shape of UTF-16/32 text without a mark, then strict UTF-8, then
charset-normalizer restricted to the code pages real exports use, and finally windows-1252 with
replacement characters, which cannot fail.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Byte order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy code pages that exports are really written in, most likely first. charset-normalizer
# often ranks several of them equal (the same bytes read as Latin text either way); the first one
# listed here wins such a tie, and DOS or Mac pages it sometimes prefers are only a last resort.
PREFERRED_LEGACY: tuple[str, ...] = (
    "cp1252",
    "iso8859_15",
    "latin_1",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "mac_roman",
)

# Declared names that Python does not know, or that real files use for a superset.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",  # HTML5 rule: files labelled Latin-1 are in practice windows-1252
    "latin1": "cp1252",
    "us-ascii": "utf-8",  # ASCII is a subset of UTF-8, and files labelled ASCII often hold UTF-8
    "ascii": "utf-8",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "unicode": "utf-16",
}

_XML_DECL = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the codec used and how it was chosen."""

    text: str
    encoding: str
    source: str  # "declared", "bom", "utf-16-shape", "utf-8", "detected" or "fallback"

    @property
    def guessed(self) -> bool:
        """True when nothing in the file said which encoding it uses."""
        return self.source in ("detected", "fallback")


def normalize_charset(name: str | None) -> str | None:
    """The Python codec for a declared charset name, or None when Python does not know it."""
    if not name:
        return None
    key = name.strip().strip("\"'").lower()
    key = _CHARSET_ALIASES.get(key, key)
    try:
        return codecs.lookup(key).name
    except (LookupError, ValueError):  # ValueError: a NUL inside a name read from broken bytes
        return None


def xml_declared_encoding(data: bytes) -> str | None:
    """The encoding named by an XML declaration near the start of ``data``, if any.

    The declaration is looked for in the first kilobyte rather than at byte 0 only, because real
    feeds put comments or a stray processing instruction before it.
    """
    match = _XML_DECL.search(data[:1024])
    return match.group(1).decode("ascii") if match else None


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The codec named by a byte order mark at the start of ``data`` and the mark's length."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def utf16_shape(data: bytes) -> str | None:
    """Recognise UTF-16/32 text that has no byte order mark from where its zero bytes fall.

    Text that is mostly ASCII has a zero in every other byte when written as UTF-16; which half
    holds the zeros tells big from little endian.
    """
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    quads = len(sample) // 4
    if quads and all(sample[i * 4 : i * 4 + 2] == b"\x00\x00" for i in range(min(quads, 64))):
        return "utf-32-be"
    if quads and all(sample[i * 4 + 2 : i * 4 + 4] == b"\x00\x00" for i in range(min(quads, 64))):
        return "utf-32-le"
    even = sample[0::2]
    odd = sample[1::2]
    zero_even = even.count(0) / len(even)
    zero_odd = odd.count(0) / len(odd)
    if zero_even > 0.4 and zero_odd < 0.1:
        return "utf-16-be"
    if zero_odd > 0.4 and zero_even < 0.1:
        return "utf-16-le"
    return None


def guess_legacy(data: bytes) -> str:
    """The most plausible single-byte or CJK code page for bytes that are not UTF-8.

    charset-normalizer ranks candidates by how chaotic and how coherent the decoded text is; among
    those it scores (nearly) equal, the first in :data:`PREFERRED_LEGACY` is taken.
    """
    try:
        results = list(from_bytes(data, cp_isolation=list(PREFERRED_LEGACY)))
    except Exception:  # a detector failure must never lose the file: fall back below
        results = []
    if not results:
        return "cp1252"
    best = results[0]
    tied: set[str] = set()
    for match in results:
        if match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.05:
            tied.add(match.encoding)
            tied.update(getattr(match, "could_be_from_charset", ()) or ())
    for name in PREFERRED_LEGACY:
        if name in tied:
            return name
    return best.encoding


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` by declared charset, then BOM, then UTF-16 shape, UTF-8, detector.

    ``declared`` is a charset the caller found (a vCard ``CHARSET=`` parameter); when it is None,
    an XML declaration in the data is used. A declared charset that does not decode the bytes is
    ignored rather than trusted, since files often lie about it.
    """
    bom = bom_encoding(data)
    declared_codec = normalize_charset(declared or xml_declared_encoding(data))
    if declared_codec and not (bom and not bom[0].startswith("utf-8")):
        body = data[len(codecs.BOM_UTF8) :] if bom and bom[0] == "utf-8" else data
        # cp1252 leaves five bytes undefined that Latin-1 maps: try Latin-1 before giving up.
        tries = [declared_codec] + (["latin_1"] if declared_codec == "cp1252" else [])
        for codec in tries:
            try:
                return Decoded(body.decode(codec), codec, "declared")
            except (UnicodeDecodeError, LookupError):
                continue
    if bom:
        name, size = bom
        try:
            return Decoded(data[size:].decode(name), name, "bom")
        except UnicodeDecodeError:
            return Decoded(data[size:].decode(name, errors="replace"), name, "bom")
    shape = utf16_shape(data)
    if shape:
        try:
            return Decoded(data.decode(shape), shape, "utf-16-shape")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    legacy = guess_legacy(data)
    try:
        return Decoded(data.decode(legacy), legacy, "detected")
    except (UnicodeDecodeError, LookupError):
        return Decoded(data.decode("cp1252", errors="replace"), "cp1252", "fallback")
