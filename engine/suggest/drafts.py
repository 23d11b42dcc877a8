"""Reasons and draft messages, from templates, in the user's voice."""

from __future__ import annotations

import re
from datetime import date

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


def draft_for(contact: str, cand: Candidate) -> str:
    """A short message the user can send as it is or edit."""
    item, sig = cand.item, cand.signal
    hello = f"Hi {first_name(contact)},"
    mention = _mention(sig)
    topic = _as_written(sig.phrase, sig.evidence)
    if item.type == "contact":
        other = first_name(item.title)
        about = first_sentence(item.text)
        line = f"{hello} {mention}. Would it help if I introduced you to {item.title}?"
        if about:
            line += f" {about if about.startswith(other) else f'{other}: {about}'}"
        if cand.other_side is not None:
            line += f" I think {other} would be glad to hear from you too."
        return line
    if item.type == "offer":
        if sig.kind == "commitment":
            return f"{hello} as promised: {item.title.rstrip('.')}. When suits you?"
        return (
            f"{hello} {mention}. I'd be glad to help: {item.title.rstrip('.')}. "
            "Want to find a time?"
        )
    link = f" {item.url}" if item.url else ""
    if sig.kind == "commitment":
        return f"{hello} as promised, here is {item.title}.{link}"
    return f'{hello} this made me think of our chat about {topic}: "{item.title}".{link}'
