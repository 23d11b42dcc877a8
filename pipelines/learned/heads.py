"""Line headings that say whose line it is: "Priscila (Bruno's friend, owns an agency): hiring".

Notes about several people give each person a line that opens with their name, a colon and what
they said or want ("Ken Watanabe (SIA): runs a Slack group ... Wants speakers for a June
webinar"). Every clause of such a line is about the person the heading names, whoever the note
is about; a clause with no subject of its own ("Big on trail running.") says so nowhere else.
The signal model reads whether a clause's line is headed by the contact or by someone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from giveback.core.domain import ContactRef
from giveback.pipelines.learned.features import RELATIONS, names_in

# A heading is short: a name, perhaps who they are in brackets. A colon further in ends a
# sentence of the line, not its heading.
MAX_HEAD_CHARS = 80
MAX_HEAD_WORDS = 5  # "Ran into Dave K", "Pedro's dad Wellington", brackets aside
_HEAD_END = re.compile(r":(?=\s|$)")
_BRACKETED = re.compile(r"\([^)]*\)")
_BULLETS = " \t-*•·>"
# The user's own headings, and a transcript's label for the user.
_USER_HEADS = frozenset({"me", "i", "myself", "us", "we"})


@dataclass(frozen=True, slots=True)
class Head:
    """Whom a line's heading names, if it has one."""

    contact: bool = False
    other: bool = False


def _names_someone(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc``'s text between ``start`` and ``end`` names a person or a relation."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    if any(e.label_ == "PERSON" for e in span.ents):
        return True
    # "Leila's partner Arash:", "Her son:"; a bare "Cofounder:" heads a topic.
    if any(t.lower_ in RELATIONS and any(c.dep_ == "poss" for c in t.children) for t in span):
        return True
    first = span[0]
    # "Washington (treasurer):": a capitalised name straight before its bracket or colon.
    follower = doc[first.i + 1] if first.i + 1 < len(doc) else None
    return (
        first.pos_ == "PROPN"
        and first.ent_type_ in ("", "PERSON")  # not "Denver:", "Haulwise:"
        and first.text[:1].isupper()
        and not first.text.isupper()
        and follower is not None
        and follower.text in ("(", ":")
    )


def line_head(doc: Doc, offset: int, contact: ContactRef | None) -> Head:
    """Whom the heading of the line holding character ``offset`` names, if the line has one."""
    text = doc.text
    start = text.rfind("\n", 0, offset) + 1
    while start < len(text) and text[start] in _BULLETS:
        start += 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    # A colon that ends a heading is followed by a space ("4:12" is a time).
    found = _HEAD_END.search(text, start, min(line_end, start + MAX_HEAD_CHARS))
    if found is None or found.start() <= start:
        return Head()
    colon = found.start()
    # Who someone is, in brackets, names no one the line is about: "Priscila (Bruno's friend)".
    bare = _BRACKETED.sub("", text[start:colon])
    if bare.strip().casefold() in _USER_HEADS or len(bare.split()) > MAX_HEAD_WORDS:
        return Head()
    names = (contact.name, *contact.aliases) if contact is not None else ()
    if names and names_in(bare, names):
        return Head(contact=True)
    return Head(other=_names_someone(doc, start, colon))
