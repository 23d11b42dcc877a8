"""Whose relationship a heard signal belongs to.

A signal about the note's contact, or about the user (a promise), belongs to the note's contact.
A signal about a third party belongs to that person when they are a known contact ("Ann said
her cofounder Tom needs a lawyer" is Tom's need, if Tom is in the network); otherwise it stays
with the note's contact, with ``who`` saying whom it is about ("her husband").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from giveback.core.domain import About, Signal
from giveback.core.tables import MentionRow
from giveback.engine.contacts.store import ContactIndex

# "her husband Tom", "Tom, her husband", "her husband (Tom)": at most this between the two.
_APPOSITION_GAP = re.compile(r"[\s,()\-–—:]{0,4}")


def _next_to(text: str, who_start: int, who_end: int, mention: MentionRow) -> bool:
    if mention.start >= who_end:
        return _APPOSITION_GAP.fullmatch(text[who_end : mention.start]) is not None
    if mention.end <= who_start:
        return _APPOSITION_GAP.fullmatch(text[mention.end : who_start]) is not None
    return False


def signal_contact_id(
    signal: Signal,
    text: str,
    note_contact_id: int,
    linked: Sequence[tuple[MentionRow, int]],
    index: ContactIndex,
) -> int:
    """The contact id a signal is stored under.

    ``linked`` holds the note's mentions that name known contacts, with their ids. A third party
    is matched, in order: by ``who`` as a name or alias; by a known person named within ``who``;
    by a known person in apposition to ``who`` in the text, nearest before the signal ends;
    and, when there is no ``who``, by a known person named inside the evidence.
    """
    if signal.about != About.THIRD_PARTY:
        return note_contact_id
    others = [(m, cid) for m, cid in linked if cid != note_contact_id]
    if not signal.who:
        for mention, contact_id in others:
            if signal.start <= mention.start and mention.end <= signal.end:
                return contact_id
        return note_contact_id
    known = index.lookup(signal.who)
    if known is not None:
        return known
    who = signal.who.casefold()
    for mention, contact_id in others:
        if mention.text.casefold() in who:
            return contact_id
    occurrences = [
        m for m in re.finditer(re.escape(who), text.casefold()) if m.start() < signal.end
    ]
    for occurrence in reversed(occurrences):
        for mention, contact_id in others:
            if _next_to(text, occurrence.start(), occurrence.end(), mention):
                return contact_id
    return note_contact_id
