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

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
# A new date: a month, a season, "next year", a day of the month or a year ("moved to 9am" and
# "moved to 5 Market St" name none).
_WHEN = (
    rf"(?:next\s+\w+|after\s+\w+|the\s+(?:new\s+year|fall|spring|summer|winter|autumn)|"
    rf"(?:early|mid|late)[-\s]?\w+|(?:fall|spring|summer|winter|autumn|q[1-4])\b|{_MONTH}|"
    rf"(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\b|(?:19|20)\d\d\b|\d{{1,2}}[/.]\d{{1,2}}\b|\d{{1,2}}\s+{_MONTH})"
)
_SPAN = (
    r"(?:a|an|one|two|three|four|five|six|\d+|a\s+few|another)\s+(?:days?|weeks?|months?|years?)"
)
# Put off: a new date, or on hold (a delay only with its new date or length: "her flight was
# delayed six hours" puts no trip off).
_PUT_OFF = re.compile(
    rf"\b(?:(?:push(?:ed|es)?|mov(?:e|ed|es)|bump(?:ed|s)?|slip(?:ped|s)?|shift(?:ed|s)?)\s+"
    rf"(?:back\b(?!\s+(?:on|against|at)\b)|out\b(?!\s+of\b)|(?:to|til|till|until|into)\s+{_WHEN})|"
    rf"postpon\w*|delay(?:ed|s)?\s+(?:(?:to|til|till|until|into)\s+{_WHEN}|(?:by\s+)?{_SPAN})|"
    rf"resched\w*|defer(?:red|s)?\b|put\s+off\b|on\s+(?:hold|ice|pause)\b|paused\b)",
    re.IGNORECASE,
)
# Called off ("cancelled on them" is a supplier letting them down).
_CALLED_OFF = re.compile(
    r"\b(?:cancell?(?:ed|s)\b(?!\s+(?:on|a|an|all)\b)|"
    r"call(?:ed|s|ing)?\s+(?:\w+\s+){0,3}?off\b|f[ae]ll(?:s)?\s+(?:through|apart)\b|"
    r"scrapp(?:ed)?\b|shelved\b|axed\b|binned\b|ditched\b|off\s+the\s+table\b|"
    r"on\s+hiatus\b|^\W*dead(?=\s*(?:[.,;:!?—–-]|$)|\s+(?:for|in\s+the\s+water)\b)|"
    # a plan is dead, not a thing ("the pump is dead" calls for a pump)
    r"(?:idea|ideas|plan|plans|project|scheme|dream|bid|deal|trip)(?:\s+is|\s+was|['’]s)\s+"
    r"(?:now\s+|officially\s+)?dead\b(?!\s+(?:set|keen|serious|easy|good|great|fun|funny|nice|"
    r"lucky|chuffed|until|till|til)\b)|"
    r"dead\s+in\s+the\s+water\b|(?:did\s*n[o’']?t|never)\s+(?:happen|come\s+off)\b|"
    r"not\s+happening\b|(?:is|are|was|['’]s)\s+(?:now\s+|all\s+)?off(?=\s*(?:[.,;:!?)—–-]|$)|"
    r"\s+(?:now|again|for\s+now|this\s+(?:year|time|season)|completely|entirely|altogether)\b))",
    re.IGNORECASE,
)
# "called the wedding off": the plan named between the words of the change.
_CALLED_X_OFF = re.compile(r"call(?:ed|s|ing)?\s+(.*?)\s*off", re.IGNORECASE)


# The plan a change acts on, said after it: "called off the wedding", "postponed the launch"
# (not "cancelled on them").
_OBJECT = re.compile(
    r"^\s+(?:the|their|his|her|our|my|its|this|that)\s+([\w'’-]+(?:\s+[\w'’-]+){0,2}?)(?=[,;:.!?(]|\s+"
    r"(?:for|to|till|until|because|cos|as|after|again|last|this|next|so|and|but)\b|$)",
    re.IGNORECASE,
)


def _object_of(after: str) -> str:
    """The plan named just after a change, as its object, else nothing."""
    found = _OBJECT.match(after)
    return found.group(1) if found else ""


def _called_what(change: str) -> str:
    """What "called ... off" names between its words ("called the wedding off": "the
    wedding"), else nothing."""
    found = _CALLED_X_OFF.fullmatch(change)
    return found.group(1) if found else ""


# What keeps a clause from saying so: a denial, a doubt, a condition or a question of it ("not
# cancelled", "might get pushed", "if it falls through").
_NOT_SO = re.compile(
    r"\b(?:not|never|no|n[’']t|might|may|could|maybe|possibly|probably|if|unless|whether|"
    r"hope|hoping|worried|afraid|risk)\b",
    re.IGNORECASE,
)
# How many words before the change a denial or a doubt reaches.
DOUBT_WINDOW = 4
_POSSESSOR = re.compile(r"(\w+)['’]s\b")
_BOUNDARY = re.compile(r"[,;:()]|\s[-–—]\s")


def _named_before(named: set[str], before: str) -> bool:
    """Whether the plan is named just before the change: its last word of meaning, or the
    word before a head that names no plan of its own ("book launch", "office opening",
    "designer search"). "Wedding DJ cancelled" puts off no wedding; "Zeynep's appointment
    moved to January" names only the owner of her pharmacy opening."""
    segments = [p for p in _BOUNDARY.split(before) if content_words(p)]
    if not segments:
        return False
    # "Still hunting for a lawyer, the first one fell through": what falls through is named
    # after the last boundary; "Book launch: pushed to Feb." names it before one.
    last = _BOUNDARY.split(before)[-1]
    segment = last if content_words(last) else segments[-1]
    owners = content_words(" ".join(_POSSESSOR.findall(segment)))
    words = [
        w
        for token in segment.split()
        for w in sorted(content_words(token))
        if w not in _AUXILIARY and w not in owners
    ]
    if not words:
        return False
    heads = {words[-1], words[-2]} if len(words) > 1 and words[-1] in _HEADS else {words[-1]}
    return bool(heads & named)


# Words between a plan and the change that name nothing ("the launch got pushed", "is now
# officially off").
_AUXILIARY = frozenset({
    "got", "get", "gets", "getting", "been", "being", "were", "are", "now", "just", "all",
    "finally", "officially", "also", "has", "have", "had", "basically", "totally", "apparently",
})  # fmt: skip
# Heads that name a plan by the word before them.
_HEADS = frozenset({
    "opening", "launch", "trip", "move", "plan", "plans", "idea", "thing", "party", "search",
    "hunt", "hire", "hiring", "project", "event", "day", "date", "visit", "tour", "build",
    "renovation", "reno", "course", "application", "bid", "deal", "sale", "purchase",
})  # fmt: skip
_NO_DELAY_FOR_NEEDS = re.compile(r"\bdelay(?:ed|s)?\b", re.IGNORECASE)


def said_off(clause: str) -> tuple[str, str, str, str] | None:
    """``("put_off" | "called_off", the words, what comes before them, what after)`` when a
    clause says a plan was put off or called off, in so many words and with no denial or
    doubt just before them."""
    for kind, pattern in (("called_off", _CALLED_OFF), ("put_off", _PUT_OFF)):
        for match in pattern.finditer(clause):
            before = clause[: match.start()].split()[-DOUBT_WINDOW:]
            if match.group(0).casefold().startswith(("didn", "did not", "never", "not ")):
                before = before[-1:]  # "did not happen" is the change, not a denial of it
            if not _NOT_SO.search(" ".join(before)):
                return kind, match.group(0), clause[: match.start()], clause[match.end() :]
    return None


def _how(kind: SignalKind, off: str) -> ClosedHow:
    if off == "put_off":
        return ClosedHow.POSTPONED
    return ClosedHow.NO_LONGER_WANTED if kind is SignalKind.INTEREST else ClosedHow.MOOT


def _names_plan(named: set[str], off: tuple[str, str, str, str], asked: set[str]) -> bool:
    """Whether a change (:func:`said_off`) names the plan whose words are ``named``: as the
    object after it, and only there ("The National cancelled their Dublin show" calls off no
    interest in the band); else just before it, between "called" and "off", or, for a reply
    that names nothing, in the user's question it answers (``asked``)."""
    _, change, before, after = off
    acted_on = _object_of(after)
    if acted_on:
        return _named_before(named, acted_on)
    return (
        _named_before(named, before)
        or _named_before(named, _called_what(change))
        or bool(asked and not before.strip() and asked & named)
    )


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
            if off is None or not _names_plan(named, off, asked):
                continue
            if signal.kind is SignalKind.NEED and (
                (off[0] == "put_off" and _NO_DELAY_FOR_NEEDS.search(off[1]))
                or says_still_open(clauses[c].text, signal.phrase, signal.evidence)
            ):
                continue
            found[s] = (c, _how(signal.kind, off[0]).value)
            break
    return found


def called_off_here(clause: str, phrase: str) -> bool:
    """Whether a clause calls off the plan it names itself ("Strings camp idea is dead.",
    "Montreal is off the table"): the interest, need or event heard in it is given up as it is
    said, whatever the status model leans to. Put off is not given up ("the launch got pushed to
    Feb" is still a launch), and the plan must be named before the change ("still hunting for
    a lawyer, the first one fell through" gives up no lawyer), nor when the clause asks, or
    wants it again ("Caterer fell through, need another by the 12th")."""
    off = said_off(clause)
    if off is None or off[0] != "called_off" or "?" in clause:
        return False  # "So the Paris trip's off?" asks
    if _WANTED_AGAIN.search(off[3]) or says_still_open(clause, phrase, clause):
        return False  # "Caterer fell through, need another by the 12th"
    named = content_words(phrase)
    return bool(named) and not _object_of(off[3]) and _named_before(named, off[2])


# What comes after a plan called off that wants it again, or another.
_WANTED_AGAIN = re.compile(
    r"\b(?:need|needs|needed|want|wants|another|new|replacement|still|looking|hunting|find)\b",
    re.IGNORECASE,
)


# A speaker's label ("Hannah", "Hannah W:"), which the clauses may hold apart.
_LABEL = re.compile(r"^\s*(?:[A-Z][\w.'’-]*\s?){1,3}:?\s*$")


def _asked_before(clauses: Sequence[Clause], at: int) -> set[str]:
    """The words of the user's question a reply answers first thing ("Me: And the tool
    library?" / "Hannah: Dead for this cycle."), else none."""
    if at == 0 or not clauses[at].other_turn:
        return set()
    before = at - 1
    while before > 0 and _LABEL.match(clauses[before].text):
        before -= 1  # the speaker's label, heard as a clause of its own
    asked = clauses[before]
    return content_words(asked.text) if asked.user_turn and asked.question else set()
