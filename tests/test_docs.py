"""The README's CLI examples run as written, and every command is in the README.

Like sqlite-utils' ``test_docs.py``: documentation that is executed cannot drift from the code.
The examples run in order, in a fresh home, on files named as the README names them (made from
the bundled sample network), with the real models loaded once.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from giveback.core.settings import DATA_DIR, get_settings
from giveback.service.cli.app import COMMANDS, main
from giveback.service.cli.context import App
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Examples that are not run here, and where they are tested instead.
NOT_RUN = {
    "serve": "runs until stopped; tests/service/api and tests/service/web serve the same app",
    "eval": "takes minutes; tests/service/cli/test_eval.py runs both evals",
    "digest --send": "sends mail; tests/service/mail/test_send.py sends to a real SMTP server",
    "train": "takes minutes; tests/pipelines/learned/test_training.py trains on a small corpus",
    "reopen": "needs the id of a closed signal; tests/service/cli/test_signals.py reopens one",
}
CONNECTIONS_CSV = """\
Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Lee,Wong,https://www.linkedin.com/in/lee-wong,,Harbor Freight Labs,Head of Partnerships,03 Feb 2025
Sam,Ode,https://www.linkedin.com/in/sam-ode,sam@example.org,Ode Studio,Founder,11 Mar 2024
"""


def readme_commands() -> list[str]:
    """Every ``giveback ...`` line of the README's shell blocks, continuations joined."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line.strip())
            if line.startswith("giveback "):
                commands.append(" ".join(line.split()))
    return commands


def _skipped(command: str) -> bool:
    return any(command.startswith(f"giveback {prefix}") for prefix in NOT_RUN)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh GIVEBACK_HOME and a folder holding the files the examples name."""
    monkeypatch.setenv("GIVEBACK_HOME", str(tmp_path / "home"))
    for name in ("GIVEBACK_DATABASE_URL", "GIVEBACK_ACCOUNTS_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    work = tmp_path / "work"
    (work / "notes").mkdir(parents=True)
    (work / "out").mkdir()
    sample = DATA_DIR / "sample"
    rows = [json.loads(line) for line in (sample / "notes.jsonl").read_text().splitlines()]
    maria = next(r for r in rows if r["contact"] == "Maria Lopez")
    (work / "notes" / "maria.txt").write_text(maria["text"], encoding="utf-8")
    (work / "old-notes.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows if r is not maria), encoding="utf-8"
    )
    shutil.copy(sample / "catalog.jsonl", work / "gives.jsonl")
    (work / "Connections.csv").write_text(CONNECTIONS_CSV, encoding="utf-8")
    monkeypatch.chdir(work)
    yield work
    get_settings.cache_clear()


def test_the_readme_examples_run_in_order(workdir: Path, listener: Any, embedder: Any) -> None:
    commands = readme_commands()
    assert len(commands) > 30
    app = App(listener_factory=lambda: listener)
    ran = 0
    for command in commands:
        if _skipped(command):
            continue
        result = CliRunner().invoke(main, shlex.split(command)[1:], obj=app)
        assert result.exit_code == 0, (command, result.output, result.exception)
        ran += 1
    assert ran == len(commands) - sum(map(_skipped, commands))
    assert list((workdir / "out").glob("*.eml")), "the digest example wrote no .eml"


def test_every_command_is_shown_in_the_readme() -> None:
    shown = {shlex.split(c)[1] for c in readme_commands() if not c.startswith("giveback --")}
    shown |= {shlex.split(c)[3] for c in readme_commands() if c.startswith("giveback --user")}
    mentioned = set(re.findall(r"`giveback ([a-z]+)", README))
    assert set(COMMANDS) - shown - mentioned == set()
