"""What the user typed after the need, said in the ask: their own ask ("AFG grant for new
SCBA packs - want someone who's written a funded one to read our narrative" gives "I'd like
someone who's written a funded one to read our narrative.") and their question ("G's physio
ends Dec 31. what home rehab is there after?" gives "What home rehab is there after?"). The
need's first thought is said by :mod:`giveback.engine.asks.need_words`. Pure: no models.
"""

from __future__ import annotations

import re

from giveback.engine.asks.need_shorthand import (
    hard_cut,
    need_core,
    spelt_out,
    without_interjections,
)
from giveback.engine.asks.need_words import ADVICE_ON, ASKING_LEADS, asks_for_someone, need_clause

# The user's own ask, typed after the need ("AFG grant for new SCBA packs - want someone
# who's written a funded one to read our narrative"): who or what would help.
_REQUEST = re.compile(
    r"^(?:(?:i\s+)?(?:really\s+|just\s+|still\s+)?"
    r"(?P<verb>need|want|would love|looking for|hoping to find)\s+)?(?P<what>"
    r"(?:someone|somebody|anyone|help|advice|eyes|to (?:talk|hear|ask|meet)|"
    r"an? (?:\S+ ){0,5}?(?:who|who's|that|to)\b)\b.*)$",
    re.IGNORECASE,
)
_SAID_AS = {"need": "I need", "want": "I'd like", "would love": "I'd love",
            "looking for": "I'm looking for", "hoping to find": "I'm hoping to find"}  # fmt: skip
_ANYONE = re.compile(r"\b(?:you|your|yourself)\b", re.IGNORECASE)
_ME = {"you": "me", "your": "my", "yourself": "myself"}
_REQUEST_WORDS = (3, 25)  # shorter says nothing more; longer is a paragraph, not an ask


def _long_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def _after_core(text: str) -> list[tuple[str, bool]]:
    """What the user typed after the need's first thought, cut into its parts, each with
    whether it was asked as a question."""
    hard = hard_cut(text)
    if hard is None:
        return []
    pieces = re.split(r"(\?+\s*|;\s*|\s[-–—]\s|\.\s+|\s\()", text[hard.end() - 1 :])
    parts = [
        (pieces[k], pieces[k + 1] if k + 1 < len(pieces) else "") for k in range(0, len(pieces), 2)
    ]
    return [(part.strip(" .!,:-+"), end.startswith("?")) for part, end in parts]


# "anyone been the parent on the other end of this?", "who's negotiated a lease and won?":
# someone looked for, typed as a question.
_WHO_ASKED = ((r"^(?:anyone|anybody)\s+(?=been\b)", "someone who's "),
              (r"^(?:anyone|anybody)\s+(?=who)", "someone "),
              (r"^(?=who(?:'s|\s+(?:has|have|knows|did)\b))", "someone "))  # fmt: skip


def need_request(text: str) -> str | None:
    """The user's own ask when they typed it after the need, as a sentence ("I'd like
    someone who's written a funded one to read our narrative."); ``None`` when the need's
    first thought already is the ask, or no ask follows it."""
    text = without_interjections(" ".join(text.split()))
    if asks_for_someone(text):
        return None
    for part, _ in _after_core(text):
        for pattern, replacement in _WHO_ASKED:
            part = re.sub(pattern, replacement, part, flags=re.IGNORECASE)
        request = _REQUEST.match(part)
        if request is None:
            continue
        verb, what = request["verb"], request["what"]
        if verb is None and not re.match(r"(?:someone|somebody)\s+(?:who|to|that|with)\b", what):
            continue  # a bare "someone who ..." is an ask; "help with X", no more than a topic
        if what.lower() in need_clause(text).lower():
            return None  # the first sentence already says it
        # The user's "you" is anyone, meaning themselves ("a physio who gets you back on the
        # floor"); sent to someone, it would mean them.
        what = _ANYONE.sub(lambda m: _ME[m.group().lower()], what)
        said = spelt_out(f"{_SAID_AS[(verb or 'looking for').lower()]} {what}")
        said = said.split(": ")[0]  # "someone who's taught it: pacing" - the list is theirs
        # What a comma adds is the user's aside ("..., not a guess", "..., can pay very
        # little"): in a message to a friend it reads as a jab or a haggle.
        # A contrast that repeats the ask's own word sharpens it: "food-plant floors, not
        # garage floors".
        head, comma, aside = said.partition(", ")
        sharpens = aside.startswith("not ") and _long_words(aside) & _long_words(head)
        if comma and len(head.split()) >= _REQUEST_WORDS[0] + 2 and not sharpens:
            said = head
        low, high = _REQUEST_WORDS
        return f"{said}." if low <= len(said.split()) <= high else None
    return None


def need_question(text: str) -> str | None:
    """The question the user typed after the need ("G's physio ends Dec 31. what home rehab
    is there after?"), asked as its own sentence ("What home rehab is there after?");
    ``None`` when there is none or the need is a question already."""
    text = without_interjections(" ".join(text.split()))
    first = need_clause(text)
    if first.endswith("?"):
        return None
    for part, asked in _after_core(text):
        low = part.lower()
        if not asked or not low.startswith(ASKING_LEADS):
            continue
        if any(re.match(pattern, part, re.IGNORECASE) for pattern, _ in _WHO_ASKED):
            continue  # someone looked for: the ask says it (need_request)
        if low in first.lower():
            return None  # the first sentence already asks it
        said = spelt_out(part)
        low_words, high_words = _REQUEST_WORDS
        if low_words <= len(said.split()) <= high_words - 5:
            return f"{said[:1].upper()}{said[1:]}?"
    return None


# A question that points back at what was typed before it ("is this normal?", "can we legally
# hand it out?"): answering it needs the details.
_POINTS_BACK = re.compile(r"\b(?:this|that|it|these|those)\b", re.IGNORECASE)
_FULL_WORDS = 35  # a situation told in more words is a paragraph, not an ask


def told_in_full(text: str, said: str) -> str:
    """The situation as said (``ADVICE_ON`` ...), with the details typed between it and a
    question that points back at them: "Trameo wants me to sign a new master agreement (all
    rights and net 90 and non-solicit) by Dec 1" before "Is this normal?", where the first
    thought alone stops at "agreement"; ``said`` itself otherwise."""
    question = need_question(text)
    if not said.startswith(ADVICE_ON) or question is None or not _POINTS_BACK.search(question):
        return said
    typed = spelt_out(without_interjections(" ".join(text.split())))
    core = need_core(typed)
    asked_at = next(
        (
            typed.find(part)
            for part, asked in _after_core(typed)
            if asked and part.lower().startswith(ASKING_LEADS)
        ),
        -1,
    )
    if not typed.startswith(core) or asked_at <= len(core):
        return said
    details = typed[len(core) : asked_at].strip(" -–—;:.").rstrip(" ,")
    if not details:
        return said
    details = re.sub(r"\s[-–—]\s", ", ", details)
    if details.startswith(("(", "by ", "in ", "on ")):  # the thought goes on
        joined = f"{said} {details}"
    elif details.startswith(","):
        joined = f"{said}{details}"
    else:  # a sentence of its own: "Dorsey wants 410k, my bank says 25% down"
        joined = f"{said}. {details[:1].upper()}{details[1:]}"
    return joined if len(joined.split()) - len(ADVICE_ON.split()) <= _FULL_WORDS else said
