"""What a caution must say: a clause that holds nothing back is no caution (pure: no model)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.avoidance import holds_back


@pytest.mark.parametrize(
    "clause",
    [
        "NOTE TO SELF: don't send him anything about wine, the Tannat tours or bodegas",
        "No more shift-work tips.",
        "Note to self: Tiago hates being sent links.",
        "Note to self: he is severely allergic to bee stings and carries an EpiPen.",
        "she's vegan and worried about 'a country of steak'",
        "Asked me to keep it between us.",
        "so evening invites are out",
        "He's off red meat (cholesterol), remember that when picking a restaurant.",
        "Intros or calls only.",
        "please no more podcast links, I have 40 unlistened",
        "Still steering clear of the merger topic.",
        "She asked that nobody organize a meal train",
        "He fasts during Ramadan",
        "She has no interest in galas, don't bother inviting her.",
        "He's got no time for networking events.",
    ],
)
def test_a_caution_holds_something_back(clause: str) -> None:
    assert holds_back(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "No word to Sarah about the merger",
        "no word of this to anyone at the firm",
        "no news links about the war for her",
        "No update emails for him, he's drowning",
    ],
)
def test_a_no_that_is_no_wait_still_holds_back(clause: str) -> None:
    assert holds_back(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "He also wants to sell his honey properly, with the standards mark, to the supermarket.",
        "She wants to keep two hives at her mum's place in Murang'a.",
        "His dog Biscuit has started ignoring him at the park and bolting after squirrels.",
        "her PM keeps asking her to 'just make it pretty'",
        "hospitals keep ignoring your emails.",
        # A lack is a need, not a limit.
        "signed up for the free Spanish course but has no laptop",
        "The grant opens in September, we still have no writer.",
        "there's no extension budget this year",
        # A wait is not a refusal.
        "No word from the glazier to him yet.",
        "still no reply from the council about the permit",
    ],
)
def test_news_and_wants_hold_nothing_back(clause: str) -> None:
    assert not holds_back(clause)
