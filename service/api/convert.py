"""Engine values to API schemas (one function per shape)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.tables import CatalogItem, Contact, Note
from giveback.engine.contacts.summary import ContactSummary
from giveback.engine.listening.signals import StoredSignal
from giveback.engine.suggest.suggester import Suggestion
from giveback.service.api.schemas.contacts import ContactPublic
from giveback.service.api.schemas.notes import (
    ClosedByPublic,
    NotePublic,
    SignalPublic,
    SuggestionPublic,
)


def contact_public(summary: ContactSummary) -> ContactPublic:
    """A contact with its counts."""
    return ContactPublic(
        id=summary.id,
        name=summary.name,
        aliases=list(summary.aliases),
        email=summary.email,
        tags=list(summary.tags),
        tier=summary.tier,
        notes=summary.notes,
        signals=summary.signals,
        last_note=summary.last_note,
    )


def signal_public(signal: StoredSignal) -> SignalPublic:
    """A signal with its effective status."""
    return SignalPublic(
        id=signal.id,
        note_id=signal.note_id,
        contact_id=signal.contact_id,
        note_date=signal.note_date,
        kind=signal.kind,
        phrase=signal.phrase,
        evidence=signal.evidence,
        start=signal.start,
        end=signal.end,
        about=signal.about,
        who=signal.who,
        status=signal.status,
        heard_status=signal.heard_status,
        event_date=signal.event_date,
        closed_by=ClosedByPublic(**signal.closed_by.to_dict()) if signal.closed_by else None,
        restates_closure=signal.restates_closure,
    )


def note_public(note: Note, contact_name: str) -> NotePublic:
    """A stored note."""
    return NotePublic(
        id=note.id,
        contact_id=note.contact_id,
        contact_name=contact_name,
        note_date=note.note_date,
        text=note.text,
        source=note.source,
        processed=note.processed_at is not None,
        error=note.error,
    )


def suggestions_public(
    session: Session, suggestions: Sequence[Suggestion]
) -> list[SuggestionPublic]:
    """Suggestions with the catalog row id of each item (the id feedback takes); a promise's
    reminder has none. A give whose item left the catalog meanwhile is dropped."""
    keys = {s.item_id for s in suggestions}
    ids = (
        dict(
            session.execute(
                select(CatalogItem.external_id, CatalogItem.id).where(
                    CatalogItem.external_id.in_(keys)
                )
            ).all()
        )
        if keys
        else {}
    )
    return [
        SuggestionPublic(
            contact_id=s.contact_id,
            contact=s.contact,
            item_id=ids.get(s.item_id),
            item_key=s.item_id,
            type=s.type,
            title=s.title,
            url=s.url,
            score=round(s.score, 4),
            reason=s.reason,
            evidence=s.evidence,
            note_date=s.note_date,
            signal_kind=s.signal_kind,
            draft=s.draft,
        )
        for s in suggestions
        if s.item_id in ids or s.type == "promise"
    ]


def contact_name(session: Session, contact_id: int) -> str:
    """The name of a contact known to exist."""
    return session.scalar(select(Contact.name).where(Contact.id == contact_id)) or ""
