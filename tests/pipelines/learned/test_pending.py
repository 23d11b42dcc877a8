"""Clauses that say a promise is still owed or a need still open (they close nothing)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.closure.pending import (
    lets_off,
    overtaken,
    owes,
    says_pending,
    says_still_open,
)


@pytest.mark.parametrize(
    "clause",
    [
        "I still owe you those photos",
        "the intro hasn't happened yet, my fault",
        "We never did the fado night",
        "totally forgot to send the deck",
        "she reminded me about the cover",
        "haven't sent it yet",
        "it slipped my mind",
        "The loan: still waiting on me to talk to Gráinne.",
        "She'd also love that falls bundle when I get a chance",
        "the photos are still to send",
        # an irregular participle after "haven't"
        "I still haven't rung the registrar, terrible of me",
        "hasn't heard from Okonkwo yet",
        # the answer to "did you?", the other still waiting or still wanting it
        "Not yet, sorry, the week ran away from me",
        "still waiting for the plumber's number lol",
        "she still wants my old lecture slides",
        "asked had I spoken to the bursar yet",
        "reminder: the grant budget still on me, due Friday",
        # the other keeps asking, the user still has to do it, or waits on them for it
        "Manaia keeps asking when her work-experience week is (I need to sort dates)",
        "Still no safety plan draft in my inbox, should chase him.",
    ],
)
def test_a_pending_promise_is_recognised(clause: str) -> None:
    assert says_pending(clause)


@pytest.mark.parametrize(
    ("clause", "promised"),
    [
        # A possessive and an accent name the same person as the promise.
        ("and Priya's name is still on my list to pass on.", "I said I'd introduce him to Priya"),
        ("The loan: still waiting on me to talk to Gráinne.", "I'll have a word with Grainne"),
        # what the promise was for is still sought, said in two of its words
        (
            "still hunting for a weekend childminder in Ranelagh, the agency fell through",
            "I'll ask around for a childminder near Ranelagh",
        ),
        # the thing sought itself, still not found
        ("still no tutor, everyone she's called is full", "I'll ask around for a tutor."),
        ("Still no tutor, everyone is full.", "I'll ask around for a good maths tutor."),
        (
            "Still no safety plan draft in my inbox, should chase him.",
            "send your draft send me your draft",
        ),
        (
            "Manaia keeps asking when her work-experience week is (I need to sort dates with "
            "Mereana).",
            "told him she can do a week's work experience I told him she can do a week's work "
            "experience with us in the summer holidays.",
        ),
    ],
)
def test_a_clause_owes_the_promise_it_names_in_any_spelling(clause: str, promised: str) -> None:
    assert owes(clause, promised)


def test_the_other_still_waiting_on_it_in_their_own_turn_owes_it() -> None:
    promised = "I promised her a list of the pharmacy words"
    assert owes("Still waiting on those pharmacy words, a ghràidh", promised, their_turn=True)
    assert not owes("Still waiting on those pharmacy words", promised)
    # Their own wait, told of them, is not the user's promise.
    told = "She's still waiting on that contract from the landlord though."
    assert not owes(told, "send her the contract template", their_turn=True)


def test_a_need_still_sought_owes_only_a_promise_to_look_for_it() -> None:
    # Introduced already: that she still looks does not make the introduction owed.
    assert not owes(
        "still looking for a childminder in Ranelagh though",
        "I'll introduce her to the childminder agency in Ranelagh",
    )


def test_a_contraction_is_no_word_shared_with_a_promise() -> None:
    assert not owes("I'll call her Monday, she hasn't paid the caterer", "I'll send the deck")


def test_a_search_promise_needs_the_thing_sought_not_any_word() -> None:
    # One word in common, but not the thing the user promised to look for.
    assert not owes("still no reply from Galway", "I'll ask around for a plumber in Galway")
    assert not owes("Work still a nightmare for her.", "I'll ask around at work for a tutor")


def test_a_need_still_open_that_shares_one_word_owes_no_promise() -> None:
    # The contact still needs interviewees; the survey the user promised was done.
    assert not owes(
        "still needs more site engineers for the interviews",
        "I'll get my engineers to fill in your survey",
    )


def test_news_of_another_thing_on_the_same_topic_is_not_pending() -> None:
    assert not says_pending("She keeps asking about Lisbon restaurants now.")
    assert not says_pending("I need to send her the invoice for the workshop too.")
    assert not says_pending("Still no feedback from her on the deck.")
    assert not says_pending("We need to arrange the follow-up site visit with legal.")


@pytest.mark.parametrize(
    "clause",
    [
        "Sent her the photos on Sunday",
        "We finally did the fado night, great fun",
        "She owes nothing to anyone",
        "The intro happened last week",
        "she has started a new job",
        # "haven't" with a noun, a new request, an answer that is not about a promise
        "I haven't the time for it this term",
        "asked if I'd be a reference for the grant",
        "asked if I'd listen to her pitch on Friday",
        "She hasn't anything against the venue",
        "she's still waiting for the visa decision",
        "she is not yet forty",
    ],
)
def test_done_or_unrelated_is_not_pending(clause: str) -> None:
    assert not says_pending(clause)


@pytest.mark.parametrize(
    ("clause", "need"),
    [
        ("Still needs a bookkeeper.", "bookkeeper"),
        ("PR still the headache.", "PR pathway"),
        ("still hunting for a lawyer, the first one fell through", "contracts lawyer"),
        ("Onboarding still leaking btw", "driver onboarding"),
        ("still no reply about the nanny", "nanny"),
        ("licence done, swapped it for a full G. Still no family doctor", "family doctor"),
        ("found one teacher, still needs one for the 7-9s", "2 more teachers for the 7-9 group"),
        ("Tutor hunt still a nightmare: two more said no, full until next year.", "tutor"),
        ("Christmas consignment still on!", "christmas season"),
        # a search that has found no one, or a queue
        ("tutor still a bust, two quit already", "math tutor"),
        ("Tutor hunt still a total bust", "tutor"),
        ("Council flat: still on the wait list.", "council flat"),
        ("Iwan took the parent seat, still no-one for community.", "community governor"),
        ("Iwan took the parent seat, still nobody for community.", "community governor"),
        ("Tagesstruktur for Felix is still on the waiting list, number 3 now.", "Tagesstruktur"),
    ],
)
def test_a_need_said_to_be_still_open_is_recognised(clause: str, need: str) -> None:
    assert says_still_open(clause, need)


@pytest.mark.parametrize(
    ("clause", "need"),
    [
        ("She found a lawyer at last.", "lawyer"),
        # Another matter is still open; the licence is done.
        ("licence done, swapped it for a full G. Still no family doctor", "driver's licence"),
        # "still" leading to no open state.
        ("Still amazed she found a lawyer", "lawyer"),
        ("She got the estimator job, still at Ledcor though", "estimator job"),
        # "still" open, but six words from the need's word.
        ("still no reply from them about the plan for the nanny", "nanny"),
        # "still" leading to no trouble, or to a plan no longer the need's
        ("Visa came through, she is still on a high.", "visa"),
        ("Wedding venue booked, still on track for June.", "wedding venue"),
        ("Got the mortgage approved, still hard to believe.", "mortgage"),
        ("Moved into the new flat, still a mess of boxes but she loves it.", "new flat"),
        ("Knee op done, she's still on the mend and waiting for physio", "knee op"),
    ],
)
def test_a_need_met_or_another_matter_open_is_not(clause: str, need: str) -> None:
    assert not says_still_open(clause, need)


@pytest.mark.parametrize(
    ("clause", "evidence", "still"),
    [
        # A search that goes on, for a need said as that search.
        (
            "drove for a ride-hailing car owner for 2 months, that ended, still looking",
            "Looking for anything with driving.",
            True,
        ),
        ("Flat fell through. Still hunting!", "hunting for a one-bed near the hospital", True),
        # The need was not said as a search: the clause may speak of something else.
        ("Got the flat in Leith, still looking", "needs somewhere to live by March", False),
        # The search is named and it is something else.
        ("found the flat; still looking for a van", "looking for a flat", False),
    ],
)
def test_a_search_said_to_go_on_keeps_the_need_it_was_open(
    clause: str, evidence: str, still: bool
) -> None:
    assert says_still_open(clause, "anything", evidence) is still


@pytest.mark.parametrize(
    ("sentence", "how"),
    [
        ("Never did send her that NRW explainer; she got what she needed from comms.", "moot"),
        ("I never did send the CaringBridge instructions; his daughter-in-law set one up.",
         "moot"),
        ("never sent the Northwind deck; he said don't bother, that company's dead", "declined"),
        ("Haven't sent the list yet, she hired a paralegal before I even got to it.", "moot"),
        # Pending, and nothing says it need not be kept.
        ("Still owe her the photos.", None),
        ("Never did send the explainer, will do it this week.", None),
        ("Totally forgot the intro to Sam, my fault.", None),
        # Not pending: no promise is said to be unkept.
        ("She got what she needed from comms.", None),
    ],
)  # fmt: skip
def test_a_promise_not_kept_and_not_needed_is_overtaken(sentence: str, how: str | None) -> None:
    assert overtaken(sentence) == how


@pytest.mark.parametrize(
    ("reply", "off"),
    [
        ("Eoin: All good haha", True),
        ("Deirdre: Ná bac leis 😂", True),
        ("no worries, sorted it myself", True),
        # A reply that moves on, or still wants it, lets no one off.
        ("Eoin: Other thing, I have to pick a project", False),
        ("Sure, send it when you can", False),
    ],
)
def test_a_reply_that_lets_the_user_off_a_promise(reply: str, off: bool) -> None:
    assert lets_off(reply) is off
