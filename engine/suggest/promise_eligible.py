"""Which catalog items may keep a promise at all, by what the promise does.

A promise to send a thing is kept by an article, or by an offer or person that is that thing;
someone's details by a person; something sent unnamed by an offer of the user's time only when
the promise names it; a promise to do something never by something to read: the rules of
:mod:`promises` choose among these. The learned keeper (:mod:`promise_keeper`) keeps only the
exact limits and weighs the rest, as the labeled promises showed it should.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.promise_said import (
    SENT_TO_ME,
    WORD,
    sends,
    singular,
    thing_sent,
    words,
)


def _theirs(title: str, thing: str) -> bool:
    """Whether an offer's title works on the contact's own such thing ("Review your pitch
    deck"): that is no thing of the user's to send."""
    return re.search(rf"\byour\b[^.;:]*?\b{re.escape(thing)}", title, re.IGNORECASE) is not None


def name_words(item: RankItem) -> set[str]:
    """What names an item: a person's names, or the words of a title and web address."""
    named = words(item.title)
    if item.url:
        named |= words(item.url.rsplit("/", 1)[-1])
    return named


# Things sent that are a way to reach someone ("send her the numbers for the two bands",
# "I'll give him Ewan's number"): a person keeps such a promise, never an article or offer.
_DETAILS = frozenset({"number", "phone", "contact", "detail", "email", "address", "card"})
# fmt: off
_AFTER_THING = frozenset({"for", "of", "so", "and", "to", "in", "at", "from", "by", "if", "when",
                          "once", "since", "as", "but", "or", "tonight", "tomorrow", "today"})
# fmt: on


def _details_sent(said: str) -> bool:
    """Whether a promise sends someone's details, not a thing to read or use."""
    if not sends(said) and not re.search(r"\bgive\b", said, re.IGNORECASE):
        return False
    plain = WORD.findall(SENT_TO_ME.sub(" ", said.casefold()))
    # The detail is the thing itself, not a word before it ("the number-crunching guide").
    return any(
        singular(w) in _DETAILS and (at + 1 == len(plain) or plain[at + 1] in _AFTER_THING)
        for at, w in enumerate(plain)
    )


def _exact_limits(said: str, items: Sequence[RankItem], hits: Sequence[Hit]) -> list[Hit] | None:
    """The hits left by the limits that hold exactly, or ``None`` when none applies: someone's
    details are a person's; a thing sent is an article, or an offer or person that is that
    thing and not the contact's own ("Review your pitch deck" keeps no deck checklist)."""
    if _details_sent(said):
        return [h for h in hits if items[h.item].type == "contact"]
    sent = thing_sent(said)
    if sent:
        return [
            h
            for h in hits
            if items[h.item].type == "article"
            or (sent in words(items[h.item].title) and not _theirs(items[h.item].title, sent))
        ]
    return None


def eligible_hits(
    said: str, items: Sequence[RankItem], hits: Sequence[Hit], contact_item: int | None
) -> tuple[list[Hit], bool]:
    """The hits that may keep a promise, by what it does, and whether a person it names may.

    The exact limits first (:func:`_exact_limits`; a thing sent is kept by no name). Then,
    something sent unnamed is kept by an offer of the user's time only when the promise names
    it by two words of its title; a promise to do something is never kept by something to
    read. The contact's own catalog entry keeps no promise made to them.
    """
    kept = _exact_limits(said, items, hits)
    names_keep = kept is None or _details_sent(said)
    if kept is None and sends(said):
        # Something is sent, and the note does not say what ("send her our pitch"): its own
        # words, not the sentence before, must name an offer ("Review your pitch deck").
        mine = words(said)
        kept = [
            h
            for h in hits
            if items[h.item].type != "offer" or len(mine & name_words(items[h.item])) >= 2
        ]
    elif kept is None:
        # "look at her onboarding screens", "ask around for grant writers": the user's time or
        # a person, never something to read.
        kept = [h for h in hits if items[h.item].type != "article"]
    return [h for h in kept if h.item != contact_item], names_keep


def hits_the_keeper_weighs(
    said: str, items: Sequence[RankItem], hits: Sequence[Hit], contact_item: int | None
) -> list[Hit]:
    """The hits the learned keeper may choose from: those the exact limits leave
    (:func:`_exact_limits`), never the contact's own entry. Whether an offer of the user's
    time keeps something sent unnamed, or an article a promise to do something, it weighs
    ("I'd look up the pool times" is kept by a timetable)."""
    kept = _exact_limits(said, items, hits)
    return [h for h in (hits if kept is None else kept) if h.item != contact_item]
