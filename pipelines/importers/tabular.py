"""Find the header of a CSV export, whatever preamble, delimiter or language it comes with.

LinkedIn puts a "Notes:" preamble of one to three lines before its header, Outlook localises
every column name, European Excel writes ``;`` instead of ``,``. A table is recognised by its
header row, looked for among the first rows with each delimiter, and classified by the column
names it has.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

HEADER_SEARCH_ROWS = 25
DELIMITERS = (",", ";", "\t")

# Outlook's columns in the languages its exports are most often met in (en, de, fr, es, nl, it).
OUTLOOK_COLUMNS: dict[str, tuple[str, ...]] = {
    "given": ("first name", "vorname", "prénom", "nombre", "voornaam", "nome"),
    "middle": (
        "middle name",
        "weitere vornamen",
        "deuxième prénom",
        "segundo nombre",
        "middelste naam",
        "secondo nome",
    ),
    "family": ("last name", "nachname", "nom", "apellidos", "achternaam", "cognome"),
    "company": ("company", "firma", "société", "organización", "bedrijf", "società"),
    "department": ("department", "abteilung", "service", "departamento", "afdeling", "reparto"),
    "job_title": ("job title", "position", "fonction", "puesto", "functie", "posizione"),
    "email": (
        "e-mail address",
        "e-mail-adresse",
        "adresse de messagerie",
        "dirección de correo electrónico",
        "e-mailadres",
        "indirizzo posta elettronica",
    ),
    "email2": (
        "e-mail 2 address",
        "e-mail 2: adresse",
        "adresse de messagerie 2",
        "dirección de correo electrónico 2",
        "e-mailadres 2",
        "indirizzo posta elettronica 2",
    ),
    "email3": (
        "e-mail 3 address",
        "e-mail 3: adresse",
        "adresse de messagerie 3",
        "dirección de correo electrónico 3",
        "e-mailadres 3",
        "indirizzo posta elettronica 3",
    ),
    "display": ("e-mail display name", "e-mail: angezeigter name"),
    "notes": ("notes", "notizen", "notas", "notities", "note"),
    "categories": (
        "categories",
        "kategorien",
        "catégories",
        "categorías",
        "categorieën",
        "categorie",
    ),
    "web": ("web page", "webseite", "page web", "página web", "webpagina", "pagina web"),
    "mobile": (
        "mobile phone",
        "mobiltelefon",
        "tél. mobile",
        "teléfono móvil",
        "mobiele telefoon",
        "cellulare",
    ),
    "birthday": (
        "birthday",
        "geburtstag",
        "anniversaire",
        "cumpleaños",
        "verjaardag",
        "compleanno",
    ),
}
_GOOGLE_MULTI = re.compile(r"^(e-mail|phone|website|address|organization|relation) \d+ - ")


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV table: its kind, header, data rows (padded to the header) and where it started."""

    kind: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    header_line: int
    delimiter: str

    folded: tuple[str, ...] = ()

    def column(self, *names: str) -> int | None:
        """Index of the first column whose folded name is one of ``names``."""
        folded = self.folded or tuple(fold(h) for h in self.header)
        for name in names:
            if name in folded:
                return folded.index(name)
        return None


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """A column name compared loosely: NFC, case-folded, quotes and extra spaces removed.

    Cached: an import folds the same few keys for every one of its records.
    """
    text = unicodedata.normalize("NFC", name).replace("\ufeff", "").strip().strip('"').strip()
    return _SPACES.sub(" ", text).casefold()


def classify_header(cells: list[str]) -> str | None:
    """The kind of table a header row starts, or None when the row is not a known header.

    Kinds: ``csv`` (our own catalog columns), ``google-csv``, ``linkedin``, ``outlook-csv``.
    """
    cols = {fold(c) for c in cells if c.strip()}
    if len(cols) < 1:
        return None
    if {"title", "type"} <= cols or ({"id", "title"} <= cols and ("url" in cols or "text" in cols)):
        return "csv"
    google_multi = any(_GOOGLE_MULTI.match(c) for c in cols)
    if google_multi and (
        {"given name", "family name"} & cols
        or {"first name", "last name"} & cols
        or "group membership" in cols
        or "labels" in cols
        or "name" in cols
    ):
        return "google-csv"
    if {"first name", "last name"} <= cols and (
        {"url", "profile url", "connected on"} & cols or "email address" in cols
    ):
        return "linkedin"
    outlook_email = set(OUTLOOK_COLUMNS["email"] + OUTLOOK_COLUMNS["email2"]) & cols
    localized_names = (
        set(OUTLOOK_COLUMNS["given"][1:]) & cols and set(OUTLOOK_COLUMNS["family"][1:]) & cols
    )
    if outlook_email or localized_names:
        return "outlook-csv"
    if google_multi:
        return "google-csv"
    return None


def _rows(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    except csv.Error:
        pass  # a stray NUL or unclosed quote ends the readable part; what came before stands
    return rows


def find_table(text: str) -> Table | None:
    """Find a known header within the first rows, with the delimiter that gives it most columns.

    Rows before the header (LinkedIn's "Notes:" preamble) are dropped; data rows shorter than the
    header are padded with empty cells, longer ones cut.
    """
    text = text.lstrip("\ufeff")
    best: tuple[int, int, str, str] | None = None  # (header line, -columns, kind, delimiter)
    for delimiter in DELIMITERS:
        if delimiter not in text[:20000]:
            continue
        for index, row in enumerate(_rows(text, delimiter, HEADER_SEARCH_ROWS)):
            kind = classify_header(row) if len(row) > 1 else None
            if kind:
                key = (index, -len(row), kind, delimiter)
                if best is None or key[:2] < best[:2]:
                    best = key
                break
    if best is None:
        return None
    index, _, kind, delimiter = best
    all_rows = _rows(text, delimiter)
    header = tuple(c.strip() for c in all_rows[index])
    width = len(header)
    data = tuple(tuple((row + [""] * width)[:width]) for row in all_rows[index + 1 :])
    return Table(kind, header, data, index, delimiter, tuple(fold(h) for h in header))


def first_row_cells(text: str) -> list[str] | None:
    """The cells of the first row when ``text`` reads as a CSV table of several columns."""
    text = text.lstrip("\ufeff")
    for delimiter in DELIMITERS:
        rows = [r for r in _rows(text, delimiter, 10) if any(c.strip() for c in r)]
        if len(rows) >= 2 and len(rows[0]) > 1 and all(len(r) == len(rows[0]) for r in rows[1:3]):
            return rows[0]
    return None
