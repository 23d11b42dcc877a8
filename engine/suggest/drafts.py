"""Draft messages in the user's voice: one shape per kind of give, in the tone they chose.

Every draft opens with what the contact said, told back to them ("you mentioned you still
haven't found a tax person"), when the note's words allow it and the give answers it; else with
the phrase heard, when it is a clean one; else with the give alone
(:mod:`giveback.engine.suggest.openings`). Then the give, in the shape of its kind:

- an article: "... so I thought of you when I read this: "<title>". <url>";
- an introduction: "Would it help if I introduced you to <name>? <who they are>";
- an offer: "I'd be glad to <what I do>. Just say when." or "I could offer you <a thing>. Just
  let me know." (see :mod:`giveback.engine.suggest.offer_titles`);
- a promise kept: "as promised, ..." with the item (an offer in the promise's own words when
  they read alone: "as promised, I'd love to look over Jonas's resume"); a promise no item
  keeps: "I haven't forgotten: I'll <what you said, addressed to them>".

The tone (``GIVEBACK_DRAFT_TONE``): ``short`` (the give and little else), ``warm`` (a closing
line of goodwill) or ``formal`` ("Dear ...", "I would be glad ...", "Best regards").
"""

from __future__ import annotations

from typing import Literal

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.descriptions import described
from giveback.engine.suggest.naming import who_they_are
from giveback.engine.suggest.offer_titles import offer_clause, offer_for
from giveback.engine.suggest.openings import opening_for, their_name
from giveback.engine.suggest.promise_said import PROMISE_LEAD, promise_text
from giveback.engine.suggest.promise_words import done_alone, promised_doing, when_asked
from giveback.engine.suggest.ranking import Candidate, RankSignal
from giveback.engine.suggest.reasons import first_name
from giveback.engine.suggest.wording import to_second_person, without_asides

Tone = Literal["short", "warm", "formal"]
TONES: tuple[Tone, ...] = ("short", "warm", "formal")


# The last line of a draft, by tone and kind of give.
_CLOSING: dict[Tone, dict[str, str]] = {
    "short": {
        "article": "",
        "contact": "",
        "offer": "",
        "offer_thing": "",
        "promise": "",
        "kept_contact": "",
        "kept_offer": "",
        "kept_thing": "",
    },
    "warm": {
        "article": " Hope it's useful!",
        "contact": " Happy to make the connection whenever suits you.",
        "offer": " Just say when.",
        "offer_thing": " Just let me know.",
        "promise": " Talk soon!",
        "kept_contact": " I'll send you both a note.",
        "kept_offer": "",
        "kept_thing": " Just let me know.",
    },
    "formal": {
        "article": " Best regards.",
        "contact": " Best regards.",
        "offer": " Best regards.",
        "offer_thing": " Best regards.",
        "promise": " Best regards.",
        "kept_contact": " Best regards.",
        "kept_offer": " Best regards.",
        "kept_thing": " Best regards.",
    },
}


def _greeting(contact: str, tone: Tone, called: str = "") -> str:
    return f"{'Dear' if tone == 'formal' else 'Hi'} {called or first_name(contact)},"


def _article(item: RankItem, opening: str, tone: Tone) -> str:
    link = f" {item.url}" if item.url else ""
    return f'{opening} "{item.title}".{link}{_CLOSING[tone]["article"]}'


def _introduction(item: RankItem, tone: Tone, whom: str = "you") -> str:
    ask = "Would it be helpful if" if tone == "formal" else "Would it help if"
    line = f"{ask} I introduced {whom} to {item.title}?"
    about = who_they_are(first_name(item.title), described(item.text), item.text)
    return f"{line} {about}" if about and tone != "short" else line


def _offer(item: RankItem, tone: Tone, evidence: str) -> str:
    """The offer and its closing: a doing waits for a time ("Just say when."), a thing to
    have, often on a date of its own ("a seat at our waxing night"), for a yes."""
    what = offer_for(offer_clause(item.title, item.text), evidence)
    glad = "I would be glad" if tone == "formal" else "I'd be glad"
    if what.startswith("to "):
        return f"{glad} {what}.{_CLOSING[tone]['offer']}"
    could = "I could" if tone != "formal" else "I would be happy to"
    return f"{could} offer you {what}.{_CLOSING[tone]['offer_thing']}"


def draft_for(contact: str, cand: Candidate, tone: Tone = "warm", called: str = "") -> str:
    """A short message the user can send as it is or edit, in their tone; ``called`` is what
    the greeting calls them, when not their first name."""
    item, sig = cand.item, cand.signal
    hello = _greeting(contact, tone, called)
    if sig.kind == "commitment":
        return _promise_kept(
            hello, item, tone, sig.evidence, late=sig.owed_on is not None, contact=contact
        )
    opening = opening_for(contact, cand)
    if item.type == "article":
        if opening is None:
            return _article(item, f"{hello} I came across this and thought of you:", tone)
        return _article(item, f"{hello} {opening}, so I thought of you when I read this:", tone)
    lead = f"{hello} {opening}." if opening else hello
    if item.type == "contact":
        whom = their_name(sig)
        ask = _introduction(item, tone, whom or "you")
        line = f"{lead} {ask if opening else ask[:1].lower() + ask[1:]}"
        if cand.other_side is not None and tone != "short" and whom is None:
            line += f" I think {first_name(item.title)} would be glad to hear from you too."
        return line + _CLOSING[tone]["contact"]
    return f"{lead} {_offer(item, tone, sig.evidence)}"


# A promise the notes say is overdue ("I haven't looked yet") opens with an apology.
_LATE: dict[Tone, str] = {
    "short": "sorry for the wait.",
    "warm": "sorry this has taken me so long.",
    "formal": "my apologies for the delay.",
}


def _as_promised(hello: str, tone: Tone, late: bool) -> str:
    return f"{hello} {_LATE[tone]} As promised," if late else f"{hello} as promised,"


def _on_my_own(hello: str, tone: Tone, late: bool, doing: str) -> str:
    """A promise the user keeps alone and reports back on ("I'll raise the clubhouse with the
    committee"): said as not forgotten, since nothing is handed over yet. Reviewers sent 87%
    of such reminders and 3 of 8 drafts that said "as promised, I'll ask ..." (rounds 1-16)."""
    hello = f"{hello} {_LATE[tone]}" if late else hello
    return (
        f"{hello} I haven't forgotten: I'll {doing} and let you know how it goes."
        f"{_CLOSING[tone]['kept_offer']}"
    )


def _promise_kept(
    hello: str,
    item: RankItem,
    tone: Tone,
    evidence: str = "",
    late: bool = False,
    contact: str = "",
) -> str:
    """A promise kept with the item it named: the introduction, the offer or the article;
    ``late`` when a later note says it is overdue. An offer is said in the promise's own
    words when they read on their own ("as promised, I'd love to look over Jonas's resume"):
    the title ("Review your resume") may say it of the wrong person, and it was offered
    already."""
    lead = _as_promised(hello, tone, late)
    doing = promised_doing(evidence, contact) if evidence else None
    if item.type == "contact" and doing and done_alone(doing):
        # "I'll tell Dr Kilonzo at the next review": a word passed to the person named, not
        # an introduction to them
        return _on_my_own(hello, tone, late, doing)
    if item.type == "contact":
        about = who_they_are(first_name(item.title), described(item.text), item.text)
        line = f"{lead} let me introduce you to {item.title}."
        return (f"{line} {about}" if about else line) + _CLOSING[tone]["kept_contact"]
    if item.type == "offer":
        what = f"to {doing}" if doing else offer_for(offer_clause(item.title, item.text), evidence)
        closing = _CLOSING[tone]["kept_offer"]
        if what.startswith("to ") and done_alone(what[3:]):
            return _on_my_own(hello, tone, late, what[3:])
        if what.startswith("to "):
            glad = "I would be glad" if tone == "formal" else "I'd love"
            return f"{lead} {glad} {what}. {when_asked(what[3:])}{closing}"
        offering = "I would like to offer you" if tone == "formal" else "I'd like to offer you"
        return f"{lead} {offering} {what}.{_CLOSING[tone]['kept_thing']}"
    return _article(item, f"{lead} here it is:", tone)


def promise_draft(contact: str, sig: RankSignal, tone: Tone = "warm", called: str = "") -> str:
    """A note that keeps a promise no catalog item keeps ("I haven't forgotten: I'll ...")."""
    hello = _greeting(contact, tone, called)
    if sig.owed_on is not None:  # a later note says it is overdue
        hello = f"{hello} {_LATE[tone]}"
    text = without_asides(sig.evidence).rstrip(".!")
    closing = _CLOSING[tone]["promise"]
    if not PROMISE_LEAD.match(text):  # a reply ("yes, put me down"): quote it back
        if len(text.split()) > 12:  # too long to quote in a message
            return f"{hello} I haven't forgotten what I promised you. When would suit you?"
        return f'{hello} I haven\'t forgotten what I said ("{text}"). When would suit you?'
    names = {contact.casefold(), first_name(contact).casefold()}
    what = to_second_person(promise_text(text), names)
    return f"{hello} I haven't forgotten: I'll {what}.{closing}"
