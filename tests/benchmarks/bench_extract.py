"""Listening benchmark: the learned listener against the bare parse plus the bare encode.

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
    """Measure p50/p95 latency of listening to one note: the learned listener (what a paste
    runs), the rule listener alone, and the floor: the bare spaCy parse plus the library's
    bare encode of the note's sentences, measured in the same run."""
    import resource

    import spacy

    from giveback.pipelines.embedding.encoder import get_embedder
    from giveback.pipelines.extraction import get_listener as get_rule_listener
    from giveback.pipelines.learned import get_listener

    learned, rules = get_listener(), get_rule_listener()
    embedder = get_embedder()
    bare = spacy.load(rules.model_name, exclude=["senter"])
    note = NoteInput(NOTE, date(2026, 3, 4), ContactRef("Maria Lopez", ("Maria",)))
    words = len(NOTE.split())
    sentences = [s.text for s in bare(NOTE).sents]

    def floor() -> None:
        parsed = next(iter(bare.pipe([NOTE])))
        embedder.model.encode(
            [s.text for s in parsed.sents],
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    learned.listen(note)  # warm up: model loads, dateparser data, the packed encoder's check
    rules.listen(note)
    floor()
    ours = _timed(lambda: learned.listen(note), rounds)
    rule_times = _timed(lambda: rules.listen(note), rounds)
    floor_times = _timed(floor, rounds)
    p50, p50_floor = statistics.median(ours), statistics.median(floor_times)
    print(f"listening to a {words}-word note ({len(sentences)} sentences), {rounds} rounds")
    print(f"  {'':<34}{'p50 ms':>10}{'p95 ms':>10}")
    for label, times in (
        ("learned listener (a paste)", ours),
        ("rule listener alone", rule_times),
        ("floor: bare parse + bare encode", floor_times),
    ):
        print(
            f"  {label:<34}{statistics.median(times) * 1e3:>10.1f}{_pct(times, 0.95) * 1e3:>10.1f}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  ratio learned/floor (p50): {p50 / p50_floor:.2f}x (target <= 1.3x); "
        f"peak memory {peak:.0f} MB"
    )
    return {"p50": p50, "floor_p50": p50_floor, "ratio": p50 / p50_floor, "peak_mb": peak}


if __name__ == "__main__":
    main()
