"""The refusal rules: what a clause refuses to be sent, and what is no refusal of a give."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.refusals import refused


@pytest.mark.parametrize(
    ("clause", "thing"),
    [
        (
            "he begged: no more 'expat in Lisbon' listicles, his mother sends three",
            "expat in Lisbon listicles",
        ),
        ("No more podcasts please, he has a backlog of 200.", "podcasts"),
        ("She's done with self-help books.", "self-help books"),
        ("Fed up with 'ten habits' articles.", "ten habits articles"),
        ("Spare him the productivity hacks.", "productivity hacks"),
        ("Tiago asked for intros only, never articles.", "articles"),
        ("No more networking events for her this year.", "networking events"),
        ("'I'm done fundraising, don't talk to me about investors.'", "investors"),
        ("Don't mention the divorce, she's raw.", "divorce"),
        ("don't talk to her about work stuff until January", "work stuff"),
        (
            "she laughed and said if one more person forwards her a self-care article she'll"
            " scream",
            "self-care article",
        ),
        ("If I see one more literacy-app pitch, I will walk into the lake.", "literacy-app pitch"),
        ("She's sold the bike; Cycle Tour talk is banned.", "Cycle Tour"),
        ("The divorce is off-limits.", "divorce"),
        ("So please never send me a bootcamp link as long as I live.", "bootcamp link"),
        ("don't forward her anything about wine, she quit", "wine"),
        ("(Note to self: no bootcamp anything for Grace.", "bootcamp"),
        ("please no baby stuff yet", "baby"),
        # the whole thing refused, not a word of it
        ("don't send her the event link till Friday", "event link"),
        ("Don't email him a book list", "book list"),
    ],
)
def test_what_is_refused(clause: str, thing: str) -> None:
    assert refused(clause) == thing


@pytest.mark.parametrize(
    "clause",
    [
        "No more investor meetings until 2028 if she can help it.",
        "She is done with chemo, finally.",
        "Never again, he said of the marathon.",
        "He reads more books than anyone I know.",
        "She sent me three articles on grant writing.",
        "don't mention it to Sam",
        "He didn't talk to me about the move at all, which stung.",
        "one more round of interviews and she's done",
        "Smoking is banned in the building, so we met outside.",
        "One more person shares her post and the fundraiser hits its target!",
        "No other stuff came up.",
        "She sent me a link to her bootcamp project.",
        "New baby, no time for anything, running on fumes.",
        "Lost her job in March, no money for anything.",
    ],
)
def test_what_refuses_no_give(clause: str) -> None:
    assert refused(clause) is None
