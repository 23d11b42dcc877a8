"""A scripted stand-in for the spaCy listener, for tests about storage mechanics only.

Tests of what is *heard* use the real listener (the ``listener`` fixture). This fake reads
explicit markers instead, so a storage test states exactly which signals a note yields:

- ``[need:contracts lawyer]``, ``[interest:sailing]``, ``[event:move]``, ``[commitment:deck]``
  give an active signal; prefix the kind with a status and a slash for another status:
  ``[resolved/need:lawyer]``, ``[hedged/need:intro]``, ``[negated/interest:golf]``;
- ``[third=Tom/need:job]`` is about a third party named Tom; ``[me/need:plumber]`` (or
  ``[me/resolved/need:plumber]``) is about the user;
- a known contact's name or alias in the text is a linked PERSON mention, and ``@Name`` is a
  PERSON mention of anyone (linked when known);
- ``[fail]`` makes the listener raise for that note; ``[foreign]`` adds a warning;
- a ``resolved`` (``negated``) signal closes the contact's earlier open signals whose phrase
  matches, how "met" or "done by user" ("no longer wanted"), as a listener's closures would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from giveback.core.domain import (
    About,
    ClosedHow,
    Closure,
    Extraction,
    Mention,
    NoteInput,
    Signal,
    SignalKind,
    Status,
)
from giveback.pipelines.extraction.matching import phrases_match

_MARKER = re.compile(
    r"\[(?:third=(?P<who>[^/\]]+)/)?(?P<me>me/)?(?:(?P<status>\w+)/)?(?P<kind>\w+):"
    r"(?P<phrase>[^\]]+)\]"
)
_MENTION = re.compile(r"@(\w+(?: [A-Z]\w+)?)")


class FakeListener:
    """Marker-driven listener; records the size of every batch it is given."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def listen_many(self, notes: Iterable[NoteInput]) -> list[Extraction]:
        notes = list(notes)
        self.batches.append(len(notes))
        if any("[fail]" in n.text for n in notes):
            raise RuntimeError("scripted failure")
        return [self._one(n) for n in notes]

    def _one(self, note: NoteInput) -> Extraction:
        known = {}
        for ref in (*((note.contact,) if note.contact else ()), *note.known_contacts):
            for name in (ref.name, *ref.aliases):
                known[name.casefold()] = ref.name
        signals = []
        for m in _MARKER.finditer(note.text):
            who = m.group("who")
            signals.append(
                Signal(
                    kind=SignalKind(m.group("kind")),
                    phrase=m.group("phrase"),
                    evidence=m.group(0),
                    start=m.start(),
                    end=m.end(),
                    about=About.THIRD_PARTY
                    if who
                    else (About.USER if m.group("me") else About.CONTACT),
                    status=Status(m.group("status") or "active"),
                    confidence=0.9,
                    who=who,
                )
            )
        spans = {(m.start(1), m.end(1)) for m in _MENTION.finditer(note.text)}
        for name in known:
            pattern = rf"(?<![\w\[=/:])({re.escape(name)})(?![\w\]])"
            spans |= {(m.start(1), m.end(1)) for m in re.finditer(pattern, note.text, re.I)}
        mentions = [
            Mention(note.text[a:b], "PERSON", a, b, known.get(note.text[a:b].casefold()))
            for a, b in sorted(spans)
        ]
        warnings = ("the note does not look like English",) if "[foreign]" in note.text else ()
        closures = []
        for open_signal in note.open_signals:
            closer = next(
                (s for s in signals if s.status in (Status.RESOLVED, Status.NEGATED)
                 and phrases_match(open_signal.phrase, s.phrase)),
                None,
            )  # fmt: skip
            if closer is not None:
                how = ClosedHow.NO_LONGER_WANTED if closer.status is Status.NEGATED else \
                    ClosedHow.DONE_BY_USER if open_signal.kind is SignalKind.COMMITMENT else \
                    ClosedHow.MET  # fmt: skip
                closures.append(
                    Closure(open_signal.id, closer.start, closer.end, closer.evidence, how, 0.9)
                )
        return Extraction(tuple(signals), tuple(mentions), warnings, tuple(closures))
