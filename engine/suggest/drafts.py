"""Reasons and draft messages, from templates, in the user's voice."""

from __future__ import annotations

import re
from datetime import date

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.ranking import Candidate, RankSignal

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def first_name(name: str) -> str:
    """The first word of a name ("Maria" of "Maria Lopez")."""
    return name.split()[0] if name.strip() else name


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a text, cut at ``limit`` characters."""
    sentence = _SENTENCE.split(text.strip(), maxsplit=1)[0] if text.strip() else ""
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _when(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def reason_for(contact: str, cand: Candidate) -> str:
    """Why this give: the quoted evidence and the note's date, and the other side of an intro."""
    sig = cand.signal
    who = first_name(contact)
    if sig.about == "third_party" and sig.who:
        relation = sig.who.split(maxsplit=1)
        if len(relation) == 2 and relation[0] in ("her", "his", "their", "my"):
            who = f"{first_name(contact)}'s {relation[1]}"
        else:
            who = f"{sig.who} (via {first_name(contact)})"
    if sig.kind == "commitment":
        text = f'You promised {first_name(contact)}: "{sig.evidence}" ({_when(sig.note_date)})'
    else:
        maybe = ", maybe" if sig.status == "hedged" else ""
        text = (
            f"{who} — {sig.kind}{maybe}: {_as_written(sig.phrase, sig.evidence)}. "
            f'"{sig.evidence}" ({_when(sig.note_date)})'
        )
    if cand.other_side is not None:
        other = cand.other_side
        text += (
            f"; and {first_name(cand.item.title)} — {other.kind}: "
            f"{_as_written(other.phrase, other.evidence)}. "
            f'"{other.evidence}" ({_when(other.note_date)})'
        )
    if cand.like is not None:
        text += f' (Scored down: much like "{cand.like.title}", shown above it.)'
    return text


def _as_written(phrase: str, evidence: str) -> str:
    """The phrase with the note's own casing ("SaaS contracts lawyer", not "saas ...")."""
    at = evidence.lower().find(phrase.lower())
    return evidence[at : at + len(phrase)] if at >= 0 else phrase


_ARTICLES = ("a", "an", "some", "another")


def _with_article(phrase: str, evidence: str) -> str:
    """The phrase as written, with the article the note put before it ("a SaaS lawyer")."""
    written = _as_written(phrase, evidence)
    at = evidence.lower().find(phrase.lower())
    before = evidence[:at].split() if at > 0 else []
    if before and before[-1].lower() in _ARTICLES:
        return f"{before[-1].lower()} {written}"
    return written


def _mention(sig: RankSignal) -> str:
    """ "you mentioned you're looking for X" in the words that fit the kind of signal."""
    topic = _with_article(sig.phrase, sig.evidence)
    who, be = "you", "you're"
    if sig.about == "third_party" and sig.who:
        who = sig.who
        for poss in ("her ", "his ", "their "):
            if who.startswith(poss):
                who = "your " + who[len(poss) :]
        be = f"{who} is"
    if sig.kind == "need":
        return f"you mentioned {be} looking for {topic}"
    if sig.kind == "interest":
        return f"you mentioned {be} into {topic}"
    return f"you mentioned {topic}"


def _with_who(line: str, person: RankItem) -> str:
    """An introduction's line, then who the person is, in their catalog entry's words."""
    about = first_sentence(person.text)
    other = first_name(person.title)
    if about:
        line += f" {about if about.startswith(other) else f'{other}: {about}'}"
    return line


def _promise_kept(hello: str, item: RankItem) -> str:
    """A promise kept with the item it named: the introduction, the offer or the article."""
    if item.type == "contact":
        return _with_who(f"{hello} as promised, let me introduce you to {item.title}.", item)
    if item.type == "offer":
        title = item.title.rstrip(".")
        return f"{hello} as promised, I'd be glad to help: {title}. When suits you?"
    link = f" {item.url}" if item.url else ""
    return f'{hello} as promised, here it is: "{item.title}".{link}'


def draft_for(contact: str, cand: Candidate) -> str:
    """A short message the user can send as it is or edit."""
    item, sig = cand.item, cand.signal
    hello = f"Hi {first_name(contact)},"
    mention = _mention(sig)
    topic = _as_written(sig.phrase, sig.evidence)
    if sig.kind == "commitment":
        return _promise_kept(hello, item)
    if item.type == "contact":
        line = _with_who(
            f"{hello} {mention}. Would it help if I introduced you to {item.title}?", item
        )
        if cand.other_side is not None:
            line += f" I think {first_name(item.title)} would be glad to hear from you too."
        return line
    if item.type == "offer":
        return (
            f"{hello} {mention}. I'd be glad to help: {item.title.rstrip('.')}. "
            "Want to find a time?"
        )
    link = f" {item.url}" if item.url else ""
    return f'{hello} this made me think of our chat about {topic}: "{item.title}".{link}'


# How notes word a promise before what was promised ("said I'd", "I offered to").
_PROMISE_LEAD = re.compile(
    r"^(?:(?:and|so|also|oh)\s+)?(?:i\s+)?(?:(?:said|told\s+\w+|promised(?:\s+\w+)?|offered|"
    r"agreed|committed|volunteered)\s+(?:that\s+)?(?:i['’]d|i\s+would|i['’]ll|i\s+will|to)|"
    r"i['’]ll|i\s+will|i\s+can|i\s+could|i['’]d|i\s+would|i['’]m\s+going\s+to|"
    r"i\s+am\s+going\s+to|going\s+to|will)\s+",
    re.IGNORECASE,
)
# After "her" these words start a phrase of their own: there "her" is the object ("send her
# the ..."), elsewhere it is the possessive ("proofread her CV").
# fmt: off
_AFTER_OBJECT = frozenset({
    "to", "for", "with", "about", "a", "an", "the", "this", "that", "these", "those", "some",
    "my", "our", "and", "once", "when", "at", "on", "in", "if", "by", "as", "after", "before",
    "first", "next", "soon",
})
# fmt: on


def promise_text(evidence: str) -> str:
    """What was promised, without how the note words the promising ("dig out my old bird
    guide for him" of "said I'd dig out my old bird guide for him")."""
    text = evidence.strip().rstrip(".!")
    return _PROMISE_LEAD.sub("", text, count=1) if _PROMISE_LEAD.match(text) else text


def to_second_person(text: str, contact: str) -> str:
    """A phrase about the contact, addressed to them ("lend him my book" -> "lend you my
    book", "proofread her CV" -> "proofread your CV")."""
    names = {contact.casefold(), first_name(contact).casefold()}
    words = text.split()
    out = []
    someone_else = False  # after another person's name, "his" may be theirs: left as it is
    for n, word in enumerate(words):
        bare = word.rstrip(".,;:!?")
        tail = word[len(bare) :]
        low = bare.casefold()
        after = words[n + 1].casefold().strip(".,;:!?") if n + 1 < len(words) else ""
        if n and bare[:1].isupper() and low not in names and low != "i":
            someone_else = True
        if someone_else and low in ("him", "his", "her", "them", "their"):
            pass
        elif low in ("him", "them") or low in names:
            bare = "you"
        elif low in ("his", "their") or low in {f"{x}'s" for x in names}:
            bare = "your"
        elif low == "her":
            bare = "you" if tail or not after or after in _AFTER_OBJECT else "your"
        out.append(bare + tail)
    return " ".join(out)


def promise_reason(contact: str, sig: RankSignal) -> str:
    """Why a reminder: the promise as the note has it, and that no item in the catalog keeps
    it."""
    return (
        f'You promised {first_name(contact)}: "{sig.evidence}" ({_when(sig.note_date)}). '
        "Nothing in your catalog keeps this promise: it is yours to do."
    )


def promise_draft(contact: str, sig: RankSignal) -> str:
    """A note that keeps a promise no catalog item keeps ("I haven't forgotten: I'll ...")."""
    hello = f"Hi {first_name(contact)},"
    text = sig.evidence.strip().rstrip(".!")
    if not _PROMISE_LEAD.match(text):  # a reply ("yes, put me down"): quote it back
        return f'{hello} I haven\'t forgotten what I said ("{text}"). When would suit you?'
    return f"{hello} I haven't forgotten: I'll {to_second_person(promise_text(text), contact)}."
