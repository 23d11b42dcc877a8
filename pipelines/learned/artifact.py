"""The trained listener on disk: one joblib file, versioned, with its model card beside it.

``models/listener/listener.joblib`` holds the three models (signals, closures, phrases) and what
they were trained with. Its version goes into the extractor version stored with every signal, so
notes heard by an older model are listened to again (``giveback reprocess``). A missing, damaged
or foreign file is a :class:`ModelUnavailable`, never an empty result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib

from giveback.core.errors import ModelUnavailable

if TYPE_CHECKING:  # the bundle's classes load with it (unpickling imports them)
    from giveback.pipelines.learned.closure.model import ClosureModel
    from giveback.pipelines.learned.phrases.model import PhraseModel
    from giveback.pipelines.learned.signals.model import SignalModel

# 2: with the phrase model; 3: NumPy parts, loaded without scikit-learn; 4: closures scored by
# gradient-boosted trees; 5: the kind tail
FORMAT = 5
FILE_NAME = "listener.joblib"
_HINT = "run `make train` (or set GIVEBACK_LISTENER=rules to use the rule listener)"


@dataclass
class ListenerBundle:
    """Everything the learned listener needs that training made."""

    version: str
    embedding_model: str  # the encoder whose vectors the models were trained on
    signals: SignalModel
    closure: ClosureModel
    phrases: PhraseModel
    card: dict[str, Any] = field(default_factory=dict)  # data, config and scores
    format: int = FORMAT


def default_path() -> Path:
    """Where the project keeps the trained listener (``models/listener/``)."""
    return Path(str(resources.files("giveback.models"))) / "listener" / FILE_NAME


def version_of(*parts: bytes) -> str:
    """A short, stable version from what training read (data, config, code)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:12]


def version_path(path: Path) -> Path:
    """The small file beside the bundle that names its version (read without loading it)."""
    return path.with_suffix(".version")


def save(bundle: ListenerBundle, path: Path) -> Path:
    """Write the bundle (compressed) and its version file; the folder is created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, path, compress=3)
    version_path(path).write_text(bundle.version + "\n", encoding="utf-8")
    return path


def stored_version(path: Path) -> str:
    """The version of the bundle at ``path``, from its version file (no model is loaded)."""
    if not path.is_file():
        raise ModelUnavailable(f"the trained listener {path} is missing; {_HINT}")
    try:
        return version_path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ModelUnavailable(
            f"the trained listener's version file {version_path(path)} is missing; {_HINT}"
        ) from exc


def load(path: Path) -> ListenerBundle:
    """Read a bundle, or :class:`ModelUnavailable` saying what is wrong and what to do."""
    if not path.is_file():
        raise ModelUnavailable(f"the trained listener {path} is missing; {_HINT}")
    try:
        bundle = joblib.load(path)
    except Exception as exc:  # a truncated or foreign file fails in many ways inside pickle
        raise ModelUnavailable(
            f"the trained listener {path} is damaged ({type(exc).__name__}); {_HINT}"
        ) from exc
    if not isinstance(bundle, ListenerBundle) or bundle.format != FORMAT:
        raise ModelUnavailable(f"{path} is not a trained listener of format {FORMAT}; {_HINT}")
    if stored_version(path) != bundle.version:
        raise ModelUnavailable(f"{path} does not match its version file; {_HINT}")
    return bundle
