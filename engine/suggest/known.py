"""Whether a contact already knows the person a give would introduce them to.

An introduction to someone they already spend time with reads as not listening: "you've been
going to Owen's ukulele collective since winter ... would it help if I introduced you to
Owen?". A note says so: it names the group the person runs as
theirs ("Owen's Kingsland Ukulele Collective"), or in words that say the contact is in it
already ("joined the Hearty Walkers").
"""

from __future__ import annotations

import re

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.values import RankSignal

# Words that say the contact is in a group already, not that they would like to be.
_IN_IT = re.compile(
    r"\b(?:joined|been going|goes to|going to|go to|member of|signed up (?:for|with)|attends|"
    r"attending|regular at|plays? (?:in|with)|sings? (?:in|with)|rides? with|walks? with|"
    r"part of|on the team|"
    # Works there already: "teaching the Saturday accordion kids at Southside Strings".
    r"(?:teach|teaches|teaching|work|works|working|volunteers?|volunteering|coach|coaches|"
    r"coaching|employed|interning|placed)\b(?:\s+[\w'’-]+){0,4}?\s+(?:at|for|with))\b",
    re.IGNORECASE,
)
_WANTS = re.compile(r"\b(?:wants?|would like|hopes?|thinking of|might|maybe|wish)\b", re.I)
# A name of two or more capitalised words ("Hearty Walkers", "Kingsland Ukulele Collective").
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)")


def already_with(item: RankItem, sig: RankSignal, contact: str = "") -> bool:
    """Whether the signal's sentence says the contact already knows ``item``'s person: the
    group the person runs, named as theirs ("Owen's Kingsland Ukulele Collective") or as one
    the contact is in ("joined the Hearty Walkers"). A first name the contact shares says
    nothing ("Priya's" in Priya's own notes)."""
    said = sig.evidence
    if _WANTS.search(said):
        return False  # "wants to join Owen's band": the introduction is what they want
    first = item.title.split()[0] if item.title.split() else ""
    if first and contact.split()[:1] != [first]:
        owned = re.search(rf"\b{re.escape(first)}['’]s\s+((?:[A-Z]\w+\s+)*[A-Z]\w+)", said)
        # ... and the thing of theirs is the one their entry names ("Kingsland Ukulele").
        if owned and any(len(w) > 3 and w in item.text for w in owned.group(1).split()):
            return True
    if not _IN_IT.search(said):
        return False
    groups = {name for name in _NAME.findall(item.text) if name not in item.title}
    return item.title in said or any(group in said for group in groups)
