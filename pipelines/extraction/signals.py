"""The signal component: triggers, phrases, attribution and status, per sentence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from models.domain import About, ContactRef, Signal, SignalKind, Status
from pipelines.extraction.attribution import Attribution, attribute, status_of
from pipelines.extraction.dates import resolve_date
from pipelines.extraction.lexicon import (
    FUTURE_AUX,
    PROMISE_LEMMAS,
    RESOLVABLE_HEADS,
    SMALL_TALK,
    TRIGGERS,
    Trigger,
)
from pipelines.extraction.phrases import normalize, phrase_after, phrase_before, span_text

for _name in ("signals", "note_date", "contact", "known_contacts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_GIVING_VERBS = frozenset({
    "send", "share", "intro", "introduce", "connect", "forward", "email", "follow", "review",
    "look", "check", "ping", "loop", "draft", "write", "recommend", "lend", "pass", "dig",
    "find", "help", "put", "set", "book", "call", "text", "reach", "circle", "give", "bring",
    "host", "invite", "make", "get", "buy", "mail", "ask", "read", "edit", "proofread",
    "mentor", "coach", "tour", "show", "walk", "cover", "donate", "offer", "flag", "dm",
})
_NOT_PROMISES = frozenset({"think", "see", "be", "have", "try", "let", "miss", "need", "want",
                           "love", "like", "hope", "guess", "bet", "say", "mean", "wonder"})
_FUNDING_HEADS = frozenset({"round", "seed", "series", "money", "funds", "fund", "capital",
                            "million", "bridge", "note", "safe", "pre-seed", "funding", "a", "b",
                            "m", "k", "debt", "cash", "angels"})
_DATIVES = frozenset({"her", "him", "them", "you", "me", "us", "maria"})
_PRIORITY = {SignalKind.COMMITMENT: 4, SignalKind.EVENT: 3, SignalKind.NEED: 2,
             SignalKind.INTEREST: 1}
_PAST = frozenset({"VBD", "VBN"})


def _index(triggers: Iterable[Trigger]) -> dict[str, list[Trigger]]:
    index: dict[str, list[Trigger]] = defaultdict(list)
    for trig in triggers:
        index[trig.lemmas[0]].append(trig)
    for group in index.values():
        group.sort(key=lambda t: -len(t.lemmas))  # longest first: "look to hire" over "look"
    return index


def _word_matches(word: str, token: Token) -> bool:
    return word == token.lower_ or word == token.lemma_.lower()


@Language.factory(
    "giveback_signals",
    default_config={"min_confidence": 0.3, "extra_small_talk": []},
)
def make_signals(nlp: Language, name: str, min_confidence: float,
                 extra_small_talk: list[str]) -> SignalFinder:
    """Register the signal component (spaCy factory)."""
    return SignalFinder(min_confidence, frozenset(extra_small_talk))


class SignalFinder:
    """Finds interests, needs, events and commitments; stores them on ``doc._.signals``."""

    def __init__(self, min_confidence: float = 0.3,
                 extra_small_talk: frozenset[str] = frozenset()) -> None:
        self.min_confidence = min_confidence
        self.small_talk = SMALL_TALK | extra_small_talk
        self.index = _index(TRIGGERS)

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc._.signals`` with the signals of the note."""
        contact: ContactRef | None = doc._.contact
        others: tuple[ContactRef, ...] = doc._.known_contacts or ()
        note_date: date = doc._.note_date or date.today()
        turns = doc._.turns or []
        found: list[Signal] = []
        for sent in doc.sents:
            tokens = list(sent)
            if len(tokens) < 2 or (len(tokens) <= 4 and tokens[-1].text == ":"):
                continue
            for i, tok in enumerate(tokens):
                keys = {tok.lower_, tok.lemma_.lower()}
                for key in keys:
                    for trig in self.index.get(key, ()):
                        n = len(trig.lemmas)
                        if i + n <= len(tokens) and all(
                                _word_matches(w, tokens[i + k]) for k, w in enumerate(trig.lemmas)):
                            sig = self._build(trig, tokens, i, i + n, sent, contact, others,
                                              turns, note_date)
                            if sig is not None:
                                found.append(sig)
                            break
            found.extend(self._commitments(tokens, contact, others, turns))
        doc._.signals = [s for s in _dedupe(found) if s.confidence >= self.min_confidence]
        return doc

    # -- one trigger -----------------------------------------------------------------------
    def _build(self, trig: Trigger, tokens: list[Token], i: int, j: int, sent: Span,
               contact: ContactRef | None, others: tuple[ContactRef, ...], turns: list,
               note_date: date) -> Signal | None:
        anchor = tokens[j - 1]
        first = tokens[i]
        status: Status | None = trig.status
        confidence = trig.confidence
        lemma = trig.lemmas[0]
        past = first.tag_ in _PAST and not any(
            c.lemma_ == "be" and c.dep_ == "aux" for c in first.children)
        limit = next((k for k in range(j, len(tokens)) if tokens[k].text in (";", "—", "|")),
                     len(tokens))
        if trig.object == "after":
            a, b = phrase_after(tokens, j, limit)
            if a == b and j < limit and tokens[j].pos_ == "ADP" and tokens[j].lower_ in (
                    "at", "with", "for", "on", "in"):
                a, b = phrase_after(tokens, j + 1, limit)
        elif trig.object == "before":
            a, b = phrase_before(tokens, i)
        else:
            a, b = i, j
        phrase = span_text(tokens, a, b) if b > a else ""

        if trig.kind is SignalKind.NEED and status is Status.RESOLVED:
            if not past and not first.text.lower().startswith("sorted"):
                return None
            head = phrase.split()[-1] if phrase else ""
            if head.rstrip("s") not in RESOLVABLE_HEADS and head not in RESOLVABLE_HEADS:
                return None
        elif trig.kind is SignalKind.NEED:
            if lemma in ("raise", "fundraise", "fundraising"):
                if lemma == "raise" and phrase and not (set(phrase.split()) & _FUNDING_HEADS) \
                        and not any(t.ent_type_ == "MONEY" for t in tokens[a:b]):
                    return None
                if lemma == "raise" and not phrase and first.tag_ != "VBG":
                    return None
                phrase = phrase if phrase and not phrase[0].isdigit() and "$" not in phrase \
                    else "funding"
                if past and lemma == "raise":
                    status = Status.RESOLVED
            elif lemma in ("hire", "hiring", "recruit"):
                if past:
                    status = Status.RESOLVED
                if not phrase:
                    phrase = "hires"
            elif lemma in ("need", "want") and anchor.pos_ not in ("VERB", "AUX", "NOUN"):
                return None
            elif lemma == "want" and phrase.startswith(("to ", "him", "her", "them")):
                return None
        elif trig.kind is SignalKind.INTEREST:
            if lemma == "love" and j < len(tokens) and tokens[j].lower_ in ("that", "it", "this",
                                                                              "the", "how"):
                if j + 1 >= len(tokens) or tokens[j + 1].pos_ not in ("NOUN", "PROPN"):
                    return None
            if lemma == "play" and phrase.split()[-1:] in (["role"], ["part"], ["it"], ["ball"]):
                return None
            if anchor.lower_ == "into" and anchor.head.lemma_ not in ("be", "get"):
                return None
        else:  # events
            if trig.label and "{obj}" in trig.label:
                if lemma in ("move", "moving", "relocate") and not any(
                        t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "LOC") for t in tokens[a:b]):
                    if "to" in trig.lemmas:
                        return None
                if lemma in ("join", "start") and not any(
                        t.pos_ == "PROPN" or t.ent_type_ == "ORG" for t in tokens[a:b]):
                    return None
                phrase = trig.label.format(obj=phrase) if phrase else trig.label.split(" ")[0]
            elif trig.label:
                if lemma == "move" and not any(t.ent_type_ == "DATE" for t in tokens):
                    return None
                phrase = trig.label
        if not phrase:
            return None
        words = phrase.split()
        if phrase in self.small_talk or words[-1] in self.small_talk and len(words) <= 2:
            return None

        attribution: Attribution = attribute(anchor, contact, others, turns)
        if status is None:
            status = status_of(anchor, first, sent.doc)
        if status is Status.HEDGED:
            confidence *= 0.9
        start_tok = _extend_left(tokens, i)
        end_tok = max(b, j)
        span_start = min(tokens[start_tok].idx, tokens[a].idx if b > a else tokens[i].idx)
        last = tokens[end_tok - 1]
        span_end = last.idx + len(last.text)
        event_date = None
        if trig.kind is SignalKind.EVENT:
            event_date = self._event_date(tokens, anchor, note_date, past)
        return Signal(
            kind=trig.kind, phrase=phrase, evidence=sent.doc.text[span_start:span_end],
            start=span_start, end=span_end, about=attribution.about, status=status,
            confidence=min(confidence, 0.99), who=attribution.who, event_date=event_date)

    @staticmethod
    def _event_date(tokens: list[Token], anchor: Token, note_date: date, past: bool) -> date | None:
        dates = [e for e in anchor.sent.ents if e.label_ == "DATE"]
        if not dates:
            return None
        nearest = min(dates, key=lambda e: abs(e.start - anchor.i))
        future = any(t.lower_ in ("will", "'ll", "next", "upcoming", "due") for t in tokens)
        return resolve_date(nearest.text, note_date, past=past and not future)

    # -- promises by the user -----------------------------------------------------------------
    def _commitments(self, tokens: list[Token], contact: ContactRef | None,
                     others: tuple[ContactRef, ...], turns: list) -> list[Signal]:
        out: list[Signal] = []
        for k, verb in enumerate(tokens):
            if verb.pos_ != "VERB" or verb.lemma_.lower() in _NOT_PROMISES:
                continue
            aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            head = verb.head
            promised = head.lemma_.lower() in PROMISE_LEMMAS | {"happy", "glad"} and \
                verb.dep_ in ("xcomp", "acomp", "ccomp", "advcl")
            reported = head.lemma_.lower() in ("say", "tell") and bool(aux & {"'d", "would"})
            future = bool(aux & FUTURE_AUX - {"'d", "would"}) or reported
            let_me = k >= 2 and tokens[k - 2].lower_ == "let" and tokens[k - 1].lower_ == "me"
            imperative = (verb.dep_ == "ROOT" and subject is None and verb.tag_ == "VB"
                          and verb.lemma_.lower() in _GIVING_VERBS
                          and all(t.is_punct or t.is_space or t.text in ("-", "*", "•")
                                  for t in tokens[:k]))
            if not (future or promised or let_me or imperative):
                continue
            if any(c.dep_ == "neg" for c in verb.children):
                continue
            who = attribute(verb, contact, others, turns) if subject is not None or promised \
                else None
            if promised and subject is None:
                who = attribute(head, contact, others, turns)
                if next((c for c in head.children if c.dep_ == "nsubj"), None) is None:
                    who = Attribution(About.USER)
            if who is not None and who.about is not About.USER:
                continue
            if who is None and not (let_me or imperative or verb.lemma_.lower() in _GIVING_VERBS):
                continue
            if who is None and turns and not _in_user_turn(turns, verb.idx):
                continue
            sig = self._promise(tokens, k, promised, head)
            if sig is not None:
                out.append(sig)
        return out

    @staticmethod
    def _promise(tokens: list[Token], k: int, promised: bool, head: Token) -> Signal | None:
        verb = tokens[k]
        end = k + 1
        stop = {"PUNCT", "CCONJ", "SCONJ"}
        while end < len(tokens) and end - k < 9 and tokens[end].pos_ not in stop \
                and tokens[end].ent_type_ != "DATE" and not tokens[end].is_space \
                and tokens[end].lower_ not in ("by", "before", "after", "when", "so", "once"):
            end += 1
        words = [t for t in tokens[k:end]
                 if not (t.i > verb.i and t.lower_ in _DATIVES and t.dep_ in ("dative", "dobj")
                         and t.i + 1 < verb.i + (end - k) and t.i == verb.i + 1)]
        phrase = normalize("".join(t.text_with_ws for t in words))
        phrase = " ".join(w for w in phrase.split() if w not in ("her", "his", "their"))
        if len(phrase.split()) < 2 and verb.lemma_.lower() not in ("intro", "introduce"):
            return None
        first = head if promised and head.i < verb.i else verb
        lead = [t for t in verb.children if t.dep_ in ("nsubj", "aux") and t.i < verb.i]
        if lead:
            first = min([first, *lead], key=lambda t: t.i)
        start = first.idx
        last = tokens[end - 1]
        text = verb.doc.text
        return Signal(kind=SignalKind.COMMITMENT, phrase=phrase,
                      evidence=text[start:last.idx + len(last.text)], start=start,
                      end=last.idx + len(last.text), about=About.USER, status=Status.ACTIVE,
                      confidence=0.75)


def _in_user_turn(turns: list, char: int) -> bool:
    return any(t.start <= char < t.end and t.is_user for t in turns)


def _extend_left(tokens: list[Token], i: int) -> int:
    """Include the negation or hedge right before a trigger in its evidence ("not looking")."""
    k = i
    while k > 0 and i - k < 3 and (tokens[k - 1].dep_ in ("neg", "aux", "auxpass")
                                   or tokens[k - 1].lower_ in ("no", "longer", "not", "might",
                                                               "maybe", "n't", "never")):
        k -= 1
    return k


def _dedupe(signals: list[Signal]) -> list[Signal]:
    """One signal per stretch of text: the stronger kind and the better phrase win."""
    ordered = sorted(signals, key=lambda s: (-_PRIORITY[s.kind] if s.status is not Status.RESOLVED
                                             else -5, -s.confidence, -(s.end - s.start)))
    kept: list[Signal] = []
    for sig in ordered:
        clash = False
        for other in kept:
            overlap = min(sig.end, other.end) - max(sig.start, other.start)
            if overlap > 0 and (other.kind == sig.kind or overlap >= 0.5 * min(
                    sig.end - sig.start, other.end - other.start)):
                clash = True
                break
        if not clash:
            kept.append(sig)
    kept.sort(key=lambda s: s.start)
    return [replace(s) for s in kept]
