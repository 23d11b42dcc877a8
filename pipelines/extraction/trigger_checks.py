"""When a trigger's reading holds, by rule: an event that is one ("starting a new job", not
"the new job is fine"), a common verb as a hobby only in a hobby's company ("runs trails on
weekends", not "runs the finance team"); and the phrase of a hobby, the date of an event."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from giveback.pipelines.extraction.dates import resolve_date
from giveback.pipelines.extraction.lexicon import HOBBY_OBJECTS_STOP, Trigger
from giveback.pipelines.extraction.phrases import phrase_after

JOB_HEADS = frozenset({"job", "role", "offer", "position", "gig", "promotion", "internship"})
# fmt: off
_RACES = frozenset({"marathon", "marathons", "race", "races", "5k", "10k", "half", "ultra",
                    "ultras", "trail", "trails", "triathlon", "ironman", "relay"})
_HOBBY_VERBS = frozenset({"run", "climb", "swim", "hike", "ski", "surf", "sail", "row", "bake",
                          "knit", "paint", "cycle", "bike", "golf", "fence", "dance", "box",
                          "skate", "garden", "fish", "cook", "write", "sing", "play", "meditate",
                          "lift", "draw", "journal", "golfing", "running", "swimming"})
_NOT_HOBBIES = frozenset({"work", "stuff", "things", "thing", "well", "job", "fine", "great",
                          "ok", "okay", "lot", "consulting", "research", "better", "it", "that",
                          "this", "some", "something", "nothing", "anything"})
_OPENABLE = frozenset({"location", "store", "office", "shop", "restaurant", "cafe", "café",
                       "bakery", "studio", "clinic", "branch", "spot", "gallery", "bar",
                       "practice", "school", "space", "site"})
# fmt: on


def gerund(verb: str) -> str:
    """ "run" -> "running", "hike" -> "hiking", "sail" -> "sailing"."""
    if verb in ("run", "swim", "row", "knit", "jog", "shop", "cut", "set"):
        return {"row": "rowing"}.get(verb, verb + verb[-1] + "ing")
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    return verb + "ing"


def hobby_phrase(tokens: list[Token], i: int, j: int, limit: int) -> tuple[int, int]:
    """What a hobby verb is about: its object ("bakes sourdough") or nothing ("climbs")."""
    if tokens[i].lemma_.lower() in ("stop", "start", "try", "drop", "quit"):
        k = j
        if k < limit and tokens[k].tag_ == "VBG":
            return k, k + 1
        if tokens[i].lemma_.lower() in ("drop", "quit"):
            return phrase_after(tokens, j, limit)
        return j, j
    if (
        j < limit
        and tokens[j].lower_ not in HOBBY_OBJECTS_STOP
        and tokens[j].pos_ in ("NOUN", "PROPN")
        and tokens[j].ent_type_ not in ("DATE", "TIME")
    ):
        return phrase_after(tokens, j, limit)
    return j, j


def event_holds(
    lemma: str,
    trig: Trigger,
    tokens: list[Token],
    a: int,
    b: int,
    head_word: str,
    past: bool,
    sent: Span,
    j: int,
) -> bool:
    """Event triggers that are common words need the right company to count."""
    obj = tokens[a:b]
    has_date = any(e.label_ == "DATE" for e in sent.ents)
    if lemma in ("move", "moving", "relocate"):
        if "to" in trig.lemmas:
            return any(e.label_ in ("GPE", "LOC") for e in sent.ents) or any(
                t.pos_ == "PROPN" for t in obj
            )
        return has_date and not any(c.dep_ == "dobj" for c in tokens[j - 1].children)
    if lemma in ("join", "start", "present", "speak"):
        return any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "GPE", "EVENT") for t in obj)
    if lemma == "get" and trig.lemmas == ("get",):
        return past and head_word in JOB_HEADS
    if lemma == "get" and "into" in trig.lemmas:
        return any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "GPE") for t in obj)
    if lemma == "open":
        return head_word in _OPENABLE or (has_date and not obj)
    if lemma == "leave":
        return (
            any(t.pos_ == "PROPN" or t.ent_type_ == "ORG" for t in obj)
            or (
                has_date
                and not any(
                    t.lower_ in ("message", "voicemail", "note", "early", "comment", "review")
                    for t in obj
                )
            )
            or any(t.lower_ in ("start", "build", "found", "launch") for t in tokens[j : j + 3])
        )
    if lemma == "defend":
        return head_word in ("dissertation", "thesis", "phd", "defense")
    return True


def hobby_holds(lemma: str, tokens: list[Token], i: int, a: int, b: int) -> bool:
    """Common verbs count as hobbies only in a hobby's company."""
    obj = {t.lower_ for t in tokens[a:b]}
    if lemma == "run":
        return (
            bool(obj & _RACES)
            or any(t.ent_type_ == "GPE" for t in tokens[a:b])
            or (
                b == a
                and any(
                    t.lower_ in ("every", "daily", "again", "weekends", "mornings")
                    for t in tokens[i + 1 : i + 4]
                )
            )
        )
    if lemma in ("start", "try", "drop", "quit"):
        if lemma in ("drop", "quit") and b > a and tokens[a].tag_ != "VBG":
            return not obj & (JOB_HEADS | {"company", "firm", "team", "board"}) and any(
                t.pos_ == "NOUN" for t in tokens[a:b]
            )
        return b > a and tokens[a].tag_ == "VBG" and tokens[a].lemma_.lower() in _HOBBY_VERBS
    near = {t.lower_ for t in tokens[max(0, i - 3) : i + 4]}
    return (
        b > a
        and not obj & _NOT_HOBBIES
        and bool(near & {"still", "mostly", "now", "lately", "really", "been", "longer", "anymore"})
    )


def date_of_event(tokens: list[Token], anchor: Token, note_date: date, past: bool) -> date | None:
    """The date of the sentence nearest the event's trigger, resolved against the note's date
    (forward when the sentence speaks of what is to come); ``None`` when it names none."""
    dates = [e for e in anchor.sent.ents if e.label_ == "DATE"]
    if not dates:
        return None
    nearest = min(dates, key=lambda e: abs(e.start - anchor.i))
    future = any(t.lower_ in ("will", "'ll", "next", "upcoming", "due") for t in tokens)
    return resolve_date(nearest.text, note_date, past=past and not future)
