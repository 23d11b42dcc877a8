"""What the user promised, in their own words, said to the contact.

"I offered to pair with him some evening on his report" is told back as "pair with you some
evening on your report": the draft that keeps the promise says what was promised rather than
the catalog title that keeps it, which may say it of someone else ("Review your resume" for
"look over Jonas's resume") or in the catalog's stiff words. Only words that read on their own
are told back; else the title says it. What the draft asks next follows from what is done:
"Send it over whenever you're ready." for work on something of theirs, "When suits you?" for
what is done together.
"""

from __future__ import annotations

import re

from giveback.engine.suggest.promise_said import PROMISE_LEAD, promise_text
from giveback.engine.suggest.reasons import first_name
from giveback.engine.suggest.wording import THIRD_PERSON, to_second_person

# When the note said it would be done: true then, stale by the time the draft is sent.
_WHEN_SAID = re.compile(
    r",?\s+(?:(?:this|next)\s+(?:weekend|week|month|morning|afternoon|evening)|tomorrow|"
    r"tonight|today|(?:(?:on|one|some|a)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.IGNORECASE,
)
# A promise with a word pointing back ("I'll give you a design day on that", "I'll sort it")
# says what only with the sentence before it; one that still names someone by a pronoun
# ("lend her the tent") would leave the reader asking who.
_POINTS_BACK = re.compile(r"\b(?:that|it|this|them|those)\b", re.IGNORECASE)
# What the promise waited for ("when he arrives", "once the build is out"): the draft asks
# when suits them now.
_UNTIL = re.compile(r"\s+(?:when|whenever|once|as soon as|after|before|if)\s+", re.IGNORECASE)
_PROMISE_WORDS = (2, 16)


def promised_doing(evidence: str, contact: str) -> str | None:
    """What the user said they would do, as said to the contact ("pair with you some evening
    on your report" of "I offered to pair with him some evening on his report"), or ``None``
    when the note's words do not read on their own: the offer's title says it then."""
    text = evidence.strip().rstrip(".!")
    if not PROMISE_LEAD.match(text):
        return None
    what = _WHEN_SAID.sub("", promise_text(text)).split(", ")[0]
    what = _UNTIL.split(what)[0].strip()
    names = {contact.casefold(), first_name(contact).casefold()}
    what = to_second_person(what, names)
    low, high = _PROMISE_WORDS
    if not low <= len(what.split()) <= high or not what[:1].islower():
        return None
    if _POINTS_BACK.search(what) or THIRD_PERSON.search(what):
        return None
    return what


# What a kept promise asks next, by what is done: work on something of theirs waits for it
# ("read over your CV": send it over), work made for them for what they need and by when
# ("write you the letter"); the rest, done together, for a time that suits them.
_ON_THEIRS = frozenset({"read", "review", "proofread", "edit", "check", "look", "go", "mark"})
_MADE_FOR_THEM = frozenset({"write", "draft", "sketch", "design", "find", "print", "record",
                            "mix", "build", "make", "put", "pull", "compile"})  # fmt: skip


# Done by the user alone, on their behalf, and reported back ("raise the clubhouse with the
# committee", "ask Niall about the charter"): nothing for them to find a time for.
# fmt: off
_ON_MY_OWN = frozenset({"raise", "ask", "call", "ring", "phone", "email", "text", "mention",
                        "talk", "speak", "chase", "nudge", "lobby", "pitch", "contact", "tell"})
# fmt: on


def done_alone(doing: str) -> bool:
    """Whether the user does ``doing`` alone and reports back ("raise it with the committee")."""
    words = doing.split()
    return bool(words) and words[0].lower() in _ON_MY_OWN


def when_asked(doing: str) -> str:
    """The question that follows a kept offer of ``doing`` ("read over your CV", ...)."""
    verb = doing.split()[0].lower() if doing.split() else ""
    if verb in _ON_THEIRS and re.search(r"\byour\b|\w['’]s\b", doing):
        return "Send it over whenever you're ready."
    if verb in _MADE_FOR_THEM:
        return "Just tell me what you need and by when."
    return "When suits you?"
