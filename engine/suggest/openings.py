"""How a draft opens: what the contact said, told back to them ("you mentioned you still
haven't found a tax person"), when the note's words allow it and the give answers it; else the
phrase heard, when it is a clean one; else nothing, and the give speaks alone. Also whom a third
party's need is for, as the contact would hear it ("your son").
"""

from __future__ import annotations

import re

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.descriptions import first_sentence
from giveback.engine.suggest.naming import meaning_words, with_article, word_starts
from giveback.engine.suggest.ranking import Candidate, RankSignal
from giveback.engine.suggest.reasons import as_written
from giveback.engine.suggest.wording import told_back


def opening_for(contact: str, cand: Candidate) -> str | None:
    """The draft's first words after the greeting ("you mentioned ..."), or ``None``: what
    the contact said (:func:`hook`), unless the give was found by the sentence before it or
    does not answer it."""
    item, sig = cand.item, cand.signal
    if _found_by_sentence_before(item, sig):
        return None
    opening = hook(contact, sig)
    return opening if opening is not None and _answered_by(cand, opening) else None


# Words a clean phrase does not start with: it is a fragment of a clause, not a topic.
# fmt: off
_NOT_A_TOPIC = frozenset({"to", "or", "and", "but", "of", "for", "with", "than", "because",
                          "which", "who", "that", "if", "when", "while", "so", "as", "at",
                          "in", "on", "by", "from", "about", "into", "see", "get", "be",
                          "she", "he", "they", "it", "her", "his", "their", "i", "my", "we"})
_ARTICLES = ("a", "an", "some", "another", "more")
# fmt: on


def _clean_topic(phrase: str) -> bool:
    """Whether a phrase can stand as the topic of a sentence: a few words, not a fragment."""
    words = phrase.lower().split()
    return 0 < len(words) <= 5 and words[0] not in _NOT_A_TOPIC and phrase[:1].isalnum()


def _topic_with_article(phrase: str, evidence: str) -> str:
    """The phrase as written, with the article the note put before it ("a SaaS lawyer"), or
    one it needs."""
    written = as_written(phrase, evidence)
    at = evidence.lower().find(phrase.lower())
    before = evidence[:at].split() if at > 0 else []
    if before and before[-1].lower() in _ARTICLES:
        return f"{before[-1].lower()} {written}"
    return with_article(written) if at < 0 or not before else written


# How a note says a need or an interest right before what it is: only then is "you're looking
# for <phrase>" what the note says ("power" of "no lasting power of attorney" is not).
_CUES = {
    "need": r"(?:looking|look|searching|hunting|asking|asked)\s+(?:for|about)|needs?|wants?|"
    r"after|in\s+the\s+market\s+for|short\s+of|could\s+use",
    "interest": r"loves?|into|enjoys?|likes?|fan\s+of|obsessed\s+with|passionate\s+about|"
    r"big\s+on|plays?|took\s+up|taken\s+up|getting\s+into",
}


def _said_as(sig: RankSignal) -> bool:
    """Whether the note says the phrase as a need or an interest ("looking for a lawyer")."""
    cue = _CUES.get(sig.kind)
    if cue is None:
        return False
    pattern = (
        rf"\b(?:{cue})\s+(?:(?:a|an|some|the|more|another|new)\s+)?{re.escape(sig.phrase)}"
        # ... and the thing itself is wanted: "wants the agency more visible" wants no agency.
        rf"(?=\s*(?:$|[,.;:!?()\-–—]|(?:for|to|who|that|which|in|on|at|with|from|by|and|or|but|"
        rf"so|before|after|because|since|when|if|near|about|of|asap|soon|now)\b))"
    )
    return re.search(pattern, sig.evidence, re.IGNORECASE) is not None


def _named_first(evidence: str) -> str | None:
    """A third party's clause that starts with their name ("Vasco wants an internship next
    summer"), cut at its first comma, as it was said; ``None`` when it does not."""
    text = evidence.strip().rstrip(".!;:")
    first = text.split()[0] if text.split() else ""
    if not first[:1].isupper() or first.lower() in _NOT_A_TOPIC or first.lower() == "you":
        return None
    if not re.sub(r"['’-]", "", first).isalpha():  # "Personal: her daughter ..." is a heading
        return None
    words = text.split(",")[0].split()
    if len(words) < 3 or len(words) > 16 or not words[1][:1].islower():
        return None
    return " ".join(words)


# A clause that leans on what was said before it ("you think this is actually a business",
# "you don't know where to start"): told back alone, it says nothing the give answers.
_LEANS_BACK = re.compile(
    r"\b(?:it|this|that)(?:['’]s)?\s+(?:is|was|has|will|would|could)\b|\b(?:it|this|that)\b[.!?]?$|"
    r"\bwhere to (?:start|begin)\b|\bany of (?:it|this|that)\b|"
    r"^(?:(?!\b(?:a|an)\s).)*\bone[.!?]?$",  # "how you value one", with no "a ..." it is
    re.IGNORECASE,
)


# Words that lean on the sentence before in the note ("you'd also like ...", "... too"), and
# "this" of their own words ("drowning in this course"): in a message they point at nothing.
_ALSO = re.compile(r"\s(?:also|as well)\b|\s(?:too|as well)$")
_THIS = re.compile(r"\b(this|these)\s+(?!year|week|month|morning|afternoon|evening|term|summer|"
                   r"winter|spring|autumn|fall|weekend|time|season|semester)(?=\w)")  # fmt: skip
# "you thinking of stepping down": a name's -ing, told back, needs its "are".
_BARE_ING = re.compile(r"^you (?!(?:bring|sing|ring|spring|sting|swing|cling|fling|wring)\b)"
                       r"(\w+ing)\b")  # fmt: skip
# "you make a pie and throws half away": a verb joined to "you"'s, turned too.
_JOINED_S = re.compile(r"\b(and|but) (\w+[^s\W])s (?=(?:a|an|the|it|them|half|his|her|their|"
                       r"most|all|some|away|out|up|off|back|everything|nothing)\b)")  # fmt: skip


# What a colon follows when the words after it are the point ("you have decided: back to work").
_ANNOUNCES = re.compile(
    r"\b(?:decided|said|asked|is|are|was|were|means?|thing|question|problem|plan|idea|issue|"
    r"reason|goal|catch|news|verdict|answer|worry|fear|hope|dream|choice)$"
)


def tidy_told(told: str) -> str:
    """A told-back clause as a message says it: brackets and quotes that close, no stop of
    its own ("a tax talk for January (quarterly estimates." -> "a tax talk for January"), no
    aside after a colon ("feature the fridge: what happens on a Thursday"), nothing that leans
    on the note's other sentences ("also", "too", "this course")."""
    while told.count("(") > told.count(")"):
        told = told[: told.rfind("(")].rstrip(" ,;:-–—")
    if told.count('"') % 2:
        told = told[: told.rfind('"')].rstrip(" ,;:-–—")
    told = re.sub(r"[.!?;,]+(?=[\"')]$)", "", told).rstrip(" .;,")
    before, colon, after = told.partition(": ")
    aside = len(after.split()) <= 6 or after.startswith(('"', "'"))  # a long list is the point
    if colon and aside and len(before.split()) >= 3 and not _ANNOUNCES.search(before):
        told = before
    told = _ALSO.sub("", told)
    told = re.sub(r"(?<=[a-z])\+\s", " and ", told)  # "sites+ volunteers" of the note's shorthand
    told = _THIS.sub(lambda m: "the " if m.group(1).lower() == "this" else "those ", told)
    told = _BARE_ING.sub(r"you're \1", told)
    if told.startswith("you "):
        told = _JOINED_S.sub(lambda m: f"{m.group(1)} {m.group(2)} ", told)
    return _ADMITS.sub("", told)


# "you mentioned you admit you need an editor": what they admitted is what they mentioned.
_ADMITS = re.compile(
    r"^you (?:admit|admitted|confess|confessed|concede|conceded) (?:that )?(?=you\b)"
)


# A call, a message or a question of theirs is told as it was, not as something they
# "mentioned" ("you mentioned you asked about a walnut island top").
_GOT_IN_TOUCH = re.compile(r"^you (?:rang|called|phoned|emailed|texted|messaged|wrote|asked)\b")


# Whose relative a third party is, as the note says it: "my" is the contact's own line of a
# transcript ("Emeka: My daughter Amaka is begging to play football").
_THEIRS = ("her ", "his ", "their ", "my ")


def hook(contact: str, sig: RankSignal) -> str | None:
    """What the contact said, told back to them ("you mentioned ..."), or ``None``."""
    if sig.relayed:  # someone else said it: "you mentioned" would not be true
        return None
    if sig.about in ("contact", "third_party"):
        told = told_back(sig.evidence, contact, sig.phrase)
        # A third party's need told as theirs ("and she needs to find a job there" as "you
        # need ...", "the clinic told her ..." as "told you") puts it on the wrong person:
        # only "your son ..." may stand.
        theirs = sig.about == "third_party" and not (told or "").startswith("your ")
        ours = told is not None and told.startswith("we ")  # "we talked about ...": the user's
        if told is not None and not _LEANS_BACK.search(told) and not theirs and not ours:
            told = tidy_told(told)
            return told if _GOT_IN_TOUCH.match(told) else f"you mentioned {told}"
    if sig.about == "third_party":
        named = _named_first(sig.evidence)
        if named is not None:
            return f"you mentioned {named}"
        if not sig.who or sig.who == "someone else":
            return None
    if not _clean_topic(sig.phrase) or not _said_as(sig):
        return None
    topic = _topic_with_article(sig.phrase, sig.evidence)
    who, be = "you", "you're"
    if sig.about == "third_party" and sig.who:
        who = sig.who
        for poss in _THEIRS:
            if who.startswith(poss):
                who = "your " + who[len(poss) :]
        be = f"{who} is"
    if sig.kind == "need" and sig.status == "hedged":  # "one day ... might want"
        might = "you might be" if be == "you're" else be.replace(" is", " might be")
        return f"you mentioned {might} looking for {topic}"
    if sig.kind == "need":
        return f"you mentioned {be} looking for {topic}"
    if sig.kind == "interest":
        return f"you mentioned {be} into {as_written(sig.phrase, sig.evidence)}"
    return None


def their_name(sig: RankSignal) -> str | None:
    """Whom a third party's need is for, as the contact would hear it ("your son", "Kate");
    ``None`` when it is the contact's own, relayed by someone else."""
    if sig.about != "third_party" or sig.relayed:
        return None
    who = (sig.who or "").strip()
    for poss in _THEIRS:
        if who.startswith(poss):
            return "your " + who[len(poss) :]
    if who[:1].isupper():
        return who
    first = sig.evidence.strip().split()[0] if sig.evidence.strip() else ""
    if first[:1].isupper() and first.isalpha() and first.lower() not in _NOT_A_TOPIC:
        return first
    return None


def _found_by_sentence_before(item: RankItem, sig: RankSignal) -> bool:
    """Whether the give was found by the sentence before the signal's, not by its own: what
    names the give is said there and not in the signal's sentence ("her lead asked her to run
    the team's weekly critique" / "wants to meet more designers" for an article on running a
    critique). Telling back the signal's sentence would then answer nothing the give is for."""
    if not sig.before:
        return False

    def said(text: str) -> set[str]:  # two letters name too little here ("uk", "go")
        return meaning_words(text, shortest=3)

    named = said(f"{item.title} {first_sentence(item.text)}")
    return not named & said(sig.evidence) and bool(named & said(sig.before))


# What every opening says ("you mentioned you're looking for ..."): no word of the give's.
_TOLD_WORDS = word_starts("you mentioned you're looking wanting needing trying thinking hoping")


# A give the search puts this close to the signal answers it, in whatever words ("wants to give
# a talk", "a speaker slot"). Below it, the reviewed drafts whose opening led nowhere sat
# (rounds 10-15: similarities 0.33 to 0.51).
_CLOSE_ENOUGH = 0.55


def _answered_by(cand: Candidate, opening: str) -> bool:
    """Whether the give speaks to what the opening tells back: the search found them close,
    or an article's or an offer's title or description has a word of the opening's (its first
    five letters). One that does not reads as a non sequitur ("you've started a walking group
    for Parkinson's ... I could offer you a holiday robotics workshop"); an introduction may
    answer in other words (a curriculum, a programme coordinator)."""
    item = cand.item
    if item.type == "contact" or cand.similarity >= _CLOSE_ENOUGH:
        return True
    return bool((word_starts(opening) - _TOLD_WORDS) & word_starts(f"{item.title} {item.text}"))
