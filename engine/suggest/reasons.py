"""Why a give: the note's own words, its date, and the other side of an introduction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from giveback.engine.suggest.promise_said import is_reply
from giveback.engine.suggest.queries import sentences
from giveback.engine.suggest.ranking import Candidate, RankSignal


def first_name(name: str) -> str:
    """The first word of a name ("Maria" of "Maria Lopez")."""
    return name.split()[0] if name.strip() else name


# Words that open a surname, never end a given name: "Ciarán Mac Cárthaigh" is Ciarán, though
# the address book keeps "Ciarán Mac" as an alias.
# fmt: off
_SURNAME_PARTICLES = frozenset({
    "mac", "mc", "ní", "nic", "ó", "o'", "ua", "uí", "van", "von", "de", "da", "di", "del",
    "della", "dos", "das", "du", "la", "le", "bin", "binti", "ibn", "al", "el", "ben", "ap", "ter",
})
# fmt: on


def called(name: str, aliases: Sequence[str] = ()) -> str:
    """What a greeting calls them: a given name of two words when an alias says it is one
    ("Mei Lin" of "Mei Lin Ortiz"), else the first name ("Maria" of "Maria Lopez"). An alias
    that ends on the start of a surname is no given name ("Ciarán Mac" of "Ciarán Mac
    Cárthaigh")."""
    words = name.split()
    for alias in aliases:
        said = alias.split()
        if (
            1 < len(said) < len(words)
            and words[: len(said)] == said
            and said[-1].casefold() not in _SURNAME_PARTICLES
        ):
            return alias.strip()
    return first_name(name)


def when(day: date) -> str:
    """A note's date as a reason shows it ("Jan 10, 2026")."""
    return f"{day:%b} {day.day}, {day.year}"


def still_owed(sig: RankSignal) -> str:
    """What a reason adds of a later note that says a promise is still owed ("", if none)."""
    if sig.owed_on is None:
        return ""
    return f'; still owed on {when(sig.owed_on)}: "{sig.owed_said}"'


def as_written(phrase: str, evidence: str) -> str:
    """The phrase with the note's own casing ("SaaS contracts lawyer", not "saas ...")."""
    at = evidence.lower().find(phrase.lower())
    return evidence[at : at + len(phrase)] if at >= 0 else phrase


def reason_for(contact: str, cand: Candidate) -> str:
    """Why this give: the quoted evidence and the note's date, and the other side of an intro."""
    sig = cand.signal
    who = first_name(contact)
    if sig.about == "third_party" and sig.who and not sig.relayed:
        relation = sig.who.split(maxsplit=1)
        if len(relation) == 2 and relation[0] in ("her", "his", "their", "my"):
            who = f"{first_name(contact)}'s {relation[1]}"
        else:
            who = f"{sig.who} (via {first_name(contact)})"
    if sig.kind == "commitment":
        text = f'You promised {first_name(contact)}: "{sig.evidence}" ({when(sig.note_date)})'
        text += answering(sig) + still_owed(sig)
    else:
        maybe = ", maybe" if sig.status == "hedged" else ""
        text = (
            f"{who} — {sig.kind}{maybe}: {as_written(sig.phrase, sig.evidence)}. "
            f'"{sig.evidence}" ({when(sig.note_date)})'
        )
    if cand.other_side is not None:
        other = cand.other_side
        text += (
            f"; and {first_name(cand.item.title)} — {other.kind}: "
            f"{as_written(other.phrase, other.evidence)}. "
            f'"{other.evidence}" ({when(other.note_date)})'
        )
    if cand.like is not None:
        text += f' (Scored down: much like "{cand.like.title}", shown above it.)'
    return text


def promise_reason(contact: str, sig: RankSignal) -> str:
    """Why a reminder: the promise as the note has it, and that no item in the catalog keeps
    it."""
    return (
        f'You promised {first_name(contact)}: "{sig.evidence}" ({when(sig.note_date)})'
        f"{answering(sig)}{still_owed(sig)}. Nothing in your catalog keeps this promise: it is "
        "yours to do."
    )


def answering(sig: RankSignal) -> str:
    """For a promise made as a reply ("yes, put me down"), what it answered: the last
    sentence of the turn before ("in answer to: 'Careers week is confirmed, can you still do
    it?'"); else nothing, as the promise says what it is."""
    if not sig.context or not is_reply(sig.evidence):
        return ""
    asked = sentences(sig.context)
    mark = "?" if sig.context.rstrip().endswith("?") else ""  # sentences() drops it
    return f', in answer to "{asked[-1]}{mark}"' if asked else ""
