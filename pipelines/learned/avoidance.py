"""What a caution must say: that something is to be avoided, refused, kept back or limited.

A caution is a constraint ("don't send her anything about wine", "no more podcast links",
"she's vegan", "keep it between us", "so evening invites are out"), and constraints are said
with a word that holds something back: a negation, a refusal, an aversion, a diet, a secret or
a limit. The signal model also hears cautions in clauses that say none of these ("He also wants
to sell his honey properly", "His dog Biscuit has started ignoring him"), and a false caution
costs a give: the ranker drops what is close to it. Of the corpus's 608 labeled cautions (train
and dev), 581 have one of these words in their evidence; so a clause without one is no caution,
unless it is a refusal the rules hear exactly (``refusals.py``: "If I see one more literacy-app
pitch").
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
    r"prefers?|banned|off-limits|taboo"
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


# Advice the user or someone else gives ("I told him NOT to drill without a survey", "Tell him
# not to pay anyone yet", "Told her not to worry") limits what the contact does, not what the
# user sends; none of the corpus's labeled cautions is said so. Telling someone not to give or
# raise something passes a caution on, and stays one.
_ADVICE = re.compile(
    r"\b(?:tell|told|telling|advis\w*|warn\w*|urg\w*)\s+(?:him|her|them|(?-i:[A-Z][\w'’-]+))\s+"
    # ... but a caution passed on ("Told Maria not to buy her anything with nuts") still is one
    r"(?:not|never)\s+to\s+(?!(?:send|buy|get|give|gift|mention|bring|lend|tell|invite|talk|offer|"
    r"forward|share|raise|discuss|ask)\b)",
    re.IGNORECASE,
)

# Words that hold nothing back where they stand: not knowing how, not managing to ("doesn't know
# what to cook", "can't get the hang of it", "can't hold the fine brush": a struggle, which is a
# need), a please that asks for a message to be passed on or says yes ("Please tell Paula I'm so
# sorry", "Aye, please"), and a first time ("she's never had homemade"). Read together, these
# patterns take none of the corpus's 608 labeled cautions (train and dev).
_NOT_HOLDING = re.compile(
    r"\b(?:doesn['’]?t|don['’]?t|didn['’]?t|does not|do not) know "
    r"(?:what|where|how|whether|if|who|which|when)\b"
    r"|\bno idea (?:what|where|how|whether|if|who|which|when)\b"
    # (not "can't do dairy", "can't use anything scented": a diet or a limit)
    r"|\b(?:can['’]?t|cannot|couldn['’]?t) (?:work|tell|hold|get the hang|figure|find|"
    r"decide|sleep|wait)\b"
    r"|\b(?:please|pls),? (?:tell|say|pass on|thank)\b"
    r"|\b(?:aye|yes|yeah|ok|okay),? (?:please|pls)\b"
    # what is sought, described: "if we can find somewhere he won't hate", "a second opinion
    # from someone who isn't selling a robot" (each a need's condition in the corpus; "won't go
    # anywhere that won't take Bodie" still holds back by its first "won't", and "the younger
    # one doesn't eat meat", "he's someone who doesn't like surprises" seek nothing)
    r"|\b(?:find|finding|found|want|wants|wanted|need|needs|needed|looking for|after|from)\s+"
    r"(?:somewhere|someone|somebody|something|anywhere|anyone)\s+"
    r"(?:(?:that|who|where|which)\s+)?(?:(?:he|she|they|we|i|it|you)\s+)?"
    r"(?:won['’]?t|doesn['’]?t|don['’]?t|isn['’]?t|wouldn['’]?t)\b(?:\s+(?:be\s+)?\w+)?"
    # (not "never been big on gifts", "never had a drink in his life")
    r"|\b(?:has|have|had|['’]s|['’]ve)\s+never\s+(?:had(?! (?:a )?(?:drink|drop|alcohol|meat|"
    r"cigarette))|played|done|tried|used|written|seen|owned|learned|learnt)\b",
    re.IGNORECASE,
)


def holds_back(clause: str) -> bool:
    """Whether a clause says something is to be avoided, refused, kept back or limited."""
    if _ADVICE.search(clause):
        return False
    return _HOLDS_BACK.search(_NOT_HOLDING.sub(" ", _LACK.sub(" ", clause))) is not None


# A plea to stop sending ("She asked me to stop sending her dyslexia articles", "asked me not to
# forward any more") is a caution, and promises nothing: none of the corpus's labeled promises
# (train and dev) is said so.
_STOPS_SENDING = re.compile(
    r"\b(?:stop|quit)\s+(?:sending|forwarding|pushing)|\bnot\s+to\s+(?:send|forward|push)\b",
    re.IGNORECASE,
)


def stops_sending(clause: str) -> bool:
    """Whether a clause asks that something no longer be sent ("stop sending her articles")."""
    return _STOPS_SENDING.search(clause) is not None
