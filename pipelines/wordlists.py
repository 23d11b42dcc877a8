"""Word lists that libraries keep in plain modules, read without importing the library.

spaCy's ``lang/<code>/stop_words.py`` and scikit-learn's ``feature_extraction/_stop_words.py``
are lists of words and nothing else; importing them the usual way runs their packages first
(spaCy's French tokenizer exceptions: 2.4 s; scikit-learn: 1 s). Here the one file is run on
its own.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from english_words import get_english_words_set


@lru_cache(maxsize=32)
def word_list(package: str, module: str, name: str) -> frozenset[str]:
    """The set ``name`` in ``package``'s file ``module`` (a path like ``lang/fr/stop_words.py``);
    empty when the package or the file is not there."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(spec.submodule_search_locations[0]) / module
    if not path.is_file():
        return frozenset()
    loaded = importlib.util.spec_from_file_location(
        f"_giveback_words_{package}_{module.replace('/', '_').removesuffix('.py')}", path
    )
    if loaded is None or loaded.loader is None:
        return frozenset()
    words = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(words)
    return frozenset(getattr(words, name))


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (what ``stop_words="english"`` means there)."""
    return word_list("sklearn", "feature_extraction/_stop_words.py", "ENGLISH_STOP_WORDS")


def spacy_stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words for ``language`` (a code: "en", "fr", ...)."""
    return word_list("spacy", f"lang/{language}/stop_words.py", "STOP_WORDS")


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """The words an English dictionary (Webster's Second, from english-words) writes in lower
    case: common words, not names ("trainee", "barbershop"; not "Calgary"). Single forms
    mostly: it lists few plurals and inflections. Read once, on first use (0.1 s)."""
    return frozenset(w for w in get_english_words_set(["web2"]) if w[:1].islower())
