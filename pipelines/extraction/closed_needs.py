"""Needs reported as met, heard by rule: "the seed round closed", "our new accountant starts
Monday"."""

from __future__ import annotations

from spacy.tokens import Token

from giveback.core.domain import ContactRef, Signal, SignalKind, Status
from giveback.pipelines.extraction.attribution import attribute
from giveback.pipelines.extraction.lexicon import CLOSING_VERBS, CLOSING_WORDS
from giveback.pipelines.extraction.phrases import normalize
from giveback.pipelines.extraction.tokens import PAST_TAGS, doc_text, looked_for
from giveback.pipelines.extraction.turns import Turn

# fmt: off
_PASSING_THINGS = frozenset({"meeting", "call", "lunch", "dinner", "weekend", "week", "day",
                             "year", "month", "winter", "summer", "spring", "fall", "season",
                             "party", "trip", "vacation", "holiday", "holidays", "game",
                             "match", "show", "concert", "conference", "event", "semester",
                             "term", "quarter", "storm", "rain", "surgery", "visit"})
# fmt: on


def closed_needs(
    tokens: list[Token],
    contact: ContactRef | None,
    others: tuple[ContactRef, ...],
    turns: list[Turn],
    small_talk: frozenset[str],
) -> list[Signal]:
    """Needs a sentence reports as met ("the seed round closed", "the nanny starts Monday"):
    a thing one looks for, as the subject of a verb of closing."""
    out: list[Signal] = []
    for subject in tokens:
        if subject.dep_ not in ("nsubj", "nsubjpass"):
            continue
        word = subject.lower_
        resolvable = looked_for(word) or any(
            c.dep_ == "compound" and looked_for(c.lower_) for c in subject.children
        )
        compound = any(c.dep_ == "compound" for c in subject.children)
        if (
            subject.pos_ not in ("NOUN", "PROPN")
            or word in _PASSING_THINGS
            or (word in small_talk and not compound)
        ):
            continue
        head = subject.head
        closer = None
        if (
            head.lemma_.lower() in CLOSING_VERBS
            and head.tag_ in PAST_TAGS
            and resolvable
            and not any(c.dep_ == "dobj" for c in head.children)
        ):
            closer = head
        elif (
            head.lemma_.lower() == "work"
            and head.tag_ in PAST_TAGS
            and any(c.lower_ == "out" for c in head.children)
        ):
            closer = next(c for c in head.children if c.lower_ == "out")
        elif (
            head.lemma_.lower() == "come"
            and head.tag_ in PAST_TAGS
            and any(c.lower_ == "through" for c in head.children)
        ):
            closer = next(c for c in head.children if c.lower_ == "through")
        elif head.lemma_ == "be":
            closer = next(
                (c for c in head.children if c.i > subject.i and c.lower_ in CLOSING_WORDS),
                None,
            )
        if closer is None:
            continue
        left = subject.left_edge.i
        while left < subject.i and subject.doc[left].dep_ in (
            "det",
            "poss",
            "nummod",
            "predet",
        ):
            left += 1
        while left < subject.i and subject.doc[left].dep_ in ("cc", "advmod", "mark"):
            left += 1
        phrase = normalize(subject.doc[left : subject.i + 1].text)
        if phrase in ("thing", "stress", "search", "hunt"):
            continue
        first_tok = subject.left_edge
        while first_tok.i < subject.i and first_tok.dep_ in ("cc", "advmod", "mark"):
            first_tok = first_tok.doc[first_tok.i + 1]
        start = first_tok.idx
        end = closer.idx + len(closer.text)
        who = attribute(head, contact, others, turns)
        still_on = closer.lower_ in ("on", "ongoing")
        if still_on and word not in ("hunt", "search"):
            continue
        out.append(
            Signal(
                kind=SignalKind.NEED,
                phrase=phrase,
                evidence=doc_text(subject.doc)[start:end],
                start=start,
                end=end,
                about=who.about,
                status=Status.ACTIVE if still_on else Status.RESOLVED,
                confidence=0.65,
                who=who.who,
            )
        )
    return out
