"""The ask, in the user's voice: specific, easy to decline, and with something offered back.

"Hi Ana, I'm looking for an accountant who knows sales tax for the studio, and you were the
first person I thought of: I remember you did the books for three restaurants. Would you have
20 minutes for a call, or know who I should talk to? No is a perfectly good answer, and so is
no reply: I know how full your plate is. And you mentioned the grant report: would it help if
I proofread a grant application?"

The need is said as the user would say it: a thing looked for ("I'm looking for an
accountant ..."), a thing to do ("I'm trying to get the kiln circuit checked"), or a situation
("I could use some advice: the roof over the kiln room is leaking again"). What the person
knows is told back to them from the notes when a sentence can be ("I remember you keep the
books for three breweries"); the reason quotes it with its date, so the user sees why first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from giveback.engine.asks.guards import is_about_user, is_self_limit
from giveback.engine.asks.need_words import need_clause
from giveback.engine.asks.needs import Need
from giveback.engine.asks.people import Evidence
from giveback.engine.asks.typed_after import need_question, need_request, told_in_full
from giveback.engine.suggest.descriptions import first_sentence
from giveback.engine.suggest.drafts import Tone
from giveback.engine.suggest.naming import meaning_words, who_they_are
from giveback.engine.suggest.offer_titles import offer_clause
from giveback.engine.suggest.reasons import first_name, when
from giveback.engine.suggest.wording import THIRD_PERSON, to_second_person, told_back

# Why them, when nothing known of them can be told back as a reason that fits the need.
GENERIC_REASON = "You were the first person I thought of"


def evidence_line(evidence: Evidence) -> str:
    """Where the fit was read: the quoted words and their source."""
    quoted = first_sentence(evidence.text, 200)
    if evidence.source == "note" and evidence.day is not None:
        return f'"{quoted}" (note of {when(evidence.day)})'
    if evidence.source == "favor" and evidence.day is not None:
        return f'they helped you before: "{quoted}" ({when(evidence.day)})'
    if evidence.source == "catalog":
        return f'their entry in your catalog: "{quoted}"'
    return f'their tags: "{quoted}"'


def ask_reason(name: str, need: Need, evidence: Evidence, extra: str = "") -> str:
    """Why this person, for this need: the need and the evidence of fit."""
    reason = f'For your need "{need.text}": {first_name(name)} fits, {evidence_line(evidence)}.'
    return f"{reason} {extra}".strip()


_SUBJECTS = frozenset({"she", "he", "they", "she's", "he's", "they're", "her", "his", "their"})


def _about_them(text: str, first: str) -> bool:
    """Whether a sentence of a note speaks of the person themselves: it opens with their
    name, "she", "he" or "they", or with no subject at all ("did the books for years"); not
    of the user ("I sold out by 2pm") nor of someone else ("Juno's report says ...")."""
    words = text.split()
    if not words or is_about_user(text):
        return False
    lead = words[0].strip("\"'(").lower()
    own = first.lower()
    return lead in _SUBJECTS or lead in (own, f"{own}'s") or words[0][:1].islower()


_PAST = frozenset({"found", "sent", "gave", "took", "made", "lent", "wrote", "got", "put",
                   "ran", "showed", "told", "taught", "brought", "bought", "read", "drove",
                   "built", "fixed", "met", "held", "spent", "set", "hosted", "let",
                   "paid", "sat", "saw", "stood", "kept", "did", "shared", "came"})  # fmt: skip
_FIRST_PERSON = ((r"\bI'm\b", "you're"), (r"\bI've\b", "you've"), (r"\bI'd\b", "you'd"),
                 (r"\bI'll\b", "you'll"), (r"\bI\b", "you"), (r"\bmy\b", "your"),
                 (r"\bme\b", "you"), (r"\bmine\b", "yours"),
                 (r"\bmyself\b", "yourself"))  # fmt: skip


# Where a favor's telling turns to what the user did ("... two weeks after I sent her the
# numbers"): what they did is before it.
_USER_AFTER = re.compile(
    r"(?:\s+(?:a few|a couple of|\d+|a|an|one|two|three|four|five|six|ten)"
    r"\s+(?:days?|weeks?|months?|years?))?"
    r"\s+(?:after|when|once|because|since|before|as soon as)\s+I\b"
)


def _favor_told(description: str, first: str) -> str:
    """A favor they did, told back: "I still remember when you found a loose neutral ..." of
    "Found a loose neutral ..." (or of "Tomasz found ..."), or quoted when it does not read as
    something they did."""
    text = description.strip().rstrip(".")
    lead = text.split()[0].lower() if text.split() else ""
    if lead.endswith("ed") or lead in _PAST:
        return f"I still remember when you {text[:1].lower() + text[1:]}"
    if lead == first.lower():  # "Verónica got the pothole filled after I sent her ..."
        told = told_back(_USER_AFTER.split(text)[0], first)
        if told and _ADDRESSED.match(told) and _reads_right(told):
            return f"I still remember when {told}"
        did = text.split(maxsplit=1)[1:]
        if did and did[0].split()[0].lower() in _PAST:  # "Margo gave me her annotated copy"
            return f"I still remember when you {to_second_person(did[0], {first.lower()})}"
    return f'I still think of how you helped me ("{text}")'


def _their_words(text: str) -> str | None:
    """A sentence they said in a transcript ("I underwrote home loans for eight years"),
    told back ("you underwrote home loans for eight years"), or ``None``."""
    # Said to the user ("I want your eyes on my checkout"): "you" would mean two people.
    if not re.match(r"I(?:'m|'ve|'d)?\b", text) or re.search(r"\byou(?:r|'re)?\b", text, re.I):
        return None
    told = text.rstrip(".!")
    for pattern, replacement in _FIRST_PERSON:
        told = re.sub(pattern, replacement, told)
    return told.split(";")[0].split(", but")[0]


# "you mostly produces", "you up on the unit": a told-back clause whose verb did not turn.
_NOT_TURNED = re.compile(
    r"^you (?:(?:mostly|also|still|often|usually|always|never|just|really|only) )?"
    r"(?:\w+(?<![su])s|up|down|on|in|at|from|about|with|over)\b"
)


_NAMED_BEFORE = re.compile(
    r"\b(?:[A-Z][a-z]+|husband|wife|son|daughter|mother|father|mom|mum|dad|brother|sister|"
    r"partner|boss|friend|client|patient|neighbou?r|kid|child|grandson|granddaughter)\b"
)


def _reads_right(told: str) -> bool:
    """Whether a told-back clause reads on its own: its verb turned, and nobody in it named
    only by a pronoun."""
    pronoun = THIRD_PERSON.search(told)
    if pronoun and not _NAMED_BEFORE.search(told[: pronoun.start()]):
        return False
    return _NOT_TURNED.match(told) is None


# Where a told-back clause turns to something else: "you're a neurologist- mostly seizures".
_TOLD_CUT = re.compile(r": |-\s")
_KNOWN = re.compile(r"^you['’](?:re|ve)\s")
_TOLD_WORDS = 4  # a told-back clause shorter than this ("your take") says nothing
_NEGATED = re.compile(r"\w+n['’]t\b")


def _says_something(told: str) -> bool:
    """Whether a told-back clause holds two words that mean something: "you grew up in
    Porto" does; "you didn't even hesitate" and "you do this all day" say only how."""
    return len(meaning_words(_NEGATED.sub(" ", told), shortest=3)) >= 2


# "you're applying for ...", "you've handled ...": addressed to them, contracted or not.
_ADDRESSED = re.compile(r"^you(?:['’](?:re|ve|d|ll))?\s")
# "your unit keeps its own list ...": something of theirs that shows what they can do.
_OWN = re.compile(r"^your\s+[a-z]")
# A sentence that leans on the one before it ("This panel is at its limit", "Then it goes to
# the broker"): quoted alone, it says nothing.
_LEANS_BACK = frozenset({"this", "that", "it", "it's", "then", "so", "and", "but", "also",
                         "which", "there", "these", "those", "they", "he", "she"})  # fmt: skip
_QUOTE_WORDS = 20
# Their own want, or a question put to them ("a lady asked me what to do"): no sign they know.
_WANTING = re.compile(
    r"\b(?:want|wants|need|needs|wish|hope|looking for|would love|could you|can you|"
    r"asked me|asks me)\b",
    re.I,
)
_SECOND = re.compile(r"\byou(?:r|rs|['’]re|['’]ve|['’]ll|['’]d)?\b", re.I)
_FIRST = re.compile(r"\b(?:I|I['’](?:m|ve|ll|d)|me|my|we|our|us)\b")


def _quoted(text: str) -> str | None:
    """Their own words (a transcript's line), to quote whole when they stand on their own: a
    sentence (a capital first), no question, short, not the user's line, and not leaning on
    the sentence before ("This panel is at its limit"); ``None`` otherwise."""
    said = text.strip().rstrip(".!")
    words = said.split()
    if not words or not said[:1].isupper() or "?" in said or len(words) > _QUOTE_WORDS:
        return None
    lead = words[0].lower().strip("\"'")
    if lead in _LEANS_BACK or re.match(r"me\s*:", said, re.I):
        return None
    if lead.endswith("ed") or lead in _PAST:  # "Moved the mic ...": the note telling, not them
        return None
    if _WANTING.search(said):  # "I want your eyes on my checkout": their ask, no reason
        return None
    # Said of the user, not of themselves ("Your wrist does all the work"): no reason to ask.
    if _SECOND.search(said) and not _FIRST.search(said):
        return None
    return said.replace('"', "'")


# "31 years at Halvorsen's boatyard", "~10 yrs running payroll for ...": a span of their life,
# told as theirs ("your 31 years at Halvorsen's boatyard").
_YEARS = re.compile(
    r"^~?(?:\d+|a few|a dozen|twenty|thirty|forty|ten|fifteen)\+?\s+"
    r"(?:years|yrs|decades|winters|summers|seasons)\b[^:;()\-–—]*",
    re.I,
)
# "At Brightline he designed the loop himself": where, said after what they did.
_WHERE_FIRST = re.compile(r"^((?:At|In|On|For|With|During|After|Before)\s[^,]{2,40}?),?\s+"
                          r"(?=(?:she|he|they)\b)")  # fmt: skip


def _years_of(text: str) -> str | None:
    """A span of their life a note line opens with, told as theirs, or ``None``."""
    for part in re.split(r"[:;]\s|\s[-–—]\s|, (?=told|said|and)", text):
        span = _YEARS.match(part.strip())
        if span:
            said = span.group(0).strip().rstrip(",.").replace("yrs", "years").lstrip("~")
            if 3 <= len(said.split()) <= 14:
                return f"your {said}"
    return None


def because(name: str, quotes: Sequence[Evidence]) -> str | None:
    """Why the user thought of them, told back, to follow "I thought of you because": the
    first of ``quotes`` (best first) that reads cleanly ("I remember you keep the books for
    three breweries", "of your 31 years at Halvorsen's boatyard"), or their catalog entry
    ("I know this is your world: ..."); ``None`` when none does."""
    first = first_name(name)
    for evidence in quotes:
        if is_self_limit(evidence.text):
            continue  # "Trucks I can't help you with": no reason to ask them
        said = _their_words(evidence.text) if evidence.said_by_them else None
        if said:
            return f"I remember {said}"
        if evidence.source == "note" and (years := _years_of(evidence.text)):
            return f"of {years}"  # "... because of your 31 years at the boatyard"
        text = evidence.text.split("; ")[0]  # what is told is its first clause
        where = _WHERE_FIRST.match(text)
        if where:  # "At Brightline he designed ..." -> "he designed ... at Brightline"
            place, done = where.group(1), _TOLD_CUT.split(text[where.end() :])[0]
            text = f"{done.rstrip('. ')} {place[:1].lower()}{place[1:]}"
        if evidence.source == "note" and _about_them(text, first):
            told = told_back(text, first)
            # Cut where it turns to something else; "your take" alone says nothing.
            told = _TOLD_CUT.split(told)[0] if told else None
            if told and (len(told.split()) < _TOLD_WORDS or not _says_something(told)):
                told = None
            if told and _OWN.match(told) and _reads_right(told):
                return f"I remember {told}"  # "your unit keeps a list ..."
            if told and _ADDRESSED.match(told) and _reads_right(told):
                # What they are or have done is known ("I know you've handled ..."); what they
                # did or said, remembered.
                return f"I {'know' if _KNOWN.match(told) else 'remember'} {told}"
        if evidence.said_by_them and (quote := _quoted(evidence.text)):
            return f'I remember you telling me "{quote}"'
        if evidence.source == "favor":
            return _favor_told(evidence.text, first)
        elif evidence.source == "catalog":
            what = evidence.text.split(". ", 1)[0].split(" - ", 1)[-1].strip().rstrip(".")
            # A business's name alone ("Tran Roofing") is where they are, not what they are.
            named = bool(what) and all(w[:1].isupper() or w == "&" for w in what.split())
            said = (
                f"you're at {what}" if named else _second_person(who_they_are(first, what), first)
            )
            if said:
                return f"I know this is your world: {said}"
    return None


def _second_person(said: str, first: str) -> str | None:
    """ "Luis is a licensed electrician." as "you're a licensed electrician"; ``None`` when it
    does not read as a plain sentence about them."""
    said = said.strip().rstrip(".")
    if not said.startswith(f"{first} ") or "," in said or "(" in said:
        return None
    rest = said[len(first) + 1 :]
    verb, _, tail = rest.partition(" ")
    if verb == "is":
        return f"you're {tail}"
    if verb == "has":
        return f"you have {tail}"
    if verb.endswith("s") and not verb.endswith("ss") and tail:
        base = verb[:-2] if verb.endswith(("ches", "shes", "xes")) else verb[:-1]
        return f"you {base} {tail}"
    return None


_OFFER_VERBS = frozenset({
    "review", "proofread", "help", "lend", "cook", "host", "read", "edit", "teach", "show",
    "walk", "introduce", "drive", "fix", "look", "check", "translate", "coach", "design",
    "make", "write", "sketch", "identify", "babysit", "watch", "share", "bring", "take",
    "give", "build", "set", "plan", "practise", "practice", "run", "tune", "photograph",
    "repair", "paint", "mentor", "tutor", "cover", "sit", "pick", "drop", "dogsit", "test",
    "sing", "play", "record", "draft", "format", "prepare", "talk", "go", "join", "donate",
})  # fmt: skip


_MASS = frozenset({"advice", "feedback", "help", "support", "company", "time", "coffee",
                   "lunch", "dinner", "tips", "notes", "introductions", "intros", "access",
                   "space", "storage", "use"})  # fmt: skip


def offer_phrase(title: str) -> str:
    """What the user would do, after "would it help if I ...": "proofread your grant
    application" of "Proofread a grant application", "offered some mentoring for new
    teachers" of "Mentoring for new teachers", "offered you a starter logo" otherwise."""
    text = title.strip().rstrip(".")
    words = text.split()
    if not words:
        return "helped"
    lead = words[0].lower()
    rest = text[len(words[0]) :]
    if lead in _OFFER_VERBS:
        return f"{lead}{rest}"
    if lead.endswith("ing") and len(lead) > 4:
        return f"offered some {lead}{rest}"
    if lead in _MASS:
        return f"offered you {lead}{rest}"
    clause = offer_clause(text)
    if clause.startswith("to "):
        return clause[3:]
    return f"offered you {clause}"


def offer_back(title: str, their_need: str, name: str) -> str:
    """Something offered alongside the ask: "And you mentioned you want a logo: would it
    help if I sketched one?" shape, from the offer's title and what they need."""
    first = first_name(name)
    told = told_back(their_need, first) if their_need and _about_them(their_need, first) else None
    doing = offer_phrase(title)
    if told and _ADDRESSED.match(told):
        return f"And you mentioned {told.split(': ')[0]}: would it help if I {doing}?"
    return f"And would it help if I {doing}?"


def ask_draft(
    name: str,
    need: Need,
    quotes: Sequence[Evidence],
    offer: tuple[str, str] | None = None,
    tone: Tone = "warm",
) -> str:
    """The message: what the user needs, why this person, one small specific ask, an easy way
    out, and (when one fits) something offered back."""
    first = first_name(name)
    greeting = f"{'Dear' if tone == 'formal' else 'Hi'} {first},"
    told = because(name, quotes)
    said = told_in_full(need.text, need_clause(need.text))
    thought = f"I thought of you because {told}" if told else GENERIC_REASON
    # What they typed after it: their question, and who would help, and how.
    request = need_request(need.text)
    after = [typed for typed in (need_question(need.text), request) if typed]
    if request and said.startswith("I'm looking for the "):
        # "the Route 9 pileup last week. need someone who's been through a bad call": the
        # first thought is what happened, not what is looked for.
        said = "I'm writing about " + said.removeprefix("I'm looking for ")
    heavy = _HEAVY.search(need.text) is not None
    lines = [
        said if said.endswith("?") else f"{said}.",
        *after,
        f"{thought}.",
        *(_GENTLE_ASK if heavy else _EASY_ASK[tone == "short"]),
    ]
    if offer is not None and not heavy:  # a trade offered in a hard time reads as a deal
        lines.append(offer_back(offer[0], offer[1], name))
    closing = {"short": "Thanks!", "warm": "Thank you either way!", "formal": "With thanks,"}
    return " ".join([greeting, *lines, "Thank you." if heavy else closing[tone]])


# The ask and its easy way out; for a hard time the user is in, said quietly.
_EASY_ASK = {
    False: (
        "Would you have 20 minutes for a call, or know who I should talk to?",
        "No is a perfectly good answer, and so is no reply: I know how full your plate is.",
    ),
    True: ("No worries at all if not.",),
}
_GENTLE_ASK = ("Could we talk sometime this week?", "If it isn't a good time, I understand.")
# A need that is a hard time of the user's own ("not sleeping since the crash", "I'm
# fraying"): the breezy "no is a perfectly good answer" reads as tone-deaf there.
_HEAVY = re.compile(
    r"\b(?:crash(?!\s+course)|died|death|dying|funeral|grief|grieving|bereave\w*|"
    r"miscarriage|cancer|not sleeping|can[’']t sleep|nightmares?|panic|burn(?:ed|t)?\s?out|"
    r"not ok|fraying|falling apart|breaking down|struggling|suicid\w*|fatal|overdose|"
    r"exhausted|overwhelmed|drowning|burnt out|"
    r"trauma(?:tic|tized|tised)?(?![\w-]))",
    re.IGNORECASE,
)
