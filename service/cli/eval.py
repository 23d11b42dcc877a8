"""``giveback eval``: measure the listener (``data/annotation``) and the ranker (``data/eval``).

Both commands print our system beside its baselines in one table, from one run, so that a
number is never read without the floor it has to beat.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import click

from giveback.core.errors import InvalidInput
from giveback.core.settings import DATA_DIR, get_settings
from giveback.engine.eval.gold import load_gold as load_suggest_gold
from giveback.engine.eval.listening import KeywordBaseline, Listen, agreement, evaluate_listeners
from giveback.engine.eval.suggest import load_scenario, run_systems
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.extraction import get_listener as rule_listener
from giveback.pipelines.learned.artifact import default_path
from giveback.pipelines.learned.corpus import read_notes, split_files
from giveback.service.cli import render
from giveback.service.cli.context import app_of, emit_json
from giveback.service.cli.eval_asks import eval_asks
from giveback.service.cli.eval_drafts import eval_drafts
from giveback.service.cli.eval_hard_times import eval_hard_times
from giveback.service.cli.scratch import scenario_read, scratch_store

EVAL_DIR = DATA_DIR / "eval"
CORPUS_DIR = DATA_DIR / "annotation"
SPLITS = ("train", "dev", "test", "dev2")
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


SYSTEMS = ("learned", "rules", "keywords")
_KIND_ROWS = ("interest", "need", "event", "commitment", "caution", "interest+need", "all")


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def _echo_split(split: str, path: Path, report: dict[str, Any]) -> None:
    systems = report["systems"]
    click.echo(
        click.style(split, bold=True) + f": {render.plural(report['notes'], 'note')}, "
        f"{render.plural(report['gold_signals'], 'gold signal')}, "
        f"{render.plural(report['gold_closures'], 'gold closure')} ({path})"
    )
    names = [n for n in SYSTEMS if n in systems]
    headers = ["", "gold"]
    for name in names:
        headers += [f"{name} P", "R", "F1"]
    rows = []
    for kind in _KIND_ROWS:
        cells = [kind, str(systems[names[0]]["kinds"][kind]["gold"])]
        for name in names:
            k = systems[name]["kinds"][kind]
            cells += [_fmt(k["precision"]), _fmt(k["recall"]), _fmt(k["f1"])]
        rows.append(cells)
    for label, key in (
        ("status accuracy", "status_accuracy"),
        ("about accuracy", "about_accuracy"),
        ("phrase words F1", "phrase_f1"),
        ("event date accuracy", "event_date_accuracy"),
    ):
        rows.append([label, ""] + [c for n in names for c in ("", "", _fmt(systems[n][key]))])
    closure = ["closures", str(report["gold_closures"])]
    for name in names:
        c = systems[name]["closures"]
        closure += [_fmt(c["precision"]), _fmt(c["recall"]), _fmt(c["f1"])]
    rows.append(closure)
    for line in render.table(headers, rows, align="lr" + "rrr" * len(names)):
        click.echo(f"  {line}")
    click.echo(
        render.wrap(
            "A signal matches a labeled one of the same kind whose evidence it overlaps; status "
            "and about are scored on the matches, and so is the phrase (word-overlap F1 with the "
            "labeled phrase) and an event's date (the labeled day, or none where none is). A "
            "closure counts when it closes the labeled signal in the labeled "
            "note (threads replayed in order). learned: the trained listener; rules: the rule "
            "listener (it closes a need with a later met need of the same phrase); keywords: a "
            "keyword per kind in a sentence.",
            "  ",
        )
    )
    writers = report.get("writers")
    if writers:
        click.echo()
        headers = ["writer", "notes", *(f"{n} I+N F1" for n in names)]
        first = writers[names[0]]
        rows = [
            [w, str(first[w]["notes"]), *(_fmt(writers[n][w]["interest+need f1"]) for n in names)]
            for w in first
        ]
        for line in render.table(headers, rows, align="lr" + "r" * len(names)):
            click.echo(f"  {line}")


@eval_group.command("extract")
@click.option(
    "--split",
    type=click.Choice([*SPLITS, "all"]),
    default="dev",
    show_default=True,
    help="Which labeled notes: a folder of --data (train, dev, test) or a file "
    "extract_<split>.jsonl in it; all: every split present.",
)
@click.option(
    "--data",
    "data_dir",
    type=_DATA_DIR,
    default=CORPUS_DIR,
    help="Folder of the labeled notes (default: the bundled data/annotation).",
)
@click.option("--per-writer", is_flag=True, help="Also score each writer's notes apart.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_context
def eval_extract(
    ctx: click.Context, split: str, data_dir: Path, per_writer: bool, as_json: bool
) -> None:
    """Score the learned listener on labeled notes, beside the rule listener and keywords.

    For each kind of signal (and interests with needs, and all together): precision, recall
    and F1 of each system, then status and "about" accuracy and how well phrases name what
    was said, then closures: whether a later note's sentence closes the right earlier
    signal. Tune on dev; report test, once per model.

    \b
    Example:
      giveback eval extract
      giveback eval extract --split test --per-writer
      giveback eval extract --data data/eval --split all --json
    """
    wanted = [n for n in SPLITS if split in ("all", n)]
    sets = []
    for name in wanted:
        try:
            files = split_files(data_dir, name)
        except InvalidInput:
            if split != "all":
                raise
            continue
        sets.append((name, files, read_notes(files)))
    if not sets:
        raise InvalidInput(f"no labeled notes in {data_dir}; nothing to evaluate")
    learned = app_of(ctx).listener()
    systems: dict[str, Listen] = {
        "learned": learned.listen_many,
        "rules": rule_listener().listen_many,
        "keywords": KeywordBaseline().listen_many,
    }
    results: list[dict[str, Any]] = []
    for name, files, notes in sets:
        report = evaluate_listeners(notes, systems, per_writer)
        where = files[0].parent if len(files) > 1 else files[0]
        results.append({"split": name, "data": str(where), **report})
    if as_json:
        emit_json(results)
        return
    for n, result in enumerate(results):
        if n:
            click.echo()
        _echo_split(result["split"], Path(result["data"]), result)


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

    Where gold.jsonl labels the promises still owed, promises: share of them given right
    (the give drawn from the promise is the item that keeps it, or no item is offered for a
    promise nothing in the catalog keeps).

    \b
    Example:
      giveback eval suggest
      giveback eval suggest --data data/eval/suggest_v2/s1
      giveback eval suggest --data my-scenarios/ --json
    """

    missing = [f for f in SCENARIO_FILES if not (data_dir / f).is_file()]
    if missing:
        raise InvalidInput(
            f"{data_dir} lacks {', '.join(missing)}; a scenario needs "
            f"{', '.join(SCENARIO_FILES)} (and optionally given.jsonl)"
        )
    app = app_of(ctx)
    with scratch_store() as session:
        with scenario_read(data_dir):
            gold = load_suggest_gold(data_dir)
            ledger = load_scenario(session, data_dir, app.listener())
        results = run_systems(session, app.embedder(), gold, ledger=ledger)
    rows: list[dict[str, Any]] = [
        {"system": name, **{k: None if v is None else round(v, 3) for k, v in scores.items()}}
        for name, scores in results.items()
    ]
    metrics = ["hit@1", "hit@3", "mrr", "harm@3"]
    if ledger is not None:
        metrics += ["alike@3", "first@k", "junk@next"]
    if "promises" in rows[0]:
        metrics.append("promises")
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


@eval_group.command("curve")
@click.option(
    "--split",
    type=click.Choice(["dev", "test"]),
    default="dev",
    show_default=True,
    help="Where to score each model (test: once per change, never to tune on).",
)
@click.option(
    "--fractions",
    default="0.25,0.5,1.0",
    show_default=True,
    help="Shares of the train split's threads to learn from, comma-separated.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the curve as JSON.")
def eval_curve(split: str, fractions: str, as_json: bool) -> None:
    """The learning curve: train on part of the train split, score, and again with more.

    Each model is trained into a throwaway folder (the installed one is not touched) with
    the project's config, and scored on the split, learned listener only. Takes several
    minutes per point.

    \b
    Example:
      giveback eval curve
      giveback eval curve --split test --fractions 0.25,0.5,1.0 --json
    """
    try:
        shares = [float(f) for f in fractions.split(",") if f.strip()]
    except ValueError:
        raise InvalidInput(f"--fractions {fractions!r}: give numbers like 0.25,0.5,1.0") from None
    if not shares or any(not 0.05 <= f <= 1.0 for f in shares):
        raise InvalidInput("--fractions: each share must be between 0.05 and 1.0")
    # Training and listening work on spaCy docs: they load with the models, not at start-up.
    from giveback.pipelines.learned.listener import LearnedListener
    from giveback.pipelines.learned.train import train as train_listener

    embedder = Embedder(get_settings().embedding_model, bf16=False)
    notes = read_notes(split_files(CORPUS_DIR, split))
    points = []
    with tempfile.TemporaryDirectory() as tmp:
        for share in shares:
            folder = Path(tmp) / f"{share}"
            folder.mkdir()
            shutil.copy(default_path().parent / "config.toml", folder / "config.toml")
            bundle = train_listener(
                CORPUS_DIR,
                folder,
                rule_listener(),
                embedder.encode_inner,
                embedder.model_id,
                progress=lambda _: None,
                fraction=share,
                model_dir=embedder.location,
            )
            heard = LearnedListener(
                rule_listener(), lambda: embedder.encode_inner, folder / "listener.joblib"
            )
            report = evaluate_listeners(notes, {"learned": heard.listen_many})
            scores = report["systems"]["learned"]
            points.append(
                {
                    "fraction": share,
                    "train_notes": bundle.card["train_notes"],
                    "interest+need f1": scores["kinds"]["interest+need"]["f1"],
                    "all f1": scores["kinds"]["all"]["f1"],
                    "status_accuracy": scores["status_accuracy"],
                    "about_accuracy": scores["about_accuracy"],
                    "closure f1": scores["closures"]["f1"],
                }
            )
    if as_json:
        emit_json({"split": split, "points": points})
        return
    headers = ("share", "train notes", "I+N F1", "all F1", "status", "about", "closure F1")
    rows = [
        [
            f"{p['fraction']:.2f}",
            str(p["train_notes"]),
            _fmt(p["interest+need f1"]),
            _fmt(p["all f1"]),
            _fmt(p["status_accuracy"]),
            _fmt(p["about_accuracy"]),
            _fmt(p["closure f1"]),
        ]
        for p in points
    ]
    click.echo(click.style(f"learning curve, scored on {split}", bold=True))
    for line in render.table(headers, rows, align="lrrrrrr"):
        click.echo(f"  {line}")


@eval_group.command("agreement")
@click.option(
    "--data",
    "data_dir",
    type=_DATA_DIR,
    default=CORPUS_DIR,
    help="The corpus: its test/ split and the second annotation in agreement/.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the agreement as JSON.")
def eval_agreement(data_dir: Path, as_json: bool) -> None:
    """How well two annotators agree on the same notes: the ceiling for any listener.

    The second annotation (agreement/*.jsonl, written without seeing the first) is scored
    against the test split as if it were a listener's output.

    \b
    Example:
      giveback eval agreement
    """
    report = agreement(
        read_notes(split_files(data_dir, "test")), read_notes(split_files(data_dir, "agreement"))
    )
    if as_json:
        emit_json(report)
        return
    click.echo(click.style(f"agreement on {report['notes']} notes", bold=True))
    rows = [[kind, _fmt(report["kinds"][kind]["f1"])] for kind in _KIND_ROWS]
    rows += [
        ["status accuracy", _fmt(report["status_accuracy"])],
        ["about accuracy", _fmt(report["about_accuracy"])],
        ["closures", _fmt(report["closures"]["f1"])],
    ]
    for line in render.table(("", "F1 / accuracy"), rows, align="lr"):
        click.echo(f"  {line}")


eval_group.add_command(eval_drafts)
eval_group.add_command(eval_asks)
eval_group.add_command(eval_hard_times)
