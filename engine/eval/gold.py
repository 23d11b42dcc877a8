"""The labels of a suggestion scenario: ``gold.jsonl``, one labeled contact per line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GoldContact:
    """The labels of one contact."""

    contact: str
    as_of: date
    relevant: tuple[str, ...]
    harmful: frozenset[str]


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
                )
            )
    return out
