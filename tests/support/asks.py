"""A small network for the asking tests: who knows sales tax, who is struggling, who was asked.

``seed_asks`` fills a store with it; the ``store`` fixture of ``tests/engine/asks/conftest.py``
is that store.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from giveback.core.domain import CatalogRecord, ItemType
from giveback.engine.asks.record import record_ask
from giveback.engine.catalog.store import ImportSummary, upsert_records
from giveback.engine.contacts.store import get_contact, upsert_contact
from giveback.engine.listening.notes import add_note
from tests.support.fakes import FakeListener

AS_OF = date(2026, 11, 20)
NEED = "accountant who knows sales tax for my pottery studio"
NOTES = [
    ("Ana Ruiz", "2026-09-10", "Coffee with Ana. She spent ten years doing the books and sales "
     "tax filings for three restaurants before going freelance. Her community garden grant is "
     "due soon. [need:proofreading for her grant application]"),
    ("Ben Okafor", "2026-10-20", "Ben call. He did the bookkeeping and sales tax for a bakery "
     "chain for years. Sadly his father passed away last week; he flew to Lagos."),
    ("Cleo Park", "2026-10-01", "Cleo runs a candle shop. She's looking for an accountant who "
     "knows sales tax for her shop, hers just retired."),
    ("Eva Lind", "2026-07-15", "Eva is a CPA who handles sales tax for online shops and Etsy "
     "sellers."),
    ("Gus Moreau", "2026-02-01", "Gus keeps the books and files sales tax returns for a dozen "
     "craft studios. Their baby was born last month, a girl."),
]  # fmt: skip


def seed_asks(session: Session, fake: FakeListener) -> Session:
    """The network above in ``session``'s store (notes heard by the scripted listener)."""
    for name, day, text in NOTES:
        add_note(session, name, text, day, fake, "fake-1")
    upsert_contact(session, "Finn Roe", email="finn@example.com")  # an address-book name only
    upsert_records(
        session,
        [
            CatalogRecord(
                "con-finn-roe",
                ItemType.CONTACT,
                "Finn Roe - sales tax accountant",
                "Sales tax and bookkeeping for potters and makers.",
                email="finn@example.com",
            ),
            CatalogRecord(
                "offer-proofread-grant",
                ItemType.OFFER,
                "Proofread a grant application",
                "I read grant applications for clarity and typos.",
            ),
        ],
        ImportSummary("t", "t"),
        source="t",
    )
    record_ask(session, get_contact(session, "Eva Lind"), date(2026, 11, 10), what="a quote")
    session.commit()
    return session
