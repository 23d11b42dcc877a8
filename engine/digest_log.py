"""The digest sent-log: claim a user's week, then record what became of it.

One row per user and ISO week (unique), moving through these states:

- ``sending``: claimed by a run, committed *before* anything goes to the SMTP server;
- ``sent``: the SMTP server accepted the message; written in the one transaction that also
  stores the Message-ID, the time and the attempt count;
- ``failed``: tried and refused for now (a 4xx reply, a dropped connection, a store that would
  not open); later runs try again after a growing delay, up to a cap of attempts;
- ``rejected``: refused for good (a 5xx reply: no such mailbox); not tried again that week.

The choice at the one unavoidable gap, between the server's "250 accepted" and our commit of
``sent``: a row found ``sending`` at the start of a run is a crashed run's (runs hold one lock,
see :mod:`service.digest_send`), and it is sent again. So a crash inside that gap, a few
milliseconds wide, sends that one user the week's digest twice (at least once), never zero
times; the copy carries the same Message-ID, which mail clients and servers use to recognise
a duplicate. Any other crash sends nothing twice. Claims are compare-and-set updates, so two
runs that did get past the lock still could not both claim a user's week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.digest_schedule import retry_delay
from models.accounts import DigestSend

SENDING, SENT, FAILED, REJECTED = "sending", "sent", "failed", "rejected"


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of claiming a user's week: go ahead (with the row) or why not."""

    ok: bool
    reason: str  # "new", "retry", "resumed" (a crashed run's claim), or why not
    row_id: int | None = None
    attempts: int = 0


def sent_weeks(session: Session, user_ids: list[int] | None = None) -> dict[int, set[str]]:
    """The ISO weeks each user's digest went out, from the sent-log."""
    query = select(DigestSend.user_id, DigestSend.iso_week).where(DigestSend.status == SENT)
    if user_ids is not None:
        query = query.where(DigestSend.user_id.in_(user_ids))
    out: dict[int, set[str]] = {}
    for user_id, week in session.execute(query):
        out.setdefault(user_id, set()).add(week)
    return out


def claim(session: Session, user_id: int, week: str, now: datetime, max_attempts: int,
          retries_per_run: int) -> Claim:
    """Claim ``user_id``'s digest of ``week`` for this run (committed), or say why not."""
    row = session.scalar(select(DigestSend).where(DigestSend.user_id == user_id,
                                                  DigestSend.iso_week == week))
    if row is None:
        row = DigestSend(user_id=user_id, iso_week=week, status=SENDING, attempts=0,
                         last_attempt_at=now)
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return Claim(False, "claimed by another run")
        return Claim(True, "new", row.id, 0)
    if row.status == SENT:
        return Claim(False, f"already sent for {week}")
    if row.status == REJECTED:
        return Claim(False, f"refused by the mail server for {week}: {row.error}")
    if row.status == FAILED:
        if row.attempts >= max_attempts:
            return Claim(False, f"gave up for {week} after {row.attempts} attempts: {row.error}")
        failures = -(-row.attempts // max(1, retries_per_run))  # runs that failed so far
        wait_until = (row.last_attempt_at or now) + retry_delay(failures)
        if now < wait_until:
            return Claim(False, f"failed earlier ({row.error}); next try after "
                                f"{wait_until:%Y-%m-%d %H:%M} UTC")
    reason = "resumed" if row.status == SENDING else "retry"
    # Compare-and-set: only the run that sees the row as it was read may take it.
    taken = session.execute(
        update(DigestSend)
        .where(DigestSend.id == row.id, DigestSend.status == row.status,
               DigestSend.attempts == row.attempts)
        .values(status=SENDING, last_attempt_at=now)
        .execution_options(synchronize_session=False))
    session.commit()
    if getattr(taken, "rowcount", 0) != 1:
        return Claim(False, "claimed by another run")
    return Claim(True, reason, row.id, row.attempts)


def record_sent(session: Session, row_id: int, now: datetime, message_id: str,
                attempts: int) -> None:
    """Mark the week sent: status, time, Message-ID and attempts in one transaction."""
    session.execute(update(DigestSend).where(DigestSend.id == row_id).values(
        status=SENT, sent_at=now, message_id=message_id, attempts=attempts, error=None,
        last_attempt_at=now).execution_options(synchronize_session=False))
    session.commit()


def record_failure(session: Session, row_id: int, now: datetime, error: str, attempts: int,
                   permanent: bool = False) -> None:
    """Mark the week failed (tried again later) or, when ``permanent``, rejected."""
    session.execute(update(DigestSend).where(DigestSend.id == row_id).values(
        status=REJECTED if permanent else FAILED, error=error[:2000], attempts=attempts,
        last_attempt_at=now).execution_options(synchronize_session=False))
    session.commit()


def release(session: Session, row_id: int) -> None:
    """Give a claim back untried (the run stopped before this user): as if never claimed."""
    row = session.get(DigestSend, row_id)
    if row is not None and row.status == SENDING and row.attempts == 0:
        session.delete(row)
    elif row is not None and row.status == SENDING:
        row.status = FAILED
    session.commit()
