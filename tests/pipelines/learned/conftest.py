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
from giveback.pipelines.learned.features import Encode
from giveback.pipelines.learned.train import train
from tests.support.corpus import write_corpus

EMBEDDING_MODEL = "test-minilm"


@dataclass
class Remembered:
    """The real encoder, each text encoded once: later trainings on the same corpus reuse the
    vectors instead of paying for the model again."""

    encode_texts: Encode
    known: dict[str, np.ndarray] = field(default_factory=dict)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.known]
        if todo:
            self.known.update(zip(todo, self.encode_texts(todo), strict=True))
        return np.stack([self.known[t] for t in texts])


@dataclass(frozen=True)
class Trained:
    """A bundle trained on the tiny corpus, where it was written and from what."""

    bundle: ListenerBundle
    path: Path
    corpus: Path
    progress: tuple[str, ...]
    encode: Encode  # what it was trained with


def train_tiny(corpus: Path, out_dir: Path, listener: Listener, encode: Encode) -> Trained:
    """Train on ``corpus`` into ``out_dir`` with the real parse and these embeddings."""
    said: list[str] = []
    bundle = train(corpus, out_dir, listener, encode, EMBEDDING_MODEL, said.append)
    return Trained(bundle, out_dir / FILE_NAME, corpus, tuple(said), encode)


@pytest.fixture(scope="session")
def trained(
    tmp_path_factory: pytest.TempPathFactory, listener: Listener, embedder: Embedder
) -> Trained:
    """The tiny corpus's listener (read it, copy it, never change it)."""
    root = tmp_path_factory.mktemp("tiny")
    corpus = write_corpus(root / "corpus")
    return train_tiny(corpus, root / "model", listener, Remembered(embedder.encode))
