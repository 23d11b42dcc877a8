"""``GET /digest/preview``: the signed-in user's digest, never anyone else's, nothing sent."""

from __future__ import annotations

from sqlalchemy import func, select

from models.accounts import DigestSend
from tests.api_support import SeededApi


def test_preview_shows_the_users_own_gives_with_signed_links(seeded_api: SeededApi) -> None:
    client, ann = seeded_api.client, seeded_api.ann
    answer = client.get("/digest/preview", headers=ann.headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"subject", "digest", "html", "text"}
    gives = body["digest"]["gives"]
    assert gives and len({g["contact"] for g in gives}) == len(gives)  # one per person
    assert any(g["contact"] == "Maria Lopez" for g in gives)
    assert "/digest/act/" in body["html"] and "Maria Lopez" in body["text"]
    # The HTML and text parts alone, as a mail client would show them.
    html = client.get("/digest/preview", params={"format": "html"}, headers=ann.headers)
    assert html.headers["content-type"].startswith("text/html") and "<html" in html.text.lower()
    text = client.get("/digest/preview", params={"format": "text"}, headers=ann.headers)
    assert text.headers["content-type"].startswith("text/plain") and "Maria" in text.text


def test_preview_needs_a_token_and_sends_nothing(seeded_api: SeededApi) -> None:
    client = seeded_api.client
    assert client.get("/digest/preview").status_code == 401
    with seeded_api.env.accounts() as session:
        assert session.scalar(select(func.count()).select_from(DigestSend)) == 0
