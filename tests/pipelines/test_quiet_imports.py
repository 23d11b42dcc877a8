"""Importing spaCy through Giveback leaves out what only spaCy's own tools use: torch (under
thinc) and spaCy's command line; both stay importable. (Timings: `make bench`.)"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.support.paths import ROOT

_PROBE = textwrap.dedent(
    """
    import json, sys
    import giveback.pipelines
    import spacy

    loaded = {m: m in sys.modules for m in ("torch", "spacy.cli", "typer", "weasel", "requests")}
    stand_in = "spacy.cli.info" in sys.modules
    about = spacy.info(silent=True)  # imports the real command line, on demand
    import spacy.cli
    import torch
    print(json.dumps({
        "loaded": loaded,
        "stand_in_left": stand_in,
        "info": sorted(about)[:3],
        "real_info": sys.modules["spacy.cli.info"].info is spacy.cli.info,
        "torch": torch.__name__,
    }))
    """
)


def _probe() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_spacy_imports_without_torch_or_its_command_line_and_both_still_work() -> None:
    result = _probe()
    assert result["loaded"] == dict.fromkeys(
        ("torch", "spacy.cli", "typer", "weasel", "requests"), False
    )
    assert result["stand_in_left"] is False  # the stand-in is gone once spaCy has imported
    assert result["info"] == ["location", "pipelines", "platform"]  # spacy.info() answered
    assert result["real_info"] is True  # spaCy's own command line, as it always was
    assert result["torch"] == "torch"
