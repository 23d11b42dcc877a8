"""The digest email's HTML, as received over SMTP, rendered in a real headless Chromium.

Screenshots are saved as ``tests/artifacts/digest.png`` (desktop), ``digest-mobile.png``
(a 375 px phone) and ``digest-confirm.png`` (the page a "Mark done" link opens).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from giveback.core.settings import get_settings
from giveback.service.mail.send import send_digests
from tests.support.browser import ARTIFACTS, needs_chromium
from tests.support.digest import EVIL, NOW, add_users, configure, registry
from tests.support.smtp import Inbox, smtp_server

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def received_html(
    tmp_path_factory: pytest.TempPathFactory, template: Path, embedder: Any
) -> Iterator[str]:
    """The HTML part of a digest as the SMTP server received it."""
    home = tmp_path_factory.mktemp("home")
    accounts = registry(home)
    add_users(accounts, home, template, 1)
    inbox = Inbox()
    with pytest.MonkeyPatch.context() as patch, smtp_server(inbox) as server:
        settings = configure(patch, home, server.port)
        assert send_digests(accounts, now=NOW, encoder=embedder, settings=settings).ok
        get_settings.cache_clear()
    html_part = inbox.messages[0].parsed().get_body(("html",))
    assert html_part is not None
    yield html_part.get_content()


def open_page(browser: Any, html: str, width: int) -> tuple[Any, list[str], list[str]]:
    """A page showing ``html``, offline; returns it, requests it tried, dialogs it opened."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=True
    )
    requests: list[str] = []
    dialogs: list[str] = []

    def refuse(route: Any) -> None:
        requests.append(route.request.url)
        route.abort()

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    context.route("**/*", refuse)
    page = context.new_page()
    page.on("dialog", dismiss)
    page.set_content(html, wait_until="load")
    return page, requests, dialogs


def test_the_digest_renders_in_chromium(browser: Any, received_html: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page, requests, dialogs = open_page(browser, received_html, 800)
    text = page.inner_text("body")
    for heading in (
        "Ways to give this week",
        "The best gives this week",
        "Thank-yous owed",
        "You said you would",
        "Going cold",
    ):
        assert heading in text
    assert EVIL in text  # shown as the user wrote it, as text ...
    assert page.locator("script").count() == 0 and dialogs == []  # ... never run
    assert requests == []  # nothing loaded from anywhere: no fonts, images or CDN
    card = page.locator("table table").first.bounding_box()
    assert card is not None and card["width"] <= 600
    buttons = page.get_by_role("link", name="Mark done")
    assert buttons.count() == 3 and buttons.first.is_visible()
    assert page.get_by_role("link", name="Stop these emails").count() == 1
    page.screenshot(path=str(ARTIFACTS / "digest.png"), full_page=True)
    page.context.close()


def test_the_digest_fits_a_phone(browser: Any, received_html: str) -> None:
    page, _, _ = open_page(browser, received_html, 375)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(ARTIFACTS / "digest-mobile.png"), full_page=True)
    page.context.close()


def test_the_confirmation_page(
    browser: Any,
    tmp_path: Path,
    template: Path,
    received_html: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import re

    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from giveback.engine.accounts.registry import UserStores
    from giveback.service.mail.routes import router

    home = tmp_path / "home"
    configure(monkeypatch, home)
    accounts = registry(home)
    add_users(accounts, home, template, 1)
    app = FastAPI()
    app.state.accounts, app.state.stores = accounts, UserStores()
    app.include_router(router)
    link = re.search(r'href="https://giveback.test(/digest/act/[^"]+)"', received_html)
    assert link is not None
    with TestClient(app) as client:
        confirm = client.get(link.group(1))
    app.state.stores.dispose()
    get_settings.cache_clear()
    # A registry like the sender's (u01 is user 1 in both): the emailed link works here.
    assert confirm.status_code == 200, confirm.text
    page, requests, _ = open_page(browser, confirm.text, 800)
    assert page.get_by_role("button", name="Mark done").is_visible() and requests == []
    page.screenshot(path=str(ARTIFACTS / "digest-confirm.png"), full_page=True)
    page.context.close()
