"""What a caution rules out, read from its words: a kind of give as such ("hates being sent
articles", "no intros"), the things its sentence lists beside its phrase ("wine, the Tannat
tours or bodegas"), and the topics it forbids sending ("stop sending him Canada stuff"), which
rule out the gives tagged or titled with them.

The ranker also drops the gives close in meaning to a caution; these readings catch what the
embedding misses ("pregnancy" is far from an antenatal-class guide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from giveback.engine.suggest.naming import ING_NOUNS, thing_words

# Words by which a caution forbids a kind of give as such ("hates being sent articles").
# fmt: off
_TYPE_WORDS = {
    "article": frozenset({"article", "articles", "link", "links", "reading", "newsletter",
                          "newsletters", "post", "posts"}),
    "contact": frozenset({"intro", "intros", "introduction", "introductions"}),
}
_TYPE_NAMES: frozenset[str] = frozenset().union(*_TYPE_WORDS.values())
_CAUTION_FILLER = frozenset({"being", "sent", "send", "sending", "any", "more", "no",
                             "unsolicited", "random", "of", "me", "her", "him", "them",
                             "anything", "about", "and", "or", "&"})
# fmt: on


def banned_item_types(caution: str) -> set[str]:
    """The item types a caution forbids as such: all its words name that kind of give."""
    words = {w.strip(".,!?\"'") for w in caution.casefold().split()} - _CAUTION_FILLER
    return {t for t, names in _TYPE_WORDS.items() if words and words <= names}


# The things a caution's phrase is listed with: ", the Tannat tours or bodegas" after "wine".
_ITEM_WORD = (
    r"(?!(?:and|or|nor|not|no|none|never|even|but|so|because|on|in|at|for|to|with|from|of|about|"
    r"since|after|before|until|till|this|that|he|she|they|it|him|her|them|i|me|we|us|you)\b)"
    r"[\w'’-]+"
)
_LISTED_ITEM = re.compile(
    r"(?P<sep>\s*,\s*(?:and |or |nor )?|\s+(?:and|or|nor)\s+)"
    rf"(?:the |a |an |any |his |her |their )?{_ITEM_WORD}(?: {_ITEM_WORD}){{0,2}}",
    re.IGNORECASE,
)
_COORDINATOR = re.compile(r"\b(?:and|or|nor)\b", re.IGNORECASE)


def ruled_out(phrase: str, evidence: str) -> str:
    """What a caution rules out: its phrase with what its sentence lists beside it ("wine,
    the Tannat tours or bodegas" of "don't send him anything about wine, the Tannat tours or
    bodegas"), else the phrase alone. A list ends with the item after its "and" or "or"
    ("pensions or retirement planning, the accountant has me bored"), and no item is a
    person ("no more chicken stuff, I can't look at it")."""
    at = evidence.casefold().find(phrase.casefold())
    if at < 0 or not phrase:
        return phrase
    rest, end = evidence[at + len(phrase) :], 0
    while item := _LISTED_ITEM.match(rest, end):
        end = item.end()
        if _COORDINATOR.search(item.group("sep")):
            break
    return phrase + rest[:end]


# A caution that says not to send, suggest, forward or bring something ("stop sending him
# Canada stuff", "don't suggest counsellors", "no more podcast links", "nothing
# pregnancy-related", "Don't bring the saw!"; not "she has nothing: no logo, no website").
_FORBIDS = re.compile(
    r"\b(?:(?:don'?t|do not|never|not to|stop|quit)\s+(?:\w+\s+){0,2}?"
    r"(?:send|sending|forward|forwarding|suggest|suggesting|push|pushing|recommend|"
    r"recommending|share|sharing|bring(?!\s+up\b)|bringing(?!\s+up\b)|lend|lending|give|"
    r"giving)\b|no more\b|nothing\s+about\b|nothing\b[^.;:]{0,40}?-related\b|"
    # a topic not to be raised at all: "don't talk to me about investors", "never mention golf"
    r"(?:don'?t|do not|never)\s+"
    r"(?:talk\s+to\s+(?:me|him|her|them|us)\s+about|mention|bring\s+up)\b)",
    re.IGNORECASE,
)
# Words that name no topic of their own in such a caution ("Canada stuff", "burnout content").
# fmt: off
# (The words that name a kind of give, "articles", "intros", name no topic either.)
_NO_TOPIC = frozenset({"stuff", "thing", "content", "news", "piece", "anything", "something",
                       "related", "more", "time", "topic", "people", "person", "ever",
                       "please", "email", "material", "advice", "tip"}) | _TYPE_NAMES
# fmt: on
_CLAUSE_END = re.compile(r"[.;!?:]")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_MOST_BETWEEN = 60  # characters: "stop sending him anything at all about ..."
_MOST_AFTER = 80  # characters from the phrase to forbidding words said after it
_ALTERNATIVES = re.compile(r",|\b(?:or|and|nor)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic a caution forbids sending: its words, and the kinds of give it forbids (all
    kinds when none is said; "dyslexia articles" forbids articles, not a dyslexia tutor)."""

    words: frozenset[str]
    types: frozenset[str] = frozenset()


def topics_ruled_out(phrase: str, evidence: str) -> tuple[Topic, ...]:
    """The topics a caution that says not to send something names ("canada" of "stop
    sending him Canada stuff"; "wine", "tannat tour" and "bodega" of "don't send him
    anything about wine, the Tannat tours or bodegas"). A give whose title or tags say every
    word of one of them is ruled out, however far its text is from the caution's few words
    in meaning ("pregnancy" is far from an antenatal-class guide). Forbidding words said in
    the same sentence after what was tried name what they forbid ("tried a polar dip ... says
    never again: 'please, no more cold-water swimming stuff'"). None when the caution does
    not say so, or says it of nothing after the words that do."""
    at = evidence.casefold().find(phrase.casefold())
    cues = [cue for cue in _FORBIDS.finditer(evidence) if cue.start() <= at]
    if phrase and at >= 0 and not cues:
        # Said after what was tried: "She tried a polar dip at Black Rock and says never
        # again: 'please, no more cold-water swimming stuff'" forbids what follows its words.
        end = at + len(phrase)
        after = [cue for cue in _FORBIDS.finditer(evidence) if cue.start() >= end]
        # In the same sentence ("...says never again: 'please, no more ...'"), not the next.
        if (
            after
            and after[0].start() - end <= _MOST_AFTER
            and not _SENTENCE_END.search(evidence, end, after[0].start())
        ):
            return _topics(*_said_of(evidence[after[0].start() :]))
    # The forbidding words must be said of the phrase: in its clause, a few words before it.
    if not phrase or not cues or _CLAUSE_END.search(evidence, cues[-1].end(), at):
        return ()
    if at - cues[-1].end() > _MOST_BETWEEN:
        return ()
    # What the forbidding words are said of comes first: the phrase may name something
    # else of their clause ("don't be sending me anything about pensions or retirement
    # planning, the accountant has me bored" was heard as "accountant").
    return _topics(*_said_of(evidence[cues[-1].start() :])) or _topics(ruled_out(phrase, evidence))


# What follows the forbidding words before the thing itself: "me anything about", "her any".
_LEAD_IN = re.compile(
    r"^\s*(?:(?:me|him|her|them|us|you)\s+)?(?:(?:anything|any|more|stuff|things?)\s+)?"
    r"(?:(?:about|on|re|regarding|related\s+to|to\s+do\s+with)\s+)?(?:(?:the|any|his|her|their)\s+)?",
    re.IGNORECASE,
)
_THING = re.compile(rf"^{_ITEM_WORD}(?: {_ITEM_WORD}){{0,2}}", re.IGNORECASE)


# Something to read, said before what it is about: "don't send him anything to read about
# estates or wills" forbids articles and lent books on them, not an introduction to an estates
# lawyer.
_TO_READ = re.compile(
    r"^\s*(?:(?:me|him|her|them|us|you)\s+)?(?:anything|something|stuff|things?|more)\s+"
    r"to\s+read\b",
    re.IGNORECASE,
)


def _said_of(sentence: str) -> tuple[str, frozenset[str]]:
    """What the first forbidding words of ``sentence`` are said of, with what is listed beside
    it ("pensions or retirement planning"), and the kinds of give they forbid when they say
    (articles and offers, for "anything to read about"); empty when no thing follows them."""
    cue = _FORBIDS.search(sentence)
    if cue is None:
        return "", frozenset()
    rest = sentence[cue.end() :]
    reading = _TO_READ.match(rest)
    types = frozenset({"article", "offer"}) if reading else frozenset()
    rest = rest[reading.end() :] if reading else rest
    lead = _LEAD_IN.match(rest)
    rest = rest[lead.end() :] if lead else rest
    thing = _THING.match(rest)
    return (ruled_out(thing.group(0), rest), types) if thing else ("", frozenset())


def _topics(said: str, types: frozenset[str] = frozenset()) -> tuple[Topic, ...]:
    """The topics of what a caution rules out, one per thing listed, each of the kinds of give
    ``types`` names or its own words name ("dyslexia articles")."""
    topics = []
    for part in _ALTERNATIVES.split(said):
        words = frozenset(thing_words(part.replace("-", " ")))
        named = frozenset(t for t, names in _TYPE_WORDS.items() if words & names)
        if topic := words - _NO_TOPIC:
            topics.append(Topic(topic, types | named))
    return tuple(topics)


def names_topic(
    topic: Topic, item_type: str, title: str, tags: tuple[str, ...], text: str = ""
) -> bool:
    """Whether a give is of a kind a topic forbids and its title or tags say every word of
    the topic. A person's title is their name, so what they know, in their entry's ``text``,
    counts too: after "don't talk to me about investors", an adviser who "knows investors" is
    ruled out."""
    if topic.types and item_type not in topic.types:
        return False
    if topic.words <= thing_words(" ".join((title, *tags)).replace("-", " ")):
        return True
    # In an entry's prose a word in "-ing" is most often a verb: "no more running stuff"
    # says nothing of a skipper "running research charters" (but "wedding" is a thing).
    if item_type != "contact" or any(w.endswith("ing") and w not in ING_NOUNS for w in topic.words):
        return False
    return topic.words <= thing_words(" ".join((title, *tags, text)).replace("-", " "))
