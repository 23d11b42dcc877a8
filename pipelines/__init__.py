"""NLP: the spaCy parse, sentence embeddings, the listeners and the importers.

Two finders placed here (before any of our modules can import spaCy) keep what spaCy's import
drags in for its own command line off every command that parses a note:

- thinc, under spaCy, imports torch whenever it is installed, only to offer it as a backend that
  our CPU pipelines never use (a second). thinc's check runs with torch hidden, when and if
  thinc is imported; torch itself stays importable (the embedding export uses it).
- ``spacy/__init__`` imports ``spacy.cli.info`` only to offer ``spacy.info``, and with it the
  whole ``spacy`` command line (typer, requests, weasel, httpx, jinja2: 0.2 s). While spaCy's
  package runs, ``spacy.cli.info`` is a stand-in whose ``info`` imports the real one when
  called; afterwards ``import spacy.cli`` works as ever.
"""

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any, ClassVar

_THINC_CHECK = "thinc.compat"


class _HidingTorch(importlib.abc.Loader):
    """Runs a module with ``import torch`` failing, unless torch is already loaded."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        if "torch" in sys.modules:
            self.inner.exec_module(module)
            return
        sys.modules["torch"] = None  # type: ignore[assignment]  # None makes `import torch` fail
        try:
            self.inner.exec_module(module)
        finally:
            del sys.modules["torch"]


_SPACY = "spacy"
_SPACY_INFO = "spacy.cli.info"


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, importing spaCy's command line only when it is called."""
    real = importlib.import_module(_SPACY_INFO)
    return real.info(*args, **kwargs)


class _DeferringSpacyCli(importlib.abc.Loader):
    """Runs spaCy's package with a stand-in for ``spacy.cli.info``, removed once it has run."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        if _SPACY_INFO in sys.modules:
            self.inner.exec_module(module)
            return
        stand_in = ModuleType(_SPACY_INFO, "Stands in while spaCy imports; see giveback.pipelines.")
        stand_in.info = _spacy_info  # type: ignore[attr-defined]  # a bare module, filled here
        sys.modules[_SPACY_INFO] = stand_in
        try:
            self.inner.exec_module(module)
        finally:
            if sys.modules.get(_SPACY_INFO) is stand_in:
                del sys.modules[_SPACY_INFO]


class _QuietImports(importlib.abc.MetaPathFinder):
    """Finds thinc's backend check and spaCy's package as usual, with the loaders above."""

    _loaders: ClassVar[dict[str, type[_HidingTorch] | type[_DeferringSpacyCli]]] = {
        _THINC_CHECK: _HidingTorch,
        _SPACY: _DeferringSpacyCli,
    }

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        wrapper = self._loaders.get(fullname)
        if wrapper is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = wrapper(spec.loader)
        return spec


if not any(isinstance(finder, _QuietImports) for finder in sys.meta_path):
    sys.meta_path.insert(0, _QuietImports())
