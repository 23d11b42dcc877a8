"""Contact exports as CSV -> contacts: LinkedIn Connections.csv, Google Contacts, Outlook.

The header decides the layout (see :mod:`giveback.pipelines.importers.tabular`); a row that names
nobody
(LinkedIn writes an all-empty row with only a date for members who hide their details) is
skipped with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from giveback.core.domain import CatalogRecord, ItemType
from giveback.pipelines.importers.common import (
    ParseResult,
    RecordCollector,
    clean_space,
    contact_id,
    normalize_email,
    normalize_url,
    refuse,
)
from giveback.pipelines.importers.decode import decode_bytes
from giveback.pipelines.importers.tabular import OUTLOOK_COLUMNS, Table, find_table

LABELS = {"linkedin": "LinkedIn", "google-csv": "Google Contacts", "outlook-csv": "Outlook"}
_GOOGLE_SEPARATOR = " ::: "
_SYSTEM_GROUPS = {"my contacts", "starred", "other", "friends", "family", "coworkers"}
_DATE_FORMATS = (
    "%d %b %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%b %d, %Y",
)


def _date(value: str) -> date | None:
    value = clean_space(value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _cell(table: Table, row: tuple[str, ...], *names: str) -> str:
    index = table.column(*names)
    return clean_space(row[index]) if index is not None else ""


def _note(table: Table, row: tuple[str, ...], *names: str) -> str:
    """A free-text cell with its line breaks kept (each line tidied, blank lines dropped)."""
    index = table.column(*names)
    if index is None:
        return ""
    lines = (clean_space(line) for line in row[index].splitlines())
    return "\n".join(line for line in lines if line)


def _multi(value: str) -> list[str]:
    """Google packs several values in one cell, separated by ' ::: '."""
    return [clean_space(v) for v in value.split(_GOOGLE_SEPARATOR) if clean_space(v)]


def _role_line(job_title: str, company: str) -> str:
    if job_title and company:
        return f"{job_title} at {company}"
    return job_title or company


def _contact(
    name: str,
    emails: list[str],
    text_lines: list[str],
    url: str | None = None,
    aliases: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    extra: dict[str, str] | None = None,
    id_url: str | None = None,
) -> CatalogRecord | None:
    """A contact record, or None when the row has no name, e-mail or profile to go by."""
    found = [e for e in (normalize_email(x) for x in emails) if e]
    found = list(dict.fromkeys(found))
    email = found[0] if found else None
    title = name or (email or "")
    external_id = contact_id(email, title, id_url)
    if not title or external_id is None:
        return None
    extra = {k: v for k, v in (extra or {}).items() if v}
    if len(found) > 1:
        extra["other_emails"] = "; ".join(found[1:])
    return CatalogRecord(
        external_id=external_id,
        type=ItemType.CONTACT,
        title=title,
        text="\n".join(line for line in text_lines if line),
        url=url,
        email=email,
        aliases=tuple(a for a in aliases if a and a.casefold() != title.casefold()),
        tags=tags,
        extra=extra,
    )


def linkedin_profile(value: str) -> str | None:
    """A LinkedIn profile address in one canonical form, whatever host, slash or tracker it had.

    ``linkedin.com/in/x``, ``https://www.linkedin.com/in/x/?trk=...`` -> the same address.
    """
    url = normalize_url(value)
    if not url:
        return None
    match = re.match(r"^https?://([a-z]{2,3}\.|www\.)?linkedin\.com/in/([^/?#]+)", url)
    if match:
        return f"https://www.linkedin.com/in/{match.group(2).lower()}"
    return url


def _linkedin(table: Table, row: tuple[str, ...]) -> CatalogRecord | None:
    first = _cell(table, row, "first name")
    last = _cell(table, row, "last name")
    company = _cell(table, row, "company")
    position = _cell(table, row, "position")
    profile = linkedin_profile(_cell(table, row, "url", "profile url"))
    connected = _cell(table, row, "connected on")
    connected_on = _date(connected)
    return _contact(
        name=clean_space(f"{first} {last}"),
        emails=[_cell(table, row, "email address", "e-mail address")],
        text_lines=[_role_line(position, company)],
        url=profile,
        extra={
            "source": "linkedin",
            "company": company,
            "position": position,
            "connected_on": connected_on.isoformat() if connected_on else connected,
        },
        id_url=profile,
    )


def _google(table: Table, row: tuple[str, ...]) -> CatalogRecord | None:
    name = _cell(table, row, "name")
    if not name:
        parts = [
            _cell(table, row, "name prefix"),
            _cell(table, row, "given name", "first name"),
            _cell(table, row, "additional name", "middle name"),
            _cell(table, row, "family name", "last name"),
            _cell(table, row, "name suffix"),
        ]
        name = clean_space(" ".join(p for p in parts if p))
    emails: list[str] = []
    phones: list[str] = []
    websites: list[str] = []
    for index, column in enumerate(table.header):
        folded = column.strip().casefold()
        if not folded.endswith("- value") or not row[index].strip():
            continue
        if folded.startswith("e-mail"):
            emails.extend(_multi(row[index]))
        elif folded.startswith("phone"):
            phones.extend(_multi(row[index]))
        elif folded.startswith("website"):
            websites.extend(_multi(row[index]))
    company = _cell(table, row, "organization 1 - name", "organization name")
    job_title = _cell(table, row, "organization 1 - title", "organization title")
    notes = _note(table, row, "notes")
    groups = _multi(_cell(table, row, "group membership", "labels"))
    tags = tuple(
        dict.fromkeys(
            g.lstrip("* ").strip()
            for g in groups
            if g.lstrip("* ").strip().casefold() not in _SYSTEM_GROUPS
        )
    )
    if not name:
        name = company
    return _contact(
        name=name,
        emails=emails,
        text_lines=[_role_line(job_title, company), notes],
        url=next((u for u in (normalize_url(w) for w in websites) if u), None),
        aliases=tuple(n for n in [_cell(table, row, "nickname")] if n),
        tags=tags,
        extra={
            "source": "google",
            "company": company,
            "job_title": job_title,
            "phone": phones[0] if phones else "",
            "birthday": _cell(table, row, "birthday"),
        },
    )


def _outlook(table: Table, row: tuple[str, ...]) -> CatalogRecord | None:
    def get(key: str) -> str:
        return _cell(table, row, *OUTLOOK_COLUMNS[key])

    name = clean_space(" ".join(p for p in (get("given"), get("middle"), get("family")) if p))
    company = get("company")
    if not name:
        display = re.sub(r"\s*\([^)]*@[^)]*\)\s*$", "", get("display"))
        name = display if "@" not in display else ""
    name = name or company
    job_title = get("job_title")
    department = get("department")
    categories = [clean_space(c) for c in re.split(r"[;,]", get("categories")) if clean_space(c)]
    return _contact(
        name=name,
        emails=[get("email"), get("email2"), get("email3")],
        text_lines=[
            _role_line(job_title, ", ".join(p for p in (company, department) if p)),
            _note(table, row, *OUTLOOK_COLUMNS["notes"]),
        ],
        url=normalize_url(get("web")),
        tags=tuple(dict.fromkeys(categories)),
        extra={
            "source": "outlook",
            "company": company,
            "job_title": job_title,
            "phone": get("mobile"),
            "birthday": get("birthday") if get("birthday") not in ("0.0.00", "0/0/00") else "",
        },
    )


_READERS: dict[str, Callable[[Table, tuple[str, ...]], CatalogRecord | None]] = {
    "linkedin": _linkedin,
    "google-csv": _google,
    "outlook-csv": _outlook,
}


def parse_contacts_csv(data: bytes, filename: str, fmt: str) -> ParseResult:
    """Parse a LinkedIn, Google or Outlook contacts CSV (``fmt`` names which) into contacts.

    Raises ImportRefused when the file's header is not the one that export writes.
    """
    decoded = decode_bytes(data)
    table = find_table(decoded.text)
    label = LABELS.get(fmt, fmt)
    if table is None or table.kind != fmt:
        found = f" (it looks like {LABELS.get(table.kind, table.kind)})" if table else ""
        raise refuse(
            filename,
            f"it is not a {label} contacts export: its columns are not the "
            f"ones {label} writes{found}",
        )
    reader = _READERS[fmt]
    collector = RecordCollector()
    notes: list[str] = []
    if decoded.guessed:
        notes.append(f"the file is not UTF-8; read as {decoded.encoding}")
    for offset, row in enumerate(table.rows, start=1):
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not rows
        line = table.header_line + 1 + offset
        record = reader(table, row)
        if record is None:
            collector.skip(f"row {line} names nobody (no name, e-mail or profile) and was skipped")
            continue
        collector.add(record, where=f"row {line}")
    if not len(collector):
        raise refuse(filename, f"the {label} export holds no contacts")
    return collector.result(fmt, notes)
