"""``giveback eval drafts``: the blind review of drafts, summed up (``data/eval/drafts``)."""

from __future__ import annotations

from pathlib import Path

import click

from giveback.core.settings import DATA_DIR
from giveback.engine.eval.drafts import QUESTIONS, VERDICTS, load_review, summarize
from giveback.service.cli import render
from giveback.service.cli.context import emit_json

REVIEWS_DIR = DATA_DIR / "eval" / "drafts"


@click.command("drafts")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=REVIEWS_DIR / "round3",
    show_default=True,
    help="A review: drafts.jsonl and one grades_<reviewer>.jsonl per reviewer.",
)
@click.option("--worst", type=click.IntRange(0, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def eval_drafts(data_dir: Path, worst: int, as_json: bool) -> None:
    """How many drafts reviewers would send, graded blind against data/eval/drafts/RUBRIC.md.

    Sendable: the verdict is send, or send after a small edit. Also per reviewer the share of
    drafts that are grammatical, specific, true to the note and whose give fits, how often two
    reviewers agree on sendable, and the worst drafts.

    \b
    Example:
      giveback eval drafts --data data/eval/drafts/round1 --worst 10
    """
    report = summarize(load_review(data_dir), worst)
    if as_json:
        emit_json(report)
        return
    click.echo(click.style(f"drafts: {report['drafts']} reviewed ({data_dir})", bold=True))
    headers = ("reviewer", *VERDICTS, "sendable", *QUESTIONS)
    rows = [
        [name, *(str(r["verdicts"][v]) for v in VERDICTS), f"{r['sendable']:.2f}",
         *(f"{r[q]:.2f}" for q in QUESTIONS)]
        for name, r in report["reviewers"].items()
    ]  # fmt: skip
    for line in render.table(headers, rows, align="l" + "r" * (len(headers) - 1)):
        click.echo(f"  {line}")
    agreement = report["sendable_agreement"]
    click.echo(
        f"  sendable over all grades: {report['sendable']:.2f}"
        + (f"; reviewers agree on sendable for {agreement:.0%} of drafts" if agreement else "")
    )
    if report["worst"]:
        click.echo(click.style("worst drafts", bold=True))
    for w in report["worst"]:
        verdicts = ", ".join(f"{r}: {v}" for r, v in w["verdicts"].items())
        click.echo(f"  {w['id']} ({w['type']}; {verdicts})")
        click.echo(f"    {w['draft']}")
        for r, why in w["why"].items():
            if why:
                click.echo(f"    {r}: {why}")
