"""Extraction benchmark: our listener against the bare spaCy parse of the same 250-word note.

Run with ``make bench`` (all benchmarks) or ``python -m tests.benchmarks.bench_extract``.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from giveback.core.domain import ContactRef, NoteInput

NOTE = (
    "Coffee with Maria Lopez at the usual place. The weather was awful but she was in great "
    "spirits. Quick recap:\n"
    "- Her startup is hiring two senior backend engineers and a product designer before the "
    "launch in June.\n"
    "- She is looking for a contracts lawyer who knows SaaS deals; their last one retired.\n"
    "- Not raising right now, maybe a seed extension next year if the pilots convert.\n"
    "- Really into trail running, training for the Boston Marathon in April, and she has been "
    "reading a lot about sleep science.\n"
    "- Her husband might be looking for a new job in biotech after the layoffs at his company.\n"
    "- Kid applying to colleges, stressed re essays; they are touring campuses next month.\n"
    "- They are moving to Denver in August, which she is excited about but nervous too.\n"
    "Me: I'll send her the pitch deck checklist tomorrow and I promised to intro her to Priya, "
    "who reviews SaaS contracts. Maria: That would be amazing, thank you. Also, do you know a "
    "good accountant for a small company? Our bookkeeper is leaving at the end of the quarter "
    "and taxes are a mess. Me: Happy to ask around. I can also review the hiring plan this "
    "weekend if that helps. She said the team found a great office space last week, so that "
    "one is sorted. We talked about jazz for a while; she plays piano on weekends and loves "
    "Bill Evans. Follow up in two weeks about the designer role and the lawyer intro, and "
    "check whether the launch date moved. Overall a warm conversation, lots to give back."
)


def _timed(fn, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main(rounds: int = 60) -> dict[str, float]:
    """Measure and print p50/p95 latency and notes per second for ours and the bare parse."""
    import spacy

    from giveback.pipelines.extraction import get_listener

    listener = get_listener()
    bare = spacy.load(listener.model_name, exclude=["senter"])
    note = NoteInput(NOTE, date(2026, 3, 4), ContactRef("Maria Lopez", ("Maria",)))
    words = len(NOTE.split())
    listener.listen(note)  # warm up both: model load, dateparser data
    bare(NOTE)
    ours = _timed(lambda: listener.listen(note), rounds)
    floor = _timed(lambda: list(bare.pipe([NOTE])), rounds)
    p50, p50_floor = statistics.median(ours), statistics.median(floor)
    print(f"extraction of a {words}-word note, {rounds} rounds (median of each)")
    print(f"  {'':<22}{'p50 ms':>10}{'p95 ms':>10}{'notes/s':>10}")
    print(
        f"  {'giveback listener':<22}{p50 * 1e3:>10.1f}{_pct(ours, 0.95) * 1e3:>10.1f}"
        f"{1 / p50:>10.1f}"
    )
    print(
        f"  {'bare nlp.pipe (floor)':<22}{p50_floor * 1e3:>10.1f}"
        f"{_pct(floor, 0.95) * 1e3:>10.1f}{1 / p50_floor:>10.1f}"
    )
    print(f"  ratio ours/floor (p50): {p50 / p50_floor:.2f}x (target <= 1.3x)")
    return {"p50": p50, "floor_p50": p50_floor, "ratio": p50 / p50_floor}


if __name__ == "__main__":
    main()
