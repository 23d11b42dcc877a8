"""Introductions as a trail: who introduced whom, what came of it, and whom to thank.

An introduction joins two people (one of them may be the user) and names who made it (the
user, or someone else). Its outcome is kept over time: met, then perhaps a deal or a job, or
nothing. How a person came into the user's network is their *origin*: the earliest
introduction that brought the user to them (else the earliest that introduced them to anyone).
Following origins back from a person, hop by hop, gives the trail to whoever started it.

When an outcome is good (a deal or a job), everyone on the trail that led to it is owed
gratitude, not a favor: a thank-you is opened for each of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import Contact, Introduction, IntroOutcome, LedgerEntry
from giveback.engine.ledger.favors import record_favor
from giveback.engine.ledger.thanks import open_trail_thanks, thank_draft, thanked_on
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

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
        """"Tom Baker introduced you to Priya Nair", "You introduced Maria and Priya"."""
        if self.by is None:
            return f"You introduced {self.a} and {self.b}"
        if self.a is None:
            return f"{self.by} introduced you to {self.b}"
        return f"{self.by} introduced {self.a} and {self.b}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``null`` stands for the user)."""
        latest = self.latest
        return {"id": self.id, "a": self.a, "b": self.b, "by": self.by,
                "date": self.date.isoformat(), "note": self.note, "text": self.sentence(),
                "outcome": latest.outcome if latest else None,
                "outcomes": [o.to_dict() for o in self.outcomes]}


def _names(session: Session, intros: Sequence[Introduction]) -> dict[int, str]:
    ids = {i for intro in intros for i in (intro.person_a_id, intro.person_b_id,
                                           intro.introducer_id) if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(Contact.id, Contact.name).where(
        Contact.id.in_(ids))).all())


def views(session: Session, intros: Sequence[Introduction]) -> list[IntroView]:
    """Readable forms of stored introductions, in the order given."""
    names = _names(session, intros)
    outcomes: dict[int, list[Outcome]] = {i.id: [] for i in intros}
    if intros:
        for row in session.scalars(select(IntroOutcome).where(
                IntroOutcome.intro_id.in_(list(outcomes))).order_by(
                IntroOutcome.outcome_date, IntroOutcome.id)):
            outcomes[row.intro_id].append(Outcome(row.outcome, row.outcome_date, row.note))

    def name(contact_id: int | None) -> str | None:
        return None if contact_id is None else names.get(contact_id, "?")

    return [IntroView(i.id, name(i.person_a_id), names.get(i.person_b_id, "?"),
                      name(i.introducer_id), i.intro_date, i.note, tuple(outcomes[i.id]))
            for i in intros]


def get_intro(session: Session, intro_id: int) -> Introduction:
    """An introduction by id, or :class:`NotFound`."""
    intro = session.get(Introduction, intro_id)
    if intro is None:
        raise NotFound(f"no introduction #{intro_id}; see `giveback intro list`")
    return intro


@dataclass(frozen=True, slots=True)
class IntroResult:
    """A recorded introduction and the favors it put in the ledger."""

    intro: IntroView
    entry_ids: tuple[int, ...]
    duplicate: bool = False


def record_intro(session: Session, a: Contact | None, b: Contact | None, by: Contact | None,
                 day: date, note: str = "") -> IntroResult:
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
        raise InvalidInput(f"{by.name} is one of the two people introduced; name who made "
                           "the introduction with --by, or leave it out if you made it")
    if a is None and by is None:
        raise InvalidInput(f"you cannot introduce yourself to {b.name}; name who introduced "
                           "you with --by")
    pair = {b.id, a.id if a else None}
    for existing in session.scalars(select(Introduction).where(
            Introduction.person_b_id.in_([p for p in pair if p is not None]))):
        same_by = existing.introducer_id == (by.id if by else None)
        if same_by and {existing.person_a_id, existing.person_b_id} == pair:
            return IntroResult(views(session, [existing])[0], (), duplicate=True)
    intro = Introduction(person_a_id=a.id if a else None, person_b_id=b.id,
                         introducer_id=by.id if by else None, intro_date=day, note=note)
    session.add(intro)
    session.flush()
    entries: list[LedgerEntry] = []
    if by is None and a is not None:
        for one, other in ((a, b), (b, a)):
            entries.append(record_favor(session, one.id, "given", "introduction",
                                        note or f"introduced to {other.name}", day,
                                        origin="introduction", intro_id=intro.id))
    elif a is None and by is not None:
        entries.append(record_favor(session, by.id, "received", "introduction",
                                    note or f"introducing me to {b.name}", day,
                                    origin="introduction", intro_id=intro.id))
    return IntroResult(views(session, [intro])[0], tuple(e.id for e in entries))


def origin(session: Session, contact_id: int) -> Introduction | None:
    """How a person came into the user's network: the earliest introduction of the user to
    them by someone, else the earliest introduction of them to anyone by someone."""
    to_me = session.scalars(select(Introduction).where(
        Introduction.person_a_id.is_(None), Introduction.person_b_id == contact_id,
        Introduction.introducer_id.is_not(None))
        .order_by(Introduction.intro_date, Introduction.id).limit(1)).first()
    if to_me is not None:
        return to_me
    return session.scalars(select(Introduction).where(
        or_(Introduction.person_a_id == contact_id, Introduction.person_b_id == contact_id),
        Introduction.introducer_id.is_not(None))
        .order_by(Introduction.intro_date, Introduction.id).limit(1)).first()


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
    starts = [intro.introducer_id] if intro.introducer_id is not None else \
        [p for p in (intro.person_a_id, intro.person_b_id) if p is not None]
    sides = {intro.person_a_id, intro.person_b_id}
    out: list[int] = []
    if intro.introducer_id is not None:
        out.append(intro.introducer_id)
    for start in starts:
        out.extend(hop.introducer_id for hop in chain(session, start)
                   if hop.introducer_id is not None)
    return [p for p in dict.fromkeys(out) if p not in sides]


@dataclass(frozen=True, slots=True)
class ThankOnTrail:
    """A person on a trail and whether they have been thanked for where it led."""

    contact: str
    thanked_on: date | None
    draft: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"contact": self.contact,
                "thanked_on": self.thanked_on.isoformat() if self.thanked_on else None,
                "draft": self.draft}


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
    names = dict(session.execute(select(Contact.id, Contact.name).where(
        Contact.id.in_(people))).all()) if people else {}
    done = thanked_on(session, intro.id)
    return Payoff(views(session, [intro])[0], tuple(
        ThankOnTrail(names[p], done.get(p),
                     thank_draft(names[p], trail_story(session, intro.id, p), trail=True))
        for p in people))


@dataclass(frozen=True, slots=True)
class OutcomeResult:
    """A recorded outcome, and for a good one the trail and the thank-yous it opened."""

    intro: IntroView
    outcome: Outcome
    payoff: Payoff | None
    opened: tuple[str, ...] = ()
    duplicate: bool = False


def record_outcome(session: Session, intro_id: int, outcome: str, day: date,
                   note: str = "") -> OutcomeResult:
    """Record what came of an introduction; a good outcome opens thank-yous along its trail."""
    if outcome not in OUTCOMES:
        raise InvalidInput(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    intro = get_intro(session, intro_id)
    if day < intro.intro_date:
        raise InvalidInput(f"the outcome ({day.isoformat()}) is dated before the introduction "
                           f"({intro.intro_date.isoformat()})")
    already = session.scalars(select(IntroOutcome).where(
        IntroOutcome.intro_id == intro.id, IntroOutcome.outcome == outcome)).first()
    if already is None:
        session.add(IntroOutcome(intro_id=intro.id, outcome=outcome, outcome_date=day,
                                 note=note))
        session.flush()
    opened: list[int] = []
    payoff = None
    if outcome in GOOD_OUTCOMES:
        opened = open_trail_thanks(session, intro.id, people_to_thank(session, intro), day)
        payoff = _payoff(session, intro)
    names = dict(session.execute(select(Contact.id, Contact.name).where(
        Contact.id.in_(opened))).all()) if opened else {}
    recorded = Outcome(outcome, already.outcome_date if already else day,
                       already.note if already else note)
    return OutcomeResult(views(session, [intro])[0], recorded, payoff,
                         tuple(names[c] for c in opened), duplicate=already is not None)


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
        return {"contact": self.contact, "started_by": self.started_by,
                "hops": [h.to_dict() for h in reversed(self.hops)],
                "payoffs": [p.to_dict() for p in self.payoffs],
                "introduced": [i.to_dict() for i in self.introduced]}


def trail(session: Session, contact: Contact) -> Trail:
    """The trail to a person, the good outcomes they took part in and the thank-yous due."""
    hops = views(session, chain(session, contact.id))
    involved = list(session.scalars(select(Introduction).where(or_(
        Introduction.person_a_id == contact.id, Introduction.person_b_id == contact.id,
        Introduction.introducer_id == contact.id)).order_by(Introduction.intro_date,
                                                            Introduction.id)))
    good_ids = set(session.scalars(select(IntroOutcome.intro_id).where(
        IntroOutcome.intro_id.in_([i.id for i in involved]),
        IntroOutcome.outcome.in_(GOOD_OUTCOMES))))
    payoffs = tuple(_payoff(session, i) for i in involved if i.id in good_ids)
    made = views(session, [i for i in involved if i.introducer_id == contact.id])
    return Trail(contact.name, tuple(hops), payoffs, tuple(made))


def trail_result(session: Session, intro_id: int | None) -> str:
    """What an introduction led to: "a deal with Lee Wong", "a job when Lee and Ann met"."""
    intro = session.get(Introduction, intro_id) if intro_id is not None else None
    if intro is None:
        return "something good"
    view = views(session, [intro])[0]
    good = view.good or view.latest
    result = {"deal": "a deal", "job": "a job", "met": "a first meeting"}.get(
        good.outcome if good else "", "something good")
    if view.a is None:
        return f"{result} with {view.b}"
    return f"{result} when {view.a} and {view.b} met"


def trail_story(session: Session, intro_id: int | None, contact_id: int) -> str:
    """What a trail thank-you is for, told to the person thanked (a clause after "thank-you:").
    """
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
    made = session.scalars(select(Introduction).where(
        Introduction.introducer_id == contact_id,
        or_(Introduction.person_b_id.in_(on_trail), Introduction.person_a_id.in_(on_trail)))
        .order_by(Introduction.intro_date, Introduction.id).limit(1)).first()
    if made is None:
        return f"you were where it started, and it led to {result}"
    return (f"{_introducing(views(session, [made])[0])} started a chain of introductions "
            f"that led to {result}")


def _introducing(view: IntroView) -> str:
    if view.a is None:
        return f"introducing me to {view.b}"
    return f"introducing {view.a} and {view.b}"


def intro_list(session: Session, contact_id: int | None = None) -> list[IntroView]:
    """Introductions, newest first; with a contact, those they took part in or made."""
    query = select(Introduction).order_by(Introduction.intro_date.desc(),
                                          Introduction.id.desc())
    if contact_id is not None:
        query = query.where(or_(Introduction.person_a_id == contact_id,
                                Introduction.person_b_id == contact_id,
                                Introduction.introducer_id == contact_id))
    return views(session, list(session.scalars(query)))
