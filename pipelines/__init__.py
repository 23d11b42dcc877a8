"""NLP: the spaCy parse, sentence embeddings, the listeners and the importers.

thinc, under spaCy, imports torch whenever it is installed, only to offer it as a backend that
our CPU pipelines never use: a second of every command that parses a note. A finder placed here
(before any of our modules can import spaCy) runs thinc's check with torch hidden, when and if
thinc is imported; torch itself stays importable (the embedding export uses it).
"""

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

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


class _ThincWithoutTorch(importlib.abc.MetaPathFinder):
    """Finds thinc's backend check as usual, and has it run without torch."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _THINC_CHECK:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _HidingTorch(spec.loader)
        return spec


if not any(isinstance(finder, _ThincWithoutTorch) for finder in sys.meta_path):
    sys.meta_path.insert(0, _ThincWithoutTorch())
