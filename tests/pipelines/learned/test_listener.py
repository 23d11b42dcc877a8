"""The trained listener of models/listener, on what the issue says it must hear, and on any text.

The examples below are in no labeled split: they check the shipped model on wording of its
own, as a user would. A listener must never crash, whatever it is given.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giveback.core.domain import (
    About,
    ClosedHow,
    ContactRef,
    NoteInput,
    OpenSignal,
    Signal,
    SignalKind,
    Status,
)
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.extraction import Listener
from giveback.pipelines.learned.artifact import default_path, stored_version
from giveback.pipelines.learned.listener import LearnedListener

DAY = date(2026, 5, 1)
SHE = ContactRef("Dana Ruiz", ("Dana",))
HE = ContactRef("Sam Ode", ("Sam",))


@pytest.fixture(scope="module")
def learned(listener: Listener, embedder: Embedder) -> LearnedListener:
    """The shipped model, on the session's spaCy pipeline and embedder."""
    return LearnedListener(listener, lambda: embedder.encode_inner, default_path())


def of_kind(learned: LearnedListener, text: str, kind: SignalKind) -> list[Signal]:
    """The signals of one kind heard in a note about Dana."""
    return [s for s in learned.listen(NoteInput(text, DAY, SHE)).signals if s.kind is kind]


def heard(learned: LearnedListener, text: str, contact: ContactRef = SHE) -> set[tuple[str, str]]:
    return {
        (s.kind.value, s.status.value)
        for s in learned.listen(NoteInput(text, DAY, contact)).signals
    }


@pytest.mark.parametrize(
    ("text", "contact", "kind"),
    [
        ("She hopes to become a vet.", SHE, "need"),
        ("He wants to move into product someday.", HE, "need"),
        ("She's back on the bike.", SHE, "interest"),
        ("Her favourite band is Wilco.", SHE, "interest"),
        ("Co-founder search is still the blocker.", SHE, "need"),
        ("Don't send her anything about wine.", SHE, "caution"),
    ],
)
def test_what_must_be_heard_is_heard(
    learned: LearnedListener, text: str, contact: ContactRef, kind: str
) -> None:
    assert (kind, "active") in heard(learned, text, contact)


@pytest.mark.parametrize(
    "text",
    [
        # Advice, and a plea to stop sending: no caution of the first, no promise of the second.
        "I told him NOT to drill without a proper hydrogeological survey.",
        "She asked me to stop sending her dyslexia articles: she's drowning in them.",
    ],
)
def test_advice_is_no_caution_and_a_plea_to_stop_is_no_promise(
    learned: LearnedListener, text: str
) -> None:
    kinds = {kind for kind, _ in heard(learned, text, HE if " him " in text else SHE)}
    assert "commitment" not in kinds
    assert ("caution" in kinds) == ("stop sending" in text)


def test_a_caution_is_no_want_and_their_quoted_words_are_no_promise(
    learned: LearnedListener,
) -> None:
    note = (
        "Alison's money worries are back. Mental note: never send her anything about selling "
        "Dad's house to pay for care, she went white when Ben mentioned it at Easter."
    )
    found = learned.listen(NoteInput(note, DAY, SHE)).signals
    caution = next(s for s in found if s.kind is SignalKind.CAUTION)
    beside = [s for s in found if s.start == caution.start and s.end == caution.end]
    assert [s.kind for s in beside] == [SignalKind.CAUTION], found
    said = (
        "New thing: she's wondering about a teaching diploma next year, secondary PE. "
        '"If I can make the money work, and that\'s a big if."'
    )
    assert "commitment" not in {kind for kind, _ in heard(learned, said)}
    # What follows a caution in its clause is the caution's reason, not a need.
    said = (
        'NB: no printed guides and nothing with "seniors" written on it, he\'ll bin it, he '
        "hates being made old."
    )
    assert "need" not in {kind for kind, _ in heard(learned, said, HE)}
    # A clause may open before the quotation that holds someone else's promise.
    said = 'Met Dana at the fundraiser. She said "I\'ll send the grant template over tonight."'
    assert "commitment" not in {kind for kind, _ in heard(learned, said)}
    # The user's own words in quotes are still the user's promise.
    said = 'I told her "I\'ll bring the pram round on Saturday."'
    assert "commitment" in {kind for kind, _ in heard(learned, said)}


def test_the_user_writing_under_a_transcript_makes_the_promise(learned: LearnedListener) -> None:
    note = (
        "R: I don't even know what to ask the neurologist.\n"
        "Me: I know that road.\n"
        "R: And my next book is due in March.\n"
        "--\n"
        "I told her I'd send her the caregiver guide that helped me most.\n"
    )
    promises = [s.phrase for s in of_kind(learned, note, SignalKind.COMMITMENT)]
    assert any("caregiver guide" in p for p in promises), promises


def test_a_matter_given_up_for_good_is_negated(learned: LearnedListener) -> None:
    said = "- social-media storytime reels: she is never doing them again."
    statuses = {status for kind, status in heard(learned, said) if kind == "interest"}
    assert statuses == {"negated"}


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "- he begged: no more 'expat in Lisbon' listicles, his mum sends three a day",
            "listicles",
        ),
        ("No more podcasts please, he has a backlog of 200.", "podcasts"),
        ("She's done with self-help books.", "self-help books"),
        ("Spare him the productivity hacks.", "productivity hacks"),
        # no word that holds back, yet a refusal
        ("'If I see one more literacy-app pitch, I will walk into the lake.'", "pitch"),
    ],
)
def test_a_refusal_is_a_caution_named_by_what_it_refuses(
    learned: LearnedListener, text: str, phrase: str
) -> None:
    cautions = [
        s for s in learned.listen(NoteInput(text, DAY, SHE)).signals if s.kind is SignalKind.CAUTION
    ]
    assert len(cautions) == 1 and cautions[0].phrase.endswith(phrase), cautions


def test_a_refusal_of_no_give_is_no_caution(learned: LearnedListener) -> None:
    said = "The money is in: no more investor meetings until 2028, she says."
    kinds = {s.kind for s in learned.listen(NoteInput(said, DAY, SHE)).signals}
    assert SignalKind.CAUTION not in kinds


def test_a_want_that_holds_nothing_back_is_no_caution(learned: LearnedListener) -> None:
    """The signal model hears a caution in the last clause (a want said after a refusal of
    help); a caution must hold something back, and this one forbids nothing."""
    note = (
        "Saw Daniel over the fence on Saturday. His colonies absconded again, third time since "
        "November. He thinks it's ants, I think it's the heat in those log hives. He wants to "
        "switch to Langstroth boxes but doesn't know where to buy decent ones without being "
        "ripped off. I told him I'd lend him my spare bee suit and smoker until his own kit "
        "comes. He also wants to sell his honey properly, with the standards mark, to the "
        "supermarket in Limuru."
    )
    daniel = ContactRef("Daniel Mutua", ("Daniel",))
    cautions = [
        s.evidence
        for s in learned.listen(NoteInput(note, DAY, daniel)).signals
        if s.kind is SignalKind.CAUTION
    ]
    assert not any("honey" in said for said in cautions), cautions


@pytest.mark.parametrize(
    ("text", "written", "day"),
    [
        # The tense of the verb the date hangs from, not of the sentence's first verb.
        (
            "He's registered for the trade test on 24 November and is nervous about the oral.",
            date(2026, 10, 18),
            date(2026, 11, 24),
        ),
        (
            "Tomás told me he accepted the associate role at the firm, starting Sept 8.",
            date(2025, 8, 19),
            date(2025, 9, 8),
        ),
        ("Gabi had the baby Sept 12, a boy, Rafael.", date(2025, 9, 24), date(2025, 9, 12)),
        # A day a few weeks gone, said with no tense, is news.
        ("Signed July 3!!", date(2025, 7, 9), date(2025, 7, 3)),
    ],
)
def test_an_event_is_dated_by_the_verb_its_date_hangs_from(
    learned: LearnedListener, text: str, written: date, day: date
) -> None:
    events = [
        s.event_date
        for s in learned.listen(NoteInput(text, written, HE)).signals
        if s.kind is SignalKind.EVENT
    ]
    assert day in events, events


@pytest.mark.xfail(strict=True, reason="a known miss: a subject-less clause about a habit")
def test_a_habit_without_a_subject_is_heard(learned: LearnedListener) -> None:
    assert ("interest", "active") in heard(learned, "Reads every sales book she can find.")


def test_the_owner_and_the_words_of_a_want(learned: LearnedListener) -> None:
    (vet,) = learned.listen(NoteInput("She hopes to become a vet.", DAY, SHE)).signals
    assert (vet.about, vet.phrase) == (About.CONTACT, "become a vet")
    (search,) = learned.listen(
        NoteInput("Co-founder search is still the blocker.", DAY, SHE)
    ).signals
    assert search.phrase == "co-founder search"


@pytest.mark.parametrize(
    "text", ["Do you run every day?", "Coffee with Dana. Do you run every day? She laughed."]
)
def test_a_question_is_nobodys_statement(learned: LearnedListener, text: str) -> None:
    assert heard(learned, text) == set()


def test_a_clause_that_names_nothing_is_no_signal(learned: LearnedListener) -> None:
    # The model heard the user's needs "no" and "isla" here beside "offered me one".
    text = (
        "- Bess (collie) had six pups, house is chaos, offered me one. NO. Isla would kill me. "
        "Or love me. Still no."
    )
    signals = learned.listen(NoteInput(text, DAY, SHE)).signals
    assert all(s.evidence not in ("NO.", "Still no.") for s in signals), signals


def test_what_life_is_too_short_for_is_no_need(learned: LearnedListener) -> None:
    text = "Change of plan. Agency's binned - life's too short for chasing locums' invoices"
    needs = of_kind(learned, text, SignalKind.NEED)
    assert not any("invoices" in s.phrase for s in needs), needs


def test_a_need_said_to_be_still_open_is_closed_by_nothing(learned: LearnedListener) -> None:
    tutor = OpenSignal(1, SignalKind.NEED, "math tutor", "hunting for a math tutor for owen",
                       About.CONTACT, date(2026, 1, 5))  # fmt: skip
    for text in ("Tutor still a bust, two quit already.", "Tutor hunt still a total bust."):
        found = learned.listen(NoteInput(text, DAY, SHE, open_signals=(tutor,))).closures
        assert found == (), found


def test_a_need_may_be_asked_but_not_by_the_user(learned: LearnedListener) -> None:
    chat = (
        "Hannah W: Heartburn though. Every night. Is there anything I can actually take?\n"
        "Me: Lots of options - come and see me when you're passing\n"
        "Hannah W: Will do\n"
        "Me: Do you know anyone who fixes swamp coolers?"
    )
    needs = [s.evidence for s in of_kind(learned, chat, SignalKind.NEED)]
    assert any("anything I can actually take" in e for e in needs), needs
    assert not any("swamp coolers" in e for e in needs), needs


OPEN = (
    OpenSignal(1, SignalKind.NEED, "seed round", "raising a seed round", About.CONTACT,
               date(2026, 1, 5)),
    OpenSignal(2, SignalKind.NEED, "tent", "needs a tent for the camping trip", About.CONTACT,
               date(2026, 1, 5)),
    OpenSignal(3, SignalKind.NEED, "childcare", "still looking for childcare", About.CONTACT,
               date(2026, 1, 5)),
    OpenSignal(4, SignalKind.NEED, "contracts lawyer", "looking for a contracts lawyer",
               About.CONTACT, date(2026, 1, 5)),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("Mark said the seed closed last week.", {1}),
        ("Her neighbour lent her a tent.", {2}),
        ("The agency found them a nanny in March.", {3}),
        ("Still hunting for a lawyer, the first one fell through.", set()),
        ("Still no childcare. Mark said the seed closed last week.", {1}),
        ("Lunch was great, we talked about the weather.", set()),
    ],
)
def test_a_later_sentence_closes_what_it_meets_and_nothing_else(
    learned: LearnedListener, text: str, closed: set[int]
) -> None:
    got = learned.listen(NoteInput(text, DAY, SHE, open_signals=OPEN))
    found = got.closures
    assert {c.signal_id for c in found} == closed
    for closure in found:
        assert text[closure.start : closure.end] == closure.evidence
        # The closing clause is heard in its own right too: the need, met.
        assert any(
            s.kind is SignalKind.NEED
            and s.status is Status.RESOLVED
            and s.start < closure.end
            and closure.start < s.end
            for s in got.signals
        )


PROMISES = (
    OpenSignal(5, SignalKind.COMMITMENT, "send her the wedding photos",
               "I'll send her the wedding photos", About.USER, date(2026, 1, 5)),
    OpenSignal(6, SignalKind.COMMITMENT, "design the cover of her book",
               "I offered to design the cover of her book", About.USER, date(2026, 1, 5)),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("Sent her the wedding photos on Sunday, she loved them.", {5}),
        # Still owed: the note speaks of the promise and says it is not done.
        ("I still owe her the wedding photos, my fault.", set()),
        ("Haven't sent the photos yet. She is settling into the new flat.", set()),
        # Not kept, and nothing left to keep: the promise is over all the same.
        ("Never did send her the wedding photos; she got what she needed from her cousin.", {5}),
        ("Never got round to the wedding photos, she said don't bother, she has plenty.", {5}),
        # News that does not speak of a promise closes none.
        ("She has dropped the teaching plan and is back in her old job.", set()),
        # She keeps asking after it: it is still owed.
        ("She keeps asking when the wedding photos are coming, I need to sort them.", set()),
    ],
)
def test_a_promise_is_closed_only_by_news_of_it(
    learned: LearnedListener, text: str, closed: set[int]
) -> None:
    found = learned.listen(NoteInput(text, DAY, SHE, open_signals=PROMISES)).closures
    assert {c.signal_id for c in found} == closed


def test_a_promise_pointed_to_as_not_done_yet_stays_owed(learned: LearnedListener) -> None:
    """The model alone read the tutor as the introduction made (s19, Hannah Okafor)."""
    promise = OpenSignal(8, SignalKind.COMMITMENT, "put tobi in touch with bronwyn",
                         "Told her I'd put Tobi in touch with Bronwyn, who runs the exchange.",
                         About.USER, date(2026, 4, 2))  # fmt: skip
    text = (
        "Otherwise: Tobi's Japanese is coming along, he's found a tutor. She asked again "
        "whether the programme takes Year 11s. I still haven't made that connection."
    )
    found = learned.listen(NoteInput(text, DAY, SHE, open_signals=(promise,))).closures
    assert not found


def test_two_readings_of_one_matter_close_together(learned: LearnedListener) -> None:
    """The model alone closed the need and left the event (s20, Eilidh Munro)."""
    said = (
        "She's planning a big Christmas market in December and asked if the pharmacy would "
        "run a blood pressure stall on the day."
    )
    heard = (
        OpenSignal(9, SignalKind.NEED, "pharmacy", said, About.CONTACT, date(2026, 5, 2)),
        OpenSignal(10, SignalKind.EVENT, "pharmacy", said, About.CONTACT, date(2026, 5, 2)),
        OpenSignal(11, SignalKind.EVENT, "knee op", "Her knee op is on the 9th.",
                   About.CONTACT, date(2026, 5, 2)),
    )  # fmt: skip
    text = "Eilidh M: And I've decided: no Christmas market this year. Hall's double-booked."
    found = learned.listen(NoteInput(text, DAY, SHE, open_signals=heard)).closures
    assert {c.signal_id for c in found} == {9, 10}


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # A scrap of their words quoted before the user's own promise leaves it the user's.
        ('Dana said "we\'re drowning" so I\'ll ask Priya to help with the grant.',
         "commitment", True),
        pytest.param(
            'Dana said "we need a treasurer" and I offered to ask Priya.', "commitment", True,
            marks=pytest.mark.xfail(strict=True, reason=(
                "a known miss since the kind tail (a1ce89f2da96): it reads the quoted need, and"
                " the mean with the promise head (0.86, tail 0.61) is under the threshold 0.80"
            )),
        ),
        # Their promise quoted, with no "I" in it, is theirs.
        ('Dana, re the template: "sure, will send it over tonight"', "commitment", False),
        # A caution before a need in one clause leaves the need.
        ("Please don't pitch her insurance, she needs a mortgage broker.", "need", True),
        # Offers asked are no needs of the one who asks.
        ("Dana: anyone need a sofa? giving ours away", "need", False),
        ("Dana: you still need a plumber? my cousin is one", "need", False),
    ],
)  # fmt: skip
def test_found_in_review(learned: LearnedListener, text: str, kind: str, expected: bool) -> None:
    assert (kind in {k for k, _ in heard(learned, text)}) is expected


def test_the_users_own_errand_not_done_leaves_a_promise_closable(
    learned: LearnedListener,
) -> None:
    text = "Sent Dana the deck, she loved it. I haven't heard back about my own application yet."
    found = learned.listen(NoteInput(text, DAY, SHE, open_signals=PROMISES[:1])).closures
    assert [c.signal_id for c in found] == [5]


def test_readings_named_otherwise_close_apart(learned: LearnedListener) -> None:
    said = "She's training for a half and wants a running buddy for the long runs."
    heard_before = (
        OpenSignal(12, SignalKind.INTEREST, "running", said, About.CONTACT, date(2026, 4, 1)),
        OpenSignal(13, SignalKind.NEED, "running buddy", said, About.CONTACT, date(2026, 4, 1)),
    )
    text = "Dana found a running buddy through parkrun, they do Sundays."
    found = learned.listen(NoteInput(text, DAY, SHE, open_signals=heard_before)).closures
    assert 12 not in {c.signal_id for c in found}


def test_thanks_for_what_was_promised_close_it(learned: LearnedListener) -> None:
    """The model alone leaves this promise open: the thanks name it by one word in passing."""
    promise = OpenSignal(7, SignalKind.COMMITMENT, "read personal statement",
                         "I'll read her personal statement this weekend.", About.USER,
                         date(2026, 2, 18))  # fmt: skip
    text = (
        "Lorna got an unconditional offer: paramedic science in Aberdeen, starting September! "
        "Thanked me for the statement edits (I mostly cut adverbs)."
    )
    found = learned.listen(NoteInput(text, DAY, SHE, open_signals=(promise,))).closures
    assert [(c.signal_id, c.how) for c in found] == [(7, ClosedHow.DONE_BY_USER)]


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ("Never did send her the wedding photos; she got what she needed from her cousin.",
         ClosedHow.MOOT),
        ("Never got round to the wedding photos, she said don't bother.", ClosedHow.DECLINED),
        # Let off in the next turn of a chat.
        ("Me: Never got round to the wedding photos, sorry\nDana: all good haha, Mum sent hers",
         ClosedHow.DECLINED),
    ],
)  # fmt: skip
def test_a_promise_overtaken_is_closed_as_moot_or_declined(
    learned: LearnedListener, text: str, how: ClosedHow
) -> None:
    found = learned.listen(NoteInput(text, DAY, SHE, open_signals=PROMISES)).closures
    assert [(c.signal_id, c.how) for c in found] == [(5, how)]


PLANS = (
    OpenSignal(7, SignalKind.EVENT, "baby due", "her baby is due in August", About.CONTACT,
               date(2026, 1, 5)),
    OpenSignal(8, SignalKind.EVENT, "move to lisbon", "moving to Lisbon in June", About.CONTACT,
               date(2026, 1, 5)),
    OpenSignal(9, SignalKind.INTEREST, "half marathon", "training for the Porto half marathon",
               About.CONTACT, date(2026, 1, 5)),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("The Lisbon move got pushed to next year.", {8}),
        ("Lisbon is off, they're staying in Toronto.", {8}),
        # What happened as planned is not closed: the congratulations are still to come.
        ("She had the baby on Aug 3, a girl, Rosa.", set()),
        ("Moved to Lisbon last week, loving it.", set()),
        ("Ran the Porto half in 1:52!", set()),
    ],
)
def test_an_event_or_interest_is_closed_only_when_it_changed(
    learned: LearnedListener, text: str, closed: set[int]
) -> None:
    found = learned.listen(NoteInput(text, DAY, SHE, open_signals=PLANS)).closures
    assert {c.signal_id for c in found} == closed


TEXTS = st.one_of(
    st.text(max_size=400),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.sampled_from([
        "", "   ", "\n\n\n", "?" * 50, "🎉🔥💯 " * 30, "\x00\x01\x02 control \x07",
        "Ella busca un abogado para su empresa y quiere mudarse a Lisboa.",
        "她在找一位律师。", "- \n- \n-", "Me:\nDana:\nMe:", "word " * 5000,
    ]),
    st.lists(st.sampled_from(["She needs a lawyer.", "I'll send the deck!", "Do you ski?",
                              "🎉", "\n- ", "Me: ok", "Dana: no wine please;", "\t"]),
             max_size=40).map(" ".join),
)  # fmt: skip


# Different notes at once, as four users pasting to the service (it shares one listener).
PASTES = [
    NoteInput("Lunch with Dana. She is looking for a contracts lawyer and loves Wilco.", DAY, SHE),
    NoteInput("Sam said his mother had surgery; he hopes to move into product someday.", DAY, HE),
    NoteInput("Call with Dana: she's back on the bike, training for a race in June.", DAY, SHE),
    NoteInput("Sam - co-founder search is still the blocker. I'll send him the primer.", DAY, HE),
]


def test_several_threads_listen_at_once_and_hear_what_one_thread_hears(
    learned: LearnedListener,
) -> None:
    assert learned.thread_safe  # the service then shares it without a lock of its own
    want = [learned.listen(note) for note in PASTES]
    with ThreadPoolExecutor(4) as pool:
        rounds = list(pool.map(lambda i: learned.listen(PASTES[i % 4]), range(16)))
    assert rounds == [want[i % 4] for i in range(16)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, with_open=st.booleans())
def test_the_listener_never_crashes_on_any_text(
    learned: LearnedListener, text: str, with_open: bool
) -> None:
    note = NoteInput(text, DAY, SHE, open_signals=OPEN if with_open else ())
    (extraction,) = learned.listen_many([note])
    for signal in extraction.signals:
        assert text[signal.start : signal.end] == signal.evidence and signal.phrase
    for closure in extraction.closures:
        assert closure.signal_id in {s.id for s in OPEN}
        assert text[closure.start : closure.end] == closure.evidence


def test_the_model_card_describes_the_shipped_model() -> None:
    version = stored_version(default_path())
    card = default_path().with_name("MODEL_CARD.md").read_text(encoding="utf-8")
    numbers = json.loads(default_path().with_name("card.json").read_text(encoding="utf-8"))
    assert f"version {version}" in card.splitlines()[0]
    assert numbers["version"] == version
