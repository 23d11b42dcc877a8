"""Plans put off or called off, by name: "the book launch got pushed to Feb" ends the event
"Launching a book in Nov"; "The band is on hiatus" ends the interest in the band.

The closure model learned mostly from needs, which good news meets, and it scores such news
of a plan below its bar: on the dev split "dads surgery got moved to jan" (0.74), "Zeynep's
pharmacy opening moved to January" (0.70), "the book launch got pushed to Feb" (0.64),
"Montreal is off the table" (0.64) and "Office opening slipped to Q4" (0.60) closed nothing,
each the best clause of its note for the plan it ends. A clause that says in so many words
that a plan was put off or called off, and names a word of it, ends it, whatever the model
scores: events and interests (of the corpus's labeled closures of events, 57 of 73 are put off
and 7 called off), and needs put on hold or called off ("The designer search is paused", "the
move fell through"), never by a delay alone ("the visa's delayed" makes a need for help with
it more pressing, not less).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from giveback.core.domain import ClosedHow, OpenSignal, SignalKind
from giveback.pipelines.learned.clause import Clause
from giveback.pipelines.learned.closure.pending import content_words, says_still_open

_WHEN = (
    r"(?:next\s+\w+|after\s+\w+|the\s+(?:new\s+year|fall|spring|summer|winter|autumn)|"
    r"(?:early|mid|late)[-\s]?\w+|(?:fall|spring|summer|winter|autumn|jan(?:uary)?|feb(?:ruary)?|"
    r"mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?|q[1-4])\b|\d)"
)
# Put off: a new date, or on hold.
_PUT_OFF = re.compile(
    rf"\b(?:(?:push(?:ed|es)?|mov(?:e|ed|es)|bump(?:ed|s)?|slip(?:ped|s)?|shift(?:ed|s)?)\s+"
    rf"(?:back\b(?!\s+(?:on|against|at)\b)|out\b(?!\s+of\b)|(?:to|til|till|until|into)\s+{_WHEN})|postpon\w*|delay(?:ed|s)?\b|resched\w*|defer(?:red|s)?\b|put\s+off\b|"
    r"on\s+(?:hold|ice|pause)\b|paused\b)",
    re.IGNORECASE,
)
# Called off.
_CALLED_OFF = re.compile(
    r"\b(?:cancell?(?:ed|s)\b|call(?:ed|s)?\s+off\b|f[ae]ll(?:s)?\s+(?:through|apart)\b|"
    r"scrapp(?:ed)?\b|shelved\b|axed\b|binned\b|ditched\b|off\s+the\s+table\b|"
    r"on\s+hiatus\b|^\W*dead\b|dead\s+in\s+the\s+water\b|(?:did\s*n[o’']?t|never)\s+(?:happen|come\s+off)\b|not\s+happening\b|"
    r"(?:is|are|was|['’]s)\s+(?:now\s+|all\s+)?off\b(?!\s+(?:to|for|on|at|in|work|sick|today)\b))",
    re.IGNORECASE,
)
# What keeps a clause from saying so: a denial, a doubt, a condition or a question of it ("not
# cancelled", "might get pushed", "if it falls through").
_NOT_SO = re.compile(
    r"\b(?:not|never|no|n[’']t|might|may|could|maybe|possibly|probably|if|unless|whether|"
    r"hope|hoping|worried|afraid|risk)\b",
    re.IGNORECASE,
)
# How many words before the change a denial or a doubt reaches.
DOUBT_WINDOW = 4
# How many words before the change the plan must be named ("the book launch got pushed").
NAMED_WINDOW = 6
_POSSESSOR = re.compile(r"(\w+)['’]s\b")
_BOUNDARY = re.compile(r"[,;:()]|\s[-–—]\s")


def _named_before(named: set[str], before: str) -> bool:
    """Whether the words just before the change name a word of the plan, not only its owner
    ("Zeynep's appointment moved to January" names no plan of Zeynep's opening)."""
    before = _BOUNDARY.split(before)[-1]  # "Still hunting for a lawyer, the first one"
    owners = content_words(" ".join(_POSSESSOR.findall(before)))
    near = " ".join(before.split()[-NAMED_WINDOW:])
    return bool((content_words(near) - owners) & named)


_NO_DELAY_FOR_NEEDS = re.compile(r"\bdelay(?:ed|s)?\b", re.IGNORECASE)


def said_off(clause: str) -> tuple[str, str, str] | None:
    """``("put_off" | "called_off", the words, what comes before them)`` when a clause says
    a plan was put off or called off, in so many words and with no denial or doubt just
    before them."""
    for kind, pattern in (("called_off", _CALLED_OFF), ("put_off", _PUT_OFF)):
        for match in pattern.finditer(clause):
            before = clause[: match.start()].split()[-DOUBT_WINDOW:]
            if match.group(0).casefold().startswith(("didn", "did not", "never", "not ")):
                before = before[-1:]  # "did not happen" is the change, not a denial of it
            if not _NOT_SO.search(" ".join(before)):
                return kind, match.group(0), clause[: match.start()]
    return None


def _how(kind: SignalKind, off: str) -> ClosedHow:
    if off == "put_off":
        return ClosedHow.POSTPONED
    return ClosedHow.NO_LONGER_WANTED if kind is SignalKind.INTEREST else ClosedHow.MOOT


def plans_called_off(
    open_signals: Sequence[OpenSignal], clauses: Sequence[Clause], skip: set[int]
) -> dict[int, tuple[int, str]]:
    """The open events, interests and needs (by position, none of ``skip``) a clause says
    were put off or called off by a word of their own, each with that clause and how."""
    found: dict[int, tuple[int, str]] = {}
    said = [
        (c, said_off(clause.text), _asked_before(clauses, c))
        for c, clause in enumerate(clauses)
        if not clause.question
    ]
    for s, signal in enumerate(open_signals):
        if s in skip or signal.kind not in (SignalKind.EVENT, SignalKind.INTEREST, SignalKind.NEED):
            continue
        named = content_words(f"{signal.phrase} {signal.evidence}")
        for c, off, asked in said:
            if off is None or not (
                _named_before(named, off[2]) or (asked and not off[2].strip() and asked & named)
            ):
                continue
            if signal.kind is SignalKind.NEED and (
                (off[0] == "put_off" and _NO_DELAY_FOR_NEEDS.search(off[1]))
                or says_still_open(clauses[c].text, signal.phrase, signal.evidence)
            ):
                continue
            found[s] = (c, _how(signal.kind, off[0]).value)
            break
    return found


def _asked_before(clauses: Sequence[Clause], at: int) -> set[str]:
    """The words of the user's question a reply answers first thing ("Me: And the tool
    library?" / "H: Dead for this cycle."), else none."""
    if at == 0 or not clauses[at].other_turn:
        return set()
    before = clauses[at - 1]
    return content_words(before.text) if before.user_turn and before.question else set()
