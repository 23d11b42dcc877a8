"""The API docs work offline: ``/docs`` and ``/redoc`` load only what this service serves.

Nothing leaves the machine, so the docs pages must not load Swagger UI or ReDoc from a CDN:
every URL they reference is local and served here, and their Content-Security-Policy names no
other origin. In a real headless Chromium with every request to another host refused, both
viewers still render the Giveback API.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support.api import ApiEnv, api_environment, serve_in_thread
from tests.support.browser import ARTIFACTS, needs_chromium

PAGES = ("/docs", "/redoc", "/docs/oauth2-redirect")
ASSET_TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiEnv]:
    """A registry of its own; the docs need no user and no model."""
    with api_environment(tmp_path_factory.mktemp("docs") / "home", None, None) as api_env:
        yield api_env


@pytest.fixture(scope="module")
def client(env: ApiEnv) -> Iterator[TestClient]:
    with TestClient(env.app(load_models=False)) as test_client:
        yield test_client


def referenced_urls(html: str) -> list[str]:
    """Every URL a page names: attributes, and quoted URLs or paths in its inline script."""
    attributes = re.findall(r'\b(?:src|href|spec-url)\s*=\s*["\']([^"\']*)["\']', html)
    quoted = re.findall(r"['\"]((?:https?:)?//[^'\"]*|/[^'\"\s]*)['\"]", html)
    return list(dict.fromkeys([*attributes, *quoted]))


@pytest.mark.parametrize("path", PAGES)
def test_a_docs_page_names_no_other_host(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert not re.search(r"https?://|//[a-z0-9-]+\.[a-z]", page.text, re.IGNORECASE), page.text
    for url in referenced_urls(page.text):
        assert url.startswith("/") and not url.startswith("//"), url
    policy = page.headers["content-security-policy"]
    assert "http" not in policy and "*" not in policy and "default-src 'self'" in policy


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_every_asset_a_docs_page_loads_is_served_here(client: TestClient, path: str) -> None:
    assets = [u for u in referenced_urls(client.get(path).text) if Path(u).suffix in ASSET_TYPES]
    assert len(assets) >= 2, assets  # the viewer's script, and its style sheet or icon
    for url in [*assets, "/openapi.json"]:
        answer = client.get(url)
        assert answer.status_code == 200, url
        kind = ASSET_TYPES.get(Path(url).suffix, "application/json")
        assert kind in answer.headers["content-type"], (url, answer.headers["content-type"])
        assert len(answer.content) > 1000, url


@needs_chromium
@pytest.mark.parametrize(
    "path,title",
    [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")],
    ids=["swagger-ui", "redoc"],
)
def test_the_docs_render_in_a_browser_that_cannot_reach_other_hosts(
    browser: Any, env: ApiEnv, path: str, title: str
) -> None:
    with serve_in_thread(env.app(load_models=False)) as base:
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        tab = context.new_page()
        elsewhere: list[str] = []

        def only_here(route: Any) -> None:
            if route.request.url.startswith(base + "/"):
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()

        tab.route("**/*", only_here)
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        try:
            tab.goto(base + path)
            tab.wait_for_selector(title, timeout=30_000)
            assert "Giveback" in tab.inner_text(title)
            if path == "/docs":  # the operations are listed, from the local openapi.json
                tab.wait_for_selector(".opblock-summary-path", timeout=30_000)
                assert tab.locator(".opblock").count() > 10
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(ARTIFACTS / f"docs{path.replace('/', '-')}.png"))
        finally:
            context.close()
        assert elsewhere == [], f"the page asked other hosts: {elsewhere}"
        assert errors == [], errors
