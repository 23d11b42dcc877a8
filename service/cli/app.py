"""The ``giveback`` command line: the root group, and the one place errors become exit codes.

Every command's docstring is its help. Domain errors (``giveback.core.errors``), click's own
usage errors, undecodable input and an unusable database become one ``error: ...`` line on
standard error and exit code 2, in :class:`GivebackGroup`. Each command group lives in a module
of its own, imported only when that command runs (:data:`COMMANDS`), so ``giveback contacts``
never pays for the web server, the ranker or the NLP models.

The console script is :func:`run`, not :func:`main`: it runs one command in a process of its
own, so it collects garbage less often and leaves without tearing the interpreter down.
"""

from __future__ import annotations

import atexit
import gc
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from giveback.core.errors import GivebackError
from giveback.core.store_files import sqlite_url_for_path
from giveback.pipelines.heap import short_lived_process
from giveback.service.cli.context import App, fail
from giveback.service.cli.lazy import LazyGroup

# Command name -> "module:attribute", one module per command group.
COMMANDS = {
    "extract": "notes:extract",
    "note": "notes:note",
    "reprocess": "bulk_notes:reprocess",
    "contacts": "contact_list:contacts",
    "signals": "contacts:signals",
    "reopen": "contacts:reopen",
    "catalog": "catalog:catalog",
    "suggest": "suggest:suggest",
    "next": "suggest:next_gives",
    "give": "ledger:give",
    "received": "ledger:received",
    "thank": "ledger:thank",
    "ledger": "ledger:ledger",
    "tier": "ledger:tier",
    "intro": "trail:intro",
    "trail": "trail:trail",
    "done": "feedback:done",
    "dismiss": "feedback:dismiss",
    "snooze": "feedback:snooze",
    "today": "feedback:today",
    "eval": "eval:eval_group",
    "demo": "demo:demo",
    "train": "train:train",
    "prepare": "prepare:prepare",
    "user": "users:user",
    "token": "users:token",
    "serve": "serve:serve",
    "store": "store:store",
    "digest": "digest:digest",
    "need": "asks:need",
    "ask": "asks:ask",
    "worker": "jobs:worker",
}


def usage_error(exc: click.UsageError) -> NoReturn:
    """Click's usage errors ("Missing option", "Invalid value") as our one ``error:`` line.

    The line keeps the usage of the command and where its help is; exit code 2. Asking a
    group for nothing (``giveback note``) still shows its help.
    """
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        raise exc
    message = exc.format_message().strip().rstrip(".")
    if message[1:2].islower():  # "Missing option" -> "missing option"; "URL ..." stays
        message = message[:1].lower() + message[1:]
    ctx = exc.ctx
    if ctx is not None:
        usage = ctx.get_usage().removeprefix("Usage:").strip()
        help_names = ctx.command.get_help_option_names(ctx)
        hint = f"; see `{ctx.command_path} {max(help_names, key=len)}`" if help_names else ""
        message = f"{message} (usage: {usage}{hint})"
    fail(message)


class GivebackGroup(LazyGroup):
    """The root group: loads each command's module when it is asked for, and maps every domain
    and decoding error to one line and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, lazy=COMMANDS, **kwargs)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # An operating system cannot pass a NUL in an argument, but a caller of `main(args)`
        # can, and paths with one fail deep inside `open`: refuse it here, once.
        if parent is None and any("\x00" in arg for arg in args):
            fail("an argument contains a NUL character")
        # Options of `giveback` itself are parsed here, before invoke: `giveback --nope`.
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            usage_error(exc)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            usage_error(exc)
        except GivebackError as exc:
            fail(str(exc) or type(exc).__name__)
        except UnicodeDecodeError as exc:
            fail(f"input is not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8")
        except Exception as exc:
            if not _unusable_database(exc):
                raise
            fail(f"the database cannot be used: {getattr(exc, 'orig', exc)}")


def _unusable_database(exc: Exception) -> bool:
    """Whether SQLAlchemy said the database cannot be used (locked, read-only, not a database).

    Looked up rather than imported: the root group loads before any command, and a command
    that reads the store without SQLAlchemy (`giveback contacts`) should not pay for it. An
    error SQLAlchemy raised can only come after SQLAlchemy was loaded.
    """
    if isinstance(exc, sqlite3.OperationalError):  # read through sqlite3 itself
        return True
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.OperationalError)


@click.group(cls=GivebackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file to use instead of $GIVEBACK_HOME/giveback.db (or GIVEBACK_DATABASE_URL).",
)
@click.option(
    "--user", "user_name", metavar="NAME", help="Work on this user's store (see `giveback user`)."
)
@click.version_option(package_name="giveback")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, user_name: str | None) -> None:
    """Giveback: listen for the give. Notes in; what people need, love and live through out.

    \b
    Example:
      giveback note add --contact "Maria Lopez" notes/maria.txt
      giveback catalog import gives.jsonl
      giveback next
    """
    app = ctx.ensure_object(App)
    if db_path is not None:
        app.db_url = sqlite_url_for_path(db_path)
    if user_name is not None:
        if db_path is not None:
            raise click.UsageError("give --db or --user, not both")
        app.user_name = user_name


# A command is a short process that allocates much and frees little: importing spaCy and
# SQLAlchemy and loading the models made the collector walk the young heap again and again
# (0.2 s of a 1.2 s `note add`). Long commands (serve, import) still collect, less often.
CLI_GC_THRESHOLD = (50_000, 20, 20)


def exit_status(code: object) -> int:
    """The process status for ``SystemExit.code``: None is success, a message is failure."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run() -> NoReturn:
    """The ``giveback`` console script: run one command, then leave at once.

    Tearing the interpreter down frees every module, the spaCy model and the ONNX Runtime
    session one object at a time: 0.37 s after a `note add` whose work took 1.2 s, for a
    process that ends anyway. So once the command is done (its sessions committed and
    closed), the exit handlers run, the output is flushed, and the process ends with
    :func:`os._exit`. A crash still ends the usual way, with its traceback.
    """
    gc.set_threshold(*CLI_GC_THRESHOLD)
    short_lived_process()  # `serve` and `worker` say otherwise
    try:
        main()
        status = 0  # main() in standalone mode always raises SystemExit; this is for mypy
    except SystemExit as done:
        status = exit_status(done.code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away, or the stream is closed
            status = status or 1
    os._exit(status)
