"""Whether two phrases name the same thing: head nouns, containment, standing matters.

The rule listener closes an earlier need with a later resolved one when their phrases match
("update: she found a lawyer" closes "needs a contracts lawyer"); the digest and the ranker
read the content words of a phrase.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Leading words that carry no meaning for matching ("a new lawyer" ~ "lawyer").
_LIGHT_WORDS = frozenset({
    "a", "an", "the", "some", "any", "her", "his", "their", "our", "my", "your", "its",
    "this", "that", "these", "those", "new", "good",
})  # fmt: skip
_INVARIANT = frozenset({
    "series", "species", "news", "physics", "economics", "analysis", "basis", "crisis",
})  # fmt: skip
_PREPOSITIONS = frozenset({
    "for", "to", "with", "on", "in", "at", "of", "about", "from", "into", "who", "that",
})  # fmt: skip
# Heads too generic to identify a need on their own: "marketing help" is not "hiring help".
_GENERIC_HEADS = frozenset({
    "help", "advice", "intro", "introduction", "recommendation", "rec", "support", "info",
    "information", "idea", "tip", "someone", "somebody", "person", "people", "thing", "stuff",
})  # fmt: skip


def singular(word: str) -> str:
    """A simple English singular: enough to match "lawyers" with "lawyer"."""
    if len(word) <= 3 or word in _INVARIANT or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalize_phrase(phrase: str) -> tuple[str, ...]:
    """The words of a phrase, lowercased and singularized, light leading words dropped."""
    words = [singular(w.casefold()) for w in _WORD.findall(phrase)]
    while len(words) > 1 and words[0] in _LIGHT_WORDS:
        words.pop(0)
    return tuple(words)


def _head(words: tuple[str, ...]) -> str | None:
    # The head is the last word before a prepositional tail: "lawyers for the MSA" -> lawyer.
    for i, word in enumerate(words):
        if i > 0 and word in _PREPOSITIONS:
            return words[i - 1]
    return words[-1] if words else None


def head_noun(phrase: str) -> str | None:
    """The head of a phrase: its last word, or the last before a preposition, normalized."""
    return _head(normalize_phrase(phrase))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def phrases_match(a: str, b: str) -> bool:
    """Whether two need phrases name the same need: same head noun, or one contains the other.

    Words are compared lowercased and singularized ("lawyers" ~ "lawyer").

    A generic head ("help", "advice", "intro") is not enough on its own: then one phrase must
    contain the other ("help" ~ "marketing help", but not "marketing help" ~ "hiring help").
    """
    words_a, words_b = normalize_phrase(a), normalize_phrase(b)
    if not words_a or not words_b:
        return False
    head = _head(words_a)
    if head == _head(words_b) and head not in _GENERIC_HEADS:
        return True
    if len(words_a) < len(words_b):
        words_a, words_b = words_b, words_a
    return _contains(words_a, words_b)


# Words that name the same ongoing matter however a note phrases it: a "job search is over"
# closes "looking for senior PM roles"; "not hiring" closes "hiring two engineers".
_TOPIC_FAMILIES = {
    "job": frozenset(
        {
            "job",
            "jobs",
            "role",
            "roles",
            "position",
            "positions",
            "search",
            "hunt",
            "hunting",
            "offer",
            "offers",
            "interview",
            "interviews",
            "interviewing",
            "applying",
            "application",
            "applications",
            "opening",
            "openings",
        }
    ),
    "hiring": frozenset(
        {
            "hire",
            "hires",
            "hiring",
            "hired",
            "recruit",
            "recruiting",
            "candidate",
            "candidates",
            "headcount",
            "req",
            "reqs",
        }
    ),
    "funding": frozenset(
        {
            "raise",
            "raising",
            "raised",
            "round",
            "seed",
            "pre-seed",
            "funding",
            "fundraise",
            "fundraising",
            "investor",
            "investors",
            "capital",
            "series",
            "vc",
            "vcs",
            "angels",
            "angel",
        }
    ),
    "housing": frozenset({"apartment", "house", "housing", "lease", "rent", "home", "realtor"}),
}
_STOP = frozenset({
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "with", "about", "her",
    "his", "their", "my", "our", "your", "some", "any", "new", "good", "how", "who", "what",
    "someone", "something", "anything", "help", "advice", "is", "are", "be", "that", "this",
})  # fmt: skip


def topic_families(text: str) -> set[str]:
    """The standing matters (job, hiring, funding, housing) a text talks about."""
    words = {w.casefold() for w in _WORD.findall(text)}
    return {name for name, family in _TOPIC_FAMILIES.items() if words & family}


def content_words(phrase: str) -> set[str]:
    """The meaningful words of a phrase, singularized."""
    return {singular(w.casefold()) for w in _WORD.findall(phrase)} - _STOP
