"""The knobs of asking: how many days hold someone back, the similarity bars and the weights."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AskPolicy:
    """The knobs of asking (days, similarity bars and weights)."""

    cooldown_days: int = 45  # never ask the same person twice within this
    hard_time_days: int = 90  # a hard time in a note this recent holds them back
    struggle_days: int = 120  # a want of theirs this recent is a struggle now
    lately_days: int = 120  # a favor or an ask this recent weighs in the balance
    min_fit: float = 0.25  # below this, nobody is asked
    margin: float = 0.15  # nor anyone this far below the best person for the need
    same_struggle: float = 0.5  # their own want this close to the need: they are struggling too
    vague_struggle: float = 0.4  # a vague want whose context is this close: the same
    note_struggle: float = 0.45  # a note this close to the need, with a want of theirs in it ...
    note_struggle_floor: float = 0.2  # ... itself at least this close: the same struggle
    # A need of theirs the listener heard: its "whose" is a guess on a bare bullet ("- no POA
    # anywhere" may be the user's father's), so it must be closer.
    heard_struggle: float = 0.6
    offer_fit: float = 0.5  # an offer this close to their need is offered back
    sentence_share: float = 0.3  # of the fit: the best sentence; the rest, the best note
    limit_floor: float = 0.3  # "doesn't do X" this close to the need ...
    limit_margin: float = 0.1  # ... and about as close as their best evidence ...
    limit_penalty: float = 0.1  # ... costs this much fit
    # "doesn't do X" at least this close to the need, and closer than anything they do: they
    # said it is not theirs, and they are not asked (a near miss, whatever the scorer says).
    limit_rules_out: float = 0.35
    limit_names_margin: float = 0.05  # ... or this near it, when it names a word of the need
    closeness_weight: float = 0.06
    given_weight: float = 0.03
    received_penalty: float = 0.03
    asked_penalty: float = 0.04
