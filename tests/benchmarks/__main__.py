"""Run every benchmark in turn: ``python -m tests.benchmarks`` (what ``make bench`` does)."""

from __future__ import annotations

import importlib
import os
import sys

BENCHMARKS = [
    "bench_cli",
    "bench_extract",
    "bench_match",
    "bench_api",
    "bench_digest",
    "bench_workers",
]


def main() -> None:
    """Run the benchmarks named on the command line, or all of them."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    names = sys.argv[1:] or BENCHMARKS
    for name in names:
        module = importlib.import_module(f"tests.benchmarks.{name}")
        module.main()
        print()


if __name__ == "__main__":
    main()
