"""Suggestions from the store: build each relationship's picture as of a date, then rank.

This is the glue between the tables and the pure ranker in :mod:`giveback.engine.suggest.ranking`.
It reads contacts, signals, the catalog and the given/dismissed/snoozed records, embeds what is
not yet cached, and turns ranked candidates into :class:`Suggestion` values with reasons and
drafts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from giveback.core.domain import DismissReason
from giveback.core.settings import get_settings
from giveback.core.tables import CatalogItem, Contact, Feedback, LedgerEntry, Note, SignalRow
from giveback.engine.catalog.embedding_cache import Encoder
from giveback.engine.catalog.index import RankItem, load_catalog_index
from giveback.engine.ledger.reciprocity import LedgerWeights
from giveback.engine.suggest.cautions import ruled_out
from giveback.engine.suggest.drafts import Tone
from giveback.engine.suggest.feedback import dismissed_items, with_feedback_bar
from giveback.engine.suggest.owed import StillOwed, closed_by_a_note, reopened, still_owed
from giveback.engine.suggest.promise_keeper import PromiseKeeper
from giveback.engine.suggest.promise_people import people_by_first_name
from giveback.engine.suggest.promise_said import is_reply
from giveback.engine.suggest.promises import unkept_promises
from giveback.engine.suggest.queries import (
    SignalQueries,
    answered_turn,
    recalled,
    sentence_parts,
)
from giveback.engine.suggest.ranking import candidates, finish_ranking, intro_reach
from giveback.engine.suggest.reasons import called
from giveback.engine.suggest.standing import (
    OPEN_STATUSES,
    not_shown,
    shown_order,
    split_signals,
)
from giveback.engine.suggest.suggestion import Suggestion, give_suggestion, reminder_suggestion
from giveback.engine.suggest.values import (
    LedgerHook,
    NeutralLedger,
    RankPolicy,
    RankSignal,
    Relationship,
    TurnedDown,
    freshness,
)

__all__ = ["Suggester", "Suggestion", "ledger_suggester", "sentence_parts"]

_QUERY_KINDS = ("need", "interest", "event", "commitment", "caution")


def _over_on(closer: date | None, heard: date, as_of: date) -> date:
    """The day a closed signal was over: that of the note that closed it by ``as_of``, else
    its own note's (heard met or denied, a caution, an event that is past)."""
    return closer if closer is not None and closer <= as_of else heard


def _answers(row: SignalRow) -> bool:
    """Whether a signal is a promise made as a reply to the turn before it."""
    return row.kind == "commitment" and is_reply(row.evidence)


class Suggester:
    """Ranks gives for the relationships in a store (one instance per request or command)."""

    def __init__(
        self,
        session: Session,
        encoder: Encoder,
        policy: RankPolicy | None = None,
        ledger: LedgerHook | None = None,
        cache_dir: Path | None = None,
        tone: Tone = "warm",
    ) -> None:
        self.session = session
        self.tone = tone
        self.cache_dir = cache_dir
        self.encoder = encoder
        self.policy = policy or default_policy()
        self.ledger = ledger or NeutralLedger()
        self._context: dict[int, tuple[str, str]] = {}
        self._asked: dict[int, str] = {}  # a promise's question before it, by signal id
        # Third parties' signals heard in another contact's note and stored under the person
        # they are about ("Dolores: Grace badly needs someone who can lead a sing"), by id.
        self._relayed: set[int] = set()

    # -- loading ------------------------------------------------------------------------------
    def _signals(
        self,
        as_of: date,
        contact_ids: Sequence[int] | None = None,
    ) -> dict[int, list[tuple[SignalRow, date, date | None]]]:
        """Each contact's signals heard by ``as_of``, with their note's date and the date of
        the note that closed them (``None``: not closed)."""
        closer = aliased(Note)
        query = (
            select(SignalRow, Note.note_date, Note.text, Note.contact_id, closer.note_date)
            .join(Note, Note.id == SignalRow.note_id)
            .outerjoin(closer, closer.id == SignalRow.closed_by_note_id)
            .where(Note.note_date <= as_of, SignalRow.kind.in_(_QUERY_KINDS))
            .order_by(Note.note_date, Note.id, SignalRow.start)
        )
        if contact_ids is not None:
            query = query.where(SignalRow.contact_id.in_(list(contact_ids)))
        rows = self.session.execute(query).all()
        by_contact: dict[int, list[tuple[SignalRow, date, date | None]]] = defaultdict(list)
        for row, note_date, text, note_contact_id, closed_on in rows:
            if row.about == "third_party" and row.contact_id != note_contact_id:
                self._relayed.add(row.id)
            own, before = sentence_parts(text, row.start, row.end)
            if _answers(row):
                before, named = answered_turn(text, row.start)  # what "put me down" agrees to
                if not named:
                    # "can you still do it?": what "it" is was said in an earlier note.
                    earlier = [self._context[r.id][0] for r, d, _ in by_contact[row.contact_id]
                               if d < note_date]  # fmt: skip
                    said = recalled(before, earlier[::-1])
                    before = f"{said} {before}" if said else before
            elif row.kind == "commitment":
                # "Owen: does your orchestra ever want an adult ringer? ..." / "Me: ha. I'll
                # ask Margot if we can squeeze an oboe in": the question may say what is
                # promised (promises.reads_back); the search still reads the promise's own.
                asked, _ = answered_turn(text, row.start)
                if "?" in asked:
                    self._asked[row.id] = asked
            self._context[row.id] = (own, before)
            by_contact[row.contact_id].append((row, note_date, closed_on))
        return by_contact

    def _still_owed(
        self, as_of: date, open_by_contact: dict[int, list[tuple[SignalRow, date]]]
    ) -> dict[int, StillOwed]:
        """The open promises that a later note (by ``as_of``) says are still owed, by id."""
        promises = {
            cid: [(row, d) for row, d in open_ if row.kind == "commitment"]
            for cid, open_ in open_by_contact.items()
        }
        promised = [cid for cid, found in promises.items() if found]
        if not promised:
            return {}
        # Only notes written after the oldest open promise can say that one is still owed.
        oldest = min(d for cid in promised for _, d in promises[cid])
        notes: dict[int, list[tuple[date, str]]] = defaultdict(list)
        for cid, note_date, text in self.session.execute(
            select(Note.contact_id, Note.note_date, Note.text).where(
                Note.contact_id.in_(promised), Note.note_date > oldest, Note.note_date <= as_of
            )
        ):
            notes[cid].append((note_date, text))
        out = {}
        for cid in promised:
            for row, made_on in promises[cid]:
                found = still_owed(row.phrase, row.evidence, made_on, notes[cid])
                if found is not None:
                    out[row.id] = found
        return out

    def _excluded(self, as_of: date, ids: Sequence[int]) -> dict[int, set[str]]:
        """Items never to suggest again to a contact: given, dismissed, snoozed."""
        out: dict[int, set[str]] = defaultdict(set)
        given = self.session.execute(
            select(LedgerEntry.contact_id, CatalogItem.external_id)
            .join(CatalogItem, CatalogItem.id == LedgerEntry.item_id)
            .where(
                LedgerEntry.direction == "given",
                LedgerEntry.entry_date <= as_of,
                LedgerEntry.contact_id.in_(ids),
            )
        )
        for contact_id, external_id in given:
            out[contact_id].add(external_id)
        feedback = self.session.execute(
            select(Feedback.contact_id, CatalogItem.external_id, Feedback.action, Feedback.until)
            .join(CatalogItem, CatalogItem.id == Feedback.item_id)
            .where(Feedback.contact_id.in_(ids))
        )
        for contact_id, external_id, action, until in feedback:
            if action in ("dismiss", "done") or (action == "snooze" and until and until > as_of):
                out[contact_id].add(external_id)
        return out

    # -- ranking ------------------------------------------------------------------------------
    def suggest(
        self,
        as_of: date,
        contact_ids: Sequence[int] | None = None,
        limit: int = 5,
        reminders: bool = True,
        turned_down: dict[int, list[TurnedDown]] | None = None,
    ) -> list[Suggestion]:
        """Ranked suggestions per contact (``limit`` each), contacts in name order.

        With ``reminders``, a promise no catalog item keeps is a give of its own ("keep your
        promise: ..."), ranked among the others. With ``turned_down``, the gives found and not
        suggested are added to it, by contact id, each with why (see :meth:`explain`).
        """
        catalog = load_catalog_index(self.session, self.encoder, self.cache_dir)
        if not catalog.items:
            return []
        query = select(Contact).order_by(Contact.name)
        if contact_ids is not None:
            query = query.where(Contact.id.in_(list(contact_ids)))
        contacts = list(self.session.scalars(query))
        queries = SignalQueries(self.session, self.encoder)
        rels = self._relationships(contacts, as_of, catalog.by_contact, queries)
        rels = self._with_dismissals(rels, catalog.items)
        # Closed promises are searched too: the item that kept one is no give again.
        search_rows = sorted(
            {s.row for r in rels.values() for s in r.open_signals}
            | {s.row for r in rels.values() for s in r.closed_signals if s.kind == "commitment"}
        )
        vectors = queries.vectors()
        hits_by_row = (
            dict(
                zip(
                    search_rows,
                    catalog.retriever.search(
                        [queries.texts[i] for i in search_rows],
                        vectors[search_rows],
                        k=self.policy.candidates_per_signal,
                    ),
                    strict=True,
                )
            )
            if search_rows
            else {}
        )
        named = people_by_first_name(catalog.items)
        found = {
            cid: candidates(
                rel,
                catalog.items,
                hits_by_row,
                catalog.vectors,
                vectors,
                as_of,
                self.policy,
                named,
                None if turned_down is None else turned_down.setdefault(cid, []),
            )
            for cid, rel in rels.items()
        }
        # The other side of an introduction: only people whose match can change a ranking.
        people = {
            person
            for cid, rel in rels.items()
            for person in intro_reach(rel, found[cid], self.policy, limit)
        }
        missing = list(people - set(rels))
        others = dict(rels)
        if missing:
            others.update(
                self._relationships(
                    list(self.session.scalars(select(Contact).where(Contact.id.in_(missing)))),
                    as_of,
                    catalog.by_contact,
                    queries,
                )
            )
            vectors = queries.vectors()
        out: list[Suggestion] = []
        for cid, rel in rels.items():
            ranked = finish_ranking(
                rel, found[cid], catalog.vectors, vectors, self.policy, others, limit
            )
            weight = self.ledger.relationship_weight(rel.contact_id, as_of) * self._cold_weight(
                rel, as_of
            )
            gives = [give_suggestion(rel, c, weight, self.tone) for c in ranked]
            if reminders:
                gives += [
                    self._reminder(rel, sig, as_of, weight)
                    for sig in unkept_promises(rel, catalog.items, hits_by_row, named, self.policy)
                ]
            shown = shown_order(gives, as_of, self.policy, limit)
            if turned_down is not None:
                turned_down[cid] += not_shown(list(found[cid].values()), shown, as_of, self.policy)
            out.extend(shown)
        return out

    def _reminder(
        self, rel: Relationship, sig: RankSignal, as_of: date, weight: float
    ) -> Suggestion:
        """A promise no catalog item keeps, scored as a give this close to the promise."""
        score = (
            self.policy.promise_reminder_score
            * self.policy.kind_weight.get("commitment", 0.9)
            * freshness(sig.kind, sig.note_date, as_of, self.policy)
            * weight
        )
        return reminder_suggestion(rel, sig, score, self.tone)

    def _relationships(
        self,
        contacts: Sequence[Contact],
        as_of: date,
        by_contact: dict[int, int],
        queries: SignalQueries,
    ) -> dict[int, Relationship]:
        """Each contact's open and closed signals, exclusions and last contact, as of a date."""
        ids = [c.id for c in contacts]
        signals = self._signals(as_of, ids)
        # The user's own open needs and interests are never ranked nor close anything, and a
        # restated closure is left out (split_signals): their queries are not worth embedding.
        rows = [
            row
            for cid in ids
            for row, _, _ in signals.get(cid, [])
            if not row.restates_closure
            and not (
                row.about == "user"
                and row.kind not in ("commitment", "caution")
                and row.status in OPEN_STATUSES
            )
        ]
        # A caution is matched by what it rules out alone ("wine", or "wine, the Tannat tours
        # or bodegas"): the rest of its sentence ("she quit in Jan") would pull it away from
        # the gives it forbids.
        # A reply ("yes, put me down") is searched by the turn it answers: its own words name
        # nothing.
        first = queries.add([
            (ruled_out(r.phrase, r.evidence), "", "") if r.kind == "caution" else
            (self._context[r.id][1], self._context[r.id][0], "") if _answers(r) else
            (r.phrase, *self._context.get(r.id, ("", ""))) for r in rows
        ])  # fmt: skip
        row_of = {row.id: first + k for k, row in enumerate(rows)}
        excluded = self._excluded(as_of, ids)
        last_seen = self._last_contact(as_of, ids)

        def make(
            picked: list[tuple[SignalRow, date]], closed: bool = False
        ) -> tuple[RankSignal, ...]:
            return tuple(
                RankSignal(
                    row.id,
                    row.kind,
                    row.phrase,
                    row.evidence,
                    row.status,
                    row.about,
                    row.who,
                    d,
                    row_of[row.id],
                    self._asked.get(row.id) or self._context.get(row.id, ("", ""))[1],
                    row.confidence if row.confidence is not None else 1.0,
                    owed[row.id].on if row.id in owed else None,
                    owed[row.id].said if row.id in owed else "",
                    self._context.get(row.id, ("", ""))[1],
                    _over_on(closer_of.get(row.id), d, as_of) if closed else None,
                    row.id in self._relayed,
                )
                for row, d in picked
            )

        before = {row_id: said for row_id, (_, said) in self._context.items()} | self._asked
        split = {c.id: split_signals(signals.get(c.id, []), as_of, before) for c in contacts}
        closer_of = {row.id: closer for cid in ids for row, _, closer in signals.get(cid, [])}
        owed = self._still_owed(
            as_of,
            {
                cid: [*open_, *closed_by_a_note(closed, closer_of)]
                for cid, (open_, closed) in split.items()
            },
        )
        split = {
            cid: reopened(open_, closed, owed, closer_of) for cid, (open_, closed) in split.items()
        }
        still_open = {row.id for open_, _ in split.values() for row, _ in open_}
        owed = {row_id: found for row_id, found in owed.items() if row_id in still_open}
        out = {}
        for contact in contacts:
            open_, closed = split[contact.id]
            out[contact.id] = Relationship(
                contact.id,
                contact.name,
                make(open_),
                make(closed, closed=True),
                frozenset(excluded.get(contact.id, ())),
                last_seen.get(contact.id),
                by_contact.get(contact.id),
                called=called(contact.name, contact.aliases or ()),
            )
        return out

    def embed_queries(self, as_of: date, contact_ids: Sequence[int]) -> int:
        """Embed now, through the cache, what these contacts' signals are searched by, so
        that ranking them later finds every vector made (an import of many notes pays for
        them with the import, not the first ``next``); returns how many queries there are.
        The caller commits."""
        contacts = list(
            self.session.scalars(select(Contact).where(Contact.id.in_(list(contact_ids))))
        )
        queries = SignalQueries(self.session, self.encoder)
        self._relationships(contacts, as_of, {}, queries)
        queries.vectors()
        return len(queries.texts)

    def open_signal_ids(self, as_of: date, contact_ids: Sequence[int]) -> set[int]:
        """Ids of the signals the ranking treats as open as of a date (not denied, met,
        past or taken back by a later note), for these contacts."""
        contacts = list(
            self.session.scalars(select(Contact).where(Contact.id.in_(list(contact_ids))))
        )
        rels = self._relationships(contacts, as_of, {}, SignalQueries(self.session, self.encoder))
        return {s.id for rel in rels.values() for s in rel.open_signals}

    def _with_dismissals(
        self, rels: dict[int, Relationship], items: Sequence[RankItem]
    ) -> dict[int, Relationship]:
        """Each relationship with the catalog indices of the items dismissed for it whose
        likes score lower: "not relevant" ones, and "wrong person" ones (twice as much)."""
        dismissed = dismissed_items(self.session, list(rels))
        if not dismissed:
            return rels
        index = {item.external_id: item.index for item in items}

        def indices(cid: int, *reasons: DismissReason) -> tuple[int, ...]:
            mine = dismissed.get(cid, {})
            found = [index[x] for x, why in mine.items() if x in index and why in reasons]
            return tuple(sorted(found))

        return {
            cid: replace(
                rel,
                dismissed=indices(cid, DismissReason.NOT_RELEVANT),
                dismissed_wrong=indices(cid, DismissReason.WRONG_PERSON),
            )
            if dismissed.get(cid)
            else rel
            for cid, rel in rels.items()
        }

    def next_gives(self, as_of: date, reminders: bool = True) -> list[Suggestion]:
        """One best give per relationship, the most worthwhile relationships first."""
        best: dict[int, Suggestion] = {}
        for sug in self.suggest(as_of, limit=1, reminders=reminders):
            best.setdefault(sug.contact_id, sug)
        return sorted(best.values(), key=lambda s: -s.score)

    def _last_contact(self, as_of: date, ids: Sequence[int]) -> dict[int, date]:
        rows = self.session.execute(
            select(Note.contact_id, Note.note_date).where(
                Note.note_date <= as_of, Note.contact_id.in_(ids)
            )
        )
        last: dict[int, date] = {}
        for contact_id, note_date in rows:
            if contact_id not in last or note_date > last[contact_id]:
                last[contact_id] = note_date
        return last

    def _cold_weight(self, rel: Relationship, as_of: date) -> float:
        """Relationships not touched for a while rise a little; a hook, not a rule."""
        if rel.last_contact is None:
            return 1.0
        days = (as_of - rel.last_contact).days
        return 1.0 + 0.15 * min(1.0, max(0, days) / self.policy.cold_after_days)


def default_policy() -> RankPolicy:
    """The ranking policy, with the trained promise keeper when one is installed
    (``models/promises/``; without it the rules alone match promises to items)."""
    return RankPolicy(promise_keeper=PromiseKeeper.load())


def ledger_suggester(
    session: Session,
    encoder: Encoder,
    *,
    policy: RankPolicy | None = None,
    weights: LedgerWeights | None = None,
    tone: Tone | None = None,
) -> Suggester:
    """The suggester every caller uses: the ranker on the store, weighed by the reciprocity
    ledger (people who helped the user lately and relationships past their cadence rise).

    Pass ``weights`` when the caller also reads them (``giveback next`` shows each standing).
    Drafts are in ``tone``, else the one the settings name (``GIVEBACK_DRAFT_TONE``).
    """
    return Suggester(
        session,
        encoder,
        with_feedback_bar(session, policy or default_policy()),
        ledger=weights or LedgerWeights(session),
        tone=tone or get_settings().draft_tone,
    )
