"""Speaker turns of a transcript-style note ("Me:" / "Maria:" lines), read from its text alone.

No spaCy here: the structure component stores these turns on each parsed note, and the ranker
reads them to find the turn a reply answers ("Gareth: can you still do it?" / "Me: yes, put me
down").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

USER_LABELS = frozenset({"me", "i", "myself", "user", "q"})
_INITIALS = frozenset({"i", "q"})  # user labels that may also be someone's initial
# fmt: off
# Line labels that are headings, not speakers.
HEADING_LABELS = frozenset({
    "update", "updates", "note", "notes", "next steps", "todo", "to-do", "to do", "action items",
    "action item", "actions", "re", "subject", "ps", "p.s", "follow-up", "follow up",
    "followup", "context", "background", "summary", "tl;dr", "tldr", "agenda", "topics", "date",
    "when", "where", "attendees", "from", "to", "cc", "location", "takeaways", "key points",
    "personal", "work", "family", "misc", "other", "asks", "needs", "interests", "hobbies",
    "status", "edit", "fyi", "reminder", "mtg", "meeting", "call", "recap", "highlights",
    "wins", "goals", "challenges", "open questions", "questions", "ideas", "offers", "promised",
    "me to do", "my to-dos", "takeaway", "nb", "bonus", "later", "earlier", "then", "also",
})
# fmt: on
# A pasted chat puts the time first: "[11:52 PM] Kyle: ...", "[12/04 19:02] Lu: ...".
_LABEL = re.compile(r"^[ \t>*•\-]*(?:\[[^\]\n]{1,40}\]\s*)?([A-Za-z][\w.'’ -]{0,30}?)\s*:\s")
# A rule under a transcript ("--", "***", "———") ends it: what follows is the user's own note.
_RULE = re.compile(r"^\s*[-–—_*=~#]{2,}\s*$")


@dataclass(frozen=True, slots=True)
class Turn:
    """A stretch of the note said by one speaker (``label`` as written; ``is_user`` for "Me")."""

    start: int
    end: int
    label: str
    is_user: bool


def find_turns(text: str) -> list[Turn]:
    """The speaker turns of a transcript-style note; empty when the note has no speakers.

    A turn runs from its label to the next label, so continuation lines keep their speaker;
    a line that opens with a heading instead ("After the call: I offered her an hour",
    "Promised: intro to Jasmine"), or a rule ("--"), ends it: the user is writing again, not
    quoting anyone.
    """
    marks: list[tuple[int, str | None]] = []  # where a turn starts (a speaker) or ends (None)
    offset = 0
    for line in text.splitlines(keepends=True):
        match = _LABEL.match(line)
        if match:
            label = match.group(1).strip()
            words = label.split()
            if (
                label.lower() not in HEADING_LABELS
                and len(words) <= 3
                and (label.lower() in USER_LABELS or all(w[0].isupper() for w in words))
            ):
                marks.append((offset + match.end(), label))
            elif marks:
                marks.append((offset, None))
        elif marks and _RULE.match(line):
            marks.append((offset, None))
        offset += len(line)
    # One labelled line is a heading more often than a transcript.
    if sum(label is not None for _, label in marks) < 2:
        return []
    # "I:" and "Q:" are the user's unless the user is "Me:" in the same note: then they are
    # someone else's initial ("Call w/ Ibrahim" / "I: They said yes" / "Me: Congratulations!").
    labels = {label.lower() for _, label in marks if label is not None}
    users = USER_LABELS - _INITIALS if labels & (USER_LABELS - _INITIALS) else USER_LABELS
    turns = []
    for i, (start, label) in enumerate(marks):
        if label is None:
            continue
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        turns.append(Turn(start, end, label, label.lower() in users))
    return turns


# An inch mark ('her 6" screen'), a sentence's end, and the words by which the user says a
# quotation is their own ('I told her', 'Texted Priya after.', 'My answer:', 'Me:').
_INCHES = re.compile(r"(?<=\d)\"")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_USER_SAYS = re.compile(
    r"\b(?:I|my)\b|^\s*me\s*:|^\s*(?:said|told|wrote|replied|texted|emailed|messaged|answered|"
    r"promised)\b",
    re.IGNORECASE,
)


def in_quotation(text: str, at: int) -> bool:
    """Whether the words at ``at`` are inside a quotation opened earlier on their line (or at
    ``at`` itself): someone's own words, as in 'New thing: a teaching diploma. "If I can make
    the money work"', which promise nothing of the user's."""
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start : at + 1 if text[at : at + 1] in ('"', "“") else at]
    before = _INCHES.sub("", before)  # 'her 6" screen' opens no quotation
    if not (before.count('"') % 2 == 1 or before.count("“") > before.count("”")):
        return False
    opened = max(before.rfind('"'), before.rfind("“"))
    # The user's own words quoted: 'I told her "I'll bring the pram Saturday"', 'Texted Priya
    # after. "I'll send the deck tonight"', 'My answer: "Yes!"'.
    said = _SENTENCE_END.split(before[:opened].rstrip())[-1]
    return _USER_SAYS.search(said) is None
