"""The user's own need, written as an aside in a contact's note: "(I still need a mechanic for
the Vios, asked him, he doesn't know anyone.)", "Note to self: I still need a mortgage advisor
who understands Polish income history", "(for us: we still need a joiner for our own bay
window)".

People keep their own errands in the notes they write about others, set apart by a bracket or
a "note to self". Said there in the first person, the need is the user's, whoever the note is
about. The model reads the clause with the contact's note around it and gives such a need to
the contact (the labeled corpus has five such asides, too few to learn from); the ranker then
answers the user's errand with gives to the contact. Kept narrow: the aside opens with the
bracket or the "note to self", and says at once that "I" or "we" need, want or look for
something.
"""

from __future__ import annotations

import re

_ASIDE = re.compile(
    # what sets it apart: a bracket, "note to self", "for us:"
    r"(?:\(|\bnote\s+to\s+self\b\s*[:\-–,]?|\bfor\s+(?:us|me)\s*:)\s*"
    r"(?:(?:and|also|plus|but|oh|meanwhile),?\s+)?"
    # and at once the user's need: "I still need", "we also want", "I'm looking for"
    r"(?:(?:I|we)\s+(?:still\s+|also\s+|really\s+)?(?:need|want|have\s+to|must)\b|"
    r"(?:I['’]m|we['’]re|I\s+am|we\s+are)\s+(?:still\s+|also\s+)?looking\s+for\b)",
    re.IGNORECASE,
)


def users_aside(text: str, start: int, end: int) -> bool:
    """Whether the clause from ``start`` to ``end`` of a note's ``text`` is the user's own
    need said as an aside: on its line, a bracket or a "note to self" opens it and says at
    once that "I" or "we" need it, and those words fall in the clause."""
    line_start = text.rfind("\n", 0, start) + 1
    return any(
        start < line_start + found.end() <= end for found in _ASIDE.finditer(text[line_start:end])
    )
