"""The user's need said back as a person would say it in a message, from their shorthand.

A need is typed in a hurry ("roofer for Dad's farmhouse - porch roof leaking", "lighting for
Our Town", "my conditional cert runs out in June"). The ask opens with it said as a sentence:
a person looked for ("I'm looking for a roofer for Dad's farmhouse"), a thing to do ("I'm
trying to get the kiln circuit checked"), something under way ("I'm hiring my first
assistant"), a question ("I have a question you might know the answer to: ...?"), a situation
told as it is ("I could use your advice on something: my conditional cert runs out in June"),
or a thing to get help with ("I need help with my porch rebuild"). Pure: no models.
"""

from __future__ import annotations

import re

from giveback.engine.asks.need_shorthand import need_core, without_interjections
from giveback.engine.suggest.naming import ING_NOUNS, common_word, with_article

# "I need a plumber" / "need: plumber" / "looking for a plumber": the lead is the user's.
_NEED_LEAD = re.compile(
    r"^(?:i\s+(?:really\s+|still\s+)?(?:need|want|am looking for|'m looking for)|"
    r"(?:still\s+)?(?:need(?:s|ed)?|looking for)\b)\s*:?\s*",
    re.IGNORECASE,
)
# Someone, or help, looked for: whatever follows ("someone who has written a grant").
_PEOPLE_LEADS = ("someone", "somebody", "anyone", "help", "advice", "tips", "feedback", "ideas",
                 "leads", "names")  # fmt: skip
# ... and a thing looked for ("a roofer", "the best way").
_OBJECT_LEADS = (*_PEOPLE_LEADS, "a ", "an ", "the ", "some ")
# Things looked for that take an article: "a second opinion", "an intro".
_COUNTABLE_LEADS = ("intro", "introduction", "recommendation", "second opinion", "referral",
                    "sounding board", "reference", "mentor")  # fmt: skip
_ROLE_ENDINGS = ("er", "or", "ist", "ant", "ent", "ian", "ee", "man", "woman", "person")
_ROLES = frozenset({"lawyer", "vet", "doctor", "coach", "nanny", "tutor", "sponsor", "agent",
                    "broker", "expert", "specialist", "someone", "sitter", "cpa",
                    "guide", "pt", "physio", "locum", "crew", "team", "firm"})  # fmt: skip
# fmt: off
# Things, not people, though they end like a role ("paper", "floor", "grant", "cooler"): a
# need for one is help with it, not someone looked for.
_THINGS = frozenset({
    "paper", "water", "letter", "center", "centre", "number", "order", "floor", "door",
    "grant", "plant", "document", "payment", "treatment", "apartment", "event", "fee", "knee",
    "committee", "coffee", "power", "cover", "border", "chapter", "winter", "summer",
    "computer", "matter", "filter", "poster", "trailer", "heater", "charger", "printer",
    "cooler", "freezer", "shower", "tower", "meter", "counter", "corner", "dinner", "river",
    "weather", "folder", "binder", "container", "career", "transfer", "register", "roster",
    "chiller", "boiler", "motor", "tractor", "color", "colour", "error", "elevator",
    "generator", "monitor", "sensor", "factor", "mirror", "labor", "labour", "favor", "favour",
    "harbor", "harbour", "content", "agreement", "statement", "assessment", "environment",
    "development", "investment", "equipment", "management", "settlement", "requirement",
    "appointment", "department", "government", "element", "moment", "comment", "argument",
    "amendment", "restaurant", "warrant", "degree", "guarantee", "tree", "interior", "exterior",
    "manuscript", "cylinder", "bumper", "gutter", "rafter", "drywall", "lumber", "timber",
    "chimney", "quarter", "semester", "trimester", "calendar", "ledger", "paperwork", "vendor",
})
# fmt: on

_HEAD_ENDS = frozenset({"who", "for", "to", "that", "with", "in", "on", "at", "as", "from",
                        "near", "about", "(", "which", "whose"})  # fmt: skip
# A to-do that starts with what to do: "get the circuit checked", "trademark the name".
_TODO_VERBS = frozenset({
    "get", "find", "figure", "fix", "set", "sort", "choose", "pick", "move", "register",
    "apply", "learn", "make", "build", "start", "file", "write", "prepare", "plan", "review",
    "check", "understand", "negotiate", "price", "design", "replace", "repair", "renovate",
    "buy", "sell", "rent", "talk", "deal", "handle", "trademark", "hire", "organize",
    "organise", "update", "redo", "switch", "open", "close", "launch", "fund", "raise",
    "refinance", "appeal", "translate", "migrate", "insure", "renew", "cancel", "decide",
    "work", "research", "compare", "shoot", "photograph", "record", "edit", "publish", "list",
    "turn", "finish", "convince", "recover",
})  # fmt: skip
# A question asked as one opens with its verb: "can I ...", "is it ...", "does Medicaid ...".
_AUXILIARIES = ("is ", "are ", "do ", "does ", "did ", "can ", "could ", "would ", "will ",
                "am ", "was ", "were ", "has ", "have ", "any ", "anyone ", "anybody ")  # fmt: skip
_QUESTION = ("how ", "what ", "where ", "which ", "who ", "whether ", "why ", "when ", "should ")
# How a question typed in any shape opens ("what ...", "can I ...").
ASKING_LEADS = (*_QUESTION, *_AUXILIARIES)
# A need with a subject and a verb of its own is a situation: "Mom needs to move ...", "my
# cert runs out in June", "the website gets zero calls".
_SITUATION_VERB = (
    r"(?:is|are|was|were|needs|keeps|has|have|had|got|gets|won't|can't|isn't|aren't|leaking|"
    r"broke|wants|says|said|runs|ran|goes|went|shut|closed|closes|expires|expired|ends|ended|"
    r"retiring|retired|quit|denied|denies|refused|refuses|bounced|fell|failed|fails|leaks|"
    r"floods|flooded|died|lost|won|started|starts|stopped|stops|moved|moves|asked|"
    r"shouldn't|doesn't|don't|didn't|wouldn't|couldn't|need)"
)
_SITUATION = re.compile(
    rf"^(?:my |our |the |mom|mum|dad|\w+'s )?(?:\S+ ){{0,6}}?{_SITUATION_VERB}\b", re.IGNORECASE
)
# Words that open a need as an aside and change nothing of what it is ("finally finishing").
_ADVERBS = frozenset({"finally", "still", "actually", "really", "just", "urgently", "asap"})
# "hiring first assistant": shorthand drops whose first; said back, it is "my first".
_ORDINALS = frozenset({"first", "second", "third"})
# Things one has no "my" for: help with "silica dust", not "my silica dust".
_MASS = frozenset({"dust", "mold", "mould", "water", "insurance", "money", "funding", "childcare",
                   "daycare", "traffic", "noise", "damage", "pain", "debt", "research",
                   "software", "equipment", "furniture", "marketing", "payroll", "storage",
                   "parking", "transport", "admin", "immigration", "health", "stats", "math",
                   "maths", "english", "french", "spanish", "grammar", "coding",
                   "legal", "aid", "help", "advice"})  # fmt: skip
_DETERMINERS = frozenset({"a", "an", "the", "my", "our", "your", "his", "her", "their", "this",
                          "that", "these", "those", "some", "any", "one", "two", "three",
                          "each", "every", "no"})  # fmt: skip

_SITUATION_WORDS = 6  # a longer bare phrase is a situation told, not a thing to help with
_WORD = re.compile(r"[\w'’-]+|\(")


# A need that opens with how the user feels ("honestly exhausted", "so tired"): said as "I'm".
_FEELING = re.compile(
    r"^(?:(?:honestly|so|really|totally|completely|utterly|absolutely|just|pretty|very|"
    r"a\s+bit|bit)\s+)*(?:exhausted|tired|wiped|knackered|drained|overwhelmed|stressed|"
    r"fried|frazzled|anxious|scared|worried|stuck|lonely|frustrated|fed\s+up|burnt\s+out|"
    r"burned\s+out|drowning|struggling|not\s+ok(?:ay)?)\b",
    re.IGNORECASE,
)


# How a situation is told: "I could use your advice on something: the roof is leaking".
ADVICE_ON = "I could use your advice on something: "
# A topic typed before what is needed of it: "Open Page: someone who knows ...", "Papa - how
# do we get him assessed?". At most three words, and what follows stands on its own.
_TOPIC = re.compile(r"^(?P<topic>[^\s:]+(?:\s[^\s:]+){0,2}?)(?::\s|\s[-–—]\s)(?P<rest>.+)$")


def _topic_first(text: str) -> tuple[str, str] | None:
    """The topic and the need when the need names its topic first and then asks a question or
    for someone ("live jazz Thursdays: do we need ASCAP licenses?"); ``None`` otherwise
    ("therapist for Theo - test anxiety ..." is the need, then a situation)."""
    typed = _TOPIC.match(text)
    if typed is None:
        return None
    topic, rest = typed["topic"], typed["rest"]
    # A name ("Open Page", "Papa") is a topic whatever follows; a phrase ("cookbook proposal
    # - where do I even start") is the need itself unless someone is looked for after it.
    named = all(word[:1].isupper() for word in topic.split())
    leads = (*_PEOPLE_LEADS, *ASKING_LEADS) if named else _PEOPLE_LEADS
    low = topic.lower()
    if low.startswith((*_OBJECT_LEADS, *ASKING_LEADS)) or _is_role(low):
        return None
    asked = rest.lower().startswith(leads) or _NEED_LEAD.match(rest) is not None
    if (low.split()[0] in _TODO_VERBS and not named) or not asked:
        return None
    return topic, rest


def _the_topic(topic: str) -> str:
    """A topic as a message names it: a name as typed ("Open Page"), a thing with its article
    ("garage conversion" -> "the garage conversion"), one's own or many as they are ("Mom's
    move", "saturdays")."""
    words = topic.split()
    first = words[0]
    if all(w[:1].isupper() for w in words) or first.isupper():
        return topic
    low = first.lower()
    if low in _DETERMINERS or low.endswith(("'s", "’s", "s'")) or words[-1].lower().endswith("s"):
        return topic
    return f"the {low if common_word(first) else first}{topic[len(first) :]}"


def need_clause(text: str) -> str:
    """The need as the user would say it to a friend: "I'm looking for an accountant ...",
    "I'm trying to get the kiln circuit checked", "I could use your advice on something: ...",
    "for Open Page, I'm looking for someone who knows ..." (a topic typed first)."""
    text = without_interjections(text)
    topic_first = _topic_first(text.strip())
    if topic_first is not None:
        topic, rest = topic_first
        said = need_clause(rest)
        lead = "for" if said.startswith(("I'm looking for", "I'm trying to")) else "about"
        return f"{lead} {_the_topic(topic)}, {said}"
    phrase = need_core(_NEED_LEAD.sub("", text.strip())) or need_core(text)
    words = phrase.split()
    if len(words) > 1 and words[0].lower() in _ADVERBS:  # "finally finishing the paper"
        phrase = " ".join(words[1:])
    low = phrase.lower()
    first = low.split()[0] if low.split() else ""
    lowered = _lowered(phrase)
    # "the outlet is warm to the touch??" is news told with alarm, not a question.
    alarmed = phrase.endswith("?") and not low.startswith(_AUXILIARIES) and _tells_situation(low)
    if alarmed:
        phrase, low = phrase.rstrip("?"), low.rstrip("?")
    if _FEELING.match(phrase):  # "honestly exhausted" -> "I'm honestly exhausted"
        return f"I'm {lowered}"
    # "not sleeping", "not coping": after "not", an -ing word is what is (not) going on.
    after_not = low.split()[1] if first == "not" and len(low.split()) > 1 else ""
    if after_not.endswith("ing") and len(after_not) > 4:
        return f"I'm {lowered}"
    if low.startswith(_QUESTION) or phrase.endswith("?"):
        question = phrase if phrase[:2].isupper() or phrase.startswith("I ") else lowered_q(phrase)
        return f"I have a question you might know the answer to: {question.rstrip('?')}?"
    if low.startswith(_COUNTABLE_LEADS):
        return f"I'm looking for {with_article(lowered)}"
    if first in _TODO_VERBS:
        return f"I'm trying to {lowered}"
    if _doing(phrase):  # "hiring my first assistant"
        doing, _, rest = lowered.partition(" ")
        if rest.split(" ", 1)[0] in _ORDINALS:  # "hiring first assistant": whose first
            return f"I'm {doing} my {rest}"
        return f"I'm {lowered}"
    if low.startswith(_PEOPLE_LEADS):
        return f"I'm looking for {lowered}"
    if _tells_situation(low):
        return f"{ADVICE_ON}{_with_copula(_with_subject(phrase))}"
    if low.startswith(_OBJECT_LEADS) or first == "to":
        return f"I'm looking for {lowered}"
    if _is_role(low):
        return f"I'm looking for {with_article(lowered)}"
    if first in ("my", "our") or len(low.split()) >= _SITUATION_WORDS:
        return f"{ADVICE_ON}{phrase}"
    return f"I need help with {_owned(lowered)}"


def asks_for_someone(text: str) -> bool:
    """Whether the need's first thought is already who would help ("roofer for the farm",
    "someone who has run a campaign", "a second opinion on my wrist")."""
    low = need_core(_NEED_LEAD.sub("", text.strip())).lower()
    return low.startswith((*_PEOPLE_LEADS, *_COUNTABLE_LEADS)) or _is_role(low)


def lowered_q(question: str) -> str:
    """A question's first word in lower case, after a colon ("how do we ...")."""
    return question[:1].lower() + question[1:]


def _lowered(phrase: str) -> str:
    """The user's casing, but a sentence-initial capital of a common word goes ("Find a ...",
    "Roofer for ..."); a name or an acronym keeps it ("AFG grant", "Lisbon flat")."""
    first = phrase.split()[0] if phrase.split() else ""
    if first[1:] != first[1:].lower() or first.lower() in ("i", "i'm", "i've"):
        return phrase
    low = first.lower()
    common = (
        low in _TODO_VERBS
        or low in _DETERMINERS
        or phrase.lower().startswith(_OBJECT_LEADS + _COUNTABLE_LEADS)
        or _is_role(phrase.lower())
        or low.endswith("ing")
    )
    return phrase[:1].lower() + phrase[1:] if common else phrase


# Where a need's own clause ends and what it says of someone or something else begins
# ("someone who has ...", "Mom needs to move ...").
_CLAUSE_END = re.compile(r"\b(?:who|that|which|to|so|if|when|before|after|because|i|we)\b")


def _tells_situation(low: str) -> bool:
    """Whether a need tells what is happening, with a subject and a verb of its own ("my cert
    runs out in June", "Mom needs to move"), rather than naming what is needed ("someone
    who has written a grant")."""
    end = _CLAUSE_END.search(low, 1)
    own = low[: end.start()] if end else low
    if _SITUATION.match(own):
        return True
    # A verb in the past after its subject: "Bradley farm sprayed sunflowers in bloom", "truck
    # permit app came back".
    words = own.split()
    return any(
        ((w.endswith("ed") and len(w) > 4) or w in _IRREGULAR_PAST)
        and "-" not in w
        and words[k - 1] not in _DETERMINERS
        for k, w in enumerate(words[1:6], start=1)
    )


# Past tenses that do not end in -ed, as a situation's verb: "the permit app came back".
_IRREGULAR_PAST = frozenset({"came", "went", "broke", "fell", "took", "gave", "ran", "left",
                             "quit", "lost", "blew", "froze", "died", "sold", "stole", "tore",
                             "threw", "drove", "fought", "caught", "bought", "sent", "built",
                             "sank", "shrank", "split", "burst", "cracked", "flooded"})  # fmt: skip


# A body part in a need is the user's own: "my left knee clicks after games".
_BODY = frozenset({"back", "knee", "knees", "shoulder", "wrist", "hip", "hips", "voice", "ankle",
                   "neck", "foot", "feet", "elbow", "hand", "hands", "eye", "eyes", "left",
                   "right", "lower", "upper", "head", "stomach", "skin"})  # fmt: skip
# Words a situation may open with that are no subject's first word ("want to sell", "think I").
_NOT_SUBJECTS = frozenset({"want", "wants", "need", "needs", "think", "thinking", "passed",
                           "got", "just", "still", "also", "maybe", "so", "then", "now",
                           "trying", "can", "should", "will", "new", "another",
                           "more"})  # fmt: skip


def _with_subject(phrase: str) -> str:
    """A situation told as a sentence with its subject's article, where shorthand drops it:
    "the website gets zero calls", "the county wants a written plan", "my left knee clicks
    after games"; a name, a possessive or a determiner stays as it is."""
    first = phrase.split()[0] if phrase.split() else ""
    low = first.lower()
    if (
        not first.replace("-", "").isalpha()
        or first[:1] != low[:1]
        or low in _DETERMINERS
        or low in _NOT_SUBJECTS
        or low in _TODO_VERBS
        or low.endswith(("ing", "ed"))
    ):
        return phrase
    return f"{'my' if low in _BODY else 'the'} {phrase}"


# Verbs that already make a situation a sentence: "the roof keeps leaking" needs no "is".
_FINITE = frozenset({"is", "are", "was", "were", "be", "been", "am", "keeps", "keep", "kept",
                     "has", "have", "had", "got", "gets", "started", "starts", "stopped",
                     "stops", "went", "goes", "still", "says", "said", "can't", "won't",
                     "isn't", "aren't", "wasn't", "not", "now", "and", "or", "of", "for",
                     "to", "with", "by", "without", "about", "from", "after", "before",
                     "while", "who", "that", "need", "needs", "since"})  # fmt: skip


def _with_copula(phrase: str) -> str:
    """A situation whose verb shorthand left as a bare -ing, told with its "is": "the roof
    over the kiln room is leaking again" of "... kiln room leaking again"."""
    words = phrase.split()
    if any(re.fullmatch(_SITUATION_VERB, w, re.I) and not w.endswith("ing") for w in words):
        return phrase  # "my teaching licence runs out in June" has its verb
    for k, word in enumerate(words[1:7], start=1):
        low = word.lower()
        if low in _FINITE or low.endswith("ed"):
            return phrase
        if words[k - 1].lower() in _DETERMINERS:  # "my teaching licence": a noun's modifier
            continue
        if low.endswith("ing") and len(low) > 4 and low not in ING_NOUNS:
            before = words[k - 1].lower()
            plural = before.endswith("s") and not before.endswith(("ss", "'s", "us", "is"))
            return " ".join([*words[:k], "are" if plural else "is", *words[k:]])
    return phrase


def _doing(phrase: str) -> bool:
    """Whether a need opens with something under way, a verb in -ing ("hiring my first
    assistant", "selling honey at the co-op"), not a noun in -ing ("lighting for Our Town",
    "bookkeeping setup", "spring plankton tows")."""
    words = phrase.lower().split()
    return (
        len(words) > 1
        and words[0].endswith("ing")
        and len(words[0]) > 5
        and words[0] not in ING_NOUNS
    )


def _head(phrase: str) -> str:
    """A noun phrase's head: the last word before a word that starts what follows it ("tax
    accountant" of "tax accountant who ...")."""
    words = _WORD.findall(phrase)
    head = next((words[n - 1] for n in range(1, len(words)) if words[n] in _HEAD_ENDS), "")
    return head or (words[-1] if words else "")


def _is_role(phrase: str) -> bool:
    """Whether a noun phrase names someone ("tax accountant who ...", "fiscal sponsor for
    ..."), not something ("silica dust in the studio", "honey house floor"): by its head."""
    head = _head(phrase)
    if head in _ROLES:
        return True
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    singular = singular.rsplit("-", 1)[-1]  # "mini-grant" is a grant, "co-founder" a founder
    return (
        singular.endswith(_ROLE_ENDINGS) and len(singular) > 4 and singular not in _THINGS
    ) or singular in _ROLES


def _owned(phrase: str) -> str:
    """A bare thing the user needs help with, made theirs: "my porch rebuild", "my old 403(b)";
    not a plural, a mass noun, an -ing, a name or a phrase with its own determiner."""
    words = phrase.split()
    first = words[0] if words else ""
    if not first[:1].isalpha() or first.lower() in _DETERMINERS:
        return phrase
    possessive = first.endswith(("'s", "’s"))
    if first[:1] != first[:1].lower():
        # A name before a thing is "the" thing: "the Kessler farm", "the VHF exam".
        second = words[1] if len(words) > 1 else ""
        named_thing = not possessive and second[:1].islower() and second.isalpha()
        mass = _head(phrase.lower()) in _MASS  # "E&O insurance for the film": no "the"
        return f"the {phrase}" if named_thing and not mass and len(words) <= 5 else phrase
    if possessive:  # "the pantry's 990"
        return f"the {phrase}"
    head = _head(phrase.lower())
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
    if plural or head in _MASS or first.lower() in _MASS or first.endswith("ing"):
        return phrase
    if "'s" in phrase or "’s" in phrase or first[:1].isdigit():
        return phrase
    return f"my {phrase}"
