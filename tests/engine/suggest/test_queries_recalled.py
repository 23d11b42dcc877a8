"""What a reply's "it" means, when the turn it answers names nothing (pure, no models)."""

from __future__ import annotations

from giveback.engine.suggest.queries import answered_turn, points_back, recalled, sentence_parts

EARLIER = [  # newest first
    "Robotics club won a regional prize",
    "And the careers week is in February: he asked if I'd come and talk to his Year 10s",
    "starting a robotics club after Easter, budget about 400, no idea which kits",
]


def test_a_turn_that_names_its_matter_by_a_pronoun_points_back() -> None:
    assert points_back("Careers week is confirmed, 9 February, can you still do it?")
    assert not points_back("Can you talk to the Year 10s in February?")


def test_it_is_the_earlier_sentence_sharing_the_most_words_that_name_things() -> None:
    turn = "Careers week is confirmed, 9 February, can you still do it?"
    assert recalled(turn, EARLIER) == EARLIER[1]


def test_of_equals_the_newest_and_with_nothing_shared_nothing() -> None:
    assert recalled("Is the robotics thing still on, can you do it?", EARLIER) == EARLIER[0]
    assert recalled("Can you still do it?", EARLIER) == ""
    assert recalled("Are you coming to the gala, can you make it?", EARLIER) == ""


def test_a_note_that_says_what_it_is_needs_no_earlier_one() -> None:
    named = (
        "Henrique: I keep flip-flopping between BI and FP&A.\n"
        "Me: What do you want in three years?\n"
        "Henrique: I don't know. Can we do a proper session on it?\n"
        "Me: Sure, let's find a date.\n"
    )
    unnamed = (
        "Gareth: Careers week is confirmed, 9 February, can you still do it?\n"
        "Me: yes, put me down.\n"
    )
    said, found = answered_turn(named, named.index("Sure"))
    assert found and said.startswith("I keep flip-flopping")
    said, found = answered_turn(unnamed, unnamed.index("yes"))
    assert not found and said.startswith("Careers week")
    assert answered_turn(unnamed, unnamed.index("Careers"))[1]  # nothing before it asks


def test_the_sentence_before_gives_the_topic_unless_this_one_turns_away() -> None:
    note = "Never used pandas. Asked for one good intro resource."
    at = note.index("Asked")
    assert sentence_parts(note, at, at + 10) == (
        "Asked for one good intro resource",
        "Never used pandas.",
    )
    note = (
        "He's decided against the B licence this year. What he does want: the club keeps "
        "asking him to start a Sunday goalkeeper clinic."
    )
    own, before = sentence_parts(note, note.index("the club"), note.index("clinic"))
    assert own.startswith("What he does want") and before == ""
    # "Rather" and "instead" lean on the sentence before: it still names the topic.
    note = "Her mum's hip op went badly. Rather worried about the rehab costs."
    at = note.index("Rather")
    assert sentence_parts(note, at, at + 6)[1] == "Her mum's hip op went badly."
