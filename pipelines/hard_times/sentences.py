"""Labeled sentences about hard times (``data/hard_times``): what one line holds, and reading them.

One JSON object per line: ``text``, ``label`` (``hard`` or ``not``), ``kind`` (what hard time,
or which near miss it is) and ``who`` it is about. Splits are folders (``train``, ``dev``,
``test``), one file per writer, so that a writer's sentences never land in two splits; see
``data/hard_times/README.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from giveback.core.errors import InvalidInput

HARD_KINDS = (
    "bereavement",
    "illness",
    "surgery",
    "job_loss",
    "new_baby",
    "breakup",
    "pregnancy_loss",
    "caring",
    "other",
)
# The near misses a "not" sentence is written as: what a hard-time detector must not hear; and
# "note", a sentence of the listener's corpus with no event in it (``ordinary.py``).
NOT_KINDS = (
    "past", "job_near_it", "figurative", "mild", "far", "plan", "happy", "ordinary", "note",
)  # fmt: skip
WHO = ("contact", "close", "other")
SPLITS = ("train", "dev", "test")


@dataclass(frozen=True, slots=True)
class LabeledSentence:
    """One sentence of a note, and whether it tells of a hard time now."""

    text: str
    hard: bool
    kind: str
    who: str
    writer: str


def _sentence(row: object, writer: str, where: str) -> LabeledSentence:
    if not isinstance(row, dict):
        raise InvalidInput(f"{where}: a line must be a JSON object")
    text, label, kind, who = (row.get(k) for k in ("text", "label", "kind", "who"))
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"{where}: 'text' must be a non-empty string")
    if label not in ("hard", "not"):
        raise InvalidInput(f"{where}: 'label' must be 'hard' or 'not', not {label!r}")
    kinds = HARD_KINDS if label == "hard" else NOT_KINDS
    if kind not in kinds:
        raise InvalidInput(f"{where}: a {label!r} sentence's 'kind' is one of {', '.join(kinds)}")
    if who not in WHO:
        raise InvalidInput(f"{where}: 'who' must be one of {', '.join(WHO)}, not {who!r}")
    return LabeledSentence(text.strip(), label == "hard", kind, who, writer)


def read_writer(path: Path) -> list[LabeledSentence]:
    """One writer's file; a malformed line is an error naming the file and line."""
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidInput(f"{where}: not JSON ({error.msg})") from error
        out.append(_sentence(row, path.stem, where))
    return out


def load_split(root: Path, split: str) -> list[LabeledSentence]:
    """Every writer's sentences in one split folder, writer by writer in name order."""
    if split not in SPLITS:
        raise InvalidInput(f"no split {split!r}: one of {', '.join(SPLITS)}")
    folder = root / split
    if not folder.is_dir():
        raise InvalidInput(f"{folder} does not exist")
    return [s for path in sorted(folder.glob("*.jsonl")) for s in read_writer(path)]
