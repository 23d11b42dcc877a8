"""``giveback train``: train the learned listener on the labeled corpus (``make train``)."""

from __future__ import annotations

from pathlib import Path

import click

from giveback.core.settings import DATA_DIR, get_settings
from giveback.engine.eval.listening import evaluate_listeners
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.extraction import get_listener as rule_listener
from giveback.pipelines.learned.artifact import default_path
from giveback.pipelines.learned.corpus import load_split
from giveback.service.cli.cards import write_cards
from giveback.service.cli.context import app_of, emit_json
from giveback.service.cli.train_asks import train_asks
from giveback.service.cli.train_hard_times import train_hard_times
from giveback.service.cli.train_promises import train_promises

CORPUS_DIR = DATA_DIR / "annotation"


@click.command()
@click.option(
    "--data",
    "corpus",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=CORPUS_DIR,
    help="The labeled corpus: train/ and dev/ folders (default: the bundled data/annotation).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write listener.joblib (default: models/listener, beside config.toml).",
)
@click.option(
    "--fraction",
    type=click.FloatRange(0.05, 1.0),
    default=None,
    help="Learn from this share of the train split's threads (the learning curve).",
)
@click.option(
    "--asks",
    is_flag=True,
    help="Train the ask scorer on data/eval/asks instead (models/asks).",
)
@click.option(
    "--hard-times",
    is_flag=True,
    help="Train the hard-time detector on data/hard_times instead (models/hard_times).",
)
@click.option(
    "--promises",
    is_flag=True,
    help="Train the promise keeper on the dev suggestion networks instead (models/promises).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the model card's numbers as JSON.")
@click.pass_context
def train(
    ctx: click.Context,
    corpus: Path,
    out: Path | None,
    fraction: float | None,
    asks: bool,
    hard_times: bool,
    promises: bool,
    as_json: bool,
) -> None:
    """Train the learned listener: the signal model and the closure model.

    Learns on the train split; the per-kind thresholds and the closure threshold are chosen
    on dev; test is never read. Seeded and reproducible: the same corpus and config
    (models/listener/config.toml) give the same models, embedded in float32. Takes a few
    minutes. Notes heard by an older model are listened to again by `giveback reprocess`.

    With --asks: the ask scorer instead, fitted on the dev ask scenarios (data/eval/asks),
    its strength, margin and floor chosen by leaving each writer out in turn.

    With --hard-times: the hard-time detector asking uses, fitted on the train writers of
    data/hard_times, its threshold chosen on dev.

    With --promises: the promise keeper, fitted on the dev suggestion networks' labeled
    promises, its strength and threshold chosen by leaving each network out in turn.

    \b
    Example:
      giveback train
      giveback train --fraction 0.5 --out /tmp/half-model
      giveback train --asks
      giveback train --hard-times
      giveback train --promises
    """
    if hard_times:
        card = train_hard_times(out)
        if as_json:
            emit_json(card)
        else:
            learned = card["dev"]["systems"]["learned"]
            both = card["dev"]["systems"]["lexicon or learned"]
            click.echo(
                f"hard-time model {card['version']}: dev F1 {learned['f1']:.3f} alone, "
                f"{both['f1']:.3f} with the lexicon (models/hard_times/MODEL_CARD.md)"
            )
        return
    if promises:
        card = train_promises(app_of(ctx), out)
        if as_json:
            emit_json(card)
        else:
            click.echo(
                f"promise keeper {card['version']}: right on {card['left_out_right']} of "
                f"{card['promises']} left-out promises, the rules alone on {card['rules_right']} "
                "(models/promises/MODEL_CARD.md)"
            )
        return
    if asks:
        card = train_asks(app_of(ctx), out)
        if as_json:
            emit_json(card)
        else:
            click.echo(
                f"ask scorer {card['version']}: left-out writers hit@1 {card['left_out_hit@1']}, "
                f"harm@3 {card['left_out_harm@3']} (models/asks/MODEL_CARD.md)"
            )
        return
    out_dir = out or default_path().parent
    if out is not None and (default_path().parent / "config.toml").is_file():
        target = out_dir / "config.toml"
        if not target.exists():
            out_dir.mkdir(parents=True, exist_ok=True)
            target.write_bytes((default_path().parent / "config.toml").read_bytes())
    # Training and listening work on spaCy docs: they load with the models, not at start-up.
    from giveback.pipelines.learned.train import train as train_listener

    embedder = Embedder(get_settings().embedding_model, bf16=False)
    bundle = train_listener(
        corpus,
        out_dir,
        rule_listener(),
        embedder.encode_inner,
        embedder.model_id,
        progress=lambda line: click.echo(line, err=as_json),
        fraction=fraction,
        model_dir=embedder.location,
    )
    # The model card's numbers: what it hears on dev, the split its thresholds were chosen on.
    from giveback.pipelines.learned.listener import LearnedListener

    heard = LearnedListener(
        rule_listener(), lambda: embedder.encode_inner, out_dir / "listener.joblib"
    )
    dev = evaluate_listeners(load_split(corpus, "dev"), {"learned": heard.listen_many})
    card = {"version": bundle.version, **bundle.card, "dev": dev["systems"]["learned"]}
    write_cards(out_dir, card)
    if as_json:
        emit_json(card)
        return
    scores = card["dev"]
    click.echo(
        f"dev: interests+needs F1 {scores['kinds']['interest+need']['f1']:.3f}, "
        f"status {scores['status_accuracy']:.3f}, about {scores['about_accuracy']:.3f}, "
        f"closures F1 {scores['closures']['f1']:.3f} (all in {out_dir / 'card.json'})"
    )
