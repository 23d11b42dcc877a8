"""`giveback catalog import` on every real-world file, into a fresh store each time.

Accepted files store exactly the expected number of items and re-importing them changes
nothing; refused files exit 2 with one error line and store nothing. Skipped with a reason when
``../shared/realworld/`` is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from giveback.service.cli.app import main
from tests.support.paths import ROOT

REALWORLD = ROOT.parent / "shared" / "realworld"

if not (REALWORLD / "MANIFEST.jsonl").is_file():
    pytest.skip(
        f"the real-world import corpus folder is absent ({REALWORLD})", allow_module_level=True
    )

MANIFEST = [
    json.loads(line)
    for line in (REALWORLD / "MANIFEST.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _import(db: Path, file: Path) -> tuple[int, dict | None, str]:
    result = CliRunner().invoke(
        main, ["--db", str(db), "catalog", "import", str(file), "--json", "--no-embed"]
    )
    summary = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, summary, result.stderr


def _items(db: Path) -> int:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        count = conn.execute(text("select count(*) from catalog_items")).scalar_one()
    engine.dispose()
    return int(count)


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_import_into_a_fresh_store(entry: dict, tmp_path: Path) -> None:
    db = tmp_path / "giveback.db"
    file = REALWORLD / entry["file"]
    code, summary, stderr = _import(db, file)
    if entry["valid"] is False or (entry["valid"] is None and code != 0):
        assert code == 2, stderr
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error:"), stderr
        assert "Traceback" not in stderr
        assert not db.exists() or _items(db) == 0
        return
    assert code == 0, stderr
    assert summary is not None
    expected = entry["expected_items"]
    assert summary["imported"] + summary["updated"] == expected, summary
    assert _items(db) == expected

    code, again, stderr = _import(db, file)
    assert code == 0, stderr
    assert again is not None
    assert again["unchanged"] == expected, again
    assert again["imported"] == again["updated"] == 0, again
    assert _items(db) == expected
