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
from giveback.pipelines.learned.closure.called_off import called_off_here
from giveback.pipelines.learned.given_up import given_up
from giveback.pipelines.learned.phrases.candidates import candidates, clause_root, trimmed, words_of
from giveback.pipelines.learned.phrases.model import PhraseModel
from giveback.pipelines.learned.refusals import refused
from giveback.pipelines.learned.signals.model import Heard

_OBJECTS = ("dobj", "xcomp", "attr", "acomp", "oprd", "ccomp", "pobj", "dative", "nsubjpass")
# Candidates grow with the square of a clause's length: a run-on clause past this many tokens
# (a pasted wall of text) is named by the parse rules instead. Real clauses are far shorter.
MAX_CHOICE_TOKENS = 80
# An event more than this many days from its note is a misread number, not a date.
MAX_DAYS_AWAY = 3 * 366
# A day this many days before its note, said with no tense of the past, is that recent day,
# not the same day next year (more than NEXT_YEAR_DAYS ahead).
RECENT_DAYS = 45
NEXT_YEAR_DAYS = 300


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
    for entity in span.ents:
        if entity.label_ == "DATE":
            past = _told_as_past(entity, span)
            found = resolve_date(entity.text, note_date, past=past)
            if (
                found is not None
                and not past
                and (found - note_date).days > NEXT_YEAR_DAYS
                and any(c.isdigit() for c in entity.text)
            ):
                # A day a few weeks gone is news, not next year's: "Signed July 3!!" in a
                # note of July 9, "landing was Jan 9" on Jan 20.
                recent = resolve_date(entity.text, note_date, past=True)
                if recent is not None and 0 <= (note_date - recent).days <= RECENT_DAYS:
                    found = recent
            # "22 yrs in ... (he's 49)" is no date of 2049.
            if found is not None and abs((found - note_date).days) <= MAX_DAYS_AWAY:
                return found
    return None


def _told_as_past(entity: Span, span: Span) -> bool:
    """Whether the verb a date hangs from tells of the past ("had the baby Sept 12", "was born
    on the 3rd"), not of what is ahead ("starting Sept 8", "starts Sept 16", "exam booked for
    Jan 22", "He's registered for the test on 24 November"). With no verb above it, the
    clause's own verb decides."""
    token = entity.root
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return any(t.tag_ in ("VBD", "VBN") and t.dep_ == "ROOT" for t in span)
    if token.tag_ == "VBD":
        return True
    # A participle is past with a past auxiliary ("was born", "had moved"), not with a present
    # one ("'s registered") or none ("booked for Jan 22").
    return token.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in token.children
    )


# The parts of speech that can name what a signal is about: a clause of none ("Still no.") names
# nothing, whatever the model hears in it beside the clause before. Of the corpus's labeled
# signals, seven have none, six of them promises given by assent ("obviously yes", "I'll be
# there") and one a hedged want ("Into it, maybe").
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
# What the parser may take for a name or a verb, and names nothing.
_INTERJECTIONS = frozenset({
    "ugh", "nah", "yep", "yeah", "yes", "no", "nope", "hell", "ok", "okay", "lol", "haha", "hmm",
    "oh", "wow", "omg", "meh", "sure", "cheers", "thanks",
})  # fmt: skip
# The kinds a clause must name something for: a promise may be given by assent ("obviously
# yes") and a refusal said in a word ("Me: want the grief article? / Her: Please, no.").
_NAMED = frozenset({SignalKind.NEED, SignalKind.INTEREST, SignalKind.EVENT})


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
    if kind in _NAMED and not any(
        t.pos_ in _CONTENT and t.lower_ not in _INTERJECTIONS for t in span
    ):
        return None  # "Still no.", "Nah.": nothing to name (a refusal may be "Please, no.")
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
        # The date read from the verb it hangs from, else the rules' (which read the tense of
        # their trigger: "Gabi had the baby Sept 12" put the birth in next September).
        event_date = _event_date(span, note_date) or (same.event_date if same is not None else None)
    status = Status(heard.status)
    if status is Status.RESOLVED and kind not in (SignalKind.NEED, SignalKind.COMMITMENT):
        status = Status.NEGATED
    if kind is SignalKind.CAUTION:
        status = Status.ACTIVE
    elif kind in (SignalKind.INTEREST, SignalKind.NEED) and given_up(clause.text, phrase):
        status = Status.NEGATED  # "she is never doing them again"
    elif kind in (SignalKind.INTEREST, SignalKind.NEED, SignalKind.EVENT) and called_off_here(
        clause.text, phrase
    ):
        status = Status.NEGATED  # "Strings camp idea is dead."
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
