"""The weekly send: every due user's digest, exactly once per ISO week, resumable.

A run (``giveback digest --send``, or the in-process scheduler) takes one lock per
``GIVEBACK_HOME`` (an ``fcntl`` lock on ``digest-send.lock``); a second run at the same time
sends nothing and says so. For each user whose slot has come (their weekday and hour in their
time zone) and whose week is not in the sent-log, the run:

1. claims the week in the sent-log (committed: status ``sending``);
2. builds the digest from the user's own store and renders the message;
3. hands it to the SMTP server, up to ``retries`` times with exponential backoff;
4. records ``sent`` with the Message-ID in one transaction (or ``failed`` / ``rejected``).

A crash anywhere leaves the finished users recorded and the rest untouched or claimed; the
next run serves exactly those, a crashed run's claims after everyone else. The one gap that
cannot be closed (the server accepted, the commit did not happen) resends that one user's
digest with the same Message-ID: see :mod:`giveback.engine.digest.log` for why "at least once" is
the
choice there. A registry that will not take the ``sent`` record (locked past a few retries)
fails that one user the same way, and the run goes on. A server that cannot be reached stops
the run after the current user; the rest are left for the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from giveback.core.locks import store_lock
from giveback.core.private import make_private_dir
from giveback.core.settings import get_settings
from giveback.core.tables import utcnow
from giveback.engine.accounts.registry import UserStores, get_user, list_users
from giveback.engine.digest.content import DigestLimits, build_digest
from giveback.engine.digest.log import (
    claim,
    interrupted_weeks,
    record_failure,
    record_sent,
    release,
    sent_weeks,
)
from giveback.engine.digest.schedule import Due, aware, due_status, iso_week, local_moment
from giveback.pipelines.embedding.encoder import get_embedder
from giveback.service.mail.compose import user_message
from giveback.service.mail.smtp import (
    Mailer,
    PermanentFailure,
    SendError,
    ServerUnavailable,
    SmtpConfig,
    SmtpMailer,
)

if TYPE_CHECKING:
    from email.message import EmailMessage

    from sqlalchemy.orm import Session, sessionmaker

    from giveback.core.accounts_tables import User
    from giveback.core.settings import Settings
    from giveback.engine.accounts.registry import UserStores
    from giveback.engine.catalog.embedding_cache import Encoder

# Recording ``sent`` after the server accepted: tries, and the wait before the second (doubling).
RECORD_TRIES = 4
RECORD_BACKOFF_SECONDS = 0.25


@dataclass(frozen=True)
class SendPolicy:
    """Retries within a run and across runs."""

    retries: int = 3  # SMTP tries per user and run
    backoff_seconds: float = 2.0  # before the 2nd try; doubles for each one after
    max_attempts: int = 12  # per user and ISO week, over all runs

    @classmethod
    def from_settings(cls, settings: Settings) -> SendPolicy:
        """The policy from ``GIVEBACK_DIGEST_*``."""
        return cls(
            max(1, settings.digest_retries),
            max(0.0, settings.digest_backoff_seconds),
            max(1, settings.digest_max_attempts),
        )


@dataclass(frozen=True, slots=True)
class UserOutcome:
    """What a run did for one user."""

    user: str
    email: str | None
    status: str  # sent | failed | rejected | skipped
    week: str
    detail: str = ""
    attempts: int = 0
    message_id: str | None = None
    build_seconds: float = 0.0
    send_seconds: float = 0.0
    server_unavailable: bool = False  # nobody can be sent to now: the run stops here


@dataclass
class BatchReport:
    """Every user's outcome, and why a run stopped early if it did."""

    outcomes: list[UserOutcome] = field(default_factory=list)
    locked: bool = False  # another run holds the lock: this one did nothing
    stopped: str | None = None  # the SMTP server became unavailable: the rest wait

    def having(self, status: str) -> list[UserOutcome]:
        """The outcomes with this status."""
        return [o for o in self.outcomes if o.status == status]

    @property
    def failed(self) -> list[UserOutcome]:
        """Users whose digest did not go out this run (failed or rejected)."""
        return [o for o in self.outcomes if o.status in ("failed", "rejected")]

    @property
    def ok(self) -> bool:
        """Nothing failed and the run went through."""
        return not self.failed and self.stopped is None


class InstanceLock:
    """An exclusive, non-blocking ``flock`` on a file, noting the holder's pid in it.

    The operating system lets go of it when the process ends, however it ends.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; whether it was taken."""
        make_private_dir(self.path.parent)  # GIVEBACK_HOME, made here if nothing made it yet
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        """Let go of the lock (closing the file releases it)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


@contextlib.contextmanager
def run_lock(path: Path) -> Iterator[bool]:
    """Hold an exclusive, non-blocking lock on ``path``; yields whether it was had."""
    lock = InstanceLock(path)
    mine = lock.acquire()
    try:
        yield mine
    finally:
        lock.release()


def select_users(
    accounts: Session,
    now: datetime,
    names: Sequence[str] | None = None,
) -> list[tuple[User, Due]]:
    """Every user with whether their digest is due now; ``names``: only those, at any hour.

    Users whose week a crashed run left claimed come last: if their digest is what crashed
    it, everyone else is served before it can crash this run too.
    """

    users = (
        [get_user(accounts, n) for n in dict.fromkeys(names)]
        if names
        else sorted(list_users(accounts), key=lambda u: u.id)
    )
    ids = [u.id for u in users]
    weeks, stuck = sent_weeks(accounts, ids), interrupted_weeks(accounts, ids)
    chosen = [(u, due_status(u, now, weeks.get(u.id, ()), ignore_slot=bool(names))) for u in users]
    return sorted(chosen, key=lambda pair: pair[1].week in stuck.get(pair[0].id, ()))


def build_message(
    user: User,
    now: datetime,
    encoder: Encoder,
    settings: Settings,
    stores: UserStores,
    limits: DigestLimits | None = None,
) -> EmailMessage:
    """Build the user's digest from their store as of their local date, as a message."""
    day = local_moment(user, now).date()
    with stores.sessions(user)() as session:
        digest = build_digest(
            session, encoder, day, limits or DigestLimits(gives=settings.digest_max_gives)
        )
        session.commit()  # keep the vectors embedded on the way
    return user_message(digest, user, settings, now)


def _send(
    mailer: Mailer, message: EmailMessage, policy: SendPolicy, sleep: Callable[[float], None]
) -> tuple[int, SendError | None]:
    """Try up to ``policy.retries`` times; returns the tries made and the last error."""
    error: SendError | None = None
    for attempt in range(policy.retries):
        try:
            mailer.send(message)
            return attempt + 1, None
        except PermanentFailure as exc:
            return attempt + 1, exc
        except SendError as exc:
            error = exc
            mailer.close()
            if attempt + 1 < policy.retries:
                sleep(policy.backoff_seconds * 2**attempt)
    return policy.retries, error


class DigestRun:
    """One batch (or one job): its settings, transport and stores, served user by user."""

    def __init__(
        self,
        accounts: sessionmaker[Session],
        encoder: Encoder,
        mailer: Mailer,
        settings: Settings,
        policy: SendPolicy,
        sleep: Callable[[float], None],
        stores: UserStores | None,
    ) -> None:
        self.accounts, self.encoder, self.mailer = accounts, encoder, mailer
        self.settings, self.policy, self.sleep = settings, policy, sleep
        self.stores = stores

    def serve(self, user: User, due: Due, now: datetime) -> UserOutcome:
        """Claim, build, send and record one user's week.

        On PostgreSQL this holds the user's digest lock (an advisory lock, across machines):
        senders that are not one run (workers of the queue, a cron command beside them)
        never work on one user at once, so a week found ``sending`` is a dead sender's.
        """
        engine = self.accounts.kw["bind"]
        if engine.dialect.name != "postgresql":
            return self._serve(user, due, now)  # one run at a time: the file lock
        with store_lock(engine, f"digest-{user.id}"):
            return self._serve(user, due, now)

    def _serve(self, user: User, due: Due, now: datetime) -> UserOutcome:
        skipped = UserOutcome(user.name, user.email, "skipped", due.week)
        if not due.due:
            return _with(skipped, detail=due.reason)
        with self.accounts() as accounts:
            got = claim(
                accounts, user.id, due.week, now, self.policy.max_attempts, self.policy.retries
            )
        if not got.ok or got.row_id is None:
            return _with(skipped, detail=got.reason)
        row_id, before = got.row_id, got.attempts
        started = time.perf_counter()
        try:
            message = self._build(user, now)
        except BaseException as exc:
            with self.accounts() as accounts:
                if not isinstance(exc, Exception):  # interrupted: give the claim back
                    release(accounts, got)
                    raise
                failure = f"building the digest failed: {type(exc).__name__}: {exc}"
                record_failure(accounts, row_id, now, failure, before + 1)
            return UserOutcome(
                user.name,
                user.email,
                "failed",
                due.week,
                failure,
                before + 1,
                build_seconds=time.perf_counter() - started,
            )
        built = time.perf_counter()
        tries, error = _send(self.mailer, message, self.policy, self.sleep)
        sent = time.perf_counter()
        attempts, message_id = before + tries, str(message["Message-ID"])
        if error is None:
            status = "sent"
            detail = "resumed an interrupted send" if got.reason == "resumed" else ""
            unrecorded = self._record_sent(row_id, now, message_id, attempts)
            if unrecorded:
                status, detail = "failed", unrecorded
        else:
            status = "rejected" if isinstance(error, PermanentFailure) else "failed"
            detail = str(error)
            with self.accounts() as accounts:
                if isinstance(error, ServerUnavailable):
                    # Not this user's fault: their week is left as it was (no new backoff).
                    release(accounts, got)
                    attempts = got.prior_attempts
                else:
                    record_failure(
                        accounts,
                        row_id,
                        now,
                        detail,
                        attempts,
                        permanent=isinstance(error, PermanentFailure),
                    )
        return UserOutcome(
            user.name,
            user.email,
            status,
            due.week,
            detail,
            attempts,
            message_id,
            built - started,
            sent - built,
            isinstance(error, ServerUnavailable),
        )

    def _record_sent(self, row_id: int, now: datetime, message_id: str, attempts: int) -> str:
        """Record the week sent, retrying a registry that is briefly locked; "" once done.

        Otherwise why not: the row stays claimed, so the next run sends the digest again
        (same Message-ID) rather than never, and this run goes on with the other users.
        """
        failure = ""
        for attempt in range(RECORD_TRIES):
            try:
                with self.accounts() as accounts:
                    record_sent(accounts, row_id, now, message_id, attempts)
                return ""
            except SQLAlchemyError as exc:
                first_line = str(exc).partition("\n")[0]  # not the SQL and parameters
                failure = f"{type(exc).__name__}: {first_line}"
                if attempt + 1 < RECORD_TRIES:
                    self.sleep(RECORD_BACKOFF_SECONDS * 2**attempt)
        return (
            f"the mail server accepted the digest, but recording it failed ({failure}); "
            "it may be sent again"
        )

    def _build(self, user: User, now: datetime) -> EmailMessage:
        if self.stores is not None:
            return build_message(user, now, self.encoder, self.settings, self.stores)

        stores = UserStores()  # one per user: a batch of thousands keeps no files open
        try:
            return build_message(user, now, self.encoder, self.settings, stores)
        finally:
            stores.dispose()


def _with(outcome: UserOutcome, *, detail: str) -> UserOutcome:
    return replace(outcome, detail=detail)


def send_digests(
    accounts: sessionmaker[Session],
    *,
    now: datetime | None = None,
    names: Sequence[str] | None = None,
    encoder: Encoder | None = None,
    mailer: Mailer | None = None,
    settings: Settings | None = None,
    policy: SendPolicy | None = None,
    stores: UserStores | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_outcome: Callable[[UserOutcome], None] | None = None,
) -> BatchReport:
    """Send every due user's digest (or the users in ``names``, whatever their hour).

    Safe to run at any frequency: only what is due goes out, and each user's week at most
    once (see the module's notes for the one crash gap). ``on_outcome`` hears of each user as
    they are done (the CLI prints progress with it).
    """

    settings = settings or get_settings()
    policy = policy or SendPolicy.from_settings(settings)
    moment = aware(now) if now is not None else utcnow()
    report = BatchReport()
    with run_lock(settings.home / "digest-send.lock") as mine:
        if not mine:
            report.locked = True
            return report
        with accounts() as session:
            chosen = select_users(session, moment, names)
            session.expunge_all()
        if encoder is None:
            encoder = get_embedder()
        own_mailer = mailer is None
        transport = mailer or SmtpMailer(SmtpConfig.from_settings(settings))
        run = DigestRun(accounts, encoder, transport, settings, policy, sleep, stores)
        try:
            for user, due in chosen:
                if report.stopped is not None:
                    outcome = UserOutcome(
                        user.name,
                        user.email,
                        "skipped",
                        due.week,
                        "left for the next run: " + report.stopped,
                    )
                else:
                    outcome = run.serve(user, due, moment)
                    if outcome.server_unavailable:
                        report.stopped = outcome.detail
                report.outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
        finally:
            if own_mailer:
                transport.close()
    return report


def write_eml(
    accounts: sessionmaker[Session],
    out_dir: Path,
    *,
    now: datetime | None = None,
    names: Sequence[str] | None = None,
    encoder: Encoder | None = None,
    settings: Settings | None = None,
) -> list[tuple[str, Path | None, str]]:
    """Write the messages a send would send now as ``.eml`` files (nothing is recorded).

    Returns ``(user, path or None, why not)`` per user considered.
    """

    settings = settings or get_settings()
    moment = aware(now) if now is not None else utcnow()
    if encoder is None:
        encoder = get_embedder()
    make_private_dir(out_dir)  # the messages quote personal notes
    with accounts() as session:
        chosen = select_users(session, moment, names)
        session.expunge_all()
    written: list[tuple[str, Path | None, str]] = []
    for user, due in chosen:
        if not due.due:
            written.append((user.name, None, due.reason))
            continue

        stores = UserStores()
        try:
            message = build_message(user, moment, encoder, settings, stores)
        finally:
            stores.dispose()
        path = out_dir / f"{user.name}-{iso_week(user, moment)}.eml"
        write_private(path, message.as_bytes())
        written.append((user.name, path, ""))
    return written


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (a digest quotes personal notes)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
