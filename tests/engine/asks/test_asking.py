"""Whom to ask, end to end on a real store with the real embedder: fit first, and the guards
hold whatever the fit (asked lately, a hard time now, the same struggle, no relationship)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from giveback.core.errors import Conflict, InvalidInput
from giveback.engine.asks.guards import Holdback
from giveback.engine.asks.needs import add_need, list_needs, open_needs, sync_heard_needs
from giveback.engine.asks.people import read_people
from giveback.engine.asks.ranking import Asker
from giveback.engine.asks.record import ask_history, record_ask, settle_ask
from giveback.engine.contacts.store import get_contact
from giveback.engine.digest.content import build_digest
from giveback.engine.ledger.thanks import open_thanks
from giveback.engine.listening.notes import add_note
from giveback.pipelines.embedding.encoder import Embedder
from giveback.service.mail.compose import render_digest
from tests.support.asks import AS_OF, NEED
from tests.support.fakes import FakeListener


def test_the_right_people_first_and_the_wrong_ones_never(
    store: Session, embedder: Embedder
) -> None:
    add_need(store, NEED, date(2026, 11, 1))
    asker = Asker(store, embedder)
    asks = asker.ask(AS_OF, limit=5)
    names = [a.contact for a in asks]
    assert names[0] in ("Ana Ruiz", "Gus Moreau"), names  # the two who do exactly this
    assert set(names) >= {"Ana Ruiz", "Gus Moreau"}  # a baby nine months ago is no hard time now
    assert not set(names) & {"Ben Okafor", "Cleo Park", "Eva Lind", "Finn Roe"}
    held = {h.contact: h.why for h in asker.held_back}
    assert held == {
        "Ben Okafor": Holdback.HARD_TIME,
        "Cleo Park": Holdback.SAME_STRUGGLE,
        "Eva Lind": Holdback.ASKED_LATELY,
    }  # and Finn, a stranger, is never even weighed
    # Ten days later than the cool-down, Eva may be asked again.
    later = [a.contact for a in asker.ask(date(2027, 1, 5), limit=5)]
    assert "Eva Lind" in later


def test_someone_who_said_it_is_not_theirs_is_not_asked(
    store: Session, embedder: Embedder, fake: FakeListener
) -> None:
    add_note(
        store,
        "Hal Berg",
        "Board lunch with Hal, who audits the books of charities and small shops. Hal said the "
        "studio should sort out its sales tax, but 'I audit; I've never once filed a sales tax "
        "return for anyone'.",
        date(2026, 10, 2),
        fake,
        "fake-1",
    )
    add_need(store, NEED, date(2026, 11, 1))
    asker = Asker(store, embedder)
    names = [a.contact for a in asker.ask(AS_OF, limit=5)]
    assert "Hal Berg" not in names
    held = {h.contact: h for h in asker.held_back}
    assert held["Hal Berg"].why == Holdback.NOT_THEIRS
    assert "never once filed a sales tax return" in held["Hal Berg"].detail


def test_a_limit_beside_the_users_own_want_is_their_limit(
    store: Session, embedder: Embedder, fake: FakeListener
) -> None:
    # The user's "I'd need a commercial broker" is no want of Hal's, and must not hide what
    # Hal said he does not do.
    add_note(
        store,
        "Hal Berg",
        "Hal asked if clients ever make me carry sales tax registration now that I'm a company. "
        "Said if that ever happens it's not something he can do, he only does audits, and I'd "
        "need a tax preparer.",
        date(2026, 10, 2),
        fake,
        "fake-1",
    )
    hal = next(p for p in read_people(store, AS_OF).values() if p.name == "Hal Berg")
    assert any("he only does audits" in limit for limit in hal.limits)
    assert not any("tax preparer" in want for want in hal.wants)


def test_someone_who_asked_the_user_the_same_question_is_struggling_too(
    store: Session, embedder: Embedder, fake: FakeListener
) -> None:
    """Hal's own question ("asked me whether ... I was going to ask him") is the user's need:
    he is in the same boat, and is not asked."""
    add_note(
        store,
        "Hal Berg",
        "Coffee with Hal, who runs a ceramics shop two doors down and knows every supplier in "
        "town. He asked me whether small studios have to collect sales tax on classes. No idea, "
        "I was going to ask him.",
        date(2026, 11, 10),
        fake,
        "fake-1",
    )
    add_need(store, NEED, date(2026, 11, 1))
    asker = Asker(store, embedder)
    assert "Hal Berg" not in [a.contact for a in asker.ask(AS_OF, limit=5)]
    held = {h.contact: h for h in asker.held_back}
    assert held["Hal Berg"].why == Holdback.SAME_STRUGGLE
    assert "asked me whether small studios have to collect sales tax" in held["Hal Berg"].detail


@pytest.mark.parametrize(
    "note",
    [
        # The user says the trouble is theirs too; the sentences before it say what it is.
        "Coffee with Hal, who runs a ceramics shop two doors down. The state sent him a letter "
        "saying he owes sales tax on two years of classes, plus penalties. Exactly my situation.",
        # He says so himself, in a pasted chat.
        "Hal: the state says my pottery studio owes sales tax on two years of classes\n"
        "Hal: join the club I bet\nMe: ugh, yes",
    ],
)
def test_someone_whose_trouble_is_echoed_as_the_users_is_struggling_too(
    store: Session, embedder: Embedder, fake: FakeListener, note: str
) -> None:
    add_note(store, "Hal Berg", note, date(2026, 11, 10), fake, "fake-1")
    add_need(store, NEED, date(2026, 11, 1))
    asker = Asker(store, embedder)
    assert "Hal Berg" not in [a.contact for a in asker.ask(AS_OF, limit=5)]
    held = {h.contact: h for h in asker.held_back}
    assert held["Hal Berg"].why == Holdback.SAME_STRUGGLE
    assert "sales tax" in held["Hal Berg"].detail


def test_whom_someone_sends_the_user_to_is_evidence_of_what_they_do(
    store: Session, fake: FakeListener
) -> None:
    """Hal sends the user to Eva for the kiln: the trouble and the referral count for Eva;
    the sending is no skill of Hal's, but what he does, said before it, still is."""
    add_note(
        store,
        "Hal Berg",
        "Long chat with Hal at the market. He glazes for three studios in town. My kiln "
        "controller keeps failing at cone 6. Hal said go and see Eva, she rebuilt his last year.",
        date(2026, 11, 2),
        fake,
        "fake-1",
    )
    people = {p.name: p for p in read_people(store, AS_OF).values()}
    eva = [e.text for e in people["Eva Lind"].skills]
    assert any("go and see Eva" in text and "kiln controller" in text for text in eva)
    hal = [e.text for e in people["Hal Berg"].skills]
    assert not any("go and see Eva" in text for text in hal)
    assert any("glazes for three studios" in text for text in hal)


def test_an_ask_quotes_why_and_offers_something_back(store: Session, embedder: Embedder) -> None:
    add_need(store, NEED, date(2026, 11, 1))
    ana = next(a for a in Asker(store, embedder).ask(AS_OF, limit=5) if a.contact == "Ana Ruiz")
    assert "ten years doing the books" in ana.reason and "Sep 10, 2026" in ana.reason
    assert ana.draft.startswith("Hi Ana,")
    assert "an accountant who knows sales tax for my pottery studio" in ana.draft
    assert "No is a perfectly good answer" in ana.draft  # easy to say no
    assert "would it help if I proofread a grant application?" in ana.draft  # offered back
    assert ana.offer_id == "offer-proofread-grant"
    assert set(ana.to_dict()) >= {"need", "contact", "item_id", "score", "reason", "draft"}


def test_no_ask_below_the_bar(store: Session, embedder: Embedder) -> None:
    add_need(store, "a harpsichord tuner who travels to Iceland", date(2026, 11, 1))
    assert Asker(store, embedder).ask(AS_OF) == []


def test_needs_heard_in_notes_and_closed_by_later_ones(
    session: Session, fake: FakeListener, embedder: Embedder
) -> None:
    add_note(session, "Ana Ruiz", "Told Ana [me/need:bookkeeper for the studio].", "2026-03-01",
             fake, "fake-1")  # fmt: skip
    add_note(
        session, "Ana Ruiz", "Ana wants [need:a bookkeeper] too.", "2026-03-02", fake, "fake-1"
    )
    sync_heard_needs(session)
    assert sync_heard_needs(session) == 0  # idempotent
    [heard] = list_needs(session)
    assert (heard.text, heard.source, heard.need_date) == (
        "bookkeeper for the studio",
        "note",
        date(2026, 3, 1),
    )
    # Said to someone else, months later: the need was met.
    add_note(session, "Ben Okafor", "Finally [me/resolved/need:found a bookkeeper for the studio].",
             "2026-06-01", fake, "fake-1")  # fmt: skip
    assert open_needs(session, lambda: embedder, date(2026, 5, 1)) == [heard]  # not yet then
    assert open_needs(session, lambda: embedder, date(2026, 6, 2)) == []
    [done] = list_needs(session, include_done=True)
    assert done.id == heard.id and done.done_on == date(2026, 6, 1)
    assert "found a bookkeeper" in (done.done_evidence or "")


def test_a_granted_ask_is_a_favor_received(store: Session) -> None:
    need = add_need(store, NEED, date(2026, 11, 1))
    ana = get_contact(store, "Ana Ruiz")
    made = record_ask(store, ana, date(2026, 11, 21), need.id)
    assert made.what == NEED and made.outcome == "pending"
    granted = settle_ask(store, made.id, "granted", date(2026, 11, 25), "Sent me her accountant")
    assert granted.entry_id is not None
    assert settle_ask(store, made.id, "granted", date(2026, 11, 26)) == granted  # said twice
    [thank] = open_thanks(store, ana.id)
    assert "Sent me her accountant" in thank.what
    assert list_needs(store) == []  # the need it was for is met
    with pytest.raises(Conflict):
        settle_ask(store, made.id, "declined", date(2026, 11, 27))
    with pytest.raises(InvalidInput):
        settle_ask(store, made.id, "maybe", date(2026, 11, 27))
    assert [m.id for m in ask_history(store, ana.id)] == [made.id]


def test_the_weekly_email_holds_one_ask_when_one_fits(store: Session, embedder: Embedder) -> None:
    assert build_digest(store, embedder, AS_OF).ask is None  # no need, no ask
    add_need(store, "a harpsichord tuner who travels to Iceland", date(2026, 11, 1))
    assert build_digest(store, embedder, AS_OF).ask is None  # a need nobody fits: no ask
    clear = "someone who keeps the books and files sales tax returns for a craft studio"
    add_need(store, clear, date(2026, 11, 1))
    digest = build_digest(store, embedder, AS_OF)
    assert digest.ask is not None and digest.ask.contact in ("Ana Ruiz", "Gus Moreau")
    assert digest.ask.need == clear and not digest.quiet
    rendered = render_digest(digest, "Sam")
    assert rendered.text.count("ONE ASK THIS WEEK") == 1 and "One ask this week" in rendered.html
    assert f"Ask {digest.ask.contact} about {clear}" in " ".join(rendered.text.split())
    assert "1 ask" in rendered.subject
