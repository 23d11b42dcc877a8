"""The web page in a real headless Chromium (Debian's), driven by Playwright.

The service runs in uvicorn on a loopback port in a thread of this process; the browser logs
in with a token, pastes notes, hovers highlights, clicks Done and reads the ledger. Each page
is saved as a screenshot under ``tests/artifacts/web-*.png``.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.browser import ARTIFACTS, needs_chromium
from tests.support.web import LAWYER, MARIA_NOTE, TRAIL_GUIDE, Service, service

pytestmark = needs_chromium


class LiveServer:
    """The app served by uvicorn on a free loopback port, in a background thread."""

    def __init__(self, svc: Service) -> None:
        import uvicorn

        self.svc = svc
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(svc.app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the service did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()

    def api(self, method: str, path: str, user: str = "ann", **kwargs: Any) -> httpx.Response:
        """Call the JSON API as ``user``."""
        return httpx.request(
            method, self.url + path, headers=self.svc.bearer(user), timeout=60, **kwargs
        )


@pytest.fixture
def live(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listener: Any, embedder: Any
) -> Iterator[LiveServer]:
    """A running service; ann's catalog holds a contracts lawyer and a trail-running guide."""
    with service(tmp_path, monkeypatch, listener, embedder) as svc, LiveServer(svc) as server:
        for item in (LAWYER, TRAIL_GUIDE):
            assert server.api("POST", "/catalog", json=item).status_code == 201
        yield server


@pytest.fixture
def page(browser: Any, live: LiveServer) -> Iterator[Any]:
    """A fresh browser tab (own cookies) that fails the test on any page error."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors


def shot(page: Any, name: str) -> None:
    """Save the whole page as ``tests/artifacts/web-<name>.png``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def log_in(page: Any, live: LiveServer, user: str = "ann", name: str | None = None) -> None:
    """Open the paste page, get sent to the login page, log in, land on the paste page."""
    page.goto(f"{live.url}/web/")
    assert "/web/login" in page.url
    page.get_by_label("API token").fill(live.svc.tokens[user])
    if name:
        shot(page, name)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live.url}/web/")


def paste(
    page: Any, contact: str, text: str, day: str = "2026-01-10", name: str | None = None
) -> None:
    """Fill the paste form and submit it; waits for the note page."""
    page.get_by_label("Who was it with?").fill(contact)
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Notes", exact=True).fill(text)
    if name:
        shot(page, name)
    page.get_by_role("button", name="Listen").click()
    page.wait_for_url("**/web/notes/*")


def test_paste_see_highlights_mark_done_see_the_ledger(page: Any, live: LiveServer) -> None:
    from playwright.sync_api import expect

    log_in(page, live, name="login")
    expect(page.get_by_label("Date", exact=True)).to_have_value(time.strftime("%Y-%m-%d"))
    paste(page, "Maria Lopez", MARIA_NOTE, name="paste")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maria Lopez")

    need = page.locator("mark.signal-need[tabindex='0']").first
    expect(need).to_contain_text("SaaS contracts lawyer")
    expect(need).to_have_attribute("title", "need · active")
    need.hover()
    tip = need.evaluate("el => getComputedStyle(el, '::after').content")
    assert tip == '"need · active"'
    expect(page.locator("mark.signal-interest[tabindex='0']").first).to_contain_text(
        "trail running"
    )

    give = page.locator("article.give", has_text="Priya Raman")
    expect(give).to_be_visible()
    expect(give.locator("textarea.draft")).to_have_value(
        re.compile(r"^Hi Maria, .*introduced you to Priya Raman\?", re.DOTALL)
    )
    shot(page, "note")

    give.get_by_role("button", name="Done").click()
    expect(page.get_by_role("status").first).to_contain_text("Done: Priya Raman for Maria Lopez")
    expect(page.locator("article.give", has_text="Priya Raman")).to_have_count(0)

    page.get_by_role("heading", level=1).get_by_role("link", name="Maria Lopez").click()
    ledger = page.locator("table.ledger")
    expect(ledger).to_contain_text("given")
    expect(ledger).to_contain_text("introduction")
    expect(ledger).to_contain_text("Priya Raman")
    expect(page.locator("ul.heard-need")).to_contain_text("saas contracts lawyer")
    shot(page, "contact")

    page.get_by_role("link", name="Next gives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Next gives")
    expect(page.locator("article.give").first).to_contain_text("Trail running for beginners")
    shot(page, "next")
    page.get_by_role("link", name="Contacts", exact=True).click()
    expect(page.locator("table.contacts")).to_contain_text("Maria Lopez")
    shot(page, "contacts")
    assert live.api("GET", "/ledger").json()["total"] == 1


def test_a_script_in_a_note_is_shown_never_run(page: Any, live: LiveServer) -> None:
    from playwright.sync_api import expect

    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    log_in(page, live)
    evil = (
        "Lunch with Sam. <script>alert(1)</script> She needs a <img src=x "
        'onerror="alert(2)"> new accountant.'
    )
    paste(page, '<i onmouseover="alert(3)">Sam</i>', evil)
    expect(page.locator("#note-text")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("#note-text")).to_contain_text('<img src=x onerror="alert(2)">')
    expect(page.get_by_role("heading", level=1)).to_contain_text('<i onmouseover="alert(3)">')
    assert page.locator("#note-text script, #note-text img, h1 i").count() == 0
    page.get_by_role("heading", level=1).hover()
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.wait_for_load_state()
    assert dialogs == []


def test_the_keyboard_reaches_the_form_and_the_done_button(page: Any, live: LiveServer) -> None:
    from playwright.sync_api import expect

    def tab_to(predicate: str, limit: int = 60) -> dict[str, str]:
        for _ in range(limit):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "() => { const e = document.activeElement; return {tag: e.tagName, "
                "id: e.id, text: (e.innerText || '').trim(), "
                "outline: getComputedStyle(e).outlineStyle}; }"
            )
            if page.evaluate(f"e => {predicate}", focused):
                return focused
        raise AssertionError(f"Tab never reached {predicate}")

    log_in(page, live)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    for field in ("contact_name", "note_date", "text"):
        focused = tab_to(f"e.id === '{field}'")
        assert focused["outline"] != "none"
        if field == "contact_name":
            page.keyboard.type("Maria Lopez")
        elif field == "text":
            page.keyboard.type(MARIA_NOTE)
    tab_to("e.tag === 'BUTTON' && e.text === 'Listen'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/web/notes/*")
    highlight = tab_to("e.tag === 'MARK'")
    assert highlight["outline"] != "none"
    tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert tip.startswith('"') and "active" in tip
    done = tab_to("e.tag === 'BUTTON' && e.text === 'Done'")
    assert done["outline"] != "none"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Done: ")
    assert live.api("GET", "/ledger").json()["total"] == 1
