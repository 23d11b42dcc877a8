"""From a clause and what the model heard in it to a :class:`Signal`: phrase, owner, date.

The model decides the kind, status and owner; the parse supplies the words. The phrase is the
part of the clause the phrase model rates highest among those the parse offers ("become a vet",
"term sheet primer", or what the rules took for it); without a phrase model, the object of the
clause's verb, or the rules' phrase when they heard the same kind there. A third party is named
by the attribution rules ("her son", "Leo"), and an event's date is the clause's date expression
resolved against the note's date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc, Span, Token

from giveback.core.domain import About, Signal, SignalKind, Status
from giveback.pipelines.extraction.dates import resolve_date
from giveback.pipelines.extraction.phrases import normalize
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.phrases.candidates import candidates, clause_root, trimmed, words_of
from giveback.pipelines.learned.phrases.model import PhraseModel
from giveback.pipelines.learned.refusals import refused
from giveback.pipelines.learned.signals.model import Heard

_OBJECTS = ("dobj", "xcomp", "attr", "acomp", "oprd", "ccomp", "pobj", "dative", "nsubjpass")
# Candidates grow with the square of a clause's length: a run-on clause past this many tokens
# (a pasted wall of text) is named by the parse rules instead. Real clauses are far shorter.
MAX_CHOICE_TOKENS = 80


def _words(tokens: Sequence[Token]) -> str:
    """The words of ``tokens`` as the note spells them, leading articles dropped, normalized."""
    return words_of(trimmed(tokens))


def _copular(span: Span) -> bool:
    """Whether the clause says what its (non-pronoun) subject is: "the search is the blocker"."""
    root = clause_root(span)
    attribute = next((c for c in root.children if c.dep_ == "attr"), None)
    return (
        root.lemma_ == "be"
        and (attribute is None or attribute.pos_ != "PROPN")  # "her favourite band is Wilco"
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" for c in root.children)
    )


def phrase_of(span: Span, kind: SignalKind) -> str:
    """What the clause is about, in a few words (never empty)."""
    root = clause_root(span)
    inside = [c for c in root.children if span.start <= c.i < span.end]
    subject = next((c for c in inside if c.dep_ in ("nsubj", "nsubjpass")), None)
    if _copular(span) and subject is not None:
        # "co-founder search is still the blocker": the subject is the matter, not "blocker".
        phrase = _words([t for t in subject.subtree if span.start <= t.i < span.end])
        if phrase:
            return phrase
    target = next((c for c in inside if c.dep_ in _OBJECTS), None)
    if target is None:
        prep = next((c for c in inside if c.dep_ == "prep"), None)
        target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if target is not None:
        tokens = [t for t in target.subtree if span.start <= t.i < span.end]
        if kind is SignalKind.COMMITMENT and root.pos_ == "VERB":
            tokens = [root, *tokens]
        phrase = _words(tokens)
        if phrase:
            return phrase
    chunks = [c for c in span.noun_chunks if c.root.pos_ != "PRON"]
    if chunks:
        phrase = _words(list(chunks[-1]))
        if phrase:
            return phrase
    return _words(list(span)) or normalize(span.text)[:60] or span.text[:60]


def _event_date(span: Span, note_date: date) -> date | None:
    past = any(t.tag_ in ("VBD", "VBN") and t.dep_ == "ROOT" for t in span)
    for entity in span.ents:
        if entity.label_ == "DATE":
            found = resolve_date(entity.text, note_date, past=past)
            if found is not None:
                return found
    return None


def same_kind_rule(clause: Clause, kind: SignalKind, rules: Sequence[Signal]) -> Signal | None:
    """The first signal of ``kind`` the rules heard within ``clause``, if they heard one."""
    return next(
        (
            r
            for r in rules
            if r.kind is kind and min(clause.end, r.end) > max(clause.start, r.start)
        ),
        None,
    )


def assemble(
    doc: Doc,
    clause: Clause,
    heard: Heard,
    rules: Sequence[Signal],
    note_date: date,
    phrases: PhraseModel | None = None,
) -> Signal | None:
    """The signal the model heard in ``clause``, in the words of the note."""
    span = doc.char_span(clause.start, clause.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    kind = SignalKind(heard.kind)
    about = About(heard.about)
    if kind is SignalKind.COMMITMENT:
        about = About.USER
    same = same_kind_rule(clause, kind, rules)
    thing = refused(clause.text) if kind is SignalKind.CAUTION else None
    chosen = thing or (
        phrases.choose(candidates(span, kind.value, same.phrase if same is not None else None))
        if phrases is not None and len(span) <= MAX_CHOICE_TOKENS
        else None
    )
    phrase = chosen or (
        same.phrase if same is not None and not _copular(span) else phrase_of(span, kind)
    )
    who = None
    if about is About.THIRD_PARTY:
        rule_who = same.who if same is not None else None
        who = rule_who or clause.attributed_who or "someone else"
    event_date = None
    if kind is SignalKind.EVENT:
        event_date = (
            same.event_date
            if same is not None and same.event_date
            else _event_date(span, note_date)
        )
    status = Status(heard.status)
    if status is Status.RESOLVED and kind not in (SignalKind.NEED, SignalKind.COMMITMENT):
        status = Status.NEGATED
    if kind is SignalKind.CAUTION:
        status = Status.ACTIVE
    return Signal(
        kind,
        phrase,
        clause.text,
        clause.start,
        clause.end,
        about=about,
        status=status,
        confidence=heard.probability,
        who=who,
        event_date=event_date,
    )
