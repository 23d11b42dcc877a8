"""What an offer's title offers, as a draft says it: something the user does ("to proofread an
English CV", "I'd be glad to ...") or something to have ("access to the team's gear closet",
"a seat at our race-waxing night", "I could offer you ...").

Catalog titles come in every shape a person types: a verb ("Review your pitch deck"), a noun
phrase ("A speaker slot at our meeting"), a mass noun ("Advice on hedgerows"), a plural ("Tips
for a first-year move-in"), a gerund ("Coaching on customer interviews", "Setting up home
care"), the user speaking ("I'll cover one of your class periods"), a clause ("What I've
learned about rehab paperwork"). Each is read for what it is, so the draft stays grammatical.
"""

from __future__ import annotations

import calendar
import re

from giveback.engine.suggest.naming import ING_NOUNS, meaning_words, with_article

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
                          "set", "plan", "translate", "photograph", "babysit", "mind", "lead",
                          "guide", "haul", "compare", "identify", "answer", "cater", "recruit",
                          "circulate", "refer", "shadow", "subtitle", "wireframe", "officiate",
                          "lift", "loan", "offer", "send", "make", "tune", "draft", "format",
                          "sing", "watch", "dogsit", "train", "advise", "explain", "support",
                          "demo", "judge", "mend", "sharpen", "serve", "swap", "hang", "crew",
                          "stay", "come", "bind", "frame", "grow", "plant", "prune", "listen",
                          "fill", "file", "sort", "pack", "navigate", "apply", "get", "figure",
                          "choose", "prep", "update",
                          # roles taken at an event ("Marshal at your race or junior session")
                          "marshal", "steward", "usher", "volunteer", "chaperone",
                          "invigilate"})
# Verbs that are nouns too ("Design polish for a pitch deck", "Review of an app"): a verb
# only when an object follows ("Review your pitch deck").
_ALSO_NOUNS = frozenset({"design", "review", "walk", "talk", "ride", "tour", "host", "run",
                         "test", "check", "plan", "print", "book", "record", "film", "match",
                         "visit", "interview", "store", "cover", "sketch", "cook", "coach",
                         "mentor", "pilot", "help", "study", "guide", "intro", "lift", "loan",
                         "offer", "answer", "shadow", "support", "demo", "judge", "swap",
                         "use", "draft", "format", "watch", "play", "lead", "practice",
                         "audit", "edit", "repair", "tutor", "train", "paint", "sponsor",
                         "feed", "wash", "fit", "source", "drop", "pick", "hire", "present",
                         "translate", "serve", "refer", "mind"})
# What follows a verb and no noun: its object, or a particle of it ("Walk you through").
_OBJECT_STARTS = frozenset({"you", "your", "my", "our", "me", "us", "the", "a", "an", "some",
                            "up", "out",
                            "over", "around", "through", "in", "on", "with", "for", "to", "him",
                            "her", "them", "it", "this", "that", "someone", "anyone",
                            "everyone", "one", "two", "three", "any", "every", "off", "down"})
# ... and what only an object can be: a word a noun is never followed by.
_OBJECTS_ONLY = frozenset({"you", "your", "my", "our", "me", "us", "the", "a", "an", "some",
                           "him", "her",
                           "them", "it", "this", "that", "someone", "anyone", "everyone",
                           "any", "every"})
# Words that keep their capital at the start of a phrase: languages, peoples, days, months.
_PROPER_FIRSTS = frozenset({
    "english", "french", "spanish", "portuguese", "arabic", "german", "italian", "chinese",
    "mandarin", "cantonese", "japanese", "korean", "hindi", "urdu", "punjabi", "bengali",
    "welsh", "irish", "scottish", "gaelic", "polish", "russian", "ukrainian", "somali",
    "swahili", "dutch", "greek", "turkish", "vietnamese", "tagalog", "filipino", "farsi",
    "persian", "hebrew", "latin", "american", "canadian", "british", "european", "african",
    "asian", "syrian", "nordic", "scandinavian", "mexican", "indian", "thai", "lebanese",
    "ethiopian", "nigerian", "jamaican", "brazilian", "quebec", "québécois", "christmas",
    "easter", "diwali", "eid", "ramadan", "hanukkah", "passover", "thanksgiving",
    *(n.lower() for n in (*calendar.day_name, *calendar.month_name) if n)})
# fmt: on
# The user speaking in the title: "I'll cover one of your class periods".
_FIRST_PERSON = re.compile(
    r"^I(?:['’]ll| will| can| could| would| am happy to| am glad to|['’]m happy to|"
    r"['’]m glad to|['’]d be happy to|['’]d be glad to|['’]d love to)\s+",
    re.IGNORECASE,
)
_TRIPS = frozenset({"ride", "lift", "visit", "trip", "tour", "walk", "intro", "introduction"})
_PARTICLES = frozenset({"up", "out", "down", "off", "over", "around", "through", "back"})
_QUESTION_WORDS = frozenset({"what", "how", "why", "where", "when", "which", "who"})


# Verbs a gerund can follow as their object: before one, they are verbs, not nouns ("a try").
_BEFORE_A_GERUND = frozenset({"try", "go", "start", "keep", "practise", "practice", "begin"})


def _verb_of(word: str) -> str | None:
    """The verb a title's first word is, when it is one ("sight-translate" is "translate")."""
    low = word.lower()
    if low in _OFFER_VERBS:
        return low
    last = low.rsplit("-", 1)[-1]
    return last if "-" in low and last in _OFFER_VERBS else None


def _opens_with_verb(words: list[str]) -> bool:
    """Whether a title opens with a verb: a known verb that is no noun, or one whose object
    follows ("Review your pitch deck", "Coach kids' futsal", "Cook Syrian food", "Plan or lead
    a service"), or a word of any kind that only an object can follow ("Cater a fundraiser")."""
    low = words[0].lower()
    second = words[1] if len(words) > 1 else ""
    nxt = second.lower()
    if nxt == "of" or low.endswith("'s") or (nxt == "to" and low in _TRIPS):
        return False  # "Review of an app", "Ride to the airport"
    possessive = nxt.endswith(("'", "'s", "’s"))
    if low in _BEFORE_A_GERUND and nxt.endswith("ing") and len(nxt) > 4:
        return True  # "Try curling with me", "Go sailing on the Clyde"
    verb = _verb_of(words[0])
    if verb is not None and (low not in _ALSO_NOUNS or "-" in low):
        return True
    if verb is not None:
        if nxt in _OBJECT_STARTS or possessive or second[:1].isupper():
            return True
        if re.search(r"\bwith (?:you|me)\b", " ".join(words).lower()):
            return True  # "Play pickleball with you"
        if nxt in ("or", "and") and len(words) > 2 and _verb_of(words[2]) is not None:
            return True
        # "Help fill out a form": a verb after "help" is what the help is.
        return low == "help" and _verb_of(second) is not None and nxt not in _ALSO_NOUNS
    unknown_verb = (
        words[0].isalpha()
        and low not in _OBJECTS_ONLY
        and not low.endswith(("s", "ing", "ion", "ment", "ness"))
    )
    return unknown_verb and (nxt in _OBJECTS_ONLY or possessive)


# A title that is a sentence of its own, of something of the user's that can do a thing.
_OURS_CAN = re.compile(
    r"^((?:[Mm]y|[Oo]ur)\s+[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+(?:can|could|will|would)\s+"
    r"([a-z].*)$"
)


# A title that tells what something of the user's does: "Our band plays a charity ceilidh".
_OURS_DOES = re.compile(
    r"^((?:[Mm]y|[Oo]ur)\s+[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+([a-z]+s)\s+"
    r"((?:a|an|the|your|you|some|one|two|three|at|for)\b.*)$"
)


def _base_form(verb: str) -> str:
    """A verb's base form from its third person: "plays" "play", "teaches" "teach"."""
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "oes")):
        return verb[:-2]
    return verb[:-1]


def _may_be_verb(word: str) -> bool:
    """Whether a word no list knows could be a verb: a plain word, no noun or gerund by its
    ending ("call", "meet"; not "sessions", "mentoring", "translation")."""
    return (
        word.isalpha()
        and word not in _OBJECTS_ONLY
        and not word.endswith(("s", "ing", "ion", "ment", "ness", "ship", "ity", "er", "or"))
    )


def _said_as_doing(first: str, description: str) -> bool:
    """Whether an offer's text says its title's first word as something the user will do
    ("Play fiddle at a small event": "I'll play fiddle at a small event ...")."""
    said = r"\bI(?:['’]ll| will| can| could| would|['’]d)\s+(?:happily\s+|gladly\s+)?"
    return (
        re.search(said + rf"{re.escape(first.lower())}\b", description, re.IGNORECASE) is not None
    )


def offer_clause(title: str, description: str = "") -> str:
    """An offer's title as something the user offers: "to proofread an English CV" of
    "Proofread an English CV", "a speaker slot at our meeting" of "A speaker slot ...",
    "advice on hedgerows" of "Advice on hedgerows", "to cover one of your class periods" of
    "I'll cover one of your class periods". A clause that starts "to " is a doing. The offer's
    ``description`` says whether a word that may be a verb or a noun is a verb ("Play fiddle
    at a small event": "I'll play fiddle ...")."""
    text = title.strip().rstrip(".")
    head, colon, listed = text.partition(":")
    if colon and len(head.split()) >= 2 and ("," in listed or " or " in listed):
        text = head.strip()  # "Build your spreadsheet: budgets, schedules or records"
    spoken = _FIRST_PERSON.match(text)
    if spoken:
        return f"to {text[spoken.end() :]}"
    words = text.split()
    if not words:
        return text
    low = words[0].lower()
    rest = text[len(words[0]) :]
    if low in _QUESTION_WORDS:  # "What I've learned about ..." is told
        return f"to share {low}{rest}"
    if _opens_with_verb(words) or (
        (_verb_of(words[0]) is not None or _may_be_verb(low))
        and len(words) > 1
        and words[1].lower() not in _PREPOSITIONS_AFTER | {"of", "to"}
        and _said_as_doing(words[0], description)
    ):
        return _done_for_them(low, rest)
    ours = _OURS_CAN.match(text)
    if ours:  # "My after-school teens can play a set at your event": the user has them do it
        return f"to have {ours.group(1)[:1].lower()}{ours.group(1)[1:]} {ours.group(2)}"
    does = _OURS_DOES.match(text)
    if does:  # "Our band plays a charity ceilidh at cost": the user has it do that
        whose = f"{does.group(1)[:1].lower()}{does.group(1)[1:]}"
        return f"to have {whose} {_base_form(does.group(2))} {does.group(3)}"
    role = _role_of(words)
    if role:  # "Community pharmacy co-applicant for a research bid": the user is it
        return f"to be your {role}"
    if low in ("a", "an", "the", "my", "our", "one", "two", "some"):
        return low + rest
    proper = (words[0].isupper() and len(words[0]) > 1) or low in _PROPER_FIRSTS
    kept = words[0] if proper else low
    second = words[1].lower() if len(words) > 1 else ""
    if (
        low.endswith("ing")
        and low.isalpha()
        and (low not in ING_NOUNS or second in _PARTICLES)  # "a setting", but "setting up"
        and (second in _OBJECT_STARTS and second not in _PREPOSITIONS_AFTER)
    ):
        return f"to help with {kept}{rest}"  # "Setting up home care ...": a doing of theirs
    return with_article(kept + rest)


# Verbs whose doer is the person offered to, not the user ("Borrow my pickup", "Join my
# Saturday ride", "Sit in on my clinic"): the user lets them, or has them along.
_THEIRS_TO_DO = {"borrow": "lend you", "use": "let you use"}
_HAVE_THEM = frozenset(
    {"join", "stay", "crew", "sit", "shadow", "tour", "come", "ride", "be", "try"}
)


def _done_for_them(verb: str, rest: str) -> str:
    """What the user offers to do, when the title names what the other person would do."""
    mine = re.search(r"\b(?:my|our|me|us)\b", rest.lower()) is not None
    yours = re.search(r"\b(?:you|your)\b", rest.lower()) is not None
    if verb in _THEIRS_TO_DO and not yours:
        return f"to {_THEIRS_TO_DO[verb]}{rest}"
    if verb in _HAVE_THEM and not yours and (mine or verb != "be"):
        if verb == "be" and rest.startswith(" a "):  # "Be a guest on our podcast"
            return f"to have you as{rest}"
        return f"to have you {verb}{rest}"
    return f"to {verb}{rest}"


# Roles the user offers to be for someone ("Study buddy for beginner JavaScript").
_ROLES = frozenset({"co-applicant", "applicant", "partner", "mentor", "buddy", "deckhand",
                    "chaperone", "driver", "referee", "guide", "sounding-board", "co-author",
                    "co-host", "cohost", "plus-one", "sparring", "penpal", "pen-pal"})  # fmt: skip


def _role_of(words: list[str]) -> str | None:
    """The title as a role the user would take on ("riding partner for long Sunday rides"),
    when its head is one and nobody else is named as it ("an intern from our class")."""
    text = " ".join(words)
    if re.search(r"\b(?:from|of) (?:our|my|the)\b", text.lower()):
        return None
    ends = [n for n, w in enumerate(words) if w.lower() in ("for", "on", "in", "with", "at")]
    head = words[(ends[0] if ends else len(words)) - 1].lower().strip(",")
    if head not in _ROLES:
        return None
    first = words[0].lower() if words[0].lower() not in ("a", "an") else ""
    kept = [w if w[:1].isupper() and n and first != w.lower() else w.lower()
            for n, w in enumerate(words) if n or first]  # fmt: skip
    return " ".join(kept) if first else " ".join(words[1:])


# After a gerund that names a service ("Coaching on customer interviews"), these say what it is
# for; anything else is its object ("Hosting book launches"), and then it is a doing.
_PREPOSITIONS_AFTER = frozenset({"", "for", "on", "in", "at", "about", "with", "from", "by"})


# Nouns of doing that an offer's title opens with ("Review of an app's onboarding flow"): the
# offer is to do it ("to review ...").
_DOING_NOUNS = {"review": "review", "critique": "critique", "audit": "audit", "edit": "edit",
                "proofread": "proofread", "rewrite": "rewrite", "read-through": "read through",
                "walkthrough": "walk through", "walk-through": "walk through"}  # fmt: skip
_HOW_OFTEN = frozenset({"once", "twice", "thrice", "times", "per"})
# Verbs whose thing is made by the one who does it: "give a talk" at their meetup is the
# user's talk, though their sentence spoke of one ("asked if I'd give a talk").
_PERFORMED = frozenset({"give", "deliver", "present", "run", "host", "lead", "hold", "throw",
                        "teach", "organize", "organise", "record", "cook", "bake"})  # fmt: skip
_CHUNK_ENDS = frozenset({"or", "and", "for", "to", "with", "in", "on", "at", "from", "by", "of"})


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
    if len(words) > 1 and words[1].lower() in _PERFORMED:
        return " ".join(words)
    said = meaning_words(evidence)
    for i, word in enumerate(words):
        if word not in ("a", "an") or (i and words[i - 1].lower() in _HOW_OFTEN):
            continue  # "once a week" is no one's week
        chunk = []
        for later in words[i + 1 :]:
            if later.lower() in _CHUNK_ENDS:
                break
            chunk.append(later)
        if meaning_words(" ".join(chunk)) & said:
            words[i] = "your"
        break  # only the offer's first thing is theirs
    return " ".join(words)
