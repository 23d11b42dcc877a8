"""A matter a clause says is given up for good: "she is never doing them again", "never again".

The status model reads "social-media storytime reels: she is never doing them again" as an
active interest (0.94), and the ranker offered a guide to storytime reels. "Never ... again"
says the matter is over by the person's own choice, so the interest or need it is said of is
negated, whatever the model leans to. It is said of what it names ("never buying paper books
again" gives up paper books, not the Kindle beside them), or, when it names it by a pronoun or
not at all ("never doing them again", "Crypto, never again"), of what was said before it. The
corpus has two such interests and needs (train and dev), both labeled negated.
"""

from __future__ import annotations

import re

_NEVER_AGAIN = re.compile(
    r"\bnever\s+again\b"
    r"|\bnever\s+(?:doing|touching|running|buying|using|playing|taking|trying|making|joining|"
    r"booking|paying\s+for|going\s+(?:to|back\s+to))\s+(?P<what>[^.;!?]{0,30}?)\s*\bagain\b",
    re.IGNORECASE,
)
_POINTING = frozenset({"", "it", "them", "that", "those", "this", "these", "one", "any"})
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def given_up(clause: str, phrase: str) -> bool:
    """Whether a clause says that what ``phrase`` names is given up for good ("never doing
    them again" after the reels; "never buying paper books again" of paper books)."""
    found = _NEVER_AGAIN.search(clause)
    if found is None:
        return False
    what = (found.group("what") or "").casefold().strip()
    if what in _POINTING:
        at = clause.casefold().find(phrase.casefold())
        return 0 <= at < found.start()
    return bool(set(_WORD.findall(phrase.casefold())) & set(_WORD.findall(what)))
