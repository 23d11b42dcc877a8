"""Refusals the rules hear exactly: "no more 'expat in Lisbon' listicles", "she's done with
self-help books", "spare him the productivity hacks", "intros only, never articles".

The learned listener hears most cautions, but it can miss one said as a plea in a bullet, or
name it by the wrong words ("backlog of 200" for "No more podcasts please, he has a backlog of
200"). What is refused names the gives to hold back, so where these patterns hold, the clause
is a caution and its phrase is the thing refused. They are kept narrow on purpose: a thing
that is sent or given must follow the cue ("no more investor meetings" is no refusal of gives).
"""

from __future__ import annotations

import re

# How sure a refusal heard by these rules is (the model's own cautions carry its probability).
REFUSAL_CONFIDENCE = 0.9

# Things one person sends or gives another.
_SENDABLE = (
    r"(?:articles?|listicles?|links?|books?|podcasts?|newsletters?|videos?|posts?|threads?|"
    r"reading(?: material)?|content|recommendations?|recs|gifts?|pieces?|courses?|apps?|"
    r"tips|hacks|lists?|guides?|explainers?|webinars?|events?|intros?|introductions?|"
    r"pitch(?:es)?|demos?)"
)
_WORD = r"[\w'’\"-]+"
# "please never send me", "don't forward her", "stop sending him"
_DONT_SEND = (
    r"\b(?:never|don['’]?t|do not|stop) (?:ever )?(?:send|forward|email|share|pass)(?:ing)? "
    r"(?:me|her|him|them|us) "
)
_REFUSAL = re.compile(
    rf"\bno more (?P<more>(?:{_WORD} ){{0,5}}?{_SENDABLE})\b"
    rf"|\b(?:done|finished|fed up|sick) with (?P<done>(?:{_WORD} ){{0,4}}?{_SENDABLE})\b"
    rf"|\bspare (?:him|her|them|me|us) (?:the |any |more |your )?(?P<spare>(?:{_WORD} ){{0,4}}?"
    rf"{_SENDABLE})\b"
    rf"|\bnever (?P<never>{_SENDABLE})\b"
    # "if one more person forwards her a self-care article she'll scream"
    rf"|\bone more (?:person |people |of you |friend )?(?:sends?|forwards?|emails?|shares?) "
    rf"(?:me|her|him|them|us) (?:a|an|another|the|more|any) "
    rf"(?P<onemore>(?:{_WORD} ){{0,3}}?{_SENDABLE})\b"
    # "If I see one more literacy-app pitch, I will walk into the lake."
    rf"|\b(?:see|get|read|receive|hear about) one more (?P<seen>(?:{_WORD} ){{0,3}}?{_SENDABLE})\b"
    # A topic banned outright: "Cycle Tour talk is banned", "the divorce is off-limits".
    rf"|(?:^|[.;:!?]\s*)(?:the )?(?P<banned>{_WORD}(?: {_WORD}){{0,2}}?)"
    rf"(?: (?:talk|chat|jokes|questions|subject|topic) (?:is|are) banned| (?:is|are) "
    rf"(?:off[ -]limits|taboo))\b"
    # "please never send me a bootcamp link", "don't forward her anything about wine"
    rf"|{_DONT_SEND}(?:a |an |any |another |the |more |your )?"
    rf"(?P<sendme>(?:{_WORD} ){{0,4}}{_SENDABLE})\b"
    rf"|{_DONT_SEND}(?:anything|stuff|things) (?:about|on|to do with) "
    rf"(?P<about>{_WORD}(?: {_WORD}){{0,2}}?)"
    rf"(?=\s*(?:[.,;:!?\")]|['’](?!\w)|$)|\s(?:again|anymore|ever|please|now|as)\b)"
    # "no bootcamp anything for Grace", "please no baby stuff yet"
    rf"|\bno (?!(?:other|new|big|more|real|such|bad|good|major|fun|of|the|a|time|money|energy|"
    rf"room|space|need|one|idea|clue|interest|patience|appetite|news)\b)"
    rf"(?P<anything>{_WORD}(?: {_WORD}){{0,2}}?)(?<!\bfor)(?<!\bin)(?<!\bwith)(?<!\bof)"
    rf" (?:anything|stuff|things|whatsoever)"
    rf"(?=\s+(?:for|yet|please|till|until|at all)\b|\s*[.,;:!?)]|\s*$)"
    # A topic not to be raised: "don't talk to me about investors", "don't mention the divorce".
    rf"|\b(?:don['’]?t|do not|never) (?:talk to (?:me|him|her|them|us) about|mention|bring up) "
    rf"(?:the |any |his |her |their )?(?!(?:it|this|that|me|him|her|them|anyone)\b)"
    rf"(?P<topic>{_WORD}(?: {_WORD}){{0,2}}?)"
    rf"(?=\s*(?:[.,;:!?'’\")]|$|\s(?:again|anymore|for|until|till|ever|please|now|with|to)\b))",
    re.IGNORECASE,
)


def refused(clause: str) -> str | None:
    """The gives a clause refuses ("'expat in Lisbon' listicles"), or ``None``."""
    found = _REFUSAL.search(clause)
    if found is None:
        return None
    thing = next(group for group in found.groups() if group)
    return " ".join(thing.replace('"', " ").replace("'", " ").replace("’", " ").split())
