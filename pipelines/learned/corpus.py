"""The labeled corpus the learned listener is trained and measured on (``data/annotation``).

One JSON object per line and note, in threads of notes about one contact, oldest first; see
``data/annotation/GUIDE.md`` for what each field means. Splits are folders (``train``, ``dev``,
``test``), one file per writer, so that a writer's notes never land in two splits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from giveback.core.domain import About, ContactRef, NoteInput, OpenSignal, SignalKind
from giveback.core.errors import InvalidInput

KINDS = ("interest", "need", "event", "commitment", "caution")
STATUSES = ("active", "negated", "hedged", "resolved")
ABOUTS = ("contact", "third_party", "user")
# A signal a later note may close: one that holds as heard.
OPEN_STATUSES = ("active", "hedged")
HOWS = (
    "met",
    "no_longer_wanted",
    "given_by_other",
    "declined",
    "postponed",
    "moot",
    "done_by_user",
)


@dataclass(frozen=True, slots=True)
class GoldSignal:
    """A labeled signal: its id in the note, kind, phrase and evidence span."""

    id: str
    kind: str
    phrase: str
    evidence: str
    start: int
    end: int
    about: str
    who: str | None
    status: str
    event_date: date | None


@dataclass(frozen=True, slots=True)
class GoldClosure:
    """A labeled closure: which earlier signal (``note id/signal id``) this note closes, how."""

    target: str
    evidence: str
    start: int
    end: int
    how: str


@dataclass(frozen=True, slots=True)
class GoldNote:
    """A labeled note with its thread, writer, signals and closures."""

    id: str
    thread: str
    writer: str
    contact: str
    aliases: tuple[str, ...]
    date: date
    style: str
    text: str
    signals: tuple[GoldSignal, ...]
    closures: tuple[GoldClosure, ...]

    def note_input(self) -> NoteInput:
        """What the listener is given: the text, the date and the contact."""
        return NoteInput(self.text, self.date, ContactRef(self.contact, self.aliases))


def open_signal(note: GoldNote, signal: GoldSignal, number: int) -> OpenSignal:
    """A labeled signal as the listener would get it from the store (``number`` as its id)."""
    return OpenSignal(
        number,
        SignalKind(signal.kind),
        signal.phrase,
        signal.evidence,
        About(signal.about),
        note.date,
    )


def _span(text: str, evidence: str, where: str) -> tuple[int, int]:
    start = text.find(evidence)
    if start < 0 or not evidence:
        raise InvalidInput(f"{where}: evidence {evidence!r} is not in the note")
    return start, start + len(evidence)


def parse_note(row: dict[str, Any], where: str) -> GoldNote:
    """One labeled note from its JSON object (evidence spans located in the text).

    The older sets without threads, writers or signal ids read as one-note threads, by the
    file's writer, with signals numbered in order.
    """
    try:
        text = str(row["text"])
        signals = []
        for n, raw in enumerate(row["signals"], 1):
            start, end = _span(text, raw["evidence"], where)
            day = raw.get("event_date")
            signals.append(
                GoldSignal(
                    str(raw.get("id", f"s{n}")),
                    raw["kind"],
                    raw["phrase"],
                    raw["evidence"],
                    start,
                    end,
                    raw["about"],
                    raw.get("who"),
                    raw["status"],
                    date.fromisoformat(day) if day else None,
                )
            )
        closures = []
        for raw in row.get("closures") or ():
            start, end = _span(text, raw["evidence"], where)
            closures.append(GoldClosure(raw["closes"], raw["evidence"], start, end, raw["how"]))
        return GoldNote(
            str(row["id"]),
            str(row.get("thread", row["id"])),
            str(row.get("writer", where.split(":")[0].removesuffix(".jsonl"))),
            str(row["contact"]),
            tuple(row.get("aliases") or ()),
            date.fromisoformat(str(row["date"])),
            str(row.get("style", "")),
            text,
            tuple(signals),
            tuple(closures),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidInput(f"{where}: not a labeled note ({type(exc).__name__}: {exc})") from exc


def read_notes(paths: Iterable[Path]) -> list[GoldNote]:
    """Every labeled note of these JSON Lines files, in file order."""
    notes = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                notes.append(parse_note(json.loads(line), f"{path.name}:{n}"))
    return notes


def split_files(root: Path, split: str) -> list[Path]:
    """The writers' files of one split (``train``, ``dev``, ``test``), sorted; or, in a folder
    of single files, ``extract_<split>.jsonl`` (the older hand-labeled sets in ``data/eval``)."""
    files = sorted((root / split).glob("*.jsonl"))
    if not files and (root / f"extract_{split}.jsonl").is_file():
        files = [root / f"extract_{split}.jsonl"]
    if not files:
        raise InvalidInput(f"no labeled notes in {root / split}")
    return files


def load_split(root: Path, split: str) -> list[GoldNote]:
    """The labeled notes of one split."""
    return read_notes(split_files(root, split))


def threads(notes: Sequence[GoldNote]) -> dict[str, list[GoldNote]]:
    """Notes grouped by thread, each thread oldest first."""
    out: dict[str, list[GoldNote]] = {}
    for note in notes:
        out.setdefault(note.thread, []).append(note)
    for thread in out.values():
        thread.sort(key=lambda n: (n.date, n.id))
    return out


STYLES = frozenset({"bullets", "shorthand", "narrative", "transcript", "chat", "email",
                    "multi_person", "update", "self", "mixed"})  # fmt: skip


def problems(notes: Sequence[GoldNote]) -> list[str]:
    """Where a file breaks the annotation guide (``data/annotation/GUIDE.md``); empty if none.

    Evidence must occur exactly once in its note and never cross a line; labels come from the
    guide's sets; a closure must name a signal of an earlier note of the same thread.
    """
    out: list[str] = []
    seen: dict[str, GoldNote] = {}
    for note in notes:
        where = note.id
        if note.id in seen:
            out.append(f"{where}: the id is used twice")
        if note.style and note.style not in STYLES:
            out.append(f"{where}: style {note.style!r} is not one of the guide's")
        for s in note.signals:
            if note.text.count(s.evidence) != 1:
                out.append(f"{where}/{s.id}: evidence occurs {note.text.count(s.evidence)} times")
            if "\n" in s.evidence:
                out.append(f"{where}/{s.id}: evidence crosses a line break")
            if s.kind not in KINDS or s.status not in STATUSES or s.about not in ABOUTS:
                out.append(f"{where}/{s.id}: kind, status or about is not one of the guide's")
            if s.kind == "commitment" and s.about != "user":
                out.append(f"{where}/{s.id}: a commitment is the user's")
            if (s.about == "third_party") != bool(s.who):
                out.append(f"{where}/{s.id}: who is set exactly for a third party")
            if s.event_date is not None and s.kind != "event":
                out.append(f"{where}/{s.id}: only events have a date")
        for c in note.closures:
            target_note, _, target_signal = c.target.partition("/")
            earlier = seen.get(target_note)
            if earlier is None or earlier.thread != note.thread:
                out.append(f"{where}: closes {c.target}, not an earlier note of its thread")
            elif target_signal not in {s.id for s in earlier.signals}:
                out.append(f"{where}: closes {c.target}, a signal that does not exist")
            if c.how not in HOWS:
                out.append(f"{where}: closure how {c.how!r} is not one of the guide's")
            if note.text.count(c.evidence) != 1:
                out.append(f"{where}: closure evidence occurs {note.text.count(c.evidence)} times")
        seen[note.id] = note
    return out
