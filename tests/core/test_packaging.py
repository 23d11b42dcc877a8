"""The distribution: every package folder is installed, and only under the giveback namespace."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from tests.support.paths import ROOT

SOURCE_ROOTS = ("core", "engine", "pipelines", "models", "service")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed_under_the_giveback_namespace() -> None:
    setuptools = _pyproject()["tool"]["setuptools"]
    folders = {
        ".".join(("giveback", *init.parent.relative_to(ROOT).parts))
        for root in SOURCE_ROOTS
        for init in (ROOT / root).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert folders == set(setuptools["packages"])
    assert setuptools["package-dir"] == {f"giveback.{r}": r for r in SOURCE_ROOTS}


def test_the_wheel_installs_nothing_generic_at_the_top_of_site_packages(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("giveback-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {
        "giveback",
        wheel.name.split("-py3")[0] + ".dist-info",
    }
    # What the service reads at run time ships with it: templates, the stylesheet, migrations.
    for needed in (
        "giveback/service/web/templates/base.html",
        "giveback/service/web/static/app.css",
        "giveback/service/mail/templates/email/digest.txt",
        "giveback/core/migrations/store/script.py.mako",
        "giveback/core/migrations/store/versions/0001_initial_schema.py",
    ):
        assert needed in names, needed
