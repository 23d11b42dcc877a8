"""Small readings of a note's tokens that the rule components share: the note's text, a
hyphen inside a word, a thing one looks for, a turn the user speaks."""

from __future__ import annotations

from typing import Any, cast

from spacy.tokens import Doc, Token

from giveback.pipelines.extraction.lexicon import RESOLVABLE_HEADS
from giveback.pipelines.extraction.turns import Turn

PAST_TAGS = frozenset({"VBD", "VBN"})
# Where a doc keeps its joined text (spaCy's own extension keys are tuples like this one).
_TEXT_KEY = ("giveback", "text", None, None)


def joins_word(tokens: list[Token], i: int) -> bool:
    """Whether the token at ``i`` is a hyphen or slash inside a word ("plain-language",
    "step-by-step", "b2b/saas"): written with no space either side, between words."""
    token = tokens[i]
    return (
        token.text in ("-", "/")
        and 0 < i < len(tokens) - 1
        and not tokens[i - 1].whitespace_
        and not token.whitespace_
        and not tokens[i + 1].is_punct
        and not tokens[i - 1].is_punct
    )


def doc_text(doc: Doc) -> str:
    """The note's text, joined from its tokens once per doc (``Doc.text`` joins on every call)."""
    # spaCy types user_data as dict[str, Any]; its own extension keys are tuples, like this one.
    user_data = cast(dict[Any, Any], doc.user_data)
    text = user_data.get(_TEXT_KEY)
    if text is None:
        text = user_data[_TEXT_KEY] = doc.text
    return str(text)


def looked_for(word: str) -> bool:
    """A thing one looks for: a listed head, or a role noun ("booker", "therapist", "SREs")."""
    base = word.split("-")[-1]
    return (
        base in RESOLVABLE_HEADS
        or base.rstrip("s") in RESOLVABLE_HEADS
        or (
            base.rstrip("s").endswith(("er", "or", "ist", "ian", "ant"))
            and base not in ("other", "order", "paper", "letter", "dinner", "summer", "winter")
        )
    )


def in_user_turn(turns: list[Turn], char: int) -> bool:
    """Whether a character of the note sits in a turn the user speaks ("Me: ...")."""
    return any(t.start <= char < t.end and t.is_user for t in turns)
