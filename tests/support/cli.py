"""Helpers for driving the CLI in-process with click's CliRunner."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from giveback.engine.listening.notes import NoteListener
from giveback.service.cli.app import main
from giveback.service.cli.context import App
from tests.conftest import FAKE_VERSION
from tests.support.fakes import FakeListener
from tests.support.paths import ROOT


def run(
    db_path: Path,
    *args: str,
    listener: NoteListener | None = None,
    stdin: str | bytes | None = None,
) -> Result:
    """Run ``giveback --db DB_PATH ARGS`` in-process; ``listener`` replaces the real one."""
    if isinstance(listener, FakeListener):
        app = App(listener_factory=lambda: listener, extractor_version=FAKE_VERSION)
    elif listener is not None:
        app = App(listener_factory=lambda: listener)
    else:
        app = App()
    return CliRunner().invoke(main, ["--db", str(db_path), *args], obj=app, input=stdin)


def error_lines(result: Result) -> list[str]:
    """The lines of standard error."""
    return result.stderr.splitlines()


def assert_one_error(result: Result, *fragments: str) -> str:
    """Exit code 2, exactly one ``error:`` line on stderr (no traceback); returns that line."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def row_counts(
    db_path: Path, tables: tuple[str, ...] = ("contacts", "notes", "signals", "mentions")
) -> dict[str, int]:
    """Rows per table of the store (all zero when the file was never created)."""
    if not db_path.exists():
        return dict.fromkeys(tables, 0)
    with sqlite3.connect(db_path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in names else 0
            for t in tables
        }


_PROBE = textwrap.dedent(
    """
    import sys
    from giveback.service.cli.app import main
    try:
        main({args!r})
    except SystemExit as exit:
        code = exit.code
    heavy = sorted(m for m in ("torch", "spacy", "sentence_transformers", "thinc", "sklearn",
                               "transformers", "onnxruntime", "spacy.cli", *{also!r})
                   if m in sys.modules)
    print("HEAVY=" + ",".join(heavy), "CODE=" + str(code), file=sys.stderr)
    """
)


def heavy_imports(db_path: Path, *args: str, also: tuple[str, ...] = ()) -> tuple[str, str]:
    """Run ``giveback --db DB_PATH ARGS`` in a fresh interpreter: (heavy modules, exit code).

    ``also``: more modules to look for (``sqlalchemy`` where a command should read without it).
    """
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(args=["--db", str(db_path), *args], also=also)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("HEAVY="), done.stderr
    heavy, code = last.split(" ")
    return heavy.removeprefix("HEAVY="), code.removeprefix("CODE=")
