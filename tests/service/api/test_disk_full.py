"""A user's store on a full disk: the API says so (507, what to do), keeps nothing half-written,
and goes on answering reads."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from giveback.engine.accounts.registry import get_user
from tests.support.api import ApiEnv, ApiUser
from tests.support.disk import full_disk

BIG_ITEM = {
    "external_id": "art-big",
    "type": "article",
    "title": "A long guide",
    "text": "Shoes, first races and training for trail running. " * 380,
}


def _store_file(env: ApiEnv, user: ApiUser) -> Path:
    with env.accounts() as session:
        return Path(make_url(get_user(session, user.name).store_url).database or "")


def test_a_write_on_a_full_disk_is_507_with_what_to_do(api_env: ApiEnv, ann: ApiUser) -> None:
    with api_env.store(ann):
        pass  # the store exists, at the newest schema
    store = _store_file(api_env, ann)
    before = api_env.counts(ann)
    with TestClient(api_env.app(load_models=False)) as client, full_disk(store):
        answer = client.post("/catalog", json=BIG_ITEM, headers=ann.headers)
        assert answer.status_code == 507, answer.text
        detail = answer.json()["detail"]
        assert detail.startswith("the disk is full"), detail
        assert "Free some space" in detail and "try again" in detail
        assert "disk I/O error" not in detail
        # Reads still work on the full disk.
        listed = client.get("/catalog", headers=ann.headers)
        assert listed.status_code == 200 and listed.json()["total"] == 0
    assert api_env.counts(ann) == before
