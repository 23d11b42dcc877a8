"""The digest as an email: HTML with inline styles, a plain-text twin, and the headers.

Templates live in ``service/templates/email/`` (Jinja2; the HTML one autoescaped, so nothing
a note or a catalog says can turn into markup). The message is ``multipart/alternative``
built with the standard library's :mod:`email`. Its Message-ID is fixed per user and ISO
week, so a digest sent again after a crash is recognisable as the same message.
"""

from __future__ import annotations

import email.policy
import textwrap
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from giveback.core.errors import InvalidInput
from giveback.core.settings import get_settings
from giveback.core.tables import utcnow
from giveback.engine.digest.content import Digest, DigestLimits, build_digest
from giveback.engine.digest.schedule import WEEKDAY_NAMES, local_moment
from giveback.engine.ledger.thanks import when
from giveback.service.mail.links import DigestLinks
from giveback.service.urls import safe_url

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from giveback.core.accounts_tables import User
    from giveback.core.settings import Settings
    from giveback.engine.catalog.embedding_cache import Encoder

TEMPLATES = Path(__file__).resolve().parent / "templates" / "email"
KIND_LABELS = {"article": "read", "contact": "introduce", "offer": "offer", "promise": "promise"}
WIDTH = 76


# Headers are folded at 998 (RFC 5322's hard limit) rather than 78: a long List-Unsubscribe
# URL must stay one token, not turn into encoded words. Bodies stay quoted-printable (76).
WIRE_POLICY = email.policy.SMTP.clone(max_line_length=998)


def _wrap_filter(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


@lru_cache(maxsize=1)
def _env() -> Environment:
    # Autoescaped: the .html template (and any string template); the .txt one is plain text.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=select_autoescape(
            enabled_extensions=("html",), default_for_string=True, default=False
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = _wrap_filter
    return env


@dataclass(frozen=True, slots=True)
class RenderedDigest:
    """A digest's subject line, HTML body and plain-text body."""

    subject: str
    html: str
    text: str


@dataclass(frozen=True)
class DigestPreview:
    """A digest with its rendering: what the API's preview returns."""

    digest: Digest
    subject: str
    html: str
    text: str

    @property
    def rendered(self) -> RenderedDigest:
        """The subject and bodies, as :func:`compose_message` takes them."""
        return RenderedDigest(self.subject, self.html, self.text)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the structured digest and both renderings."""
        return {
            "digest": self.digest.to_dict(),
            "subject": self.subject,
            "html": self.html,
            "text": self.text,
        }


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def subject_line(digest: Digest) -> str:
    """ "Ways to give this week: 3 gives, 1 thank-you" (counts only: no note text in it)."""
    if digest.quiet:
        return "A quiet week: nothing to give yet"
    parts = [
        _plural(n, word)
        for n, word in (
            (len(digest.gives), "give"),
            (len(digest.thanks), "thank-you"),
            (len(digest.promises), "promise"),
            (len(digest.cold), "check-in"),
            (1 if digest.ask else 0, "ask"),
        )
        if n
    ]
    return "Ways to give this week: " + ", ".join(parts)


def _wrap(text: str, label: str = "", indent: str = "   ") -> str:
    return _wrap_filter(f"{label}{text}", indent)


def _cold_line(days_since: int | None, last: date | None, cadence: int) -> str:
    if last is None or days_since is None:
        return f"no conversation logged yet; you wanted to talk every {cadence} days"
    return f"last talked {when(last)} ({days_since} days ago; you wanted every {cadence})"


def _more_line(more: dict[str, int]) -> str:
    words = {
        "gives": "give",
        "thanks": "thank-you",
        "cold": "person going cold",
        "promises": "promise",
    }
    many = {"cold": "people going cold"}
    parts = [_plural(n, words[k], many.get(k)) for k, n in more.items() if n and k in words]
    return f"Also waiting in Giveback: {', '.join(parts)}." if parts else ""


def _streak_line(digest: Digest) -> str:
    s = digest.streak
    if s is None:
        return ""
    day = (
        f"Day {s.challenge_day} of your {s.challenge_days}-day challenge"
        if s.challenge_day
        else "Your challenge is over"
    )
    return f"{day}: {_plural(s.days_done, 'day')} done, a streak of {_plural(s.streak, 'day')}."


def digest_context(
    digest: Digest, user_name: str | None, links: DigestLinks | None, schedule: str | None = None
) -> dict[str, Any]:
    """What both templates are rendered from (plain values; escaping is the template's)."""
    gives = []
    for g in digest.gives:
        gives.append(
            {
                "contact": g.contact,
                "title": g.title,
                "kind": KIND_LABELS.get(g.type, g.type),
                "url": safe_url(g.url),
                "reason": g.reason,
                "nudge": g.nudge,
                "draft": g.draft,
                "reason_wrapped": _wrap(g.reason, "Why: ")
                + (f"\n{_wrap(g.nudge)}" if g.nudge else ""),
                "draft_wrapped": _wrap(g.draft, "Draft: "),
                # A promise's reminder is no catalog item: a later note that says it is kept
                # closes it, so it has no one-click links.
                "done_url": links.act(g.contact_id, g.item_id, "done")
                if links and g.type != "promise"
                else None,
                "dismiss_url": links.act(g.contact_id, g.item_id, "dismiss")
                if links and g.type != "promise"
                else None,
            }
        )
    thanks = [
        {
            "contact": t.contact,
            "what": t.what,
            "draft": t.draft,
            "draft_wrapped": _wrap(t.draft, "Draft: "),
        }
        for t in digest.thanks
    ]
    promises = [
        {"contact": p.contact, "when": when(p.note_date), "sentence": p.sentence}
        for p in digest.promises
    ]
    cold = [
        {"contact": c.contact, "line": _cold_line(c.days_since, c.last_touch, c.cadence_days)}
        for c in digest.cold
    ]
    ask = None
    if digest.ask is not None:
        a = digest.ask
        ask = {
            "contact": a.contact,
            "need": a.need,
            "reason": a.reason,
            "draft": a.draft,
            "reason_wrapped": _wrap(a.reason, "Why: "),
            "draft_wrapped": _wrap(a.draft, "Draft: "),
        }
    hello = f"Hi {user_name}, " if user_name else ""
    subject = subject_line(digest)
    intro = (
        (
            f"{hello}here is what would help the people in your network most this week "
            f"(as of {when(digest.as_of)})."
        )
        if not digest.quiet
        else f"{hello}your week as of {when(digest.as_of)}."
    )
    footer = (
        "Giveback sends this weekly"
        + (f", {schedule}" if schedule else "")
        + ". Everything in it comes from your own notes, on your own machine."
    )
    return {
        "subject": subject,
        "week": digest.week,
        "heading": "Ways to give this week",
        "intro": intro,
        "quiet": digest.quiet,
        "quiet_line": "A quiet week: no give fits well enough, nobody is owed a thank-you, "
        "and no one is going cold. Nothing to do.",
        "preheader": subject,
        "gives": gives,
        "thanks": thanks,
        "promises": promises,
        "cold": cold,
        "ask": ask,
        "streak": _streak_line(digest),
        "more": _more_line(digest.more),
        "footer": footer,
        "unsubscribe_url": links.unsubscribe() if links else None,
    }


def render_digest(
    digest: Digest,
    user_name: str | None = None,
    links: DigestLinks | None = None,
    schedule: str | None = None,
) -> RenderedDigest:
    """The subject, HTML and plain text of a digest (links only when ``links`` is given)."""
    context = digest_context(digest, user_name, links, schedule)
    html = _env().get_template("digest.html").render(context)
    text = _env().get_template("digest.txt").render(context)
    return RenderedDigest(context["subject"], html, text)


def schedule_words(user: User) -> str:
    """ "on Mondays at 08:00 (Europe/Berlin)"."""
    return (
        f"on {WEEKDAY_NAMES[user.digest_weekday]}s at {user.digest_hour:02d}:00 ({user.timezone})"
    )


def message_id(user_id: int, week: str, sender: str) -> str:
    """The Message-ID of a user's digest of a week: the same every time it is built."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "giveback.localhost"
    return f"<giveback-digest.{week}.u{user_id}@{domain}>"


def compose_message(
    rendered: RenderedDigest,
    *,
    to: str,
    sender: str,
    msg_id: str,
    sent: datetime,
    unsubscribe_url: str | None = None,
    week: str | None = None,
) -> EmailMessage:
    """The ``multipart/alternative`` message: the plain text first, the HTML preferred."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = rendered.subject
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = msg_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies to it
    if week:
        msg["X-Giveback-Week"] = week
    if unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    msg.set_content(rendered.text, cte="quoted-printable")
    msg.add_alternative(rendered.html, subtype="html", cte="quoted-printable")
    msg.policy = WIRE_POLICY  # used when the message is flattened (smtplib, .eml files)
    return msg


def user_message(
    digest: Digest,
    user: User,
    settings: Settings,
    sent: datetime,
) -> EmailMessage:
    """A user's digest, rendered with their signed links and addressed to them."""
    if not user.email:
        raise InvalidInput(
            f"user {user.name} has no email: giveback user set {user.name} --email ADDRESS"
        )
    links = DigestLinks(settings.base_url, settings.resolved_secret_key(), user.id, digest.week)
    rendered = render_digest(digest, user.name, links, schedule_words(user))
    return compose_message(
        rendered,
        to=user.email,
        sender=settings.smtp_from,
        msg_id=message_id(user.id, digest.week, settings.smtp_from),
        sent=sent,
        unsubscribe_url=links.unsubscribe(),
        week=digest.week,
    )


def preview_digest(
    session: Session,
    encoder: Encoder,
    user: User | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
    limits: DigestLimits | None = None,
) -> DigestPreview:
    """Build and render the digest of the store ``session`` is on, as the email would show it.

    With ``user``, the date is theirs (their time zone) and the links are real, signed ones;
    without, the date is the machine's and the email has no action links. Embeds what is not
    cached yet: the caller may commit the session to keep those vectors.
    """

    settings = settings or get_settings()
    moment = now or utcnow()
    day = local_moment(user, moment).date() if user is not None else moment.astimezone().date()
    digest = build_digest(
        session, encoder, day, limits or DigestLimits(gives=settings.digest_max_gives)
    )
    links = (
        DigestLinks(settings.base_url, settings.resolved_secret_key(), user.id, digest.week)
        if user is not None
        else None
    )
    rendered = render_digest(
        digest, user.name if user else None, links, schedule_words(user) if user else None
    )
    return DigestPreview(digest, rendered.subject, rendered.html, rendered.text)
