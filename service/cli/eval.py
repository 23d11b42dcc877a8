"""``giveback eval``: measure the listener and the ranker on the labeled sets in ``data/eval``.

Both commands print our system beside its baselines in one table, from one run, so that a
number is never read without the floor it has to beat.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from giveback.core.db import init_db, make_session_factory, sqlite_url_for_path
from giveback.core.domain import NoteInput, Signal
from giveback.core.errors import InvalidInput, ModelUnavailable
from giveback.core.settings import DATA_DIR, get_settings
from giveback.engine.eval.extract import NounChunkBaseline, evaluate, report_rows
from giveback.engine.eval.extract import load_gold as load_extract_gold
from giveback.engine.eval.gold import load_gold as load_suggest_gold
from giveback.engine.eval.suggest import load_scenario, run_systems
from giveback.service.cli import render
from giveback.service.cli.support import app_of, emit_json, warn

EVAL_DIR = DATA_DIR / "eval"
SPLITS = ("dev", "dev2", "test")
OURS = "giveback"
BASELINE = "baseline: noun chunks"
SCENARIO_FILES = ("contacts.jsonl", "catalog.jsonl", "notes.jsonl", "gold.jsonl")
_DATA_DIR = click.Path(file_okay=False, path_type=Path)


@click.group("eval")
def eval_group() -> None:
    """Measure extraction and suggestions on labeled data, beside baselines.

    \b
    Example:
      giveback eval extract --split all
      giveback eval suggest
    """


def _load_extract_gold(path: Path) -> list[Any]:
    try:
        return load_extract_gold(path)
    except (ValueError, KeyError, TypeError) as exc:
        # A broken label file is bad input, not a crash: name the file and what is wrong.
        detail = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        raise InvalidInput(f"{path} is not a valid labeled set: {detail}") from None


def _bare_spacy_model(listener: Any) -> Any:
    """The listener's spaCy model without our components: the baseline's parser."""
    import spacy

    name = getattr(listener, "model_name", None) or get_settings().spacy_model
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelUnavailable(f"spaCy model {name!r} is not installed") from exc


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def _echo_extract_table(split: str, path: Path, notes: int, rows: list[dict[str, Any]]) -> None:
    by = {(r["system"], r["kind"]): r for r in rows}
    kinds = [r["kind"] for r in rows if r["system"] == OURS and "f1" in r]
    gold = by[(OURS, "all")]["gold"]
    click.echo(
        click.style(f"{split}", bold=True)
        + f": {render.plural(notes, 'note')}, {render.plural(gold, 'gold signal')} ({path})"
    )
    table_rows = []
    for kind in kinds:
        ours, base = by[(OURS, kind)], by[(BASELINE, kind)]
        table_rows.append(
            [
                kind,
                str(ours["gold"]),
                *(_fmt(ours[m]) for m in ("precision", "recall", "f1")),
                *(_fmt(base[m]) for m in ("precision", "recall", "f1")),
            ]
        )
    for kind in ("status accuracy", "about accuracy"):
        ours, base = by[(OURS, kind)], by[(BASELINE, kind)]
        table_rows.append([kind, "", "", "", _fmt(ours["value"]), "", "", _fmt(base["value"])])
    headers = ("kind", "gold", "ours P", "ours R", "ours F1", "base P", "base R", "base F1")
    for line in render.table(headers, table_rows, align="lrrrrrrr"):
        click.echo(f"  {line}")
    matched = by[(OURS, "status accuracy")]["matched"]
    base_matched = by[(BASELINE, "status accuracy")]["matched"]
    click.echo(
        render.wrap(
            "ours: the giveback listener; base: every spaCy noun chunk as an interest. "
            f"Accuracies are over matched signals ({matched} ours, {base_matched} base).",
            "  ",
        )
    )


@eval_group.command("extract")
@click.option(
    "--split",
    type=click.Choice([*SPLITS, "all"]),
    default="dev",
    show_default=True,
    help="Which labeled set: data/eval/extract_<split>.jsonl; all: every one present.",
)
@click.option(
    "--data",
    "data_dir",
    type=_DATA_DIR,
    default=EVAL_DIR,
    help="Folder with the extract_<split>.jsonl files (default: the bundled data/eval).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_context
def eval_extract(ctx: click.Context, split: str, data_dir: Path, as_json: bool) -> None:
    """Score the listener on hand-labeled notes, beside the noun-chunk baseline.

    For each kind of signal (and interests with needs, and all together): precision, recall
    and F1 of our listener and of the baseline side by side, then status and "about"
    accuracy. A predicted signal matches a labeled one of the same kind whose evidence it
    overlaps. Report numbers on test; tune only on dev.

    \b
    Example:
      giveback eval extract
      giveback eval extract --split all --json
    """

    wanted = SPLITS if split == "all" else (split,)
    sets = []
    for name in wanted:
        path = data_dir / f"extract_{name}.jsonl"
        if not path.is_file():
            if split != "all":
                raise InvalidInput(f"{path} does not exist; nothing to evaluate")
            if not as_json:
                warn(f"skipping {name}: {path} does not exist")
            continue
        sets.append((name, path, _load_extract_gold(path)))
    if not sets:
        raise InvalidInput(f"no extract_<split>.jsonl in {data_dir}; nothing to evaluate")
    listener = app_of(ctx).listener()
    baseline = NounChunkBaseline(_bare_spacy_model(listener))
    systems: dict[str, Callable[[list[NoteInput]], Sequence[Sequence[Signal]]]] = {
        OURS: lambda notes: [e.signals for e in listener.listen_many(notes)],
        BASELINE: baseline.listen_many,
    }
    results: list[dict[str, Any]] = []
    for name, path, gold in sets:
        rows = report_rows(evaluate(gold, systems))
        results.append({"split": name, "file": str(path), "notes": len(gold), "rows": rows})
    if as_json:
        emit_json(results)
        return
    for n, result in enumerate(results):
        if n:
            click.echo()
        _echo_extract_table(result["split"], Path(result["file"]), result["notes"], result["rows"])


@eval_group.command("suggest")
@click.option(
    "--data",
    "data_dir",
    type=_DATA_DIR,
    default=EVAL_DIR / "suggest",
    help="Scenario folder: contacts, catalog, notes, given, gold and ledger .jsonl files "
    "(default: the bundled data/eval/suggest).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_context
def eval_suggest(ctx: click.Context, data_dir: Path, as_json: bool) -> None:
    """Score the ranker on labeled scenarios, beside two baselines, in a throwaway store.

    hit@1 and hit@3: share of contacts with a relevant give first / in the top 3. MRR: mean
    reciprocal rank of the first relevant give (top 10). harm@3: share of contacts with a
    harmful give in the top 3 (a met or denied need, something already given, an
    introduction of a person to themselves). Baselines: TF-IDF and embeddings of each
    contact's notes against the catalog. Your own store is not touched.

    With a ledger.jsonl (favors, tiers, dismissed and snoozed items, relationships that
    should come first), the ranker is scored twice in the same run, ledger off and on;
    dismissed items count as harmful. alike@3: share of contacts with a look-alike of a
    dismissed item in the top 3. first@k: share of the k relationships labeled to come
    first that `giveback next` puts in its first k rows. junk@next: share of `next` rows
    whose give is harmful.

    \b
    Example:
      giveback eval suggest
      giveback eval suggest --data my-scenarios/ --json
    """

    missing = [f for f in SCENARIO_FILES if not (data_dir / f).is_file()]
    if missing:
        raise InvalidInput(
            f"{data_dir} lacks {', '.join(missing)}; a scenario needs "
            f"{', '.join(SCENARIO_FILES)} (and optionally given.jsonl)"
        )
    app = app_of(ctx)
    with tempfile.TemporaryDirectory(prefix="giveback-eval-") as tmp:
        engine = init_db(sqlite_url_for_path(Path(tmp) / "eval.db"))
        try:
            with make_session_factory(engine)() as session:
                try:
                    gold = load_suggest_gold(data_dir)
                    ledger = load_scenario(session, data_dir, app.listener())
                except (ValueError, KeyError, TypeError) as exc:
                    detail = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
                    raise InvalidInput(f"{data_dir} is not a valid scenario: {detail}") from None
                results = run_systems(session, app.embedder(), gold, ledger=ledger)
        finally:
            engine.dispose()
    rows: list[dict[str, Any]] = [
        {"system": name, **{k: None if v is None else round(v, 3) for k, v in scores.items()}}
        for name, scores in results.items()
    ]
    metrics = ["hit@1", "hit@3", "mrr", "harm@3"]
    if ledger is not None:
        metrics += ["alike@3", "first@k", "junk@next"]
    if as_json:
        out: dict[str, Any] = {"scenario": str(data_dir), "contacts": len(gold), "systems": rows}
        if ledger is not None:
            out["ledger"] = {"lines": ledger.lines, "k": len(ledger.priority)}
        emit_json(out)
        return
    click.echo(
        click.style("suggest", bold=True)
        + f": {render.plural(len(gold), 'labeled contact')} ({data_dir})"
    )
    if ledger is not None:
        click.echo(
            f"  ledger: {render.plural(ledger.lines, 'situation')}, "
            f"k = {len(ledger.priority)} relationships labeled to come first"
        )
    table_rows = [
        [r["system"], *("-" if r[m] is None else _fmt(r[m]) for m in metrics)] for r in rows
    ]
    headers = ("system", *(m.replace("mrr", "MRR") for m in metrics))
    for line in render.table(headers, table_rows, align="l" + "r" * len(metrics)):
        click.echo(f"  {line}")
