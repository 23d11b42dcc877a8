"""The signal component: triggers, phrases, attribution and status, per sentence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from giveback.core.domain import ContactRef, Signal, SignalKind, Status
from giveback.pipelines.extraction.attribution import (
    Attribution,
    attribute,
    contact_gender,
    names_of,
    sentence_referent,
    status_of,
)
from giveback.pipelines.extraction.closed_needs import closed_needs
from giveback.pipelines.extraction.lexicon import (
    GENERIC_HEADS,
    SMALL_TALK,
    TRIGGERS,
    Trigger,
)
from giveback.pipelines.extraction.phrases import (
    INTENSIFIERS,
    phrase_after,
    phrase_before,
    span_text,
)
from giveback.pipelines.extraction.promises import commitments
from giveback.pipelines.extraction.tokens import (
    PAST_TAGS,
    doc_text,
    in_user_turn,
    looked_for,
)
from giveback.pipelines.extraction.trigger_checks import (
    JOB_HEADS,
    date_of_event,
    event_holds,
    gerund,
    hobby_holds,
    hobby_phrase,
)
from giveback.pipelines.extraction.turns import Turn

for _name in ("signals", "note_date", "contact", "known_contacts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# fmt: off
_FUNDING_HEADS = frozenset({"round", "seed", "series", "money", "funds", "fund", "capital",
                            "million", "bridge", "note", "safe", "pre-seed", "funding", "a", "b",
                            "m", "k", "debt", "cash", "angels"})
_PRIORITY = {SignalKind.COMMITMENT: 4, SignalKind.NEED: 3, SignalKind.EVENT: 2,
             SignalKind.INTEREST: 1}
_INTO_LEADS = frozenset({"be", "'s", "'re", "'m", "not", "n't", "really", "big", "deep", "so",
                         "-",
                         "very", "more", "super", "get", "go", "lately", "heavily", "totally",
                         "*", "•", "also", "now", "still", "seriously", "way"})
_TALK_VERBS = frozenset({"hearing", "seeing", "meeting", "talking", "catching", "chatting",
                         "getting", "having", "being", "working"})
_WORK_OBJECTS = frozenset({"work", "investing", "angel", "grants", "grant", "job", "jobs",
                           "role", "roles", "track",
                           "funding", "investors", "investment", "opportunities", "position",
                           "positions", "offers", "consulting", "board", "seat", "gig", "gigs",
                           "contract", "contracts", "clients", "partnership"})
_WANT_NEED_VERBS = frozenset({"hire", "find", "meet", "get", "raise", "buy", "rent", "sell",
                              "talk", "connect", "speak", "hear", "land", "join", "break",
                              "switch", "transition", "pick"})
# fmt: on
_WANT_INTEREST_VERBS = frozenset({"learn", "try", "explore", "study"})


def _index(triggers: Iterable[Trigger]) -> dict[str, list[Trigger]]:
    index: dict[str, list[Trigger]] = defaultdict(list)
    for trig in triggers:
        index[trig.lemmas[0]].append(trig)
    for group in index.values():
        group.sort(key=lambda t: -len(t.lemmas))  # longest first: "look to hire" over "look"
    return index


def _match(words: tuple[str, ...], tokens: list[Token], i: int) -> int | None:
    """End index of ``words`` matched from ``tokens[i]``; adverbs may sit between the words
    ("could really use", "is still looking for")."""
    k = i
    for n, word in enumerate(words):
        while (
            n > 0
            and k < len(tokens)
            and tokens[k].pos_ == "ADV"
            and not _word_matches(word, tokens[k])
            and tokens[k].lower_ not in ("not", "n't", "never")
            and k - i < len(words) + 2
        ):
            k += 1
        if k >= len(tokens) or not _word_matches(word, tokens[k]):
            return None
        k += 1
    return k


def _word_matches(word: str, token: Token) -> bool:
    low = token.lower_
    if word == low or word == token.lemma_.lower():
        return True
    # The tagger sometimes reads a bullet's leading "-ing" verb as a noun ("- starting as CMO").
    return low.endswith("ing") and len(word) > 2 and low[:-3] in (word, word.rstrip("e"))


@Language.factory(
    "giveback_signals",
    default_config={"min_confidence": 0.3, "extra_small_talk": []},
)
def make_signals(
    nlp: Language, name: str, min_confidence: float, extra_small_talk: list[str]
) -> SignalFinder:
    """Register the signal component (spaCy factory)."""
    return SignalFinder(min_confidence, frozenset(extra_small_talk))


class SignalFinder:
    """Finds interests, needs, events and commitments; stores them on ``doc._.signals``."""

    def __init__(
        self, min_confidence: float = 0.3, extra_small_talk: frozenset[str] = frozenset()
    ) -> None:
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
        self._referent: str | None = None
        self._gender = contact_gender(doc, contact)
        for sent in doc.sents:
            tokens = list(sent)
            if len(tokens) < 2 or (len(tokens) <= 4 and tokens[-1].text == ":"):
                continue
            for i, tok in enumerate(tokens):
                keys = {tok.lower_, tok.lemma_.lower()}
                for key in keys:
                    for trig in self.index.get(key, ()):
                        end = _match(trig.lemmas, tokens, i)
                        if end is not None:
                            sig = self._build(
                                trig, tokens, i, end, sent, contact, others, turns, note_date
                            )
                            if sig is not None:
                                found.append(sig)
                                break
            found.extend(commitments(tokens, contact, others, turns))
            found.extend(closed_needs(tokens, contact, others, turns, self.small_talk))
            ref = sentence_referent(tokens, contact)
            if ref is False or (ref is None and "\n" in sent.text_with_ws):
                self._referent = None  # a new line or the contact by name: back to the contact
            elif isinstance(ref, str):
                self._referent = ref
        doc._.signals = [s for s in _dedupe(found) if s.confidence >= self.min_confidence]
        return doc

    # -- one trigger -----------------------------------------------------------------------
    def _build(
        self,
        trig: Trigger,
        tokens: list[Token],
        i: int,
        j: int,
        sent: Span,
        contact: ContactRef | None,
        others: tuple[ContactRef, ...],
        turns: list[Turn],
        note_date: date,
    ) -> Signal | None:
        anchor = tokens[j - 1]
        first = tokens[i]
        status: Status | None = trig.status
        confidence = trig.confidence
        lemma = trig.lemmas[0]
        past = first.tag_ in PAST_TAGS and not any(
            c.lemma_ == "be" and c.dep_ == "aux" for c in first.children
        )
        limit = next(
            (k for k in range(j, len(tokens)) if tokens[k].text in (";", "—", "|")), len(tokens)
        )
        if trig.object == "after":
            start = j
            if (
                start < limit
                and tokens[start].lemma_ == "be"
                and (lemma in ("need", "want", "ask") or anchor.pos_ == "NOUN")
            ):
                start += 1  # "what he does need is a good accountant", "her hobby is X"
            a, b = phrase_after(tokens, start, limit)
            if (
                a == b
                and start < limit
                and tokens[start].pos_ == "ADP"
                and tokens[start].lower_
                in ("at", "with", "for", "on", "in", "about", "re", "regarding")
            ):
                a, b = phrase_after(tokens, start + 1, limit)
        elif trig.object == "before":
            a, b = phrase_before(tokens, i)
        elif trig.object == "clause":
            a = b = j
            if trig.lemmas[0] == "ask" and j < limit and tokens[j].lower_ in ("i", "i'd", "we"):
                return None  # "asked whether I'd heard back": a question about the user
            while b < limit and b - a < 10 and not (tokens[b].is_punct or tokens[b].is_space):
                b += 1
        elif trig.object == "hobby":
            if first.pos_ not in ("VERB", "AUX") and first.tag_ != "VBG":
                return None
            a, b = hobby_phrase(tokens, i, j, limit)
            if lemma in ("run", "do", "start", "try", "drop", "quit") and not hobby_holds(
                lemma, tokens, i, a, b
            ):
                return None
        else:
            a, b = i, j
        phrase = span_text(tokens, a, b) if b > a else ""
        if trig.object == "hobby" and b == j and lemma != "stop":
            phrase = (
                tokens[i].lower_
                if tokens[i].lower_.endswith("ing")
                else gerund(tokens[i].lemma_.lower())
            )
        head_word = _head_word(phrase)

        if trig.kind is SignalKind.NEED and status is Status.RESOLVED:
            if not past and not first.text.lower().startswith("sorted"):
                return None
            if status_of(anchor, first, sent.doc) is Status.NEGATED:
                status = Status.ACTIVE  # "hasn't found a lawyer yet": still a need
            if not looked_for(head_word):
                return None
            if lemma == "get" and head_word in JOB_HEADS:
                return None  # "got the job": an event, not a need met
        elif trig.kind is SignalKind.NEED:
            if lemma == "look" and trig.object == "self":
                nxt = tokens[j] if j < len(tokens) else None
                if nxt is not None and not (
                    nxt.is_punct or nxt.is_space or nxt.pos_ in ("ADV", "CCONJ")
                ):
                    return None
                if status_of(anchor, first, sent.doc) not in (Status.NEGATED, Status.HEDGED):
                    return None
                phrase = "new job"  # "NOT looking", "might be looking": for a job, in a note
            elif lemma in ("raise", "fundraise", "fundraising"):
                if lemma == "fundraising" and first.dep_ in ("nsubj", "nsubjpass"):
                    return None  # "the fundraising is done": talked about, not needed
                if phrase and any(t.ent_type_ in ("DATE", "TIME") for t in tokens[a:b]):
                    phrase = ""
                if (
                    lemma == "raise"
                    and phrase
                    and not (set(phrase.split()) & _FUNDING_HEADS)
                    and not any(t.ent_type_ == "MONEY" for t in tokens[a:b])
                ):
                    return None
                if lemma == "raise" and not phrase and first.tag_ != "VBG":
                    return None
                phrase = (
                    phrase
                    if phrase and not phrase[0].isdigit() and "$" not in phrase
                    else "funding"
                )
                if past and lemma == "raise":
                    status = Status.RESOLVED
            elif lemma in ("hire", "hiring", "recruit"):
                if (
                    first.dep_ in ("compound", "amod") and first.head.pos_ == "NOUN"
                ) or first.dep_ in ("nsubj", "nsubjpass"):
                    return None  # "a hiring freeze", "hiring is slow": talked about
                if any(t.ent_type_ in ("PERSON", "ORG", "GPE") for t in tokens[a:b]):
                    if not past or not any(t.ent_type_ == "PERSON" for t in tokens[a:b]):
                        return None  # "hiring Bruno was the best call", "hiring at Shopify"
                    # "we hired Lena as founding designer": a need met, named by the role
                    role = next(
                        (k for k in range(b, min(b + 2, limit)) if tokens[k].lower_ == "as"), None
                    )
                    ra, rb = phrase_after(tokens, role + 1, limit) if role is not None else (0, 0)
                    phrase = span_text(tokens, ra, rb) if rb > ra else "hire"
                if (
                    (first.tag_ not in ("VBG", "VB", "NN") and not past)
                    or (first.tag_ == "NN" and not first.lower_.endswith("ing"))
                    or first.dep_ in ("dobj", "pobj")
                ):
                    return None  # "she recruits architects" describes a job
                if past:
                    if not phrase:
                        return None
                    negated = status_of(anchor, first, sent.doc) is Status.NEGATED
                    status = Status.ACTIVE if negated else Status.RESOLVED
                if not phrase:
                    phrase = "hires"
            elif lemma in ("need", "want") and anchor.pos_ not in ("VERB", "AUX", "NOUN"):
                return None
            elif lemma == "want":
                nxt = tokens[j] if j < len(tokens) else None
                if (
                    nxt is not None
                    and nxt.lower_ in ("her", "him", "them", "me", "us", "you")
                    and j + 1 < len(tokens)
                    and tokens[j + 1].lower_ == "to"
                ):
                    return None  # "wants her to take it": somebody else's errand
                if nxt is not None and nxt.lower_ == "to" and j + 1 < len(tokens):
                    verb = tokens[j + 1].lemma_.lower()
                    if verb in _WANT_INTEREST_VERBS:
                        return self._build(
                            Trigger(SignalKind.INTEREST, trig.lemmas, 0.6),
                            tokens,
                            i,
                            j + 2,
                            sent,
                            contact,
                            others,
                            turns,
                            note_date,
                        )
                    if verb not in _WANT_NEED_VERBS:
                        return None
                if phrase.startswith(("to ", "him", "her", "them")):
                    return None
        elif trig.kind is SignalKind.INTEREST:
            if (
                first.tag_ == "VB"
                and first.dep_ == "ROOT"
                and not any(c.dep_ == "nsubj" for c in first.children)
                and i == _first_word(tokens)
            ):
                return None  # "Enjoy Indian Wells!": a wish, not a hobby
            if phrase.split()[:1] and phrase.split()[0] in _TALK_VERBS | {"talking"}:
                return None
            if lemma == "love":
                nxt = tokens[j] if j < len(tokens) else None
                if nxt is not None and (
                    nxt.lower_ in _TALK_VERBS
                    or nxt.ent_type_ in ("GPE", "ORG", "PERSON", "LOC")
                    or nxt.lower_ in ("that", "it", "this", "how", "the")
                ):
                    follows_noun = j + 1 < len(tokens) and tokens[j + 1].pos_ in ("NOUN", "PROPN")
                    if nxt.lower_ not in ("the", "that", "this") or not follows_noun:
                        return None
            if lemma == "play" and phrase.split()[-1:] in (["role"], ["part"], ["it"], ["ball"]):
                return None
            if lemma == "into":
                prev = tokens[i - 1].lemma_.lower() if i > 0 and not tokens[i - 1].is_punct else "-"
                if prev not in _INTO_LEADS:
                    return None
                if any(t.ent_type_ == "PERSON" for t in tokens[a:b]) or (
                    contact is not None and phrase in names_of(contact)
                ):
                    return None  # "ran into Tom"
            got_into = ("into" in trig.lemmas and tokens[i].lemma_ == "get") or (
                lemma == "into" and i > 0 and tokens[i - 1].lemma_ == "get"
            )
            if got_into and any(
                t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "ORG") for t in tokens[a:b]
            ):
                return None  # "got into Michigan": an admission, not a hobby
            if lemma in ("person", "guy", "nut", "kick") and not any(
                t.lower_ in INTENSIFIERS | {"a", "on"} for t in tokens[max(0, a - 3) : a]
            ):
                return None
            if lemma == "interested" and head_word in _WORK_OBJECTS:
                trig = Trigger(SignalKind.NEED, trig.lemmas, trig.confidence)
        else:  # events
            if not event_holds(lemma, trig, tokens, a, b, head_word, past, sent, j):
                return None
            if trig.label and "{obj}" in trig.label:
                if lemma in ("move", "moving", "relocate"):
                    place = next(
                        (
                            e
                            for e in sent.ents
                            if e.label_ in ("GPE", "LOC") and e.start >= tokens[j - 1].i
                        ),
                        None,
                    )
                    phrase = place.text.lower() if place is not None else phrase
                phrase = (
                    trig.label.format(obj=phrase).strip()
                    if phrase
                    else trig.label.replace("{obj}", "").strip()
                )
            elif trig.label:
                phrase = trig.label
        if (
            not phrase
            or phrase in GENERIC_HEADS
            or (trig.object == "after" and b > a and all(t.pos_ == "NUM" for t in tokens[a:b]))
        ):
            return None  # "need two": nothing to match a give against
        words = phrase.split()
        if phrase in self.small_talk or (words[-1] in self.small_talk and len(words) <= 2):
            return None

        if (
            trig.kind in (SignalKind.NEED, SignalKind.INTEREST)
            and sent.text.rstrip().endswith("?")
            and in_user_turn(turns, first.idx)
        ):
            return None  # the user's own question ("Want intros?") is not the contact's need
        # "asked if I know a nurse": the asker is the one in need, and "if" is no hedge.
        governor = first if trig.lemmas[0] == "ask" else anchor
        attribution: Attribution = attribute(
            governor, contact, others, turns, self._referent, self._gender
        )
        if status is None:
            status = status_of(governor, first, sent.doc)
        if status is Status.HEDGED:
            confidence *= 0.9
        start_tok = _extend_left(tokens, i)
        end_tok = max(b, j)
        span_start = min(tokens[start_tok].idx, tokens[a].idx if b > a else tokens[i].idx)
        last = tokens[end_tok - 1]
        span_end = last.idx + len(last.text)
        event_date = None
        if trig.kind is SignalKind.EVENT:
            event_date = date_of_event(tokens, anchor, note_date, past)
        return Signal(
            kind=trig.kind,
            phrase=phrase,
            evidence=doc_text(sent.doc)[span_start:span_end],
            start=span_start,
            end=span_end,
            about=attribution.about,
            status=status,
            confidence=min(confidence, 0.99),
            who=attribution.who,
            event_date=event_date,
        )


def _first_word(tokens: list[Token]) -> int:
    return next((k for k, t in enumerate(tokens) if not (t.is_punct or t.is_space)), 0)


def _head_word(phrase: str) -> str:
    """The head noun of a phrase: its last word before any prepositional tail."""
    words = phrase.split()
    for k, word in enumerate(words):
        if k > 0 and word in ("from", "for", "to", "at", "on", "with", "in", "of", "who", "that"):
            return words[k - 1]
    return words[-1] if words else ""


def _extend_left(tokens: list[Token], i: int) -> int:
    """Include the negation or hedge right before a trigger in its evidence ("not looking")."""
    k = i
    while (
        k > 0
        and i - k < 3
        and (
            tokens[k - 1].dep_ in ("neg", "aux", "auxpass")
            or tokens[k - 1].lower_ in ("no", "longer", "not", "might", "maybe", "n't", "never")
        )
    ):
        k -= 1
    # A bare contraction ("'s looking for") reads badly as the start of a quote.
    while (
        k <= i
        and k + 1 < len(tokens)
        and tokens[k].text.startswith(("'", "’"))
        and tokens[k].lower_ != "n't"
    ):
        k += 1
    return k


def _dedupe(signals: list[Signal]) -> list[Signal]:
    """One signal per stretch of text: the stronger kind and the better phrase win."""
    ordered = sorted(
        signals,
        key=lambda s: (
            -_PRIORITY[s.kind] if s.status is not Status.RESOLVED else -5,
            -s.confidence,
            -(s.end - s.start),
        ),
    )
    kept: list[Signal] = []
    for sig in ordered:
        clash = False
        for other in kept:
            overlap = min(sig.end, other.end) - max(sig.start, other.start)
            if overlap > 0 and (
                other.kind == sig.kind
                or overlap >= 0.5 * min(sig.end - sig.start, other.end - other.start)
            ):
                clash = True
                break
        if not clash:
            kept.append(sig)
    kept.sort(key=lambda s: s.start)
    return [replace(s) for s in kept]
