"""The digest as received by a real SMTP server on loopback, parsed back and checked.

Headers, both parts of the multipart/alternative, the signed links, and that nothing the
user wrote reaches the HTML unescaped. Real store, ranking and embedder; aiosmtpd server.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from giveback.core.accounts_tables import DigestSend
from giveback.core.settings import Settings
from giveback.engine.accounts.registry import add_user, get_user
from giveback.service.mail.links import verify_action, verify_unsubscribe
from giveback.service.mail.send import send_digests
from tests.support.digest import EVIL, NOW, add_users, configure, registry
from tests.support.smtp import Inbox, smtp_server

SECRET = "test-secret-key-with-enough-length-0123456789"


class Page(HTMLParser):
    """Every tag and link of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.links.extend(v or "" for k, v in attrs if k == "href")


def test_the_received_message(
    home: Path, template: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    add_users(accounts, home, template, 1, timezone="Europe/Berlin")
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        report = send_digests(accounts, now=NOW, encoder=embedder, settings=settings)
    assert report.ok and [o.status for o in report.outcomes] == ["sent"]
    (received,) = inbox.messages
    assert received.rcpt_tos == ["u01@example.org"]
    assert received.mail_from == "digest@giveback.test"
    msg = received.parsed()
    with accounts() as session:
        user_id = get_user(session, "u01").id
    # Headers.
    assert msg["From"] == "Giveback <digest@giveback.test>" and msg["To"] == "u01@example.org"
    assert msg["Subject"] == "Ways to give this week: 3 gives, 1 thank-you, 3 promises, 1 check-in"
    assert parsedate_to_datetime(msg["Date"]) == NOW
    assert msg["Message-ID"] == f"<giveback-digest.2026-W14.u{user_id}@giveback.test>"
    assert msg["Auto-Submitted"] == "auto-generated" and msg["X-Giveback-Week"] == "2026-W14"
    unsubscribe = msg["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://giveback.test/digest/unsubscribe/")
    assert verify_unsubscribe(SECRET, unsubscribe.strip("<>").rsplit("/", 1)[1]) == user_id
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Both parts.
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    plain_part, html_part = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain_part is not None and html_part is not None
    text, html = plain_part.get_content(), html_part.get_content()
    for part in (text, html):
        assert "Ann Lee" in part and "Python for data analysis with pandas" in part
        assert "read my essay" in part and "Ode Ali" in part and "lend him my road bike" in part
        assert "Day 3 of your 30-day challenge" in part
    assert max(len(line) for line in text.splitlines() if "http" not in line) <= 76
    # Links: every action link verifies, names this user and a give that is in the message.
    page = Page()
    page.feed(html)
    acts = [link for link in page.links if "/digest/act/" in link]
    assert len(acts) == 6  # done + dismiss for three gives
    verified = [verify_action(SECRET, link.rsplit("/", 1)[1]) for link in acts]
    assert {(a.user_id, a.week) for a in verified} == {(user_id, "2026-W14")}
    assert {a.action for a in verified} == {"done", "dismiss"}
    assert {a.item_id for a in verified} == {"art-pandas-book", "off-deck-checklist"}
    assert all(link in text for link in acts)  # the plain part carries the same links
    assert "https://example.org/pandas-book" in page.links
    # Nothing the user wrote is markup: no script tag, entities escaped, no javascript: URL.
    assert page.tags <= {
        "html",
        "head",
        "meta",
        "title",
        "body",
        "div",
        "table",
        "tr",
        "td",
        "p",
        "h1",
        "h2",
        "strong",
        "span",
        "a",
        "br",
    }
    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    assert "Rob &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Sons" in html
    assert "&lt;b&gt;snacks&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    # The plain text says it as the user wrote it.
    assert EVIL in text and "<b>snacks</b> & <script>alert(1)</script>" in text


def test_a_quiet_week_says_so_in_one_line(
    home: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = Inbox()
    accounts = registry(home)
    with accounts() as session:
        add_user(session, "quiet", "quiet@example.org")
    with smtp_server(inbox) as server:
        settings = configure(monkeypatch, home, server.port)
        assert send_digests(accounts, now=NOW, encoder=embedder, settings=settings).ok
    msg = inbox.messages[0].parsed()
    assert msg["Subject"] == "A quiet week: nothing to give yet"
    plain_part = msg.get_body(("plain",))
    assert plain_part is not None
    text = plain_part.get_content()
    assert "A quiet week: no give fits well enough" in text
    assert "THE BEST GIVES" not in text and "/digest/act/" not in text
    assert len(text.splitlines()) < 15


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a cert")
def test_starttls_and_login(
    home: Path, template: Path, embedder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = _self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    logins: list[tuple[str, bool]] = []

    def authenticator(
        server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"digest",
            b"s3cret",
        )
        logins.append((mechanism, bool(session.ssl)))
        return AuthResult(success=ok, handled=False)

    inbox = Inbox()
    accounts = registry(home)
    add_users(accounts, home, template, 2)
    with smtp_server(
        inbox,
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    ) as server:

        def settings(password: str) -> Settings:
            return configure(
                monkeypatch,
                home,
                server.port,
                GIVEBACK_SMTP_STARTTLS="true",
                GIVEBACK_SMTP_USER="digest",
                GIVEBACK_SMTP_PASSWORD=password,
                GIVEBACK_SMTP_CA_FILE=str(cert),
            )

        # A wrong password: the run stops at the first user and leaves the second for later.
        bad = send_digests(
            accounts, now=NOW, encoder=embedder, settings=settings("nope"), sleep=lambda _: None
        )
        assert bad.stopped and "login refused" in bad.stopped and not inbox.messages
        assert [o.status for o in bad.outcomes] == ["failed", "skipped"]
        assert bad.outcomes[1].detail.startswith("left for the next run")
        # The server's fault, not the user's: nothing is held against their week.
        with accounts() as session:
            assert session.query(DigestSend).count() == 0
        good = send_digests(accounts, now=NOW, encoder=embedder, settings=settings("s3cret"))
    assert [(o.user, o.status) for o in good.outcomes] == [("u01", "sent"), ("u02", "sent")]
    assert inbox.recipients() == ["u01@example.org", "u02@example.org"]
    assert logins and all(on_tls for _, on_tls in logins)
