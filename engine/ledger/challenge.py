"""One networking act a day: today's small act, and the 30-day challenge's streak.

Each day ``giveback today`` proposes one small act, in this order: a thank-you not sent yet
(the oldest, a good outcome's trail first); a give to someone who helped the user lately or
whom the user has not talked to within their cadence; a check-in with the relationship furthest
past its cadence; else the best give of all. The proposal is kept for the day so it does not
change under the user, unless it no longer applies (the thank-you was sent another way).

A challenge runs 30 days from the first day an act is marked done; the streak counts days in
a row with an act done (today still counts as open until it ends).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput
from giveback.core.tables import (
    CatalogItem,
    Contact,
    DailyAct,
    LedgerEntry,
    Note,
    SignalRow,
    utcnow,
)
from giveback.engine.catalog.store import get_item
from giveback.engine.ledger.cadence import going_cold
from giveback.engine.ledger.gives import mark_done
from giveback.engine.ledger.reciprocity import LedgerWeights
from giveback.engine.ledger.thanks import first_name, open_thanks, record_thanks

CHALLENGE_DAYS = 30
NextGives = Callable[[], Sequence[Any]]  # the ranked next gives (Suggestion-like), when asked


@dataclass(frozen=True, slots=True)
class Act:
    """One small act: what, for whom, why, and a draft to send."""

    kind: str  # give | thank | check_in | other
    contact_id: int | None
    contact: str | None
    title: str
    reason: str
    draft: str = ""
    item_id: str | None = None
    done: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "kind": self.kind,
            "contact": self.contact,
            "title": self.title,
            "reason": self.reason,
            "draft": self.draft,
            "item_id": self.item_id,
            "done": self.done,
        }


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the user is in the challenge as of a day."""

    day: date
    streak: int
    done_today: bool
    started_on: date | None  # of the current (or last) challenge
    done_in_challenge: int
    days: int = CHALLENGE_DAYS

    @property
    def challenge_day(self) -> int | None:
        """Which day of the challenge this is (``None``: no challenge running)."""
        if self.started_on is None:
            return None
        n = (self.day - self.started_on).days + 1
        return n if n <= self.days else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "date": self.day.isoformat(),
            "streak": self.streak,
            "done_today": self.done_today,
            "challenge_started": self.started_on.isoformat() if self.started_on else None,
            "challenge_day": self.challenge_day,
            "days_done": self.done_in_challenge,
            "challenge_days": self.days,
        }


def progress(session: Session, day: date) -> Progress:
    """The streak and the current challenge as of ``day``."""
    done = sorted(
        set(
            session.scalars(
                select(DailyAct.act_date).where(
                    DailyAct.done_at.is_not(None), DailyAct.act_date <= day
                )
            )
        )
    )
    done_set = set(done)
    streak, cursor = 0, day if day in done_set else day - timedelta(days=1)
    while cursor in done_set:
        streak += 1
        cursor -= timedelta(days=1)
    start: date | None = None
    for d in done:
        if start is None or d >= start + timedelta(days=CHALLENGE_DAYS):
            start = d
    in_window = sum(1 for d in done if start is not None and d >= start)
    return Progress(day, streak, day in done_set, start, in_window)


def _check_in_draft(session: Session, contact_id: int, name: str, as_of: date) -> str:
    latest = session.execute(
        select(SignalRow.phrase)
        .join(Note, Note.id == SignalRow.note_id)
        .where(
            SignalRow.contact_id == contact_id,
            SignalRow.status.in_(("active", "hedged")),
            SignalRow.kind.in_(("need", "interest", "event")),
            SignalRow.about != "user",
            Note.note_date <= as_of,
        )
        .order_by(Note.note_date.desc(), SignalRow.id.desc())
        .limit(1)
    ).scalar()
    hello = f"Hi {first_name(name)}, it's been a while and I was thinking of you."
    if latest:
        return f"{hello} How are things going with {latest}?"
    return f"{hello} How are you doing?"


def propose(
    session: Session, day: date, next_gives: NextGives, weights: LedgerWeights
) -> Act | None:
    """Today's one small act, or ``None`` when there is nothing to propose."""
    thanks = open_thanks(session, as_of=day)
    if thanks:
        pick = min(thanks, key=lambda t: (t.intro_id is None, t.opened_on, t.id))
        return Act(
            "thank",
            pick.contact_id,
            pick.contact,
            f"Thank {pick.contact}",
            f"For {pick.what}.",
            pick.draft,
        )
    gives = list(next_gives())
    for give in gives:
        standing = weights.standing(give.contact_id, day)
        nudges = standing.nudges(give.contact)
        if nudges:
            return _give_act(give, " ".join([*nudges, give.reason]))
    cold = going_cold(session, day)
    if cold:
        k = cold[0]
        every = f"every {k.cadence_days} days" + (f" ({k.tier})" if k.tier else "")
        return Act(
            "check_in",
            k.contact_id,
            k.contact,
            f"Check in with {k.contact}",
            f"{k.last_talked()} You wanted to keep in touch {every}.",
            _check_in_draft(session, k.contact_id, k.contact, day),
        )
    if gives:
        return _give_act(gives[0], gives[0].reason)
    return None


def _give_act(give: Any, reason: str) -> Act:
    return Act(
        "give",
        give.contact_id,
        give.contact,
        f"Send {give.contact}: {give.title}",
        reason,
        give.draft,
        give.item_id,
    )


def _stored(session: Session, day: date) -> DailyAct | None:
    return session.scalar(select(DailyAct).where(DailyAct.act_date == day))


def _act_of(session: Session, row: DailyAct) -> Act:
    name = (
        session.scalar(select(Contact.name).where(Contact.id == row.contact_id))
        if row.contact_id
        else None
    )
    item = (
        session.scalar(select(CatalogItem.external_id).where(CatalogItem.id == row.item_id))
        if row.item_id
        else None
    )
    return Act(
        row.kind,
        row.contact_id,
        name,
        row.description,
        row.reason,
        row.draft,
        item,
        row.done_at is not None,
    )


def _still_applies(session: Session, row: DailyAct, day: date) -> bool:
    if row.done_at is not None or row.contact_id is None:
        return True
    if row.kind == "thank":
        return bool(open_thanks(session, row.contact_id, as_of=day))
    if row.kind == "give" and row.item_id is not None:
        return (
            session.scalar(
                select(LedgerEntry.id)
                .where(
                    LedgerEntry.contact_id == row.contact_id,
                    LedgerEntry.item_id == row.item_id,
                    LedgerEntry.direction == "given",
                )
                .limit(1)
            )
            is None
        )
    return True


def _save(session: Session, day: date, act: Act, row: DailyAct | None) -> DailyAct:
    item_id = get_item(session, act.item_id).id if act.item_id else None
    if row is None:
        row = DailyAct(act_date=day)
        session.add(row)
    row.kind, row.contact_id, row.item_id = act.kind, act.contact_id, item_id
    row.description, row.reason, row.draft = act.title, act.reason, act.draft
    session.flush()
    return row


def today(
    session: Session, day: date, next_gives: NextGives, weights: LedgerWeights
) -> tuple[Act | None, Progress]:
    """The act for ``day`` (proposed and kept, or the one already done) and the progress."""
    row = _stored(session, day)
    if row is not None and _still_applies(session, row, day):
        return _act_of(session, row), progress(session, day)
    act = propose(session, day, next_gives, weights)
    if act is None:
        return None, progress(session, day)
    return _act_of(session, _save(session, day, act, row)), progress(session, day)


def mark_today_done(
    session: Session,
    day: date,
    next_gives: NextGives,
    weights: LedgerWeights,
    what: str | None = None,
) -> tuple[Act, Progress, bool]:
    """Mark the day's act done (or record ``what`` the user did instead); returns whether it
    was newly done. A give is entered in the ledger, a thank-you closes what was open."""
    row = _stored(session, day)
    if row is not None and row.done_at is not None:
        return _act_of(session, row), progress(session, day), False
    if what:
        act = Act("other", None, None, what, "What you did today.")
    else:
        act_now, _ = today(session, day, next_gives, weights)
        if act_now is None:
            raise InvalidInput(
                "nothing was proposed for today; say what you did instead: "
                'giveback today --done "called Ann"'
            )
        act = act_now
        row = _stored(session, day)
    row = _save(session, day, act, row)
    contact = session.get(Contact, row.contact_id) if row.contact_id else None
    if contact is not None and act.kind == "give" and act.item_id:
        mark_done(session, contact, get_item(session, act.item_id), day, origin="today")
    elif contact is not None and act.kind == "thank":
        record_thanks(session, contact, day, message=act.draft)
    row.done_at = utcnow()
    session.flush()
    return _act_of(session, row), progress(session, day), True
