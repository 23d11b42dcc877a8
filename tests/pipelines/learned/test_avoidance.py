"""What a caution must say: a clause that holds nothing back is no caution (pure: no model)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.avoidance import holds_back, stops_sending


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
        "He doesn't want a shelter and won't go anywhere that won't take Bodie.",
        "The younger one doesn't eat meat.",
        "He's someone who doesn't like surprises.",
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
        # What is sought, described, is the want's condition.
        'so she and Mike can go away, "maybe, if we can find somewhere he won\'t hate"',
        "wants a second opinion from someone who isn't selling a robot",
    ],
)
def test_news_and_wants_hold_nothing_back(clause: str) -> None:
    assert not holds_back(clause)


@pytest.mark.parametrize(
    "clause",
    [
        # Advice given limits what the contact does, not what the user sends.
        "I told him NOT to drill without a proper hydrogeological survey.",
        "Tell him not to pay anyone yet.",
        "Told her not to worry, we'll do the photos the week before opening.",
        # Not knowing how, not managing to: a struggle, which is a need.
        "She doesn't know whether to push him to talk to someone or leave it.",
        "her Nanay just got diagnosed type 2, doesn't know what to cook anymore",
        "and he can't work the video calls on the phone his son sent him",
        "She can't get the hang of it, keeps hanging up on people",
        "She's frustrated she can't hold the fine brush for her watercolours any more.",
        # A please that passes a message on or says yes.
        "Please tell Paula I'm so sorry.",
        "Aye, please.",
        # Inclusion and a first time.
        "I'll bring her down some tablet at Christmas, she's never had homemade.",
    ],
)
def test_advice_struggles_and_messages_hold_nothing_back(clause: str) -> None:
    assert not holds_back(clause)


@pytest.mark.parametrize(
    "clause",
    [
        # The same words where they do hold back.
        "She told me not to send anything until after the funeral.",
        "Quietly — my employer doesn't know",
        "he can't drink, he's on the new tablets",
        "please don't send me any more running stuff",
        "He's never again going near a pub quiz",
        # a diet, a limit, a caution passed on, a plea, a dislike said as "never"
        "She can't do dairy.",
        "You can't send flowers into the ICU.",
        "Told Maria not to buy her anything with nuts, she is allergic.",
        "Please let him grieve in peace.",
        "He's never been big on gifts.",
        "He has never had a drink in his life.",
    ],
)
def test_the_same_words_still_hold_back_where_they_limit_gives(clause: str) -> None:
    assert holds_back(clause)


def test_a_plea_to_stop_sending_is_no_promise() -> None:
    assert stops_sending("She asked me to stop sending her dyslexia articles")
    assert stops_sending("asked me not to send any more podcast links")
    assert not stops_sending("I'll send her the caregiver guide that helped me most")
    assert not stops_sending("I said I'd bake the cake for her party, no more than two tiers.")
