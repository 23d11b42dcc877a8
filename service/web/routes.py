"""The pages of the web app: paste a note, read it back highlighted, act on the gives.

Every page needs a logged-in browser (:mod:`giveback.service.web.auth`); every form that changes
something is a POST with a CSRF value, answered by a redirect to a page (post/redirect/get).
The pages use the same engine functions and API helpers as the JSON API, so both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.domain import MAX_ID
from giveback.core.errors import InvalidInput, NotFound
from giveback.core.settings import get_settings
from giveback.core.tables import CatalogItem, Contact, Note
from giveback.engine.accounts.registry import user_today
from giveback.engine.contacts.store import list_contacts
from giveback.engine.ledger.favors import entries
from giveback.engine.ledger.thanks import open_thanks
from giveback.engine.listening.notes import add_note, parse_note_date
from giveback.engine.listening.signals import (
    StoredSignal,
    reopen_signal,
    signals_for,
    signals_of_note,
)
from giveback.service.api.convert import suggestions_public
from giveback.service.api.deps import Models
from giveback.service.api.routes.contacts import get_contact_or_404
from giveback.service.api.routes.feedback import apply_feedback
from giveback.service.api.routes.suggestions import suggester
from giveback.service.api.schemas.ledger import FeedbackCreate
from giveback.service.api.schemas.notes import SuggestionPublic
from giveback.service.web.auth import CheckedUser, WebSession, WebUser, csrf_valid, safe_next
from giveback.service.web.highlight import segments
from giveback.service.web.render import KIND_LABELS, WEB, WebRoute, form_id, redirect, render

router = APIRouter(route_class=WebRoute, include_in_schema=False)

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
SUGGESTIONS_PER_NOTE = 3
SUGGESTIONS_PER_CONTACT = 5
CONTACTS_PER_PAGE = 50
GIVES_PER_PAGE = 20
NOTES_PER_PAGE = 10
LEDGER_ROWS = 50
ACTIONS = ("done", "dismiss", "snooze")


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page of a list starts and ends, with links to the pages around it."""

    total: int
    offset: int
    limit: int
    prev_url: str | None
    next_url: str | None

    @property
    def first(self) -> int:
        """The position of the page's first item, counting from 1 (0 for an empty list)."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        """The position of the page's last item."""
        return min(self.offset + self.limit, self.total)


def pager(request: Request, total: int, offset: int, limit: int, param: str = "offset") -> Pager:
    """Paging links that keep the page's other query parameters."""

    def url(at: int) -> str:
        query = {k: v for k, v in request.query_params.items() if k != param}
        if at:
            query[param] = str(at)
        return request.url.path + (f"?{urlencode(query)}" if query else "")

    prev_url = url(max(0, offset - limit)) if offset > 0 else None
    next_url = url(offset + limit) if offset + limit < total else None
    return Pager(total, offset, limit, prev_url, next_url)


def here(request: Request) -> str:
    """This page's path and query: where a form on it comes back to."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def _gives(
    session: Session, models: Models, contact_id: int, as_of: date, limit: int
) -> list[SuggestionPublic]:
    found = suggester(session, models).suggest(as_of, [contact_id], limit)
    session.commit()  # keep the query vectors embedded on the way
    return suggestions_public(session, found)


def _day(value: str) -> date:
    """A date typed into a form, within the range the API and the CLI accept too."""
    return parse_note_date(value or None)


@router.get("/")
def root() -> RedirectResponse:
    """The web page lives under ``/web/``; the API's docs are at ``/docs``."""
    return RedirectResponse(f"{WEB}/", status_code=307)


def _paste_page(
    request: Request,
    session: Session,
    *,
    contact_name: str = "",
    note_date: str = "",
    text: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    names = session.scalars(select(Contact.name).order_by(Contact.name_key)).all()
    return render(
        request,
        "paste.html",
        {
            "nav": "paste",
            "names": names,
            "contact_name": contact_name,
            "note_date": note_date or request.state.today.isoformat(),
            "text": text,
            "error": error,
            "max_chars": get_settings().max_note_chars,
        },
        status_code,
    )


@router.get(f"{WEB}/")
def paste_form(
    request: Request,
    user: WebUser,
    session: WebSession,
    contact_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """The paste form; ``contact_id`` fills in that contact's name."""
    name = get_contact_or_404(session, contact_id).name if contact_id is not None else ""
    return _paste_page(request, session, contact_name=name)


@router.post(f"{WEB}/notes")
def paste(
    request: Request,
    user: WebUser,
    session: WebSession,
    models: Models,
    contact_name: Annotated[str, Form()] = "",
    note_date: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Store a pasted note, listen to it, and show it; a bad one comes back with its text."""
    kept = {"contact_name": contact_name, "note_date": note_date, "text": text}
    if not csrf_valid(request, csrf):
        # Nothing stored; the text is handed back with a fresh form rather than lost.
        return _paste_page(
            request,
            session,
            **kept,
            status_code=403,
            error="Your login changed since this page was loaded. "
            "Check the note and submit it again.",
        )
    try:
        day = _day(note_date)
        # The API's per-user lock: a double-clicked submit stores the note once.
        with request.app.state.user_locks.of(user, session):
            outcome = add_note(session, contact_name, text, day, models.listener, source="web")
    except InvalidInput as exc:
        return _paste_page(request, session, **kept, error=str(exc), status_code=422)
    stored = outcome.stored
    messages: list[tuple[str, str]] = []
    if stored.duplicate:
        messages.append(("warn", "This note was already stored; nothing new was stored."))
    elif stored.contact_created:
        messages.append(("ok", f"Stored. {stored.contact_name} is a new contact."))
    else:
        messages.append(("ok", f"Stored the note about {stored.contact_name}."))
    messages += [("warn", w) for w in outcome.warnings]
    if outcome.error:
        messages.append(("warn", f"Listening failed and will be retried: {outcome.error}"))
    return redirect(f"{WEB}/notes/{stored.note_id}", messages)


@router.get(f"{WEB}/notes/{{note_id}}")
def note_page(
    request: Request, note_id: Id, user: WebUser, session: WebSession, models: Models
) -> Response:
    """A note with each signal highlighted, and the gives it suggests."""
    note = session.get(Note, note_id)
    if note is None:
        raise NotFound(f"no note {note_id}")
    contact = get_contact_or_404(session, note.contact_id)
    heard = signals_of_note(session, note_id)
    gives = _gives(
        session, models, contact.id, max(user_today(user), note.note_date), SUGGESTIONS_PER_NOTE
    )
    return render(
        request,
        "note.html",
        {
            "note": note,
            "contact": contact,
            "signals": heard,
            "cut": segments(note.text, heard),
            "gives": gives,
            "back": here(request),
        },
    )


@router.get(f"{WEB}/contacts")
def contacts_page(
    request: Request,
    user: WebUser,
    session: WebSession,
    q: Annotated[str, Query(max_length=200)] = "",
    offset: Offset = 0,
) -> Response:
    """Every contact by name; ``q`` filters by part of a name or alias."""
    rows = list_contacts(session)
    needle = q.strip().casefold()
    if needle:
        rows = [
            r
            for r in rows
            if needle in r.name.casefold() or any(needle in a.casefold() for a in r.aliases)
        ]
    return render(
        request,
        "contacts.html",
        {
            "nav": "contacts",
            "q": q,
            "contacts": rows[offset : offset + CONTACTS_PER_PAGE],
            "pager": pager(request, len(rows), offset, CONTACTS_PER_PAGE),
        },
    )


@router.get(f"{WEB}/contacts/{{contact_id}}")
def contact_page(
    request: Request,
    contact_id: Id,
    user: WebUser,
    session: WebSession,
    models: Models,
    offset: Offset = 0,
) -> Response:
    """Everything about one contact: gives, thank-yous, signals, ledger and notes."""
    contact = get_contact_or_404(session, contact_id)
    heard: dict[str, list[StoredSignal]] = {kind: [] for kind in KIND_LABELS}
    for signal in reversed(signals_for(session, contact)):
        heard.setdefault(signal.kind, []).append(signal)
    where = Note.contact_id == contact.id
    total_notes = session.scalar(select(func.count(Note.id)).where(where)) or 0
    notes = session.scalars(
        select(Note)
        .where(where)
        .order_by(Note.note_date.desc(), Note.id.desc())
        .limit(NOTES_PER_PAGE)
        .offset(offset)
    ).all()
    ledger = entries(session, date.max, contact.id)
    return render(
        request,
        "contact.html",
        {
            "nav": "contacts",
            "contact": contact,
            "heard": {k: v for k, v in heard.items() if v},
            "notes": notes,
            "notes_pager": pager(request, total_notes, offset, NOTES_PER_PAGE),
            "ledger": ledger[:LEDGER_ROWS],
            "ledger_total": len(ledger),
            "thanks": open_thanks(session, contact.id),
            "gives": _gives(session, models, contact.id, user_today(user), SUGGESTIONS_PER_CONTACT),
            "back": here(request),
        },
    )


@router.get(f"{WEB}/next")
def next_page(
    request: Request, user: WebUser, session: WebSession, models: Models, offset: Offset = 0
) -> Response:
    """The best give for each relationship, the most worthwhile relationships first."""
    found = suggester(session, models).next_gives(user_today(user))
    session.commit()  # keep the query vectors embedded on the way
    gives = suggestions_public(session, found)
    return render(
        request,
        "next.html",
        {
            "nav": "next",
            "gives": gives[offset : offset + GIVES_PER_PAGE],
            "pager": pager(request, len(gives), offset, GIVES_PER_PAGE),
            "back": here(request),
        },
    )


@router.post(f"{WEB}/feedback")
def feedback(
    request: Request,
    user: CheckedUser,
    session: WebSession,
    contact_id: Annotated[str, Form()] = "",
    item_id: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "",
    until: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> Response:
    """Done, dismiss (with why) or snooze a suggested give, then back to the page it was on."""
    back = safe_next(next_path)
    if action not in ACTIONS:
        raise InvalidInput(f"unknown action {action[:20]!r}: use done, dismiss or snooze")
    body_ids = (form_id(contact_id, "contact"), form_id(item_id, "catalog item"))
    try:
        day = None
        if action == "snooze":
            if not until.strip():
                raise InvalidInput("pick a date to snooze until")
            day = _day(until)
        try:
            body = FeedbackCreate.model_validate(
                {
                    "contact_id": body_ids[0],
                    "item_id": body_ids[1],
                    "action": action,
                    "until": day,
                    "reason": (reason or None) if action == "dismiss" else None,
                }
            )
        except ValidationError as exc:
            raise InvalidInput("; ".join(e["msg"] for e in exc.errors())) from None
        result = apply_feedback(session, body, user_today(user))
    except InvalidInput as exc:
        return redirect(back, [("error", f"Nothing changed: {exc}")])
    item = session.get(CatalogItem, result.item_id)
    contact = session.get(Contact, result.contact_id)
    title, name = (item.title if item else "?"), (contact.name if contact else "?")
    if action == "done":
        text = (
            f"Done: {title} for {name}. It is in {name}'s ledger."
            if result.changed
            else f"{title} for {name} was already marked done."
        )
    elif action == "dismiss":
        text = f"Dismissed {title} for {name}: it will not be suggested to them again."
    else:
        assert result.until is not None
        text = f"Snoozed {title} for {name} until {result.until.isoformat()}."
    return redirect(back, [("ok", text)])


@router.post(f"{WEB}/signals/{{signal_id}}/reopen")
def reopen(
    signal_id: int,
    user: CheckedUser,
    session: WebSession,
    next_path: Annotated[str, Form(alias="next")] = "",
) -> Response:
    """Take back a wrong closure, then back to the page it was on."""
    back = safe_next(next_path)
    try:
        reopened = reopen_signal(session, signal_id)
    except InvalidInput as exc:
        return redirect(back, [("error", f"Nothing changed: {exc}")])
    session.commit()
    return redirect(back, [("ok", f"Reopened: {reopened.phrase} is {reopened.status} again.")])


@router.get(f"{WEB}/{{rest:path}}")
def no_such_page(rest: str, user: WebUser) -> Response:
    """Any other address under ``/web/``: a 404 page, never a hint of what exists."""
    raise NotFound(f"no page {rest[:100]!r}")
