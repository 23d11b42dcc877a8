"""Several workers on PostgreSQL (issue 19): 4 workers against 1, clients mixing paste and next.

    python -m tests.benchmarks.bench_workers                            # 1,000 users, 30 s each
    python -m tests.benchmarks.bench_workers --users 100 --seconds 10   # a quick look

A throwaway PostgreSQL 15 server (started as the tests start theirs) holds the registry and
every user's store, a schema each. The first user's store is filled as ``bench_api
--network synthetic`` fills one (``--relationships`` contacts, each with a note that was heard,
and a catalog, embedded and ranked once); the other users' schemas are copies of it (pg_dump,
renamed), so preparing 1,000 users takes seconds instead of a migration and a listen each.
Then ``giveback serve --workers N`` (the console script, as a person runs it) serves it, with
N = 1 and then 4. ``--clients`` clients, each request for a random user, alternate
``POST /notes`` (a new note about one of that user's contacts) and ``GET
/suggestions/next``; every user is asked for its next gives once before the clock starts.
Reported per N: requests per second, p50 and p99 latency per route, and errors (any answer
that is not 2xx, or no answer).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_api import WORK, Result, _fill, note_body
from tests.benchmarks.synthetic import person
from tests.support import postgres
from tests.support.service_process import CONSOLE, KEY, free_port

TEMPLATE = "giveback_user_1"


def prepare(database_url: str, home: Path, users: int, relationships: int, items: int) -> list[str]:
    """The registry with ``users`` users and their tokens; every store a copy of the first."""
    from giveback.core.db import init_accounts_db, make_session_factory
    from giveback.core.settings import get_settings
    from giveback.engine.accounts.registry import UserStores, add_user, create_token
    from giveback.pipelines.embedding.encoder import get_embedder
    from giveback.pipelines.extraction import get_listener

    shutil.rmtree(home, ignore_errors=True)
    os.environ.update(GIVEBACK_HOME=str(home), GIVEBACK_DATABASE_URL=database_url)
    get_settings.cache_clear()
    accounts = make_session_factory(init_accounts_db())
    tokens = []
    with accounts() as session:
        made = [add_user(session, f"bench{n}") for n in range(users)]
        tokens = [create_token(session, user, "bench").token for user in made]
    assert made[0].store_url == f"schema:{TEMPLATE}"
    stores = UserStores()
    _fill(stores, made[0], "synthetic", relationships, items, get_listener(), get_embedder())
    stores.dispose()
    accounts.kw["bind"].dispose()
    _clone_template(database_url, [user.id for user in made[1:]])
    return tokens


def _clone_template(database_url: str, user_ids: list[int]) -> None:
    """Every other user's schema as a copy of the first one's (ids are left as they are: the
    service moves each store's sequences into its own range when it opens it)."""
    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    dump = subprocess.run(
        [str(postgres.PG_BIN / "pg_dump"), "--schema", TEMPLATE, "--no-owner", plain],
        check=True, capture_output=True, text=True, timeout=600,
    ).stdout  # fmt: skip
    script = WORK / "bench-workers-clone.sql"
    with script.open("w", encoding="utf-8") as out:
        for user_id in user_ids:
            out.write(dump.replace(TEMPLATE, f"giveback_user_{user_id}"))
    subprocess.run(
        [str(postgres.PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-f", str(script), plain],
        check=True, capture_output=True, timeout=3600,
    )  # fmt: skip
    script.unlink()


async def mixed_load(
    base: str, tokens: list[str], relationships: int, seconds: float, clients: int
) -> tuple[Result, Result, float]:
    """Clients alternating paste and next for random users; (paste, next, seconds taken)."""
    import httpx

    paste, ranked = Result("POST /notes", seconds), Result("GET /suggestions/next", seconds)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    counter = iter(range(10**9))
    run = time.time_ns() % 10**6
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=300) as http:
        deadline = time.monotonic() + seconds

        async def client(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < deadline:
                k = next(counter)
                headers = {"Authorization": f"Bearer {rng.choice(tokens)}"}
                route = paste if k % 2 else ranked
                start = time.perf_counter()
                try:
                    if route is paste:
                        body = note_body(k, run)
                        body["contact_name"] = person(rng.randrange(relationships))
                        answer = await http.post("/notes", json=body, headers=headers)
                    else:
                        answer = await http.get("/suggestions/next", headers=headers)
                    ok = answer.status_code < 300
                except httpx.HTTPError:
                    ok = False
                if ok:
                    route.latencies.append(time.perf_counter() - start)
                else:
                    route.errors += 1

        started = time.monotonic()
        await asyncio.gather(*(client(i) for i in range(clients)))
        return paste, ranked, time.monotonic() - started


async def warm(base: str, tokens: list[str], clients: int) -> int:
    """Every user's next gives once (each worker then has the store open); errors."""
    import httpx

    errors = 0
    queue = list(tokens)
    async with httpx.AsyncClient(base_url=base, timeout=300) as http:

        async def client() -> None:
            nonlocal errors
            while queue:
                token = queue.pop()
                answer = await http.get(
                    "/suggestions/next", headers={"Authorization": f"Bearer {token}"}
                )
                errors += answer.status_code >= 300

        await asyncio.gather(*(client() for _ in range(clients)))
    return errors


def measure(env: dict[str, str], workers: int, tokens: list[str], args: argparse.Namespace) -> str:
    """Serve with ``workers`` workers, load it, and return the report's lines."""
    import httpx

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (WORK / f"bench-workers-{workers}.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-c", CONSOLE, "serve", "--port", str(port), "--workers", str(workers),
         "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"serve exited with {server.returncode}; see {log.name}")
            try:
                if httpx.get(f"{base}/health", timeout=2).json().get("models_loaded"):
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.3)
        warm_errors = asyncio.run(warm(base, tokens, args.clients))
        paste, ranked, took = asyncio.run(
            mixed_load(base, tokens, args.relationships, args.seconds, args.clients)
        )
    finally:
        os.killpg(server.pid, 2)
        server.wait(timeout=120)
        log.close()
    done = len(paste.latencies) + len(ranked.latencies) + paste.errors + ranked.errors
    lines = [f"  {workers} worker(s): {done / took:.1f} req/s over {took:.1f} s "
             f"(warm-up errors {warm_errors})"]  # fmt: skip
    for label, route in (("POST /notes", paste), ("GET /suggestions/next", ranked)):
        count = len(route.latencies) + route.errors
        lines.append(
            f"    {label:<24}{count / took:8.1f} req/s  p50 {route.quantile(0.5):7.1f} ms  "
            f"p99 {route.quantile(0.99):7.1f} ms  errors {route.errors}"
        )
    return "\n".join(lines)


def main() -> None:
    """Start PostgreSQL, prepare the users, measure 1 and 4 workers, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--relationships", type=int, default=200)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args(sys.argv[2:] if sys.argv[1:2] == ["bench_workers"] else None)
    WORK.mkdir(parents=True, exist_ok=True)
    with postgres.running_server() as server, postgres.throwaway_database(server) as database_url:
        home = WORK / "workers-home"
        started = time.monotonic()
        tokens = prepare(database_url, home, args.users, args.relationships, args.items)
        print(
            f"Several workers on PostgreSQL: {args.users} users x {args.relationships} "
            f"contacts (a note each, heard) and {args.items} gives, prepared in "
            f"{time.monotonic() - started:.0f} s; {args.clients} clients alternating "
            f"POST /notes and GET /suggestions/next for random users, {args.seconds:g} s"
        )
        env: dict[str, Any] = {
            **os.environ,
            "GIVEBACK_HOME": str(home),
            "GIVEBACK_DATABASE_URL": database_url,
            "GIVEBACK_SECRET_KEY": KEY,
            "HF_HUB_OFFLINE": "1",
        }
        for workers in args.workers:
            print(measure(env, workers, tokens, args), flush=True)


if __name__ == "__main__":
    main()
