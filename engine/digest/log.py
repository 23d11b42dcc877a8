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
see :mod:`giveback.service.mail.send`), and it is sent again. So a crash inside that gap, a few
milliseconds wide, sends that one user the week's digest twice (at least once), never zero
times; the copy carries the same Message-ID, which mail clients and servers use to recognise
a duplicate. Any other crash sends nothing twice. Claims are compare-and-set updates, so two
runs that did get past the lock still could not both claim a user's week.

A crashed run's try counts as an attempt, and resuming it is subject to the same backoff
(from the second crash on) and cap as a failure: a digest that kills the process every time
ends ``failed`` instead of being resumed forever. Runs serve such users last (see
:func:`interrupted_weeks`), so everyone else is served before it can crash a run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from giveback.core.accounts_tables import DigestSend
from giveback.engine.digest.schedule import retry_delay

SENDING, SENT, FAILED, REJECTED = "sending", "sent", "failed", "rejected"
INTERRUPTED = "the run sending it stopped before recording the outcome (it crashed?)"


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of claiming a user's week: go ahead (with the row) or why not."""

    ok: bool
    reason: str  # "new", "retry", "resumed" (a crashed run's claim), or why not
    row_id: int | None = None
    attempts: int = 0  # made so far, a crashed run's included
    # The row as it was before the claim (status ``None``: there was none), so that
    # :func:`release` can leave it exactly so, its backoff clock included.
    prior_status: str | None = None
    prior_attempts: int = 0
    prior_attempt_at: datetime | None = None


def sent_weeks(session: Session, user_ids: list[int] | None = None) -> dict[int, set[str]]:
    """The ISO weeks each user's digest went out, from the sent-log."""
    return _weeks(session, SENT, user_ids)


def interrupted_weeks(
    session: Session,
    user_ids: list[int] | None = None,
) -> dict[int, set[str]]:
    """The ISO weeks each user's digest was left ``sending`` by a run that died."""
    return _weeks(session, SENDING, user_ids)


def _weeks(session: Session, status: str, user_ids: list[int] | None) -> dict[int, set[str]]:
    query = select(DigestSend.user_id, DigestSend.iso_week).where(DigestSend.status == status)
    if user_ids is not None:
        query = query.where(DigestSend.user_id.in_(user_ids))
    out: dict[int, set[str]] = {}
    for user_id, week in session.execute(query):
        out.setdefault(user_id, set()).add(week)
    return out


def waiting_weeks(
    session: Session,
    user_ids: list[int],
    now: datetime,
    max_attempts: int,
    retries_per_run: int,
) -> dict[int, set[str]]:
    """The weeks :func:`claim` would refuse now although they are not sent: refused for good,
    given up, or failed and still waiting out their backoff (a planner leaves them alone)."""
    rows = session.scalars(
        select(DigestSend).where(
            DigestSend.status.in_((FAILED, REJECTED)), DigestSend.user_id.in_(user_ids)
        )
    )
    out: dict[int, set[str]] = {}
    for row in rows:
        failures = -(-row.attempts // max(1, retries_per_run))
        wait_until = (row.last_attempt_at or now) + retry_delay(failures)
        if row.status == REJECTED or row.attempts >= max_attempts or now < wait_until:
            out.setdefault(row.user_id, set()).add(row.iso_week)
    return out


def claim(
    session: Session,
    user_id: int,
    week: str,
    now: datetime,
    max_attempts: int,
    retries_per_run: int,
) -> Claim:
    """Claim ``user_id``'s digest of ``week`` for this run (committed), or say why not."""
    row = session.scalar(
        select(DigestSend).where(DigestSend.user_id == user_id, DigestSend.iso_week == week)
    )
    if row is None:
        row = DigestSend(
            user_id=user_id, iso_week=week, status=SENDING, attempts=0, last_attempt_at=now
        )
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
    # A ``sending`` row is a crashed run's: its try counts, so a digest that kills the process
    # every time meets the cap like any other failure.
    crashed = row.status == SENDING
    attempts = row.attempts + (1 if crashed else 0)
    if attempts >= max_attempts:
        error = row.error
        if crashed:
            error = INTERRUPTED
            _compare_and_set(
                session,
                row.id,
                row.status,
                row.attempts,
                status=FAILED,
                attempts=attempts,
                error=error,
            )
        return Claim(False, f"gave up for {week} after {attempts} attempts: {error}")
    # Runs that failed so far. A crashed run's own try is not among them: the first resume
    # (the crash was most likely the machine's, not the digest's) is immediate.
    failures = -(-row.attempts // max(1, retries_per_run))
    wait_until = (row.last_attempt_at or now) + retry_delay(failures)
    if now < wait_until:
        why = "interrupted earlier" if crashed else f"failed earlier ({row.error})"
        return Claim(False, f"{why}; next try after {wait_until:%Y-%m-%d %H:%M} UTC")
    reason = "resumed" if crashed else "retry"
    prior = (row.status, row.attempts, row.last_attempt_at)
    # Compare-and-set: only the run that sees the row as it was read may take it.
    if not _compare_and_set(
        session,
        row.id,
        row.status,
        row.attempts,
        status=SENDING,
        attempts=attempts,
        last_attempt_at=now,
    ):
        return Claim(False, "claimed by another run")
    return Claim(True, reason, row.id, attempts, *prior)


def _compare_and_set(
    session: Session, row_id: int, was_status: str, was_attempts: int, **values: object
) -> bool:
    """Update the row if it still has this status and attempt count (committed); whether so."""
    done = session.execute(
        update(DigestSend)
        .where(
            DigestSend.id == row_id,
            DigestSend.status == was_status,
            DigestSend.attempts == was_attempts,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return getattr(done, "rowcount", 0) == 1


def record_sent(
    session: Session, row_id: int, now: datetime, message_id: str, attempts: int
) -> None:
    """Mark the week sent: status, time, Message-ID and attempts in one transaction."""
    session.execute(
        update(DigestSend)
        .where(DigestSend.id == row_id)
        .values(
            status=SENT,
            sent_at=now,
            message_id=message_id,
            attempts=attempts,
            error=None,
            last_attempt_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()


def record_failure(
    session: Session, row_id: int, now: datetime, error: str, attempts: int, permanent: bool = False
) -> None:
    """Mark the week failed (tried again later) or, when ``permanent``, rejected."""
    session.execute(
        update(DigestSend)
        .where(DigestSend.id == row_id)
        .values(
            status=REJECTED if permanent else FAILED,
            error=error[:2000],
            attempts=attempts,
            last_attempt_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()


def release(session: Session, claim: Claim) -> None:
    """Give a claim back untried (the run stopped before this user, or the server was down
    for everyone): the row is left as it was before, with its attempts and backoff clock."""
    if not claim.ok or claim.row_id is None:
        return
    if claim.prior_status is None:
        session.execute(
            delete(DigestSend)
            .where(
                DigestSend.id == claim.row_id,
                DigestSend.status == SENDING,
                DigestSend.attempts == claim.attempts,
            )
            .execution_options(synchronize_session=False)
        )
        session.commit()
        return
    _compare_and_set(
        session,
        claim.row_id,
        SENDING,
        claim.attempts,
        status=claim.prior_status,
        attempts=claim.prior_attempts,
        last_attempt_at=claim.prior_attempt_at,
    )
