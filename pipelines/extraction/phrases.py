"""From a trigger to its phrase: the short, normalized thing a signal is about."""

from __future__ import annotations

import re

from spacy.tokens import Token

from giveback.pipelines.extraction.lexicon import GENERIC_HEADS

# fmt: off
_LEAD_WORDS = frozenset({"a", "an", "the", "some", "any", "her", "his", "their", "my", "our",
                         "your", "its", "this", "that", "these", "those", "really", "more",
                         "another", "also", "still", "actively", "finally", "just", "already",
                         "desperately", "seriously", "quietly", "good", "great", "first",
                         "maybe", "possibly", "probably", "definitely", "kind", "of", "sort",
                         "couple", "few", "several", "lots", "lot", "ton", "bit"})
# fmt: on
_STOP_POS = frozenset({"PUNCT", "CCONJ", "SCONJ", "AUX", "PRON", "SPACE", "INTJ", "SYM", "X"})
# fmt: off
_LIGHT_VERBS = frozenset({"find", "hire", "get", "meet", "land", "talk", "connect", "build",
                          "grow", "bring", "recruit", "add", "have", "make", "start", "set",
                          "figure", "sort", "speak", "chat", "hear", "know", "line", "pick"})
_CONNECT_PREPS = frozenset({"on", "about", "to", "with", "for", "at", "in", "re", "from", "of",
                            "around", "into"})
# fmt: on
_WS = re.compile(r"\s+")
# fmt: off
_SOMEONE = frozenset({"someone", "somebody", "anyone", "anybody", "people", "folks",
                      "something", "anything"})
# fmt: on
_POSSESSIVE = frozenset({"her", "his", "their", "my", "our", "your", "its"})


def normalize(text: str) -> str:
    """Lowercase, straighten quotes and collapse white space; strip edge punctuation."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return _WS.sub(" ", text).strip(" \t\n.,;:!?-–—'\"()[]").lower()


def _chunk_end(tokens: list[Token], j: int, limit: int) -> int:
    """Index one past the end of the noun group starting at ``j`` (its head and modifiers)."""
    end = j
    while end < limit:
        tok = tokens[end]
        if tok.ent_type_ in ("DATE", "TIME") and end > j:
            break
        if tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or tok.dep_ in ("compound", "amod"):
            end += 1
            continue
        glued = end > j and not tokens[end - 1].whitespace_ and not tok.whitespace_
        if (
            tok.text in ("-", "/", "&")
            and glued
            and end + 1 < limit
            and not tokens[end + 1].is_punct
        ):
            end += 1  # "co-founder", "b2b/saas"; a spaced dash ends the phrase
            continue
        if (
            tok.pos_ == "CCONJ"
            and tok.lower_ in ("and", "or", "&")
            and end > j
            and end + 2 < limit
            and tokens[end + 1].pos_ in ("NOUN", "ADJ", "PROPN")
            and tokens[end + 2].pos_ in ("NOUN", "PROPN")
        ):
            end += 1  # "storage and grid founders": one group, two modifiers
            continue
        if tok.pos_ == "VERB" and tok.tag_ in ("VBG", "VBN") and end == j:
            end += 1  # "climbing", "trail running", "applied ML"
            continue
        if tok.pos_ == "VERB" and tok.tag_ == "VBG" and end > j and tokens[end - 1].pos_ != "ADJ":
            end += 1
            continue
        break
    return end


def phrase_after(tokens: list[Token], start: int, limit: int, depth: int = 0) -> tuple[int, int]:
    """The token range ``[a, b)`` of the phrase that follows position ``start``.

    ``tokens`` is the sentence; ``limit`` the first index not to cross. Returns ``(a, a)`` when
    nothing usable follows.
    """
    j = start
    while j < limit and (
        tokens[j].text in (":", "-", "–")
        or (tokens[j].lemma_ == "be" and j + 1 < limit and tokens[j + 1].pos_ in ("DET", "NOUN"))
    ):
        j += 1
    while j < limit and (
        tokens[j].lower_ in _LEAD_WORDS
        or (tokens[j].dep_ in ("det", "poss", "predet", "neg") and tokens[j].pos_ != "NOUN")
        or tokens[j].lower_ in ("'s", "s", "as", "like", "additional", "extra")
        or (
            tokens[j].pos_ == "NUM"
            and j + 1 < limit
            and tokens[j + 1].pos_ in ("NOUN", "ADJ", "ADV", "PROPN")
        )
    ):
        j += 1
    if j >= limit:
        return j, j
    tok = tokens[j]
    if tok.lower_ == "to" and j + 1 < limit and tokens[j + 1].pos_ in ("VERB", "AUX"):
        verb = tokens[j + 1]
        if (
            verb.lemma_.lower() in ("hear", "know", "learn", "understand")
            and j + 2 < limit
            and tokens[j + 2].lower_ in ("how", "what", "about", "whether", "if", "why")
        ):
            end = j + 3
            while end < limit and end - j < 11 and not tokens[end].is_punct:
                end += 1
            return j + 1, end  # "love to hear how you handled your first underperformer"
        if verb.lemma_.lower() in _LIGHT_VERBS:
            k = j + 2
            while k < limit and tokens[k].lower_ in (
                "to",
                "with",
                "up",
                "out",
                "in",
                "a",
                "an",
                "the",
                "more",
                "some",
                "her",
                "his",
                "their",
                "them",
                "him",
                "me",
            ):
                k += 1
            return phrase_after(tokens, k, limit, depth + 1) if depth < 2 else (k, k)
        a, b = phrase_after(tokens, j + 2, limit, depth + 1) if depth < 2 else (j + 2, j + 2)
        if b <= a:  # "love to work somewhere climate related": the rest of the clause says what
            b = j + 2
            while (
                b < limit
                and b - j < 7
                and not (
                    tokens[b].is_punct or tokens[b].is_space or tokens[b].pos_ in ("CCONJ", "SCONJ")
                )
            ):
                b += 1
        return j + 1, max(b, j + 2)
    if tok.lower_ in _SOMEONE:
        end = j + 1
        while (
            end < limit
            and end - j < 9
            and not (
                tokens[end].is_punct
                or tokens[end].is_space
                or tokens[end].ent_type_ in ("DATE", "TIME")
                or tokens[end].lower_ in ("by", "before")
            )
        ):
            end += 1
        return j, end
    if tok.pos_ in _STOP_POS or tok.ent_type_ in ("DATE", "TIME"):
        return j, j
    end = _chunk_end(tokens, j, limit)
    if end == j:
        if tok.pos_ == "VERB":
            end = min(j + 1, limit)
            end = _chunk_end(tokens, end, limit) if end < limit else end
        else:
            return j, j
    head = tokens[end - 1].lower_
    # "advice on pricing", "intro to someone at Stripe": the generic head needs its complement.
    if (
        head in GENERIC_HEADS and end < limit and tokens[end].lower_ in _CONNECT_PREPS and depth < 3
    ) or (
        end < limit - 1
        and tokens[end].lower_ in ("of", "for")
        and depth < 2
        and tokens[end - 1].lower_
        in (
            "round",
            "series",
            "book",
            "history",
            "future",
            "head",
            "vp",
            "director",
            "cost",
            "world",
            "art",
            "science",
            "business",
            "economics",
            "philosophy",
        )
    ):
        a, b = phrase_after(tokens, end + 1, limit, depth + 1)
        if b > a:
            end = b
    return j, end


# fmt: off
INTENSIFIERS = frozenset({"big", "huge", "massive", "total", "real", "avid", "serious",
                         "die-hard", "diehard", "crazy", "complete", "proper", "such", "major",
                         "giant", "absolute", "hardcore"})
# fmt: on


def phrase_before(tokens: list[Token], anchor: int) -> tuple[int, int]:
    """The noun group right before ``anchor`` ("sourdough" in "sourdough nerd")."""
    j = anchor
    while (
        j > 0
        and (tokens[j - 1].pos_ in ("NOUN", "PROPN", "ADJ") or tokens[j - 1].dep_ == "compound")
        and anchor - j < 4
    ):
        j -= 1
    while j < anchor and (tokens[j].lower_ in _LEAD_WORDS or tokens[j].lower_ in INTENSIFIERS):
        j += 1
    return j, anchor


# fmt: off
_TRAILING = frozenset({"and", "or", "with", "for", "to", "the", "a", "an", "of", "in", "on",
                       "at", "but", "so", "-", "who", "that", "which", "me", "him", "her"})
# fmt: on


def span_text(tokens: list[Token], a: int, b: int) -> str:
    """The normalized text of tokens ``[a, b)``, without possessives or a dangling tail."""
    while b > a + 1 and tokens[b - 1].lower_ in _TRAILING:
        b -= 1
    return normalize("".join(t.text_with_ws for t in tokens[a:b] if t.lower_ not in _POSSESSIVE))
