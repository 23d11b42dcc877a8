"""Ledger situations for the suggestion eval: ``ledger.jsonl`` beside a scenario's gold.

One JSON object per line, by ``type``:

- ``received`` / ``given``: a favor (``contact``, ``kind``, ``date``, optional ``what``,
  ``item_id``, ``thanked``);
- ``tier``: ``contact``, ``tier`` and optionally ``every_days``;
- ``dismissed``: ``contact``, ``item_id`` and ``alike`` (ids a labeler judges like the
  dismissed one, so now less wanted for that contact);
- ``snoozed``: ``contact``, ``item_id``, ``date`` (when) and ``until``;
- ``priority``: a relationship that should come first in ``giveback next`` as of the gold
  date (helped the user lately with nothing given back since, or past its cadence).

Dismissed items, and items snoozed past the gold date, count as harmful for their contact
(and no longer as relevant). Three measures join the per-contact ones:

- ``alike@3``: share of contacts with labeled look-alikes of a dismissed item that have one
  in their top 3 (lower is better);
- ``first@k``: share of the ``k`` priority relationships among the first ``k`` rows of
  ``next``;
- ``junk@next``: share of ``next`` rows whose give is harmful, or for someone with no
  labels at all (the ledger must never fill a slot).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from giveback.engine.catalog.store import get_item
from giveback.engine.contacts.store import get_contact
from giveback.engine.eval.gold import GoldContact
from giveback.engine.ledger.cadence import set_tier
from giveback.engine.ledger.favors import record_favor
from giveback.engine.suggest.feedback import dismiss, snooze
from giveback.engine.suggest.suggester import Suggester

LEDGER_FILE = "ledger.jsonl"
TYPES = ("received", "given", "tier", "dismissed", "snoozed", "priority")


@dataclass(frozen=True)
class LedgerLabels:
    """What the ledger file says the ranking should respect."""

    lines: int
    dismissed: dict[str, frozenset[str]] = field(default_factory=dict)
    alike: dict[str, frozenset[str]] = field(default_factory=dict)
    snoozed: dict[str, tuple[tuple[str, date, date], ...]] = field(default_factory=dict)
    priority: tuple[str, ...] = ()

    def hidden(self, contact: str, as_of: date) -> frozenset[str]:
        """Items that must not be suggested to a contact as of a date."""
        snoozed = {
            item for item, when, until in self.snoozed.get(contact, ()) if when <= as_of < until
        }
        return self.dismissed.get(contact, frozenset()) | snoozed

    def extend(self, gold: Sequence[GoldContact]) -> list[GoldContact]:
        """The gold with hidden items harmful (and not relevant) for their contact."""
        out = []
        for g in gold:
            hidden = self.hidden(g.contact, g.as_of)
            out.append(
                replace(
                    g,
                    relevant=tuple(i for i in g.relevant if i not in hidden),
                    harmful=g.harmful | hidden,
                )
            )
        return out


def _rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row, dict) or row.get("type") not in TYPES:
            raise ValueError(f"{path.name} line {number}: type must be one of {', '.join(TYPES)}")
        if not row.get("contact"):
            raise ValueError(f"{path.name} line {number}: no contact")
        rows.append(row)
    return rows


def apply_ledger(session: Session, folder: Path) -> LedgerLabels | None:
    """Record the situations of ``ledger.jsonl`` in the store; ``None`` without the file."""
    path = folder / LEDGER_FILE
    if not path.is_file():
        return None
    rows = _rows(path)
    dismissed: dict[str, set[str]] = defaultdict(set)
    alike: dict[str, set[str]] = defaultdict(set)
    snoozed: dict[str, list[tuple[str, date, date]]] = defaultdict(list)
    priority: list[str] = []
    for row in rows:
        kind = row["type"]
        if kind == "priority":
            priority.append(get_contact(session, row["contact"]).name)
            continue
        contact = get_contact(session, row["contact"])
        if kind in ("received", "given"):
            record_favor(
                session,
                contact.id,
                kind,
                row["kind"],
                row.get("what", ""),
                date.fromisoformat(row["date"]),
                row.get("item_id"),
                row.get("value"),
                thanked=bool(row.get("thanked")),
            )
        elif kind == "tier":
            set_tier(session, contact, row.get("tier"), row.get("every_days"))
        elif kind == "dismissed":
            dismiss(session, contact, get_item(session, row["item_id"]))
            dismissed[contact.name].add(row["item_id"])
            alike[contact.name].update(row.get("alike") or ())
        else:
            when, until = date.fromisoformat(row["date"]), date.fromisoformat(row["until"])
            snooze(session, contact, get_item(session, row["item_id"]), until, today=when)
            snoozed[contact.name].append((row["item_id"], when, until))
    session.commit()
    return LedgerLabels(
        len(rows),
        {k: frozenset(v) for k, v in dismissed.items()},
        {k: frozenset(v) for k, v in alike.items() if v},
        {k: tuple(v) for k, v in snoozed.items()},
        tuple(dict.fromkeys(priority)),
    )


def ledger_metrics(
    suggester: Suggester,
    ranked: dict[str, list[str]],
    gold: Sequence[GoldContact],
    labels: LedgerLabels,
) -> dict[str, float | None]:
    """alike@3, first@k and junk@next for one system (``gold`` already extended)."""
    with_alike = [c for c in labels.alike if any(g.contact == c for g in gold)]
    alike = sum(any(i in labels.alike[c] for i in ranked.get(c, [])[:3]) for c in with_alike)
    as_of = max(g.as_of for g in gold)
    order = suggester.next_gives(as_of)
    by_contact = {g.contact: g for g in gold}
    k = len(labels.priority)
    first = {s.contact for s in order[:k]}
    junk = sum(
        1
        for s in order
        if s.contact not in by_contact or s.item_id in by_contact[s.contact].harmful
    )
    return {
        "alike@3": alike / len(with_alike) if with_alike else None,
        "first@k": len(first & set(labels.priority)) / k if k else None,
        "junk@next": junk / len(order) if order else 0.0,
    }
