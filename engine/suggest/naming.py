"""How a give is named in a draft: a noun phrase with its article ("a UX review", "advice on
hedgerows"), who a person is ("Gloria is an enrolled agent")."""

from __future__ import annotations

import re

from giveback.engine.suggest.wording import COMMON_VERBS
from giveback.pipelines.extraction.matching import content_words
from giveback.pipelines.wordlists import dictionary_words, english_stop_words

_PREPOSITIONS = frozenset({"of", "for", "in", "on", "with", "to", "from", "at", "and", "or"})
# "and" and "or" end no head: "a soda bread and scones lesson" is a lesson.
# fmt: off
_HEAD_ENDS = (_PREPOSITIONS - {"and", "or"}) | {
    "who", "which", "that", "where", "whose", "by", "near", "around", "about", "over", "through",
    "during", "after", "before", "into", "via", "without", "under", "between", "across", "along",
    "as", "per", "toward", "towards", "than", "plus", "like"}
# fmt: on


# Nouns that take no "a": "advice on hedgerows", "access to the gear closet".
# fmt: off
MASS_NOUNS = frozenset({"advice", "feedback", "help", "support", "access", "use", "coverage",
                        "registration", "training", "practice", "time", "space", "storage",
                        "parking", "guidance", "information", "equipment", "furniture",
                        "transport", "childcare", "food", "housing", "accommodation",
                        "insurance", "tuition", "funding", "money", "work", "experience",
                        "hospitality", "research", "company", "mentorship", "babysitting",
                        "instruction", "assistance", "software", "homework", "paperwork",
                        "sponsorship", "publicity", "gear", "produce", "honey", "bread",
                        "wine", "music", "data", "news", "kit"})
# Gerunds that name a service ("Spanish tutoring for a high schooler").
SERVICE_GERUNDS = frozenset({"tutoring", "coaching", "mentoring", "interpreting", "judging",
                             "training", "babysitting", "cleaning", "catering", "fundraising",
                             "counselling", "counseling", "consulting", "editing", "proofreading",
                             "planning", "folding", "sharpening", "drumming", "singing",
                             "translating", "networking", "shadowing", "dog-sitting",
                             "house-sitting", "pet-sitting", "childminding", "sitting"})
# A gerund that names a thing, counted with "a": "an evening", "a wedding", "a reading".
_COUNTED_GERUNDS = frozenset({"evening", "morning", "building", "wedding", "meeting", "painting",
                              "drawing", "recording", "booking", "offering", "gathering",
                              "tasting", "screening", "fitting", "hearing", "briefing",
                              "opening", "outing", "listing", "posting", "reading", "crossing",
                              "landing", "setting", "seating", "awning", "ceiling", "lining",
                              "thing", "string", "spring", "ring",
                              "king", "sibling", "pudding", "stocking", "railing", "dwelling"})
# fmt: on


# -ing words that name a thing, not a doing ("lighting for Our Town", "a wedding", "packaging
# design"): a need or an offer that opens with one is not something under way.
ING_NOUNS = (
    _COUNTED_GERUNDS
    | SERVICE_GERUNDS
    | frozenset(
        {
            "lighting",
            "living",
            "ticketing",
            "bookkeeping",
            "pruning",
            "financing",
            "housing",
            "funding",
            "parking",
            "plumbing",
            "wiring",
            "flooring",
            "roofing",
            "siding",
            "landscaping",
            "catering",
            "marketing",
            "accounting",
            "advertising",
            "branding",
            "licensing",
            "training",
            "counseling",
            "networking",
            "clothing",
            "offering",
            "staffing",
            "scheduling",
            "packaging",
            "boarding",
            "nursing",
            "heating",
            "cooling",
            "pricing",
            "invoicing",
            "billing",
            "banking",
            "lending",
            "costuming",
            "staging",
            "bedding",
            "fencing",
            "decking",
            "paving",
            "caulking",
            "dating",
            "parenting",
            "operating",
            "working",
            "waiting",
            "closing",
            "planning",
            "swimming",
            "dining",
            "sleeping",
            "spending",
            "filing",
            "recording",
            "icing",
            "stuffing",
            "topping",
            "packing",
            "filling",
            "ceiling",
        }
    )
)


def _head(words: list[str]) -> str:
    """The head noun of a noun phrase's words: the last before a preposition or a comma; not
    a participle after it ("an admiral nurse specialising in dementia" is a nurse)."""
    end = len(words)
    for n, word in enumerate(words):
        if word.endswith((",", ":", ";")):
            end = n + 1
            break
        if n and word in _HEAD_ENDS:
            end = n
            break
    head = words[end - 1].rstrip(",:;")
    participle = head.endswith("ing") and head not in SERVICE_GERUNDS
    if participle and 1 < end < len(words):
        return words[end - 2]
    return head


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
    # The head noun is the last word before a preposition or a comma: "mock consultations
    # for ..." is plural, "careers talk for ..." is not, "phone advice on ..." is a mass noun.
    head = _head(words)
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
    gerund = head.endswith("ing") and len(head) > 5 and head not in _COUNTED_GERUNDS
    # ... and a mass noun first is the head when only a preposition, a conjunction or a
    # gerund follows it ("honey and comb", "help navigating ...", not "coffee chat").
    after = words[1] if len(words) > 1 else ""
    leads = not after or (after in _PREPOSITIONS and after not in ("and", "or"))
    # "honey and comb for events" is mass, "food and product photographer" is a photographer.
    pair = after in ("and", "or") and (len(words) < 4 or words[3] in _HEAD_ENDS)
    mass = head in MASS_NOUNS or (first in MASS_NOUNS and (leads or pair or after.endswith("ing")))
    # "walking group referral leaflets and form": a plural before "and" counts too.
    ends = next((n for n in range(1, len(words)) if words[n] in _HEAD_ENDS), len(words))
    joined = next((words[n - 1] for n in range(1, ends) if words[n] in ("and", "or")), "")
    plural = plural or (joined.endswith("s") and not joined.endswith(("ss", "us", "is")))
    if first[:1].isdigit() or plural or gerund or mass:
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
                           "hockey", "ski", "robotics", "refugee", "daycare", "brewery",
                           "council", "food", "housing", "charity", "care", "home",
                           "pharmacy", "wedding", "event", "wildlife", "garden", "landscape",
                           "quantity", "web"})
# Languages, peoples and faiths, written with a capital in any sentence, though they end as
# common words do ("Gaelic", "Scottish", "Canadian").
_PROPER_ADJECTIVES = frozenset({"gaelic", "english", "scottish", "irish", "welsh", "british",
                                "spanish", "french", "german", "italian", "portuguese", "polish",
                                "arabic", "chinese", "japanese", "korean", "turkish", "greek",
                                "dutch", "swedish", "danish", "finnish", "norwegian", "russian",
                                "hebrew", "african", "american", "canadian", "australian",
                                "indian", "mexican", "brazilian", "caribbean", "european",
                                "asian", "latin", "maori", "samoan", "haitian", "lebanese",
                                "catholic", "jewish", "muslim", "christian", "hindu", "buddhist",
                                "sikh", "quaker"})  # fmt: skip
# fmt: on


_CHIEFS = frozenset({"CEO", "CFO", "CTO", "COO", "CMO", "VP", "SVP", "EVP", "GM"})


def common_word(word: str) -> bool:
    """Whether a capitalised first word is a common word ("Senior", "Trainee") and not a name
    ("Portland", "Calgary", "FinOps", "ICU"): only those are written in lower case
    mid-sentence."""
    low = word.lower()
    if word.isupper() or any(ch.isupper() for ch in word[1:]):
        return False
    if not word[:1].isupper():
        return True
    low = low.split("-")[0]  # "High-school nurse" is as common as "high"
    if low in _PROPER_ADJECTIVES:  # "Gaelic tutor", "Scottish": capitals in English
        return False
    single = low[:-1] if low.endswith("s") and not low.endswith("ss") else low  # "Careers"
    if low in _COMMON_LEADS or single in _COMMON_LEADS or low in MASS_NOUNS:
        return True
    words = dictionary_words()
    if low in words or single in words:
        return True
    # Not in the dictionary: a name ("Calgary", "Eleanor", "Fraser") or a word it lists only
    # in its plain form ("Coordinating", "Credentialed"). Endings read as common words lowered
    # names ("a calgary realtor"); only an inflection is safe to lower.
    return low.endswith(("ing", "ed"))


def who_they_are(first: str, description: str, whole: str = "") -> str:
    """A person's catalog description as a sentence about them (see :func:`_who`); ``whole``
    is all of their entry's text, where a common first word may be written in lower case
    ("Dementia link worker at the carers' centre. Helps families after a dementia diagnosis")."""
    said = _who(first, description, whole)
    return said[:-1] if said.endswith("….") else said


def _who(first: str, description: str, whole: str = "") -> str:
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
    # A word the description itself writes in lower case later is a common one ("Mortgage
    # adviser ... with mortgage pre-approval").
    common = common_word(lead) or re.search(
        rf"\b{re.escape(low)}\b", f"{text[len(lead) :]} {whole[len(lead) :]}"
    )
    lowered = (low if common else lead) + text[len(lead) :]
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


_LETTERS = re.compile(r"[^\W\d_]+")


def thing_words(text: str, shortest: int = 3) -> set[str]:
    """The words of a text that name a thing, singular, at least ``shortest`` letters long:
    what makes two sentences about the same matter ("partners", "careers week"). Unlike
    :func:`meaning_words` it keeps words scikit-learn's stop list drops though notes name
    things by them ("interest", "system", "part", "fire", "bill")."""
    return {w for w in content_words(text) if w.isalpha() and len(w) >= shortest}


def meaning_words(text: str, shortest: int = 2) -> set[str]:
    """The words of a text that say what it is about ("cv", "onboarding", "critique"), at
    least ``shortest`` letters long: no stop words, no plural "s"."""
    stop = english_stop_words()
    found = (w for w in _LETTERS.findall(text.casefold()) if len(w) >= shortest and w not in stop)
    return {w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in found}


_WORD = re.compile(r"[a-z]+")


def word_starts(text: str) -> set[str]:
    """The first five letters of each longer word: "translate" and "translation" share
    "trans", "subtitling" and "Subtitle" share "subti"."""
    stop = english_stop_words()
    return {w[:5] for w in _WORD.findall(text.casefold()) if len(w) >= 4 and w not in stop}
