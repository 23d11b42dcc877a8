"""Weekly digest benchmark (issue 6): build and send every user's digest, against a local sink.

    python -m tests.benchmarks.bench_digest                      # 1,000 users x 200 contacts
    python -m tests.benchmarks.bench_digest --users 20           # a smoke run
    python -m tests.benchmarks.bench_digest setup|send [--users N --contacts M --items K]

Setup (not timed): one template store per network size, written with bulk inserts (contacts,
a note each with a need and an interest, promises, favors owed a thank-you, tiers, a streak,
and a catalog of K gives whose people are in the network), ranked once so its vectors and
catalog index are cached; then a copy of that file per user (as a week in which no new note
needs embedding: the steady state), and the users in the registry, all due now.

The send stage runs in a process of its own (so its memory peak is its own): the real batch
sender (claims, sent-log, SMTP over loopback to an aiosmtpd sink in another process), timed
as a whole and per user, beside the floor of the ranking alone (``next_gives``) on a sample.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.benchmarks.synthetic import TOPICS, catalog_rows, person

WORK = Path(os.environ.get("GIVEBACK_BENCH_DIR", Path(tempfile.gettempdir()) / "giveback-bench"))
AS_OF = date(2026, 11, 18)  # a Wednesday
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench_digest")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--items", type=int, default=300)
    # Unknown words are left alone: `python -m tests.benchmarks bench_digest` passes its own.
    opts = parser.parse_known_args(argv)[0]
    opts.stage = next((a for a in argv if a in ("setup", "send")), None)
    return opts


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _template(contacts: int, items: int) -> Path:
    """A store with ``contacts`` relationships and ``items`` gives, ranked once (cached)."""
    from sqlalchemy import insert, select

    from giveback.core.db import init_db, make_session_factory
    from giveback.core.domain import CatalogRecord, ItemType
    from giveback.core.store_files import sqlite_url_for_path
    from giveback.core.tables import (
        Contact,
        DailyAct,
        LedgerEntry,
        Note,
        SignalRow,
        ThankItem,
        utcnow,
    )
    from giveback.engine.catalog.store import ImportSummary, upsert_records
    from giveback.engine.contacts.store import name_key
    from giveback.engine.digest.content import build_digest
    from giveback.pipelines.embedding.encoder import get_embedder

    path = WORK / f"template-{contacts}x{items}" / "giveback.db"
    if path.exists():
        return path
    shutil.rmtree(path.parent, ignore_errors=True)
    engine = init_db(sqlite_url_for_path(path))
    with make_session_factory(engine)() as session:
        tiers = {0: "close", 1: "regular", 2: "occasional"}
        session.execute(
            insert(Contact),
            [
                {
                    "name": person(i),
                    "name_key": name_key(person(i)),
                    "aliases": [],
                    "tags": [],
                    "tier": tiers.get(i % 10),
                }
                for i in range(contacts)
            ],
        )
        ids = dict(session.execute(select(Contact.name, Contact.id)).all())
        notes, signals = [], []
        for i in range(contacts):
            need, interest = TOPICS[i % len(TOPICS)], TOPICS[(i * 7 + 3) % len(TOPICS)]
            promise = f"I'll send the {TOPICS[(i * 3 + 1) % len(TOPICS)]} checklist"
            text = f"{person(i)} is looking for help with {need}. Big into {interest} lately." + (
                f" {promise}." if i % 10 == 3 else ""
            )
            notes.append(
                {
                    "contact_id": ids[person(i)],
                    "text": text,
                    "source": "bench",
                    "note_date": AS_OF - timedelta(days=(i * 37) % 330 + 1),
                    "content_hash": f"bench-{i}",
                    "extractor_version": "bench",
                }
            )
        session.execute(insert(Note), notes)
        for note in session.scalars(select(Note)):
            text = note.text
            for kind, evidence in (
                ("need", text.split(" is ")[1].split(".")[0]),
                ("interest", text.split(". ")[1].rstrip(".").split(" lately")[0]),
                (
                    "commitment",
                    "I'll send the" + text.split("I'll send the")[-1].rstrip(".")
                    if "I'll send" in text
                    else "",
                ),
            ):
                if not evidence:
                    continue
                start = text.find(evidence)
                phrase = (
                    evidence.removeprefix("looking for help with ")
                    .removeprefix("Big into ")
                    .removeprefix("I'll ")
                )
                signals.append(
                    {
                        "note_id": note.id,
                        "contact_id": note.contact_id,
                        "kind": kind,
                        "phrase": phrase.lower(),
                        "evidence": evidence,
                        "start": start,
                        "end": start + len(evidence),
                        "about": "user" if kind == "commitment" else "contact",
                        "status": "active",
                        "confidence": 0.8,
                        "extractor_version": "bench",
                    }
                )
        session.execute(insert(SignalRow), signals)
        people = min(items // 4, contacts)
        records = [
            CatalogRecord(
                r["id"], ItemType(r["type"]), r["title"], r["text"], r["url"], tuple(r["tags"])
            )
            for r in catalog_rows(items, people)
        ]
        upsert_records(session, records, ImportSummary("bench", "jsonl"), source="bench")
        for i in range(0, contacts, 20):  # favors received lately: thank-yous owed
            session.add(
                LedgerEntry(
                    contact_id=ids[person(i)],
                    direction="received",
                    kind="advice",
                    description=f"advice on {TOPICS[i % 50]}",
                    entry_date=AS_OF - timedelta(days=5 + i % 30),
                )
            )
        session.flush()
        for entry in session.scalars(select(LedgerEntry)):
            session.add(
                ThankItem(
                    contact_id=entry.contact_id, entry_id=entry.id, opened_on=entry.entry_date
                )
            )
        for back in range(1, 6):
            session.add(
                DailyAct(
                    act_date=AS_OF - timedelta(days=back),
                    kind="other",
                    description="coffee",
                    done_at=utcnow(),
                )
            )
        session.commit()
        embedder = get_embedder()
        t0 = time.perf_counter()
        digest = build_digest(session, embedder, AS_OF)
        session.commit()
        print(
            f"  template: {contacts} contacts, {len(signals)} signals, {items} gives; "
            f"first ranking (embeds everything) {time.perf_counter() - t0:.1f} s; "
            f"its digest: {len(digest.gives)} gives, {len(digest.thanks)} thank-yous, "
            f"{len(digest.cold)} going cold, {len(digest.promises)} promises"
        )
    engine.dispose()
    return path


def stage_setup(opts: argparse.Namespace) -> None:
    """The template store, a copy per user, and the registry (all due now)."""
    from sqlalchemy import insert

    from giveback.core.accounts_tables import User
    from giveback.core.db import init_accounts_db, make_session_factory
    from giveback.core.store_files import sqlite_url_for_path

    t0 = time.perf_counter()
    template = _template(opts.contacts, opts.items)
    home = WORK / "home"
    shutil.rmtree(home, ignore_errors=True)
    rows = []
    for i in range(1, opts.users + 1):
        store = home / "users" / str(i) / "giveback.db"
        store.parent.mkdir(parents=True)
        shutil.copyfile(template, store)
        shutil.copytree(template.parent / "index-cache", store.parent / "index-cache")
        rows.append(
            {
                "id": i,
                "name": f"user{i:04d}",
                "email": f"user{i:04d}@example.org",
                "store_url": sqlite_url_for_path(store),
                "digest_opt_out": False,
                "digest_weekday": 0,
                "digest_hour": 8,
                "timezone": "Europe/Berlin",
            }
        )
    factory = make_session_factory(init_accounts_db(sqlite_url_for_path(home / "accounts.db")))
    with factory() as session:
        session.execute(insert(User), rows)
        session.commit()
    size = template.stat().st_size / 2**20
    print(
        f"  setup: {opts.users} users x {opts.contacts} contacts ({size:.1f} MB store each) "
        f"in {time.perf_counter() - t0:.1f} s (not timed below)"
    )


def _sink(port: int, count: Any, ready: Any) -> None:
    """An SMTP server that counts what it accepts and keeps nothing."""
    import threading

    from aiosmtpd.controller import Controller

    class Count:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            with count.get_lock():
                count.value += 1
            return "250 OK"

    Controller(Count(), hostname="127.0.0.1", port=port).start()
    ready.set()
    threading.Event().wait()


def _floor(opts: argparse.Namespace, encoder: Any, sample: int = 10) -> float:
    """Median time of the ranking alone (``next_gives`` with the ledger) on a few users."""
    from giveback.core.accounts_tables import User
    from giveback.core.db import init_accounts_db, make_session_factory
    from giveback.engine.accounts.registry import UserStores
    from giveback.engine.ledger.reciprocity import LedgerWeights
    from giveback.engine.suggest.suggester import Suggester

    factory = make_session_factory(init_accounts_db(f"sqlite:///{WORK / 'home/accounts.db'}"))
    times = []
    with factory() as accounts:
        users = accounts.query(User).order_by(User.id).limit(sample).all()
    for user in users:
        stores = UserStores()
        t0 = time.perf_counter()
        with stores.sessions(user)() as session:
            Suggester(session, encoder, ledger=LedgerWeights(session)).next_gives(AS_OF)
        times.append(time.perf_counter() - t0)
        stores.dispose()
    return statistics.median(times)


def stage_send(opts: argparse.Namespace) -> None:
    """Build and send every user's digest through the real batch sender."""
    from giveback.core.db import init_accounts_db, make_session_factory
    from giveback.core.settings import get_settings
    from giveback.core.store_files import sqlite_url_for_path
    from giveback.pipelines.embedding.encoder import get_embedder
    from giveback.service.mail.send import SendPolicy, send_digests
    from tests.support.smtp import free_port

    port = free_port()
    count, ready = multiprocessing.Value("i", 0), multiprocessing.Event()
    sink = multiprocessing.Process(target=_sink, args=(port, count, ready), daemon=True)
    sink.start()
    ready.wait(30)
    home = WORK / "home"
    os.environ.update(
        {
            "GIVEBACK_HOME": str(home),
            "GIVEBACK_SMTP_HOST": "127.0.0.1",
            "GIVEBACK_SMTP_PORT": str(port),
            "GIVEBACK_SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnop",
        }
    )
    get_settings.cache_clear()
    accounts = make_session_factory(init_accounts_db(sqlite_url_for_path(home / "accounts.db")))
    embedder = get_embedder()
    embedder.encode(["warm up"])
    floor = _floor(opts, embedder)
    before = _rss_mb()
    t0 = time.perf_counter()
    report = send_digests(accounts, now=NOW, encoder=embedder, policy=SendPolicy(retries=1))
    total = time.perf_counter() - t0
    after = _rss_mb()
    sink.terminate()
    sent = report.having("sent")
    builds = sorted(o.build_seconds for o in sent)
    sends = sorted(o.send_seconds for o in sent)
    per_user = sorted(o.build_seconds + o.send_seconds for o in sent)

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] * 1e3 if values else 0.0

    print(f"digest for {opts.users} users x {opts.contacts} contacts, {opts.items} gives each")
    print(f"  sent {len(sent)}, failed {len(report.failed)}; the sink accepted {count.value}")
    print(f"  total {total:8.1f} s   {len(sent) / total:6.1f} digests/s")
    print(
        f"  per user  p50 {pct(per_user, 0.5):7.1f} ms   p95 {pct(per_user, 0.95):7.1f} ms "
        f"  max {pct(per_user, 1.0):7.1f} ms"
    )
    print(f"    build   p50 {pct(builds, 0.5):7.1f} ms   p95 {pct(builds, 0.95):7.1f} ms")
    print(f"    send    p50 {pct(sends, 0.5):7.1f} ms   p95 {pct(sends, 0.95):7.1f} ms")
    print(
        f"  floor: the ranking alone (next_gives) p50 {floor * 1e3:7.1f} ms; "
        f"build/floor {pct(builds, 0.5) / 1e3 / floor:.2f}x"
    )
    print(
        f"  memory: RSS {before:.0f} MB before the run (model loaded), {after:.0f} MB after; "
        f"peak {_peak_mb():.0f} MB"
    )


def main() -> None:
    """Run the named stage here, or both, each in a child process of its own."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    opts = _options(sys.argv[1:])
    if opts.stage == "setup":
        stage_setup(opts)
        return
    if opts.stage == "send":
        stage_send(opts)
        return
    sizes = [
        "--users",
        str(opts.users),
        "--contacts",
        str(opts.contacts),
        "--items",
        str(opts.items),
    ]
    for stage in ("setup", "send"):
        subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.bench_digest", stage, *sizes],
            check=True,
            env={**os.environ, "GIVEBACK_BENCH_DIR": str(WORK)},
        )


if __name__ == "__main__":
    main()
