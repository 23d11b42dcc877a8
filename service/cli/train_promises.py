"""``giveback train --promises``: fit the promise keeper on the dev suggestion networks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from giveback.engine.eval.gold import load_gold
from giveback.engine.eval.promise_training import dev_networks, promise_groups, train_keeper
from giveback.engine.eval.suggest import load_scenario
from giveback.engine.suggest.promise_keeper import CANDIDATES, DEFAULT_PATH
from giveback.service.cli.context import App
from giveback.service.cli.scratch import scenario_read, scratch_store

CARD = """\
# Model card: the promise keeper

Version `{version}`. Trained by `giveback train --promises` (`make train`); deterministic.

**What it does.** For a promise the user made ("I'd translate the PD exercise leaflet"), it
weighs the search's best {candidates_each} catalog items (and the item the rules of
`engine/suggest/promises.py` chose, wherever it stands) and gives each the probability that it
keeps the promise. The best one keeps it when that reaches {threshold}; otherwise the
suggestion is a reminder with no item ("keep your promise: ..."). It weighs only promises that
no later note about the contact followed, or that a later note said are still owed: after a
later note the promise may have been kept without a word, and the rules decide as before.
Without this file the rules alone decide.

**Features** (`engine/suggest/promise_keeper.py`): the search's semantic, word and combined
scores, the rank and the lead over the next item, the kind of item (article, offer, person)
against whether the promise sends a thing or does something, the words' first five letters the
promise and the title share, what the rules chose, and whether a later note said the promise
is still owed.

**Data.** The dev suggestion networks ({networks}), written by helper sessions that never saw
the code: {promises} promises the suggester weighed ({rows} candidates). {owed} of them are
listed by the writers as still owed, each with the item that keeps it or none: the keeper
learns from those. The other {not_owed} were heard open but are not owed (kept or made moot by
a later note the listener did not hear as closing them): no item should be drawn from them,
and they count when the threshold is chosen. {weighed} of the {promises} are the keeper's to
weigh (no later note); the rules decide the rest. A promise the listener did not hear, or heard
closed, is no row. The held-out networks are never read here. The networks' notes were heard by
listener `{heard_by}`.

**Chosen by leaving each network out in turn** (fit on the others, scored on the one left
out): strength C = {strength}, threshold {threshold}. On the left-out networks the choice was
right (the labeled item, or none where none is labeled or the promise is not owed) for {right}
of the {promises} promises; with the rules alone, {rules_right}. Scored on the held-out networks
by `giveback eval suggest --data data/eval/suggest_v2/<network>` (the "promises" column).

**Limits.** {n_networks} networks: the weights are rough. The features are the search's scores
and shared word beginnings; an item described in other words than the promise's ("pick her up
Saturdays" for "A lift to the gliding club") is found only as far as the search finds it.
Whether a promise is still owed is not its question: a promise kept without a word is left to
the rules, and one heard open after it was kept can still draw an item.
"""


def train_promises(app: App, out: Path | None) -> dict[str, Any]:
    """Fit the keeper on every dev network; save it and its card; return the card."""
    groups = []
    for folder in dev_networks():
        click.echo(f"reading {folder.name} ...", err=True)
        with scratch_store() as session:
            with scenario_read(folder):
                gold = load_gold(folder)
                load_scenario(session, folder, app.listener())
            groups.extend(promise_groups(session, app.embedder(), folder.name, gold))
    keeper, card = train_keeper(groups)
    card["heard_by"] = app.version()
    path = (out / DEFAULT_PATH.name) if out else DEFAULT_PATH
    keeper.save(path)
    (path.parent / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    (path.parent / "MODEL_CARD.md").write_text(
        CARD.format(
            version=keeper.version,
            candidates_each=CANDIDATES,
            threshold=card["threshold"],
            networks=", ".join(card["networks"]),
            n_networks=len(card["networks"]),
            promises=card["promises"],
            rows=card["candidates"],
            heard_by=card["heard_by"],
            strength=card["strength"],
            right=card["left_out_right"],
            rules_right=card["rules_right"],
            owed=card["owed"],
            not_owed=card["promises"] - card["owed"],
            weighed=card["weighed"],
        ),
        encoding="utf-8",
    )
    return card
