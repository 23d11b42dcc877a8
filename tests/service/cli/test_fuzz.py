"""Every CLI command on any arguments: it works or says why on one ``error:`` line, exit 2.

Hypothesis picks a command of the whole command tree and strings of its own options and
arguments, mixed with odd values (dashes, far dates, NULs, huge and foreign text, files that
exist and files that do not). The commands run in-process on a store of their own, with the
scripted listener. Left out, because they wait on the world or run for minutes, and their
own tests cover them: serving, training, the demo, the evaluations and `digest --send`.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import click
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giveback.service.cli.app import main
from tests.support.cli import run
from tests.support.fakes import FakeListener

LEFT_OUT = {"serve", "train", "demo", "eval"}
LEFT_OUT_OPTIONS = {"--send"}


def _leaves(
    group: click.Group, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    context = click.Context(group)
    out = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if not path and name in LEFT_OUT:
            continue
        if isinstance(command, click.Group):
            out += _leaves(command, (*path, name))
        else:
            out.append(((*path, name), command))
    return out


LEAVES = _leaves(main)
ODD = [
    "", "-", "--", "0", "-1", "999999999999999999999", "0001-01-01", "3000-01-01", "2026-02-30",
    "2026-05-01", "nobody", "Maria Lopez", "\x00", "🎉" * 50, "x" * 5000, "--json", "--help",
    "me", "art-1", "close", "deal", "--date", "--contact", "/dev/null", "DIR", "NOTE", "CATALOG",
]  # fmt: skip


@st.composite
def invocations(draw: st.DrawFn) -> list[str]:
    path, command = draw(st.sampled_from(LEAVES))
    options = [o for p in command.params for o in getattr(p, "opts", [])
               if o.startswith("-") and o not in LEFT_OUT_OPTIONS]  # fmt: skip
    words = draw(st.lists(st.one_of(st.sampled_from(options or ["--json"]),
                                    st.sampled_from(ODD), st.text(max_size=20)),
                          max_size=6))  # fmt: skip
    return [*path, *words]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=invocations())
def test_no_command_ends_in_a_traceback(args: list[str]) -> None:
    # In a folder of its own: a relative path among the arguments is written there.
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        folder = Path(tmp)
        (folder / "note.txt").write_text("She needs [need:a lawyer].", encoding="utf-8")
        (folder / "catalog.jsonl").write_text(
            '{"id": "art-1", "type": "article", "title": "A lawyer guide"}\n', encoding="utf-8"
        )
        # Placeholders become real paths in this test's own folder (never "/": we may be root).
        places = {"NOTE": folder / "note.txt", "CATALOG": folder / "catalog.jsonl", "DIR": folder}
        named = [str(places[a]) if a in places else a for a in args]
        result = run(folder / "store.db", *named, listener=FakeListener())
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.output[-2000:],
        )
        assert result.exit_code in (0, 2), (args, result.exit_code, result.output[-2000:])
        if result.exit_code == 2:
            lines = result.stderr.strip().splitlines()
            assert lines and lines[-1].startswith("error: "), (args, result.stderr[-2000:])
            assert "Traceback" not in result.output
