"""``giveback train --asks``: fit the ask scorer on the dev ask scenarios, write its card."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import click

from giveback.engine.asks.scorer import DEFAULT_PATH
from giveback.engine.eval.ask_training import pair_rows, train_scorer
from giveback.engine.eval.asks import load_gold, load_scenario
from giveback.pipelines.hard_times.model import HardTimeModel
from giveback.service.cli.cards import write_cards
from giveback.service.cli.context import App
from giveback.service.cli.eval_asks import scenario_folders
from giveback.service.cli.scratch import scenario_read, scratch_store

CARD = """\
# Model card: the ask scorer

Version `{version}`. Trained by `giveback train --asks` (`make train`), seeded.

**What it does.** For one of the user's needs and one person the rules let through (a
relationship; not asked lately, not in a hard time, not struggling with the same), it gives the
log-odds that this person is right to ask. People more than {margin} below the best person for
the need, or under {floor}, are not asked. Without this file, asking ranks by the hand-set fit.

**Features** (`engine/asks/scorer.py`): the best and second sentence of what is known of them,
the best note, a limit said of them and how it compares with their best evidence, their wants
(said, heard by the listener, vague, and the notes they sit in), their catalog entry, a favor
they did, their standing, the hand-set fit, and how much of the need's rare words (weighed by
how few people in the network use them: "Medicaid", "ASCAP", not the user's son's name) their
best sentence and all that is known of them hold (`engine/asks/rare_words.py`).

**Data.** The dev ask scenarios `data/eval/asks/` ({writers}), written by helper sessions that
never saw the code: {rows} (need, person) rows, {helpers} of them right to ask. The held-out
writers (`data/eval/asks_test/`) are never read here. The scenarios' notes were heard by
listener `{heard_by}`: what it hears (their wants, heard) is in the features, so the scorer
is trained again whenever the listener is (`make train` does both). Only people the guards
let through are rows; the guards heard hard times with the hard-time detector `{hard_times}`
(`models/hard_times/`) beside the lexicon, as asking does.

**Chosen by leaving each writer out in turn** (fit on the others, scored on the one left out):
strength C = {strength}, a harmful person weighed {harm_weight}x another wrong one in fitting,
margin {margin}, floor {floor}; on the left-out writers' needs
hit@1 {hit}, harm@3 {harm}. Scored on the held-out writers by `giveback eval asks --split test`.

**Limits.** {n_writers} writers, {needs} needs: the weights are rough. The features are
similarities of one sentence-embedding model and shared words; wording neither ties to the
need (a struggle said as "still pending") is out of reach.
"""


def train_asks(app: App, out: Path | None) -> dict[str, Any]:
    """Fit the scorer on every dev writer; save it and its card; return the card."""
    rows = []
    hard_times = HardTimeModel.load()
    for folder in scenario_folders("dev", ()):
        click.echo(f"reading {folder.name} ...", err=True)
        with scratch_store() as session:
            with scenario_read(folder):
                gold = load_gold(folder)
                needs = load_scenario(session, folder, app.listener())
            rows.extend(pair_rows(session, app.embedder(), folder.name, needs, gold, hard_times))
    scorer, card = train_scorer(rows)
    card["heard_by"] = app.version()
    card["hard_times"] = hard_times.version if hard_times is not None else None
    path = (out / DEFAULT_PATH.name) if out else DEFAULT_PATH
    scorer.save(path)
    write_cards(
        path.parent,
        card,
        CARD.format(
            version=scorer.version,
            margin=card["margin"],
            floor=card["floor"],
            writers=", ".join(cast(list[str], card["writers"])),
            n_writers=len(cast(list[str], card["writers"])),
            needs=card["needs"],
            rows=card["rows"],
            helpers=card["helpers"],
            strength=card["strength"],
            harm_weight=card["harm_weight"],
            hit=card["left_out_hit@1"],
            harm=card["left_out_harm@3"],
            heard_by=card["heard_by"],
            hard_times=card["hard_times"] or "none (the lexicon alone)",
        ),
    )
    return card
