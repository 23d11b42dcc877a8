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
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

_THINC_CHECK = "thinc.compat"
_SPACY = "spacy"
_SPACY_INFO = "spacy.cli.info"


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, importing spaCy's command line only when it is called."""
    real = importlib.import_module(_SPACY_INFO)
    return real.info(*args, **kwargs)


def _no_module() -> None:
    """``None`` in ``sys.modules`` makes importing that name fail (torch, for thinc)."""
    return None


def _spacy_info_stand_in() -> ModuleType:
    """A ``spacy.cli.info`` whose ``info`` imports the real one when called."""
    stand_in = ModuleType(_SPACY_INFO, "Stands in while spaCy imports; see giveback.pipelines.")
    stand_in.info = _spacy_info  # type: ignore[attr-defined]  # a bare module, filled here
    return stand_in


# Module found -> (the module it must not import, what stands in for that one meanwhile).
_STAND_INS: dict[str, tuple[str, Callable[[], ModuleType | None]]] = {
    _THINC_CHECK: ("torch", _no_module),
    _SPACY: (_SPACY_INFO, _spacy_info_stand_in),
}


class _WithStandIn(importlib.abc.Loader):
    """Runs a module with a stand-in for another in ``sys.modules`` (unless that one is loaded
    already), and takes the stand-in away once the module has run."""

    def __init__(self, inner: importlib.abc.Loader, name: str, stand_in: ModuleType | None) -> None:
        self.inner = inner
        self.name = name
        self.stand_in = stand_in

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        if self.name in sys.modules:
            self.inner.exec_module(module)
            return
        sys.modules[self.name] = self.stand_in  # type: ignore[assignment]  # None: import fails
        try:
            self.inner.exec_module(module)
        finally:
            if self.name in sys.modules and sys.modules[self.name] is self.stand_in:
                del sys.modules[self.name]


class _QuietImports(importlib.abc.MetaPathFinder):
    """Finds thinc's backend check and spaCy's package as usual, run with their stand-ins."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _STAND_INS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        name, stand_in = _STAND_INS[fullname]
        spec.loader = _WithStandIn(spec.loader, name, stand_in())
        return spec


if not any(isinstance(finder, _QuietImports) for finder in sys.meta_path):
    sys.meta_path.insert(0, _QuietImports())
