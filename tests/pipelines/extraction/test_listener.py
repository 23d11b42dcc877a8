"""The listener on the phenomena the issue names, with the real spaCy model."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from giveback.core.domain import About, ContactRef, NoteInput, Signal, SignalKind, Status
from giveback.pipelines.extraction import Listener

MARIA = ContactRef("Maria Lopez", ("Maria",))
DAY = date(2026, 3, 4)


def listen(listener: Listener, text: str, contact: ContactRef = MARIA, **kw: Any) -> list[Signal]:
    return list(listener.listen(NoteInput(text, DAY, contact, **kw)).signals)


def find(signals: list[Signal], kind: SignalKind, word: str) -> Signal:
    matches = [s for s in signals if s.kind is kind and word in s.phrase]
    assert matches, f"no {kind.value} with {word!r} in {[(s.kind, s.phrase) for s in signals]}"
    return matches[0]


def test_evidence_offsets_point_into_the_note(listener: Listener) -> None:
    text = "- looking for a contracts lawyer\n- into trail running\n- I'll send her the deck"
    signals = listen(listener, text)
    assert len(signals) == 3
    for sig in signals:
        assert text[sig.start : sig.end] == sig.evidence


def test_need_phrase_is_short_and_normalized(listener: Listener) -> None:
    sig = find(
        listen(listener, "She is looking for a contracts lawyer for the Northshore deal."),
        SignalKind.NEED,
        "lawyer",
    )
    assert sig.phrase == "contracts lawyer"
    assert sig.status is Status.ACTIVE and sig.about is About.CONTACT


@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("He is not looking for a new job, he loves Stripe.", "job", Status.NEGATED),
        ("They're not raising this year; the balance sheet is fine.", "funding", Status.NEGATED),
        ("Update: she found a lawyer through a friend.", "lawyer", Status.RESOLVED),
        ("She still hasn't found a contracts lawyer.", "lawyer", Status.ACTIVE),
        ("Her team might be hiring a designer in the spring.", "designer", Status.HEDGED),
        ("She isn't sure she wants a cofounder at all.", "cofounder", Status.HEDGED),
    ],
)
def test_status(listener: Listener, text: str, word: str, status: Status) -> None:
    assert find(listen(listener, text), SignalKind.NEED, word).status is status


def test_negated_interest_is_kept_with_its_status(listener: Listener) -> None:
    sig = find(
        listen(listener, "- not into golf anymore, sold her clubs"), SignalKind.INTEREST, "golf"
    )
    assert sig.status is Status.NEGATED


def test_third_party_needs_say_who(listener: Listener) -> None:
    signals = listen(
        listener, "Her husband is looking for a job in biotech. Tom is raising a seed round."
    )
    husband = find(signals, SignalKind.NEED, "job")
    assert husband.about is About.THIRD_PARTY and husband.who == "her husband"
    tom = find(signals, SignalKind.NEED, "seed round")
    assert tom.about is About.THIRD_PARTY and tom.who == "Tom"


def test_bullet_shorthand_without_subject_is_about_the_contact(listener: Listener) -> None:
    signals = listen(
        listener, "- kid applying to colleges, stressed re essays\n- big into sourdough lately"
    )
    assert find(signals, SignalKind.NEED, "essays").about is About.THIRD_PARTY
    assert find(signals, SignalKind.INTEREST, "sourdough").about is About.CONTACT


def test_transcript_speakers_decide_who_i_is(listener: Listener) -> None:
    text = (
        "Me: How is the search going?\n"
        "Maria: We are hiring two senior backend engineers.\n"
        "Me: I'll send you the hiring plan template tomorrow."
    )
    signals = listen(listener, text)
    assert find(signals, SignalKind.NEED, "engineers").about is About.CONTACT
    promise = find(signals, SignalKind.COMMITMENT, "hiring plan template")
    assert promise.about is About.USER


def test_small_talk_is_not_an_interest(listener: Listener) -> None:
    assert (
        listen(
            listener,
            "The weather was awful and traffic was terrible. We grabbed coffee at Blue Bottle.",
        )
        == []
    )


def test_events_get_dates_resolved_against_the_note(listener: Listener) -> None:
    signals = listen(
        listener, "They are moving to Denver next month. She starts at Stripe on March 20."
    )
    move = find(signals, SignalKind.EVENT, "denver")
    assert move.event_date == date(2026, 4, 1)
    job = find(signals, SignalKind.EVENT, "stripe")
    assert job.event_date == date(2026, 3, 20)


def test_note_in_another_language_is_kept_but_not_read(listener: Listener) -> None:
    extraction = listener.listen(
        NoteInput(
            "Nos vimos en el café y hablamos de su nuevo trabajo y de la familia, que está bien.",
            DAY,
            MARIA,
        )
    )
    assert extraction.signals == ()
    assert extraction.warnings and "English" in extraction.warnings[0]


def test_people_named_are_linked_to_known_contacts(listener: Listener) -> None:
    priya = ContactRef("Priya Raman", ("Priya",))
    extraction = listener.listen(
        NoteInput(
            "Lunch with Maria. I promised to intro her to Priya Raman next week.",
            DAY,
            MARIA,
            known_contacts=(priya,),
        )
    )
    linked = {m.text: m.contact_name for m in extraction.mentions}
    assert linked.get("Priya Raman") == "Priya Raman"


def test_names_link_by_alias_and_by_a_first_name_only_when_it_is_unambiguous() -> None:
    from giveback.pipelines.extraction.listener import KnownNames

    maria = KnownNames((ContactRef("Maria Lopez", ("Mimi",)),))
    others = KnownNames(
        (
            ContactRef("Priya Raman", ("PR",)),
            ContactRef("Sam Ortiz", ()),
            ContactRef("Sam Lee", ()),
            ContactRef("Mia Wong", ("Mimi",)),
        )
    )
    assert others.link("pr", maria) == "Priya Raman"
    assert others.link("priya", maria) == "Priya Raman"  # the only Priya
    assert others.link("sam", maria) is None  # two Sams: nobody in particular
    assert others.link("maria", maria) == "Maria Lopez"  # the note's own person
    assert others.link("mimi", maria) == "Mia Wong"  # the others win a shared alias
    assert others.link("maria") is None and others.link("nobody", maria) is None


def test_people_added_since_the_last_note_are_linked(listener: Listener) -> None:
    text = "Lunch with Maria. She wants to meet Tomas Berg about hiring."
    before = (ContactRef("Priya Raman", ()),)
    first = listener.listen(NoteInput(text, DAY, MARIA, known_contacts=before))
    assert {m.text: m.contact_name for m in first.mentions}.get("Tomas Berg") is None
    after = (*before, ContactRef("Tomas Berg", ()))
    second = listener.listen(NoteInput(text, DAY, MARIA, known_contacts=after))
    assert {m.text: m.contact_name for m in second.mentions}.get("Tomas Berg") == "Tomas Berg"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # A hyphen inside a word does not end what was promised.
        ("Me: I'll send you a plain-language explainer.", "send a plain-language explainer"),
        ("I'll send her a step-by-step guide to the visa.", "send a step-by-step guide"),
        # A spaced dash and "by" with a date still do.
        ("I'll send her the deck - and maybe the memo.", "send the deck"),
        ("I'll send her the deck by Friday.", "send the deck"),
        # A date that says which thing is part of it.
        ("I'll send her the March newsletter next week.", "send the march newsletter"),
    ],
)
def test_a_promise_is_named_by_whole_words(listener: Listener, text: str, phrase: str) -> None:
    assert find(listen(listener, text), SignalKind.COMMITMENT, "send").phrase == phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # Cut at a date, or at nine words: no word that leads on is left at its end.
        (
            "I said I'd bring her to the November beach clean-up",
            "bring to the november beach clean-up",
        ),
        # Not cut short, it keeps its words.
        ("I'll find out what the deadline is.", "find out what the deadline is"),
        (
            "I'll put her in touch with Dermot Ryan for the hoof trimming",
            "put in touch with dermot ryan",
        ),
        (
            "I'll ask Declan Hayes would he take the pair of us out on the lake",
            "ask declan hayes would he take the pair",
        ),
    ],
)
def test_a_promise_cut_short_ends_on_a_word_of_its_own(
    listener: Listener, text: str, phrase: str
) -> None:
    promise = next(s for s in listen(listener, text) if s.kind is SignalKind.COMMITMENT)
    assert promise.phrase == phrase


def test_a_transcript_may_label_the_contact_by_an_initial(listener: Listener) -> None:
    ibrahim = ContactRef("Ibrahim Touré", ("Ibrahim",))
    call = (
        "Call w/ Ibrahim\nI: They said yes, I am a refugee now.\nMe: Congratulations!\n"
        "I: Now I need the cédula at DNIC, I am afraid of the forms."
    )
    need = find(listen(listener, call, ibrahim), SignalKind.NEED, "cédula")
    assert need.about is About.CONTACT
