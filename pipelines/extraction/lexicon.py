"""The words the listener listens for.

Triggers are lemma sequences. Each names the kind of signal it starts and how to find its
object. They are data, not code, so a user can extend them through the component config.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from giveback.core.domain import SignalKind, Status


@dataclass(frozen=True, slots=True)
class Trigger:
    """A lemma sequence that opens a signal.

    ``object`` tells where the phrase comes from: ``after`` (the words after the trigger),
    ``self`` (the trigger itself is the phrase, as in "baby"), or ``before`` (the words before,
    as in "sourdough nerd"). ``status`` forces a status, as "found a lawyer" does (resolved).
    """

    kind: SignalKind
    lemmas: tuple[str, ...]
    confidence: float = 0.7
    object: str = "after"
    status: Status | None = None
    label: str | None = None  # canonical event phrase, e.g. "move" -> "move to {obj}"


def _t(kind: SignalKind, words: str, confidence: float = 0.7, **kw: Any) -> Trigger:
    return Trigger(kind, tuple(words.split()), confidence, **kw)


N, INT, E = SignalKind.NEED, SignalKind.INTEREST, SignalKind.EVENT
R = Status.RESOLVED

# fmt: off
TRIGGERS: tuple[Trigger, ...] = (
    # needs
    _t(N, "look for", 0.85), _t(N, "search for", 0.8), _t(N, "hunt for", 0.8),
    _t(N, "on the hunt for", 0.85), _t(N, "in the market for", 0.85), _t(N, "shop for", 0.6),
    _t(N, "look to hire", 0.85), _t(N, "try to find", 0.8), _t(N, "trying to find", 0.8),
    _t(N, "need", 0.8), _t(N, "in need of", 0.8), _t(N, "want", 0.6), _t(N, "would love", 0.6),
    _t(N, "hire", 0.8), _t(N, "hiring", 0.8), _t(N, "recruit", 0.75), _t(N, "raise", 0.75),
    _t(N, "fundraise", 0.8), _t(N, "fundraising", 0.8),
    _t(N, "struggle with", 0.8), _t(N, "struggling with", 0.8), _t(N, "stressed about", 0.6),
    _t(N, "stress about", 0.6), _t(N, "stressed re", 0.6), _t(N, "look to", 0.7),
    _t(N, "ask if i could", 0.75), _t(N, "ask if i can", 0.75), _t(N, "ask if i would", 0.75),
    _t(N, "ask me to", 0.75),
    _t(N, "ask for", 0.75), _t(N, "ask about", 0.6), _t(N, "ask me for", 0.75),
    _t(N, "ask if i know", 0.8), _t(N, "advice on", 0.8), _t(N, "advice about", 0.8),
    _t(N, "advice re", 0.75), _t(N, "help with", 0.7), _t(N, "could use", 0.75),
    _t(N, "seek", 0.75), _t(N, "seeking", 0.75), _t(N, "short on", 0.6),
    _t(N, "intro to", 0.8), _t(N, "introduction to", 0.8), _t(N, "connect with", 0.55),
    _t(N, "recommendation for", 0.8), _t(N, "recommendation on", 0.8), _t(N, "rec for", 0.75),
    _t(N, "recs for", 0.75), _t(N, "lead on", 0.7), _t(N, "leads on", 0.7),
    _t(N, "know anyone", 0.75), _t(N, "know a good", 0.75), _t(N, "know any good", 0.75),
    _t(N, "pain point", 0.6), _t(N, "blocked on", 0.6),
    _t(N, "on the lookout for", 0.85), _t(N, "in search of", 0.85), _t(N, "scout for", 0.75),
    _t(N, "try to hire", 0.85), _t(N, "trying to hire", 0.85), _t(N, "desperate for", 0.85),
    _t(N, "cannot find", 0.75, status=Status.ACTIVE),
    _t(N, "trouble finding", 0.8), _t(N, "hard time finding", 0.8),
    _t(N, "having trouble with", 0.7), _t(N, "frustrated with", 0.6),
    _t(N, "overwhelmed by", 0.6), _t(N, "stuck on", 0.65), _t(N, "behind on", 0.55),
    _t(N, "feedback on", 0.75), _t(N, "input on", 0.7), _t(N, "pick my brain", 0.75),
    _t(N, "pick your brain", 0.75), _t(N, "hoping to find", 0.8), _t(N, "hope to find", 0.8),
    _t(N, "hoping for", 0.6), _t(N, "shopping around for", 0.75), _t(N, "interview for", 0.7),
    _t(N, "apply for", 0.7), _t(N, "apply to", 0.65), _t(N, "job hunting", 0.85,
                                                           object="self"),
    _t(N, "job hunt", 0.85, object="self"), _t(N, "job search", 0.85, object="self"),
    _t(N, "any recs", 0.8), _t(N, "suggestions for", 0.75), _t(N, "ideas for", 0.6),
    _t(N, "advice for", 0.75), _t(N, "tips on", 0.75), _t(N, "tips for", 0.7),
    _t(N, "guidance on", 0.75), _t(N, "would appreciate", 0.65),
    _t(N, "would welcome", 0.6), _t(N, "need to find", 0.85), _t(N, "has to find", 0.8),
    _t(N, "short-staffed on", 0.7), _t(N, "open to intros", 0.7), _t(N, "would like", 0.6),
    _t(N, "'d like", 0.55), _t(N, "biggest challenge", 0.7), _t(N, "biggest headache", 0.7),
    _t(N, "bottleneck", 0.6), _t(N, "break into", 0.75), _t(N, "bring on", 0.65),
    _t(N, "anxious about", 0.6),
    _t(N, "be short", 0.65), _t(N, "still without", 0.75, status=Status.ACTIVE),
    _t(N, "can not find", 0.75, status=Status.ACTIVE),
    _t(N, "could not find", 0.7, status=Status.ACTIVE),
    _t(N, "still on the hunt for", 0.85), _t(N, "hunting for", 0.8),
    *(_t(N, words, 0.7, object="clause", status=Status.ACTIVE) for words in (
        "no idea how", "no idea what", "no idea where", "not know how", "not know what",
        "not know where", "not sure how", "unsure how", "no clue how")),
    *(_t(N, words, 0.65, object="clause") for words in (
        "ask whether", "ask how", "ask what", "ask where", "ask which")),
    # a need that is met now
    _t(N, "find", 0.75, status=R), _t(N, "hired", 0.75, status=R), _t(N, "land", 0.75, status=R),
    _t(N, "close", 0.7, status=R), _t(N, "fill", 0.7, status=R), _t(N, "secure", 0.7, status=R),
    _t(N, "sign with", 0.7, status=R), _t(N, "sort out", 0.6, status=R),
    _t(N, "figure out", 0.55, status=R), _t(N, "settle on", 0.6, status=R),
    _t(N, "go with", 0.55, status=R), _t(N, "get", 0.6, status=R),
    # interests
    _t(INT, "be into", 0.85), _t(INT, "'s into", 0.85), _t(INT, "get into", 0.75),
    _t(INT, "big into", 0.85), _t(INT, "really into", 0.85), _t(INT, "love", 0.75),
    _t(INT, "passionate about", 0.85), _t(INT, "obsessed with", 0.85), _t(INT, "obsess with", 0.85),
    _t(INT, "big fan of", 0.85), _t(INT, "huge fan of", 0.85), _t(INT, "fan of", 0.75),
    _t(INT, "enjoy", 0.7), _t(INT, "train for", 0.85), _t(INT, "training for", 0.85),
    _t(INT, "interested in", 0.75), _t(INT, "fascinated by", 0.75), _t(INT, "nerd out", 0.75),
    _t(INT, "geek out", 0.75), _t(INT, "hobby", 0.75), _t(INT, "hobbies", 0.75),
    _t(INT, "play", 0.55), _t(INT, "read a lot about", 0.8), _t(INT, "reading about", 0.7),
    _t(INT, "learn", 0.5), _t(INT, "curious about", 0.7), _t(INT, "keen on", 0.7),
    _t(INT, "avid", 0.75), _t(INT, "collect", 0.6), _t(INT, "spend weekends", 0.7),
    _t(INT, "nerd", 0.7, object="before"), _t(INT, "junkie", 0.7, object="before"),
    _t(INT, "enthusiast", 0.7, object="before"), _t(INT, "buff", 0.7, object="before"),
    _t(INT, "fanatic", 0.7, object="before"), _t(INT, "hooked on", 0.8),
    _t(INT, "crazy about", 0.8),
    _t(INT, "listen to", 0.5), _t(INT, "volunteer", 0.55), _t(INT, "into", 0.75),
    _t(INT, "fan", 0.8, object="before"), _t(INT, "fans", 0.8, object="before"),
    _t(INT, "person", 0.7, object="before"), _t(INT, "guy", 0.7, object="before"),
    _t(INT, "lessons", 0.7, object="before"), _t(INT, "class", 0.6, object="before"),
    _t(INT, "classes", 0.6, object="before"), _t(INT, "club", 0.6, object="before"),
    _t(INT, "take up", 0.8), _t(INT, "pick up", 0.55), _t(INT, "switch to", 0.6),
    _t(INT, "get back into", 0.8), _t(INT, "obsessed w/", 0.85),
    _t(INT, "supporter", 0.75, object="before"), _t(INT, "nut", 0.7, object="before"),
    _t(INT, "kick", 0.7, object="before"), _t(INT, "new thing", 0.75),
    _t(INT, "big thing", 0.6), _t(INT, "break from", 0.7, status=Status.NEGATED),
    _t(INT, "drop", 0.6, object="hobby", status=Status.NEGATED),
    _t(INT, "quit", 0.6, object="hobby", status=Status.NEGATED), _t(INT, "adore", 0.75),
    _t(INT, "aficionado", 0.75,
                                                             object="before"),
    _t(INT, "devotee", 0.75, object="before"), _t(INT, "lover", 0.7, object="before"),
    _t(INT, "addict", 0.65, object="before"), _t(INT, "geek", 0.7, object="before"),
    _t(INT, "free time", 0.65), _t(INT, "spare time", 0.65), _t(INT, "on weekends", 0.5),
    _t(INT, "passion", 0.75), _t(INT, "passion for", 0.8), _t(INT, "follow closely", 0.6),
    _t(INT, "compete in", 0.75), _t(INT, "member of", 0.55), _t(INT, "big reader of", 0.8),
    _t(INT, "reads a lot of", 0.8), _t(INT, "can't stop talking about", 0.85),
    _t(INT, "runner", 0.7, object="self"), _t(INT, "cyclist", 0.7, object="self"),
    _t(INT, "climber", 0.7, object="self"), _t(INT, "golfer", 0.7, object="self"),
    _t(INT, "swimmer", 0.7, object="self"), _t(INT, "birder", 0.7, object="self"),
    _t(INT, "guitarist", 0.6, object="self"), _t(INT, "pianist", 0.6, object="self"),
    _t(INT, "gardener", 0.6, object="self"), _t(INT, "baker", 0.55, object="self"),
    _t(INT, "foodie", 0.7, object="self"), _t(INT, "reader", 0.5, object="self"),
    _t(INT, "give up on", 0.75, status=Status.NEGATED), _t(INT, "done with", 0.7,
                                                          status=Status.NEGATED),
    _t(INT, "stop", 0.6, object="hobby", status=Status.NEGATED),
    *(_t(INT, verb, 0.6, object="hobby") for verb in (
        "bake", "knit", "brew", "climb", "swim", "hike", "ski", "surf", "sail", "row", "fence",
        "cycle", "paint", "garden", "golf", "run", "do", "start", "try", "crew", "race",
        "cook")),
    _t(N, "look", 0.55, object="self"),
    # events
    _t(E, "move to", 0.85, label="move to {obj}"), _t(E, "moving to", 0.85, label="move to {obj}"),
    _t(E, "relocate to", 0.85, label="move to {obj}"), _t(E, "move", 0.6, label="move"),
    _t(E, "new job", 0.85, object="self", label="new job"),
    _t(E, "new role", 0.85, object="self", label="new job"),
    _t(E, "start at", 0.8, label="new job at {obj}"), _t(E, "join", 0.6, label="join {obj}"),
    _t(E, "graduate", 0.8, object="self", label="graduation"),
    _t(E, "graduation", 0.8, object="self", label="graduation"),
    _t(E, "baby", 0.75, object="self", label="baby"), _t(E, "pregnant", 0.8, object="self",
                                                        label="baby"),
    _t(E, "expect a baby", 0.85, object="self", label="baby"),
    _t(E, "wedding", 0.8, object="self", label="wedding"),
    _t(E, "get married", 0.85, object="self", label="wedding"),
    _t(E, "engaged", 0.7, object="self", label="engagement"),
    _t(E, "launch", 0.75, label="launch of {obj}"),
    _t(E, "promote", 0.8, object="self", label="promotion"),
    _t(E, "promotion", 0.8, object="self", label="promotion"),
    _t(E, "retire", 0.8, object="self", label="retirement"),
    _t(E, "retirement", 0.8, object="self", label="retirement"),
    _t(E, "surgery", 0.75, object="self", label="surgery"),
    _t(E, "parental leave", 0.8, object="self", label="parental leave"),
    _t(E, "maternity leave", 0.8, object="self", label="parental leave"),
    _t(E, "paternity leave", 0.8, object="self", label="parental leave"),
    _t(E, "sabbatical", 0.75, object="self", label="sabbatical"),
    _t(E, "ipo", 0.7, object="self", label="ipo"),
    _t(E, "acquire", 0.65, object="self", label="acquisition"),
    _t(E, "lay off", 0.75, object="self", label="layoff"),
    _t(E, "laid off", 0.75, object="self", label="layoff"),
    _t(E, "quit", 0.65, object="self", label="quit job"),
    _t(E, "step down", 0.7, object="self", label="stepping down"),
    _t(E, "birthday", 0.6, object="self", label="birthday"),
    _t(E, "defend", 0.75, label="defense of {obj}"),
    _t(E, "defense", 0.7, object="self", label="defense"),
    _t(E, "pass the bar", 0.8, object="self", label="passed the bar"),
    _t(E, "get the job", 0.8, object="self", label="new job"),
    _t(E, "accept an offer", 0.8, label="new job {obj}"),
    _t(E, "accept the offer", 0.8, label="new job {obj}"),
    _t(E, "accept a job", 0.8, label="new job {obj}"),
    _t(E, "get", 0.6, label="new job"),
    _t(E, "get into", 0.7, label="admission to {obj}"),
    _t(E, "open", 0.6, label="opening {obj}"),
    _t(E, "buy a house", 0.8, object="self", label="house purchase"),
    _t(E, "buying a house", 0.8, object="self", label="house purchase"),
    _t(E, "present at", 0.75, label="talk at {obj}"), _t(E, "speak at", 0.75,
                                                          label="talk at {obj}"),
    _t(E, "keynote", 0.7, object="self", label="keynote"),
    _t(E, "make partner", 0.8, object="self", label="promotion to partner"),
    _t(E, "start as", 0.8, label="new job as {obj}"),
    _t(E, "leave", 0.6, label="leaving {obj}"),
    _t(E, "just moved", 0.8, label="move"), _t(E, "relocating", 0.8, label="move"),
    _t(E, "new gig", 0.8, object="self", label="new job"),
    _t(E, "get promoted", 0.85, object="self", label="promotion"),
    _t(E, "graduating", 0.8, object="self", label="graduation"),
    _t(E, "have a baby", 0.85, object="self", label="baby"),
    _t(E, "having a baby", 0.85, object="self", label="baby"),
    _t(E, "expecting", 0.7, object="self", label="baby"),
    _t(E, "due in", 0.6, object="self", label="baby"),
    _t(E, "get engaged", 0.85, object="self", label="engagement"),
    _t(E, "go live", 0.7, object="self", label="launch"),
    _t(E, "pass away", 0.85, object="self", label="bereavement"),
    _t(E, "passed away", 0.85, object="self", label="bereavement"),
    _t(E, "funeral", 0.75, object="self", label="bereavement"),
    _t(E, "anniversary", 0.6, object="self", label="anniversary"),
    _t(E, "close on", 0.7, label="house purchase"),
    _t(E, "founded", 0.7, label="founded {obj}"),
    _t(E, "co-founded", 0.7, label="founded {obj}"),
    _t(E, "lose job", 0.8, object="self", label="layoff"),
    _t(E, "lost her job", 0.8, object="self", label="layoff"),
    _t(E, "lost his job", 0.8, object="self", label="layoff"),
    _t(E, "let go", 0.65, object="self", label="layoff"),
    _t(E, "book come out", 0.75, object="self", label="book launch"),
    _t(E, "publish", 0.6, label="publishing {obj}"),
    _t(E, "recover from", 0.7, label="recovery from {obj}"),
    _t(E, "recovering from", 0.7, label="recovery from {obj}"),

)
# fmt: on

# Verbs and nouns that mark a promise by the user ("I'll send", "promised to intro").
PROMISE_LEMMAS = frozenset({"promise", "offer", "agree", "commit", "owe", "volunteer"})
FUTURE_AUX = frozenset({"will", "'ll", "ll", "shall", "'d", "would", "can", "gonna"})
TODO_MARKERS = frozenset({"todo", "to-do", "action", "next steps", "follow-ups", "f/u"})

# fmt: off
NEGATION_WORDS = frozenset({"not", "n't", "no", "never", "nobody", "nothing", "neither",
                            "nor", "without", "zero"})
NEGATION_PHRASES = ("no longer", "not anymore", "any more", "not until", "no need",
                    "not interested", "not looking", "not hiring", "not raising", "passed on",
                    "off the table", "stopped", "gave up", "give up", "quit")
HEDGE_WORDS = frozenset({"might", "may", "maybe", "perhaps", "possibly", "probably", "could",
                         "potentially", "eventually", "considering", "consider", "mulling",
                         "toying", "pondering", "tentatively", "unsure", "if", "whether",
                         "someday", "thinking", "exploring", "contemplating", "likely",
                         "open", "hopes", "hoping", "wondering", "undecided"})
RESOLVED_PHRASES = ("found", "already hired", "already has", "already found", "hired",
                    "closed", "landed", "filled", "signed with", "sorted", "resolved",
                    "all set", "no longer needs", "secured", "wrapped up")

# Nouns that, as a subject, make a signal about somebody else than the contact.
RELATION_NOUNS = frozenset({
    "husband", "wife", "partner", "spouse", "son", "daughter", "kid", "kids", "child",
    "children", "brother", "sister", "mom", "mother", "dad", "father", "parent", "parents",
    "cofounder", "co-founder", "boss", "manager", "colleague", "friend", "niece", "nephew",
    "fiancé", "fiance", "fiancée", "roommate", "teenager", "stepson", "stepdaughter",
    "grandson", "granddaughter", "uncle", "aunt", "cousin", "girlfriend", "boyfriend", "cto",
    "ceo", "coo", "cfo", "mentee", "report", "intern", "assistant", "neighbor", "in-law",
})
# Nouns that stand for the contact themselves when they are the subject ("her team is hiring").
SELF_NOUNS = frozenset({"team", "company", "startup", "firm", "org", "organization", "lab",
                        "agency", "studio", "group", "nonprofit", "fund", "shop", "business",
                        "department", "school", "store", "practice", "band", "family"})

# Objects that make a trigger small talk or chatter, not a signal.
SMALL_TALK = frozenset({"weather", "traffic", "rain", "snow", "heat", "commute", "parking",
                        "flight", "delay", "wifi", "idea", "it", "that", "this", "them", "one",
                        "time", "chat", "call", "catch-up", "conversation", "lunch", "coffee",
                        "meeting", "thing", "things", "way", "lot", "bit", "sense", "thanks",
                        "everything", "something", "anything", "you", "me", "him", "her",
                        "us", "what", "which", "how", "when", "where"})

# Heads too generic to stand alone as a phrase: extend through their prepositional phrase.
GENERIC_HEADS = frozenset({"advice", "help", "intro", "introduction", "introductions",
                           "recommendation", "recommendations", "rec", "recs", "tip", "tips",
                           "feedback", "lead", "leads", "input", "thoughts", "connection",
                           "connections", "someone", "somebody", "anyone", "anybody", "people",
                           "person", "guidance", "resources", "pointer", "pointers", "way",
                           "ideas", "contact", "contacts", "support", "perspective", "folks",
                           "referral", "referrals", "sounding", "board"})

# What a "resolved" trigger must find to count: a role or a thing people look for.
RESOLVABLE_HEADS = frozenset({
    "lawyer", "attorney", "accountant", "designer", "engineer", "developer", "cofounder",
    "co-founder", "nanny", "job", "role", "position", "apartment", "house", "home", "investor",
    "investors", "round", "seed", "funding", "tenant", "agency", "therapist", "doctor",
    "contractor", "mentor", "coach", "hire", "candidate", "tutor", "school", "college",
    "daycare", "babysitter", "cto", "ceo", "vp", "head", "manager", "recruiter", "advisor",
    "bookkeeper", "realtor", "agent", "publisher", "editor", "photographer", "venue", "space",
    "office", "lead", "partner", "customer", "customers", "sponsor", "buyer", "pediatrician",
    "dentist", "plumber", "vendor", "firm", "consultant", "freelancer", "writer", "marketer",
    "salesperson", "one", "someone", "somebody", "solution", "fix", "spot", "place", "gig",
    "offer", "internship", "grant", "loan", "visa", "intro", "introduction", "program",
    "mentee", "lender", "printer", "supplier", "translator", "caterer", "cfo", "coo", "cmo",
    "staff", "feedback", "pre-seed", "roles", "thing", "stress", "search", "hunt", "migration",
    "problem", "issue", "sre", "sres", "booker", "a", "b", "c",
})
# Predicates that close a need named as their subject ("the seed round closed").
CLOSING_VERBS = frozenset({"close", "fill", "sort", "finalize", "cover", "handle", "resolve",
                           "settle", "wrap", "complete", "finish", "solve", "staff"})
CLOSING_WORDS = frozenset({"over", "done", "behind", "sorted", "covered", "handled",
                           "resolved", "settled", "finished", "complete", "filled", "closed",
                           "taken", "on", "ongoing"})
# fmt: on
HOBBY_OBJECTS_STOP = frozenset({"by", "at", "in", "on", "with", "to", "for", "every", "after"})
