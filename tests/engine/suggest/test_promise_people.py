"""Whom a promise names: by first or full name, by a title and surname, or by a first name
said short as the one the user will ask (pure, no models)."""

from __future__ import annotations

import pytest

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.promise_people import named_person, people_by_first_name


def _person(index: int, name: str) -> RankItem:
    return RankItem(index, f"p{index}", "contact", name, "", None, None)


CATALOG = [
    _person(0, "Deborah Okonkwo"),
    _person(1, "Mark Villamor"),
    _person(2, "Catriona Munro"),
    _person(3, "Samuel Reyes"),
    _person(4, "Samantha Cole"),
    _person(6, "Thea Moss"),
    RankItem(5, "a5", "article", "A winter guide to the Munros", "", None, None),
]
PEOPLE = people_by_first_name(CATALOG)


@pytest.mark.parametrize(
    ("said", "named"),
    [
        ("I'll ask Deb at school whether she'd take you for prac", 0),
        ("I'll introduce you to Mark", 1),
        ("I'll ask Atty. Villamor to look at the repayment clause", 1),
        ("said I'd ask Dr Munro about the referral", 2),
        # A surname alone names a mountain as often as a person.
        ("I'll send her the route for a winter Munro", None),
        # "Sam" starts two first names: nobody is named.
        ("I'll ask Sam about the van", None),
        # A capitalised word that is not whom the user asks names nobody.
        ("Deb told me the trip is off", None),
        # A word of the language is no name said short, even where a name would go ("the" is
        # the start of "Thea").
        ("I'll ask The team first", None),
    ],
)
def test_the_person_a_promise_names(said: str, named: int | None) -> None:
    assert named_person(said, CATALOG, PEOPLE) == named
