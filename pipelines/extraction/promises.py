"""The user's promises, heard by rule: "I'll send her the deck", "said I'd intro him to Dana",
"happy to look over the draft"."""

from __future__ import annotations

from spacy.tokens import Token

from giveback.core.domain import About, ContactRef, Signal, SignalKind, Status
from giveback.pipelines.extraction.attribution import Attribution, attribute
from giveback.pipelines.extraction.lexicon import FUTURE_AUX, PROMISE_LEMMAS
from giveback.pipelines.extraction.phrases import normalize
from giveback.pipelines.extraction.tokens import doc_text, in_user_turn, joins_word
from giveback.pipelines.extraction.turns import Turn

# fmt: off
_GIVING_VERBS = frozenset({
    "send", "share", "intro", "introduce", "connect", "forward", "email", "follow", "review",
    "look", "check", "ping", "loop", "draft", "write", "recommend", "lend", "pass", "dig",
    "find", "help", "put", "set", "book", "call", "text", "reach", "circle", "give", "bring",
    "host", "invite", "make", "get", "buy", "mail", "ask", "read", "edit", "proofread",
    "mentor", "coach", "tour", "show", "walk", "cover", "donate", "offer", "flag", "dm",
})

_NOT_PROMISES = frozenset({"think", "see", "be", "have", "try", "let", "miss", "need", "want",
                           "love", "like", "hope", "guess", "bet", "say", "mean", "wonder"})

_DATIVES = frozenset({"her", "him", "them", "you", "me", "us", "maria"})

# Words a promise's phrase cannot end on: they lead on to what was cut off.
_DANGLING = frozenset({"the", "a", "an", "to", "for", "of", "on", "with", "in", "at", "and",
                       "or", "if", "from", "about", "would", "could", "he", "she", "they",
                       "my", "your", "our"})

_TODO_LEADS = frozenset({"me", "todo", "to-do", "action", "item", "items", "next", "step",
                         "steps", "f/u", "fu", "->", "=>", ":", "-", "*", "•", ">", "i", "must",
                         "should", "need", "to", "remember"})
# fmt: on


def _names_a_thing(token: Token) -> bool:
    """Whether a date word only says which thing ("the November clean-up", "the March
    newsletter"): it modifies a noun after it that is not a date itself."""
    head = token.head
    return (
        token.dep_ in ("compound", "nmod")
        and head.i > token.i
        and head.ent_type_ not in ("DATE", "TIME")
    )


def commitments(
    tokens: list[Token],
    contact: ContactRef | None,
    others: tuple[ContactRef, ...],
    turns: list[Turn],
) -> list[Signal]:
    """The promises of the user's in a sentence ("I'll send her the deck", "said I'd intro
    him to Dana"): a verb of giving said with a future or a promise, by the user."""
    out: list[Signal] = []
    for k, verb in enumerate(tokens):
        if verb.pos_ != "VERB" or verb.lemma_.lower() in _NOT_PROMISES:
            continue
        aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        head = verb.head
        promised = head.lemma_.lower() in PROMISE_LEMMAS | {"happy", "glad"} and verb.dep_ in (
            "xcomp",
            "acomp",
            "ccomp",
            "advcl",
        )
        reported = head.lemma_.lower() in ("say", "tell") and bool(aux & {"'d", "would"})
        going = (
            head.lower_ == "going"
            and verb.dep_ == "xcomp"
            and any(c.dep_ == "nsubj" and c.lower_ == "i" for c in head.children)
        )
        offered = (
            "could" in aux
            and subject is not None
            and subject.lower_ == "i"
            and verb.lemma_.lower() in _GIVING_VERBS | {"sit", "build"}
            and not any(a.lemma_ == "ask" for a in verb.ancestors)
        )
        future = bool(aux & FUTURE_AUX - {"'d", "would"}) or reported or going or offered
        if going:
            subject = next(c for c in head.children if c.dep_ == "nsubj")
        owe = verb.lemma_.lower() == "owe" and subject is not None and subject.lower_ == "i"
        future = future or owe
        let_me = k >= 2 and tokens[k - 2].lower_ == "let" and tokens[k - 1].lower_ == "me"
        if subject is not None and subject.lower_ == "me" and subject.i < verb.i:
            subject = None  # "me -> send him the survey": a note-to-self
        imperative = (
            subject is None
            and verb.tag_ in ("VB", "VBP", "NN")
            and verb.lemma_.lower() in _GIVING_VERBS
            and all(t.is_punct or t.is_space or t.lower_ in _TODO_LEADS for t in tokens[:k])
        )
        if not (future or promised or let_me or imperative):
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        who = attribute(verb, contact, others, turns) if subject is not None or promised else None
        if promised and subject is None:
            who = attribute(head, contact, others, turns)
            if next((c for c in head.children if c.dep_ == "nsubj"), None) is None:
                who = Attribution(About.USER)
        if going or owe:
            who = Attribution(About.USER)
        if who is not None and who.about is not About.USER:
            continue
        if who is None and not (let_me or imperative or verb.lemma_.lower() in _GIVING_VERBS):
            continue
        if (
            who is None
            and turns
            and not in_user_turn(turns, verb.idx)
            and not any(t.lower_ == "me" for t in tokens[:k])
        ):
            continue
        sig = _promise(tokens, k, promised, head)
        if sig is not None:
            out.append(sig)
    return out


def _promise(tokens: list[Token], k: int, promised: bool, head: Token) -> Signal | None:
    verb = tokens[k]
    end = k + 1
    stop = {"PUNCT", "CCONJ", "SCONJ"}
    while (
        end < len(tokens)
        and end - k < 9
        and (tokens[end].pos_ not in stop or joins_word(tokens, end))
        and (tokens[end].ent_type_ != "DATE" or _names_a_thing(tokens[end]))
        and not tokens[end].is_space
        and (
            tokens[end].lower_ not in ("by", "before", "after", "when", "so", "once")
            or joins_word(tokens, end - 1)  # "step-by-step"
        )
    ):
        end += 1
    words = [
        t
        for t in tokens[k:end]
        if not (
            t.i > verb.i
            and t.lower_ in _DATIVES
            and t.dep_ in ("dative", "dobj")
            and t.i + 1 < verb.i + (end - k)
            and t.i == verb.i + 1
        )
    ]
    phrase = normalize("".join(t.text_with_ws for t in words))
    kept = [w for w in phrase.split() if w not in ("her", "his", "their")]
    cut = end < len(tokens) and (end - k >= 9 or tokens[end].ent_type_ == "DATE")
    # Cut at a date or at nine words, a phrase must not end on a word that leads on ("bring
    # her to the" of "bring her to the 12 May talk", "put her in touch with Dermot for the").
    while cut and kept and kept[-1] in _DANGLING:
        kept.pop()
    phrase = " ".join(kept)
    if len(phrase.split()) < 2 and verb.lemma_.lower() not in ("intro", "introduce"):
        return None
    first = head if promised and head.i < verb.i else verb
    lead = [t for t in verb.children if t.dep_ in ("nsubj", "aux") and t.i < verb.i]
    if lead:
        first = min([first, *lead], key=lambda t: t.i)
    start = first.idx
    last = tokens[end - 1]
    text = doc_text(verb.doc)
    return Signal(
        kind=SignalKind.COMMITMENT,
        phrase=phrase,
        evidence=text[start : last.idx + len(last.text)],
        start=start,
        end=last.idx + len(last.text),
        about=About.USER,
        status=Status.ACTIVE,
        confidence=0.75,
    )
