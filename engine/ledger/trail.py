"""Introductions as a trail: who introduced whom, what came of it, and whom to thank.

An introduction joins two people (one of them may be the user) and names who made it (the
user, or someone else). Its outcome is kept over time: met, then perhaps a deal or a job, or
nothing. Reading introductions and following a trail back is
:mod:`giveback.engine.ledger.introductions`.

When an outcome is good (a deal or a job), everyone on the trail that led to it is owed
gratitude, not a favor: a thank-you is opened for each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput
from giveback.core.tables import Contact, Introduction, IntroOutcome, LedgerEntry
from giveback.engine.ledger.favors import record_favor
from giveback.engine.ledger.introductions import (
    GOOD_OUTCOMES,
    OUTCOMES,
    IntroView,
    Outcome,
    chain,
    get_intro,
    people_to_thank,
    trail_story,
    views,
)
from giveback.engine.ledger.thanks import open_trail_thanks, thank_draft, thanked_on


@dataclass(frozen=True, slots=True)
class IntroResult:
    """A recorded introduction and the favors it put in the ledger."""

    intro: IntroView
    entry_ids: tuple[int, ...]
    duplicate: bool = False


def record_intro(
    session: Session,
    a: Contact | None,
    b: Contact | None,
    by: Contact | None,
    day: date,
    note: str = "",
) -> IntroResult:
    """Record that ``a`` and ``b`` were introduced by ``by`` (``None`` is the user each time).

    The user making an introduction gives a favor to both people; someone introducing the user
    is a favor received (and so a thank-you opens). The same pair introduced by the same
    person is stored once. Flushes only.
    """
    if b is None:
        a, b = b, a
    if b is None:
        raise InvalidInput("an introduction needs at least one other person than you")
    if a is not None and a.id == b.id:
        raise InvalidInput(f"{b.name} cannot be introduced to themselves")
    if by is not None and by.id in {b.id, a.id if a else None}:
        raise InvalidInput(
            f"{by.name} is one of the two people introduced; name who made "
            "the introduction with --by, or leave it out if you made it"
        )
    if a is None and by is None:
        raise InvalidInput(
            f"you cannot introduce yourself to {b.name}; name who introduced you with --by"
        )
    pair = {b.id, a.id if a else None}
    for existing in session.scalars(
        select(Introduction).where(Introduction.person_b_id.in_([p for p in pair if p is not None]))
    ):
        same_by = existing.introducer_id == (by.id if by else None)
        if same_by and {existing.person_a_id, existing.person_b_id} == pair:
            return IntroResult(views(session, [existing])[0], (), duplicate=True)
    intro = Introduction(
        person_a_id=a.id if a else None,
        person_b_id=b.id,
        introducer_id=by.id if by else None,
        intro_date=day,
        note=note,
    )
    session.add(intro)
    session.flush()
    entries: list[LedgerEntry] = []
    if by is None and a is not None:
        for one, other in ((a, b), (b, a)):
            entries.append(
                record_favor(
                    session,
                    one.id,
                    "given",
                    "introduction",
                    note or f"introduced to {other.name}",
                    day,
                    origin="introduction",
                    intro_id=intro.id,
                )
            )
    elif a is None and by is not None:
        entries.append(
            record_favor(
                session,
                by.id,
                "received",
                "introduction",
                note or f"introducing me to {b.name}",
                day,
                origin="introduction",
                intro_id=intro.id,
            )
        )
    return IntroResult(views(session, [intro])[0], tuple(e.id for e in entries))


@dataclass(frozen=True, slots=True)
class ThankOnTrail:
    """A person on a trail and whether they have been thanked for where it led."""

    contact: str
    thanked_on: date | None
    draft: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "contact": self.contact,
            "thanked_on": self.thanked_on.isoformat() if self.thanked_on else None,
            "draft": self.draft,
        }


@dataclass(frozen=True, slots=True)
class Payoff:
    """An introduction with a good outcome, and the thank-yous along its trail."""

    intro: IntroView
    thanks: tuple[ThankOnTrail, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"intro": self.intro.to_dict(), "thank": [t.to_dict() for t in self.thanks]}


def _payoff(session: Session, intro: Introduction) -> Payoff:
    people = people_to_thank(session, intro)
    names = (
        dict(session.execute(select(Contact.id, Contact.name).where(Contact.id.in_(people))).all())
        if people
        else {}
    )
    done = thanked_on(session, intro.id)
    return Payoff(
        views(session, [intro])[0],
        tuple(
            ThankOnTrail(
                names[p],
                done.get(p),
                thank_draft(names[p], trail_story(session, intro.id, p), trail=True),
            )
            for p in people
        ),
    )


@dataclass(frozen=True, slots=True)
class OutcomeResult:
    """A recorded outcome, and for a good one the trail and the thank-yous it opened."""

    intro: IntroView
    outcome: Outcome
    payoff: Payoff | None
    opened: tuple[str, ...] = ()
    duplicate: bool = False


def record_outcome(
    session: Session, intro_id: int, outcome: str, day: date, note: str = ""
) -> OutcomeResult:
    """Record what came of an introduction; a good outcome opens thank-yous along its trail."""
    if outcome not in OUTCOMES:
        raise InvalidInput(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    intro = get_intro(session, intro_id)
    if day < intro.intro_date:
        raise InvalidInput(
            f"the outcome ({day.isoformat()}) is dated before the introduction "
            f"({intro.intro_date.isoformat()})"
        )
    already = session.scalars(
        select(IntroOutcome).where(
            IntroOutcome.intro_id == intro.id, IntroOutcome.outcome == outcome
        )
    ).first()
    if already is None:
        session.add(IntroOutcome(intro_id=intro.id, outcome=outcome, outcome_date=day, note=note))
        session.flush()
    opened: list[int] = []
    payoff = None
    if outcome in GOOD_OUTCOMES:
        opened = open_trail_thanks(session, intro.id, people_to_thank(session, intro), day)
        payoff = _payoff(session, intro)
    names = (
        dict(session.execute(select(Contact.id, Contact.name).where(Contact.id.in_(opened))).all())
        if opened
        else {}
    )
    recorded = Outcome(
        outcome, already.outcome_date if already else day, already.note if already else note
    )
    return OutcomeResult(
        views(session, [intro])[0],
        recorded,
        payoff,
        tuple(names[c] for c in opened),
        duplicate=already is not None,
    )


@dataclass(frozen=True, slots=True)
class Trail:
    """How a person came to the user, hop by hop, and the good outcomes around them."""

    contact: str
    hops: tuple[IntroView, ...]  # nearest first: the last one was made by whoever started it
    payoffs: tuple[Payoff, ...] = ()
    introduced: tuple[IntroView, ...] = field(default=())  # introductions they made

    @property
    def started_by(self) -> str | None:
        """Who started the trail (``None``: the person was not introduced by anyone)."""
        return self.hops[-1].by if self.hops else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``hops`` run from whoever started it to the person."""
        return {
            "contact": self.contact,
            "started_by": self.started_by,
            "hops": [h.to_dict() for h in reversed(self.hops)],
            "payoffs": [p.to_dict() for p in self.payoffs],
            "introduced": [i.to_dict() for i in self.introduced],
        }


def trail(session: Session, contact: Contact) -> Trail:
    """The trail to a person, the good outcomes they took part in and the thank-yous due."""
    hops = views(session, chain(session, contact.id))
    involved = list(
        session.scalars(
            select(Introduction)
            .where(
                or_(
                    Introduction.person_a_id == contact.id,
                    Introduction.person_b_id == contact.id,
                    Introduction.introducer_id == contact.id,
                )
            )
            .order_by(Introduction.intro_date, Introduction.id)
        )
    )
    good_ids = set(
        session.scalars(
            select(IntroOutcome.intro_id).where(
                IntroOutcome.intro_id.in_([i.id for i in involved]),
                IntroOutcome.outcome.in_(GOOD_OUTCOMES),
            )
        )
    )
    payoffs = tuple(_payoff(session, i) for i in involved if i.id in good_ids)
    made = views(session, [i for i in involved if i.introducer_id == contact.id])
    return Trail(contact.name, tuple(hops), payoffs, tuple(made))
