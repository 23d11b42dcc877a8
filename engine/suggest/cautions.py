"""Cautions that forbid a kind of give as such: "hates being sent articles", "no intros".

A caution about a topic ("don't send her anything about wine") drops the gives close to it in
the ranker; this module reads the cautions that name a type of give instead.
"""

from __future__ import annotations

import re

# Words by which a caution forbids a kind of give as such ("hates being sent articles").
# fmt: off
_TYPE_WORDS = {
    "article": frozenset({"article", "articles", "link", "links", "reading", "newsletter",
                          "newsletters", "post", "posts"}),
    "contact": frozenset({"intro", "intros", "introduction", "introductions"}),
}
_CAUTION_FILLER = frozenset({"being", "sent", "send", "sending", "any", "more", "no",
                             "unsolicited", "random", "of", "me", "her", "him", "them",
                             "anything", "about"})
# fmt: on


def banned_item_types(caution: str) -> set[str]:
    """The item types a caution forbids as such: all its words name that kind of give."""
    words = {w.strip(".,!?\"'") for w in caution.casefold().split()} - _CAUTION_FILLER
    return {t for t, names in _TYPE_WORDS.items() if words and words <= names}


# The things a caution's phrase is listed with: ", the Tannat tours or bodegas" after "wine".
_ITEM_WORD = (
    r"(?!(?:and|or|nor|not|no|none|never|even|but|so|because|on|in|at|for|to|with|from|of|about|"
    r"since|after|before|until|till|this|that|he|she|they|it|him|her|them)\b)[\w'’-]+"
)
_LISTED = re.compile(
    r"^(?:(?:\s*,\s*(?:and |or |nor )?|\s+(?:and|or|nor)\s+)"
    rf"(?:the |a |an |any |his |her |their )?{_ITEM_WORD}(?: {_ITEM_WORD}){{0,2}})+",
    re.IGNORECASE,
)


def ruled_out(phrase: str, evidence: str) -> str:
    """What a caution rules out: its phrase with what its sentence lists beside it ("wine,
    the Tannat tours or bodegas" of "don't send him anything about wine, the Tannat tours or
    bodegas"), else the phrase alone."""
    at = evidence.casefold().find(phrase.casefold())
    if at < 0 or not phrase:
        return phrase
    listed = _LISTED.match(evidence[at + len(phrase) :])
    return phrase + listed.group(0) if listed else phrase
