"""What the learned models see of a clause: its sentence embedding, its words, its shape.

Shared by both tasks: the signal model reads one clause at a time, the closure model pairs an
earlier signal with a later clause. Embeddings come from the same MiniLM the ranker loads, so
listening adds one encode of the note's clauses and no second model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from giveback.pipelines.learned.clause import Clause

# A function from texts to L2-normalised vectors (one row per text), with each text's token
# states below the kind tail (``Embedder.encode_inner``).
EncodeInner = Callable[[Sequence[str]], tuple[np.ndarray, list[np.ndarray]]]

RULE_KINDS = ("interest", "need", "event", "commitment")
RULE_STATUSES = ("active", "negated", "hedged", "resolved")
RULE_ABOUTS = ("contact", "third_party", "user")
# fmt: off
RELATIONS = frozenset({
    "son", "sons", "daughter", "daughters", "kid", "kids", "child", "children", "baby", "wife",
    "husband", "partner", "spouse", "boyfriend", "girlfriend", "fiance", "fiancee", "mom", "mum",
    "mother", "dad", "father", "parent", "parents", "brother", "sister", "sibling", "grandma",
    "grandpa", "grandmother", "grandfather", "aunt", "uncle", "cousin", "niece", "nephew", "boss",
    "manager", "cofounder", "co-founder", "friend", "colleague", "coworker", "neighbour",
    "neighbor", "roommate", "teen", "teenager", "stepson", "stepdaughter",
})
# fmt: on
_WORD = re.compile(r"[a-z][a-z'-]*")


def names_in(text: str, names: Sequence[str]) -> bool:
    """Whether any of ``names`` (a contact's name and aliases) occurs in ``text`` as words."""
    lowered = text.casefold()
    for name in names:
        for part in name.casefold().split():
            if len(part) > 1 and re.search(rf"\b{re.escape(part)}\b", lowered):
                return True
    return False


def shape(clause: Clause, contact_names: Sequence[str] = ()) -> list[float]:
    """The clause's shape and what the rules heard in it, as numbers."""
    words = set(_WORD.findall(clause.text.casefold()))
    return [
        float(clause.question),
        float(clause.user_turn),
        float(clause.other_turn),
        float(clause.first_person),
        float(clause.has_date),
        float(clause.has_person),
        float(names_in(clause.text, contact_names)),
        float(bool(words & RELATIONS)),
        min(len(clause.text.split()), 30) / 30.0,
        *(float(k in clause.rule_kinds) for k in RULE_KINDS),
        *(float(s in clause.rule_statuses) for s in RULE_STATUSES),
        *(float(a in clause.rule_abouts) for a in RULE_ABOUTS),
        *(float(a == clause.attributed) for a in RULE_ABOUTS),
    ]


def context(clause: Clause) -> list[float]:
    """Whom the clause's line is about: the person its heading names, the contact or someone
    else (see ``heads.py``), and whom a clause with no subject goes on about."""
    return [
        float(clause.head_contact),
        float(clause.head_other),
        *(float(a == clause.carried) for a in RULE_ABOUTS),
    ]


def clause_texts(clauses: Sequence[Clause]) -> tuple[list[str], list[str]]:
    """Each clause's text and the text of the clause before it (``""`` for the first)."""
    texts = [c.text for c in clauses]
    return texts, ["", *texts[:-1]]
