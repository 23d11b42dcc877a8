"""Scoring asks on labeled scenarios (``data/eval/asks*/``), beside a similarity-only baseline.

A scenario folder holds ``contacts``, ``catalog``, ``notes`` (listened as the user's would be),
``favors`` (the ledger), ``asks`` (asks already made), ``needs`` (the user's open needs) and
``gold`` (per need: the people right to ask now, and the harmful ones with why: over-asked,
struggling now, the same struggle, a stranger, near-miss expertise).

Per system, over the labeled needs: hit@1 and hit@3 (a right person first / in the top 3),
MRR (top 10), harm@3 (share of needs with a harmful person in the top 3) and harm by why.
Systems, in the same run: our asker; our asker's fit with the guards off (what the rules add);
and a similarity-only baseline: each person's best match among their notes, catalog entry and
favors, nothing else.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.tables import AskRow, CatalogItem, Contact, LedgerEntry, Note
from giveback.engine.asks.drafts import GENERIC_REASON
from giveback.engine.asks.needs import Need, add_need
from giveback.engine.asks.policy import AskPolicy
from giveback.engine.asks.ranking import Ask, Asker
from giveback.engine.asks.scorer import AskScorer
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors
from giveback.engine.catalog.store import ImportSummary, upsert_records
from giveback.engine.contacts.store import get_contact, import_contacts_jsonl
from giveback.engine.ledger.favors import record_favor
from giveback.engine.listening.note_import import import_notes
from giveback.engine.listening.notes import NoteListener
from giveback.pipelines.hard_times.model import HardTimeModel
from giveback.pipelines.importers import parse_file

SCENARIO_FILES = ("contacts.jsonl", "catalog.jsonl", "notes.jsonl", "needs.jsonl", "gold.jsonl")
HARM_KINDS = ("over_asked", "struggling_now", "same_struggle", "stranger", "near_miss")


@dataclass(frozen=True, slots=True)
class GoldNeed:
    """The labels of one need."""

    need: str
    as_of: date
    helpers: frozenset[str]
    harmful: dict[str, str]  # name -> why (one of HARM_KINDS)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def load_gold(folder: Path) -> list[GoldNeed]:
    """Read ``gold.jsonl``: the why of each harmful person is the word before the colon."""
    out = []
    for row in _jsonl(folder / "gold.jsonl"):
        why = row.get("harmful_why", {})
        out.append(
            GoldNeed(
                row["need"],
                date.fromisoformat(row["as_of"]),
                frozenset(row["helpers"]),
                {name: str(why.get(name, "")).split(":")[0].strip() for name in row["harmful"]},
            )
        )
    return out


def load_scenario(session: Session, folder: Path, listener: NoteListener) -> dict[str, Need]:
    """Fill an empty store with a scenario; returns the user's needs by their gold id."""
    import_contacts_jsonl(session, folder / "contacts.jsonl")
    catalog = folder / "catalog.jsonl"
    parsed = parse_file(catalog.read_bytes(), catalog.name, "jsonl")
    upsert_records(
        session, parsed.records, ImportSummary(str(catalog), parsed.format), source=str(catalog)
    )
    session.commit()
    import_notes(session, folder / "notes.jsonl", listener)
    for row in _jsonl(folder / "favors.jsonl"):
        record_favor(
            session,
            get_contact(session, row["contact"]).id,
            row["direction"],
            row.get("kind", "other"),
            row.get("what", ""),
            date.fromisoformat(row["date"]),
            thanked=True,
        )
    for row in _jsonl(folder / "asks.jsonl"):
        session.add(
            AskRow(
                contact_id=get_contact(session, row["contact"]).id,
                what=row["need"],
                asked_on=date.fromisoformat(row["date"]),
                outcome=row.get("outcome", "pending"),
                draft="",
            )
        )
    needs = {
        row["id"]: add_need(session, row["text"], date.fromisoformat(row["date"]))
        for row in _jsonl(folder / "needs.jsonl")
    }
    session.commit()
    return needs


def metrics(ranked: dict[str, list[str]], gold: Sequence[GoldNeed]) -> dict[str, float]:
    """hit@1, hit@3, MRR, harm@3, and harm@3 of each kind of harm."""
    hit1 = hit3 = rr = harm = 0.0
    kinds: Counter[str] = Counter()
    for g in gold:
        names = ranked.get(g.need, [])
        hit1 += bool(names[:1] and names[0] in g.helpers)
        hit3 += any(n in g.helpers for n in names[:3])
        rank = next((k for k, n in enumerate(names[:10], 1) if n in g.helpers), None)
        rr += 1 / rank if rank else 0.0
        harmed = {g.harmful[n] for n in names[:3] if n in g.harmful}
        harm += bool(harmed)
        kinds.update(harmed)
    n = max(1, len(gold))
    out = {"hit@1": hit1 / n, "hit@3": hit3 / n, "mrr": rr / n, "harm@3": harm / n}
    out.update({f"harm:{k}": kinds[k] / n for k in HARM_KINDS})
    return out


def told_why(asked: dict[str, list[Ask]]) -> float:
    """Share of the top two asks of each need whose draft says why this person (something
    known of them told back, not "You were the first person I thought of"), over the needs
    with any ask."""
    shares = [
        sum(GENERIC_REASON not in a.draft for a in found[:2]) / len(found[:2])
        for found in asked.values()
        if found
    ]
    return sum(shares) / len(shares) if shares else 0.0


class _NoGuards(Asker):
    """The asker's fit and standing, with every guard off."""

    def _holdback(
        self, person: Any, need: Any, struggle: Any, as_of: date, not_theirs: Any = None
    ) -> None:
        return None


def _similarity_only(
    session: Session, encoder: Encoder, needs: dict[str, Need], gold: Sequence[GoldNeed]
) -> dict[str, list[str]]:
    """Each person's best match among their notes, catalog entry and favors (as of the need's
    day); nothing else: no rules, no relationship, no ledger."""
    texts: dict[str, list[tuple[str, date | None]]] = {}
    names = {c.id: c.name for c in session.scalars(select(Contact))}
    for contact_id, text, day in session.execute(
        select(Note.contact_id, Note.text, Note.note_date)
    ):
        texts.setdefault(names[contact_id], []).append((text, day))
    for item in session.scalars(select(CatalogItem).where(CatalogItem.contact_id.is_not(None))):
        texts.setdefault(names[item.contact_id or 0], []).append(
            (f"{item.title}. {item.text}", None)
        )
    for entry in session.scalars(select(LedgerEntry).where(LedgerEntry.direction == "received")):
        if entry.description:
            texts.setdefault(names[entry.contact_id], []).append(
                (entry.description, entry.entry_date)
            )
    out = {}
    for g in gold:
        need_vec = cached_vectors(session, encoder, [needs[g.need].text])[0]
        scores = []
        for name, found in texts.items():
            kept = [t for t, d in found if d is None or d <= g.as_of]
            if kept:
                scores.append(
                    (float((cached_vectors(session, encoder, kept) @ need_vec).max()), name)
                )
        out[g.need] = [name for _, name in sorted(scores, reverse=True)[:10]]
    return out


def run_systems(
    session: Session,
    encoder: Encoder,
    needs: dict[str, Need],
    gold: Sequence[GoldNeed],
    policy: AskPolicy | None = None,
    scorer: AskScorer | None = None,
    hard_times: HardTimeModel | None = None,
) -> dict[str, dict[str, float]]:
    """Score the asker (with the trained scorer when given), the asker by its hand-set fit,
    the hand-set fit with the guards off, and the similarity-only baseline. The guards hear
    hard times with the learned model too when one is given."""
    policy = policy or AskPolicy()
    results: dict[str, dict[str, float]] = {}
    systems: dict[str, Asker] = {}
    if scorer is not None:
        systems["giveback asks (scorer)"] = Asker(
            session, encoder, policy, scorer=scorer, hard_times=hard_times
        )
    systems["giveback asks, hand-set fit"] = Asker(session, encoder, policy, hard_times=hard_times)
    systems["hand-set fit, guards off"] = _NoGuards(session, encoder, policy)
    for name, asker in systems.items():
        asked = {g.need: asker.ask(g.as_of, needs=[needs[g.need]], limit=10) for g in gold}
        ranked = {need: [a.contact for a in found] for need, found in asked.items()}
        results[name] = {**metrics(ranked, gold), "told@2": told_why(asked)}
    results["baseline: similarity only"] = metrics(
        _similarity_only(session, encoder, needs, gold), gold
    )
    session.commit()
    return results
