"""Who a signal is about and whether it holds: the subject, the speaker and the modifiers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from giveback.core.domain import About, ContactRef, Status
from giveback.pipelines.extraction.lexicon import (
    HEDGE_WORDS,
    NEGATION_PHRASES,
    NEGATION_WORDS,
    RELATION_NOUNS,
    SELF_NOUNS,
)
from giveback.pipelines.extraction.turns import Turn

_USER_PRONOUNS = frozenset({"i", "me", "myself"})
_WE = frozenset({"we", "us"})
_CONTACT_PRONOUNS = frozenset({"she", "he", "they", "her", "him", "them"})
_POSSESSIVES = frozenset({"her", "his", "their", "my", "our", "your"})
# fmt: off
_CLAUSE_BREAKS = frozenset({",", ";", ":", ".", "—", "-", "–", "(", ")", "but", "and", "so",
                            "because", "since", "while", "although", "though"})
# fmt: on
_GENDER = {"she": "f", "her": "f", "hers": "f", "he": "m", "him": "m", "his": "m"}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Whom a signal is about, and who that is when it is a third party."""

    about: About
    who: str | None = None


def names_of(contact: ContactRef | None) -> set[str]:
    """Lowercased name, aliases and first name of a contact."""
    if contact is None:
        return set()
    names = {contact.name.lower(), *(a.lower() for a in contact.aliases)}
    names.add(contact.name.split()[0].lower())
    return names


def initials_of(contact: ContactRef | None) -> set[str]:
    """The initials a transcript may label a contact's lines by: "i" and "it" for Ibrahim
    Touré."""
    if contact is None:
        return set()
    words = [w for w in contact.name.split() if w[:1].isalpha()]
    return {w[:1].lower() for w in words[:1]} | {"".join(w[0] for w in words).lower()}


def speaker_at(turns: Sequence[Turn], char: int) -> Turn | None:
    """The turn that covers character offset ``char``, if the note is a transcript."""
    for turn in turns:
        if turn.start <= char < turn.end:
            return turn
    return None


def clause_head(token: Token) -> Token:
    """The verb (or predicate) that governs ``token``'s clause."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            return node
        if node.head is node:
            break
        node = node.head
    return node


def find_subject(token: Token) -> Token | None:
    """The grammatical subject of ``token``'s clause, climbing through xcomp/conj chains."""
    node = clause_head(token)
    for _ in range(5):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass", "expl") and child.dep_ != "expl":
                return child
        if (
            node.dep_ in ("xcomp", "conj", "ccomp", "advcl", "acl", "relcl", "pcomp")
            and node.head is not node
        ):
            if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
                return node.head  # "kid applying to colleges": the noun is the subject
            if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return node.head
            node = node.head
            continue
        break
    return None


def _subject_phrase(subject: Token) -> str:
    poss = [c for c in subject.children if c.dep_ == "poss"]
    words = [poss[0].lower_] if poss else []
    words += [c.lower_ for c in subject.children if c.dep_ == "compound"]
    words.append(subject.lower_)
    return " ".join(words)


def attribute(
    anchor: Token,
    contact: ContactRef | None,
    others: Sequence[ContactRef],
    turns: Sequence[Turn],
    referent: str | None = None,
    contact_gender: str | None = None,
) -> Attribution:
    """Decide whom the signal at ``anchor`` is about.

    The subject decides; pronouns are read against the speaker of the line in transcripts
    ("I" under "Maria:" is Maria), and a subject-less bullet is about the note's contact.
    """
    subject = find_subject(anchor)
    turn = speaker_at(turns, anchor.idx)
    contact_names = names_of(contact)
    speaker_is_contact = (
        turn is not None
        and not turn.is_user
        and (
            turn.label.lower() in contact_names
            or turn.label.lower() in initials_of(contact)
            or not contact_names
        )
    )
    speaker_is_other = turn is not None and not turn.is_user and not speaker_is_contact

    if subject is None:
        if speaker_is_other and turn is not None:
            return Attribution(About.THIRD_PARTY, turn.label)
        return Attribution(About.CONTACT)
    low = subject.lower_
    if low in _USER_PRONOUNS or low in _WE:
        if speaker_is_contact:
            return Attribution(About.CONTACT)
        if speaker_is_other and turn is not None:
            return Attribution(About.THIRD_PARTY, turn.label)
        if low in _WE and turn is None:
            return Attribution(About.CONTACT)  # "we" in a plain note: usually the two of them
        return Attribution(About.USER)
    if low in ("you", "u"):
        return Attribution(About.USER if speaker_is_contact else About.CONTACT)
    if low in _CONTACT_PRONOUNS:
        # "she" is somebody else only when the note tells us the contact is a "he" (or v.v.).
        if referent and contact_gender and _GENDER.get(low) not in (None, contact_gender):
            return Attribution(About.THIRD_PARTY, referent)
        return Attribution(About.CONTACT)
    lemma = subject.lemma_.lower()
    if lemma in RELATION_NOUNS or low in RELATION_NOUNS:
        return Attribution(About.THIRD_PARTY, _subject_phrase(subject))
    has_poss = any(c.dep_ == "poss" and c.lower_ in _POSSESSIVES for c in subject.children)
    if lemma in SELF_NOUNS:
        poss = [c.lower_ for c in subject.children if c.dep_ == "poss"]
        if poss and poss[0] in ("my", "our") and not speaker_is_contact:
            return Attribution(About.USER)
        return Attribution(About.CONTACT)
    if subject.pos_ == "PROPN" or subject.ent_type_ == "PERSON":
        name = _full_name(subject)
        if name.lower() in contact_names or subject.lower_ in contact_names:
            return Attribution(About.CONTACT)
        if subject.ent_type_ != "PERSON" and (
            subject.ent_type_ in ("ORG", "GPE", "PRODUCT", "WORK_OF_ART", "EVENT")
            or not subject.ent_type_
        ):
            return Attribution(About.CONTACT)  # "the Series A closed", "Zinnia is launching"
        return Attribution(About.THIRD_PARTY, name)
    if has_poss:
        # A thing someone has ("your NIH renewal came through", "her hobby is swimming") is
        # about its owner, not a third person.
        owner = next(c.lower_ for c in subject.children if c.dep_ == "poss")
        if owner in ("my", "our") and not speaker_is_contact:
            return Attribution(About.USER)
        return Attribution(About.CONTACT)
    return Attribution(About.CONTACT)


def _full_name(token: Token) -> str:
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent.text
    parts = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return " ".join([*(p.text for p in parts), token.text])


def _clause_tokens(anchor: Token) -> list[Token]:
    head = clause_head(anchor)
    sent = anchor.sent
    left = max(sent.start, min(head.left_edge.i, anchor.i) - 1)
    return [t for t in anchor.doc[left : anchor.i + 1]]


def status_of(anchor: Token, first: Token, doc: Doc) -> Status:
    """Active, negated or hedged, read from the words that govern the trigger.

    ``first`` is the first token of the trigger; modifiers before it in the clause count
    ("not really looking", "might be moving"), and so does a question mark ending the sentence.
    """
    head = clause_head(anchor)
    sent = anchor.sent
    before = [t for t in doc[max(sent.start, first.i - 6) : first.i]]
    # Words after a clause break ("..., but ...") do not govern the trigger.
    for k in range(len(before) - 1, -1, -1):
        if before[k].lower_ in _CLAUSE_BREAKS and (
            before[k].is_punct or before[k].dep_ in ("cc", "mark", "advmod")
        ):
            before = before[k + 1 :]
            break
    governors = {c for c in head.children if c.i < first.i or c.dep_ == "neg"}
    # A negation governs through "not looking to hire" (xcomp), not through "so I don't forget:
    # you found a lawyer" (a clause of its own).
    for node in (head, head.head) if head.dep_ == "xcomp" else (head,):
        governors.update(c for c in node.children if c.dep_ in ("neg", "aux", "advmod"))
    window = (
        " ".join(t.lower_ for t in before)
        + " "
        + " ".join(t.lower_ for t in doc[first.i : min(sent.end, anchor.i + 3)])
    )
    if any(
        p in window
        for p in (
            "not sure",
            "n't sure",
            "unsure",
            "not certain",
            "n't know if",
            "n't know whether",
            "n't decided",
        )
    ):
        return Status.HEDGED  # "isn't sure she wants the uncertainty"
    if (
        any(t.dep_ == "neg" for t in governors if t.i < anchor.i + 3)
        or any(t.lower_ in NEGATION_WORDS for t in before[-4:])
        or any(p in window for p in NEGATION_PHRASES)
    ):
        return Status.NEGATED
    hedge_tokens = [t for t in before if t.lower_ in HEDGE_WORDS]
    hedge_tokens += [t for t in governors if t.lower_ in HEDGE_WORDS and t.i < first.i]
    if (
        hedge_tokens
        or "thinking about" in window
        or "thinking of" in window
        or "not sure" in window
    ):
        return Status.HEDGED
    if sent[-1].text == "?" or (sent.end < len(doc) and doc[sent.end - 1].text == "?"):
        return Status.HEDGED
    return Status.ACTIVE


def sentence_referent(tokens: Sequence[Token], contact: ContactRef | None) -> str | bool | None:
    """Whom "she"/"he" will point at after this sentence.

    A named third party as the sentence's subject (or its predicate: "the hard part is Kate")
    becomes the referent; the contact named as subject clears it (``False``); ``None`` leaves
    things as they were.
    """
    names = names_of(contact)
    for tok in tokens:
        if tok.dep_ in ("nsubj", "nsubjpass", "attr") and tok.ent_type_ == "PERSON":
            name = _full_name(tok)
            if name.lower() in names or tok.lower_ in names:
                return False
            return name
    return None


def contact_gender(doc: Doc, contact: ContactRef | None) -> str | None:
    """ "f" or "m" when the pronouns right after the contact is named agree; else ``None``."""
    names = names_of(contact)
    if not names:
        return None
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        if not any(t.lower_ in names for t in sent):
            continue
        votes = [_GENDER[t.lower_] for s in sents[k : k + 2] for t in s if t.lower_ in _GENDER]
        if votes:
            f, m = votes.count("f"), votes.count("m")
            return "f" if f > m else "m" if m > f else None
    return None
