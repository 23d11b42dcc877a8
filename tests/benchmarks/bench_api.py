"""The HTTP API under load (issue 5): requests per second and latency with 16 clients.

    python -m tests.benchmarks.bench_api                       # sample network, 30 s each
    python -m tests.benchmarks.bench_api --seconds 3           # a quick look
    python -m tests.benchmarks.bench_api --network synthetic --relationships 500 --items 5000

One uvicorn process (one worker, loopback) serves a prepared user store. Concurrent clients
(asyncio + httpx, keep-alive) hit, in turn, a bare FastAPI endpoint added to the same app (the
floor: the same server, framework and worker pool, no auth, no store, no model),
``GET /suggestions/next`` and ``POST /notes`` (a new note every request). Reported per
endpoint: requests/s, p50 and p99 latency, errors; and the server process's memory (RSS after
start-up and after the run, and its peak). The clients run on the same machine as the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tests.benchmarks.synthetic import TOPICS, catalog_rows, person

WORK = Path(os.environ.get("GIVEBACK_BENCH_DIR", Path(tempfile.gettempdir()) / "giveback-bench"))
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
BARE_PATH = "/bench/bare"
USER = "bench"


# -- preparing the store --------------------------------------------------------------------------
def prepare(
    home: Path, network: str, relationships: int, items: int, users: int = 1
) -> tuple[list[str], str]:
    """A fresh GIVEBACK_HOME with ``users`` users whose stores each hold the network; (their
    tokens, summary)."""
    from giveback.core.db import init_accounts_db, make_session_factory
    from giveback.core.settings import get_settings
    from giveback.engine.accounts.registry import UserStores, add_user, create_token
    from giveback.pipelines.embedding.encoder import get_embedder
    from giveback.pipelines.extraction import get_listener

    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    os.environ["GIVEBACK_HOME"] = str(home)
    get_settings.cache_clear()
    tokens, made = [], []
    with make_session_factory(init_accounts_db())() as accounts:
        for n in range(users):
            user = add_user(accounts, USER if n == 0 else f"{USER}{n}")
            tokens.append(create_token(accounts, user, "bench").token)
            made.append(user)
    stores = UserStores()
    listener, embedder = get_listener(), get_embedder()
    for user in made:
        summary = _fill(stores, user, network, relationships, items, listener, embedder)
    stores.dispose()
    return tokens, summary


def _fill(
    stores: Any, user: Any, network: str, relationships: int, items: int, listener: Any,
    embedder: Any,
) -> str:  # fmt: skip
    """One user's store, holding the network, heard and ranked once; its summary."""
    from giveback.engine.catalog.index import load_catalog_index
    from giveback.engine.ledger.reciprocity import LedgerWeights
    from giveback.engine.listening.notes import process_notes
    from giveback.engine.suggest.suggester import Suggester

    with stores.sessions(user)() as session:
        if network == "sample":
            ids = _sample(session)
            summary = "sample network (data/sample: 12 contacts, 36 notes, 40 gives)"
        else:
            ids = _synthetic(session, relationships, items)
            summary = f"synthetic network ({relationships} relationships, {items} gives)"
        process_notes(session, ids, listener)
        load_catalog_index(session, embedder)  # embeds the catalog
        # Rank once, as a running service soon would: every signal's vector is cached.
        Suggester(session, embedder, ledger=LedgerWeights(session)).next_gives(date.today())
        session.commit()
    return summary


def _sample(session: Any) -> list[int]:
    from giveback.engine.catalog.importing import import_catalog_file
    from giveback.engine.contacts.store import import_contacts_jsonl
    from giveback.engine.listening.note_import import read_note_rows, store_rows

    import_contacts_jsonl(session, SAMPLE / "contacts.jsonl")
    report = store_rows(session, read_note_rows(SAMPLE / "notes.jsonl"), source="bench")
    catalog = SAMPLE / "catalog.jsonl"
    import_catalog_file(session, catalog.read_bytes(), catalog.name)
    session.commit()
    return list(report.note_ids)


def _synthetic(session: Any, relationships: int, items: int) -> list[int]:
    from giveback.engine.catalog.store import ImportSummary, upsert_records
    from giveback.engine.listening.notes import store_note
    from giveback.pipelines.importers import parse_file

    path = WORK / "bench-api-catalog.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in catalog_rows(items)), "utf-8")
    parsed = parse_file(path.read_bytes(), path.name, "auto")
    upsert_records(session, parsed.records, ImportSummary(str(path), parsed.format), source="bench")
    session.commit()
    ids = []
    for i in range(relationships):
        need, interest = TOPICS[i % len(TOPICS)], TOPICS[(i * 7 + 3) % len(TOPICS)]
        text = (
            f"Call with {person(i)}. She is looking for help with {need}. "
            f"Big into {interest} lately."
        )
        ids.append(store_note(session, person(i), text, "2026-10-01", source="bench").note_id)
    return ids


# -- the server -----------------------------------------------------------------------------------
def serve(port: int) -> None:
    """Run the app (plus the bare endpoint) with uvicorn: what ``giveback serve`` runs, in
    a process set up as the console script sets up its own."""
    import gc

    import uvicorn

    from giveback.service.app import create_app
    from giveback.service.cli.app import CLI_GC_THRESHOLD

    gc.set_threshold(*CLI_GC_THRESHOLD)

    app = create_app()

    @app.get(BARE_PATH, include_in_schema=False)
    def bare() -> dict[str, str]:
        """The floor: a plain FastAPI handler (worker pool, JSON), nothing of ours."""
        return {"status": "ok"}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", workers=1)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 300) -> None:
    import httpx

    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=2).json().get("models_loaded"):
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not become ready")


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# -- load -----------------------------------------------------------------------------------------
@dataclass
class Result:
    """What one endpoint did under load."""

    label: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    cpu_seconds: float = 0.0  # the server's CPU time (user + system) while under this load

    @property
    def rps(self) -> float:
        """Completed requests per second (errors included)."""
        return (len(self.latencies) + self.errors) / self.seconds

    def quantile(self, q: float) -> float:
        """A latency quantile in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def note_body(k: int, run: int) -> dict[str, str]:
    """A new ~60-word note every time, about one of a few people."""
    rng = random.Random(f"{run}-{k}")
    topics = rng.sample(TOPICS, 4)
    name = ["Maria Lopez", "Jordan Blake", "Daniel Okafor", "Priya Raman", "Sam Ortiz"][k % 5]
    first = name.split()[0]
    text = (
        f"Coffee with {first} (visit {run}-{k}). She is looking for someone who knows "
        f"{topics[0]} before the launch, and her team is hiring for {topics[1]}. She loves "
        f"{topics[2]} on weekends. I promised to send her my notes on {topics[3]}. "
        "Follow up in two weeks."
    )
    return {"contact_name": name, "note_date": "2026-11-20", "text": text}


async def load(
    base: str,
    tokens: list[str],
    label: str,
    method: str,
    path: str,
    seconds: float,
    clients: int,
    body_of: Any = None,
) -> Result:
    """``clients`` concurrent clients sending requests back to back for ``seconds``; client
    ``i`` speaks for user ``i % len(tokens)``."""
    import httpx

    result = Result(label, seconds)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    counter = iter(range(10**9))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=300) as http:
        deadline = time.monotonic() + seconds

        async def client(token: str) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            while time.monotonic() < deadline:
                body = body_of(next(counter)) if body_of else None
                start = time.perf_counter()
                try:
                    answer = await http.request(method, path, json=body, headers=headers)
                    ok = answer.status_code < 400
                    result.statuses[answer.status_code] = (
                        result.statuses.get(answer.status_code, 0) + 1
                    )
                except httpx.HTTPError:
                    ok = False
                if ok:
                    result.latencies.append(time.perf_counter() - start)
                else:
                    result.errors += 1

        started = time.monotonic()
        await asyncio.gather(*(client(tokens[i % len(tokens)]) for i in range(clients)))
        result.seconds = time.monotonic() - started
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Prepare, start the server, load each endpoint in turn, report."""
    import psutil

    home = WORK / "api-home"
    tokens, summary = prepare(home, args.network, args.relationships, args.items, args.users)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GIVEBACK_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.bench_api", "serve", "--port", str(port)], env=env
    )
    try:
        _wait_ready(base, server)
        proc = psutil.Process(server.pid)
        rss_start = proc.memory_info().rss / 2**20
        run_id = time.time_ns() % 10**6
        plan = [
            ("GET /bench/bare (floor)", "GET", BARE_PATH, None),
            ("GET /suggestions/next", "GET", "/suggestions/next", None),
            ("POST /notes", "POST", "/notes", lambda k: note_body(k, run_id)),
        ]
        results = []
        for label, method, path, body_of in plan:
            if args.warmup > 0:
                asyncio.run(
                    load(
                        base,
                        tokens,
                        label,
                        method,
                        path,
                        args.warmup,
                        args.clients,
                        (lambda k, f=body_of: f(10**8 + k)) if body_of else None,
                    )
                )
            before = sum(proc.cpu_times()[:2])
            result = asyncio.run(
                load(base, tokens, label, method, path, args.seconds, args.clients, body_of)
            )
            result.cpu_seconds = sum(proc.cpu_times()[:2]) - before
            results.append(result)
        rss_end = proc.memory_info().rss / 2**20
        peak = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)

    print(
        f"HTTP API under load: {args.clients} concurrent clients, {args.seconds:g} s per "
        f"endpoint (after {args.warmup:g} s warm-up), 1 uvicorn worker on loopback"
    )
    print(f"  store: {summary}, for each of {args.users} user(s)")
    print(
        f"  {'endpoint':<26}{'req/s':>9}{'p50 ms':>10}{'p99 ms':>10}{'requests':>10}{'errors':>8}"
    )
    for r in results:
        print(
            f"  {r.label:<26}{r.rps:9.1f}{r.quantile(0.5):10.1f}{r.quantile(0.99):10.1f}"
            f"{len(r.latencies):10d}{r.errors:8d}"
        )
    floor = results[0]
    for r in results[1:]:
        print(
            f"  {r.label}: {r.rps / floor.rps:.3f}x the floor's throughput, "
            f"p50 {r.quantile(0.5) / floor.quantile(0.5):.1f}x the floor's"
        )
    cores = os.cpu_count() or 1
    for r in results[1:]:
        done = len(r.latencies) + r.errors
        if not done or not r.cpu_seconds:
            continue
        per = r.cpu_seconds / done
        bound = cores / per
        print(
            f"  {r.label}: {per * 1e3:.0f} ms of server CPU per request; {cores} cores could "
            f"serve {bound:.1f} req/s at that cost; measured {r.rps / bound:.2f}x that bound"
        )
    peak_text = f", peak {peak:.0f} MB" if peak is not None else ""
    print(
        f"  server memory (RSS): {rss_start:.0f} MB after start-up, {rss_end:.0f} MB after "
        f"the run{peak_text}"
    )
    errors = {r.label: r.statuses for r in results if r.errors}
    if errors:
        print(f"  errors by status: {errors}")
    return {
        "results": {
            r.label: {
                "rps": r.rps,
                "p50_ms": r.quantile(0.5),
                "p99_ms": r.quantile(0.99),
                "errors": r.errors,
            }
            for r in results
        },
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "peak_mb": peak,
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The benchmark's options (unknown words, such as other benchmarks' names, are ignored)."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_api")
    parser.add_argument("--seconds", type=float, default=30, help="load per endpoint")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured load first")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--users", type=int, default=1, help="the clients speak for this many")
    parser.add_argument("--network", choices=["sample", "synthetic"], default="sample")
    parser.add_argument("--relationships", type=int, default=500, help="synthetic only")
    parser.add_argument("--items", type=int, default=5000, help="synthetic only")
    parser.add_argument("--port", type=int, default=0, help="(serve) port to listen on")
    args, _ = parser.parse_known_args(argv)
    return args


def main() -> None:
    """Run the benchmark, or (``serve``) be its server process."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    argv = sys.argv[1:]
    if argv[:1] == ["serve"]:
        serve(parse_args(argv[1:]).port)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    run(parse_args(argv))


if __name__ == "__main__":
    main()
