"""The learned listener: clauses of a note, a signal model and a closure model trained on the
labeled corpus (``data/annotation``) and kept in ``models/listener``.

Public API: :func:`get_listener` (the listener the settings ask for) and
:func:`extractor_version` (stamped on every stored signal).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from giveback.core.settings import get_settings
from giveback.pipelines.embedding.encoder import get_embedder
from giveback.pipelines.extraction.listener import EXTRACTOR_VERSION, Listener
from giveback.pipelines.extraction.listener import get_listener as get_rule_listener
from giveback.pipelines.learned.artifact import default_path, stored_version

if TYPE_CHECKING:
    from giveback.pipelines.learned.listener import LearnedListener

__all__ = ["extractor_version", "get_listener", "model_path"]


def model_path() -> Path:
    """The trained listener's file: the setting, else ``models/listener/listener.joblib``."""
    return get_settings().listener_model or default_path()


def extractor_version() -> str:
    """The version stored with every signal: the code's, and the trained models' when they
    listen (a new model makes older notes stale, so they are listened to again)."""
    if get_settings().listener == "rules":
        return f"{EXTRACTOR_VERSION}+rules"
    return f"{EXTRACTOR_VERSION}+{stored_version(model_path())}"


@lru_cache(maxsize=2)
def _learned(spacy_model: str, path: Path) -> LearnedListener:
    # The learned listener works on spaCy docs: it loads with the model, never at start-up.
    from giveback.pipelines.learned.listener import LearnedListener

    return LearnedListener(
        get_rule_listener(spacy_model), lambda: get_embedder().encode_inner, path
    )


def get_listener() -> Listener | LearnedListener:
    """The process-wide listener the settings ask for (``GIVEBACK_LISTENER``)."""
    settings = get_settings()
    if settings.listener == "rules":
        return get_rule_listener(settings.spacy_model)
    return _learned(settings.spacy_model, model_path())
