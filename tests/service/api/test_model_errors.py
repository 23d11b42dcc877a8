"""A missing or damaged trained listener: ``POST /notes`` answers 503 with a clear reason, and
the loader it rests on refuses every broken file with a ModelUnavailable that says what to do.

The app is built as ``giveback serve`` builds it, listener included (the real settings, with
``GIVEBACK_LISTENER_MODEL`` pointing at a file this test broke); only the encoder is the
session's. It does not load the models at start-up here, so the broken listener is met by the
first note, as it would be by a service whose model file was damaged after it started.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import joblib
import pytest
from fastapi.testclient import TestClient

from giveback.core.domain import Extraction, NoteInput
from giveback.core.errors import ModelUnavailable
from giveback.core.settings import get_settings
from giveback.pipelines.learned.artifact import (
    FORMAT,
    ListenerBundle,
    default_path,
    load,
    stored_version,
    version_path,
)
from giveback.service.app import create_app
from tests.support.api import ApiEnv, ApiUser

NOTE = {
    "contact_name": "Maria Lopez",
    "note_date": "2026-03-01",
    "text": "Coffee with Maria. She is looking for a SaaS contracts lawyer.",
}
HINT = "run `make train` (or set GIVEBACK_LISTENER=rules to use the rule listener)"


def break_model(path: Path, how: str) -> str:
    """Break the trained listener at ``path``; what the error says about it."""
    if how == "missing":
        return "is missing"
    shutil.copyfile(version_path(default_path()), version_path(path))
    if how == "truncated":
        path.write_bytes(default_path().read_bytes()[:5000])
    else:
        path.write_bytes(b"garbage, not a model \x00\xff" * 32)
    return "is damaged"


@pytest.fixture
def model(api_env: ApiEnv, tmp_path: Path) -> Iterator[Path]:
    """Where the settings look for the trained listener, for this test only."""
    path = tmp_path / "models" / "listener.joblib"
    path.parent.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIVEBACK_LISTENER", "learned")
        patch.setenv("GIVEBACK_LISTENER_MODEL", str(path))
        get_settings.cache_clear()
        yield path
    get_settings.cache_clear()


@pytest.fixture
def served(api_env: ApiEnv, model: Path) -> Iterator[TestClient]:
    """The app with the listener the settings ask for (the broken one), started."""
    app = create_app(
        api_env.accounts_url, load_models=False, encoder_factory=lambda: api_env.embedder
    )
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("how", ["missing", "truncated", "garbage"])
def test_a_note_with_a_broken_model_is_503(
    served: TestClient, api_env: ApiEnv, ann: ApiUser, model: Path, how: str
) -> None:
    says = break_model(model, how)
    answer = served.post("/notes", headers=ann.headers, json=NOTE)
    assert answer.status_code == 503, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and str(model) in detail and says in detail
    assert "make train" in detail and "Traceback" not in answer.text
    # Still broken for the next note (no half-loaded listener), still serving reads.
    assert served.post("/notes", headers=ann.headers, json=NOTE).status_code == 503
    assert served.get("/health").json() == {"status": "ok", "models_loaded": False}
    contacts = served.get("/contacts", headers=ann.headers)
    assert contacts.status_code == 200
    assert api_env.counts(ann)["signals"] == 0


@pytest.mark.parametrize("how", ["missing", "garbage"])
def test_a_note_with_a_broken_model_is_kept(
    served: TestClient, api_env: ApiEnv, ann: ApiUser, model: Path, how: str
) -> None:
    break_model(model, how)
    assert served.post("/notes", headers=ann.headers, json=NOTE).status_code == 503
    notes = served.get("/notes", headers=ann.headers).json()
    assert notes["total"] == 1
    assert notes["items"][0]["text"] == NOTE["text"]
    assert notes["items"][0]["processed"] is False


class Unavailable:
    """A listener whose model is not installed."""

    def listen_many(self, notes: list[NoteInput]) -> list[Extraction]:
        raise ModelUnavailable("spaCy model 'xx_missing' is not installed")


def test_an_injected_listener_without_its_model_is_503(api_env: ApiEnv, ann: ApiUser) -> None:
    app = create_app(
        api_env.accounts_url,
        load_models=False,
        listener_factory=Unavailable,
        encoder_factory=lambda: api_env.embedder,
    )
    with TestClient(app) as client:
        answer = client.post("/notes", headers=ann.headers, json=NOTE)
    assert answer.status_code == 503
    assert answer.json() == {"detail": "spaCy model 'xx_missing' is not installed"}


# -- the loader: giveback.pipelines.learned.artifact.load ----------------------------------------
@pytest.fixture
def copy_at(tmp_path: Path) -> Path:
    """Where a broken copy of the trained listener goes, its version file beside it."""
    target = tmp_path / "copy" / "listener.joblib"
    target.parent.mkdir()
    shutil.copyfile(version_path(default_path()), version_path(target))
    return target


def refused(path: Path) -> str:
    """The message of the ModelUnavailable that loading ``path`` raises."""
    with pytest.raises(ModelUnavailable) as caught:
        load(path)
    return str(caught.value)


def test_the_shipped_model_loads() -> None:
    bundle = load(default_path())
    assert isinstance(bundle, ListenerBundle) and bundle.format == FORMAT
    assert bundle.version == stored_version(default_path())


def test_loading_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "listener.joblib"
    assert refused(missing) == f"the trained listener {missing} is missing; {HINT}"
    assert refused(tmp_path) == f"the trained listener {tmp_path} is missing; {HINT}"  # a folder


@pytest.mark.parametrize("keep", [0.0, 0.0001, 0.003, 0.5, 0.99])
def test_loading_a_truncated_file(copy_at: Path, keep: float) -> None:
    whole = default_path().read_bytes()
    copy_at.write_bytes(whole[: int(len(whole) * keep)])  # an interrupted copy or download
    message = refused(copy_at)
    assert message.startswith(f"the trained listener {copy_at} is damaged (")
    assert message.endswith(f"); {HINT}")


@pytest.mark.parametrize(
    "content",
    [b"garbage", b"\x80\x04\x95garbage that starts like a pickle", bytes(range(256)) * 8],
    ids=["text", "pickle-header", "bytes"],
)
def test_loading_a_file_of_garbage(copy_at: Path, content: bytes) -> None:
    copy_at.write_bytes(content)
    message = refused(copy_at)
    assert message.startswith(f"the trained listener {copy_at} is damaged (")
    assert message.endswith(f"); {HINT}")


def test_loading_a_pickle_of_something_else(copy_at: Path) -> None:
    joblib.dump({"signals": None, "closure": None}, copy_at)
    assert refused(copy_at) == f"{copy_at} is not a trained listener of format {FORMAT}; {HINT}"


def test_loading_a_model_whose_version_file_is_missing_or_stale(tmp_path: Path) -> None:
    copy = tmp_path / "listener.joblib"
    shutil.copyfile(default_path(), copy)
    assert "version file" in refused(copy) and "is missing" in refused(copy)
    version_path(copy).write_text("0123456789ab\n", encoding="utf-8")
    assert refused(copy) == f"{copy} does not match its version file; {HINT}"
