"""Keeping in touch: a cadence per contact, reset by every note, favor or thank-you.

The user sets a tier (close, regular, occasional) and each tier has a default number of days
between touches; ``--every DAYS`` overrides it for one person. Contacts without a tier or a
cadence of their own are never "going cold": with thousands of contacts, only the user can say
whom they want to keep close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput
from giveback.core.tables import Contact, DailyAct, Introduction, LedgerEntry, Note, ThankItem
from giveback.engine.contacts.store import clean_tier

TIER_CADENCE_DAYS = {"close": 14, "regular": 45, "occasional": 120}
TIERS = tuple(TIER_CADENCE_DAYS)
MAX_CADENCE_DAYS = 3650


def cadence_of(tier: str | None, cadence_days: int | None) -> int | None:
    """Days between touches: the contact's own, else the tier's default, else none."""
    if cadence_days:
        return cadence_days
    return TIER_CADENCE_DAYS.get(tier or "")


def set_tier(
    session: Session, contact: Contact, tier: str | None, every_days: int | None = None
) -> Contact:
    """Set (or with ``None``, clear) a contact's tier and optionally their own cadence.

    Changing the tier without ``every_days`` drops an earlier custom cadence, so the tier's
    default applies. Flushes only.
    """
    if every_days is not None and not 1 <= every_days <= MAX_CADENCE_DAYS:
        raise InvalidInput(f"--every must be from 1 to {MAX_CADENCE_DAYS} days")
    label = clean_tier(tier) if tier is not None else None
    if label is not None and label not in TIER_CADENCE_DAYS and every_days is None:
        raise InvalidInput(
            f"unknown tier {tier!r}: use {', '.join(TIERS)}, or give your own with --every DAYS"
        )
    contact.tier = label
    contact.cadence_days = every_days
    session.flush()
    return contact


def last_touches(
    session: Session, as_of: date, contact_ids: Sequence[int] | None = None
) -> dict[int, date]:
    """When the user was last in touch with each contact, up to ``as_of``.

    A touch is a note, a favor either way, a thank-you, a check-in done as a daily act, or
    being introduced to them.
    """

    def limit(query: Any, column: Any) -> Any:
        return query.where(column.in_(list(contact_ids))) if contact_ids is not None else query

    sources = [
        limit(
            select(Note.contact_id, func.max(Note.note_date)).where(Note.note_date <= as_of),
            Note.contact_id,
        ).group_by(Note.contact_id),
        limit(
            select(LedgerEntry.contact_id, func.max(LedgerEntry.entry_date)).where(
                LedgerEntry.entry_date <= as_of
            ),
            LedgerEntry.contact_id,
        ).group_by(LedgerEntry.contact_id),
        limit(
            select(ThankItem.contact_id, func.max(ThankItem.thanked_on)).where(
                ThankItem.thanked_on <= as_of
            ),
            ThankItem.contact_id,
        ).group_by(ThankItem.contact_id),
        limit(
            select(DailyAct.contact_id, func.max(DailyAct.act_date)).where(
                DailyAct.act_date <= as_of,
                DailyAct.done_at.is_not(None),
                DailyAct.contact_id.is_not(None),
            ),
            DailyAct.contact_id,
        ).group_by(DailyAct.contact_id),
        limit(
            select(Introduction.person_b_id, func.max(Introduction.intro_date)).where(
                Introduction.intro_date <= as_of, Introduction.person_a_id.is_(None)
            ),
            Introduction.person_b_id,
        ).group_by(Introduction.person_b_id),
    ]
    last: dict[int, date] = {}
    for query in sources:
        for contact_id, day in session.execute(query):
            if day is not None and (contact_id not in last or day > last[contact_id]):
                last[contact_id] = day
    return last


@dataclass(frozen=True, slots=True)
class KeepInTouch:
    """A contact with a cadence: when they were last in touch and whether it is time again."""

    contact_id: int
    contact: str
    tier: str | None
    cadence_days: int
    last_touch: date | None
    as_of: date

    @property
    def days_since(self) -> int | None:
        """Days since the last touch (``None``: never logged)."""
        return None if self.last_touch is None else (self.as_of - self.last_touch).days

    @property
    def due(self) -> bool:
        """Past the cadence (or never in touch at all)."""
        return self.days_since is None or self.days_since > self.cadence_days

    @property
    def overdue_ratio(self) -> float:
        """How far past the cadence, in cadences (0 when not due; 1 when never in touch)."""
        if self.days_since is None:
            return 1.0
        return max(0.0, (self.days_since - self.cadence_days) / self.cadence_days)

    @property
    def next_touch(self) -> date | None:
        """When a touch is due next (``None``: now)."""
        if self.last_touch is None:
            return None
        return self.last_touch + timedelta(days=self.cadence_days)

    def last_talked(self) -> str:
        """ "You last talked on Mar 1, 2026." in the user's words."""
        if self.last_touch is None:
            return "No conversation logged yet."
        day = self.last_touch
        return f"You last talked on {day:%b} {day.day}, {day.year}."

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "contact": self.contact,
            "tier": self.tier,
            "cadence_days": self.cadence_days,
            "last_touch": self.last_touch.isoformat() if self.last_touch else None,
            "days_since": self.days_since,
            "due": self.due,
            "next_touch": self.next_touch.isoformat() if self.next_touch else None,
        }


def keep_in_touch(
    session: Session, as_of: date, contact_ids: Sequence[int] | None = None
) -> dict[int, KeepInTouch]:
    """Every contact with a cadence (a tier or their own), as of a date."""
    query = select(Contact.id, Contact.name, Contact.tier, Contact.cadence_days).where(
        (Contact.tier.is_not(None)) | (Contact.cadence_days.is_not(None))
    )
    if contact_ids is not None:
        query = query.where(Contact.id.in_(list(contact_ids)))
    rows = [
        (cid, name, tier, every)
        for cid, name, tier, days in session.execute(query)
        if (every := cadence_of(tier, days))
    ]
    touches = last_touches(session, as_of, [r[0] for r in rows]) if rows else {}
    return {
        cid: KeepInTouch(cid, name, tier, days, touches.get(cid), as_of)
        for cid, name, tier, days in rows
    }


def going_cold(session: Session, as_of: date) -> list[KeepInTouch]:
    """Contacts past their cadence, the furthest past first (never-logged ones last)."""
    due = [k for k in keep_in_touch(session, as_of).values() if k.due]
    return sorted(due, key=lambda k: (k.last_touch is None, -k.overdue_ratio, k.contact))
