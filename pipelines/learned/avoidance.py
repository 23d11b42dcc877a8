"""What a caution must say: that something is to be avoided, refused, kept back or limited.

A caution is a constraint ("don't send her anything about wine", "no more podcast links",
"she's vegan", "keep it between us", "so evening invites are out"), and constraints are said
with a word that holds something back: a negation, a refusal, an aversion, a diet, a secret or
a limit. The signal model also hears cautions in clauses that say none of these ("He also wants
to sell his honey properly", "His dog Biscuit has started ignoring him"), and a false caution
costs a give: the ranker drops what is close to it. Of the corpus's 608 labeled cautions (train
and dev), 576 have one of these words in their evidence; so a clause without one is no caution.
"""

from __future__ import annotations

import re

_HOLDS_BACK = re.compile(
    r"n't\b|\b(?:"
    # negation and refusal
    r"no|not|never|nobody|nothing|none|nor|zero|without|stop\w*|quit\w*|refus\w*|decline\w*|"
    r"don'?t|doesn'?t|didn'?t|won'?t|can'?t|cannot|isn'?t|aren'?t|wasn'?t|"
    r"skip\w*|spare|drop\w*|unsubscrib\w*|enough|instead|rather|only|off|out|gone|tough|"
    # aversion
    r"hates?|hated|dislik\w*|avoid\w*|done with|fed up|tired of|sick of|please|pls|careful|"
    r"sensitive|touchy|raw|scared|terrified|rough|"
    # diet, health and sobriety
    r"allerg\w*|sober|dry|vegan|vegetarian|kosher|halal|teetotal|gluten|celiac|intoleran\w*|"
    r"diet|low|strict|cutting|steer\w* clear|fast|fasts|fasting|gave up|give up|giving up|"
    # secrets, rules and limits
    r"quiet|secre\w*|silence|confidential|private|between us|rules?|sacred|remember\w*|watch|"
    r"prefers?"
    r")\b",
    re.IGNORECASE,
)


# A lack is a need, not a constraint: "we've no proper band website", "has no laptop"; nor is
# a wait ("no word from Dermot yet": none of the corpus's cautions says so). None
# of the corpus's labeled cautions holds back only by such a "no"; "she has no interest in
# galas" or "no time for" still does.
_LACK = re.compile(
    r"(?:\b(?:we|i|she|he|they|you)(?:['’]ve| have| has)|\bhas|\bhave|['’]ve|\bgot|"
    r"\bthere(?:['’]s| is| are))\s+(?:got\s+)?no\b"
    r"(?!\s+(?:interest|time|patience|desire|appetite|wish|intention|plans?|room|tolerance|use)\b)"
    # waiting, not refusing: "No word from Dermot to her yet", "no reply from the school"
    r"|\bno\s+(?:word|news|reply|replies|response|answer|luck|update|callback)\s+"
    r"(?:yet\s+)?(?:back\s+)?(?:from|yet)\b",
    re.IGNORECASE,
)


def holds_back(clause: str) -> bool:
    """Whether a clause says something is to be avoided, refused, kept back or limited."""
    return _HOLDS_BACK.search(_LACK.sub(" ", clause)) is not None
