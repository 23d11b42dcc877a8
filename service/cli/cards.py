"""Where training writes what it measured: ``card.json`` beside each trained artifact, and the
model card a reader opens (``MODEL_CARD.md``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def write_cards(folder: Path, card: Mapping[str, Any], model_card: str | None = None) -> None:
    """Write ``card`` as ``folder/card.json`` and, when given, ``model_card`` as
    ``folder/MODEL_CARD.md``."""
    (folder / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    if model_card is not None:
        (folder / "MODEL_CARD.md").write_text(model_card, encoding="utf-8")
