"""What a person waits for at the command line, and for the service to start (issue 18).

    python -m tests.benchmarks.bench_cli              # 9 runs of each command
    python -m tests.benchmarks.bench_cli --runs 3     # a quick look

Every run is a new process, as when a person types the command: "cold" means no Giveback
process was running, while the operating system's file cache is warm (the second command of a
day, not the first after a reboot). Beside each command, in the same run, two floors:
``python -c pass`` (the interpreter alone), the libraries ``giveback contacts`` imports (click
and pydantic-settings: it reads a SQLite store with the standard library) and those every
command that opens the store through SQLAlchemy imports (its ORM too), leaving as the console
script does.
The store is the bundled sample network (12 contacts, 36 notes, 40 gives), prepared once
through the CLI; ``note add`` stores a new note each run, so every run listens for real.
Reported per command: p50, p95 and the largest peak memory (RSS) of the process. Then
``giveback serve``: seconds until ``/health`` answers, and until it says the models are warm.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

WORK = Path(os.environ.get("GIVEBACK_BENCH_DIR", Path(tempfile.gettempdir()) / "giveback-bench"))
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
# The console script, as a person runs it.
GIVEBACK = [str(Path(sys.executable).with_name("giveback"))]
LISTING_FLOOR = "import os, click, pydantic_settings; os._exit(0)"
LIBRARY_FLOOR = "import os, click, pydantic_settings, sqlalchemy.orm; os._exit(0)"


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["GIVEBACK_HOME"] = str(home)
    env.pop("GIVEBACK_DATABASE_URL", None)
    return env


def timed(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one process running ``args``."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed: {error}")
    return seconds, usage.ru_maxrss


def prepare(home: Path) -> None:
    """A GIVEBACK_HOME with the sample network, heard and ranked once."""
    shutil.rmtree(home, ignore_errors=True)
    env = _env(home)
    for args in (
        ["note", "import", str(SAMPLE / "notes.jsonl")],
        ["catalog", "import", str(SAMPLE / "catalog.jsonl")],
        ["next"],
    ):
        subprocess.run(GIVEBACK + args, env=env, check=True, capture_output=True)


def _contact(home: Path) -> str:
    out = subprocess.run(
        [*GIVEBACK, "contacts", "--json"], env=_env(home), check=True, capture_output=True
    ).stdout
    return str(json.loads(out)[0]["name"])


def bench_commands(home: Path, runs: int) -> list[tuple[str, list[float], int]]:
    """Each command ``runs`` times, cold; the floor first."""
    env = _env(home)
    contact = _contact(home)
    note = home / "bench-note.txt"
    rows: list[tuple[str, list[float], int]] = []
    cases: list[tuple[str, list[str]]] = [
        ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
        # What a command must import, leaving as the console script does: one that lists,
        # and one that opens the store through SQLAlchemy.
        ("listing libraries (floor)", [sys.executable, "-c", LISTING_FLOOR]),
        ("store libraries (floor)", [sys.executable, "-c", LIBRARY_FLOOR]),
        ("giveback contacts", [*GIVEBACK, "contacts"]),
        ("giveback note add", [*GIVEBACK, "note", "add", "--contact", contact, str(note)]),
        ("giveback suggest --contact", [*GIVEBACK, "suggest", "--contact", contact]),
        ("giveback next", [*GIVEBACK, "next"]),
    ]
    for label, args in cases:
        seconds, peak = [], 0
        for i in range(runs):
            note.write_text(
                f"Coffee with {contact} (run {i}, {time.time_ns()}). She is looking for a "
                "contracts lawyer and has started rowing on weekends.",
                encoding="utf-8",
            )
            took, rss = timed(args, env)
            seconds.append(took)
            peak = max(peak, rss)
        rows.append((label, seconds, peak))
    return rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_serve(home: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds until ``/health`` answers, and until it reports the models warm."""
    answered, warm = [], []
    for _ in range(runs):
        port = _free_port()
        env = _env(home) | {"GIVEBACK_PORT": str(port)}
        start = time.perf_counter()
        server = subprocess.Popen(
            [*GIVEBACK, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        first = None
        try:
            while time.perf_counter() - start < 120:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                        body = json.loads(r.read())
                    first = first or time.perf_counter() - start
                    if body.get("models_loaded"):
                        warm.append(time.perf_counter() - start)
                        break
                except OSError:
                    pass
                time.sleep(0.02)
        finally:
            server.terminate()
            server.wait(timeout=30)
        if first is not None:
            answered.append(first)
    return answered, warm


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    """Prepare the sample store, time the commands and the service's start, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args(sys.argv[2:] if sys.argv[1:2] == ["bench_cli"] else None)
    home = WORK / "cli-home"
    prepare(home)
    print(f"Cold CLI commands, {options.runs} runs each (new process each run, warm file cache)")
    print(f"{'command':<30} {'p50 s':>7} {'p95 s':>7} {'x floor':>8} {'peak MB':>8}")
    rows = bench_commands(home, options.runs)
    floor = statistics.median(rows[0][1])
    for label, seconds, peak in rows:
        p50 = statistics.median(seconds)
        print(
            f"{label:<30} {p50:>7.2f} {_p(seconds, 0.95):>7.2f} "
            f"{p50 / floor:>8.0f} {peak / 1024:>8.0f}"
        )
    answered, warm = bench_serve(home, max(3, options.runs // 3))
    print()
    print("giveback serve start-up")
    if answered:
        print(f"  /health answers after   p50 {statistics.median(answered):.2f} s")
    if warm:
        print(f"  models warm after        p50 {statistics.median(warm):.2f} s")


if __name__ == "__main__":
    main()
