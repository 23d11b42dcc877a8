"""How a promise is worded: the words that name what it promises, what it sends, whether it
answers the turn before it or points back to it ("I'll drop them round"), and whether it says
enough to be told back as a reminder. Pure text: no catalog, no database, no models.
"""

from __future__ import annotations

import re

from giveback.pipelines.folding import folded

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Words that name no item: function words, and the verbs and nouns of promising and sending.
# fmt: off
EMPTY = frozenset({
    "the", "a", "an", "to", "of", "and", "or", "for", "in", "on", "at", "with", "by", "from",
    "her", "his", "him", "she", "he", "they", "them", "their", "my", "me", "you", "your", "our",
    "we", "us", "it", "its", "this", "that", "these", "those", "one", "some", "any", "i", "i'll",
    "i'd", "i've", "said", "say", "promised", "promise", "offered", "offer", "will", "would",
    "can", "could", "should", "send", "sent", "give", "get", "put", "touch", "introduce",
    "intro", "introduction", "piece", "article", "link", "thing", "stuff", "about", "how",
    "what", "when", "who", "why", "is", "are", "be", "do", "does", "did", "done", "make",
    "let", "let's", "lets", "yes", "sure", "happy", "glad", "ok", "okay", "up", "out", "down",
    "over", "back", "into", "like", "just", "really", "also", "week", "weekend", "today",
    "tomorrow", "soon", "later", "next", "after", "before", "once", "time", "day", "days",
})
# Things that are sent, not done: a promise to send one is kept by an article, or by an offer
# that is that thing, never by an offer of the user's time or a person ("our pitch-deck
# checklist" is no pitch-deck review).
SENT = frozenset({
    "article", "piece", "link", "post", "paper", "guide", "primer", "checklist", "template",
    "list", "report", "study", "doc", "document", "slide", "deck", "podcast", "video",
    "newsletter", "essay", "reading", "explainer", "worksheet", "spreadsheet", "sheet", "pdf",
    "leaflet", "booklet", "brochure", "handout", "factsheet", "pamphlet", "printout", "flyer",
})
_SENDING = frozenset({"send", "sending", "forward", "share", "email", "mail", "pass"})
# fmt: on


# "Send me a build" asks to be sent something: the promise is what the user will do with it.
SENT_TO_ME = re.compile(r"\b(?:send|sending|forward|share|email|mail|pass)\s+(?:me|us)\b", re.I)


def sends(said: str) -> bool:
    """Whether a promise is to send something ("send", "forward", "share" ...), not to be
    sent something ("send me a build")."""
    plain = SENT_TO_ME.sub(" ", said.casefold().replace("-", " "))
    return bool(set(WORD.findall(plain)) & _SENDING)


def singular(word: str) -> str:
    """A plural's singular, as a promise's words are read ("checklists", "numbers")."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


# Fetching something to pass on: "a lovely plain-language piece on pain, I'll dig it out".
# (A thing found for them is sent only when it is a thing to read: "find her a tutor" is not.)
_FETCHES = re.compile(
    r"\b(?:dig(?:ging)?\s+(?:it|them|that|those|this)\s+(?:out|up)|hunt(?:ing)?\s+(?:it|that)\s+"
    r"down|pull(?:ing)?\s+(?:it|that)\s+out)\b",
    re.IGNORECASE,
)


# Finding a thing to read for them: "I'll find you that leaflet on dosette boxes", "find the
# carers allowance factsheet for her", "look her out the guide"; the thing is the last word
# before a preposition ("find her a decent printer for the flyer" finds a printer, "find him a
# post at the hospital" a job).
_FINDS = re.compile(
    r"\b(?:find|look)\s+(?:(?:you|u|her|him|them)\s+)?(?:out\s+)?(?:that|the|a|an|those|some|my|"
    r"our)\s+((?:[\w'’-]+\s+){0,3}?[\w'’-]+)(?=\s+(?:on|about|for|from|to|at|in|with|by|"
    r"too|tonight|tomorrow)\b|\s*[,.;:!?)]|\s*$)",
    re.IGNORECASE,
)
_FOUND = SENT - {"post", "list"}


def _thing_found(said: str) -> str | None:
    """The thing to read a promise finds for them, if any."""
    found = _FINDS.search(said)
    if found is None:
        return None
    head = singular(found.group(1).casefold().split()[-1])
    return head if head in _FOUND else None


def thing_sent(said: str) -> str | None:
    """The thing a promise sends ("send her the pitch-deck checklist": "checklist"), digs
    out to pass on ("a plain-language piece on pain, I'll dig it out": "piece") or finds for
    them ("I'll find you that leaflet on dosette boxes"), if any: the last such word, as the
    head of a compound comes last."""
    if not sends(said) and not _FETCHES.search(said):
        return _thing_found(said)
    plain = WORD.findall(said.casefold().replace("-", " "))
    things = [singular(w) for w in plain]
    return next((w for w in reversed(things) if w in SENT), None)


def words(text: str) -> set[str]:
    """The words of a text that can name an item: folded, no accents, no plural ``s``."""
    plain = folded(text)
    out = set()
    for word in WORD.findall(plain.replace("-", " ").replace("/", " ")):
        word = word.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]  # "Ewan's number" names Ewan
        if len(word) < 2 or word in EMPTY:
            continue
        out.add(word[:-1] if len(word) > 3 and word.endswith("s") and word[-2] != "s" else word)
    return out


def words_in_order(text: str) -> list[str]:
    """:func:`words` of a text in the order they are said (with repeats)."""
    return [w for token in text.split() for w in sorted(words(token))]


# How notes word a promise before what was promised ("said I'd", "I offered to").
PROMISE_LEAD = re.compile(
    r"^(?:(?:and|so|also|oh)\s+)?(?:i\s+)?(?:(?:said|told\s+\w+|promised(?:\s+\w+)?|offered|"
    r"agreed|committed|volunteered)\s+(?:that\s+)?(?:i['’]d|i\s+would|i['’]ll|i\s+will|to)|"
    r"i['’]ll|i\s+will|i\s+can|i\s+could|i['’]d|i\s+would|i['’]m\s+going\s+to|"
    r"i\s+am\s+going\s+to|going\s+to|will)\s+",
    re.IGNORECASE,
)


# How a reply agrees to what it was asked ("yes, put me down", "happy to, let's plan", "sure,
# let's find a date", "send me a build"): what it agrees to is in the turn before.
_ASSENT = re.compile(
    r"^(?:me\s*:\s*)?(?:yes|yeah|yep|yup|sure|of\s+course|absolutely|definitely|happy\s+to|"
    r"glad\s+to|ok|okay|deal|count\s+me\s+in|will\s+do|no\s+problem|sounds\s+good|"
    r"for\s+sure|send\s+me|let['’]?s)\b",
    re.IGNORECASE,
)


def is_reply(said: str) -> bool:
    """Whether a promise answers the turn before it rather than saying what it promises: not
    worded as a promise ("I'll ...", "said I'd ..."), and either no word of its own or opening
    with an assent ("yes, put me down", "happy to, let's plan", "send me a build")."""
    text = said.strip()
    if PROMISE_LEAD.match(text):
        return False
    return not words(text) or _ASSENT.match(text) is not None


# A promise whose thing is a pronoun ("I'll drop them round", "I'll dig it out", "connect
# the two of them"): what it is was named before. Not "take them to the science centre":
# the verbs hand a thing over.
_POINTER = re.compile(
    r"^(?:let\s+me\s+|gonna\s+)?(?:just\s+|probably\s+|also\s+|then\s+|quickly\s+)?"
    r"(?:drop|send|bring|dig|lend|give|post|pass|forward|print|copy|scan|dust|fish|pull|"
    r"look\s+out|hunt\s+out|root\s+out)\s+(?:it|them|those|these|that)\b"
    # then a particle or a time ("drop them round", "send it over tonight"), not a thing ("give
    # them a call", "send them the rota", "send that article": it names its own)
    r"(?=\s*(?:$|[.,;:!?)]|(?:round|over|out|back|up|across|along|through|to|for|tonight|"
    r"tomorrow|tmrw|today|asap|later|soon|this|next|when|after|before|on\s+\w+day|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b))"
    r"|\b(?:the\s+two\s+of\s+them|them\s+both|both\s+of\s+them)\b",
    re.IGNORECASE,
)
# A question that asks something of the user ("does your orchestra ever want an adult
# ringer?", "is that something you could ever do??"), not a worry said ("the pills might be
# making me dizzy?").
_ASKS_OF_YOU = re.compile(
    r"\b(?:could|can|would|will)\s+(?:you|u|your)\b(?!\s+(?:believe|imagine)\b)|"
    r"\bis\s+(?:that|this|it)\s+something\s+(?:you|u)\b|"
    r"\b(?:do|does)\s+(?:you|u|your)\b(?!\s+(?:remember|recall|think|reckon)\b)|"
    r"\bany\s+chance\b|\b(?:know|knows)\s+(?:anyone|anybody|someone|somebody)\b|"
    r"\b(?:are|r)\s+(?:you|u)\s+(?:free|able|around)\b|\b(?:you|u)\s+free\b|"
    r"\b(?:have|has)\s+(?:you|your)\s+(?:\w+\s+)?got\b",
    re.IGNORECASE,
)


# A question after an earlier promise ("did Trevor ever get back to you??"): the answer
# ("Calling him this week") restates that promise, which stands for it.
_FOLLOW_UP = re.compile(
    r"\b(?:did|have|has|had)\s+(?:you|\w+)\s+(?:ever\s+|yet\s+)?(?:hear|heard|ask|asked|"
    r"call|called|ring|rang|send|sent|manage|managed|find|found|talk|talked|speak|spoke)\b"
    r"|\bstill\s+up\s+for\b|\bany\s+(?:luck|news|word)\b|\bget\s+back\s+to\s+you\b",
    re.IGNORECASE,
)


def reads_back(said: str, before: str) -> bool:
    """Whether a promise leaves what it promises to the turn ``before`` it: a reply
    (:func:`is_reply`), an answer to a question ("does your orchestra ever want an adult
    ringer?" / "I'll ask Margot if we can squeeze an oboe in"; not one after an earlier
    promise, nor "I'll find out"), or a promise of "it" or "them"
    ("I've got a set of theory workbooks. I'll drop them round.")."""
    if is_reply(said):
        return True
    if (
        "?" in before
        and _ASKS_OF_YOU.search(before) is not None
        and not sends(said)  # one that sends something names it
        and thing_sent(said) is None
        and len(words(said) - _VAGUE) >= 2  # "I'll find out" answers a question of fact
        and not _FOLLOW_UP.search(before)
    ):
        return True
    return _POINTER.search(promise_text(said)) is not None


def promise_text(evidence: str) -> str:
    """What was promised, without how the note words the promising ("dig out my old bird
    guide for him" of "said I'd dig out my old bird guide for him")."""
    text = evidence.strip().rstrip(".!")
    return PROMISE_LEAD.sub("", text, count=1) if PROMISE_LEAD.match(text) else text


# Words of a promise that say nothing of what will be done ("I'll ask around", "let me
# think who", "I'll send anything useful I find"): such a promise is no reminder a
# person would act on.
_VAGUE = frozenset({"think", "ask", "around", "look", "see", "check", "figure", "find", "know",
                    "keep", "ear", "eye", "open", "touch", "base", "mind", "still", "might",
                    "want", "anything", "something", "whatever", "useful", "helpful",
                    "interesting", "relevant", "thing", "things", "stuff"})  # fmt: skip


def worth_a_reminder(evidence: str) -> bool:
    """Whether a promise says what will be done, so that a reminder can say it back: worded
    as a promise ("I'll ...", "said I'd ..."; not a reply such as "send me two dates"), two
    words that name something, and no promise to stop ("I'll stop asking about the DNP")."""
    said = words(evidence) - _VAGUE
    stops = re.search(r"\b(?:stop|quit|no\s+longer|not|never)\b", evidence, re.IGNORECASE)
    worded = PROMISE_LEAD.match(evidence.strip()) is not None  # "I'll ...", "said I'd ..."
    return worded and len(said) >= 2 and stops is None
