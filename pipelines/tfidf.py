"""TF-IDF word features in NumPy: scikit-learn's ``TfidfVectorizer`` without importing it.

The listener's word features and the catalog's lexical search both weigh words by TF-IDF.
scikit-learn costs a second to import, paid by every command that listens or ranks; these few
lines give the same numbers (tests/pipelines/test_tfidf.py holds them to it): lowercased
tokens of two or more word characters, stop words dropped, n-grams of the rest, optionally
sublinear counts (1 + log tf), smooth idf (ln((1 + n) / (1 + df)) + 1), rows of unit length.
"""

from __future__ import annotations

import math
import pickle
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from scipy import sparse

TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default


@dataclass(frozen=True)
class Tfidf:
    """A fitted vocabulary and its idf weights; :meth:`transform` turns texts into rows."""

    vocabulary: Mapping[str, int]
    idf: np.ndarray
    ngram_range: tuple[int, int] = (1, 1)
    sublinear_tf: bool = False
    token_pattern: str = TOKEN_PATTERN
    stop_words: frozenset[str] = frozenset()
    dtype: str = "float64"

    def __getstate__(self) -> dict[str, Any]:
        # The vocabulary is tens of thousands of small strings: as one blob of the standard
        # (C) pickler it loads in a fraction of the time joblib's Python unpickler takes.
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["vocabulary"] = pickle.dumps(dict(self.vocabulary), protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        vocabulary = state["vocabulary"]
        if isinstance(vocabulary, bytes):
            vocabulary = pickle.loads(vocabulary)
        for name, value in {**state, "vocabulary": vocabulary}.items():
            object.__setattr__(self, name, value)  # frozen: set as the dataclass itself does

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        *,
        ngram_range: tuple[int, int] = (1, 1),
        sublinear_tf: bool = False,
        stop_words: frozenset[str] = frozenset(),
        min_df: int = 1,
        dtype: str = "float64",
    ) -> Tfidf:
        """Learn the vocabulary (terms in at least ``min_df`` texts, in sorted order, as
        scikit-learn numbers them) and the idf; ValueError when no term is left."""
        blank = cls({}, np.zeros(0), ngram_range, sublinear_tf, TOKEN_PATTERN, stop_words, dtype)
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(blank.terms(text)))
        terms = sorted(t for t, n in df.items() if n >= min_df)
        if not terms:
            raise ValueError("empty vocabulary: the texts hold no terms")
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)
        vocabulary = {t: i for i, t in enumerate(terms)}
        return cls(vocabulary, idf, ngram_range, sublinear_tf, TOKEN_PATTERN, stop_words, dtype)

    @classmethod
    def from_fitted(cls, vectorizer: Any) -> Tfidf:
        """The parts of a fitted scikit-learn ``TfidfVectorizer`` that transform needs."""
        if vectorizer.analyzer != "word" or not vectorizer.lowercase or vectorizer.norm != "l2":
            raise ValueError("only lowercased, l2-normalised word vectorizers are copied")
        if vectorizer.preprocessor or vectorizer.tokenizer or vectorizer.strip_accents:
            raise ValueError("custom preprocessing or tokenizers are not copied")
        return cls(
            {str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
            np.asarray(vectorizer.idf_, dtype=np.float64),
            tuple(vectorizer.ngram_range),
            bool(vectorizer.sublinear_tf),
            str(vectorizer.token_pattern),
            frozenset(vectorizer.get_stop_words() or ()),
            np.dtype(vectorizer.dtype).name,
        )

    def terms(self, text: str) -> list[str]:
        """The text's terms, as scikit-learn's word analyzer makes them: tokens without stop
        words, then their n-grams of 2, 3, ... words."""
        tokens = re.findall(self.token_pattern, text.lower())
        if self.stop_words:
            tokens = [t for t in tokens if t not in self.stop_words]
        low, high = self.ngram_range
        terms = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high, len(tokens)) + 1):
            terms.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return terms

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """One unit-length row of tf-idf weights per text (unknown terms are dropped)."""
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            counts = Counter(self.vocabulary[t] for t in self.terms(text) if t in self.vocabulary)
            columns = sorted(counts)
            weights = np.array(
                [
                    (1.0 + math.log(counts[c]) if self.sublinear_tf else counts[c]) * self.idf[c]
                    for c in columns
                ],
                dtype=np.float64,
            )
            norm = float(np.sqrt((weights**2).sum()))
            if norm > 0:
                weights /= norm
            data.extend(weights.tolist())
            indices.extend(columns)
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.array(data, dtype=self.dtype), np.array(indices, dtype=np.int32), indptr),
            shape=(len(texts), len(self.idf)),
        )
