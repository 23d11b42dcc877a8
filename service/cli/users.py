"""``giveback user`` and ``giveback token``: who may use the service, and with what token.

Each user has a store of their own; ``giveback --user NAME <command>`` runs any command on it.
The accounts registry lives at ``$GIVEBACK_HOME/accounts.db`` (or GIVEBACK_ACCOUNTS_URL).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from giveback.engine.accounts.registry import (
    add_user,
    create_token,
    get_user,
    list_users,
    revoke_token,
    set_digest_preferences,
)
from giveback.engine.digest.schedule import WEEKDAY_NAMES
from giveback.service.cli.context import emit_json
from giveback.service.cli.stores import accounts_session

if TYPE_CHECKING:
    pass


def _user_dict(user: Any) -> dict[str, Any]:
    return {
        "name": user.name,
        "email": user.email,
        "store": user.store_url,
        "digest": "off"
        if user.digest_opt_out
        else f"{WEEKDAY_NAMES[user.digest_weekday].lower()} {user.digest_hour:02d}:00 "
        f"{user.timezone}",
    }


@click.group()
def user() -> None:
    """Users of the service: each has their own contacts, notes, catalog and ledger.

    \b
    Example:
      giveback user add maria --email maria@example.org
      giveback token create maria
      giveback --user maria note add --contact "Sam Lee" notes.txt
    """


@user.command("add")
@click.argument("name")
@click.option("--email", help="Where the weekly digest goes.")
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Adopt this existing store file (default: a new one under $GIVEBACK_HOME/users/).",
)
def user_add(name: str, email: str | None, store: Path | None) -> None:
    """Register a user NAME (lower-case letters, digits, '.', '-', '_').

    \b
    Example:
      giveback user add maria --email maria@example.org
      giveback user add me --store ~/.local/share/giveback/giveback.db
    """

    with accounts_session() as session:
        new = add_user(session, name, email, store)
        click.echo(f"Added user {new.name} (store: {new.store_url}).")
        click.echo(f"Create their API token with: giveback token create {new.name}")


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def user_list(as_json: bool) -> None:
    """Every user, with their store and when their digest goes out.

    \b
    Example:
      giveback user list
      giveback user list --json
    """

    with accounts_session() as session:
        rows = [_user_dict(u) for u in list_users(session)]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No users yet: giveback user add NAME")
    for row in rows:
        click.echo(f"{row['name']:<20} {row['email'] or '-':<30} digest: {row['digest']}")


@user.command("set")
@click.argument("name")
@click.option("--email", help="Where the weekly digest goes.")
@click.option("--digest-day", help="Weekday the digest goes out (monday ... sunday).")
@click.option("--digest-hour", type=click.IntRange(0, 23), help="Hour it goes out (0-23).")
@click.option("--timezone", help="The user's time zone, e.g. Europe/Berlin.")
@click.option(
    "--digest/--no-digest",
    "digest",
    default=None,
    help="Receive the weekly digest, or opt out of it.",
)
def user_set(
    name: str,
    email: str | None,
    digest_day: str | None,
    digest_hour: int | None,
    timezone: str | None,
    digest: bool | None,
) -> None:
    """Change a user's email and when (or whether) their weekly digest is sent.

    \b
    Example:
      giveback user set maria --digest-day monday --digest-hour 8 --timezone Europe/Berlin
      giveback user set maria --no-digest
    """

    with accounts_session() as session:
        found = get_user(session, name)
        set_digest_preferences(
            session,
            found,
            email=email,
            weekday=digest_day,
            hour=digest_hour,
            timezone=timezone,
            opt_out=None if digest is None else not digest,
        )
        row = _user_dict(found)
    click.echo(f"{row['name']}: {row['email'] or 'no email'}; digest: {row['digest']}")


@click.group()
def token() -> None:
    """API bearer tokens: shown once when created, stored only as a hash.

    \b
    Example:
      giveback token create maria --label laptop
      curl -H "Authorization: Bearer gb_..." http://127.0.0.1:8000/suggestions/next
    """


@token.command("create")
@click.argument("name")
@click.option("--label", default="", help="What the token is for (shown in lists).")
def token_create(name: str, label: str) -> None:
    """Create a bearer token for user NAME and print it (it cannot be shown again).

    \b
    Example:
      giveback token create maria --label laptop
    """

    with accounts_session() as session:
        new = create_token(session, get_user(session, name), label)
    click.echo(new.token)
    click.echo(
        f"(token {new.token_id} for {new.user_name}; keep it secret, it is shown once)", err=True
    )


@token.command("revoke")
@click.argument("name")
@click.argument("token_id", type=int)
def token_revoke(name: str, token_id: int) -> None:
    """Revoke token TOKEN_ID of user NAME; requests with it fail from now on.

    \b
    Example:
      giveback token revoke maria 3
    """

    with accounts_session() as session:
        revoke_token(session, get_user(session, name), token_id)
    click.echo(f"Revoked token {token_id} of {name}.")
