"""``giveback train --promises``: fit the promise keeper on the dev suggestion networks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from giveback.core.settings import get_settings
from giveback.engine.eval.gold import load_gold
from giveback.engine.eval.promise_training import dev_networks, promise_groups, train_keeper
from giveback.engine.eval.suggest import load_scenario
from giveback.engine.suggest.promise_keeper import CANDIDATES, DEFAULT_PATH
from giveback.pipelines.embedding.encoder import Embedder
from giveback.service.cli.cards import write_cards
from giveback.service.cli.context import App
from giveback.service.cli.scratch import scenario_read, scratch_store

CARD = """\
# Model card: the promise keeper

Version `{version}`. Trained by `giveback train --promises` (`make train`); deterministic
(float32 vectors).

**What it does.** For a promise the user made ("I'll send you the whole season's counts"), it
weighs the search's best {candidates_each} catalog items (and the item the rules of
`engine/suggest/promises.py` chose, wherever it stands) and gives each the probability that it
keeps the promise. The best one keeps it when that reaches {threshold}; otherwise the suggestion
is a reminder with no item ("keep your promise: ..."). It chooses only among the items that may
keep the promise (`engine/suggest/promise_eligible.py`: someone's details are a person's, a
thing sent is that thing), and leaves to the rules a person the promise names whom the search
did not bring, and a promise later notes about the contact followed (unless one says it is still
owed): after a later note it may have been kept without a word. Without this file the rules
alone decide.

**Features** (`engine/suggest/promise_keeper.py`): the search's semantic, word and combined
scores, the rank and the lead over the next item, the kind of item (article, offer, person)
against whether the promise sends a thing or does something, the words' first five letters the
promise and the title share, what the rules chose, and whether a later note said the promise is
still owed.

**Data.** The dev suggestion networks ({networks}), written by helper sessions that never saw
the code: {promises} promises the suggester weighed ({rows} candidates). {owed} of them are
listed by the writers as still owed, each with the item that keeps it or none: the keeper learns
from those (all of them: which item keeps a promise does not hang on what came after). The other
{not_owed} were heard open but are not owed (kept or made moot by a later note the listener did
not hear as closing them): no item should be drawn from them, and they count when the threshold
is chosen. {weighed} of the {promises} are the keeper's to weigh (no later note, or one that
says it is still owed; {not_owed_weighed} of them not owed); the rules decide the rest
({not_owed_followed} of them not owed). A promise the listener did not hear, or heard closed, is
no row. The held-out networks are never read here. The networks' notes were heard by listener
`{heard_by}`.

**Chosen by leaving each network out in turn** (fit on the others, scored on the one left out):
strength C = {strength}, threshold {threshold}. On the left-out networks the choice was right
(the labeled item, or none where none is labeled or the promise is not owed) for {right} of the
{promises} promises; with the rules alone, {rules_right}. Scored on the held-out networks by
`giveback eval suggest --data data/eval/suggest_v2/<network>` (the "promises" column).

**Limits.** {n_networks} networks: the weights are rough. The features are the search's scores
and shared word beginnings; an item described in other words than the promise's ("pick her up
Saturdays" for "A lift to the gliding club") is found only as far as the search finds it.
Whether a promise is still owed is not its question: a promise kept without a word is left to
the rules, and one heard open after it was kept can still draw an item.
"""


def train_promises(app: App, out: Path | None) -> dict[str, Any]:
    """Fit the keeper on every dev network; save it and its card; return the card."""
    # Float32 vectors, as the listener is trained: the same networks give the same keeper
    # whatever GIVEBACK_EMBEDDING_BF16 says.
    embedder = Embedder(get_settings().embedding_model, bf16=False)
    groups = []
    for folder in dev_networks():
        click.echo(f"reading {folder.name} ...", err=True)
        with scratch_store() as session:
            with scenario_read(folder):
                gold = load_gold(folder)
                load_scenario(session, folder, app.listener())
            groups.extend(promise_groups(session, embedder, folder.name, gold))
    keeper, card = train_keeper(groups)
    card["heard_by"] = app.version()
    path = (out / DEFAULT_PATH.name) if out else DEFAULT_PATH
    keeper.save(path)
    write_cards(
        path.parent,
        card,
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
            not_owed_weighed=card["not_owed_weighed"],
            not_owed_followed=card["promises"] - card["owed"] - card["not_owed_weighed"],
        ),
    )
    return card
