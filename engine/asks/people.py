"""What the store says about each person, as asking needs it.

For each contact with a relationship, as of a day: what they know or do (sentences of the
notes, their catalog entry, the favors they did the user, their tags), what they are looking
for themselves, the hard times the recent notes report, and the ledger's story (favors each
way, asks made). Sentences are sorted as they are read: a sentence in which someone is looking
for something is a want, not a skill; a sentence of the user's own ("Me: I need a plumber") is
neither; a hard time is neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from giveback.core.tables import AskRow, CatalogItem, Contact, LedgerEntry, Note, SignalRow
from giveback.engine.asks.guards import (
    HardTime,
    echoes_trouble,
    hard_time_in,
    is_about_user,
    is_limit,
    is_offering,
    said_to_be_over,
    sought,
)

_LINE = re.compile(r"\r?\n+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[\"'(A-Z0-9])")
_BULLET = re.compile(r"^\s*(?:[-*•·>]+|\d+[.)])\s*")
_SPEAKER = re.compile(
    # A pasted chat puts the time first: "[11:52 PM] Kyle: ...".
    r"^\s*(?:\[[^\]]{1,40}\]\s*)?([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}|Me|me|I)\s*:\s+(?=\S)"
)
_HEADINGS = frozenset({"subject", "re", "fwd", "note", "notes", "todo", "to-do", "update", "next"})
_MY_OWN = re.compile(
    r"\bmy (?:mother|father|mom|mum|dad|wife|husband|partner|son|daughter|"
    r"brother|sister|baby|kid|job|surgery|diagnosis)\b",
    re.IGNORECASE,
)
# "Asked if I knew an evaluator": they asked; the "I" is the user, asked.
_ASKED_ME = re.compile(r"\basked (?:me |us )?(?:if|whether) (?:I|we)\b", re.IGNORECASE)
# Their question to the user, to the end of its clause: "asked me which clinic I went to" is
# theirs, though it says "I".
_THEIR_QUESTION = re.compile(
    r"\basked (?:me|us)(?: straight out| outright| again| too)? "
    r"(?:if|whether|which|what|how|where|when|who|about)\b[^.;!?]*",
    re.IGNORECASE,
)
# The user does not know either: their question is the user's own ("asked ME whether it
# applies ... no idea, I was about to ask him", "That is literally my question").
_SHARED_QUESTION = re.compile(
    r"\b(?:no idea|zero clue|no clue|not a clue|(?:about|going) to ask (?:him|her|them)|"
    r"(?:literally|exactly|also|just) my question|the same question|same questions?|"
    r"blind leading the blind)",
    re.IGNORECASE,
)
# The user as the one who acts: "I said ...", "Told her I'm applying ...". Not "fixed my fence".
_USER_SUBJECT = re.compile(
    r"^(?:I|I'm|I've|I'd|I'll)\b|\b(?i:told|asked|mentioned|said|explained|admitted|confessed)"
    r"(?: \w+)? (?:that )?(?:I|I'm|I've|I'd|I'll)\b"
)
_AHEAD = re.compile(
    r"\b(?:due|expect\w*|scheduled|will|going to|next|booked|planned|coming up|starts)\b",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"\b(?:this|that|it|the same|same boat|anyone|anybody|anything|someone|somebody|something|"
    r"her own|his own|their own)\b",
    re.IGNORECASE,
)
# How many sentences before a trouble echoed as the user's, and after it, say what it is.
ECHO_BEFORE, ECHO_AFTER = 2, 1
MIN_WORDS = 3
SHORT_WORDS = 6
SHORT_WANT = 4  # a want this short ("still pending") says what only with what came before
SHORT_WEIGHT = 0.9
USER_WEIGHT = 0.85
TAGS_WEIGHT = 0.8


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing that says what a person knows or does, and where it was read."""

    text: str
    source: str  # "note", "catalog", "favor" or "tags"
    day: date | None = None
    weight: float = 1.0  # how much a match on it counts
    said_by_them: bool = False  # their own words in a transcript: "I" is them


@dataclass(frozen=True, slots=True)
class Days:
    """How far back each kind of thing heard still holds."""

    hard_time: int = 90  # a loss, an illness, a layoff, a baby this recent: not now
    struggle: int = 120  # looking for something this recently: still looking


@dataclass(slots=True)
class Person:
    """One contact as asking sees them, as of a day."""

    contact_id: int
    name: str
    notes: int = 0
    last_seen: date | None = None
    given: list[date] = field(default_factory=list)
    received: list[date] = field(default_factory=list)
    asked: list[date] = field(default_factory=list)
    skills: list[Evidence] = field(default_factory=list)  # sentences, entries, favors, tags
    whole: list[Evidence] = field(default_factory=list)  # whole notes, entries, favors
    # "he doesn't do tax returns", each also with the sentence before it
    limits: list[str] = field(default_factory=list)
    wants: list[str] = field(default_factory=list)
    # A vague want ("stuck with the same contractor"), with the sentences before it.
    vague_wants: list[str] = field(default_factory=list)
    # Each recent note in which they want something: (the whole note, the sentence).
    struggle_notes: list[tuple[str, str]] = field(default_factory=list)
    hard_times: list[HardTime] = field(default_factory=list)
    # Sentences of recent notes no rule heard as a hard time, not the user's own: what the
    # learned hard-time model reads (``Asker``), since no lexicon knows every way it is said.
    recent_sentences: list[str] = field(default_factory=list)
    open_needs: list[str] = field(default_factory=list)

    @property
    def has_relationship(self) -> bool:
        """Any note, favor or ask: a name in the address book alone is not a relationship."""
        return bool(self.notes or self.given or self.received or self.asked)

    def seen(self, day: date) -> None:
        """Count an interaction on ``day``."""
        if self.last_seen is None or day > self.last_seen:
            self.last_seen = day


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a note, and who says it when the note is a transcript."""

    text: str
    speaker: str | None  # "user", "other" or None


def sentences(text: str) -> list[Sentence]:
    """A note's sentences, bullets and speaker labels taken off."""
    out = []
    for line in _LINE.split(text):
        line = _BULLET.sub("", line).strip()
        speaker = None
        label = _SPEAKER.match(line)
        if label and label.group(1).lower() not in _HEADINGS:
            speaker = "user" if label.group(1) in ("Me", "me", "I") else "other"
            line = line[label.end() :]
        for part in _SENTENCE.split(line):
            part = part.strip()
            if len(part.split()) >= MIN_WORDS:
                out.append(Sentence(part, speaker))
    return out


def _weight(sentence: Sentence, said_by_user: bool) -> float:
    # The user's own sentences ("I said I run a pottery studio") tell of the user, and short
    # fragments match on one word: both count, for less.
    weight = SHORT_WEIGHT if len(sentence.text.split()) < SHORT_WORDS else 1.0
    return weight * (USER_WEIGHT if said_by_user and sentence.speaker != "other" else 1.0)


def _read_note(person: Person, text: str, day: date, as_of: date, days: Days) -> list[Sentence]:
    """Read one note of ``person``'s into what asking knows of them; its sentences."""
    age = (as_of - day).days
    found = sentences(text)
    person.whole.append(Evidence(text, "note", day))
    for at, sentence in enumerate(found):
        said_by_user = sentence.speaker == "user" or (
            sentence.speaker is None
            and is_about_user(_THEIR_QUESTION.sub("", _ASKED_ME.sub("", sentence.text)))
        )
        hard = hard_time_in(sentence.text) if sentence.speaker != "user" else None
        # A hard time holds them back while recent, unless it is the user's own ("I told her
        # my dad had surgery"; said by them in a transcript, it is theirs).
        users_own = sentence.speaker is None and _MY_OWN.search(sentence.text) is not None
        if hard is not None:
            # A hard time is no skill of theirs: never quoted as a reason to ask.
            if age <= days.hard_time and not users_own:
                person.hard_times.append(hard)
            continue
        if (
            age <= days.hard_time
            and sentence.speaker != "user"
            and not users_own
            and not said_to_be_over(sentence.text)
        ):
            person.recent_sentences.append(sentence.text)
        if (
            age <= days.struggle
            and sentence.speaker != "user"
            and _THEIR_QUESTION.search(sentence.text)
            and any(_SHARED_QUESTION.search(s.text) for s in found[at : at + 3])
        ):
            # They asked the user what the user was about to ask them: the same struggle.
            person.wants.append(sentence.text)
            person.struggle_notes.append((text, sentence.text))
            continue
        if age <= days.struggle and at > 0 and echoes_trouble(sentence.text):
            # Whoever says it, the trouble echoed is theirs as much as the user's: "Keystone
            # sent him a default letter ... Exactly my situation."
            around = found[max(0, at - ECHO_BEFORE) : at + 1 + ECHO_AFTER]
            context = " ".join(s.text for s in around)
            person.wants.append(context)
            person.struggle_notes.append((text, context))
            continue
        want = sought(sentence.text)
        # "it's not something he can place, he only does personal lines, and I'd need a
        # commercial broker": the want is the user's, the limit is theirs.
        users_want_beside_their_limit = (
            want is not None
            and said_by_user
            and sentence.speaker is None
            and is_limit(sentence.text)
        )
        if want is not None and not users_want_beside_their_limit:
            if is_offering(want):  # "looking for landlord clients": a skill on offer
                person.skills.append(Evidence(sentence.text, "note", day))
            elif age <= days.struggle and (not said_by_user or sentence.speaker == "other"):
                # "I need someone who understands this": what "this" is, the sentences
                # before it tell ("I got a letter from the state ...").
                person.wants.extend((sentence.text, want))
                person.struggle_notes.append((text, sentence.text))
                if _VAGUE.search(want) or len(want.split()) <= SHORT_WANT:
                    context = " ".join(s.text for s in found[max(0, at - 2) : at + 1])
                    person.vague_wants.append(context)
                else:
                    # What they are stuck on is often said around it: "Still fighting the
                    # landlord over his renewal. Same new clauses they put in mine."
                    context = " ".join(s.text for s in found[max(0, at - 1) : at + 2])
                    person.vague_wants.append(context)
            continue
        if is_limit(sentence.text) and sentence.speaker != "user":
            person.limits.append(sentence.text)
            if at > 0:
                # "I've never once written the ask" says what the ask was only with the
                # sentence before it ("the pantry should go after grants, but").
                person.limits.append(f"{found[at - 1].text} {sentence.text}")
            continue
        if sentence.speaker == "user" or (
            sentence.speaker is None and _USER_SUBJECT.search(sentence.text)
        ):
            continue  # the user telling of their own plans ("Told her I'm applying to ...")
        weight = _weight(sentence, said_by_user)
        said = sentence.speaker == "other"
        person.skills.append(Evidence(sentence.text, "note", day, weight, said))
    return found


def _people(session: Session) -> dict[int, Person]:
    return {
        c.id: Person(
            c.id,
            c.name,
            skills=[Evidence(", ".join(c.tags), "tags", None, TAGS_WEIGHT)] if c.tags else [],
        )
        for c in session.scalars(select(Contact).order_by(Contact.id))
    }


def read_people(
    session: Session, as_of: date, days: Days | None = None, ids: Iterable[int] | None = None
) -> dict[int, Person]:
    """Every contact (or only ``ids``) as asking sees them on ``as_of``: nothing dated later
    is read."""
    days = days or Days()
    people = _people(session)
    if ids is not None:
        keep = set(ids)
        people = {k: v for k, v in people.items() if k in keep}
    notes = session.execute(
        select(Note.contact_id, Note.note_date, Note.text, Note.id)
        .where(Note.note_date <= as_of)
        .order_by(Note.note_date, Note.id)
    )
    read = []
    for contact_id, day, text, _ in notes:
        person = people.get(contact_id)
        if person is None:
            continue
        person.notes += 1
        person.seen(day)
        read.append((contact_id, day, _read_note(person, text, day, as_of, days)))
    _read_referrals(people, read)
    for item in session.scalars(
        select(CatalogItem).where(
            CatalogItem.type == "contact", CatalogItem.contact_id.is_not(None)
        )
    ):
        person = people.get(item.contact_id or 0)
        if person is not None:
            listed = Evidence(f"{item.title}. {item.text}".strip(), "catalog")
            person.skills.append(listed)
            person.whole.append(listed)
    for entry in session.scalars(select(LedgerEntry).where(LedgerEntry.entry_date <= as_of)):
        person = people.get(entry.contact_id)
        if person is None:
            continue
        person.seen(entry.entry_date)
        if entry.direction == "given":
            person.given.append(entry.entry_date)
        else:
            person.received.append(entry.entry_date)
            if entry.description:
                favor = Evidence(entry.description, "favor", entry.entry_date)
                person.skills.append(favor)
                person.whole.append(favor)
    for contact_id, day in session.execute(
        select(AskRow.contact_id, AskRow.asked_on).where(AskRow.asked_on <= as_of)
    ):
        person = people.get(contact_id)
        if person is not None:
            person.asked.append(day)
            person.seen(day)
    _read_signals(session, people, as_of, days.hard_time)
    return people


# Someone sending the user to another person: "go and see Funmi", "ask Tolu, it's his work".
_REFERRAL = re.compile(
    r"\b(?:go and see|go see|go to|see|ask|talk to|speak to|call|ring|try|get hold of)\s+"
    r"([A-Z][\w'’-]+)\b"
)


def _read_referrals(
    people: dict[int, Person], notes: Iterable[tuple[int, date, list[Sentence]]]
) -> None:
    """What a note says another contact can help with, when someone in it sends the user to
    them ("that's your ITB talking, go and see Funmi"): the sentence, with the one before it
    (which says what the trouble is), is evidence of what the one sent to does, and the
    sending itself none of what the sender does. Only a first name one contact has counts."""
    by_first: dict[str, list[Person]] = {}
    for person in people.values():
        by_first.setdefault(person.name.split()[0].casefold(), []).append(person)
    for contact_id, day, found in notes:
        for at, sentence in enumerate(found):
            if sentence.speaker == "user":
                continue
            for name in _REFERRAL.findall(sentence.text):
                sent_to = by_first.get(name.casefold(), [])
                if len(sent_to) != 1 or sent_to[0].contact_id == contact_id:
                    continue
                told = found[max(0, at - 1) : at + 1]
                sent_to[0].skills.append(Evidence(" ".join(s.text for s in told), "note", day))
                # The one who sends the user elsewhere says the trouble is not theirs: the
                # sending is no skill of theirs. (The sentence before may be one: "She did my
                # taxes for years. Try Sam for payroll.")
                referrer = people.get(contact_id)
                if referrer is not None:
                    referrer.skills = [e for e in referrer.skills if e.text != sentence.text]


def _read_signals(session: Session, people: dict[int, Person], as_of: date, days: int) -> None:
    """Open needs about each contact (the same struggle), and events the listener dated into
    the hard-time window (a baby due next month)."""
    closer = Note.__table__.alias("closer")
    rows = session.execute(
        select(SignalRow, Note.note_date, closer.c.note_date)
        .join(Note, Note.id == SignalRow.note_id)
        .outerjoin(closer, closer.c.id == SignalRow.closed_by_note_id)
        .where(
            SignalRow.about == "contact",
            SignalRow.kind.in_(("need", "event")),
            Note.note_date <= as_of,
        )
    )
    window = timedelta(days=days)
    for signal, note_date, closed_on in rows:
        person = people.get(signal.contact_id)
        if person is None:
            continue
        if signal.kind == "need":
            still_open = signal.status in ("active", "hedged") and (
                closed_on is None or closed_on > as_of
            )
            if (
                still_open
                and not is_offering(signal.evidence)
                and not is_about_user(signal.evidence)
            ):
                # The clause, not the bare phrase: "dust" alone matches too much.
                person.open_needs.append(signal.evidence)
        elif (
            signal.event_date is not None
            and signal.status == "active"
            and as_of - window <= signal.event_date <= as_of + timedelta(days=45)
            # Only what an older note said was coming ("the baby is due in December"): a
            # past event is as old as its note, and "Monday the 12th" may resolve forward.
            and signal.event_date > note_date
            and _AHEAD.search(signal.evidence) is not None
        ):
            hard = hard_time_in(signal.evidence)
            if hard is not None and all(h.evidence != hard.evidence for h in person.hard_times):
                person.hard_times.append(hard)
