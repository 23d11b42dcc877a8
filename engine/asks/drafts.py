"""The ask, in the user's voice: specific, easy to decline, and with something offered back.

"Hi Ana, I'm looking for an accountant who knows sales tax for the studio, and I thought of
you: you did the books for three restaurants. Would you have 20 minutes for a call, or know
who I should talk to? No is a perfectly good answer; I know how full your plate is. And you
mentioned the grant report: would it help if I proofread it?"

The reason quotes what the notes or the ledger say the person knows or did ("did the books for
three restaurants (note of Mar 2, 2026)"), so the user sees why before sending.
"""

from __future__ import annotations

import re

from giveback.engine.asks.needs import Need
from giveback.engine.asks.people import Evidence
from giveback.engine.suggest.drafts import Tone, first_sentence
from giveback.engine.suggest.naming import offer_clause, who_they_are, with_article
from giveback.engine.suggest.reasons import first_name, when
from giveback.engine.suggest.wording import told_back

# "I need a plumber" / "need: plumber" / "Find a plumber": the need as the object of "looking for".
_NEED_LEAD = re.compile(
    r"^(?:i\s+(?:really\s+|still\s+)?(?:need|want|am looking for|'m looking for)|"
    r"(?:still\s+)?(?:need(?:s|ed)?|looking for|find|finding|get|getting)\b)\s*:?\s*",
    re.IGNORECASE,
)
_OBJECT_LEADS = ("someone", "somebody", "anyone", "a ", "an ", "the ", "help", "advice",
                 "intro", "introduction", "recommendation", "second opinion")  # fmt: skip


def need_phrase(text: str) -> str:
    """A need as the object of "I'm looking for": "an accountant who knows sales tax" of
    "need accountant who knows sales tax"."""
    phrase = _NEED_LEAD.sub("", text.strip()).rstrip(" .!?;:")
    if not phrase:
        return text.strip()
    low = phrase.lower()
    if low.startswith(_OBJECT_LEADS) or low.split()[0] in ("to", "my", "our", "some"):
        return phrase[0].lower() + phrase[1:] if not phrase.split()[0].isupper() else phrase
    if low.startswith(("how ", "what ", "where ", "which ", "who ", "whether ")):
        return f"advice on {phrase}"
    return with_article(phrase[0].lower() + phrase[1:] if not phrase[:2].isupper() else phrase)


def evidence_line(evidence: Evidence) -> str:
    """Where the fit was read: the quoted words and their source."""
    quoted = first_sentence(evidence.text, 200)
    if evidence.source == "note" and evidence.day is not None:
        return f'"{quoted}" (note of {when(evidence.day)})'
    if evidence.source == "favor" and evidence.day is not None:
        return f'they helped you before: "{quoted}" ({when(evidence.day)})'
    if evidence.source == "catalog":
        return f'their entry in your catalog: "{quoted}"'
    return f'their tags: "{quoted}"'


def ask_reason(name: str, need: Need, evidence: Evidence, extra: str = "") -> str:
    """Why this person, for this need: the need and the evidence of fit."""
    reason = f'For your need "{need.text}": {first_name(name)} fits, {evidence_line(evidence)}.'
    return f"{reason} {extra}".strip()


def _because(name: str, evidence: Evidence) -> str:
    first = first_name(name)
    if evidence.source == "favor":
        told = told_back(evidence.text, first)
        return f"you helped me with something close before ({told or evidence.text.rstrip('.')})"
    if evidence.source == "catalog":
        said = who_they_are(first, evidence.text.split(". ", 1)[0].split(" - ", 1)[-1])
        return f"I know this is your world ({said.rstrip('.')})" if said else "it's your world"
    if evidence.source == "note":
        told = told_back(evidence.text, first)
        if told:
            return f"I remember {told}"
    return "you know this far better than I do"


def offer_back(title: str, their_need: str) -> str:
    """Something offered alongside the ask ("And you mentioned the grant report: would it
    help if I proofread it?"), from the offer's title and what they need."""
    clause = offer_clause(title)
    lead = f"And you mentioned {their_need.rstrip('.')}: would" if their_need else "And would"
    if clause.startswith("to "):
        return f"{lead} it help if I {clause[3:]}?"
    return f"{lead} it help if I offered you {clause}?"


def ask_draft(
    name: str,
    need: Need,
    evidence: Evidence,
    offer: tuple[str, str] | None = None,
    tone: Tone = "warm",
) -> str:
    """The message: what the user needs, why this person, one small specific ask, an easy way
    out, and (when one fits) something offered back."""
    first = first_name(name)
    greeting = f"{'Dear' if tone == 'formal' else 'Hi'} {first},"
    lines = [
        f"I'm looking for {need_phrase(need.text)}, and I thought of you: "
        f"{_because(name, evidence)}.",
        "Would you have 20 minutes for a call, or know who I should talk to?",
        "No is a perfectly good answer, and so is no reply: I know how full your plate is.",
    ]
    if offer is not None:
        lines.append(offer_back(*offer))
    if tone == "short":
        lines[2] = "No worries at all if not."
    closing = {"short": "Thanks!", "warm": "Thank you either way!", "formal": "With thanks,"}
    return " ".join([greeting, *lines, closing[tone]])
