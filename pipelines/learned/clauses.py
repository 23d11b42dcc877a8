"""Clauses: the units the learned listener decides about, cut from a parsed note.

A sentence (the structure component already starts one at every line, bullet and speaker turn)
is cut again at semicolons, at a spaced dash, before ", but" / ", so" / ", and" and before a
conjunction that joins two clauses with subjects of their own. On the labeled corpus every
signal's evidence overlaps a clause, and fewer than 3% of signals share a clause with another
of the same kind.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from giveback.core.domain import ContactRef, Signal
from giveback.pipelines.extraction.attribution import attribute, find_subject
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.heads import line_head

# fmt: off
_SPLIT_AFTER_COMMA = frozenset({"but", "and", "so", "though", "although", "while", "because",
                                "whereas"})
# fmt: on
_DASHES = frozenset({"-", "–", "—"})
_TRIM = " \t\n-*•·,;:"
# fmt: off
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i'll", "i've", "i'd",
                           "we", "our", "us"})
# fmt: on


def _cut_before(token: Token, sentence_start: int) -> bool:
    """Whether a clause ends just before ``token``."""
    if token.i <= sentence_start + 1:
        return False
    before = token.doc[token.i - 1]
    if token.lower_ in _SPLIT_AFTER_COMMA and token.dep_ in ("cc", "mark") and before.text == ",":
        return True
    if token.dep_ == "cc" and token.i > sentence_start + 2 and token.head.pos_ in ("VERB", "AUX"):
        # "she's raising a seed and her son wants an internship": a second subject follows.
        return any(
            child.dep_ == "conj"
            and child.i > token.i
            and child.pos_ in ("VERB", "AUX")
            and any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)
            for child in token.head.children
        )
    return False


def _cut_at(token: Token) -> bool:
    """Whether ``token`` itself separates two clauses (and belongs to neither)."""
    if token.text == ";":
        return True
    return (
        token.text in _DASHES
        and bool(token.whitespace_)
        and token.i > 0
        and bool(token.doc[token.i - 1].whitespace_)
    )


def token_spans(doc: Doc) -> list[tuple[int, int]]:
    """Clause boundaries as token offsets ``(start, end)``, in order."""
    spans: list[tuple[int, int]] = []
    for sentence in doc.sents:
        start = sentence.start
        for token in sentence:
            if _cut_at(token):
                if token.i > start:
                    spans.append((start, token.i))
                start = token.i + 1
            elif _cut_before(token, start):
                spans.append((start, token.i))
                start = token.i
        if sentence.end > start:
            spans.append((start, sentence.end))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _root(doc: Doc, a: int, b: int) -> Token:
    for token in doc[a:b]:
        if not a <= token.head.i < b or token.head.i == token.i:
            return token
    return doc[a]


def clauses_of(
    doc: Doc,
    rule_signals: Sequence[Signal] = (),
    contact: ContactRef | None = None,
    others: Sequence[ContactRef] = (),
) -> list[Clause]:
    """The note's clauses (at least two characters of text each), with their features."""
    text = doc.text
    turns = doc._.turns or []
    out: list[Clause] = []
    said_of = ""  # whom the last clause with a subject on this line is about
    for a, b in token_spans(doc):
        start, end = _trimmed(text, doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text))
        if end - start < 2:
            continue
        words = {t.lower_ for t in doc[a:b]}
        overlapping = [s for s in rule_signals if min(end, s.end) > max(start, s.start)]
        root = _root(doc, a, b)
        owner = attribute(root, contact, others, turns)
        head = line_head(doc, start, contact)
        if out and "\n" in text[out[-1].end : start]:
            said_of = ""
        subject = find_subject(root)
        carried = said_of if subject is None else ""
        if subject is not None:
            said_of = owner.about.value
        out.append(
            Clause(
                start,
                end,
                text[start:end],
                question=text[start:end].rstrip("\"')”’ ").endswith("?"),
                user_turn=any(t.start <= start < t.end and t.is_user for t in turns),
                other_turn=any(t.start <= start < t.end and not t.is_user for t in turns),
                first_person=bool(words & _FIRST_PERSON),
                has_date=any(
                    e.label_ in ("DATE", "TIME") for e in doc.ents if start <= e.start_char < end
                ),
                has_person=any(
                    e.label_ == "PERSON" for e in doc.ents if start <= e.start_char < end
                ),
                rule_kinds=frozenset(s.kind.value for s in overlapping),
                rule_statuses=frozenset(s.status.value for s in overlapping),
                rule_abouts=frozenset(s.about.value for s in overlapping),
                attributed=owner.about.value,
                attributed_who=owner.who,
                head_contact=head.contact,
                head_other=head.other,
                carried=carried,
            )
        )
    return out
