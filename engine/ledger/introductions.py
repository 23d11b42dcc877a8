"""Introductions as stored: who introduced whom, what came of it, and the trail back.

How a person came into the user's network is their *origin*: the earliest introduction that
brought the user to them (else the earliest that introduced them to anyone). Following origins
back from a person, hop by hop, gives the trail to whoever started it. Recording introductions
and the thank-yous their outcomes open is :mod:`giveback.engine.ledger.trail`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from giveback.core.errors import NotFound
from giveback.core.tables import Contact, Introduction, IntroOutcome

ME = ("me", "myself")


OUTCOMES = ("met", "deal", "job", "nothing")


GOOD_OUTCOMES = ("deal", "job")


MAX_HOPS = 50


def is_me(name: str) -> bool:
    """Whether a name given for one side of an introduction means the user."""
    return " ".join(name.split()).casefold() in ME


@dataclass(frozen=True, slots=True)
class Outcome:
    """One thing that came of an introduction, on a date."""

    outcome: str
    date: date
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"outcome": self.outcome, "date": self.date.isoformat(), "note": self.note}


@dataclass(frozen=True, slots=True)
class IntroView:
    """An introduction with names (``None`` is the user) and its outcomes, oldest first."""

    id: int
    a: str | None
    b: str
    by: str | None
    date: date
    note: str
    outcomes: tuple[Outcome, ...] = ()

    @property
    def latest(self) -> Outcome | None:
        """The outcome as of now: the latest recorded."""
        return self.outcomes[-1] if self.outcomes else None

    @property
    def good(self) -> Outcome | None:
        """The first good outcome (a deal or a job), if any."""
        return next((o for o in self.outcomes if o.outcome in GOOD_OUTCOMES), None)

    def sentence(self) -> str:
        """ "Tom Baker introduced you to Priya Nair", "You introduced Maria and Priya"."""
        if self.by is None:
            return f"You introduced {self.a} and {self.b}"
        if self.a is None:
            return f"{self.by} introduced you to {self.b}"
        return f"{self.by} introduced {self.a} and {self.b}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``null`` stands for the user)."""
        latest = self.latest
        return {
            "id": self.id,
            "a": self.a,
            "b": self.b,
            "by": self.by,
            "date": self.date.isoformat(),
            "note": self.note,
            "text": self.sentence(),
            "outcome": latest.outcome if latest else None,
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


def _names(session: Session, intros: Sequence[Introduction]) -> dict[int, str]:
    ids = {
        i
        for intro in intros
        for i in (intro.person_a_id, intro.person_b_id, intro.introducer_id)
        if i is not None
    }
    if not ids:
        return {}
    return dict(session.execute(select(Contact.id, Contact.name).where(Contact.id.in_(ids))).all())


def views(session: Session, intros: Sequence[Introduction]) -> list[IntroView]:
    """Readable forms of stored introductions, in the order given."""
    names = _names(session, intros)
    outcomes: dict[int, list[Outcome]] = {i.id: [] for i in intros}
    if intros:
        for row in session.scalars(
            select(IntroOutcome)
            .where(IntroOutcome.intro_id.in_(list(outcomes)))
            .order_by(IntroOutcome.outcome_date, IntroOutcome.id)
        ):
            outcomes[row.intro_id].append(Outcome(row.outcome, row.outcome_date, row.note))

    def name(contact_id: int | None) -> str | None:
        return None if contact_id is None else names.get(contact_id, "?")

    return [
        IntroView(
            i.id,
            name(i.person_a_id),
            names.get(i.person_b_id, "?"),
            name(i.introducer_id),
            i.intro_date,
            i.note,
            tuple(outcomes[i.id]),
        )
        for i in intros
    ]


def get_intro(session: Session, intro_id: int) -> Introduction:
    """An introduction by id, or :class:`NotFound`."""
    intro = session.get(Introduction, intro_id)
    if intro is None:
        raise NotFound(f"no introduction #{intro_id}; see `giveback intro list`")
    return intro


def origin(session: Session, contact_id: int) -> Introduction | None:
    """How a person came into the user's network: the earliest introduction of the user to
    them by someone, else the earliest introduction of them to anyone by someone."""
    to_me = session.scalars(
        select(Introduction)
        .where(
            Introduction.person_a_id.is_(None),
            Introduction.person_b_id == contact_id,
            Introduction.introducer_id.is_not(None),
        )
        .order_by(Introduction.intro_date, Introduction.id)
        .limit(1)
    ).first()
    if to_me is not None:
        return to_me
    return session.scalars(
        select(Introduction)
        .where(
            or_(Introduction.person_a_id == contact_id, Introduction.person_b_id == contact_id),
            Introduction.introducer_id.is_not(None),
        )
        .order_by(Introduction.intro_date, Introduction.id)
        .limit(1)
    ).first()


def chain(session: Session, contact_id: int) -> list[Introduction]:
    """The introductions back from a person to whoever started it, nearest first."""
    out: list[Introduction] = []
    seen = {contact_id}
    current: int | None = contact_id
    while current is not None and len(out) < MAX_HOPS:
        intro = origin(session, current)
        if intro is None or intro.introducer_id is None or intro.introducer_id in seen:
            break
        out.append(intro)
        current = intro.introducer_id
        seen.add(current)
    return out


def people_to_thank(session: Session, intro: Introduction) -> list[int]:
    """Everyone on the trail that led to an introduction, nearest first.

    The introducer and the trail that brought the user to them; for an introduction the user
    made, the trails that brought each of the two people to the user. The two people
    introduced are the ones it happened to, not the trail.
    """
    starts = (
        [intro.introducer_id]
        if intro.introducer_id is not None
        else [p for p in (intro.person_a_id, intro.person_b_id) if p is not None]
    )
    sides = {intro.person_a_id, intro.person_b_id}
    out: list[int] = []
    if intro.introducer_id is not None:
        out.append(intro.introducer_id)
    for start in starts:
        out.extend(
            hop.introducer_id for hop in chain(session, start) if hop.introducer_id is not None
        )
    return [p for p in dict.fromkeys(out) if p not in sides]


def trail_result(session: Session, intro_id: int | None) -> str:
    """What an introduction led to: "a deal with Lee Wong", "a job when Lee and Ann met"."""
    intro = session.get(Introduction, intro_id) if intro_id is not None else None
    if intro is None:
        return "something good"
    view = views(session, [intro])[0]
    good = view.good or view.latest
    result = {"deal": "a deal", "job": "a job", "met": "a first meeting"}.get(
        good.outcome if good else "", "something good"
    )
    if view.a is None:
        return f"{result} with {view.b}"
    return f"{result} when {view.a} and {view.b} met"


def trail_story(session: Session, intro_id: int | None, contact_id: int) -> str:
    """What a trail thank-you is for, told to the person thanked (a clause after "thank-you:")."""
    intro = session.get(Introduction, intro_id) if intro_id is not None else None
    if intro is None:
        return "your help"
    result = trail_result(session, intro_id)
    if intro.introducer_id == contact_id:
        direct = views(session, [intro])[0]
        if direct.a is None:  # "introducing me to Lee led to a deal", not "... with Lee" again
            return f"{_introducing(direct)} led to {result.split(' with ')[0]}"
        return f"{_introducing(direct)} led to {result.split(' when ')[0]}"
    # Someone further up the trail: the introduction they made that the trail runs through.
    on_trail = {p for p in (intro.person_a_id, intro.person_b_id, intro.introducer_id) if p}
    on_trail.update(people_to_thank(session, intro))
    made = session.scalars(
        select(Introduction)
        .where(
            Introduction.introducer_id == contact_id,
            or_(Introduction.person_b_id.in_(on_trail), Introduction.person_a_id.in_(on_trail)),
        )
        .order_by(Introduction.intro_date, Introduction.id)
        .limit(1)
    ).first()
    if made is None:
        return f"you were where it started, and it led to {result}"
    return (
        f"{_introducing(views(session, [made])[0])} started a chain of introductions "
        f"that led to {result}"
    )


def _introducing(view: IntroView) -> str:
    if view.a is None:
        return f"introducing me to {view.b}"
    return f"introducing {view.a} and {view.b}"


def intro_list(session: Session, contact_id: int | None = None) -> list[IntroView]:
    """Introductions, newest first; with a contact, those they took part in or made."""
    query = select(Introduction).order_by(Introduction.intro_date.desc(), Introduction.id.desc())
    if contact_id is not None:
        query = query.where(
            or_(
                Introduction.person_a_id == contact_id,
                Introduction.person_b_id == contact_id,
                Introduction.introducer_id == contact_id,
            )
        )
    return views(session, list(session.scalars(query)))
