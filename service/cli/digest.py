"""``giveback digest``: the weekly "ways to give" email, previewed, written out, or sent."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from giveback.core.db import init_accounts_db, make_session_factory
from giveback.core.errors import InvalidInput
from giveback.core.settings import get_settings
from giveback.core.tables import utcnow
from giveback.engine.accounts.registry import UserStores, get_user, list_users
from giveback.engine.digest.schedule import parse_moment
from giveback.service.cli.context import App, app_of, warn
from giveback.service.jobs.queue import queue_errors
from giveback.service.jobs.tasks import plan_now
from giveback.service.mail.compose import compose_message, preview_digest
from giveback.service.mail.send import send_digests, write_eml, write_private

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from giveback.core.accounts_tables import User
    from giveback.service.mail.send import BatchReport, UserOutcome


def _accounts() -> sessionmaker[Session]:
    return make_session_factory(init_accounts_db())


def _moment(now: str | None) -> datetime | None:
    return parse_moment(now) if now else None


def _preview_target(app: App, accounts: sessionmaker[Session], names: list[str]) -> User | None:
    """The user whose digest to preview; ``None``: the CLI's own store."""

    if len(names) > 1:
        raise InvalidInput("--preview shows one user's digest: name one with --user NAME")
    with accounts() as session:
        if names:
            return get_user(session, names[0])
        if app.db_url is not None:
            return None  # --db names a store: preview that one
        users = list_users(session)
        if len(users) > 1:
            raise InvalidInput(
                "several users are registered ("
                + ", ".join(u.name for u in users[:10])
                + "): name one with --user NAME"
            )
        return users[0] if users else None


def _unwritable(path: Path, exc: OSError) -> InvalidInput:
    reason = (exc.strerror or type(exc).__name__).lower()
    return InvalidInput(f"cannot write {path} ({reason})")


def _check_out(out: Path) -> None:
    """``--out`` must name a file in a folder that exists: no folder is made behind a typo."""
    folder = out.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist; create it first"
        raise InvalidInput(f"--out {out}: the folder {folder} {what}")
    if out.exists() and not out.is_file():
        raise InvalidInput(f"--out {out} is not a regular file")


def _preview(
    app: App,
    accounts: sessionmaker[Session],
    names: list[str],
    out: Path | None,
    now: datetime | None,
) -> None:

    settings = get_settings()
    if out is not None:
        _check_out(out)  # before the digest is made: a bad path costs no work
    user = _preview_target(app, accounts, names)
    stores = UserStores()
    try:
        with stores.sessions(user)() if user is not None else app.session() as session:
            shown = preview_digest(session, app.embedder(), user, now, settings)
            session.commit()  # keep the vectors embedded on the way
    finally:
        stores.dispose()
    who = user.name if user is not None else "me"
    path = out or settings.home / "previews" / f"digest-{who}-{shown.digest.week}.html"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, shown.html.encode("utf-8"))
    except OSError as exc:
        raise _unwritable(path, exc) from None
    click.echo(f"{shown.subject} ({who}, week {shown.digest.week})", err=True)
    click.echo(str(path.resolve()))


def _to_eml(
    app: App,
    accounts: sessionmaker[Session],
    names: list[str],
    out_dir: Path,
    now: datetime | None,
    verbose: bool,
) -> None:

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(out_dir, exc) from None
    with accounts() as session:
        anyone = bool(names) or bool(list_users(session))
    if not anyone or (app.db_url is not None and not names):
        settings = get_settings()
        with app.session() as session:
            shown = preview_digest(session, app.embedder(), None, now, settings)
            session.commit()

        message = compose_message(
            shown.rendered,
            to=settings.smtp_from,
            sender=settings.smtp_from,
            msg_id=f"<giveback-digest.{shown.digest.week}.me@localhost>",
            sent=now or utcnow(),
        )
        path = out_dir / f"me-{shown.digest.week}.eml"
        try:
            write_private(path, message.as_bytes())
        except OSError as exc:
            raise _unwritable(path, exc) from None
        click.echo(str(path.resolve()))
        return
    written = write_eml(accounts, out_dir, now=now, names=names or None, encoder=app.embedder())
    for name, eml, why in written:
        if eml is not None:
            click.echo(str(eml.resolve()))
        elif verbose:
            click.echo(f"skipped  {name}: {why}", err=True)
    if not any(path for _, path, _ in written):
        click.echo(
            "No digest is due now (add -v to see why for each user, or name users with --user).",
            err=True,
        )


def _line(outcome: UserOutcome) -> str:
    tries = (
        f" ({outcome.attempts} {'try' if outcome.attempts == 1 else 'tries'})"
        if outcome.attempts
        else ""
    )
    detail = f"  {outcome.detail}" if outcome.detail else ""
    return (
        f"{outcome.status:<9}{outcome.user:<20} {outcome.email or '-':<30} "
        f"{outcome.week}{tries}{detail}"
    )


def _summary(report: BatchReport) -> str:
    counts = Counter(o.status for o in report.outcomes)
    reasons = Counter(o.detail.split(":")[0] for o in report.having("skipped"))
    skipped = "; ".join(f"{n} {why}" for why, n in reasons.most_common())
    parts = [
        f"sent {counts['sent']}",
        f"failed {counts['failed'] + counts['rejected']}",
        f"skipped {counts['skipped']}" + (f" ({skipped})" if skipped else ""),
    ]
    return "Digest: " + ", ".join(parts) + "."


def _send(
    app: App, accounts: sessionmaker[Session], names: list[str], now: datetime | None, verbose: bool
) -> None:

    with accounts() as session:
        if not names and not list_users(session):
            raise InvalidInput(
                "no users to send to: the digest goes to registered users' "
                "addresses (giveback user add NAME --email ADDRESS); "
                "--preview and --to-eml work without users"
            )

    def show(outcome: UserOutcome) -> None:
        if outcome.status != "skipped" or verbose or names:  # named users: always say why
            click.echo(_line(outcome))

    report = send_digests(
        accounts, now=now, names=names or None, encoder=app.embedder(), on_outcome=show
    )
    if report.locked:
        click.echo("Another digest run is in progress; this one sent nothing.")
        return
    click.echo(_summary(report))
    if report.stopped:
        warn(
            f"stopped early, the mail server is unavailable: {report.stopped}; the users "
            "left are sent by the next run"
        )
    if not report.ok:
        failed = ", ".join(o.user for o in report.failed)
        if failed:
            warn(f"not sent: {failed} (failed ones are retried by later runs, with backoff)")
        raise click.exceptions.Exit(1)


@click.command("digest")
@click.option(
    "--preview", is_flag=True, help="Write the digest as HTML to a file and print its path."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where --preview writes (default: $GIVEBACK_HOME/previews/).",
)
@click.option(
    "--to-eml",
    "eml_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write the messages a send would send now as .eml files; nothing is sent or recorded.",
)
@click.option(
    "--send",
    is_flag=True,
    help="Send every due digest over SMTP (safe to run from cron at any frequency).",
)
@click.option(
    "--queue",
    "queued",
    is_flag=True,
    help="Queue every due digest for `giveback worker` to send (PostgreSQL only).",
)
@click.option(
    "--user",
    "names",
    multiple=True,
    metavar="NAME",
    help="Only this user, whatever their hour (repeatable); still once a week.",
)
@click.option(
    "--now",
    metavar="ISO-DATETIME",
    help="Act as if it were this moment (e.g. 2026-11-30T08:00+01:00; no offset: UTC).",
)
@click.option("-v", "--verbose", is_flag=True, help="Also list the users skipped, and why.")
@click.pass_context
def digest(
    ctx: click.Context,
    preview: bool,
    out: Path | None,
    eml_dir: Path | None,
    send: bool,
    queued: bool,
    names: tuple[str, ...],
    now: str | None,
    verbose: bool,
) -> None:
    """The weekly "ways to give" email: preview it, write it out, or send it.

    Each user's digest goes out once per ISO week, on the weekday and hour they chose, in
    their time zone (giveback user set NAME --digest-day monday --digest-hour 8 --timezone
    Europe/Berlin). --send sends only what is due and records each send, so running it from
    cron or a systemd timer every few minutes is safe; a run that crashed or lost the mail
    server is picked up where it stopped. With the store in PostgreSQL, `giveback worker`
    sends them from a queue instead (every minute; --queue queues what is due now). SMTP
    settings: GIVEBACK_SMTP_HOST, _PORT,
    _STARTTLS, _USER, _PASSWORD, _FROM; links point at GIVEBACK_BASE_URL.

    Exit code 1 when a digest failed (it is retried by later runs, with backoff).

    \b
    Example:
      giveback digest --preview --user maria
      giveback digest --to-eml out/ --user maria --user tom
      giveback digest --send
      giveback digest --queue
      */5 * * * *  giveback digest --send     (crontab)
    """
    if sum((preview, eml_dir is not None, send, queued)) != 1:
        raise InvalidInput("choose one of --preview, --to-eml DIR, --send or --queue")
    if out is not None and not preview:
        raise InvalidInput("--out goes with --preview")
    app = app_of(ctx)
    chosen = list(dict.fromkeys([*names, *([app.user_name] if app.user_name else [])]))
    moment = _moment(now)
    if queued:
        if chosen:
            raise InvalidInput("--queue queues every due digest; --user goes with --send")
        if app.db_url is not None:
            raise InvalidInput("--db names a SQLite file; the queue lives in PostgreSQL")
        with queue_errors():
            count = plan_now(get_settings(), moment)
        click.echo(f"Queued {count} digest{'s' if count != 1 else ''} for `giveback worker`.")
        return
    accounts = _accounts()
    if preview:
        _preview(app, accounts, chosen, out, moment)
    elif eml_dir is not None:
        _to_eml(app, accounts, chosen, eml_dir, moment, verbose)
    else:
        _send(app, accounts, chosen, moment, verbose)
