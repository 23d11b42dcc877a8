"""``/notes``: paste a note in, get back what was heard and the gives it suggests."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy import func, select

from giveback.core.errors import NotFound
from giveback.core.tables import Contact, Note
from giveback.engine.accounts.registry import user_today
from giveback.engine.listening.notes import add_note
from giveback.engine.listening.signals import signals_of_note
from giveback.service.api.convert import (
    contact_name,
    note_public,
    signal_public,
    suggestions_public,
)
from giveback.service.api.deps import (
    ContactFilter,
    CurrentUser,
    Models,
    NoteId,
    NoteLock,
    PageParams,
    StoreSession,
)
from giveback.service.api.routes.suggestions import suggester
from giveback.service.api.routing import StoreRoute
from giveback.service.api.schemas.common import Page
from giveback.service.api.schemas.notes import NoteCreate, NoteCreated, NoteDetail, NotePublic

router = APIRouter(prefix="/notes", tags=["notes"], route_class=StoreRoute)
SUGGESTIONS_PER_NOTE = 3


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Paste a note",
    responses={
        200: {
            "model": NoteCreated,
            "description": "The same note was already stored: nothing new was stored",
        }
    },
)
def notes_create(
    body: NoteCreate,
    session: StoreSession,
    models: Models,
    lock: NoteLock,
    user: CurrentUser,
    response: Response,
) -> NoteCreated:
    """Store a pasted note (committed before anything else), listen to it, suggest gives.

    The same note pasted twice (same contact, date and text) is stored once: the second
    answer is 200 with ``duplicate: true``. If listening fails, the note is kept and is
    processed again by ``giveback reprocess``.
    """
    if body.contact_id is not None:
        contact = session.get(Contact, body.contact_id)
        if contact is None:
            raise NotFound(f"no contact {body.contact_id}")
        name = contact.name
    else:
        assert body.contact_name is not None
        name = body.contact_name
    with lock:  # one note of this user at a time: store, listen, rank, keep the vectors
        outcome = add_note(
            session,
            name,
            body.text,
            body.note_date or user_today(user),
            lambda: models.listener,  # loaded once the note is stored: a broken model loses nothing
            source="api",
        )
        note = session.get(Note, outcome.stored.note_id)
        assert note is not None
        as_of = max(user_today(user), outcome.stored.note_date)
        found = suggester(session, models).suggest(
            as_of, [outcome.stored.contact_id], SUGGESTIONS_PER_NOTE
        )
        session.commit()  # keep the query vectors embedded on the way
    if outcome.stored.duplicate:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/notes/{note.id}"
    warnings = list(outcome.warnings)
    if outcome.error:
        warnings.append(f"listening failed and will be retried: {outcome.error}")
    return NoteCreated(
        note=note_public(note, outcome.stored.contact_name),
        duplicate=outcome.stored.duplicate,
        contact_created=outcome.stored.contact_created,
        signals=[signal_public(s) for s in outcome.signals],
        suggestions=suggestions_public(session, found),
        warnings=warnings,
    )


@router.get("", summary="List notes")
def notes_list(
    session: StoreSession,
    paging: PageParams,
    contact_id: ContactFilter = None,
) -> Page[NotePublic]:
    """Notes, newest first."""
    where = [Note.contact_id == contact_id] if contact_id is not None else []
    total = session.scalar(select(func.count(Note.id)).where(*where)) or 0
    rows = session.execute(
        select(Note, Contact.name)
        .join(Contact, Contact.id == Note.contact_id)
        .where(*where)
        .order_by(Note.note_date.desc(), Note.id.desc())
        .limit(paging.limit)
        .offset(paging.offset)
    )
    return Page(
        items=[note_public(n, name) for n, name in rows],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{note_id}", summary="One note with its signals")
def notes_get(note_id: NoteId, session: StoreSession) -> NoteDetail:
    """A note and everything heard in it, in text order."""
    note = session.get(Note, note_id)
    if note is None:
        raise NotFound(f"no note {note_id}")
    public = note_public(note, contact_name(session, note.contact_id))
    return NoteDetail(
        **public.model_dump(), signals=[signal_public(s) for s in signals_of_note(session, note_id)]
    )
