"""A clause of a note: the unit the learned listener decides about (see ``clauses.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a note: its span, its text and what the parse and the rules say of it."""

    start: int
    end: int
    text: str
    question: bool = False
    user_turn: bool = False  # on a "Me:" line of a transcript
    other_turn: bool = False  # on another speaker's line
    first_person: bool = False
    has_date: bool = False
    has_person: bool = False
    rule_kinds: frozenset[str] = frozenset()  # kinds the rule listener heard here
    rule_statuses: frozenset[str] = frozenset()
    rule_abouts: frozenset[str] = frozenset()
    attributed: str = "contact"  # whom the attribution rules would make it about
    attributed_who: str | None = None
    # The clause's line opens with a heading that names someone ("Priscila (Bruno's friend):
    # hiring ..."): the contact, or another person (whose line it then is).
    head_contact: bool = False
    head_other: bool = False
    # A clause with no subject of its own on the line of one that has one goes on about the
    # same person ("I still have the flat rented out. Need someone who knows the treaty."):
    # whom that earlier clause is about, else "".
    carried: str = ""
