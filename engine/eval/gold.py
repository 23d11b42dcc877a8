"""The labels of a suggestion scenario: ``gold.jsonl``, one labeled contact per line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GoldPromise:
    """A promise the user still owes the contact, and the catalog item that keeps it (if any)."""

    evidence: str  # the promise as the note words it
    item: str | None  # None: nothing in the catalog keeps it; the honest give names no item


@dataclass(frozen=True, slots=True)
class GoldContact:
    """The labels of one contact."""

    contact: str
    as_of: date
    relevant: tuple[str, ...]
    harmful: frozenset[str]
    promises: tuple[GoldPromise, ...] = ()  # labeled in newer scenarios only


def load_gold(folder: Path) -> list[GoldContact]:
    """Read ``gold.jsonl``."""
    out = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(
                GoldContact(
                    row["contact"],
                    date.fromisoformat(row["as_of"]),
                    tuple(row["relevant"]),
                    frozenset(row["harmful"]),
                    tuple(GoldPromise(p["evidence"], p["item"]) for p in row.get("promises", [])),
                )
            )
    return out
