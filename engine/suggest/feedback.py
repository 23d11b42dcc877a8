"""What the user did with a suggestion: done, dismissed, or snoozed until a date.

- ``done`` records the give in the ledger (so it is never suggested to that person again):
  :func:`giveback.engine.ledger.gives.mark_done`;
- ``dismiss`` means never this item for this person; by its reason, items like it less
  ("not relevant"), much less ("wrong person") or as before ("already has it"): see
  ``RankPolicy.dismissed_penalty``. Dismissals as not relevant, against gives done, raise the
  bar below which nothing is suggested (:func:`with_feedback_bar`);
- ``snooze`` hides the item for this person until a date, then it may come back.

The ranking reads these from the store on every call, so they apply from the next call on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from giveback.core.domain import DismissReason
from giveback.core.errors import InvalidInput
from giveback.core.tables import CatalogItem, Contact, Feedback
from giveback.engine.ledger.gives import FeedbackResult, one_writer_per_contact
from giveback.engine.suggest.values import RankPolicy


def dismiss(
    session: Session,
    contact: Contact,
    item: CatalogItem,
    reason: DismissReason = DismissReason.NOT_RELEVANT,
) -> FeedbackResult:
    """Never suggest this item to this person again; what else changes depends on why
    (:class:`DismissReason`). Dismissing again with another reason replaces it. Flushes."""
    one_writer_per_contact(session, contact)
    exists = session.scalar(
        select(Feedback).where(
            Feedback.contact_id == contact.id,
            Feedback.item_id == item.id,
            Feedback.action == "dismiss",
        )
    )
    changed = exists is None or (exists.reason or DismissReason.NOT_RELEVANT) != reason
    if exists is None:
        session.add(
            Feedback(contact_id=contact.id, item_id=item.id, action="dismiss", reason=reason.value)
        )
    elif changed:
        exists.reason = reason.value
    session.flush()
    return FeedbackResult(contact.name, item.external_id, item.title, "dismiss", changed)


def undismiss(session: Session, contact: Contact, item: CatalogItem) -> FeedbackResult:
    """Take a dismissal back: the item may be suggested to this person again. Flushes."""
    result = session.execute(
        delete(Feedback).where(
            Feedback.contact_id == contact.id,
            Feedback.item_id == item.id,
            Feedback.action == "dismiss",
        )
    )
    session.flush()
    return FeedbackResult(
        contact.name,
        item.external_id,
        item.title,
        "undismiss",
        bool(getattr(result, "rowcount", 0)),
    )


def snooze(
    session: Session, contact: Contact, item: CatalogItem, until: date, today: date | None = None
) -> FeedbackResult:
    """Hide this item for this person until ``until`` (a later snooze replaces an earlier).

    Flushes only.
    """
    if until <= (today or date.today()):
        raise InvalidInput(f"--until must be a date after today, not {until.isoformat()}")
    session.execute(
        delete(Feedback).where(
            Feedback.contact_id == contact.id,
            Feedback.item_id == item.id,
            Feedback.action == "snooze",
        )
    )
    session.add(Feedback(contact_id=contact.id, item_id=item.id, action="snooze", until=until))
    session.flush()
    return FeedbackResult(contact.name, item.external_id, item.title, "snooze", True, until)


def dismissed_items(
    session: Session, contact_ids: Sequence[int]
) -> dict[int, dict[str, DismissReason]]:
    """Each contact's dismissed items (catalog ids), with why (older ones: not relevant)."""
    out: dict[int, dict[str, DismissReason]] = defaultdict(dict)
    if not contact_ids:
        return out
    rows = session.execute(
        select(Feedback.contact_id, CatalogItem.external_id, Feedback.reason)
        .join(CatalogItem, CatalogItem.id == Feedback.item_id)
        .where(Feedback.action == "dismiss", Feedback.contact_id.in_(list(contact_ids)))
    )
    for contact_id, external_id, reason in rows:
        out[contact_id][external_id] = DismissReason(reason or DismissReason.NOT_RELEVANT)
    return out


def with_feedback_bar(session: Session, policy: RankPolicy) -> RankPolicy:
    """The policy with its bar raised by how often the user dismissed gives as not relevant,
    against the gives they marked done: a user who keeps saying "not relevant" sees fewer,
    stronger gives. Up to ``policy.feedback_bar_raise`` above the calibrated bar; a handful of
    answers moves it little (``feedback_bar_prior`` answers' worth of weight on no change)."""
    counts = dict(
        session.execute(
            select(Feedback.action, func.count(Feedback.id))
            .where(
                (Feedback.action == "done")
                | (
                    (Feedback.action == "dismiss")
                    & (
                        Feedback.reason.is_(None)
                        | (Feedback.reason == DismissReason.NOT_RELEVANT.value)
                    )
                )
            )
            .group_by(Feedback.action)
        ).all()
    )
    off, kept = counts.get("dismiss", 0), counts.get("done", 0)
    share = off / (off + kept + policy.feedback_bar_prior)
    if share <= 0:
        return policy
    return replace(policy, min_similarity=policy.min_similarity + policy.feedback_bar_raise * share)
