"""The console script (:func:`giveback.service.cli.app.run`) leaves at once, and loses nothing.

It ends the process with ``os._exit`` once the command is done, so these tests run it in a
process of its own: what the command stored is in the store, what it printed is all there, exit
handlers ran, and exit codes are the command's.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from giveback.service.cli.app import exit_status
from tests.support.service_process import giveback

# An exit handler, as logging and temporary folders register: it must still run.
CONSOLE = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('exit handlers ran', file=sys.stderr))\n"
    "from giveback.service.cli.app import run\n"
    "run()\n"
)


def console(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``giveback ARGS`` as the console script runs it, on a store under ``tmp_path``."""
    env = {**os.environ, "GIVEBACK_HOME": str(tmp_path / "home")}
    return giveback(env, "--db", str(tmp_path / "giveback.db"), *args, code=CONSOLE)


def test_what_a_command_stores_and_prints_is_all_there(tmp_path: Path) -> None:
    for i in range(8):
        added = console(tmp_path, "need", "add", f"a bookkeeper for studio number {i}")
        assert added.returncode == 0, added.stderr
        if i == 0:
            assert added.stderr.strip() == "exit handlers ran"
    listed = console(tmp_path, "need", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    needs = json.loads(listed.stdout)  # the whole array arrived: nothing left in a buffer
    assert sorted(n["text"] for n in needs) == sorted(
        f"a bookkeeper for studio number {i}" for i in range(8)
    )


def test_a_usage_error_keeps_its_line_and_exit_code(tmp_path: Path) -> None:
    done = console(tmp_path, "contacts", "--nope")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith("error: no such option '--nope'")
    assert done.stderr.splitlines()[-1] == "exit handlers ran"


def test_help_exits_zero_with_all_of_it(tmp_path: Path) -> None:
    done = console(tmp_path, "--help")
    assert done.returncode == 0
    assert "Giveback: listen for the give." in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].strip()  # the last command listed, not cut


@pytest.mark.parametrize(
    ("code", "status", "printed"),
    [(None, 0, ""), (0, 0, ""), (2, 2, ""), ("something broke", 1, "something broke\n")],
)
def test_exit_status_follows_system_exit(
    code: object, status: int, printed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exit_status(code) == status
    assert capsys.readouterr().err == printed


# An exit handler that tells whether the process called itself short-lived (see pipelines.heap).
HEAP_CONSOLE = (
    "import atexit, sys\n"
    "from giveback.pipelines import heap\n"
    "atexit.register(lambda: print('short-lived:', heap._short_lived, file=sys.stderr))\n"
    "from giveback.service.cli.app import run\n"
    "run()\n"
)


@pytest.mark.parametrize(
    ("args", "short_lived"),
    [
        (("contacts",), True),  # a command: it ends in a moment, no collection before freezing
        (("serve", "--workers", "2"), False),  # refused (no shared key), after saying it serves
        (("worker", "--once"), False),  # refused (no PostgreSQL queue), likewise
    ],
)
def test_only_serving_processes_collect_before_freezing_their_models(
    tmp_path: Path, args: tuple[str, ...], short_lived: bool
) -> None:
    env = {**os.environ, "GIVEBACK_HOME": str(tmp_path / "home")}
    env.pop("GIVEBACK_SECRET_KEY", None)
    env.pop("GIVEBACK_DATABASE_URL", None)
    done = giveback(env, *args, code=HEAP_CONSOLE)
    assert done.returncode == (0 if short_lived else 2), done.stderr
    assert done.stderr.splitlines()[-1] == f"short-lived: {short_lived}"
