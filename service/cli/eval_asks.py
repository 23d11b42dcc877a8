"""``giveback eval asks``: whom to ask, scored on labeled scenarios (``data/eval/asks*``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from giveback.core.errors import InvalidInput
from giveback.core.settings import DATA_DIR
from giveback.engine.asks.policy import AskPolicy
from giveback.engine.asks.scorer import AskScorer
from giveback.engine.eval.asks import SCENARIO_FILES, load_gold, load_scenario, run_systems
from giveback.pipelines.hard_times.model import HardTimeModel
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json
from giveback.service.cli.scratch import scenario_read, scratch_store

ASKS_DEV = DATA_DIR / "eval" / "asks"
ASKS_TEST = DATA_DIR / "eval" / "asks_test"
METRICS = ("hit@1", "hit@3", "mrr", "harm@3")
HARMS = ("over_asked", "struggling_now", "same_struggle", "stranger", "near_miss")


def scenario_folders(split: str, data: tuple[Path, ...]) -> list[Path]:
    """The scenario folders to score: ``--data`` if given, else the split's."""
    if data:
        return list(data)
    split_dir = ASKS_DEV if split == "dev" else ASKS_TEST
    return sorted(p for p in split_dir.iterdir() if (p / "gold.jsonl").is_file())


def _score(ctx: click.Context, folder: Path) -> tuple[int, dict[str, dict[str, float]]]:
    missing = [f for f in SCENARIO_FILES if not (folder / f).is_file()]
    if missing:
        raise InvalidInput(f"{folder} lacks {', '.join(missing)}")
    app = app_of(ctx)
    with scratch_store() as session:
        with scenario_read(folder):
            gold = load_gold(folder)
            needs = load_scenario(session, folder, app.listener())
        return len(gold), run_systems(
            session, app.embedder(), needs, gold, AskPolicy(), AskScorer.load(),
            HardTimeModel.load(),
        )  # fmt: skip


def pooled(scored: list[tuple[int, dict[str, dict[str, float]]]]) -> dict[str, dict[str, float]]:
    """Scores of several scenarios as one, each weighed by its number of needs."""
    total = sum(n for n, _ in scored) or 1
    systems = scored[0][1].keys()
    return {
        name: {
            m: sum(n * results[name][m] for n, results in scored) / total
            for m in scored[0][1][name]
        }
        for name in systems
    }


@click.command("asks")
@click.option(
    "--split",
    type=click.Choice(["dev", "test"]),
    default="dev",
    show_default=True,
    help="dev: every writer under data/eval/asks (tune here); test: every writer under "
    "data/eval/asks_test (held out).",
)
@click.option(
    "--data",
    "data",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    help="Scenario folder(s) instead of the split's.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_context
def eval_asks(ctx: click.Context, split: str, data: tuple[Path, ...], as_json: bool) -> None:
    """Score whom Giveback asks for your needs, beside a similarity-only baseline.

    hit@1 / hit@3: share of needs with a right person first / in the top 3. MRR: reciprocal
    rank of the first right person (top 10). harm@3: share of needs with a harmful person in
    the top 3 (asked lately, struggling now, the same struggle, a stranger, near-miss
    expertise), and each kind apart. told@2: share of the top two drafts per need that say
    why this person (not only "You were the first person I thought of"). Systems: Giveback
    with its trained scorer (models/asks; on the dev split it is scored on what it learned
    from), Giveback by its hand-set fit, that fit with the guards off, and the similarity-only
    baseline (each person's best match among their notes, catalog entry and favors). Scored in
    a throwaway store; yours is not touched.

    \b
    Example:
      giveback eval asks
      giveback eval asks --split test --json
    """
    folders = scenario_folders(split, data)
    scored = [_score(ctx, f) for f in folders]
    needs = sum(n for n, _ in scored)
    results = pooled(scored)
    rows: list[dict[str, Any]] = [
        {"system": name, **{k: round(v, 3) for k, v in scores.items()}}
        for name, scores in results.items()
    ]
    if as_json:
        emit_json({"scenarios": [str(f) for f in folders], "needs": needs, "systems": rows})
        return
    click.echo(
        click.style("asks", bold=True)
        + f": {render.plural(needs, 'labeled need')} ({', '.join(str(f) for f in folders)})"
    )
    metrics = [*METRICS, *(f"harm:{h}" for h in HARMS)]
    headers = ("system", *(m.replace("mrr", "MRR").replace("harm:", "") for m in metrics))
    table = [[r["system"], *(f"{r[m]:.3f}" for m in metrics)] for r in rows]
    for line in render.table(headers, table, align="l" + "r" * len(metrics)):
        click.echo(f"  {line}")
    told = {r["system"]: r["told@2"] for r in rows if "told@2" in r}
    click.echo(
        "  drafts that say why this person (top 2 per need): "
        + ", ".join(f"{name} {share:.3f}" for name, share in told.items())
    )
