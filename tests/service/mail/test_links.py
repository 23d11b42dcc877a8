"""The digest's signed links and the pages behind them (FastAPI router, real stores)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from giveback.core.settings import get_settings
from giveback.core.tables import Feedback, LedgerEntry, utcnow
from giveback.engine.accounts.registry import UserStores, get_user, local_time
from giveback.engine.contacts.store import get_contact
from giveback.engine.digest.content import build_digest
from giveback.service.mail.links import (
    BadLink,
    DigestLinks,
    ExpiredLink,
    LinkAction,
    sign_action,
    verify_action,
)
from giveback.service.mail.routes import router
from tests.support.digest import AS_OF, EVIL, add_users, configure, registry

SECRET = "test-secret-key-with-enough-length-0123456789"


@pytest.fixture
def site(tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A tiny app with the digest router, one user (u01) and their store."""
    home = tmp_path / "home"
    configure(monkeypatch, home)
    accounts = registry(home)
    add_users(accounts, home, template, 1, timezone="Pacific/Auckland")
    app = FastAPI()
    app.state.accounts = accounts
    app.state.stores = UserStores()
    app.include_router(router)
    with accounts() as session:
        user = get_user(session, "u01")
    links = DigestLinks("https://giveback.test", SECRET, user.id, "2026-W14")
    with TestClient(app) as client:
        yield client, app.state.stores.sessions(user), user, links
    app.state.stores.dispose()
    get_settings.cache_clear()


def path_of(url: str) -> str:
    return url.removeprefix("https://giveback.test")


def given(store: Any, contact: str) -> list[LedgerEntry]:
    with store() as session:
        cid = get_contact(session, contact).id
        return list(
            session.scalars(
                select(LedgerEntry).where(
                    LedgerEntry.contact_id == cid, LedgerEntry.direction == "given"
                )
            )
        )


def test_done_link_confirms_then_records_once(site: Any) -> None:
    client, store, user, links = site
    with store() as session:
        tom = get_contact(session, "Tom Becker").id
    url = path_of(links.act(tom, "art-pandas-book", "done"))
    page = client.get(url)
    assert page.status_code == 200 and "Mark this give done?" in page.text
    assert '<form method="post">' in page.text and "Python for data analysis" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert given(store, "Tom Becker") == []  # a GET (a mail scanner) changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "Marked done" in done.text
    (entry,) = given(store, "Tom Becker")
    assert (
        entry.origin == "suggestion" and entry.description == "Python for data analysis with pandas"
    )
    # Dated in the user's own time zone (Auckland is half a day ahead of UTC).
    assert entry.entry_date == local_time(user, utcnow()).date()
    again = client.post(url)
    assert again.status_code == 200 and "Already done" in again.text
    assert "Already done" in client.get(url).text and len(given(store, "Tom Becker")) == 1


def test_dismiss_link_takes_the_give_out_of_the_next_digest(site: Any, embedder: Any) -> None:
    client, store, _, links = site
    with store() as session:
        ann = get_contact(session, "Ann Lee").id
    url = path_of(links.act(ann, "art-pandas-book", "dismiss"))
    assert "Not for them?" in client.get(url).text
    assert "Dismissed" in client.post(url).text and "Already" in client.post(url).text
    with store() as session:
        rows = session.scalars(select(Feedback).where(Feedback.contact_id == ann)).all()
        assert [r.action for r in rows] == ["dismiss"]
        gives = build_digest(session, embedder, AS_OF).gives
        assert ("Ann Lee", "art-pandas-book") not in {(g.contact, g.item_id) for g in gives}


def test_bad_expired_and_stale_links(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    client, store, user, links = site
    with store() as session:
        tom = get_contact(session, "Tom Becker").id
    url = path_of(links.act(tom, "art-pandas-book", "done"))
    tampered = url[:-3] + ("aaa" if not url.endswith("aaa") else "bbb")
    for bad in (
        tampered,
        "/digest/act/not-a-token",
        path_of(links.unsubscribe()).replace("/unsubscribe/", "/act/"),
        "/digest/act/"
        + sign_action(
            "another-secret-key-0123456789-abcdefghij",
            LinkAction(user.id, tom, "art-pandas-book", "done", "2026-W14"),
        ),
    ):
        for response in (client.get(bad), client.post(bad)):
            assert response.status_code == 400 and "This link does not work" in response.text
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 15 * 86400
    )
    old = path_of(links.act(tom, "art-pandas-book", "done"))
    monkeypatch.undo()
    expired = client.post(old)
    assert expired.status_code == 410 and "expired" in expired.text
    assert given(store, "Tom Becker") == []
    gone = path_of(links.act(987654321, "art-pandas-book", "done"))
    assert client.get(gone).status_code == 404
    with pytest.raises(ExpiredLink):
        verify_action(SECRET, old.rsplit("/", 1)[1])
    with pytest.raises(BadLink):
        verify_action(SECRET, tampered.rsplit("/", 1)[1])


def test_pages_escape_what_the_user_wrote(site: Any) -> None:
    client, store, _, links = site
    with store() as session:
        rob = get_contact(session, EVIL).id
    page = client.get(path_of(links.act(rob, "art-pandas-cheatsheet", "done"))).text
    assert "<script" not in page and "<i>" not in page
    assert "Rob &lt;script&gt;" in page and "&amp; &lt;i&gt;analysts&lt;/i&gt;" in page


def test_unsubscribe_link(site: Any) -> None:
    client, _, _, links = site
    url = path_of(links.unsubscribe())
    page = client.get(url)
    assert page.status_code == 200 and "Stop the weekly digest?" in page.text
    with client.app.state.accounts() as session:
        assert not get_user(session, "u01").digest_opt_out
    # RFC 8058 one-click: the mail program posts this body.
    done = client.post(
        url,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200 and "no more digests" in done.text
    with client.app.state.accounts() as session:
        assert get_user(session, "u01").digest_opt_out
    assert client.post(url).status_code == 200  # twice: the same
