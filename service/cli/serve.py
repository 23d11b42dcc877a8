"""``giveback serve``: the API and the web page, with uvicorn, on loopback by default."""

from __future__ import annotations

import click
import uvicorn

from giveback.core.errors import InvalidInput
from giveback.core.settings import get_settings
from giveback.pipelines.heap import short_lived_process
from giveback.service.api.serving import server_options
from giveback.service.app import create_app

APP_FACTORY = "giveback.service.app:create_app"


@click.command()
@click.option(
    "--host", default=None, help="Address to listen on (default 127.0.0.1, GIVEBACK_HOST)."
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port (default 8000, GIVEBACK_PORT).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes; more than one needs GIVEBACK_SECRET_KEY, shared by all of them.",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(host: str | None, port: int | None, workers: int, log_level: str) -> None:
    """Serve the API (docs at /docs) and the paste-in web page.

    The NLP models load once at start-up. Users sign in with a token from
    `giveback token create NAME`. Listening beyond loopback exposes personal notes: put it
    behind TLS if you do. A client that leaves its request unfinished is closed after
    GIVEBACK_READ_TIMEOUT seconds of silence (10).

    With --workers N, N processes share the port, each with its own models; what must not
    interleave (a note and its duplicate check, a store's migration) is locked across them
    (an advisory lock on PostgreSQL, a lock file beside a SQLite store). The links they sign
    must verify in any of them, so they need one key: GIVEBACK_SECRET_KEY.

    \b
    Example:
      giveback user add me && giveback token create me
      giveback serve --port 8000
      GIVEBACK_SECRET_KEY=... giveback serve --workers 4
    """

    short_lived_process(False)  # it keeps its models: collect before freezing them
    settings = get_settings()
    bind_host = host or settings.host
    if bind_host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {bind_host}: other machines can reach the service", err=True
        )
    if workers > 1 and not (settings.secret_key and settings.secret_key.get_secret_value()):
        raise InvalidInput(
            f"{workers} workers must sign and check links with one key: set "
            "GIVEBACK_SECRET_KEY (for example to the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
        )
    options = {
        "host": bind_host,
        "port": port or settings.port,
        "log_level": log_level,
        # Read timeouts and a cap on slow clients (GIVEBACK_READ_TIMEOUT, ...).
        **server_options(settings, workers=workers),
    }
    if workers == 1:
        uvicorn.run(create_app(), workers=1, **options)
    else:
        # Each worker process builds its own app (and loads its own models).
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, **options)
