"""The learned listener: the spaCy parse and the rules, then the trained models decide.

For each note: parse it (the rules run as part of the parse and become features), cut it into
clauses, embed the clauses with the ranker's MiniLM in one packed pass, let the signal model
decide what each clause carries, and let the closure model decide which of the contact's open
signals from earlier notes a clause closes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from giveback.core.domain import (
    About,
    ContactRef,
    Extraction,
    NoteInput,
    OpenSignal,
    Signal,
    SignalKind,
    Status,
)
from giveback.pipelines.extraction.listener import Listener, Parsed
from giveback.pipelines.extraction.turns import in_quotation
from giveback.pipelines.learned.antecedents import named_by_antecedent
from giveback.pipelines.learned.artifact import ListenerBundle, load
from giveback.pipelines.learned.asides import users_aside
from giveback.pipelines.learned.assemble import assemble
from giveback.pipelines.learned.avoidance import holds_back, stops_sending
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.clauses import clauses_of
from giveback.pipelines.learned.closure.decide import closed_together, decide_closures
from giveback.pipelines.learned.closure.model import PairExample
from giveback.pipelines.learned.closure.pending import content_words
from giveback.pipelines.learned.closure.restated import restated_signals
from giveback.pipelines.learned.denials import denials
from giveback.pipelines.learned.features import EncodeInner, clause_texts
from giveback.pipelines.learned.permissions import PERMISSION_CONFIDENCE, gives_leave
from giveback.pipelines.learned.refusals import REFUSAL_CONFIDENCE, refused
from giveback.pipelines.learned.signals.model import Heard, SignalExample

# The most open signals of a contact a note is checked against (the newest ones).
MAX_OPEN_SIGNALS = 80


def contact_names(contact: ContactRef | None) -> tuple[str, ...]:
    """The contact's name and aliases, for the shape features."""
    return (contact.name, *contact.aliases) if contact else ()


def signal_examples(
    clauses: Sequence[Clause],
    vectors: np.ndarray,
    contact: ContactRef | None,
    states: Sequence[np.ndarray] | None = None,
) -> list[SignalExample]:
    """The signal model's inputs for a note's clauses (``vectors`` row and, for the kind tail,
    ``states`` item per clause)."""
    names = contact_names(contact)
    zero = np.zeros(vectors.shape[1], dtype=np.float32) if len(vectors) else np.zeros(0)
    return [
        SignalExample(
            c,
            names,
            vectors[i],
            vectors[i - 1] if i else zero,
            states=None if states is None else states[i],
        )
        for i, c in enumerate(clauses)
    ]


def closure_pairs(
    open_signals: Sequence[OpenSignal],
    clauses: Sequence[Clause],
    signal_vectors: np.ndarray,
    phrase_vectors: np.ndarray,
    clause_vectors: np.ndarray,
    clause_cues: np.ndarray,
    note: NoteInput,
) -> list[PairExample]:
    """Every (open signal, clause) pair of a note, in signal-major order."""
    pairs = []
    for s, signal in enumerate(open_signals):
        days = (note.note_date - signal.note_date).days if signal.note_date else 0
        for c, clause in enumerate(clauses):
            pairs.append(
                PairExample(
                    signal.kind.value,
                    signal.about.value,
                    signal.phrase,
                    signal.evidence,
                    clause,
                    signal_vectors[s],
                    phrase_vectors[s],
                    clause_vectors[c],
                    days,
                    clause_cues[c],
                    signal_at=s,
                )
            )
    return pairs


# Where a promise speaks: its maker with a modal or a verb of promising ("I'll", "we'd", "I
# offered", "I can"), or a bare "will" ('"sure, will send it over tonight"').
_PROMISE_SPOKEN = re.compile(
    r"\b(?:[Ii]|[Ww]e)(?:['’](?:ll|d)|\s+(?:will|would|can|could|offered|promised|said|told|"
    r"am going|['’]m going))\b|\bwill\b"
)


def _promiser_at(clause: str, start: int) -> int:
    """Where in the note the clause's promise is spoken (else where the clause starts): a
    clause may open before the quotation that holds someone else's promise ('She said "I'll
    send the template"'), or quote a scrap of theirs before the user's own ('Dana said "we're
    drowning" so I'll ask Priya')."""
    match = _PROMISE_SPOKEN.search(clause)
    return start + match.start() if match else start


# A question that offers what someone else may need: "do u need a lift Friday?", "you still
# need a plumber?", "anyone want a sofa?".
_OFFERS = re.compile(
    r"\b(?:you|u|ya|anyone|anybody|any1)\s+(?:still\s+)?(?:needs?|wants?)\b", re.IGNORECASE
)


# An aversion just before a phrase ("he hates being made old"): of the corpus's labeled wants
# and interests, the four named right after one are all interests given up ("I hate yoga").
_AVERSION = re.compile(
    r"\b(?:hates?|hated|hating|dislikes?|loathes?|can['’]?t stand|cannot stand|sick of|"
    r"tired of|fed up with|life['’]?s too short (?:for|to))\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def _one_reading(heard: list[Signal]) -> list[Signal]:
    """A clause's signals, without the want that a caution in the same words was also read
    as, named by what the caution rules out: "never send her anything about selling Dad's
    house to pay for care" (ruling out "care") is no need to pay for care. Of the corpus's 799
    labeled cautions, none shares its words with a want or interest that holds (only with one
    given up: "I quit drinking in Jan"); "Needs a plumber asap, nothing from Checkatrade
    please" keeps the plumber. Nor is what someone hates a need of theirs ("NB: no printed
    guides ..., he hates being made old")."""
    ruled_out = {w for s in heard if s.kind is SignalKind.CAUTION for w in content_words(s.phrase)}
    return [
        s
        for s in heard
        if s.kind not in (SignalKind.INTEREST, SignalKind.NEED)
        or s.status is Status.NEGATED
        or not (
            content_words(s.phrase) & ruled_out
            or (s.kind is SignalKind.NEED and _AVERSION.search(_before_phrase(s)))
        )
    ]


def _before_phrase(signal: Signal) -> str:
    """The signal's evidence up to where its phrase starts (all of it if the phrase is unseen)."""
    words = signal.phrase.casefold().split()
    at = signal.evidence.casefold().find(words[0]) if words else -1
    return signal.evidence[: at if at >= 0 else len(signal.evidence)]


class LearnedListener:
    """Listens with the trained models on top of the spaCy parse (see the module docstring).

    Safe to call from several threads when its encoder is: only the parse runs one batch at a
    time (:class:`Listener`); embedding and the trained models run concurrently.
    """

    def __init__(
        self, rules: Listener, encoder: Callable[[], EncodeInner], model_path: Path
    ) -> None:
        self.rules = rules
        self._encoder = encoder
        self.model_path = model_path
        self._bundle: ListenerBundle | None = None
        self._lock = threading.Lock()

    @property
    def thread_safe(self) -> bool:
        """Whether several threads may listen at once (the parse serialises itself)."""
        encode = self._encoder()
        owner = getattr(encode, "__self__", encode)  # the embedder of a bound ``encode``
        return bool(getattr(owner, "thread_safe", False))

    @property
    def bundle(self) -> ListenerBundle:
        """The trained models, loaded on first use (:class:`ModelUnavailable` if unusable)."""
        if self._bundle is None:
            with self._lock:
                if self._bundle is None:
                    self._bundle = load(self.model_path)
        return self._bundle

    @property
    def version(self) -> str:
        """The version of the trained models (part of the extractor version)."""
        return self.bundle.version

    def listen(self, note: NoteInput) -> Extraction:
        """What one note says, and which open signals it closes."""
        return self.listen_many([note])[0]

    def listen_many(self, notes: Iterable[NoteInput], batch_size: int = 32) -> list[Extraction]:
        """Listen to many notes: one parse batch, one encode of all their clauses."""
        bundle = self.bundle
        parsed = self.rules.parse_many(notes, batch_size)
        per_note = [self._clauses(p) for p in parsed]
        texts = [t for clauses in per_note for t in clause_texts(clauses)[0]]
        opens = [p.note.open_signals[-MAX_OPEN_SIGNALS:] for p in parsed]
        signal_texts = [t for group in opens for s in group for t in (s.evidence, s.phrase)]
        vectors, states = self._encode([*texts, *signal_texts])
        out, at, at_open = [], 0, len(texts)
        for p, clauses, group in zip(parsed, per_note, opens, strict=True):
            clause_vectors = vectors[at : at + len(clauses)]
            clause_states = states[at : at + len(clauses)]
            at += len(clauses)
            open_vectors = vectors[at_open : at_open + 2 * len(group)]
            at_open += 2 * len(group)
            out.append(
                self._extraction(
                    bundle,
                    p,
                    clauses,
                    clause_vectors,
                    clause_states,
                    group,
                    open_vectors[0::2],
                    open_vectors[1::2],
                )
            )
        return out

    def _clauses(self, parsed: Parsed) -> list[Clause]:
        if parsed.doc is None:
            return []
        note = parsed.note
        return clauses_of(parsed.doc, parsed.rule_signals, note.contact, note.known_contacts)

    def _encode(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), []
        vectors, states = self._encoder()(list(texts))
        return np.asarray(vectors, dtype=np.float32), list(states)

    def _extraction(
        self,
        bundle: ListenerBundle,
        parsed: Parsed,
        clauses: list[Clause],
        vectors: np.ndarray,
        states: Sequence[np.ndarray],
        open_signals: Sequence[OpenSignal],
        signal_vectors: np.ndarray,
        phrase_vectors: np.ndarray,
    ) -> Extraction:
        if parsed.doc is None:
            return parsed.rules_extraction()
        note = parsed.note
        examples = signal_examples(clauses, vectors, note.contact, states)
        heard = bundle.signals.hear(examples)
        signals: list[Signal] = []
        for clause, kinds in zip(clauses, heard, strict=True):
            refusal = refused(clause.text) is not None and not clause.user_turn
            if refusal and "caution" not in {h.kind for h in kinds}:
                # "no more 'expat in Lisbon' listicles": a refusal the rules hear exactly.
                kinds = [*kinds, Heard("caution", REFUSAL_CONFIDENCE, "active", "contact")]
            if (
                gives_leave(clause.text)
                and not clause.other_turn
                and "commitment" not in {h.kind for h in kinds}
            ):
                # "told her she can borrow my old customs textbook": a promise to lend it
                kinds = [*kinds, Heard("commitment", PERMISSION_CONFIDENCE, "active", "user")]
            here: list[Signal] = []
            for h in kinds:
                if (
                    clause.question
                    and h.kind != "commitment"
                    and (h.kind != "need" or clause.user_turn or _OFFERS.search(clause.text))
                ):
                    # "Do you run every day?" is nobody's interest (an offer may ask); a need
                    # may ask ("u know anyone w a crib?", "Is there anything I can take?": 67
                    # of the corpus's labeled needs), unless the user asks it on a "Me:" line
                    # or it offers ("do u need a lift to the airport?", "anyone want a sofa?")
                    continue
                if h.kind == "caution" and not refusal and not holds_back(clause.text):
                    # "He also wants to sell his honey properly" forbids nothing; a refusal
                    # the rules hear ("If I see one more literacy-app pitch") does
                    continue
                if h.kind == "commitment" and stops_sending(clause.text):
                    continue  # "She asked me to stop sending her dyslexia articles"
                if (
                    h.kind == "commitment"
                    and not clause.user_turn
                    and in_quotation(note.text, _promiser_at(clause.text, clause.start))
                ):
                    # '"If I can make the money work"', 'She said "I'll send the template"':
                    # their words, no promise of the user's (3 of the corpus's 1,527 promises
                    # sit in quotes, each a "Me:" line's)
                    continue
                signal = assemble(
                    parsed.doc, clause, h, parsed.rule_signals, note.note_date, bundle.phrases
                )
                if (
                    signal is not None
                    and signal.kind is SignalKind.NEED
                    and users_aside(note.text, clause.start, clause.end)
                ):
                    # "(I still need a mechanic for the van ...)": the user's own errand
                    signal = replace(signal, about=About.USER, who=None)
                if signal is not None:
                    here.append(signal)
            signals += _one_reading(here)
        # "... and he doesn't want to hear another word about it": named by what "it" is
        signals = named_by_antecedent(signals, note.text)
        cues = bundle.signals.clause_cues(examples) if open_signals else np.zeros((0, 0))
        pairs = closure_pairs(
            open_signals, clauses, signal_vectors, phrase_vectors, vectors, cues, note
        )
        closures, owed = decide_closures(bundle.closure, open_signals, clauses, pairs, note.text)
        if open_signals and signals:
            # what the note closes, or says is still owed, no denial closes
            taken = {c.signal_id for c in closures} | owed
            rest = [o for o in open_signals if o.id not in taken]
            at = {(c.start, c.end): i for i, c in enumerate(clauses)}
            heard_vectors = np.stack([vectors[at[(s.start, s.end)]] for s in signals])
            rest_vectors = np.stack([signal_vectors[open_signals.index(o)] for o in rest]) \
                if rest else np.zeros((0, vectors.shape[1]))  # fmt: skip
            closures += denials(rest, signals, rest_vectors, heard_vectors)
        closures += closed_together(open_signals, closures)
        signals += restated_signals(signals, closures, open_signals)
        return Extraction(tuple(signals), parsed.mentions, parsed.warnings, tuple(closures))
