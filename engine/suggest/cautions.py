"""Cautions that forbid a kind of give as such: "hates being sent articles", "no intros".

A caution about a topic ("don't send her anything about wine") drops the gives close to it in
the ranker; this module reads the cautions that name a type of give instead.
"""

from __future__ import annotations

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
