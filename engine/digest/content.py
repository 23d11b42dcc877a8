"""The weekly "ways to give" digest: what a user should see this week, read in a minute.

Every line comes from what the rest of the engine already says, never from filler:

- the best gives: :meth:`giveback.engine.suggest.suggester.Suggester.next_gives` with the
  reciprocity ledger weighing in (at most one per person, the top few), each with its reason
  and draft;
- thank-yous owed (:func:`giveback.engine.ledger.thanks.open_thanks`), oldest first;
- relationships going cold (:func:`giveback.engine.ledger.cadence.going_cold`), less those a
  give or a thank-you above already reaches;
- open promises: commitments the user made in a note that nothing since has closed (see
  :func:`open_promises`);
- one ask this week, at most: the best person to ask for one of the user's own needs
  (:class:`giveback.engine.asks.ranking.Asker`), only when the fit is clear;
- the 30-day challenge streak, when a challenge is running or a streak is alive.

When all the lists are empty and there is no ask, the week is *quiet*, and the email says so
in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.tables import CatalogItem, Contact, LedgerEntry, Note, SignalRow
from giveback.engine.asks.ranking import asker_for
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors
from giveback.engine.digest.schedule import iso_week_label
from giveback.engine.ledger.cadence import going_cold
from giveback.engine.ledger.challenge import progress
from giveback.engine.ledger.reciprocity import LedgerWeights
from giveback.engine.ledger.thanks import open_thanks
from giveback.engine.suggest.descriptions import first_sentence
from giveback.engine.suggest.suggester import Suggester, ledger_suggester, sentence_parts
from giveback.pipelines.extraction.matching import content_words

# Words of a promise that say how, not what: "send", "lend", "intro" match any give.
_HOW_WORDS = frozenset({
    "send", "sent", "share", "lend", "intro", "introduce", "connect", "forward", "email",
    "give", "get", "make", "put", "touch", "follow", "up", "check", "look", "call", "come",
    "go", "buy", "dig", "i", "me", "him", "them", "you", "used", "tonight", "tomorrow", "week",
    "soon", "out", "over", "back", "through", "it", "as", "finally", "later", "once",
})  # fmt: skip
_OPEN = ("active", "hedged")


@dataclass(frozen=True)
class DigestLimits:
    """How much one digest shows; everything beyond is counted, not listed."""

    gives: int = 5
    thanks: int = 5
    cold: int = 5
    promises: int = 3
    # Promises older than this are left out: the ranking's half-life for commitments.
    promise_days: int = 120
    # A give to the same person after a promise fulfils it when its text is this close.
    fulfil_similarity: float = 0.6
    # The one ask of the week only when it fits this well (the ask page lists weaker ones).
    ask_fit: float = 0.4


@dataclass(frozen=True, slots=True)
class GiveLine:
    """One give: for whom, what, why (quoting the note) and a draft to send."""

    contact: str
    contact_id: int
    item_id: str
    type: str
    title: str
    url: str | None
    reason: str
    draft: str
    nudge: str
    score: float


@dataclass(frozen=True, slots=True)
class ThankLine:
    """A thank-you owed, what it is for, and a draft."""

    contact: str
    contact_id: int
    what: str
    draft: str
    opened_on: date


@dataclass(frozen=True, slots=True)
class ColdLine:
    """A relationship past the cadence the user set for it."""

    contact: str
    contact_id: int
    tier: str | None
    cadence_days: int
    last_touch: date | None
    days_since: int | None


@dataclass(frozen=True, slots=True)
class PromiseLine:
    """Something the user said they would do for someone, quoted from the note."""

    contact: str
    contact_id: int
    signal_id: int
    phrase: str
    evidence: str
    sentence: str  # the note's sentence around the promise ("I'd connect them" alone is cryptic)
    note_date: date


@dataclass(frozen=True, slots=True)
class AskLine:
    """The one ask of the week: whom to ask, for which of the user's needs, why, a draft."""

    contact: str
    contact_id: int
    need: str
    need_id: int
    reason: str
    draft: str


@dataclass(frozen=True, slots=True)
class Streak:
    """The 30-day challenge: the streak of days in a row with an act done."""

    streak: int
    challenge_day: int | None
    days_done: int
    challenge_days: int
    done_today: bool


@dataclass(frozen=True)
class Digest:
    """One user's week. ``more`` counts what each list left out (gives, thanks, ...)."""

    as_of: date
    week: str
    gives: tuple[GiveLine, ...] = ()
    thanks: tuple[ThankLine, ...] = ()
    cold: tuple[ColdLine, ...] = ()
    promises: tuple[PromiseLine, ...] = ()
    streak: Streak | None = None
    more: dict[str, int] = field(default_factory=dict)
    ask: AskLine | None = None

    @property
    def quiet(self) -> bool:
        """Nothing to give, thank, revive, keep or ask: the email says so in one line."""
        return not (self.gives or self.thanks or self.cold or self.promises or self.ask)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""

        def clean(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [clean(v) for v in value]
            return value

        out = {
            "as_of": self.as_of,
            "week": self.week,
            "quiet": self.quiet,
            "gives": [asdict(g) for g in self.gives],
            "thanks": [asdict(t) for t in self.thanks],
            "cold": [asdict(c) for c in self.cold],
            "promises": [asdict(p) for p in self.promises],
            "streak": asdict(self.streak) if self.streak else None,
            "ask": asdict(self.ask) if self.ask else None,
            "more": dict(self.more),
        }
        cleaned: dict[str, Any] = clean(out)
        return cleaned


def key_words(text: str) -> set[str]:
    """What a promise or a give is about: its content words, less how-words ("send")."""
    return content_words(text) - _HOW_WORDS


def _similar(session: Session, encoder: Encoder, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    vectors = cached_vectors(session, encoder, [*a, *b])
    similar: np.ndarray = vectors[: len(a)] @ vectors[len(a) :].T
    return similar


def open_promises(
    session: Session, encoder: Encoder, as_of: date, limits: DigestLimits | None = None
) -> list[PromiseLine]:
    """Promises the user made (commitments) that are still open as of ``as_of``, oldest first.

    Open as the ranking sees it (active or hedged, not resolved by a later note), heard within
    ``limits.promise_days``, and not closed since by:

    - a later note saying the matter is over ("she found a lawyer"), decided exactly as the
      ranking decides it (:meth:`giveback.engine.suggest.suggester.Suggester.open_signal_ids`);
    - a give to that person on or after the promise (in the ledger: ``giveback give``,
      ``giveback done``, a digest's "done" link) whose words or meaning match it.

    The same promise made twice is listed once, as made last.
    """
    limits = limits or DigestLimits()
    since = as_of - timedelta(days=limits.promise_days)
    rows = session.execute(
        select(SignalRow, Note.note_date, Contact.name, Note.text)
        .join(Note, Note.id == SignalRow.note_id)
        .join(Contact, Contact.id == SignalRow.contact_id)
        .where(
            SignalRow.kind == "commitment",
            SignalRow.status.in_(_OPEN),
            Note.note_date <= as_of,
            Note.note_date >= since,
        )
        .order_by(Note.note_date, Note.id, SignalRow.start)
    ).all()
    if not rows:
        return []
    ids = sorted({row.contact_id for row, *_ in rows})
    # Closed by a later note exactly as the ranking decides it.
    still_open = Suggester(session, encoder).open_signal_ids(as_of, ids)
    given = session.execute(
        select(
            LedgerEntry.contact_id,
            LedgerEntry.entry_date,
            LedgerEntry.description,
            CatalogItem.title,
        )
        .outerjoin(CatalogItem, CatalogItem.id == LedgerEntry.item_id)
        .where(
            LedgerEntry.contact_id.in_(ids),
            LedgerEntry.direction == "given",
            LedgerEntry.entry_date <= as_of,
            LedgerEntry.entry_date >= since,
        )
    ).all()
    gives_text = [" ".join(t for t in (desc, title) if t) for _, _, desc, title in given]
    similarity = (
        _similar(session, encoder, [row.evidence for row, *_ in rows], gives_text)
        if given
        else np.zeros((len(rows), 0))
    )
    kept: dict[tuple[int, frozenset[str] | str], PromiseLine] = {}
    for k, (row, note_date, name, text) in enumerate(rows):
        words = key_words(row.phrase)
        if row.id not in still_open:
            continue
        if any(
            cid == row.contact_id
            and day >= note_date
            and (words & key_words(gives_text[j]) or similarity[k, j] >= limits.fulfil_similarity)
            for j, (cid, day, _, _) in enumerate(given)
        ):
            continue
        # A promise made again replaces the earlier one (rows run oldest first).
        same = next(
            (
                key
                for key in kept
                if key[0] == row.contact_id
                and ((isinstance(key[1], frozenset) and key[1] & words) or key[1] == row.phrase)
            ),
            None,
        )
        if same is not None:
            del kept[same]
        kept[(row.contact_id, frozenset(words) if words else row.phrase)] = PromiseLine(
            name,
            row.contact_id,
            row.id,
            row.phrase,
            row.evidence,
            first_sentence(sentence_parts(text, row.start, row.end)[0] or row.evidence, 200),
            note_date,
        )
    return sorted(kept.values(), key=lambda p: (p.note_date, p.signal_id))


def build_digest(
    session: Session, encoder: Encoder, as_of: date, limits: DigestLimits | None = None
) -> Digest:
    """The digest of the user whose store ``session`` is on, as of their local ``as_of``.

    Embeds what the ranking needs and is not cached yet: the caller commits the session to
    keep those vectors (or rolls back; nothing else is written).
    """
    limits = limits or DigestLimits()
    weights = LedgerWeights(session)
    # Promises no item keeps have their own section (open_promises), not a place among gives.
    ranked = ledger_suggester(session, encoder, weights=weights).next_gives(as_of, reminders=False)
    gives = tuple(
        GiveLine(
            s.contact,
            s.contact_id,
            s.item_id,
            s.type,
            s.title,
            s.url,
            s.reason,
            s.draft,
            " ".join(weights.standing(s.contact_id, as_of).nudges(s.contact)),
            round(s.score, 4),
        )
        for s in ranked[: limits.gives]
    )
    owed = open_thanks(session, as_of=as_of)
    thanks = tuple(
        ThankLine(t.contact, t.contact_id, t.what, t.draft, t.opened_on)
        for t in owed[: limits.thanks]
    )
    reached = {g.contact_id for g in gives} | {t.contact_id for t in thanks}
    cold_all = [k for k in going_cold(session, as_of) if k.contact_id not in reached]
    cold = tuple(
        ColdLine(k.contact, k.contact_id, k.tier, k.cadence_days, k.last_touch, k.days_since)
        for k in cold_all[: limits.cold]
    )
    # A give drawn from a promise already says "You promised ...": not listed twice.
    in_gives = {
        (s.contact_id, s.evidence) for s in ranked[: limits.gives] if s.signal_kind == "commitment"
    }
    promised = [
        p
        for p in open_promises(session, encoder, as_of, limits)
        if (p.contact_id, p.evidence) not in in_gives
    ]
    now = progress(session, as_of)
    streak = (
        Streak(now.streak, now.challenge_day, now.done_in_challenge, now.days, now.done_today)
        if now.streak or now.challenge_day
        else None
    )
    more = {
        "gives": len(ranked) - len(gives),
        "thanks": len(owed) - len(thanks),
        "cold": len(cold_all) - len(cold),
        "promises": max(0, len(promised) - limits.promises),
    }
    return Digest(
        as_of,
        iso_week_label(as_of),
        gives,
        thanks,
        cold,
        tuple(promised[: limits.promises]),
        streak,
        {k: v for k, v in more.items() if v},
        one_ask(session, encoder, as_of, limits),
    )


def one_ask(
    session: Session, encoder: Encoder, as_of: date, limits: DigestLimits | None = None
) -> AskLine | None:
    """The week's one ask: the best person for any open need of the user's, if the fit is
    clear (``limits.ask_fit``); else none. Never more than one: asks are spent sparingly."""
    limits = limits or DigestLimits()
    found = [a for a in asker_for(session, encoder).ask(as_of, limit=1) if a.fit >= limits.ask_fit]
    if not found:
        return None
    best = found[0]
    return AskLine(
        best.contact, best.contact_id, best.need.text, best.need.id, best.reason, best.draft
    )
