"""Scoring the ranker on labeled scenarios (``data/eval/suggest/``), beside two baselines.

Metrics per system, over the contacts of ``gold.jsonl``: hit@1 and hit@3 (a relevant item
at rank 1 / in the top 3), MRR (reciprocal rank of the first relevant item in the top 10) and
harm@3 (share of contacts with a harmful item in the top 3). Baselines: TF-IDF of the
contact's notes against the catalog, and the embedding of the contact's notes against the
catalog; they know nothing of status, ledger or identity, which is the point.

A scenario may also hold ``ledger.jsonl`` (see :mod:`giveback.engine.eval.ledger`): favors, tiers,
dismissed and snoozed items, and which relationships should come first. Then the ranker is
scored twice in the same run, with the ledger off and on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.tables import CatalogItem, Contact, Note
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors
from giveback.engine.catalog.store import ImportSummary, item_text, upsert_records
from giveback.engine.contacts.store import get_contact, import_contacts_jsonl
from giveback.engine.eval.gold import GoldContact
from giveback.engine.eval.ledger import LedgerLabels, apply_ledger, ledger_metrics
from giveback.engine.ledger.favors import kind_for_item_type, record_favor
from giveback.engine.listening.note_import import import_notes
from giveback.engine.listening.notes import NoteListener
from giveback.engine.suggest.ranking import RankPolicy
from giveback.engine.suggest.suggester import (
    Suggester,
    Suggestion,
    default_policy,
    ledger_suggester,
)
from giveback.pipelines.importers import parse_file
from giveback.pipelines.tfidf import Tfidf
from giveback.pipelines.wordlists import english_stop_words


def load_scenario(
    session: Session,
    folder: Path,
    listener: NoteListener,
) -> LedgerLabels | None:
    """Fill an empty store with a scenario: contacts, catalog, notes (listened), given items,
    and the ledger situations when the folder has them (their labels are returned)."""

    import_contacts_jsonl(session, folder / "contacts.jsonl")
    catalog = folder / "catalog.jsonl"
    parsed = parse_file(catalog.read_bytes(), catalog.name, "jsonl")
    upsert_records(
        session, parsed.records, ImportSummary(str(catalog), parsed.format), source=str(catalog)
    )
    session.commit()
    import_notes(session, folder / "notes.jsonl", listener)
    given = folder / "given.jsonl"
    if given.exists():
        for line in given.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            contact = get_contact(session, row["contact"])
            item_type = (
                session.scalar(
                    select(CatalogItem.type).where(CatalogItem.external_id == row["item_id"])
                )
                or "other"
            )
            record_favor(
                session,
                contact.id,
                "given",
                kind_for_item_type(item_type),
                entry_date=date.fromisoformat(row["date"]),
                item_external_id=row["item_id"],
            )
    session.commit()
    return apply_ledger(session, folder)


def metrics(ranked: dict[str, list[str]], gold: Sequence[GoldContact]) -> dict[str, float]:
    """hit@1, hit@3, MRR and harm@3 of ranked item ids per contact."""
    hit1 = hit3 = rr = harm = 0.0
    for g in gold:
        ids = ranked.get(g.contact, [])
        relevant = set(g.relevant)
        hit1 += bool(ids[:1] and ids[0] in relevant)
        hit3 += any(i in relevant for i in ids[:3])
        rank = next((k for k, i in enumerate(ids[:10], 1) if i in relevant), None)
        rr += 1 / rank if rank else 0.0
        harm += any(i in g.harmful for i in ids[:3])
    n = max(1, len(gold))
    return {"hit@1": hit1 / n, "hit@3": hit3 / n, "mrr": rr / n, "harm@3": harm / n}


def _notes_by_contact(session: Session, gold: Sequence[GoldContact]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        contact = get_contact(session, g.contact)
        for text in session.scalars(
            select(Note.text)
            .where(Note.contact_id == contact.id, Note.note_date <= g.as_of)
            .order_by(Note.note_date)
        ):
            out[g.contact].append(text)
    return out


def _suggested(
    suggester: Suggester, session: Session, gold: Sequence[GoldContact]
) -> dict[str, list[Suggestion]]:
    out: dict[str, list[Suggestion]] = {}
    for g in gold:
        contact_id = session.scalar(select(Contact.id).where(Contact.name == g.contact))
        out[g.contact] = [] if contact_id is None else suggester.suggest(g.as_of, [contact_id], 10)
    return out


def _catalog_gives(suggested: dict[str, list[Suggestion]]) -> dict[str, list[str]]:
    """Each contact's ranked catalog items. Reminders of promises no item keeps are not catalog
    gives: hit@k and harm@k score the catalog, and ``promises`` scores the reminders."""
    return {
        name: [s.item_id for s in found if s.type != "promise"] for name, found in suggested.items()
    }


def same_words(a: str, b: str) -> bool:
    """Whether one text holds the other (case and spacing aside): a promise as labeled and as
    heard."""
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    return a in b or b in a


def promises_kept(
    suggested: dict[str, list[Suggestion]], gold: Sequence[GoldContact]
) -> float | None:
    """Share of labeled promises given right: the first give drawn from the promise (within
    the top 10) is the item that keeps it, or, when no item keeps it, no item is drawn from it
    (a reminder with no item is right; an unrelated item offered "as promised" is wrong).
    ``None`` without labeled promises."""
    right = total = 0
    for g in gold:
        for promise in g.promises:
            total += 1
            drawn = next(
                (
                    s
                    for s in suggested.get(g.contact, [])
                    if s.signal_kind == "commitment" and same_words(s.evidence, promise.evidence)
                ),
                None,
            )
            right += (drawn is None or drawn.type == "promise") if promise.item is None else (
                drawn is not None and drawn.item_id == promise.item
            )  # fmt: skip
    return right / total if total else None


def run_systems(
    session: Session,
    encoder: Encoder,
    gold: Sequence[GoldContact],
    policy: RankPolicy | None = None,
    ledger: LedgerLabels | None = None,
) -> dict[str, dict[str, float | None]]:
    """Score our ranker and both baselines on a loaded scenario (and, where promises are
    labeled and the promise keeper is installed, the ranker with the rules alone matching them).

    With ledger labels, the ranker is scored with the ledger off (no relationship weight, no
    penalty for items like a dismissed one: the ranker as it was before the ledger) and on,
    against the gold extended by the ledger (dismissed and snoozed items are harmful).
    """

    items = list(session.scalars(select(CatalogItem).order_by(CatalogItem.id)))
    ids = [i.external_id for i in items]
    texts = [item_text(i) for i in items]
    notes = _notes_by_contact(session, gold)
    results: dict[str, dict[str, float | None]] = {}
    policy = policy or default_policy()

    promised = any(g.promises for g in gold)
    if ledger is None:
        suggested = _suggested(Suggester(session, encoder, policy), session, gold)
        ranked = _catalog_gives(suggested)
        results["giveback ranker"] = {**metrics(ranked, gold)}
        if promised:
            results["giveback ranker"]["promises"] = promises_kept(suggested, gold)
        if promised and policy.promise_keeper is not None:
            # The ranker as it was before the learned promise keeper, in the same run.
            rules = replace(policy, promise_keeper=None)
            suggested = _suggested(Suggester(session, encoder, rules), session, gold)
            results["giveback ranker, promises by the rules"] = {
                **metrics(_catalog_gives(suggested), gold),
                "promises": promises_kept(suggested, gold),
            }
    else:
        gold = ledger.extend(gold)
        systems = {
            "giveback ranker, ledger off": Suggester(
                session, encoder, replace(policy, dismissed_penalty=0.0)
            ),
            "giveback ranker + ledger": ledger_suggester(session, encoder, policy=policy),
        }
        for name, suggester in systems.items():
            suggested = _suggested(suggester, session, gold)
            ranked = _catalog_gives(suggested)
            results[name] = {
                **metrics(ranked, gold),
                **ledger_metrics(suggester, ranked, gold, ledger),
            }
            if promised:
                results[name]["promises"] = promises_kept(suggested, gold)

    tfidf = Tfidf.fit(texts, sublinear_tf=True, stop_words=english_stop_words())
    matrix = tfidf.transform(texts)
    # The baselines have no ledger and no promises: their cells stay empty.
    extra = dict.fromkeys(next(iter(results.values())))
    results["baseline: tf-idf of notes"] = {
        **extra,
        **metrics(
            _top(
                gold,
                lambda g: (tfidf.transform([" ".join(notes[g.contact])]) @ matrix.T).toarray()[0],
                ids,
            ),
            gold,
        ),
    }

    item_vecs = cached_vectors(session, encoder, texts)

    def by_embedding(g: GoldContact) -> np.ndarray:
        vecs = cached_vectors(session, encoder, notes[g.contact] or [""])
        query = vecs.mean(axis=0)
        scores: np.ndarray = item_vecs @ (query / (np.linalg.norm(query) or 1.0))
        return scores

    results["baseline: embedding of notes"] = {
        **extra,
        **metrics(_top(gold, by_embedding, ids), gold),
    }
    session.commit()
    return results


def _top(
    gold: Sequence[GoldContact], scores: Callable[[GoldContact], Any], ids: Sequence[str]
) -> dict[str, list[str]]:
    out = {}
    for g in gold:
        s = np.asarray(scores(g))
        out[g.contact] = [ids[i] for i in np.argsort(-s)[:10]]
    return out
