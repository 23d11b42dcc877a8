"""The listener: loads the spaCy pipeline once and turns notes into :class:`Extraction` values."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from giveback.core.domain import (
    ClosedHow,
    Closure,
    ContactRef,
    Extraction,
    Mention,
    NoteInput,
    Signal,
    SignalKind,
    Status,
)
from giveback.core.errors import ModelUnavailable
from giveback.core.settings import get_settings
from giveback.pipelines.extraction.language import looks_english
from giveback.pipelines.extraction.matching import phrases_match
from giveback.pipelines.heap import freeze_loaded_objects

# Bump whenever extraction output can change: stored signals carry it, and notes processed by an
# older version are re-processed (their signals replaced) on demand.
EXTRACTOR_VERSION = "0.3.38"
_PERSON_LABELS = frozenset({"PERSON", "ORG"})


def build_pipeline(model_name: str) -> Any:
    """Load the English model and add Giveback's registered components to it."""
    import spacy

    # Importing registers the factories with spaCy (both modules import spaCy at their top).
    from giveback.pipelines.extraction import signals, structure  # noqa: F401

    try:
        nlp = spacy.load(model_name, exclude=["senter"])
    except OSError as exc:
        raise ModelUnavailable(
            f"spaCy model {model_name!r} is not installed; set GIVEBACK_SPACY_MODEL or "
            "reinstall the project (make install)"
        ) from exc
    nlp.add_pipe("giveback_structure", before="parser")
    nlp.add_pipe("giveback_signals", last=True)
    freeze_loaded_objects()
    return nlp


class Listener:
    """Extracts signals from notes with a spaCy pipeline that is loaded lazily, once.

    Safe to call from several threads: the pipeline runs one batch at a time (spaCy is not
    documented as safe across threads, and Giveback's own components keep state while a doc
    passes), and what callers do with the parsed docs afterwards runs concurrently.
    """

    thread_safe = True

    def __init__(self, model_name: str | None = None) -> None:
        if model_name is None:
            model_name = get_settings().spacy_model
        self.model_name = model_name
        self._nlp: Any = None
        self._lock = threading.Lock()
        self._parse_lock = threading.Lock()
        self._last_known: tuple[tuple[ContactRef, ...], KnownNames] | None = None

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = build_pipeline(self.model_name)
        return self._nlp

    def listen(self, note: NoteInput) -> Extraction:
        """Extract the signals and mentions of one note."""
        return self.listen_many([note])[0]

    def listen_many(self, notes: Iterable[NoteInput], batch_size: int = 32) -> list[Extraction]:
        """Extract many notes in one batch through ``nlp.pipe``, in input order."""
        return [parsed.rules_extraction() for parsed in self.parse_many(notes, batch_size)]

    def parse_many(self, notes: Iterable[NoteInput], batch_size: int = 32) -> list[Parsed]:
        """Parse many notes in one batch: each with its doc (``None`` for an empty or foreign
        note, with a warning), the rules' signals and the people it names."""
        notes = list(notes)
        results: list[Parsed | None] = [None] * len(notes)
        docs = []
        for idx, note in enumerate(notes):
            if not note.text.strip():
                results[idx] = Parsed(note, None, warnings=("the note is empty",))
                continue
            if not looks_english(note.text):
                results[idx] = Parsed(
                    note,
                    None,
                    warnings=("the note does not look like English; it was kept but not analysed",),
                )
                continue
            doc = self.nlp.make_doc(note.text)
            doc._.note_date = note.note_date
            doc._.contact = note.contact
            doc._.known_contacts = note.known_contacts
            docs.append((idx, doc))
        piped = self.nlp.pipe((d for _, d in docs), batch_size=batch_size)
        for (idx, _), doc in zip(docs, piped, strict=True):
            contact = notes[idx].contact
            mentions = _mentions(
                doc,
                KnownNames((contact,)) if contact else None,
                self._known_names(notes[idx].known_contacts),
            )
            results[idx] = Parsed(notes[idx], doc, tuple(doc._.signals or ()), tuple(mentions))
        return [
            r if r is not None else Parsed(n, None) for r, n in zip(results, notes, strict=True)
        ]

    def _known_names(self, known: tuple[ContactRef, ...]) -> KnownNames:
        # Every note of a batch, and every paste while no contact is added, passes the same
        # tuple of thousands of people: their names are indexed once for it.
        last = self._last_known
        if last is not None and last[0] is known:
            return last[1]
        names = KnownNames(known)
        self._last_known = (known, names)
        return names


@dataclass(frozen=True, slots=True)
class Parsed:
    """A note as the spaCy pipeline left it: the doc, what the rules heard, whom it names."""

    note: NoteInput
    doc: Any  # a spaCy Doc; None when the note was not analysed (see ``warnings``)
    rule_signals: tuple[Signal, ...] = ()
    mentions: tuple[Mention, ...] = ()
    warnings: tuple[str, ...] = ()

    def rules_extraction(self) -> Extraction:
        """What the rule listener alone makes of the note: its signals, and the earlier open
        needs that a need it reports met names the same way ("update: she found a lawyer"
        closes "needs a contracts lawyer")."""
        met = [
            s
            for s in self.rule_signals
            if s.kind is SignalKind.NEED and s.status is Status.RESOLVED
        ]
        closures = []
        for open_signal in self.note.open_signals:
            if open_signal.kind is not SignalKind.NEED:
                continue
            match = next((s for s in met if phrases_match(open_signal.phrase, s.phrase)), None)
            if match is not None:
                closures.append(
                    Closure(
                        open_signal.id,
                        match.start,
                        match.end,
                        match.evidence,
                        ClosedHow.MET,
                        match.confidence,
                    )
                )
        return Extraction(self.rule_signals, self.mentions, self.warnings, tuple(closures))


class KnownNames:
    """Names, aliases and first names of known people, for linking the people a note names."""

    def __init__(self, known: Sequence[ContactRef]) -> None:
        self.by_name: dict[str, str] = {}
        self.first_names: dict[str, list[str]] = {}
        for ref in known:
            for alias in (ref.name, *ref.aliases):
                self.by_name[alias.casefold()] = ref.name
            self.first_names.setdefault(ref.name.split()[0].casefold(), []).append(ref.name)

    def link(self, key: str, contact: KnownNames | None = None) -> str | None:
        """The name of the known person ``key`` names: by full name or alias, else by an
        unambiguous first name. ``contact`` (the note's own person) comes first and yields to
        the others on a clash, as if listed before them."""
        linked = self.by_name.get(key)
        if linked is None and contact is not None:
            linked = contact.by_name.get(key)
        if linked is None:
            firsts = [
                *(contact.first_names.get(key, []) if contact else ()),
                *self.first_names.get(key, []),
            ]
            if len(firsts) == 1:
                linked = firsts[0]
        return linked


def _mentions(doc: Any, contact: KnownNames | None, others: KnownNames) -> list[Mention]:
    """People and organisations named in the note, linked to known contacts by name or alias."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in _PERSON_LABELS:
            continue
        key = ent.text.strip().casefold().removesuffix("'s").removesuffix("’s")
        out.append(
            Mention(
                text=ent.text,
                label=ent.label_,
                start=ent.start_char,
                end=ent.end_char,
                contact_name=others.link(key, contact),
            )
        )
    return out


@lru_cache(maxsize=4)
def get_listener(model_name: str | None = None) -> Listener:
    """The process-wide listener for a model name (the setting's default when ``None``)."""
    return Listener(model_name)
