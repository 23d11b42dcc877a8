"""Speaker turns of transcript-style notes (pure: no model)."""

from __future__ import annotations

import pytest

from giveback.pipelines.extraction.turns import find_turns, in_quotation

CALL = (
    "Call w/ Leonor\n"
    "Leonor: I've done two online courses.\n"
    "Me: Let's do a proper session.\n"
    "Leonor: Yes please.\n"
    "and how do I meet people in design?\n"
    "After the call: I offered her an hour to plan the switch.\n"
    "Leonor: Thank you!\n"
)


def _speaker_at(text: str, words: str) -> str | None:
    at = text.index(words)
    return next((t.label for t in find_turns(text) if t.start <= at < t.end), None)


def test_a_turn_runs_over_its_continuation_lines() -> None:
    assert _speaker_at(CALL, "I've done") == "Leonor"
    assert _speaker_at(CALL, "Let's do") == "Me"
    assert _speaker_at(CALL, "and how do I meet") == "Leonor"


def test_a_heading_line_ends_the_turn_before_it() -> None:
    # The user writing again: "I" is the user, not Leonor.
    assert _speaker_at(CALL, "I offered her an hour") is None
    assert _speaker_at(CALL, "Thank you") == "Leonor"


def test_a_rule_under_a_transcript_ends_it() -> None:
    note = (
        "R: I don't even know what to ask the neurologist.\n"
        "Me: I know that road.\n"
        "R: And my next book is due in March.\n"
        "--\n"
        "I told her I'd send her the caregiver guide that helped me most.\n"
    )
    assert _speaker_at(note, "And my next book") == "R"
    # The user writing under the rule: "I" is the user, not Rachel.
    assert _speaker_at(note, "I told her") is None
    # An ellipsis is a pause in the chat, not a rule.
    chat = "R: I don't know.\nMe: ok\n...\nR: maybe next week\n"
    assert _speaker_at(chat, "maybe next week") == "R"


def test_headings_alone_make_no_transcript() -> None:
    assert find_turns("Maria: loves trail running\nAfter the call: I'll send the deck.") == []
    assert find_turns("Update: she got the job.\nNext steps: send flowers.") == []


def test_a_pasted_chat_has_turns_behind_its_times() -> None:
    chat = (
        "[12/04 19:02] Lu: shoulder update!! I'm pulling full pressure again\n"
        "[12/04 19:05] me: best news. and Perón?\n"
        "[12/04 19:06] Lu: alive!! he was just hungry\n"
    )
    assert _speaker_at(chat, "I'm pulling") == "Lu"
    assert _speaker_at(chat, "best news") == "me"
    assert [t.is_user for t in find_turns(chat)] == [False, True, False]


def test_i_is_someone_elses_initial_where_the_user_is_me() -> None:
    call = "Call w/ Ibrahim\nI: They said yes.\nMe: Congratulations!\nI: Now I need the cédula."
    assert [t.is_user for t in find_turns(call)] == [False, True, False]
    # Without a "Me:" line, "I:" is the user, as "Q:" is in an interview.
    interview = "I: how's the move going?\nDana: slowly, still no flat."
    assert [t.is_user for t in find_turns(interview)] == [True, False]


@pytest.mark.parametrize(
    ("text", "words", "quoted"),
    [
        ('A teaching diploma. "If I can make the money work." Said I\'d ask.', "If I can", True),
        ('A teaching diploma. "If I can make the money work." Said I\'d ask.', "Said I'd", False),
        ("She said “I will call you” and left", "I will", True),
        # The user's own words, quoted: theirs to keep.
        ('I told her "I\'ll bring the pram Saturday"', "I'll bring", False),
        ('Me: "yes to both! I\'ll start a group"', "I'll start", False),
        # An inch mark opens no quotation; the user's own words quoted are the user's.
        ("She read me her 6\" screen spec. I'll send her the case link", "I'll send", False),
        ('Texted Priya after. "I\'ll send the deck tonight, promise"', "I'll send", False),
        ('My answer: "Yes! I\'ll email Sam tonight"', "I'll email", False),
        # A quotation closed on an earlier line opens nothing on this one.
        ('"Tired," she said.\nI\'ll drop soup round.', "I'll drop", False),
    ],
)
def test_words_inside_a_quotation(text: str, words: str, quoted: bool) -> None:
    assert in_quotation(text, text.index(words)) is quoted
