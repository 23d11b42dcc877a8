"""The reciprocity ledger: favors given and received, weighed by kind over a window.

The ledger is there to help the user notice who helped them and whom they have not given to
in a while; it is never a score to settle. A give recorded here (``direction="given"`` with
the catalog item it came from) is never suggested to that contact again, and a favor
received opens a thank-you (:mod:`giveback.engine.ledger.thanks`) until the user records one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import CatalogItem, Contact, LedgerEntry, ThankItem

# The types are what the API's schemas accept; the tuples, what the CLI and the checks list.
FavorDirection = Literal["given", "received"]
FavorKind = Literal[
    "introduction",
    "article",
    "advice",
    "lead",
    "referral_fee",
    "value_exchange",
    "hospitality",
    "offer",
    "other",
]
DIRECTIONS: tuple[str, ...] = get_args(FavorDirection)
KINDS: tuple[str, ...] = get_args(FavorKind)
# What people type for a kind: "lead or referral" is one kind, spelled either way.
KIND_ALIASES = {
    "intro": "introduction",
    "referral": "lead",
    "lead_or_referral": "lead",
    "fee": "referral_fee",
    "exchange": "value_exchange",
    "hosting": "hospitality",
    "help": "other",
    "gift": "other",
}
# How much a favor of each kind weighs in a balance: an introduction or a lead can change
# someone's year; an article is a kind thought. Money (a fee, an exchange) is its own thing
# and weighs little: the ledger is about generosity, not accounts.
KIND_WEIGHTS = {
    "introduction": 3.0,
    "lead": 3.0,
    "advice": 2.0,
    "offer": 2.0,
    "hospitality": 1.5,
    "article": 1.0,
    "referral_fee": 1.0,
    "value_exchange": 1.0,
    "other": 1.0,
}
ORIGINS = ("manual", "suggestion", "introduction", "today")
DEFAULT_WINDOW_DAYS = 365
MAX_VALUE = 1e12


def clean_kind(kind: str) -> str:
    """A favor kind as stored: case, hyphens and spaces forgiven, aliases resolved."""
    key = "_".join(kind.strip().casefold().replace("-", " ").split())
    key = KIND_ALIASES.get(key, key)
    if key not in KINDS:
        raise InvalidInput(f"unknown favor kind {kind!r}; use one of {', '.join(KINDS)}")
    return key


def kind_weight(kind: str) -> float:
    """The weight of one favor of this kind in a balance."""
    return KIND_WEIGHTS.get(kind, 1.0)


def clean_value(value: float | None) -> float | None:
    """An optional value (money or an estimate): a finite number, zero or more."""
    if value is None:
        return None
    if not math.isfinite(value) or value < 0 or value > MAX_VALUE:
        raise InvalidInput(f"value must be a number from 0 to {MAX_VALUE:,.0f}, not {value}")
    return float(value)


def item_id_of(session: Session, external_id: str) -> int:
    """The row id of a catalog item by its id, or :class:`NotFound`."""
    item_id = session.scalar(select(CatalogItem.id).where(CatalogItem.external_id == external_id))
    if item_id is None:
        raise NotFound(f"no catalog item with id {external_id!r}; see `giveback catalog list`")
    return item_id


def record_favor(
    session: Session,
    contact_id: int,
    direction: str,
    kind: str,
    description: str = "",
    entry_date: date | None = None,
    item_external_id: str | None = None,
    value: float | None = None,
    *,
    origin: str = "manual",
    intro_id: int | None = None,
    thanked: bool = False,
) -> LedgerEntry:
    """Add one favor to the ledger; flushes, the caller commits.

    A favor received opens a thank-you, already closed when ``thanked`` (the user thanked
    them at the time).
    """
    if direction not in DIRECTIONS:
        raise InvalidInput(f"direction must be one of {', '.join(DIRECTIONS)}")
    if origin not in ORIGINS:
        raise InvalidInput(f"origin must be one of {', '.join(ORIGINS)}")
    kind = clean_kind(kind)
    item_id = item_id_of(session, item_external_id) if item_external_id else None
    day = entry_date or date.today()
    entry = LedgerEntry(
        contact_id=contact_id,
        direction=direction,
        kind=kind,
        description=description,
        item_id=item_id,
        value=clean_value(value),
        entry_date=day,
        origin=origin,
        intro_id=intro_id,
    )
    session.add(entry)
    session.flush()
    if direction == "received":
        session.add(
            ThankItem(
                contact_id=contact_id,
                entry_id=entry.id,
                opened_on=day,
                thanked_on=day if thanked else None,
            )
        )
        session.flush()
    return entry


def kind_for_item_type(item_type: str) -> str:
    """The ledger kind a give of this catalog type is recorded as."""
    return {"contact": "introduction", "article": "article", "offer": "offer"}.get(
        item_type, "other"
    )


@dataclass(frozen=True, slots=True)
class EntryView:
    """One ledger entry as the user reads it."""

    id: int
    contact: str
    direction: str
    kind: str
    description: str
    item_id: str | None
    value: float | None
    date: dt.date  # the field's name shadows the type inside the class
    origin: str
    thanked_on: dt.date | None = None
    thank_open: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of an entry (``give``, ``received`` and ``ledger`` print it)."""
        out: dict[str, Any] = {
            "id": self.id,
            "contact": self.contact,
            "direction": self.direction,
            "kind": self.kind,
            "description": self.description,
            "item_id": self.item_id,
            "date": self.date.isoformat(),
        }
        if self.value is not None:
            out["value"] = self.value
        if self.origin != "manual":
            out["origin"] = self.origin
        if self.direction == "received":
            out["thanked_on"] = self.thanked_on.isoformat() if self.thanked_on else None
        return out


def entry_view(session: Session, entry: LedgerEntry) -> EntryView:
    """The readable form of a stored entry."""
    name = session.scalar(select(Contact.name).where(Contact.id == entry.contact_id)) or "?"
    item = (
        session.scalar(select(CatalogItem.external_id).where(CatalogItem.id == entry.item_id))
        if entry.item_id
        else None
    )
    thank = session.scalar(select(ThankItem).where(ThankItem.entry_id == entry.id))
    return EntryView(
        entry.id,
        name,
        entry.direction,
        entry.kind,
        entry.description,
        item,
        entry.value,
        entry.entry_date,
        entry.origin,
        thank.thanked_on if thank else None,
        thank is not None and thank.thanked_on is None,
    )


def entries(
    session: Session, as_of: date, contact_id: int | None = None, since: date | None = None
) -> list[EntryView]:
    """Ledger entries up to ``as_of`` (from ``since``), newest first."""
    query = (
        select(
            LedgerEntry, Contact.name, CatalogItem.external_id, ThankItem.thanked_on, ThankItem.id
        )
        .join(Contact, Contact.id == LedgerEntry.contact_id)
        .outerjoin(CatalogItem, CatalogItem.id == LedgerEntry.item_id)
        .outerjoin(ThankItem, ThankItem.entry_id == LedgerEntry.id)
        .where(LedgerEntry.entry_date <= as_of)
        .order_by(LedgerEntry.entry_date.desc(), LedgerEntry.id.desc())
    )
    if contact_id is not None:
        query = query.where(LedgerEntry.contact_id == contact_id)
    if since is not None:
        query = query.where(LedgerEntry.entry_date >= since)
    return [
        EntryView(
            e.id,
            name,
            e.direction,
            e.kind,
            e.description,
            item,
            e.value,
            e.entry_date,
            e.origin,
            thanked_on,
            thank_id is not None and thanked_on is None,
        )
        for e, name, item, thanked_on, thank_id in session.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class Balance:
    """Given and received with one person over a window, each weighed by kind."""

    contact_id: int
    contact: str
    given: float
    received: float
    given_count: int
    received_count: int
    given_value: float
    received_value: float
    last_given: date | None  # ever, up to the as-of date
    last_received: date | None  # ever, up to the as-of date
    last_received_in_window: date | None

    @property
    def helped_lately(self) -> bool:
        """They helped within the window and nothing was given to them since."""
        last = self.last_received_in_window
        return last is not None and (self.last_given is None or self.last_given < last)

    @property
    def leaning(self) -> str:
        """Which way the favors have gone lately, in words that keep no score."""
        if abs(self.given - self.received) < 1.0:
            return "about even"
        return "more from them" if self.received > self.given else "more from you"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""

        def day(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "contact": self.contact,
            "given": round(self.given, 2),
            "received": round(self.received, 2),
            "given_count": self.given_count,
            "received_count": self.received_count,
            "given_value": round(self.given_value, 2),
            "received_value": round(self.received_value, 2),
            "last_given": day(self.last_given),
            "last_received": day(self.last_received),
            "leaning": self.leaning,
            "helped_lately": self.helped_lately,
        }


def balances(
    session: Session,
    as_of: date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    contact_ids: Sequence[int] | None = None,
) -> list[Balance]:
    """A balance for every relationship with a favor in the window, by name.

    Entries dated after ``as_of`` are not known yet. The last give is looked up over all time:
    a give before the window still answers a favor received before it.
    """
    if window_days < 1:
        raise InvalidInput("the window must be at least one day")
    since = as_of - timedelta(days=window_days - 1)
    query = (
        select(
            LedgerEntry.contact_id,
            Contact.name,
            LedgerEntry.direction,
            LedgerEntry.kind,
            LedgerEntry.value,
            LedgerEntry.entry_date,
        )
        .join(Contact, Contact.id == LedgerEntry.contact_id)
        .where(LedgerEntry.entry_date <= as_of)
    )
    if contact_ids is not None:
        query = query.where(LedgerEntry.contact_id.in_(list(contact_ids)))
    sums: dict[int, dict[str, Any]] = defaultdict(
        lambda: {
            "given": 0.0,
            "received": 0.0,
            "given_count": 0,
            "received_count": 0,
            "given_value": 0.0,
            "received_value": 0.0,
            "last_given": None,
            "last_received": None,
            "window": None,
            "in_window": False,
        }
    )
    names: dict[int, str] = {}
    for contact_id, name, direction, kind, value, day in session.execute(query):
        names[contact_id] = name
        s = sums[contact_id]
        last = f"last_{direction}"
        if s[last] is None or day > s[last]:
            s[last] = day
        if day < since:
            continue
        s["in_window"] = True
        s[direction] += kind_weight(kind)
        s[f"{direction}_count"] += 1
        s[f"{direction}_value"] += value or 0.0
        if direction == "received" and (s["window"] is None or day > s["window"]):
            s["window"] = day
    out = [
        Balance(
            cid,
            names[cid],
            s["given"],
            s["received"],
            s["given_count"],
            s["received_count"],
            s["given_value"],
            s["received_value"],
            s["last_given"],
            s["last_received"],
            s["window"],
        )
        for cid, s in sums.items()
        if s["in_window"]
    ]
    return sorted(out, key=lambda b: (b.contact.casefold(), b.contact_id))


def helped_lately(
    session: Session, as_of: date, window_days: int = DEFAULT_WINDOW_DAYS
) -> list[Balance]:
    """People who helped the user in the window and have not been given to since, latest first."""
    found = [b for b in balances(session, as_of, window_days) if b.helped_lately]
    return sorted(
        found, key=lambda b: (b.last_received_in_window or as_of, b.received), reverse=True
    )


def unreturned(
    session: Session,
    as_of: date,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> dict[int, list[tuple[str, date]]]:
    """Per contact, the favors received in the window after the last give to them."""
    last_given: dict[int, date] = {}
    for contact_id, day in session.execute(
        select(LedgerEntry.contact_id, LedgerEntry.entry_date).where(
            LedgerEntry.direction == "given", LedgerEntry.entry_date <= as_of
        )
    ):
        if contact_id not in last_given or day > last_given[contact_id]:
            last_given[contact_id] = day
    since = as_of - timedelta(days=window_days - 1)
    out: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for contact_id, kind, day in session.execute(
        select(LedgerEntry.contact_id, LedgerEntry.kind, LedgerEntry.entry_date)
        .where(
            LedgerEntry.direction == "received",
            LedgerEntry.entry_date <= as_of,
            LedgerEntry.entry_date >= since,
        )
        .order_by(LedgerEntry.entry_date)
    ):
        given = last_given.get(contact_id)
        if given is None or given < day:
            out[contact_id].append((kind, day))
    return dict(out)
