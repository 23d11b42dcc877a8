"""How a give is named in a draft: a noun phrase with its article, who a person is, what an
offer offers ("I'd be glad to proofread ..." or "I could offer you a speaker slot ...")."""

from __future__ import annotations

import calendar
import re

from giveback.engine.suggest.wording import COMMON_VERBS
from giveback.pipelines.wordlists import english_stop_words

_PREPOSITIONS = frozenset({"of", "for", "in", "on", "with", "to", "from", "at", "and", "or"})
_HEAD_ENDS = _PREPOSITIONS | {"who", "which", "that", "where", "whose", "by", "near"}


def with_article(phrase: str) -> str:
    """A noun phrase with an indefinite article, unless it has a determiner or is plural."""
    words = phrase.lower().split()
    if not words:
        return phrase
    lead = phrase.split()[0]
    if lead.isupper() and len(lead) > 1:  # an acronym goes by its letters' sound: "a UX ..."
        return f"{'an' if lead[0] in 'AEFHILMNORSX' else 'a'} {phrase}"
    first = words[0]
    if first in ("a", "an", "the", "my", "our", "your", "some", "one", "two", "three", "any"):
        return phrase
    # The head noun is the last word before a preposition: "mock consultations for ..." is
    # plural, "careers talk for ..." is not.
    head = next((words[n - 1] for n in range(1, len(words)) if words[n] in _HEAD_ENDS), words[-1])
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
    if first[:1].isdigit() or plural:
        return phrase
    vowel = first[:1] in "aeiou" and not first.startswith(("one", "uni", "use", "eu", "uk"))
    return f"{'an' if vowel or first.startswith(('hour', 'honest')) else 'a'} {phrase}"


# fmt: off
_DESCRIBING_VERBS = frozenset({"reviews", "runs", "manages", "helps", "works", "builds",
                               "coaches", "teaches", "writes", "hosts", "leads", "owns",
                               "advises", "organises", "organizes", "designs", "makes", "sells",
                               "repairs", "fixes", "trains", "mentors", "volunteers", "handles",
                               "specialises", "specializes", "offers", "provides", "supports",
                               "connects", "invests", "funds", "hires", "recruits",
                               "represents", "chairs", "edits", "produces", "cares"})
_ROLE_OF = frozenset({"head", "director", "founder", "co-founder", "cofounder", "owner",
                      "chair", "president", "manager", "editor", "principal", "dean", "lead"})
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "two", "three",
                          "several", "small", "local", "community", "people", "teams"})
# fmt: on


# Words that open a description and are no name: they lose their capital in mid-sentence.
# fmt: off
_COMMON_LEADS = frozenset({"account", "admiral", "angel", "senior", "junior", "former",
                           "retired", "independent", "freelance", "certified", "licensed",
                           "registered", "enrolled", "commercial", "clinical", "chemical",
                           "local", "young", "experienced", "semi-retired", "part-time",
                           "self-employed", "volunteer", "owner", "nurse", "doctor", "family",
                           "small", "big", "new", "old", "general", "head", "chief", "lead",
                           "staff", "structural", "civil", "mechanical", "electrical",
                           "principal", "partner", "parent", "mother", "father", "mum", "dad",
                           "pediatric", "paediatric", "community", "career", "youth", "music",
                           "school", "high", "primary", "secondary", "public", "private",
                           "architect", "attorney", "chef", "coach", "surgeon", "midwife",
                           "vet", "agent", "broker", "paralegal", "pastor", "priest", "rabbi",
                           "imam", "landlord", "friend", "neighbour", "neighbor", "colleague",
                           "cousin", "retiree", "mom", "grad", "student", "professor", "tech",
                           "policy", "software", "data", "city", "county", "state", "social",
                           "special", "middle", "elementary", "hospital", "health", "math",
                           "science", "history", "art", "tax", "legal", "finance",
                           "sales", "marketing", "product", "research", "union", "church",
                           "hockey", "ski", "robotics", "refugee", "daycare", "brewery"})
_COMMON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "al", "ic", "ive", "ed", "ing", "ion",
                   "ions", "ous", "ary", "ful", "less", "ish")
# fmt: on


_CHIEFS = frozenset({"CEO", "CFO", "CTO", "COO", "CMO", "VP", "SVP", "EVP", "GM"})


def _common_word(word: str) -> bool:
    """Whether a capitalised first word is a common word ("Senior") and not a name
    ("Portland", "FinOps", "ICU"): only those are written in lower case mid-sentence."""
    low = word.lower()
    if word.isupper() or any(ch.isupper() for ch in word[1:]):
        return False
    low = low.split("-")[0]  # "High-school nurse" is as common as "high"
    return low in _COMMON_LEADS or low.endswith(_COMMON_ENDINGS) or not word[:1].isupper()


def who_they_are(first: str, description: str) -> str:
    """A person's catalog description as a sentence about them (see :func:`_who`)."""
    said = _who(first, description)
    return said[:-1] if said.endswith("….") else said


def _who(first: str, description: str) -> str:
    """A person's catalog description as a sentence about them: "Gloria is an enrolled agent
    ..." of "Enrolled agent ...", "Carl manages a community vehicle scheme ..." of "Manages
    a ...", the description itself when it already names them."""
    text = description.strip().split(";")[0].strip().rstrip(".")  # "...; looking for ..."
    if not text:
        return ""
    if text.split()[0].lower() == first.lower():
        return text + "."
    words = text.split()
    lead = words[0]
    low = lead.lower()
    second = words[1].lower() if len(words) > 1 else ""
    lowered = (low if _common_word(lead) else lead) + text[len(lead) :]
    verb = low in COMMON_VERBS or low in _DESCRIBING_VERBS
    if verb or (low.endswith("s") and not low.endswith("ss") and second in _DETERMINERS):
        return f"{first} {low}{text[len(lead) :]}."  # "Manages a ..." -> "Carl manages ..."
    if low.endswith("ed") and second in _PREPOSITIONS | {"after", "since", "from"}:
        return f"{first} is {lowered}."  # "Retired after thirty years" -> "Ruth is retired ..."
    if low in ("former", "retired", "ex") or not lead[:1].isupper():
        return f"{first} is {with_article(lowered)}."
    if (low in _ROLE_OF or lead in _CHIEFS) and second == "of":
        return f"{first} is the {lowered}."

    return f"{first} is {with_article(lowered)}."


# fmt: off
_OFFER_VERBS = frozenset({"play", "install", "put", "paint", "repair", "clean", "move", "carry",
                          "prepare", "use", "borrow", "hire", "collect", "pick", "drop",
                          "feed", "wash", "sew", "knit", "bake", "fit", "assemble",
                          "connect", "find", "source", "match", "donate", "organise",
                          "organize", "arrange", "book", "store", "print", "deliver", "ride",
                          "record", "film", "check", "audit", "test", "pair", "tutor",
                          "interview", "visit", "sponsor", "speak", "talk", "present",
                          "be", "bring", "proofread", "introduce", "pilot", "review", "lend",
                          "host", "run", "help", "share", "show", "walk", "teach", "coach",
                          "mentor", "design", "sketch", "cook", "drive", "fix", "edit", "read",
                          "write", "moderate", "rehearse", "practise", "practice", "join",
                          "cover", "give", "take", "sit", "look", "go", "tour", "build",
                          "set", "plan", "translate", "photograph", "babysit", "mind", "lead"})
# fmt: on


# Day and month names keep their capital ("a Saturday walk").
_CALENDAR = frozenset(n.lower() for n in (*calendar.day_name, *calendar.month_name) if n)


# Verbs that are nouns too ("Design polish for a pitch deck", "Review of an app"): a verb
# only when an object follows ("Review your pitch deck").
_ALSO_NOUNS = frozenset(
    {
        "design",
        "review",
        "walk",
        "talk",
        "ride",
        "tour",
        "host",
        "run",
        "test",
        "check",
        "plan",
        "print",
        "book",
        "record",
        "film",
        "match",
        "visit",
        "interview",
        "store",
        "cover",
        "sketch",
        "cook",
        "coach",
        "mentor",
        "pilot",
        "help",
        "study",
        "guide",
        "intro",
        "lift",
    }
)
_OBJECT_STARTS = frozenset(
    {
        "you",
        "your",
        "my",
        "our",
        "the",
        "a",
        "an",
        "some",
        "up",
        "out",
        "over",
        "around",
        "through",
        "in",
        "on",
        "with",
        "for",
        "to",
        "him",
        "her",
        "them",
        "it",
        "this",
        "that",
    }
)


def offer_clause(title: str) -> str:
    """An offer's title as something the user offers: "to proofread an English CV" of
    "Proofread an English CV", "a speaker slot at our meeting" of "A speaker slot ..."."""
    text = title.strip().rstrip(".")
    words = text.split()
    if not words:
        return text
    low = words[0].lower()
    second = words[1].lower() if len(words) > 1 else ""
    rest = text[len(words[0]) :]
    object_follows = second in _OBJECT_STARTS
    if (low in _OFFER_VERBS and (object_follows or low not in _ALSO_NOUNS) and second != "of") or (
        object_follows and words[0].isalpha() and low not in _ALSO_NOUNS
    ):
        return f"to {low}{rest}"
    if low in ("a", "an", "the", "my", "our", "one", "two"):
        return low + rest
    proper = (words[0].isupper() and len(words[0]) > 1) or low in _CALENDAR
    kept = words[0] if proper else low
    return with_article(kept + rest)


# Nouns of doing that an offer's title opens with ("Review of an app's onboarding flow"): the
# offer is to do it ("to review ...").
_DOING_NOUNS = {"review": "review", "critique": "critique", "audit": "audit", "edit": "edit",
                "proofread": "proofread", "rewrite": "rewrite", "read-through": "read through",
                "walkthrough": "walk through", "walk-through": "walk through"}  # fmt: skip
_CHUNK_ENDS = frozenset({"or", "and", "for", "to", "with", "in", "on", "at", "from", "by", "of"})
_LETTERS = re.compile(r"[^\W\d_]+")


def meaning_words(text: str, shortest: int = 2) -> set[str]:
    """The words of a text that say what it is about ("cv", "onboarding", "critique"), at
    least ``shortest`` letters long: no stop words, no plural "s"."""
    stop = english_stop_words()
    found = (w for w in _LETTERS.findall(text.casefold()) if len(w) >= shortest and w not in stop)
    return {w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in found}


def offer_for(what: str, evidence: str) -> str:
    """An offer said to the person it is for: "to review your app's onboarding flow" of "a
    review of an app's onboarding flow", when their sentence spoke of onboarding; "to
    proofread your English CV" of "to proofread an English CV" when it spoke of their CV.
    A thing they never spoke of stays "a ..."."""
    words = what.split()
    if len(words) > 2 and words[0] in ("a", "an") and words[2] == "of":
        verb = _DOING_NOUNS.get(words[1].lower())
        if verb is not None:
            words = ["to", verb, *words[3:]]
    # A thing of the user's to offer ("a speaker slot at our meeting") is not theirs, nor is
    # what is done with them ("build a cash-flow model with you").
    if words[:1] != ["to"] or "with you" in what:
        return " ".join(words)
    said = meaning_words(evidence)
    for i, word in enumerate(words):
        if word not in ("a", "an"):
            continue
        chunk = []
        for later in words[i + 1 :]:
            if later.lower() in _CHUNK_ENDS:
                break
            chunk.append(later)
        if meaning_words(" ".join(chunk)) & said:
            words[i] = "your"
        break  # only the offer's first thing is theirs
    return " ".join(words)
