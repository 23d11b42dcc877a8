"""Whom a promise names: a person of the catalog, by name as notes say it.

"I'll introduce you to Sophie", "I'll ask Atty. Villamor", "I'll ask Deb at school": the
person a promise names is the one promised, whatever the search finds. Pure: no database and
no models.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.promise_said import words, words_in_order
from giveback.pipelines.folding import folded
from giveback.pipelines.wordlists import english_stop_words


def people_by_first_name(items: Sequence[RankItem]) -> dict[str, list[int]]:
    """The catalog's people (item indices) under each of their first names."""
    out: dict[str, list[int]] = {}
    for item in items:
        if item.type == "contact" and item.title.split():
            for first in words(item.title.split()[0]):
                out.setdefault(first, []).append(item.index)
    return out


# A surname names a person when a title comes before it ("I'll ask Atty. Villamor", "Dr
# Okafor"); alone it names a mountain as often ("a winter Munro").
_TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Doc|Prof|Atty|Judge|Rev|Fr|Coach)\.?\s+([A-Z][\w'’-]+)"
)
# A name said short, as whom the user will ask, introduce or reach: "I'll ask Deb at school"
# (Deborah). Only there: a capitalised word elsewhere starts a sentence or a place as often.
_SHORT_NAME = re.compile(
    r"\b(?:ask|asking|introduce|intro|connect|ping|text|call|ring|email|message|tell|put)"
    r"\s+([A-Z][a-z]{2,})\b"
)


def _by_title(text: str, items: Sequence[RankItem], people: dict[str, list[int]]) -> int | None:
    """The one person whose surname follows a title in ``text``, if one does."""
    persons = {i for found in people.values() for i in found}
    for surname in _TITLED.findall(text):
        named = [i for i in persons if folded(items[i].title.split()[-1]) == folded(surname)]
        if len(named) == 1:
            return named[0]
    return None


def _by_short_name(text: str, people: dict[str, list[int]]) -> int | None:
    """The one person whose first name starts with the name ``text`` says whom the user will
    ask or introduce by ("Deb", Deborah), when it is no first name itself nor a common word."""
    common = english_stop_words()
    for short in _SHORT_NAME.findall(text):
        key = folded(short)
        if key in people or key in common:
            continue
        longer = [name for name in people if name.startswith(key) and name != key]
        if len(longer) == 1 and len(people[longer[0]]) == 1:
            return people[longer[0]][0]
    return None


def named_person(text: str, items: Sequence[RankItem], people: dict[str, list[int]]) -> int | None:
    """The person ``text`` names: by full name, or by a first name only one person has (of
    two, the one named first); else by a title and surname ("Atty. Villamor"), or by a first
    name said short ("Deb")."""
    said = words(text)
    in_order = [w for w in dict.fromkeys(words_in_order(text)) if w in people]
    for first in in_order:
        found = people[first]
        full = [i for i in found if words(items[i].title) <= said]
        if len(full) == 1:
            return full[0]
        if len(found) == 1:
            return found[0]
    if not people:
        return None
    titled = _by_title(text, items, people)
    return titled if titled is not None else _by_short_name(text, people)
