"""Clauses that say a promise is still owed or a need still open, which cannot close it.

The closure model learned from a corpus in which most of the user's promises are kept in a
later note, so a later note about the same person leans towards closing them. A clause that
says the promise is still pending ("still owe you those photos", "the intro hasn't happened
yet, my fault", "we never did the fado night") is exact evidence the other way: the rule wins.

Likewise for needs: "Still needs a bookkeeper." and "Still no family doctor" read as news about
the need, and the model closed them (on dev, 4 of its 39 wrong need closures). None of the
corpus's 2,327 labeled closures has "still" in its closing words; the annotation guide's
"still hunting for a lawyer" keeps the need open.
"""

from __future__ import annotations

import re

from giveback.pipelines.folding import folded

_PENDING = re.compile(
    # "haven't rung", "hasn't heard": a participle, and never "haven't the time"
    r"\b(?:still\s+owe|owe\s+(?:her|him|them|you)\b|(?:has|have|had)n[’']t\s+(?:yet\s+)?"
    r"(?!(?:any|some|no|every)thing\b)[a-z]+(?:ed|en|t|ne|de|ppened|d|ng)\b|"
    r"(?:has|have)\s+not\s+(?:yet\s+)?[a-z]+(?:ed|en|t|ne)\b|"
    r"didn[’']t\s+get\s+(?:round|around)|"
    r"not\s+(?:done|sent|happened)\s+yet|haven[’']t\s+yet|yet\s+to\s+(?:send|do|make|set)|"
    r"never\s+(?:did|sent|made|got\s+round|got\s+around)|(?:totally\s+|completely\s+)?forgot\b|"
    # the answer to "did you?": "Not yet, sorry, Tita Lorna was sick"
    r"^\W*not\s+yet\b|"
    # the other still waits, or still wants it: "still waiting for Bong's number", "still
    # wants my Health Econ notes"; asked whether the user had: "asked had I talked to Niall yet"
    r"still\s+waiting\s+(?:on|for)\s+(?:me\b|my\b|[^.!?;]{0,40}?\bfrom\s+me\b|"
    r"(?:[\w'’-]+\s+){0,3}?(?:number|name|intro|introduction|link|list|notes?|email|contact|"
    r"details|file|template|deck|guide)\b)|"
    r"still\s+(?:wants?|keen\s+on|after)\s+(?:my|your|our|that|those|the)\b|"
    # ("asked if I'd be a reference" is a new request, not a reminder)
    r"asked\s+(?:had|have)\s+I\s+(?:\w+\s+)?[a-z]+(?:ed|en|t|ne|d|ng)\b|"
    r"asked\s+did\s+I\s+(?:ever\s+)?(?:get|send|talk|speak|ring|call|manage|do)\b|"
    r"asked\s+(?:if|whether)\s+I\s+(?:had|have)\s+(?:already\s+)?[a-z]+(?:ed|en)\b|"
    r"slipped\s+my\s+mind|my\s+fault|"
    r"still\s+(?:on\s+my|on\s+me\b|need\s+to\s+(?:send|do|make|set))|"
    r"reminded\s+me|"
    # still waiting on the user: "The loan: still waiting on me to talk to Gráinne", "She'd
    # love that falls bundle when I get a chance", "still to send"
    r"waiting\s+(?:on|for)\s+me\b|when\s+I\s+get\s+(?:a\s+)?(?:chance|minute|moment)|"
    r"still\s+to\s+(?:send|do|make|set|pass|sort)|"
    # the other keeps asking, the user has still to do it, or waits on them for what it needs:
    # "Manaia keeps asking when her work-experience week is (I need to sort dates with
    # Mereana)", "Still no safety plan draft in my inbox, should chase him"
    r"keeps?\s+asking\s+(?:me\s+)?when|I\s+(?:still\s+)?need\s+to\s+sort\b|"
    r"(?:should|need\s+to|must)\s+chase|still\s+no\s+[^.;!?]{0,40}?\bin\s+my\s+inbox)",
    re.IGNORECASE,
)


_WORD = re.compile(r"[a-z][a-z'-]+")  # the words content_words reads
# fmt: off
_STOP = frozenset({
    "the", "a", "an", "to", "of", "and", "or", "for", "in", "on", "at", "with", "her", "his",
    "their", "my", "our", "is", "was", "be", "been", "it", "that", "this", "she", "he", "they",
    "i", "me", "you", "we", "us", "him", "them", "its", "has", "have", "had", "will", "would",
    "can", "could", "just", "about", "from", "into", "than", "then", "there", "what", "when",
    "who", "which", "while", "also", "still", "really", "very",
})
# fmt: on


_POSSESSIVE = re.compile(r"'s\b")


def _plain(text: str) -> str:
    """``text`` folded, without accents and with no possessive "'s" ("Gráinne's" is
    "grainne")."""
    return _POSSESSIVE.sub("", folded(text.replace("’", "'")))


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry meaning (three letters or more, no stop words), with
    no accents or possessive "'s": "Priya's name" and "introduce him to Priya" share "priya"."""
    return {w for w in _WORD.findall(_plain(text)) if len(w) > 2 and w not in _STOP}


_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’-]*")
# Words that name nothing a need is about.
# fmt: off
_PLAIN = frozenset({
    "the", "a", "an", "to", "of", "and", "or", "for", "in", "on", "at", "with", "her", "his",
    "their", "my", "our", "is", "was", "be", "it", "she", "he", "they", "i", "me", "you", "we",
    "him", "them", "its", "has", "have", "had", "more", "some", "any", "new", "one", "two",
    "good", "still", "no", "not", "needs", "need", "looking", "find", "get", "help",
})
# fmt: on
# How close to "still" a word of the need must be for the clause to say the need is open.
STILL_WINDOW = 5
# What "still" must lead to, within two words, to say that something is open ("still no",
# "still needs", "still the headache"); "still amazed she found one" and "still at Ledcor" say
# no such thing.
# fmt: off
_OPEN_AFTER_STILL = frozenset({
    "no", "not", "none", "nothing", "without", "need", "needs", "needing", "looking", "hunting",
    "searching", "waiting", "trying", "struggling", "stuck", "open", "pending", "unsolved",
    "unresolved", "bad", "leaking", "problem", "issue", "headache", "blocker", "hasn't",
    "hasn’t", "isn't", "isn’t", "doesn't", "doesn’t", "don't", "don’t", "can't", "can’t",
    "haven't", "haven’t",
    # a trouble that goes on: "Tutor hunt still a nightmare: two more said no" (not "still hard
    # to believe", "still a mess of boxes but she loves it")
    "nightmare", "struggle", "impossible", "hassle", "saga", "ongoing", "outstanding",
    "unsorted", "unfixed", "broken", "missing",
    # a search that has found no one yet: "tutor still a bust", "still nobody for community",
    # "the second seat is still empty"
    "bust", "nobody", "noone", "no-one", "empty", "vacant", "unfilled", "waitlisted",
})
# fmt: on


def _fold(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


# A search that goes on, said with nothing after it ("that ended, still looking"): it speaks of
# the contact's open search, whatever it was for, when the need was said as that search.
_SEARCH_GOES_ON = re.compile(
    r"\bstill\s+(?P<verb>looking|hunting|searching|trying)\s*(?:[.!?;)…]+\s*)?$", re.IGNORECASE
)


def says_still_open(clause: str, phrase: str, evidence: str = "") -> bool:
    """Whether a clause says that the need named by ``phrase`` (said in ``evidence``) is
    still open: "still" leading to an open state ("still no", "still needs") within a few
    words of a word of the phrase ("Still needs a bookkeeper", "PR still the headache"), or a
    clause that ends on a search going on ("that ended, still looking") for a need said as
    that search ("Looking for anything with driving"). Another matter still open in the same
    clause does not count ("licence done ... Still no family doctor" says nothing still open
    about the licence)."""
    tokens = [_fold(t) for t in _TOKEN.findall(clause.casefold())]
    named = {_fold(t) for t in _TOKEN.findall(phrase.casefold()) if t not in _PLAIN}
    named.discard("")
    for at, token in enumerate(tokens):
        # a plan that goes ahead: "Christmas consignment still on!", "still on for March" (not
        # "still on a high", "still on track")
        going_ahead = tokens[at + 1 : at + 2] == ["on"] and tokens[at + 2 : at + 3] in ([], ["for"])
        # a queue: "still on the waiting list", "still on the wait-list"
        queued = {"waiting", "wait", "wait-list", "waitlist", "waiting-list"} & set(
            tokens[at + 1 : at + 4]
        )
        # a trouble one word on: "still a total bust", "still a real nightmare"
        trouble = _OPEN_AFTER_STILL & set(tokens[at + 1 : at + 3]) or (
            tokens[at + 1 : at + 2] in (["a"], ["an"])
            and _OPEN_AFTER_STILL & set(tokens[at + 3 : at + 4])
        )
        if token == "still" and (going_ahead or queued or trouble):
            near = tokens[max(0, at - STILL_WINDOW) : at + STILL_WINDOW + 1]
            if named & set(near):
                return True
    search = _SEARCH_GOES_ON.search(clause.strip())
    if search is None:
        return False
    return search.group("verb").casefold() in set(_TOKEN.findall(evidence.casefold()))


# Words by which a sentence that says a promise was not kept says there is nothing left to keep
# ("Never did send her that explainer; she got what she needed from comms", "I never did send
# the CaringBridge instructions; his daughter-in-law set one up").
_OVERTAKEN = re.compile(
    r"\b(?:got\s+what\s+(?:she|he|they)\s+needed|"
    r"(?:didn[’']?t|did\s+not|doesn[’']?t|does\s+not|no\s+longer|never\s+had\s+to)\s+need|"
    r"not\s+needed|no\s+need\b|moot|someone\s+else|elsewhere|in\s+the\s+end|ended\s+up|"
    r"set\s+(?:one|it)\s+up|(?:herself|himself|themselves)\b|before\s+I\s+(?:even|could|got)|"
    r"already\s+(?:has|had|got|found|sorted|did|bought)|(?:sorted|solved)\s+itself)",
    re.IGNORECASE,
)
_DECLINED = re.compile(r"\b(?:don[’']?t|not\s+to)\s+bother\b", re.IGNORECASE)


def overtaken(sentence: str) -> str | None:
    """How a sentence that says a promise was not kept ends it, when it says it need not be:
    "declined" when the other said not to bother ("never sent the Northwind deck; he said
    don't bother"), "moot" when what it was for came another way ("she got what she needed
    from comms"); None when it says neither, and the promise is still owed."""
    if not says_pending(sentence):
        return None
    if _DECLINED.search(sentence):
        return "declined"
    return "moot" if _OVERTAKEN.search(sentence) else None


# The other lets the user off in the next turn: "Me: Never got round to Brid, sorry" /
# "Eoin: All good haha".
_LETS_OFF = re.compile(
    r"^\W*(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?\s*:\s*)?(?:ah\W+|oh\W+|haha\W+)?"
    r"(?:all good|no worries|no bother|no problem|not to worry|don[’']?t worry|never ?mind|"
    r"forget (?:it|about it)|it'?s (?:fine|grand|ok|okay)|n[áa] bac)\b",
    re.IGNORECASE,
)


def lets_off(reply: str) -> bool:
    """Whether a reply lets the user off a promise they said they had not kept ("All good
    haha", "no worries", "Ná bac leis")."""
    return _LETS_OFF.search(reply) is not None


def says_pending(clause: str) -> bool:
    """Whether a clause says that something promised has not been done yet."""
    return _PENDING.search(clause) is not None


# A promise to look for something on the other's behalf: while they still look, it is owed.
_SEARCHES = re.compile(
    r"\b(?:ask(?:ing)?\s+around|keep(?:ing)?\s+(?:an\s+)?eye\s+out|look(?:ing)?\s+out\s+for|"
    r"keep\s+(?:my\s+)?ears?\s+open|put\s+(?:the\s+|some\s+)?feelers\s+out|"
    r"(?:find|look\s+for|hunt\s+for)\s+(?:her|him|them|you)\s+(?:a|an|some)\b)",
    re.IGNORECASE,
)


# What a search is for: the words after its "for" or "about", up to a word that leads on ("near
# Lahug", "who", "at weekends") or the end of the clause.
_SOUGHT = re.compile(
    r"^[^.;!?]*?\b(?:for|about)\s+(?:(?:her|him|them|you)\s+)?(?:(?:a|an|some|the|any)\s+)?"
    r"((?:(?!(?:near|in|at|on|for|with|who|that|which|to|from|by|around|before|after)\b(?![-'’]))"
    r"[\w'’-]+\s*){1,4})",
    re.IGNORECASE,
)
_QUALITIES = frozenset({"good", "decent", "proper", "reliable", "local", "cheap", "great", "new"})


def _sought(after: str) -> set[str]:
    """The words a search promise says it is for: "tutor" of "... for a tutor", "maths" and
    "tutor" of "... at work for a good maths tutor"."""
    found = _SOUGHT.search(after)
    return content_words(found.group(1)) - _QUALITIES if found else set()


# The other, in their own turn, still waits on what they point to: "Màiri: Still waiting on
# those pharmacy words" (not "She's still waiting on that contract from the landlord").
_WAITS_ON_IT = re.compile(
    r"^\W*still\s+waiting\s+(?:on|for)\s+(?:those|that|these)\b", re.IGNORECASE
)


def owes(clause: str, promised: str, their_turn: bool = False) -> bool:
    """Whether a clause says that the promise worded ``promised`` (its phrase and evidence) is
    still owed: it says something promised is pending and names it (a word in common), as
    "TestFlight for onboarding arrived, I haven't looked yet" does of "look at her onboarding
    screens"; or it says that what the promise was for is still sought ("still looking for
    after-school care near Lahug" of "I'll ask around about after-school programs near
    Lahug": none of the corpus's 738 labeled promise closures says so). A need still open
    that shares one word with the promise is another matter ("still needs Philippine nurses
    for the interviews" beside "thanks for the survey" of "I'll get my nurses to do your
    survey"). In the other's own turn (``their_turn``), "Still waiting on those pharmacy
    words" says it too."""
    # A contraction ("i'll", "hasn't") names nothing a promise is about.
    shared = {w for w in content_words(promised) & content_words(clause) if "'" not in w}
    search = _SEARCHES.search(promised)
    if (
        search is not None
        # two words in common, or the thing sought itself ("still no tutor, everyone she's
        # called is full" of "I'll ask around for a tutor")
        and (len(shared) >= 2 or shared & _sought(promised[search.end() :]))
        and says_still_open(clause, promised, promised)
    ):
        return True
    pending = says_pending(clause) or (their_turn and _WAITS_ON_IT.search(clause) is not None)
    return pending and bool(shared)
