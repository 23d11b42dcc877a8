"""``giveback train --hard-times``: fit the hard-time detector, write it and its card."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from giveback.core.settings import get_settings
from giveback.engine.eval.hard_times import evaluate_hard_times, labeled_split
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.hard_times.fit import fit
from giveback.pipelines.hard_times.model import DEFAULT_PATH
from giveback.service.cli.cards import write_cards
from giveback.service.cli.eval_hard_times import CORPUS_DIR, HARD_TIMES_DIR

CARD = """# Model card: the hard-time detector, version {version}

`hard_time.json` is what `giveback train --hard-times` (`make train`) wrote: a logistic
regression (scikit-learn, lbfgs, balanced classes, C {c}) over the MiniLM sentence embedding
({embedding}, float32), with the threshold {threshold} set in `config.toml` (why: there; the
dev F1 is best at {best}). Deterministic: the same sentences give the same weights.

**What it is for.** Asking never asks someone going through a hard time now (a death, an
illness or treatment, an operation, a layoff, a new baby, a breakup, a miscarriage, full-time
caring, a flood or a fire). The lexicon in `engine/asks/guards.py` hears the words it knows;
this model hears the rest ("went under the knife Thursday", "both in NICU, tiny"). Asking holds a
person back when either hears a hard time in a note of the last 90 days that is not the user's
own (`engine/asks/people.py`, `engine/asks/ranking.py`); the long-ago and recovered rules of
the lexicon still hold.

**Data.** `data/hard_times/` (README there): sentences written and labeled by helper sessions
that never saw the code, each writer in one split: train {train_writers}, dev {dev_writers}.
With them, as "note" sentences, the ordinary sentences of the same splits of the listener's
corpus (`data/annotation`, other writers). Train: {train_n} sentences, {train_hard} hard; dev:
{dev_n}, {dev_hard} hard.
Test is never read here; it is scored by `giveback eval hard-times --split test`.

**Dev** (`giveback eval hard-times --split dev`):

| system | P | R | F1 |
|---|---|---|---|
{rows}

**Limits.** One sentence at a time: a hard time said across two sentences ("Derek's dad." /
"Funeral's Thursday") is heard only where one of them says enough. It cannot tell whose hard
time it is beyond what the sentence says; asking leaves out the user's own ("my dad's surgery")
by rule. Its false alarms hold a helper back for up to 90 days.
"""


CONFIG = DEFAULT_PATH.parent / "config.toml"


def train_hard_times(out: Path | None) -> dict[str, Any]:
    """Fit the detector on the train writers with the config's strength and threshold (else
    the threshold with the best dev F1); save it and its card; return the card."""
    config: dict[str, Any] = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    embedder = Embedder(get_settings().embedding_model, bf16=False)
    train = labeled_split(HARD_TIMES_DIR, CORPUS_DIR, "train")
    dev = labeled_split(HARD_TIMES_DIR, CORPUS_DIR, "dev")
    model, card = fit(
        train, dev, embedder.encode, embedder.model_id,
        c=float(config.get("c", 1.0)), threshold=config.get("threshold"),
    )  # fmt: skip
    path = (out / DEFAULT_PATH.name) if out else DEFAULT_PATH
    model.save(path)
    scored = evaluate_hard_times(dev, model, embedder)
    card["dev"]["systems"] = scored["systems"]
    rows = "\n".join(
        f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |"
        for name, s in scored["systems"].items()
    )
    write_cards(
        path.parent,
        card,
        CARD.format(
            version=model.version,
            c=card["c"],
            embedding=embedder.model_id,
            threshold=model.threshold,
            best=card["best_dev_threshold"],
            train_writers=", ".join(sorted({s.writer for s in train if s.kind != "note"})),
            train_n=card["train"]["sentences"],
            train_hard=card["train"]["hard"],
            dev_writers=", ".join(sorted({s.writer for s in dev if s.kind != "note"})),
            dev_n=card["dev"]["sentences"],
            dev_hard=card["dev"]["hard"],
            rows=rows,
        ),
    )
    return card
