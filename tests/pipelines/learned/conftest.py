"""A listener trained once on the tiny corpus, shared by the artifact and training tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.extraction import Listener
from giveback.pipelines.learned.artifact import FILE_NAME, ListenerBundle
from giveback.pipelines.learned.features import EncodeInner
from giveback.pipelines.learned.train import train
from tests.support.corpus import write_corpus

EMBEDDING_MODEL = "test-minilm"


@dataclass
class Remembered:
    """The real encoder, each text encoded once: later trainings on the same corpus reuse the
    vectors instead of paying for the model again."""

    encode_texts: EncodeInner
    known: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def __call__(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        todo = [t for t in dict.fromkeys(texts) if t not in self.known]
        if todo:
            vectors, states = self.encode_texts(todo)
            self.known.update(zip(todo, zip(vectors, states, strict=True), strict=True))
        return np.stack([self.known[t][0] for t in texts]), [self.known[t][1] for t in texts]


@dataclass(frozen=True)
class Trained:
    """A bundle trained on the tiny corpus, where it was written and from what."""

    bundle: ListenerBundle
    path: Path
    corpus: Path
    progress: tuple[str, ...]
    encode: EncodeInner  # what it was trained with


def train_tiny(
    corpus: Path, out_dir: Path, listener: Listener, encode: EncodeInner, model_dir: Path
) -> Trained:
    """Train on ``corpus`` into ``out_dir`` with the real parse and these embeddings, the kind
    tail starting from the model in ``model_dir``."""
    said: list[str] = []
    bundle = train(
        corpus, out_dir, listener, encode, EMBEDDING_MODEL, said.append, model_dir=model_dir
    )
    return Trained(bundle, out_dir / FILE_NAME, corpus, tuple(said), encode)


@pytest.fixture(scope="session")
def trained(
    tmp_path_factory: pytest.TempPathFactory, listener: Listener, embedder: Embedder
) -> Trained:
    """The tiny corpus's listener (read it, copy it, never change it)."""
    root = tmp_path_factory.mktemp("tiny")
    corpus = write_corpus(root / "corpus")
    return train_tiny(
        corpus, root / "model", listener, Remembered(embedder.encode_inner), embedder.location
    )
