"""English for drafts: what the contact said, told back to them; who a person is; an offer.

Drafts are written from what the note says, not by pasting a phrase into a template. The note
says "She still hasn't found a tax person"; the draft says "you mentioned you still haven't
found a tax person". A clause that cannot be told back cleanly (a fragment, someone else's
words) is not used: the draft then leans on the give itself, which is always good English.
Pure string work, no models: a draft is written for every suggestion shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

# Words, numbers with what is written onto them ("$2.5M", "15k", "1,200"), and punctuation.
_WORD = re.compile(r"[$£€]?\d[\w,.%]*[\w%]|[$£€]?\d|[\w'’-]+|[^\w\s]")
# A subject pronoun's verb, in the third person and in the second.
# fmt: off
_VERB_TO_YOU = {
    "is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
    "hasn't": "haven't", "isn't": "aren't", "wasn't": "weren't", "says": "say", "goes": "go",
    "am": "are",  # the contact's own "I am looking for ..."
}
_ADVERBS = frozenset({"still", "also", "really", "just", "finally", "never", "already", "now",
                      "always", "actually", "definitely", "probably", "desperately", "only",
                      "even", "increasingly", "badly", "seriously", "too"})
_LEADS = re.compile(
    r"^(?:(?:and|but|so|also|plus|oh|btw|anyway|meanwhile|apparently|honestly)[,]?\s+)*"
    r"(?:(?:she|he|they)\s+)?(?:mentioned|said|says|told\s+me|asked|admitted|added|noted)"
    r"(?:\s+that)?\s+",
    re.IGNORECASE,
)
# Words that join a sentence to the one before and say nothing of its own ("Meanwhile she ...").
_CONJUNCTION = re.compile(
    r"^(?:and|but|so|also|plus|oh|btw|anyway|meanwhile|apparently|honestly)[,]?\s+",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"^(?:\w+ed|been|got|gotten|done|gone|seen|made|had|found|taken|"
                         r"given|known|run|begun|won|lost|left|heard|built|bought|sent|told)$")
# Verbs a subject-less note line starts with ("Loves trail running", "wants to know ...").
COMMON_VERBS = frozenset({"loves", "likes", "wants", "needs", "plays", "runs", "hopes",
                           "enjoys", "reads", "works", "lives", "has", "is", "says", "thinks",
                           "feels", "hates", "keeps", "seems", "looks", "goes", "does",
                           "misses", "coaches", "teaches", "rides", "writes", "paints",
                           "collects", "volunteers", "struggles", "worries", "dreams",
                           "plans", "adores", "follows", "cooks", "bakes", "swims", "climbs",
                           "studies", "asks", "wonders", "prefers", "knows", "travels",
                           "cycles", "hikes", "sings", "dances", "draws", "sails", "surfs",
                           "skis", "fishes", "gardens", "mentors", "tutors"})
_CONJOINED = frozenset({*_VERB_TO_YOU, *COMMON_VERBS, "sketches", "carries", "paints",
                        "draws", "runs", "wants", "needs", "hopes", "thinks"})
_PAST_VERBS = frozenset({"did", "had", "was", "got", "went", "started", "joined", "moved",
                         "finished", "quit", "left", "took", "bought", "sold", "signed",
                         "landed", "lost", "won", "passed", "failed", "switched", "decided",
                         "booked", "launched", "raised", "grew", "spent", "taught", "wrote",
                         "fought", "flew", "became", "began", "sang", "rode", "swam"})
# Words in -ed that are no past tense of the contact's ("fed up", "need", "red").
_NOT_PAST = frozenset({"fed", "need", "red", "bed", "shed", "seed", "speed", "feed", "bred",
                       "wed", "weed", "tired", "scared", "bored", "worried", "stressed"})
# Participles that say how someone is ("she's scared"), and words after one that say so too.
_STATES = frozenset({"scared", "excited", "tired", "interested", "married", "worried",
                     "engaged", "bored", "stressed", "exhausted", "thrilled", "delighted",
                     "pleased", "frustrated", "overwhelmed", "based", "settled", "involved",
                     "retired", "qualified", "located", "obsessed", "hooked",
                     "convinced", "determined", "committed", "done", "gone", "fed",
                     "swamped", "slammed", "snowed", "inundated", "overloaded", "overworked",
                     "stuck", "gutted", "chuffed", "knackered", "shattered", "drained",
                     "relieved", "disappointed", "annoyed", "upset", "amazed", "surprised",
                     "impressed", "embarrassed", "confused", "terrified", "devastated",
                     "heartbroken"})
_AFTER_STATE = frozenset({"of", "about", "with", "by", "to", "that", "in", "at", "for", "from",
                          "up", "", ",", ".", "!", "?", ";", ":"})
# Words a clause must not start with to be told back: it is not a whole statement then.
_FRAGMENT_START = frozenset({"or", "to", "of", "for", "with", "than", "because", "which",
                             "who", "that", "if", "when", "while", "although"})
# fmt: on
_FIRST_PERSON = frozenset({"i", "i'd", "i'll", "i'm", "i've", "me", "my", "mine"})
# A name then one of these, and no verb, says where or with whom they were.
_WHERE_THEY_WERE = frozenset({"at", "in", "on", "with", "from", "by", "after", "before"})
_DONE_TO_THEM = frozenset({"asked", "told", "emailed", "texted", "called", "rang", "messaged",
                           "reminded", "sent", "gave", "offered", "promised", "invited",
                           "thanked", "pinged", "showed"})  # fmt: skip
# What the user did or said to them, told in the first person ("I said she can stay").
_USER_SAID = _DONE_TO_THEM | {"said", "suggested"}
_PRONOUNS = {
    "she": ("she", "her", "hers", "herself"),
    "he": ("he", "him", "his", "himself"),
    "they": ("they", "them", "their", "themselves"),
    "i": ("i", "me", "my", "myself"),
}
# Whose: the contact's own things ("her unit") make a clause about them.
_POSSESSIVE = {"she": "her", "he": "his", "they": "their"}
_TO_YOU = {
    "she": "you",
    "he": "you",
    "they": "you",
    "i": "you",
    "her": "your",
    "his": "your",
    "their": "your",
    "my": "your",
    "him": "you",
    "them": "you",
    "me": "you",
    "hers": "yours",
    "mine": "yours",
    "herself": "yourself",
    "himself": "yourself",
    "themselves": "yourself",
    "myself": "yourself",
}
MAX_TOLD_WORDS = 22


def _subjectless_verb(words: list[str]) -> bool:
    """Whether a clause starts with its verb, its subject (the contact) left out: a common
    verb ("Loves trail running", "wants to know ..."), or a past tense ("joined a league")."""
    low = words[0].lower()
    if low in COMMON_VERBS or low in _PAST_VERBS:
        return True
    return (
        words[0][:1].islower()
        and words[0].isalpha()
        and low.endswith("ed")
        and low not in _NOT_PAST
        and (len(words) < 2 or words[1] not in (":", ","))
    )


def _contracted(word: str) -> tuple[str, str]:
    """``("she", "'s")`` of "she's"; ``(word, "")`` when it is no contraction."""
    low = word.lower().replace("’", "'")
    for ending in ("'s", "'d", "'ll", "'re", "'ve", "'m"):
        if low.endswith(ending) and len(low) > len(ending):
            return low[: -len(ending)], ending
    return low, ""


def _base(verb: str) -> str:
    """The second-person form of a third-person verb ("needs" -> "need")."""
    low = verb.lower()
    if low in _VERB_TO_YOU:
        return _VERB_TO_YOU[low]
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "zes")):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss") and len(low) > 2:
        return low[:-1]
    return low


# Someone named only by a pronoun ("you sold his place", "lend her the tent"): said alone,
# the message does not say who.
THIRD_PERSON = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.IGNORECASE)


# An aside in brackets is the note's, not words to send: "her son Kagiso (8)", "I'll think
# about it (wedding, thesis... honestly no time)".
# Not a list's next item ("the deck (and the model)"), nor brackets inside a word ("(CS)50").
_ASIDE = re.compile(r"(?:^|\s+)\((?!\s*(?:and|or|plus|with)\b)[^()]{0,80}\)(?!\w)")


def without_asides(text: str) -> str:
    """``text`` without its bracketed asides (a text that is all one aside keeps its words)."""
    inner = text.strip()
    if inner.startswith("(") and inner.find(")") == len(inner) - 1:
        inner = inner[1:-1]
    return _ASIDE.sub("", inner).strip()


def told_back(evidence: str, name: str, focus: str = "") -> str | None:
    """What the contact said, addressed to them ("She still hasn't found a tax person" ->
    "you still haven't found a tax person"), or ``None`` when it cannot be said cleanly.

    Only the part of the clause that speaks of ``focus`` (the signal's phrase) is told, up
    to a comma ("did the bird count, wants to learn birds by song" with focus "learn birds by
    song" -> "you want to learn birds by song"). Only the pronouns of the clause's own subject
    become "you" ("she said her husband hates his job" keeps "his"); a clause that names
    nobody the contact is, or is a fragment, or is long, is not told back.
    """
    text = without_asides(evidence).rstrip(".!;:,")
    heading, colon, after = text.partition(":")
    if colon and len(heading.split()) <= 5 and after.strip():
        # "New hobby: she carries a little watercolor kit": the heading is not what was said.
        told = _told(_part(after.strip(), focus), name, evidence)
        if told is not None:
            return told
    return _told(_part(text, focus), name, evidence)


def _part(text: str, focus: str) -> str:
    """The comma-separated part of a clause that holds most of the focus's words (the first
    part when none does), a quote never split."""
    parts, depth, start = [], False, 0
    for n, ch in enumerate(text):
        depth ^= ch == '"'
        if ch in ",;" and not depth:
            parts.append(text[start:n])
            start = n + 1
    parts.append(text[start:])
    wanted = {w.lower() for w in _WORD.findall(focus) if w[:1].isalnum()}
    scores = [len(wanted & {w.lower() for w in _WORD.findall(p)}) for p in parts]
    best = scores.index(max(scores)) if wanted and max(scores) > 0 else 0
    # "her daughter Sofia, a senior at Southwest, is applying ...": the verb's subject is the
    # first part, the second only says who she is.
    said = _WORD.findall(parts[best])
    aside = _WORD.findall(parts[1]) if len(parts) > 2 else []
    aside_first = best == 2 and said and aside and aside[0].lower() in _ASIDE_STARTS
    if aside_first and (said[0].lower() in ("is", "was", "has", "had") or _subjectless_verb(said)):
        return f"{parts[0].strip()} {parts[best].strip()}"
    return parts[best].strip()


_ASIDE_STARTS = frozenset({"a", "an", "the", "now", "who", "whose", "still", "both", "once"})


_ENDS_BADLY = frozenset(
    {
        "who",
        "which",
        "that",
        "and",
        "or",
        "but",
        "in",
        "of",
        "to",
        "for",
        "with",
        "the",
        "a",
        "an",
        "your",
        "his",
        "her",
        "their",
        "my",
        "as",
    }
)


def _shortened(words: list[str]) -> list[str] | None:
    """A clause as it can be told, or ``None`` when it is a fragment or too long."""
    if len(words) < 3 or len(words) > MAX_TOLD_WORDS or words[-1].lower() in _ENDS_BADLY:
        return None
    return words


def _named_as(rest: Sequence[str]) -> str:
    """The pronoun a clause uses again for the person it names first, or leaves unsaid:
    "(Duncan) wants to learn the basics so he can sit in" -> "he", so that his "he" is told as
    "you" too. Only a "he" that opens a clause of the same sentence counts ("Ana thinks he
    should apply" speaks of someone else)."""
    said = [_contracted(w)[0] for w in rest]
    again = any(a in _SAME_SUBJECT and b == "he" for a, b in pairwise(said))
    return "he" if again and not set(said) & set(_PRONOUNS["she"]) else "she"


def _lone_he(words: Sequence[str]) -> str | None:
    """ "he" when a clause with no subject of its own says "he" and nothing of a "she": "needs
    an interpreter he trusts" speaks of whoever needs."""
    said = [_contracted(w)[0] for w in words]
    if set(said) & set(_PRONOUNS["she"]):
        return None
    # After a word that opens a clause of its own ("thinks he should apply"), "he" is another.
    after_noun = any(b == "he" and a not in _OPENS_CLAUSE for a, b in pairwise(said))
    return "he" if after_noun else None


# Words after which a "he" goes on about the one the clause named: "so he can", "and he".
_SAME_SUBJECT = frozenset({"so", "and", "but", "because", "until", "before", "after", "once"})
# Words after which a "he" opens a clause of its own: the joining words above, and words of
# saying or thinking ("thinks he should apply").
_OPENS_CLAUSE = _SAME_SUBJECT | frozenset({
    "think", "thinks", "thought", "say", "says", "said", "hope", "hopes", "hoped", "feel",
    "feels", "felt", "know", "knows", "knew", "believe", "believes", "reckon", "reckons",
    "wonder", "wonders", "guess", "worried", "worries", "sure", "if", "whether", "that",
    "told", "asked", "tell", "ask", "when", "while", "unless", "though", "although",
})  # fmt: skip


def _told(text: str, name: str, evidence: str) -> str | None:
    text = _CONJUNCTION.sub("", text)
    first = name.split()[0].lower() if name.strip() else ""
    # "asked Sunil to swap ...", "told her about ...": what the user did to them, not theirs.
    lead = text.lower().split()[:2]
    if len(lead) == 2 and lead[0] in _DONE_TO_THEM and lead[1] in (first, "him", "her", "them"):
        return None
    # "I said she and Linnea can have the spare room": the user's own word to them, not theirs.
    if len(lead) == 2 and lead[0] == "i" and lead[1] in _USER_SAID:
        return None
    text = _LEADS.sub("", text)
    found = _shortened(_WORD.findall(text))
    if not found or found[0].lower() in _FRAGMENT_START:
        return None
    words = found
    if _contracted(words[0])[0] == "you":  # a transcript's own words to the user's ear
        if _FIRST_PERSON & {w.lower() for w in words}:
            return None  # "you asked me to keep a list": the user's words, not theirs
        return _finish(_join(words), evidence)
    head, ending = _contracted(words[0])
    named = head == first and len(words) > 1 and (words[1][:1].islower() or ending == "'s")
    if named and not ending and words[1].lower() in _WHERE_THEY_WERE:
        return None  # "Tam at the plots, 19 Sept": a heading, not something said
    subject = head if head in _PRONOUNS else (_named_as(words[1:]) if named else None)
    if head not in ("i",) and _FIRST_PERSON & {w.lower() for w in words}:
        return None  # the user speaking too ("he asked when I'm coming in"): not theirs alone
    if subject is None and _subjectless_verb(words):
        # No subject: "wants to know if the DNA kits are worth it" -> "you want to know ...";
        # the clause's own possessive says whose ("wants to ride his first 100-miler").
        words = ["you", _base(words[0]), *words[1:]]
        subject = next(
            (p for p, mine in _POSSESSIVE.items() if any(w.lower() == mine for w in words)),
            _lone_he(words) or _named_as(words),
        )
        start = 2
    elif subject is None:
        # Another subject: it is told back only if it speaks of the contact ("Her unit").
        start = 0
        subject = next(
            (p for p, mine in _POSSESSIVE.items() if any(w.lower() == mine for w in words)),
            None,
        )
        if subject is None or subject == "i" or _FIRST_PERSON & {w.lower() for w in words}:
            return None  # nobody to address, or the user speaking too ("Olu asked if I'd")
    else:
        said_as = "she" if head == first else head  # "Maria wants ..." -> "you want ..."
        words = [_you(words[0], said_as, ending, words[1:]), *words[1:]]
        if head == first and ending == "'s" and not _says_how(words[1:]):
            words[0] = "your"  # "Eleanor's dad Ken had a stroke" -> "your dad Ken ..."
        start = 1
        if not ending:
            start = _second_person_verb(words, 1)
    forms = _PRONOUNS[subject]
    out = words[:start]
    for n in range(start, len(words)):
        word = words[n]
        low, ending = _contracted(word)
        if low in forms:
            you = _TO_YOU[low]
            if low == "her":  # "told her" (you) or "her unit" (your)
                nxt = words[n + 1].lower() if n + 1 < len(words) else ""
                you = "you" if not nxt or not nxt[:1].isalpha() or nxt in _AFTER_OBJECT else "your"
            if low in ("she", "he", "they", "i") and not ending and n + 1 < len(words):
                out.append(you)
                words[n + 1] = _base(words[n + 1]) if words[n + 1].islower() else words[n + 1]
                continue
            out.append(_you(word, low, ending, words[n + 1 :]) if ending else you)
        elif low == "am" and out and out[-1] == "you":
            out.append("are")
        elif (
            n
            and words[n - 1].lower() in ("and", "but", "or", ",")
            and low in _CONJOINED
            and re.match(r"you\b(?!r)", out[0] if out else "", re.I)
            # "a bookkeeper who does small nonprofits and doesn't charge": the bookkeeper's
            and not any(w.lower() in ("who", "which", "whose") for w in words[start:n])
        ):
            out.append(_base(word))  # "wants a first engineer but doesn't know how"
        else:
            out.append(word)
    return _finish(_join(out), evidence)


def _finish(told: str, evidence: str) -> str | None:
    """A told-back clause, tidied; ``None`` when it does not speak of the contact."""
    if not re.search(r"\byou(?:r|rs|rself)?\b", told):
        return None
    told = re.sub(r"^you are\b", "you're", told)
    if told.count('"') % 2:  # a quote the clause cut in half
        told = told.replace('"', "").replace("  ", " ").strip()
    # "..., mentioned it at the end": how the note came to say it is not what was said.
    told = re.sub(r",\s*(?:mentioned|said|told me|asked)\b.*$", "", told)
    lead = told.split()[0]
    # "Receivables are killing you" is told back as "receivables ...", a name keeps its capital.
    if not lead.isupper() and not re.search(rf"\s{re.escape(lead)}\b", evidence):
        told = told[:1].lower() + told[1:]
    return told


# After "her" these words start a phrase of their own: there "her" is the object ("send her
# the ..."), elsewhere it is the possessive ("proofread her CV").
# fmt: off
_AFTER_OBJECT = frozenset({
    "to", "for", "with", "about", "a", "an", "the", "this", "that", "these", "those", "some",
    "my", "our", "and", "once", "when", "at", "on", "in", "if", "by", "as", "after", "before",
    "first", "next", "soon", "up", "out", "back", "over", "down", "off", "know", "again",
    "through", "into", "onto", "from", "like", "around", "because", "so", "but", "now", "later",
    "yet", "every", "too", "is", "was", "has", "had", "will", "would", "can", "could",
    "something", "anything", "nothing", "everything", "someone", "anyone", "one", "all",
    "both", "more", "just", "what", "how", "why", "where", "which", "who",
})
# fmt: on


def _you(word: str, low: str, ending: str, rest: list[str]) -> str:
    """A subject pronoun (with its contraction) in the second person: "she's" -> "you're"
    or "you've" by what follows."""
    if low not in ("she", "he", "they", "i"):
        return word
    if ending == "'s":
        after = [w.lower() for w in rest if w.lower() not in _ADVERBS]
        nxt = after[0] if after else ""
        then = after[1] if len(after) > 1 else ""
        # "she's hired two" has; "she's scared of the fees" is.
        has = _PARTICIPLE.match(nxt) and (nxt not in _STATES or then not in _AFTER_STATE)
        return "you've" if has else "you're"
    if ending == "'m":
        return "you're"
    return "you" + ending


def _says_how(rest: list[str]) -> bool:
    """Whether what follows "Name's" says how they are or what they did ("Eleanor's moving",
    "Eleanor's hired two") rather than naming something of theirs ("Eleanor's dad")."""
    nxt = next((w.lower() for w in rest if w.lower() not in _ADVERBS), "")
    return (
        nxt.endswith("ing")
        or nxt in _STATES
        or bool(_PARTICIPLE.match(nxt))
        or nxt
        in (
            "been",
            "not",
            "a",
            "an",
            "the",
            "back",
            "off",
            "on",
            "in",
            "out",
            "up",
            "about",
        )
    )


def _second_person_verb(words: list[str], at: int) -> int:
    """Make the verb after a subject "you" second person (past adverbs); where to go on."""
    n = at
    while n < len(words) and words[n].lower() in _ADVERBS:
        n += 1
    if n < len(words) and words[n][:1].islower():
        words[n] = _base(words[n])
        return n + 1
    return at


def _join(words: list[str]) -> str:
    """Tokens back into text: a space before a word, none before punctuation, quotes
    opened and closed in turn."""
    text = ""
    open_quotes: set[str] = set()
    for word in words:
        if word in ('"', "'"):
            opening = word not in open_quotes
            open_quotes ^= {word}
            text += (" " if text and opening else "") + word
            continue
        glued = text[-1:] in ("(", "“", "‘") or (text[-1:] in open_quotes)
        if text and not glued and (word[:1].isalnum() or word[:1] in "(“‘$£€'"):
            text += " "
        text += word
    return text


def to_second_person(text: str, names: set[str]) -> str:
    """A phrase about the contact (``names``: theirs, folded), addressed to them ("lend him
    my book" -> "lend you my book", "proofread her CV" -> "proofread your CV")."""
    words = text.split()
    out = []
    # After another person's name, "he" or "his" may be theirs: left as it is ("ask Tom if he
    # does charity rates").
    someone_else = False
    for n, word in enumerate(words):
        bare = word.rstrip(".,;:!?")
        tail = word[len(bare) :]
        low = bare.casefold()
        after = words[n + 1].casefold().strip(".,;:!?") if n + 1 < len(words) else ""
        if n and bare[:1].isupper() and low not in names and low != "i":
            someone_else = True
        if someone_else and low in ("him", "his", "her", "them", "their", "he", "she"):
            pass
        elif low in ("he", "she") and n:  # "for when he qualifies" -> "when you qualify"
            bare = "you"
            if n + 1 < len(words) and words[n + 1].islower():
                words[n + 1] = (
                    _base(words[n + 1].rstrip(".,;:!?"))
                    + words[n + 1][len(words[n + 1].rstrip(".,;:!?")) :]
                )
        elif low == "him" or low in names:  # "them" is most often things: "dig them out"
            bare = "you"
        elif low == "his" or low in {f"{x}'s" for x in names}:
            bare = "your"
        elif low == "her":
            bare = "you" if tail or not after or after in _AFTER_OBJECT else "your"
        out.append(bare + tail)
    return " ".join(out)
