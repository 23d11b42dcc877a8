"""``giveback eval hard-times``: hearing hard times, scored on labeled sentences."""

from __future__ import annotations

from pathlib import Path

import click

from giveback.core.settings import DATA_DIR
from giveback.engine.eval.hard_times import evaluate_hard_times, labeled_split
from giveback.pipelines.hard_times.model import DEFAULT_PATH, HardTimeModel
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json

HARD_TIMES_DIR = DATA_DIR / "hard_times"
CORPUS_DIR = DATA_DIR / "annotation"


@click.command("hard-times")
@click.option(
    "--split",
    type=click.Choice(["train", "dev", "test"]),
    default="dev",
    show_default=True,
    help="Which writers' sentences (data/hard_times/<split>); test is held out.",
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="A hard-time model file instead of the installed one (models/hard_times).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_context
def eval_hard_times(ctx: click.Context, split: str, model_path: Path | None, as_json: bool) -> None:
    """Score how asking hears that someone is going through a hard time now.

    Labeled sentences from notes (data/hard_times/<split>): hard times (a death, an illness,
    an operation, a layoff, a new baby, ...) said the way people write them, and near misses
    (a hard time long over, a hospice nurse's job, "the deal is dead", a cold); with them, as
    "note", the ordinary sentences of the same split of the listener's corpus. Systems: the
    lexicon, the learned model (models/hard_times) and the two together, which is what asking
    uses. Precision, recall and F1 of "hard", the recall of each kind and the false alarms of
    each near miss.

    \b
    Example:
      giveback eval hard-times
      giveback eval hard-times --split test --json
    """
    model = HardTimeModel.load(model_path or DEFAULT_PATH)
    sentences = labeled_split(HARD_TIMES_DIR, CORPUS_DIR, split)
    report = evaluate_hard_times(sentences, model, app_of(ctx).embedder())
    if as_json:
        emit_json({"split": split, **report})
        return
    click.echo(
        click.style("hard times", bold=True)
        + f": {report['sentences']} sentences, {report['hard']} hard "
        + f"({split}: {', '.join(report['writers'])}; model {report['model'] or 'none'})"
    )
    rows = [
        [name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}"]
        for name, s in report["systems"].items()
    ]
    for line in render.table(("system", "P", "R", "F1"), rows, align="lrrr"):
        click.echo(f"  {line}")
    chosen = report["systems"][list(report["systems"])[-1]]
    click.echo(
        "  recall by kind: "
        + ", ".join(f"{k} {v:.2f}" for k, v in chosen["recall_by_kind"].items())
    )
    click.echo(
        "  false alarms by near miss: "
        + ", ".join(f"{k} {v:.2f}" for k, v in chosen["false_alarms_by_near_miss"].items())
    )
