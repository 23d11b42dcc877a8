"""Signed, expiring links in the digest: "done", "dismiss" and "stop these emails".

A link's token is the whole credential: it names the user, the contact, the catalog item, the
action and the ISO week, signed with the service's secret (itsdangerous, one salt per purpose,
so a token for one purpose never passes for another). Gives' links expire after
``digest_link_max_age_days`` (14 by default); unsubscribe links live longer, as mail
providers expect them to keep working. Following a link only shows a page; the change happens
on the POST from its button, so a mail scanner that fetches every link changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from giveback.core.accounts_tables import User
from giveback.core.errors import InvalidInput, NotFound
from giveback.core.tables import Contact, Feedback, LedgerEntry, utcnow
from giveback.engine.accounts.registry import local_time, set_digest_preferences
from giveback.engine.catalog.store import get_item
from giveback.engine.ledger.gives import mark_done
from giveback.engine.suggest.feedback import dismiss

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from giveback.core.accounts_tables import User
    from giveback.engine.accounts.registry import UserStores
    from giveback.engine.ledger.gives import FeedbackResult

ACT_SALT = "giveback.digest.act.v1"
UNSUBSCRIBE_SALT = "giveback.digest.unsubscribe.v1"
ACTIONS = ("done", "dismiss")
UNSUBSCRIBE_MAX_AGE = timedelta(days=120)


class BadLink(InvalidInput):
    """A digest link that is malformed, tampered with, or signed with another key."""


class ExpiredLink(BadLink):
    """A digest link past its age limit."""


@dataclass(frozen=True, slots=True)
class LinkAction:
    """What a "done" or "dismiss" link asks for."""

    user_id: int
    contact_id: int
    item_id: str
    action: str
    week: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "user_id": self.user_id,
            "contact_id": self.contact_id,
            "item_id": self.item_id,
            "action": self.action,
            "week": self.week,
        }


def _serializer(secret: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=salt)


def _loads(secret: str, salt: str, token: str, max_age: timedelta) -> Any:
    if not token or len(token) > 1000:
        raise BadLink("this link is not valid")
    try:
        # itsdangerous compares whole-second ages; flooring keeps every decision the same.
        return _serializer(secret, salt).loads(token, max_age=math.floor(max_age.total_seconds()))
    except SignatureExpired:
        days = max(1, round(max_age.total_seconds() / 86400))
        raise ExpiredLink(
            f"this link has expired (links work for {days} days); open "
            "Giveback to act on the give instead"
        ) from None
    except BadSignature:
        raise BadLink(
            "this link is not valid (it may have been cut short by the mail "
            "program: copy the whole address)"
        ) from None


def sign_action(secret: str, act: LinkAction) -> str:
    """The token of a "done" or "dismiss" link."""
    if act.action not in ACTIONS:
        raise InvalidInput(f"unknown action {act.action!r}")
    return str(
        _serializer(secret, ACT_SALT).dumps(
            [act.user_id, act.contact_id, act.item_id, act.action, act.week]
        )
    )


def verify_action(
    secret: str,
    token: str,
    max_age: timedelta = timedelta(days=14),
) -> LinkAction:
    """The action a token carries; :class:`BadLink` or :class:`ExpiredLink` otherwise."""
    payload = _loads(secret, ACT_SALT, token, max_age)
    try:
        user_id, contact_id, item_id, action, week = payload
        act = LinkAction(int(user_id), int(contact_id), str(item_id), str(action), str(week))
    except (TypeError, ValueError):
        raise BadLink("this link is not valid") from None
    if act.action not in ACTIONS:
        raise BadLink("this link is not valid")
    return act


def sign_unsubscribe(secret: str, user_id: int) -> str:
    """The token of a user's "stop these emails" link."""
    return str(_serializer(secret, UNSUBSCRIBE_SALT).dumps([user_id]))


def verify_unsubscribe(secret: str, token: str, max_age: timedelta = UNSUBSCRIBE_MAX_AGE) -> int:
    """The user id an unsubscribe token carries; :class:`BadLink` otherwise."""
    payload = _loads(secret, UNSUBSCRIBE_SALT, token, max_age)
    try:
        (user_id,) = payload
        return int(user_id)
    except (TypeError, ValueError):
        raise BadLink("this link is not valid") from None


class DigestLinks:
    """The URLs of one user's digest for one week."""

    def __init__(self, base_url: str, secret: str, user_id: int, week: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.secret = secret
        self.user_id = user_id
        self.week = week

    def act(self, contact_id: int, item_id: str, action: str) -> str:
        """The link that marks a give done or dismisses it (after a confirming click)."""
        token = sign_action(
            self.secret, LinkAction(self.user_id, contact_id, item_id, action, self.week)
        )
        return f"{self.base_url}/digest/act/{token}"

    def unsubscribe(self) -> str:
        """The link that turns the digest off for this user."""
        return f"{self.base_url}/digest/unsubscribe/{sign_unsubscribe(self.secret, self.user_id)}"


@dataclass(frozen=True, slots=True)
class ActionView:
    """What a link would do, in words, and whether it is done already."""

    user: str
    contact: str
    item_id: str
    title: str
    action: str
    already: bool


def _user(accounts: Session, user_id: int) -> User:
    user = accounts.get(User, user_id)
    if user is None:
        raise NotFound("this link's user no longer exists")
    return user


def _targets(session: Session, act: LinkAction) -> tuple[Any, Any]:
    contact = session.get(Contact, act.contact_id)
    if contact is None:
        raise NotFound("the contact of this link no longer exists")
    try:
        item = get_item(session, act.item_id)
    except NotFound:
        raise NotFound("the give of this link is no longer in the catalog") from None
    return contact, item


def describe_action(accounts: Session, stores: UserStores, act: LinkAction) -> ActionView:
    """What following ``act`` would change (read only: for the confirmation page)."""

    user = _user(accounts, act.user_id)
    with stores.sessions(user)() as session:
        contact, item = _targets(session, act)
        if act.action == "done":
            found = select(LedgerEntry.id).where(
                LedgerEntry.contact_id == contact.id,
                LedgerEntry.item_id == item.id,
                LedgerEntry.direction == "given",
            )
        else:
            found = select(Feedback.id).where(
                Feedback.contact_id == contact.id,
                Feedback.item_id == item.id,
                Feedback.action == "dismiss",
            )
        already = session.scalar(found.limit(1)) is not None
        return ActionView(
            user.name, contact.name, item.external_id, item.title, act.action, already
        )


def apply_action(
    accounts: Session, stores: UserStores, act: LinkAction, today: date | None = None
) -> FeedbackResult:
    """Mark the give done (a ledger entry dated ``today`` in the user's time zone) or dismiss
    it, in the user's own store (committed). Applying a link twice changes nothing more."""

    user = _user(accounts, act.user_id)
    day = today or local_time(user, utcnow()).date()
    with stores.sessions(user)() as session:
        contact, item = _targets(session, act)
        if act.action == "done":
            result = mark_done(session, contact, item, day, origin="suggestion")
        else:
            result = dismiss(session, contact, item)
        session.commit()
        return result


def apply_unsubscribe(accounts: Session, user_id: int) -> User:
    """Turn the weekly digest off for the user (committed); once or twice, the same."""

    user = _user(accounts, user_id)
    if not user.digest_opt_out:
        set_digest_preferences(accounts, user, opt_out=True)
    return user
