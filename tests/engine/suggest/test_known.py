"""An introduction to someone the contact already knows is not offered."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.known import already_with
from giveback.engine.suggest.values import RankSignal

OWEN = RankItem(0, "con-owen", "contact", "Owen Pritchard",
                "Owen runs the Kingsland Ukulele Collective: beginner classes on Tuesdays.",
                None, 3)  # fmt: skip
ANA = RankItem(1, "con-ana", "contact", "Anahera Rewi",
               "Cardiac rehabilitation nurse who leads the Hearty Walkers group on Saturdays.",
               None, 4)  # fmt: skip


def _said(evidence: str) -> RankSignal:
    return RankSignal(1, "interest", "ukulele", evidence, "active", "contact", None,
                      date(2026, 3, 1), 0)  # fmt: skip


@pytest.mark.parametrize(
    ("item", "evidence", "known"),
    [
        # Named as someone they are with, or the group the person runs, which they are in.
        (OWEN, "He's been going to Owen's Kingsland Ukulele Collective since winter.", True),
        (OWEN, "Plays in the Kingsland Ukulele Collective on Tuesdays now.", True),
        (ANA, "Joined the Hearty Walkers last month, loves it.", True),
        # Working there already.
        (OWEN, "Teaching the Saturday beginners at the Kingsland Ukulele Collective now.", True),
        (ANA, "She volunteers with the Hearty Walkers on Saturdays.", True),
        # What they would like is what an introduction is for.
        (ANA, "Wants to join the Hearty Walkers.", False),
        (OWEN, "Would love to learn the ukulele.", False),
        # The group named, but nothing says they are in it.
        (ANA, "Read about the Hearty Walkers in the paper.", False),
    ],
)
def test_an_introduction_to_someone_they_already_know_is_known(
    item: RankItem, evidence: str, known: bool
) -> None:
    assert already_with(item, _said(evidence), "Graham Fairweather") is known


def test_a_first_name_says_nothing_unless_the_thing_named_is_that_persons() -> None:
    said = _said("Owen's Kingsland Ukulele Collective is full again.")
    assert already_with(OWEN, said, "Graham Fairweather")
    assert not already_with(OWEN, said, "Owen Tane")  # the contact's own name
    # Another Owen's club is no sign they know this Owen.
    assert not already_with(OWEN, _said("Owen's Saturday Swim Club is full."), "Graham Tane")
