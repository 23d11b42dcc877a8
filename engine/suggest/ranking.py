"""Ranking the next give for a relationship. Pure: no database, no models, only numbers.

The caller builds :class:`Relationship` values (open and closed signals with their query
vectors) and a :class:`HybridRetriever` over the catalog; :func:`rank_relationship` returns
scored candidates that obey the rules that never bend:

- nothing comes from a negated or resolved signal, and an item that matches a closed signal
  better than the open one it was found for is dropped (unless the open one renews that
  closed one in the very note that closed it: :func:`renews`);
- a contact is never introduced to themselves; given, dismissed and snoozed items are out;
- items like one the user dismissed for a contact score lower for that contact;
- below the similarity threshold there is no suggestion at all;
- the top few are diverse: a give much like one shown before it is scored down.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.cautions import banned_item_types, names_topic, topics_ruled_out
from giveback.engine.suggest.known import already_with
from giveback.engine.suggest.naming import thing_words
from giveback.engine.suggest.promise_people import people_by_first_name
from giveback.engine.suggest.promises import promise_hits, promises_over
from giveback.engine.suggest.values import (
    Candidate,
    LedgerHook,
    NeutralLedger,
    RankPolicy,
    RankSignal,
    Relationship,
    TurnedDown,
    freshness,
    promised_first,
)

# A give found by two signals is given for the one it matches this much more closely (cosine),
# whichever weighs more; else for the one that scores it higher.
REASON_MARGIN = 0.1

# The ranker's values live in values.py; they are named here too, where callers look for them.
__all__ = [
    "Candidate",
    "LedgerHook",
    "NeutralLedger",
    "RankPolicy",
    "RankSignal",
    "Relationship",
    "TurnedDown",
    "candidates",
    "finish_ranking",
    "freshness",
    "intro_reach",
    "rank_relationship",
]


def rank_relationship(
    rel: Relationship,
    items: Sequence[RankItem],
    hits_by_row: dict[int, list[Hit]],
    item_vectors: np.ndarray,
    query_vectors: np.ndarray,
    as_of: date,
    policy: RankPolicy,
    intro_side: dict[int, Relationship] | None = None,
    limit: int = 5,
) -> list[Candidate]:
    """Ranked, diverse gives for one relationship (at most ``limit``)."""
    found = candidates(rel, items, hits_by_row, item_vectors, query_vectors, as_of, policy)
    return finish_ranking(rel, found, item_vectors, query_vectors, policy, intro_side, limit)


def candidates(
    rel: Relationship,
    items: Sequence[RankItem],
    hits_by_row: dict[int, list[Hit]],
    item_vectors: np.ndarray,
    query_vectors: np.ndarray,
    as_of: date,
    policy: RankPolicy,
    people: dict[str, list[int]] | None = None,
    turned_down: list[TurnedDown] | None = None,
) -> dict[int, Candidate]:
    """Every give that passes the rules, by catalog index, scored before any intro bonus.

    A promise brings only the item it names (:func:`promise_hits`); ``people`` is the catalog's
    people by first name (computed here when not given). Gives a rule turns down are added to
    ``turned_down``, with the rule, when it is given.
    """

    def down(hit: Hit, sig: RankSignal, why: str) -> None:
        if turned_down is not None:
            turned_down.append(TurnedDown(items[hit.item], sig, hit.score, why))

    best: dict[int, Candidate] = {}
    closed = [s for s in rel.closed_signals if s.kind != "caution"]
    cautions = [s for s in rel.closed_signals if s.kind == "caution"]
    caution_vecs = query_vectors[[s.row for s in cautions]] if cautions else None
    banned_types = {t for s in cautions for t in banned_item_types(s.phrase)}
    topics = [(s, t) for s in cautions for t in topics_ruled_out(s.phrase, s.evidence)]
    if people is None:
        people = people_by_first_name(items)
    promised_before = promises_over(rel, items, hits_by_row, people, policy)
    for sig in rel.open_signals:
        weight = policy.kind_weight.get(sig.kind, 0.5)
        weight *= policy.hedged_weight if sig.status == "hedged" else 1.0
        weight *= policy.third_party_weight if sig.about == "third_party" else 1.0
        weight *= freshness(sig.kind, sig.since, as_of, policy)
        hits = hits_by_row.get(sig.row, [])
        if sig.kind == "commitment":
            searched = hits
            hits = promise_hits(rel, sig, items, hits, item_vectors, query_vectors, people, policy)
            kept = {h.item for h in hits}
            for hit in searched[:3]:
                if hit.item not in kept:
                    down(hit, sig, "a promise is kept only by the item it names, not by one "
                         "the search finds near it")  # fmt: skip
        # What is over for this signal: the closed signals it does not renew.
        over = [c for c in closed if not renews(sig, c)]
        if sig.kind == "commitment":
            # A promise is made moot only by what ends after it was made ("the freezer grant is
            # dead" after "I'll find her the grant writer's name"); what was over when it was
            # made, the user knew of ("I read Dr. Lavoie's paper ... I'll introduce you to
            # Sophie"). On the dev networks: 6 more first places, no more harm.
            over = [c for c in over if (c.closed_on or c.note_date) > sig.note_date]
        closed_vecs = query_vectors[[c.row for c in over]] if over else None
        # How close each hit is to the closest closed signal: one product per signal.
        closed_sims = (
            (item_vectors[[h.item for h in hits]] @ closed_vecs.T).max(axis=1)
            if closed_vecs is not None and hits
            else None
        )
        for n, hit in enumerate(hits):
            if hit.score < policy.min_similarity:
                if n < 3:
                    bar = policy.min_similarity
                    down(hit, sig, f"too weak a match: {hit.score:.2f}, below the bar of "
                         f"{bar:.2f} (an empty slot beats a weak give)")  # fmt: skip
                continue
            item = items[hit.item]
            if item.external_id in rel.excluded_items:
                down(hit, sig, f"already given to {rel.name}, or dismissed or snoozed for them")
                continue
            if sig.kind != "commitment" and hit.item in promised_before:
                said = promised_before[hit.item]
                down(hit, sig, f'promised to {rel.name} before, and that promise is over (kept, '
                     f'released or moot): "{said.evidence}"')  # fmt: skip
                continue
            if item.contact_id == rel.contact_id or (
                rel.catalog_index is not None and hit.item == rel.catalog_index
            ):
                down(hit, sig, f"this is {rel.name}")
                continue
            if (
                item.type == "contact"
                and sig.kind != "commitment"
                and sig.confidence < policy.intro_min_confidence
            ):
                down(hit, sig, f"an introduction needs a surer signal: heard at "
                     f"{sig.confidence:.2f}, below {policy.intro_min_confidence:.2f}")  # fmt: skip
                continue
            knows = (
                item.type == "contact"
                and sig.kind != "commitment"
                and next(
                    (
                        s
                        for s in (*rel.open_signals, *rel.closed_signals)
                        if already_with(item, s, rel.name)
                    ),
                    None,
                )
            )
            if knows:
                down(hit, sig, f'{rel.name} already knows {item.title}: "{knows.evidence}"')
                continue
            named = next(
                (
                    s
                    for s, t in topics
                    if names_topic(t, item.type, item.title, item.tags, item.text)
                ),
                None,
            )
            if named is not None:
                # the user said not to send this person anything on what the give is about
                down(hit, sig, f'ruled out by a caution: "{named.evidence}"')
                continue
            if item.type in banned_types or (
                caution_vecs is not None
                and float((caution_vecs @ item_vectors[hit.item]).max()) >= policy.caution_min
            ):
                # the user said not to give this person such a thing
                said = _nearest(cautions, caution_vecs, item_vectors[hit.item], item.type)
                down(hit, sig, f'ruled out by a caution: "{said.evidence}"')
                continue
            if closed_sims is not None:
                closed_best = float(closed_sims[n])
                if (
                    closed_best >= policy.closed_min
                    and closed_best >= hit.semantic - policy.closed_margin
                ):
                    # it is about a need that is met or denied, more than this one
                    said = _nearest(over, closed_vecs, item_vectors[hit.item])
                    down(hit, sig, f'closer to what is over: "{said.evidence}" '
                         f"({said.note_date.isoformat()}, {_how_over(said)})")  # fmt: skip
                    continue
            score = hit.score * weight
            if rel.dismissed or rel.dismissed_wrong:
                score *= dismissal_factor(
                    hit.item, rel.dismissed, item_vectors, policy, rel.dismissed_wrong
                )
            current = best.get(hit.item)
            if sig.kind == "commitment":  # what was promised is given as the promise
                if current is not None and current.signal.kind != "commitment":
                    score = max(score, current.score)
                first = promised_first(sig.kind, sig.since, as_of, policy)
                best[hit.item] = Candidate(item, sig, score, hit.semantic, first=first)
            elif current is None:
                best[hit.item] = Candidate(item, sig, score, hit.semantic)
            elif current.signal.kind != "commitment":
                best[hit.item] = _better_reason(current, Candidate(item, sig, score, hit.semantic))
    return best


def renews(sig: RankSignal, closed: RankSignal) -> bool:
    """Whether an open signal is a closed one come back: the same kind, a word of the same
    thing, said in the note that closed it ("she filled both slots, so she doesn't need more
    partners this year, but wants to line up partners for fall 2027"). Gives for the closed
    one then serve the open one: the note says both that the old one is over and what is
    wanted now.

    Only the note of the closure renews. A look-alike heard before it is a restatement that
    note did not close, and one heard after it is as likely a restatement of what was met
    ("thanks again for the lawyer") as a new need: what is over rules out the gives of both.
    """
    if sig.kind != closed.kind or sig.kind in ("commitment", "caution"):
        return False
    if sig.note_date != (closed.closed_on or closed.note_date):
        return False
    # The closed one's own phrase may name less than its sentence does ("industry" for
    # "needs industry partners"): the thing is looked for in both.
    return bool(thing_words(sig.phrase) & thing_words(f"{closed.phrase} {closed.evidence}"))


def _how_over(sig: RankSignal) -> str:
    """How a closed signal stopped being open, for a reason: its status, or its closure."""
    if sig.status in ("negated", "resolved") or sig.closed_on in (None, sig.note_date):
        return sig.status  # heard so, or over for a reason of its own (an event past)
    return f"closed {sig.closed_on.isoformat()}"


def _better_reason(current: Candidate, other: Candidate) -> Candidate:
    """One give found by two signals: its score is the better of theirs, and its reason the
    signal it answers best: the one that matches it clearly better ("learning Rust" for a Rust
    article, not "might speak at conferences", the sentence after it, though a need weighs
    more than an interest); between close ones, the one whose words name it."""
    score = max(current.score, other.score)
    closer = other if other.similarity > current.similarity else current
    if abs(other.similarity - current.similarity) < REASON_MARGIN:
        # As close as each other: the one whose sentence names what the give is about
        # ("the best winter birding spots" for "Winter birding around the Bay", not the
        # house she is subletting), else the one that scores it higher.
        named = [_names(c.signal, c.item.title) for c in (current, other)]
        if named[0] != named[1]:
            closer = current if named[0] else other
        else:
            closer = other if other.score > current.score else current
    return replace(closer, score=score)


def _names(sig: RankSignal, title: str) -> bool:
    """Whether a signal's phrase or sentence says a word the give's title names it by."""
    return bool(thing_words(title) & thing_words(f"{sig.phrase} {sig.evidence}"))


def _nearest(
    signals: Sequence[RankSignal],
    vectors: np.ndarray | None,
    item_vector: np.ndarray,
    item_type: str | None = None,
) -> RankSignal:
    """The signal (a caution, or one that is over) closest to an item: the one to quote."""
    if item_type is not None:
        for sig in signals:
            if item_type in banned_item_types(sig.phrase):
                return sig
    if vectors is None:
        return signals[0]
    return signals[int(np.argmax(vectors @ item_vector))]


def _pool_size(limit: int) -> int:
    return max(limit * 6, 20)


def intro_reach(
    rel: Relationship, found: dict[int, Candidate], policy: RankPolicy, limit: int
) -> set[int]:
    """The people among the candidates whose other side can change the ranking.

    The intro bonus is the same for every signal of an item, so an item whose score plus the
    bonus stays under the pool's last score without bonuses can never enter the pool: the
    other side of such a person need not be read at all.
    """
    if rel.catalog_index is None:
        return set()
    people = [
        c for c in found.values() if c.item.type == "contact" and c.item.contact_id is not None
    ]
    if not people:
        return set()
    # Recent promises kept are shown whatever their scores; the rest compete for the pool.
    scores = sorted((c.score for c in found.values() if not c.first), reverse=True)
    pool = _pool_size(limit)
    floor = scores[pool - 1] if len(scores) >= pool else -math.inf
    return {
        c.item.contact_id
        for c in people
        if c.item.contact_id is not None and (c.first or c.score + policy.intro_bonus >= floor)
    }


def finish_ranking(
    rel: Relationship,
    found: dict[int, Candidate],
    item_vectors: np.ndarray,
    query_vectors: np.ndarray,
    policy: RankPolicy,
    intro_side: dict[int, Relationship] | None = None,
    limit: int = 5,
) -> list[Candidate]:
    """Introductions matched on both sides get their bonus; then the recent promises kept,
    and after them the diverse top ``limit`` of the rest."""
    ranked = list(found.values())
    if intro_side:
        for n, cand in enumerate(ranked):
            if cand.item.type == "contact" and cand.item.contact_id is not None:
                other = _other_side(rel, cand.item, intro_side, query_vectors, item_vectors, policy)
                if other is not None:
                    ranked[n] = replace(
                        cand, score=cand.score + policy.intro_bonus, other_side=other
                    )
    ranked.sort(key=lambda c: (not c.first, -c.score))
    return _diverse(ranked, item_vectors, policy, limit)


def dismissal_factor(
    item: int,
    dismissed: Sequence[int],
    item_vectors: np.ndarray,
    policy: RankPolicy,
    wrong: Sequence[int] = (),
) -> float:
    """How much of its score an item keeps, given what the user dismissed for this contact
    (``dismissed``), those dismissed as for the wrong person (``wrong``) counting twice.

    Only ever lowers a score, so it can reorder gives above the threshold but never bring
    one up to it.
    """
    if policy.dismissed_penalty <= 0:
        return 1.0
    start, full = policy.dismissed_alike
    kept = 1.0
    penalty_of = ((dismissed, policy.dismissed_penalty), (wrong, 2 * policy.dismissed_penalty))
    for group, penalty in penalty_of:
        if not group:
            continue
        likeness = float(np.max(item_vectors[list(group)] @ item_vectors[item]))
        share = min(1.0, max(0.0, (likeness - start) / max(full - start, 1e-6)))
        kept = min(kept, max(0.0, 1.0 - penalty * share))
    return kept


def _other_side(
    rel: Relationship,
    item: RankItem,
    intro_side: dict[int, Relationship],
    query_vectors: np.ndarray,
    item_vectors: np.ndarray,
    policy: RankPolicy,
) -> RankSignal | None:
    """The other person's open need that the contact could meet, when there is one."""
    other = intro_side.get(item.contact_id or -1)
    if other is None or rel.catalog_index is None:
        return None
    mine = item_vectors[rel.catalog_index]
    best, best_sim = None, policy.two_sided_min
    for sig in other.open_signals:
        if sig.kind not in ("need", "interest") or sig.confidence < policy.intro_min_confidence:
            continue
        sim = float(query_vectors[sig.row] @ mine)
        if sim >= best_sim:
            best, best_sim = sig, sim
    return best


def _diverse(
    ranked: list[Candidate], item_vectors: np.ndarray, policy: RankPolicy, limit: int
) -> list[Candidate]:
    """The top ``limit``: the recent promises kept first (``ranked`` has them first), as they
    are; then the rest, each scored down for how much it is like a give chosen before it.

    Each pick of the rest is the candidate with the best score after that penalty, and the
    penalty only grows as picks are added, so the scores of the rest fall in the shown order.
    A lowered candidate remembers the give it is like, for the reason.
    """
    chosen = [c for c in ranked if c.first][:limit]
    pool = [c for c in ranked if not c.first][: _pool_size(limit)]
    start, weight = policy.redundancy_start, policy.redundancy_weight
    while pool and len(chosen) < limit:
        if not chosen:
            chosen.append(pool.pop(0))
            continue
        picked_vecs = item_vectors[[c.item.index for c in chosen]]
        best_i, best_val, best_like = 0, -math.inf, -1
        for i, cand in enumerate(pool):
            likeness = picked_vecs @ item_vectors[cand.item.index]
            nearest = int(np.argmax(likeness))
            value = cand.score - weight * max(0.0, float(likeness[nearest]) - start)
            if value > best_val:
                best_i, best_val, best_like = i, value, nearest
        pick = pool.pop(best_i)
        if best_val < pick.score:
            pick = replace(pick, score=best_val, like=chosen[best_like].item)
        chosen.append(pick)
    return chosen
