"""A suggestion: the give, why (quoting the note) and a draft, as every edge shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from giveback.engine.suggest.drafts import Tone, draft_for, promise_draft
from giveback.engine.suggest.promise_said import promise_text
from giveback.engine.suggest.ranking import Candidate, RankSignal, Relationship
from giveback.engine.suggest.reasons import promise_reason, reason_for


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A give for a relationship: what, why (quoting the note) and a draft message."""

    contact: str
    contact_id: int
    item_id: str
    type: str
    title: str
    url: str | None
    score: float
    reason: str
    evidence: str
    note_date: date
    draft: str
    signal_kind: str
    # The day the give counts from, when later than its note's: a promise a later note says
    # is still owed.
    since: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of ``giveback suggest --json``."""
        return {
            "contact": self.contact,
            "item_id": self.item_id,
            "type": self.type,
            "title": self.title,
            "score": round(self.score, 4),
            "reason": self.reason,
            "evidence": self.evidence,
            "note_date": self.note_date.isoformat(),
            "draft": self.draft,
            "url": self.url,
            "signal_kind": self.signal_kind,
        }


def give_suggestion(
    rel: Relationship, cand: Candidate, weight: float, tone: Tone = "warm"
) -> Suggestion:
    """A ranked catalog give, its score weighed by the relationship's ``weight``."""
    return Suggestion(
        contact=rel.name,
        contact_id=rel.contact_id,
        item_id=cand.item.external_id,
        type=cand.item.type,
        title=cand.item.title,
        url=cand.item.url,
        score=cand.score * weight,
        reason=reason_for(rel.name, cand),
        evidence=cand.signal.evidence,
        note_date=cand.signal.note_date,
        draft=draft_for(rel.name, cand, tone, rel.called),
        signal_kind=cand.signal.kind,
        since=cand.signal.since,
    )


def reminder_suggestion(
    rel: Relationship, sig: RankSignal, score: float, tone: Tone = "warm"
) -> Suggestion:
    """A promise no catalog item keeps: "keep your promise", with no item."""
    return Suggestion(
        contact=rel.name,
        contact_id=rel.contact_id,
        item_id=f"promise-{sig.id}",  # not a catalog item: a key for the page and the API
        type="promise",
        title=f"Keep your promise: {promise_text(sig.evidence)}",
        url=None,
        score=score,
        reason=promise_reason(rel.name, sig),
        evidence=sig.evidence,
        note_date=sig.note_date,
        draft=promise_draft(rel.name, sig, tone, rel.called),
        signal_kind=sig.kind,
        since=sig.since,
    )
