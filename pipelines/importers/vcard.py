"""vCard 2.1, 3.0 and 4.0 files -> contacts.

Two stages. :mod:`giveback.pipelines.importers.vcard_lines` reads the bytes (per-property charsets,
quoted-printable soft breaks, raw 8-bit text, UTF-16 without a mark, doubled carriage returns,
junk before the first card) into clean properties; vobject then parses each card, re-serialised
as UTF-8 vCard 3.0 text holding only the properties we import. vobject takes unescaped commas in
text values as list separators and keeps only the first item ("München, Falk" became
"München"), so bare commas are escaped first; a card vobject still cannot read is mapped from the
properties directly.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import vobject

from giveback.core.domain import CatalogRecord, ItemType
from giveback.pipelines.importers.common import (
    ParseResult,
    RecordCollector,
    clean_space,
    contact_id,
    normalize_email,
    normalize_url,
    plural,
    refuse,
)
from giveback.pipelines.importers.vcard_lines import Property, RawCard, read_cards

# The properties we import; everything else (photos, addresses, keys) is left out before vobject
# sees the card, so a broken photo or address cannot cost the contact.
WANTED = frozenset(
    {
        "FN",
        "N",
        "EMAIL",
        "NICKNAME",
        "ORG",
        "TITLE",
        "ROLE",
        "NOTE",
        "URL",
        "CATEGORIES",
        "UID",
        "TEL",
        "BDAY",
    }
)
_LIST_VALUED = frozenset({"NICKNAME", "CATEGORIES"})
_STRUCTURED = frozenset({"N", "ORG"})
SYSTEM_GROUPS = frozenset({"my contacts", "starred in android", "* my contacts", "* starred"})
_BARE_COMMA = re.compile(r"(?<!\\),")

logging.getLogger("vobject").setLevel(logging.CRITICAL)  # it logs every line it skips


@dataclass(slots=True)
class CardFields:
    """What we read from one card, whichever reader produced it."""

    fn: str = ""
    name_parts: list[str] = field(default_factory=list)  # prefix, given, additional, family, suffix
    emails: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    org: list[str] = field(default_factory=list)
    job_title: str = ""
    role: str = ""
    notes: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    uid: str = ""
    phones: list[str] = field(default_factory=list)
    birthday: str = ""


def _unescape(value: str) -> str:
    """Undo vCard text escaping (``\\n``, ``\\,``, ``\\;``, ``\\:``, ``\\\\``)."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split_unescaped(value: str, sep: str) -> list[str]:
    return [_unescape(part) for part in re.split(rf"(?<!\\){re.escape(sep)}", value)]


def _clean_card_text(card: RawCard) -> str:
    """The card as UTF-8 vCard 3.0 text with only :data:`WANTED` properties, safe for vobject."""
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    for prop in card.properties:
        if prop.name not in WANTED:
            continue
        params = [
            f"TYPE={t}"
            for t in sorted(prop.types())
            if t not in ("quoted-printable", "base64") and re.fullmatch(r"[a-z0-9-]+", t)
        ]
        head = (f"{prop.group}." if prop.group else "") + prop.name
        head += "".join(f";{p}" for p in params)
        value = prop.value
        if prop.name in _LIST_VALUED:
            for item in _split_unescaped(value, ","):
                item = item.strip()
                if item:
                    lines.append(f"{head}:{_escape(item)}")
            continue
        if prop.name not in _STRUCTURED:
            value = _BARE_COMMA.sub(r"\\,", value)
        lines.append(f"{head}:{value}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _flatten(value: object) -> str:
    if isinstance(value, list | tuple):
        return " ".join(clean_space(str(v)) for v in value if v and clean_space(str(v)))
    return clean_space(str(value)) if value else ""


def _prefer_pref(items: list[tuple[str, set[str]]]) -> list[str]:
    ordered = [v for v, t in items if "pref" in t] + [v for v, t in items if "pref" not in t]
    return [v for v in ordered if v]


def _types_of(line: object) -> set[str]:
    params = getattr(line, "params", {}) or {}
    return {str(t).lower() for t in params.get("TYPE", [])}


def _values_by_pref(lines: list[object]) -> list[str]:
    return _prefer_pref([(str(getattr(x, "value", "")).strip(), _types_of(x)) for x in lines])


def _fields_from_vobject(text: str) -> CardFields:
    """Read the cleaned card with vobject."""
    card = vobject.readOne(text, ignoreUnreadable=True)
    contents = card.contents
    out = CardFields()
    for line in contents.get("fn", []):
        out.fn = out.fn or clean_space(str(line.value))
    if contents.get("n"):
        name = contents["n"][0].value
        out.name_parts = [
            _flatten(getattr(name, part, ""))
            for part in ("prefix", "given", "additional", "family", "suffix")
        ]
    out.emails = _values_by_pref(contents.get("email", []))
    out.nicknames = [clean_space(str(x.value)) for x in contents.get("nickname", [])]
    if contents.get("org"):
        value = contents["org"][0].value
        out.org = [clean_space(v) for v in (value if isinstance(value, list) else [value])]
    out.job_title = next((clean_space(str(x.value)) for x in contents.get("title", [])), "")
    out.role = next((clean_space(str(x.value)) for x in contents.get("role", [])), "")
    out.notes = [str(x.value).strip() for x in contents.get("note", [])]
    out.urls = [str(x.value).replace("\\:", ":").strip() for x in contents.get("url", [])]
    for line in contents.get("categories", []):
        value = line.value
        out.categories.extend(value if isinstance(value, list) else [value])
    out.uid = next((clean_space(str(x.value)) for x in contents.get("uid", [])), "")
    out.phones = _values_by_pref(contents.get("tel", []))
    out.birthday = next((clean_space(str(x.value)) for x in contents.get("bday", [])), "")
    return out


def _fields_from_properties(card: RawCard) -> CardFields:
    """Read the card's properties directly: the fallback when vobject fails on a card."""
    out = CardFields()
    emails: list[tuple[str, set[str]]] = []
    phones: list[tuple[str, set[str]]] = []

    def first(prop: Property) -> str:
        return clean_space(_unescape(prop.value))

    for prop in card.properties:
        name = prop.name
        if name == "FN":
            out.fn = out.fn or first(prop)
        elif name == "N" and not out.name_parts:
            parts = _split_unescaped(prop.value, ";") + [""] * 5
            family, given, additional, prefix, suffix = (clean_space(p) for p in parts[:5])
            out.name_parts = [prefix, given, additional, family, suffix]
        elif name == "EMAIL":
            emails.append((first(prop), prop.types()))
        elif name == "TEL":
            phones.append((first(prop), prop.types()))
        elif name == "NICKNAME":
            out.nicknames.extend(clean_space(n) for n in _split_unescaped(prop.value, ","))
        elif name == "ORG" and not out.org:
            out.org = [clean_space(p) for p in _split_unescaped(prop.value, ";")]
        elif name == "TITLE":
            out.job_title = out.job_title or first(prop)
        elif name == "ROLE":
            out.role = out.role or first(prop)
        elif name == "NOTE":
            out.notes.append(_unescape(prop.value).strip())
        elif name == "URL":
            out.urls.append(first(prop))
        elif name == "CATEGORIES":
            out.categories.extend(_split_unescaped(prop.value, ","))
        elif name == "UID":
            out.uid = out.uid or first(prop)
        elif name == "BDAY":
            out.birthday = out.birthday or first(prop)
    out.emails = _prefer_pref(emails)
    out.phones = _prefer_pref(phones)
    return out


def _record(fields: CardFields) -> CatalogRecord | None:
    """Map the fields of one card to a contact record, or None when it names nobody."""
    emails = [e for e in (normalize_email(x) for x in fields.emails) if e]
    emails = list(dict.fromkeys(emails))
    email = emails[0] if emails else None
    _, given, additional, family, _ = (fields.name_parts + [""] * 5)[:5]
    from_n = clean_space(" ".join(p for p in (given, additional, family) if p))
    org = [p for p in fields.org if p]
    title = fields.fn or from_n or (org[0] if org else "") or (email or "")
    if not title:
        return None
    aliases = tuple(
        dict.fromkeys(n for n in fields.nicknames if n and n.casefold() != title.casefold())
    )
    lines: list[str] = []
    if fields.job_title and org:
        lines.append(f"{fields.job_title} at {', '.join(org)}")
    elif fields.job_title or org:
        lines.append(fields.job_title or ", ".join(org))
    if fields.role and fields.role != fields.job_title:
        lines.append(fields.role)
    lines.extend(n for n in fields.notes if n)
    url = next((u for u in (normalize_url(x) for x in fields.urls) if u), None)
    tags = tuple(
        dict.fromkeys(
            clean_space(c)
            for c in fields.categories
            if clean_space(c) and clean_space(c).casefold() not in SYSTEM_GROUPS
        )
    )
    extra: dict[str, str] = {}
    for key, value in (
        ("uid", fields.uid),
        ("organization", ", ".join(org)),
        ("job_title", fields.job_title),
        ("phone", fields.phones[0] if fields.phones else ""),
        ("birthday", fields.birthday),
        ("other_emails", "; ".join(emails[1:])),
    ):
        if value:
            extra[key] = value
    external_id = contact_id(email, title)
    if external_id is None:
        return None
    return CatalogRecord(
        external_id=external_id,
        type=ItemType.CONTACT,
        title=title,
        text="\n".join(lines),
        url=url,
        email=email,
        aliases=aliases,
        tags=tags,
        extra=extra,
    )


def parse_vcard(data: bytes, filename: str) -> ParseResult:
    """Parse a vCard file into contact records.

    Raises ImportRefused when the file holds no vCard, or only a card cut off before its end.
    """
    card_file = read_cards(data, keep=WANTED)
    complete = [c for c in card_file.cards if c.complete]
    if not card_file.cards:
        raise refuse(filename, "it contains no vCard (no BEGIN:VCARD line)")
    if not complete:
        raise refuse(filename, "the vCard is cut off (BEGIN:VCARD without END:VCARD)")
    collector = RecordCollector()
    notes: list[str] = []
    if card_file.encoding_note:
        notes.append(card_file.encoding_note)
    if card_file.junk_lines:
        notes.append(f"ignored {plural(card_file.junk_lines, 'line')} outside any vCard")
    if card_file.repaired_lines:
        notes.append(
            f"joined {plural(card_file.repaired_lines, 'unfolded continuation line')} to the "
            "property before it"
        )
    if card_file.bad_bytes:
        notes.append(f"dropped {plural(card_file.bad_bytes, 'byte')} that fit no character set")
    for position, card in enumerate(card_file.cards, start=1):
        if not card.complete:
            collector.skip(f"card {position} is cut off (no END:VCARD) and was skipped")
            continue
        try:
            fields = _fields_from_vobject(_clean_card_text(card))
        except Exception as error:  # vobject raises many types; the card is still readable
            notes.append(
                f"card {position}: vobject failed ({type(error).__name__}); "
                "read with the built-in reader"
            )
            fields = _fields_from_properties(card)
        record = _record(fields)
        if record is None:
            collector.skip(f"card {position} has no name, e-mail or organisation and was skipped")
            continue
        collector.add(record, where=f"card {position}")
    return collector.result("vcard", notes)
