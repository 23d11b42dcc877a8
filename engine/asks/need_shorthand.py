"""A need typed in a hurry, cut to its first thought and spelt out (pure: no models).

"accountant who gets sales tax - we sell in 3 states + online" is, first, an accountant who gets
sales tax; "mtg w/ the board" is a meeting with the board; "ugh. the roof again" is the roof.
What comes after the first thought is the user's to add (:mod:`giveback.engine.asks.typed_after`
reads it); a draft never pastes shorthand mid-sentence.
"""

from __future__ import annotations

import re

# A period ends the need's core unless it ends an abbreviation ("Aleppo Univ. biology"); a
# month's only before its day ("Jan. 15"), as "moving in Jan. need movers" ends a thought.
_ABBREVIATIONS = frozenset({"univ", "st", "dr", "mr", "mrs", "ms", "mt", "ave", "rd", "dept",
                            "prof", "jr", "sr", "vs", "e.g", "i.e", "approx", "govt", "incl",
                            "excl", "esp", "est"})  # fmt: skip
_MONTHS = frozenset({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                     "nov", "dec"})  # fmt: skip
_CUT = re.compile(r"\?|;|\s[-–—]\s|\s\(|\.\s|\s/\s")
_SOFT_CUT = re.compile(r":\s|,\s")
_LONG_ENOUGH = 4  # words a need keeps before a comma (one more: a colon) ends it


# Shorthand a message spells out ("mtg w/ the board" -> "meeting with the board").
_SHORTHAND = ((r"\bw/o\b\s*", "without "), (r"\bw/\s*|\bw\s+(?=[a-z])", "with "),
              (r"\byr\b", "year"), (r"\byrs\b", "years"), (r"\s\+\s|\s&\s(?![A-Z])", " and "),
              (r"\bi\b", "I"), (r"\bppl\b", "people"), (r"\bsb\b", "somebody"),
              (r"\bmtgs?\b", "meeting"), (r"\bappts?\b", "appointment"),
              (r"\bb/c\b|\bbc\b(?=\s+[a-z])", "because"), (r"\bthru\b", "through"),
              (r"\btmrw\b", "tomorrow"), (r"\bpls\b", "please"), (r"\s=\s", " means "),
              (r"\s/\s", " or "), (r"\s->\s", " to "), (r"~(?=\$?\d)", "about "),
              (r"/mo\b", " a month"), (r"\bwks\b", "weeks"), (r"\bwk\b", "week"),
              (r"\bdepts\b", "departments"))  # fmt: skip


# A word typed in capitals for emphasis ("THE DRESS", "NOTHING"), not an acronym ("USDA",
# "IEP"): said in a message as any word is.
_SHOUTED = re.compile(r"\b(?:THE|NO|NOT|AND|OR|ANY|ALL|LOT|OF|NOTHING|NEVER|ALWAYS|EVERY|"
                      r"REALLY|NONE|EVER|STILL|AGAIN|NOW|ONLY|MUST|NEED|HELP)\b")  # fmt: skip


def spelt_out(said: str) -> str:
    """Shorthand spelt out as a message says it ("mtg w/ the board" -> "meeting with the
    board", "120 guests = assembly occupancy" -> "... means assembly occupancy")."""
    for pattern, replacement in _SHORTHAND:
        said = re.sub(pattern, replacement, said)
    return said


def need_core(text: str) -> str:
    """What the user needs, without the shorthand around it: "accountant who gets sales tax
    for the studio" of "accountant who gets sales tax for the studio - we sell in 3 states +
    online", "How do we get Cian assessed for ADHD here?" of "... here? public waitlist vs
    private". The rest is the user's to add: a draft never pastes shorthand mid-sentence."""
    text = _SHOUTED.sub(lambda m: m.group(0).lower(), spelt_out(" ".join(text.split())))
    hard = hard_cut(text)
    core = text[: hard.start() + (1 if hard.group() == "?" else 0)] if hard else text
    for soft in _SOFT_CUT.finditer(core):
        if len(core[: soft.start()].split()) >= _LONG_ENOUGH + (soft.group() == ": "):
            core = core[: soft.start()]
            break
    core = core.replace(": ", ", ")  # "breakfast club: register it ...?" reads as one
    core = core.strip().rstrip(" .!;:,")
    return core if len(core.split()) >= 2 else text.rstrip(" .!;:,")


def hard_cut(text: str) -> re.Match[str] | None:
    """Where the need's first thought ends: a question mark, a semicolon, a spaced dash, a
    bracket, a slash or a full stop, though not one that ends an abbreviation ("Univ.")."""
    for cut in _CUT.finditer(text):
        before = text[: cut.start()].split()
        word = before[-1].lower() if before and cut.group().startswith(".") else ""
        if word in _ABBREVIATIONS or (word in _MONTHS and text[cut.end() :][:1].isdigit()):
            continue
        return cut
    return None


def without_interjections(text: str) -> str:
    """The need without the one-word sentences typed before it, a feeling or a sigh ("me.
    wiped. 3 calving nights ..." -> "3 calving nights ..."; "ugh. the roof again")."""
    parts = re.split(r"(?<=[.!])\s+", text.strip())
    while len(parts) > 1 and parts[0].rstrip(".!").lower() in _SIGHS | _SIGHED:
        parts.pop(0)
    return " ".join(parts)


# One-word sentences that say how the user feels, not what they need ("will." is a need).
_SIGHS = frozenset({"me", "ugh", "urgh", "argh", "sigh", "help", "wiped", "tired", "exhausted",
                    "knackered", "ok", "okay", "so", "right", "anyway", "hmm", "yikes", "oof",
                    "lol", "omg", "phew", "meh", "fine", "done", "frazzled", "drained", "sos",
                    "aaah", "aargh", "great", "fun", "again", "nope"})  # fmt: skip
# ... and the two-word ones ("kill me. 2,847 results and the review is due Monday").
_SIGHED = frozenset({"kill me", "help me", "send help", "oh god", "oh no", "good grief",
                     "not again", "so tired", "so done", "oh well"})  # fmt: skip
