"""The web pages through the real app (TestClient): login, pages, escaping, CSRF, isolation.

The browser itself is exercised in ``test_web_browser.py``; here every rule of the pages is
checked on the HTML the server sends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from giveback.engine.accounts.registry import get_user, revoke_token
from giveback.service.web.auth import csrf_for, safe_next
from giveback.service.web.highlight import segments
from giveback.service.web.render import STATIC_DIR, TEMPLATE_DIR
from tests.support.web import LAWYER, MARIA_NOTE, Service, hidden, log_in


@pytest.fixture
def client(svc: Service) -> Iterator[TestClient]:
    """A browser-like client logged in as ann (redirects are not followed)."""
    with TestClient(svc.app, follow_redirects=False) as c:
        assert c.post("/catalog", headers=svc.bearer("ann"), json=LAWYER).status_code == 201
        log_in(c, svc.tokens["ann"])
        yield c


def paste(client: TestClient, contact: str, text: str, day: str = "2026-01-10") -> str:
    """Paste a note through the form; the path of the note page it leads to."""
    form = client.get("/web/")
    answer = client.post(
        "/web/notes",
        data={
            "csrf": hidden(form.text, "csrf"),
            "contact_name": contact,
            "note_date": day,
            "text": text,
        },
    )
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def note_count(client: TestClient, svc: Service, user: str = "ann") -> int:
    """How many notes ``user``'s store holds (asked through the API)."""
    return client.get("/notes", headers=svc.bearer(user)).json()["total"]


# -- highlighting (pure) --------------------------------------------------------------------------
@dataclass(frozen=True)
class Sig:
    """A span as the highlighter sees it."""

    start: int
    end: int
    evidence: str
    kind: str = "need"


def test_highlight_cuts_overlapping_and_nested_spans() -> None:
    text = "She needs a lawyer and an accountant soon."
    outer = Sig(4, 36, "needs a lawyer and an accountant")
    inner = Sig(12, 18, "lawyer", "interest")
    crossing = Sig(30, 41, "countant so", "event")
    cut = segments(text, [outer, inner, crossing])
    assert "".join(s.text for s in cut.segments) == text
    assert [(s.text, [x.kind for x in s.signals]) for s in cut.segments] == [
        ("She ", []),
        ("needs a ", ["need"]),
        ("lawyer", ["interest", "need"]),
        (" and an ac", ["need"]),
        ("countant", ["event", "need"]),
        (" so", ["event"]),
        ("on.", []),
    ]
    assert cut.segments[2].signal == inner and cut.unplaced == ()


def test_highlight_relocates_stale_offsets_and_never_guesses() -> None:
    text = "Update: she found a  Lawyer.\nStill loves sailing."
    moved = Sig(0, 9, "found a lawyer")  # offsets off, spacing and case differ
    gone = Sig(5, 12, "golf club")
    out_of_range = Sig(400, 420, "")
    cut = segments(text, [moved, gone, out_of_range])
    marked = [s.text for s in cut.segments if s.signals]
    assert marked == ["found a  Lawyer"]
    assert cut.unplaced == (gone, out_of_range)
    assert "".join(s.text for s in cut.segments) == text
    assert segments("", [Sig(0, 3, "abc")]).segments == ()


# -- login, redirects, cookies --------------------------------------------------------------------
def test_pages_need_a_login_and_come_back_after_it(svc: Service) -> None:
    with TestClient(svc.app, follow_redirects=False) as c:
        assert c.get("/").headers["location"] == "/web/"
        assert c.get("/web").headers["location"].endswith("/web/")
        for path in ("/web/", "/web/contacts?q=ma", "/web/next", "/web/notes/5"):
            answer = c.get(path)
            assert answer.status_code == 303
            assert answer.headers["location"].startswith("/web/login?next=%2Fweb%2F")
        assert c.post("/web/notes", data={"text": "x"}).status_code == 303
        page = c.get("/web/login", params={"next": "/web/contacts?q=ma"})
        bad = c.post(
            "/web/login",
            data={
                "token": "gb_nope",
                "next": "/web/contacts?q=ma",
                "login_csrf": hidden(page.text, "login_csrf"),
            },
        )
        assert bad.status_code == 401 and "not valid" in bad.text
        assert "giveback_session" not in c.cookies
        forged = c.post("/web/login", data={"token": svc.tokens["ann"], "login_csrf": "x"})
        assert forged.status_code == 403 and "giveback_session" not in c.cookies
        page = c.get("/web/login", params={"next": "/web/contacts?q=ma"})
        ok = c.post(
            "/web/login",
            data={
                "token": f"  {svc.tokens['ann']}\n",
                "next": "/web/contacts?q=ma",
                "login_csrf": hidden(page.text, "login_csrf"),
            },
        )
        assert ok.status_code == 303 and ok.headers["location"] == "/web/contacts?q=ma"
        cookie = next(
            h for h in ok.headers.get_list("set-cookie") if h.startswith("giveback_session=")
        )
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/web" in cookie
        assert c.get("/web/contacts").status_code == 200


def test_next_only_leads_to_pages_of_this_site() -> None:
    for evil in (
        "https://evil.example/web/",
        "//evil.example/web/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/web/\nSet-Cookie:x",
        "/docs",
        "",
        None,
        "/web/logout",
        "web/next",
    ):
        assert safe_next(evil) == "/web/", evil
    assert safe_next("/web/contacts?q=ma&offset=50") == "/web/contacts?q=ma&offset=50"


def test_a_revoked_token_logs_the_browser_out(svc: Service, client: TestClient) -> None:
    assert client.get("/web/next").status_code == 200
    with svc.accounts() as session:
        revoke_token(session, get_user(session, "ann"), svc.token_ids["ann"])
    answer = client.get("/web/next")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/web/login")
    assert 'giveback_session=""' in answer.headers["set-cookie"]


def test_logout_needs_the_form_value_and_clears_the_cookie(client: TestClient) -> None:
    assert client.post("/web/logout", data={"csrf": "forged"}).status_code == 403
    assert client.get("/web/").status_code == 200
    answer = client.post("/web/logout", data={"csrf": hidden(client.get("/web/").text, "csrf")})
    assert answer.status_code == 303 and answer.headers["location"] == "/web/login"
    assert client.get("/web/").status_code == 303
    assert "You are logged out." in client.get("/web/login").text


# -- pasting and reading a note -------------------------------------------------------------------
def test_paste_shows_highlights_and_gives(client: TestClient) -> None:
    form = client.get("/web/")
    assert 'type="date" id="note_date" name="note_date"' in form.text
    assert form.headers["content-security-policy"].startswith("default-src 'none'")
    assert form.headers["cache-control"] == "no-store"
    where = paste(client, "Maria Lopez", MARIA_NOTE)
    page = client.get(where)
    assert page.status_code == 200
    assert "Maria Lopez is a new contact." in page.text
    marks = re.findall(
        r'<mark class="signal signal-(\w+) status-(\w+)[^"]*" '
        r'title="([^"]*)"[^>]*tabindex="0">([^<]*)</mark>',
        page.text,
    )
    assert ("need", "active", "need · active") in [m[:3] for m in marks]
    assert any("SaaS contracts lawyer" in m[3] for m in marks)
    assert "Priya Raman" in page.text and "Draft message" in page.text
    for action in ("done", "dismiss", "snooze"):
        assert f'name="action" value="{action}"' in page.text
    assert "Maria Lopez is a new contact." not in client.get(where).text  # flash shown once
    assert '<option value="Maria Lopez">' in client.get("/web/").text  # in the picker now
    assert paste(client, "maria lopez", MARIA_NOTE) == where
    assert "already stored; nothing new was stored" in client.get(where).text


def test_markup_in_notes_and_names_shows_as_text(client: TestClient) -> None:
    evil = "<script>alert(1)</script> She needs a <img src=x onerror=alert(2)> lawyer."
    page = client.get(paste(client, '<b onmouseover="alert(3)">Eve</b>', evil))
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;b onmouseover=&#34;alert(3)&#34;&gt;Eve&lt;/b&gt;" in page.text
    for path in ("/web/", "/web/contacts", "/web/next"):
        assert "<b onmouseover" not in client.get(path).text


@pytest.mark.parametrize(
    ("contact", "text", "day", "error"),
    [
        ("Maria Lopez", "   \n  ", "2026-01-10", "Note is empty"),
        ("", "She needs a lawyer.", "2026-01-10", "Contact name is empty"),
        ("Maria Lopez", "She needs a lawyer.", "10/01/2026!", "is not a date"),
        ("Maria Lopez", "x" * 100_001, "2026-01-10", "at most 100,000"),
        ("Maria Lopez", "She needs a lawyer.", "9999-12-31", "is not between 1900-01-01"),
        ("Maria\x00Lopez", "She needs a lawyer.", "2026-01-10", "contains a NUL character"),
    ],
)
def test_a_bad_paste_comes_back_with_its_text_and_stores_nothing(
    svc: Service, client: TestClient, contact: str, text: str, day: str, error: str
) -> None:
    form = client.get("/web/")
    answer = client.post(
        "/web/notes",
        data={
            "csrf": hidden(form.text, "csrf"),
            "contact_name": contact,
            "note_date": day,
            "text": text,
        },
    )
    assert answer.status_code == 422
    assert error in answer.text
    assert f">{text}</textarea>" in answer.text and f'value="{contact}"' in answer.text
    assert note_count(client, svc) == 0


def test_forms_without_the_csrf_value_change_nothing(svc: Service, client: TestClient) -> None:
    refused = client.post(
        "/web/notes",
        data={"csrf": csrf_for("gb_someone_else"), "contact_name": "Maria", "text": "Kept text."},
    )
    assert refused.status_code == 403 and ">Kept text.</textarea>" in refused.text
    assert note_count(client, svc) == 0
    page = client.get(paste(client, "Maria Lopez", MARIA_NOTE))
    fields = {k: hidden(page.text, k) for k in ("contact_id", "item_id")}
    for csrf in ("", "0" * 64):
        answer = client.post("/web/feedback", data={**fields, "action": "done", "csrf": csrf})
        assert answer.status_code == 403
    assert client.get("/ledger", headers=svc.bearer("ann")).json()["total"] == 0


# -- acting on gives ------------------------------------------------------------------------------
def test_done_goes_into_the_ledger_and_the_give_goes_away(svc: Service, client: TestClient) -> None:
    where = paste(client, "Maria Lopez", MARIA_NOTE)
    page = client.get(where)
    form = {k: hidden(page.text, k) for k in ("csrf", "contact_id", "item_id", "next")}
    assert form["next"] == where
    answer = client.post("/web/feedback", data={**form, "action": "done"})
    assert answer.status_code == 303 and answer.headers["location"] == where
    after = client.get(where).text
    assert "Done: Priya Raman for Maria Lopez. It is in Maria Lopez&#39;s ledger." in after
    assert 'name="item_id"' not in after  # the give is not suggested again
    contact = client.get(f"/web/contacts/{form['contact_id']}").text
    ledger = contact.split('id="ledger-title"')[1]
    assert "given" in ledger and "introduction" in ledger and "Priya Raman" in ledger
    again = client.post("/web/feedback", data={**form, "action": "done"})
    assert "was already marked done" in client.get(again.headers["location"]).text


def test_snooze_and_dismiss(svc: Service, client: TestClient) -> None:
    where = paste(client, "Maria Lopez", MARIA_NOTE)
    form = {k: hidden(client.get(where).text, k) for k in ("csrf", "contact_id", "item_id", "next")}
    assert '<option value="wrong_person">wrong person</option>' in client.get(where).text
    past = client.post("/web/feedback", data={**form, "action": "snooze", "until": "2020-01-01"})
    assert "Nothing changed" in client.get(past.headers["location"]).text
    empty = client.post("/web/feedback", data={**form, "action": "snooze", "until": ""})
    assert "pick a date" in client.get(empty.headers["location"]).text
    far = client.post("/web/feedback", data={**form, "action": "snooze", "until": "9999-01-01"})
    assert "is not between" in client.get(far.headers["location"]).text
    ok = client.post("/web/feedback", data={**form, "action": "snooze", "until": "2099-05-01"})
    assert "until 2099-05-01" in client.get(ok.headers["location"]).text
    gone = client.post("/web/feedback", data={**form, "action": "dismiss", "reason": "already_has"})
    assert "will not be suggested to them again" in client.get(gone.headers["location"]).text
    bad = client.post("/web/feedback", data={**form, "action": "dismiss", "reason": "meh"})
    assert "Nothing changed" in client.get(bad.headers["location"]).text
    odd = client.post("/web/feedback", data={**form, "action": "explode"})
    assert odd.status_code == 422 and "unknown action" in odd.text
    away = client.post(
        "/web/feedback", data={**form, "action": "dismiss", "next": "https://evil.example/"}
    )
    assert away.headers["location"] == "/web/"


# -- isolation and missing pages ------------------------------------------------------------------
def test_another_users_ids_are_plain_404s(svc: Service, client: TestClient) -> None:
    where = paste(client, "Maria Lopez", MARIA_NOTE)
    page = client.get(where).text
    ids = {k: hidden(page, k) for k in ("contact_id", "item_id")}
    note_id = where.rsplit("/", 1)[1]
    with TestClient(svc.app, follow_redirects=False) as bob:
        log_in(bob, svc.tokens["bob"])
        csrf = hidden(bob.get("/web/").text, "csrf")
        missing = bob.get("/web/contacts/7").text
        for path in (
            f"/web/notes/{note_id}",
            f"/web/contacts/{ids['contact_id']}",
            f"/web/?contact_id={ids['contact_id']}",
        ):
            answer = bob.get(path)
            assert answer.status_code == 404, path
            assert answer.text == missing  # the same page as for an id that never existed
            assert "Maria" not in answer.text
        taken = bob.post(
            "/web/feedback", data={**ids, "csrf": csrf, "action": "done", "next": "/web/"}
        )
        assert taken.status_code == 404
        assert bob.get("/web/contacts").text.count("Maria") == 0
    assert client.get("/ledger", headers=svc.bearer("ann")).json()["total"] == 0
    for path in (
        "/web/notes/abc",
        "/web/contacts/0",
        "/web/contacts/99999999999999999999999",
        "/web/contacts?offset=-1",
        "/web/nothing-here",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "text/html" in answer.headers["content-type"]


def test_contact_pages_list_and_page_through(svc: Service, client: TestClient) -> None:
    for i in range(53):
        made = client.post("/contacts", headers=svc.bearer("ann"), json={"name": f"P{i:02d}"})
        assert made.status_code == 201
    first = client.get("/web/contacts").text
    # 53 made here, and Priya Raman: a person in the catalog is a contact too.
    assert "54 contacts" in first and "1–50 of 54" in first and "/web/contacts?offset=50" in first
    second = client.get("/web/contacts?offset=50").text
    assert "P52" in second and "Priya Raman" in second and "P00" not in second
    assert 'href="/web/contacts"' in second and 'rel="prev"' in second
    found = client.get("/web/contacts", params={"q": "p1"}).text
    assert "10 contacts" in found and "P19" in found and "P20" not in found
    where = paste(client, "P07", "She loves sailing and is looking for a SaaS contracts lawyer.")
    link = re.search(r'href="/web/contacts/(\d+)"', client.get(where).text)
    assert link is not None
    contact_id = link.group(1)
    page = client.get(f"/web/contacts/{contact_id}").text
    for section in ("Suggested gives", "What was heard", "Ledger", "Notes"):
        assert section in page
    assert "Needs" in page and "Interests" in page and "Priya Raman" in page
    assert f'href="{where}"' in page
    next_page = client.get("/web/next").text
    assert "Priya Raman" in next_page and "P07" in next_page


# -- offline, escaping and API separation ---------------------------------------------------------
def test_pages_fetch_nothing_from_elsewhere_and_never_unescape(client: TestClient) -> None:
    sources = [*TEMPLATE_DIR.glob("*.html"), *STATIC_DIR.glob("*")]
    assert len(sources) >= 8
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://|@import|@font-face|<script", text), path
        assert "|safe" not in text and "autoescape false" not in text, path
    css = client.get("/static/app.css")
    assert css.status_code == 200 and "system-ui" in css.text
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/web") or p == "/"]


def test_a_promise_nothing_in_the_catalog_keeps_is_a_reminder_without_feedback_buttons(
    client: TestClient,
) -> None:
    where = paste(client, "Sam Ode", "Ride with Sam. I'll lend him my road bike for the race.")
    page = client.get(where).text
    card = page[page.index("Keep your promise: lend him my road bike") :]
    card = card[: card.index("</article>")]
    assert "your promise" in card and "Kept it? Add a note that says so" in card
    assert "I haven&#39;t forgotten: I&#39;ll lend you my road bike for the race." in card
    assert 'name="action"' not in card  # no catalog item to mark done or dismiss
