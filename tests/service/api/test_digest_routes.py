"""``GET /digest/preview`` (the signed-in user's digest, nothing sent) and the user's own dates."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from giveback.core.accounts_tables import DigestSend
from giveback.engine.accounts.registry import get_user, set_digest_preferences
from giveback.service.api.headers import SECURITY_HEADERS
from tests.support.api import CATALOG, ApiEnv, ApiUser, SeededApi


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


def test_the_html_preview_sends_the_security_headers_of_the_web_pages(
    seeded_api: SeededApi,
) -> None:
    client, ann = seeded_api.client, seeded_api.ann
    html = client.get("/digest/preview", params={"format": "html"}, headers=ann.headers)
    assert html.status_code == 200, html.text
    for header in ("X-Content-Type-Options", "X-Frame-Options", "Cache-Control"):
        assert html.headers[header] == SECURITY_HEADERS[header], header
    assert html.headers["Referrer-Policy"] == "no-referrer"  # its links carry signed tokens
    policy = dict(
        part.strip().split(" ", 1) for part in html.headers["Content-Security-Policy"].split(";")
    )
    # No script, image, frame or form: only the email's inline styles may apply.
    assert policy["default-src"] == "'none'" and "script-src" not in policy
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'none'"
    assert policy["style-src"] == "'unsafe-inline'"
    assert "style=" in html.text  # the email's styles are inline, and the policy lets them be
    text = client.get("/digest/preview", params={"format": "text"}, headers=ann.headers)
    assert text.headers["X-Content-Type-Options"] == "nosniff"
    assert text.headers["Cache-Control"] == "no-store"


def test_preview_needs_a_token_and_sends_nothing(seeded_api: SeededApi) -> None:
    client = seeded_api.client
    assert client.get("/digest/preview").status_code == 401
    with seeded_api.env.accounts() as session:
        assert session.scalar(select(func.count()).select_from(DigestSend)) == 0


def test_dates_are_the_users_own_not_the_servers(api_env: ApiEnv, ann: ApiUser) -> None:
    """A user fourteen hours ahead of UTC gets their give dated on their own calendar."""
    zone = "Pacific/Kiritimati"
    with api_env.accounts() as session:
        set_digest_preferences(session, get_user(session, ann.name), timezone=zone)
    with TestClient(api_env.app()) as client:
        item = client.post("/catalog", headers=ann.headers, json=CATALOG[1]).json()["id"]
        note = client.post(
            "/notes",
            headers=ann.headers,
            json={"contact_name": "Maria Lopez", "text": "Maria needs a SaaS contracts lawyer."},
        )
        assert note.status_code == 201, note.text
        before = datetime.now(ZoneInfo(zone)).date()
        done = client.post(
            "/feedback",
            headers=ann.headers,
            json={
                "contact_id": note.json()["note"]["contact_id"],
                "item_id": item,
                "action": "done",
            },
        )
        after = datetime.now(ZoneInfo(zone)).date()
        assert done.status_code == 200, done.text
        assert note.json()["note"]["note_date"] in (before.isoformat(), after.isoformat())
        entry = client.get("/ledger", headers=ann.headers).json()["items"][0]
        assert entry["entry_date"] in (before.isoformat(), after.isoformat())
