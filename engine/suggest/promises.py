"""Promises: the catalog item a promise names, or an honest reminder when none does.

A promise ("I'll send her the investor update template") is kept with the item it names, never
with whatever the search finds nearby: "I'll ask around for grant writers" is not kept by a
pitch-deck review. The item is found, in order of trust:

A promise to send a thing ("I'll send her the checklist") is kept by an article, or by an offer
whose title names that thing.

1. it is *named*: a person's name (any person in the catalog: a first or full name, a title and
   surname, a first name said short; see :mod:`promise_people`), or two words of the title or
   web address of an item the search found;
2. it shares a word with the title (or with what a person does) and the search rates it above
   ``promise_min_score``, or it is the search's best hit and rated above a lower bar;
3. nothing is named, but the search rates it above the high bar ``promise_min_semantic``.

When nothing passes, the suggestion is a reminder ("keep your promise: ..."), with no item.
The policy's learned keeper (:mod:`promise_keeper`), when installed, weighs the rules' choice
beside the search's best few items. Pure, like the ranker: no database and no models (the
keeper is a few numbers the caller loaded).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.promise_eligible import (
    eligible_hits,
    hits_the_keeper_weighs,
    name_words,
)
from giveback.engine.suggest.promise_people import named_person
from giveback.engine.suggest.promise_said import (
    EMPTY,
    SENT,
    SENT_TO_ME,
    WORD,
    promise_text,
    reads_back,
    singular,
    words,
    worth_a_reminder,
)
from giveback.engine.suggest.values import (
    FRESH,
    Keeper,
    PromiseAge,
    RankPolicy,
    RankSignal,
    Relationship,
)

# Words that say how a thing changes hands or how old it is, not what it is: "lend him my old
# crampons" names no "Lend my old 61-key keyboard", "bring him the box of maths books" no
# "Bring you to a learn-to-row Saturday".
# fmt: off
_HANDED = frozenset({
    "lend", "loan", "borrow", "bring", "take", "drop", "pass", "old", "new", "spare", "own",
    "little", "big", "good", "best", "great", "nice",
})
# fmt: on


# Words that measure a thing out without saying what it is: "a jar of my membrillo" is not
# kept by "a jar of my sourdough starter".
_MEASURES = frozenset({
    "jar", "box", "bag", "bottle", "copy", "pack", "packet", "slice", "piece", "cup", "bunch",
    "tin", "batch", "pair", "bit", "lot", "handful", "bowl", "plate", "tray", "basket", "crate",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class PromiseMatch:
    """The item that keeps a promise, and how sure the match is (named, or by the search)."""

    item: int
    how: str  # "named", "word and search", "search", "learned"


def _what_it_is(item: RankItem) -> set[str]:
    """Words that say what an item is: its name, and for a person what they do (their name is
    read by :func:`named_person`: a surname alone names a mountain as often as a person, "a
    winter Munro" is no Catriona Munro)."""
    if item.type != "contact":
        return name_words(item)
    return words(re.split(r"(?<=[.!?])\s", item.text, maxsplit=1)[0]) - words(item.title)


# Words a sentence capitalises for no name: the user, days and months, titles and forms of
# address.
# fmt: off
_NOT_NAMES = frozenset({
    "i", "i'll", "i'd", "i've", "i'm", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "dr", "mr", "mrs", "ms", "mum",
    "dad", "christmas", "easter", "ok",
    # forms of address ("I'll drive you on the 3rd, Sir")
    "sir", "madam", "ma'am", "coach", "doc", "boss", "mate", "love", "dear", "auntie", "aunty",
    "uncle", "gran", "granny", "grandma", "grandpa", "nana", "mom", "mama", "papa",
})
# fmt: on
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][a-z]+(?:['’][a-z]+)?)\b")


# Verbs that hand a thing over, and the words that end the thing handed ("bring her some
# pierogi from the Polish shop": "pierogi").
# fmt: off
_HANDING = frozenset({"bring", "give", "lend", "drop", "send", "pass", "take", "buy", "post",
                      "mail", "forward", "share", "loan", "get", "promised"})
_THING_ENDS = frozenset({"from", "for", "to", "at", "on", "in", "with", "about", "so",
                         "because", "once", "when", "if", "before", "after", "by", "since",
                         "until", "next", "this", "that", "which", "who", "while", "tonight",
                         "tomorrow", "today", "and", "or", "as", "monday", "tuesday",
                         "wednesday", "thursday", "friday", "saturday", "sunday", "weekend",
                         "morning", "evening", "afternoon", "night"})
_SUBJECTS = frozenset({"i", "she", "he", "they", "we", "you", "it"})
_NOT_THE_THING = frozenset({"over", "out", "up", "back", "round", "around", "along", "down",
                            "off", "her", "him", "them", "you", "me", "us", "it", "some", "a",
                            "an", "the", "my", "our", "his", "their", "your"})
# fmt: on


def _thing_handed(said: str) -> str | None:
    """The head of the thing a promise hands over ("pierogi" of "bring her some pierogi from
    the Polish shop", "truck" of "Promised Jip a ride-on container truck from the Haven Link
    box"), folded as :func:`words` folds it; ``None`` when it hands nothing over."""
    plain = SENT_TO_ME.sub(" ", promise_text(said).casefold())  # "send me a build" hands nothing
    tokens = WORD.findall(plain.replace("-", ""))
    at = next((n for n, t in enumerate(tokens) if t in _HANDING), None)
    return None if at is None else _thing_after(tokens, at)


def _thing_after(tokens: Sequence[str], at: int) -> str | None:
    """The head of what the verb at ``tokens[at]`` acts on, folded as :func:`words` folds
    it; ``None`` when no thing follows it (a preposition, or a word like "article")."""
    thing: list[str] = []
    for token in tokens[at + 1 :]:
        if token in _THING_ENDS or (token in _SUBJECTS and thing):
            break  # "the critique article I keep recommending": a clause of its own follows
        if token not in _NOT_THE_THING or thing:
            thing.append(token)
    while thing and thing[-1] in _NOT_THE_THING:
        thing.pop()
    if not thing or thing[-1] in EMPTY or singular(thing[-1]) in SENT:
        return None  # "the critique article": the words before it name the thing
    return next(iter(words(thing[-1])), None)


def _places_named(said: str) -> set[str]:
    """The names a promise says inside its sentence ("the Tuesday session at the Sheiling":
    "sheiling"), days, months and the user left out."""
    found = {m.group(1) for m in _CAPITALISED.finditer(said.strip())}
    return {w for name in found for w in words(name)} - _NOT_NAMES


def _names_another(said: str, item: RankItem) -> bool:
    """Whether a promise names a place or thing by name that the item does not ("take him
    to the Tuesday session at the Sheiling" is kept by no "Navigation practice session on
    the Campsie Fells", whatever word they share)."""
    named = _places_named(said)
    return bool(named) and not named & words(f"{item.title} {item.text}")


def _not_the_thing(said: str, shared: set[str]) -> bool:
    """Whether the one word a promise shares with an item is not the thing it hands over
    ("Polish" of "bring her some pierogi from the Polish shop"), or is only what it does to
    another thing ("translate" of "translate his competition statement", which no "Translate
    your menu or signs" keeps)."""
    head = _thing_handed(said)
    if head is not None:
        return head not in shared
    tokens = WORD.findall(promise_text(said).casefold().replace("-", ""))
    if not tokens or not shared & words(tokens[0]):
        return False
    head = _thing_after(tokens, 0)
    return head is not None and head not in shared


def promise_match(
    said: str,
    context: str,
    items: Sequence[RankItem],
    hits: Sequence[Hit],
    people: dict[str, list[int]],
    min_score: float,
    min_semantic: float,
    min_top_score: float = 1.0,
    contact_item: int | None = None,
    keeper: Keeper | None = None,
    age: PromiseAge = FRESH,
) -> PromiseMatch | None:
    """The item that keeps a promise, or ``None``: what the rules find (:func:`rules_match`),
    weighed by the learned ``keeper`` when there is one (it may take the search's best hit the
    rules left, or leave one they took; :func:`hits_the_keeper_weighs`). A person the promise
    names whom the search did not bring is kept by the rules alone."""
    found = rules_match(
        said, context, items, hits, people, min_score, min_semantic, min_top_score, contact_item
    )
    if keeper is None:
        return found
    weighed = hits_the_keeper_weighs(said, items, hits, contact_item)
    if found is not None and all(h.item != found.item for h in weighed):
        return found
    chosen = keeper.choose(said, items, weighed, found.item if found else None, age)
    if chosen is None:
        return None
    return found if found is not None and found.item == chosen else PromiseMatch(chosen, "learned")


def rules_match(
    said: str,
    context: str,
    items: Sequence[RankItem],
    hits: Sequence[Hit],
    people: dict[str, list[int]],
    min_score: float,
    min_semantic: float,
    min_top_score: float = 1.0,
    contact_item: int | None = None,
) -> PromiseMatch | None:
    """The item a promise names by the rules, or ``None`` (see the module docstring for the
    order).

    ``said`` is the promise as written; ``context`` is the turn before it, read only when the
    promise is a reply (:func:`is_reply`: "yes, put me down" answers the question before it).
    The search's best hit needs only ``min_top_score`` when it shares a word with the promise.
    ``contact_item`` is the contact's own catalog entry, which keeps no promise made to them
    (in "Gareth: can you still do it? / Me: yes, put me down" Gareth names himself).
    """
    # The turn before is read only when the promise leaves to it what is promised: "loves
    # trail running. I'll send her our pitch checklist" promises no running article.
    text = f"{context} {said}" if context and reads_back(said, context) else said
    hits, names_keep = eligible_hits(said, items, hits, contact_item)
    if not names_keep:
        people = {}
    if contact_item is not None:
        people = {k: [i for i in v if i != contact_item] for k, v in people.items()}
    # A person the promise names is the one promised, whoever the turn before names.
    person = named_person(said, items, people)
    if person is None and text != said:
        person = named_person(text, items, people)
    if person is not None:
        return PromiseMatch(person, "named")
    mine = words(text) - _HANDED
    named = [
        hit
        for hit in hits
        if items[hit.item].type != "contact" and len(mine & name_words(items[hit.item])) >= 2
    ]
    if named:
        return PromiseMatch(named[0].item, "named")
    for rank, hit in enumerate(hits):  # best first
        bar = min(min_score, min_top_score) if rank == 0 else min_score
        shared = (mine & _what_it_is(items[hit.item])) - _MEASURES
        if (
            shared
            and hit.score >= bar
            # one word in common is no match when the promise names another place or thing
            and not (
                len(shared) == 1
                and (_names_another(said, items[hit.item]) or _not_the_thing(said, shared))
            )
        ):
            return PromiseMatch(hit.item, "word and search")
        if hit.semantic >= min_semantic:
            return PromiseMatch(hit.item, "search")
    return None


def _kept_by(
    rel: Relationship,
    sig: RankSignal,
    items: Sequence[RankItem],
    hits: Sequence[Hit],
    people: dict[str, list[int]],
    policy: RankPolicy,
    weigh: bool = True,
) -> PromiseMatch | None:
    # ``weigh``: whether the learned keeper weighs the rules' choice (it learned from open
    # promises; a closed one's item is found by the rules, as before it).
    return promise_match(
        sig.evidence,
        sig.context,
        items,
        hits,
        people,
        policy.promise_min_score,
        policy.promise_min_semantic,
        policy.promise_top_min_score,
        rel.catalog_index,
        policy.promise_keeper if weigh else None,
        PromiseAge(
            max(0, (rel.last_contact - sig.since).days) if rel.last_contact else 0,
            sig.owed_on is not None,
        ),
    )


def promise_hits(
    rel: Relationship,
    sig: RankSignal,
    items: Sequence[RankItem],
    hits: list[Hit],
    item_vectors: np.ndarray,
    query_vectors: np.ndarray,
    people: dict[str, list[int]],
    policy: RankPolicy,
) -> list[Hit]:
    """The one hit that keeps a promise (the item it names), or none."""
    found = _kept_by(rel, sig, items, hits, people, policy)
    if found is None:
        return []
    hit = next((h for h in hits if h.item == found.item), None)
    if hit is None:  # a person named in the promise whom the search did not bring
        semantic = float(item_vectors[found.item] @ query_vectors[sig.row])
        hit = Hit(found.item, semantic, 0.0, semantic)
    # What the promise names is what was promised, however the search rates it.
    return [replace(hit, score=max(hit.score, policy.promise_min_score))]


def promises_over(
    rel: Relationship,
    items: Sequence[RankItem],
    hits_by_row: dict[int, list[Hit]],
    people: dict[str, list[int]],
    policy: RankPolicy,
) -> dict[int, RankSignal]:
    """The items that kept the relationship's closed promises (by catalog index, each with
    its promise): a promise a later note says was kept ("thanks for the book!!"), released
    ("forget the intro") or made moot. Such an item is no give to that contact again."""
    out: dict[int, RankSignal] = {}
    for sig in rel.closed_signals:
        if sig.kind != "commitment":
            continue
        found = _kept_by(rel, sig, items, hits_by_row.get(sig.row, []), people, policy, False)
        if found is not None:
            out.setdefault(found.item, sig)
    return out


def unkept_promises(
    rel: Relationship,
    items: Sequence[RankItem],
    hits_by_row: dict[int, list[Hit]],
    people: dict[str, list[int]],
    policy: RankPolicy,
) -> list[RankSignal]:
    """The relationship's open promises that no catalog item keeps: reminders, not gives."""
    return [
        sig
        for sig in rel.open_signals
        if sig.kind == "commitment"
        and worth_a_reminder(sig.evidence)
        and _kept_by(rel, sig, items, hits_by_row.get(sig.row, []), people, policy) is None
    ]
