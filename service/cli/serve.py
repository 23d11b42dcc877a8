"""``giveback serve``: the API and the web page, with uvicorn, on loopback by default."""

from __future__ import annotations

import click
import uvicorn

from giveback.core.settings import get_settings
from giveback.service.api.serving import server_options
from giveback.service.app import create_app


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
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(host: str | None, port: int | None, log_level: str) -> None:
    """Serve the API (docs at /docs) and the paste-in web page.

    The NLP models load once at start-up. Users sign in with a token from
    `giveback token create NAME`. Listening beyond loopback exposes personal notes: put it
    behind TLS if you do. A client that leaves its request unfinished is closed after
    GIVEBACK_READ_TIMEOUT seconds of silence (10).

    \b
    Example:
      giveback user add me && giveback token create me
      giveback serve --port 8000
    """

    settings = get_settings()
    bind_host = host or settings.host
    if bind_host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {bind_host}: other machines can reach the service", err=True
        )
    uvicorn.run(
        create_app(),
        host=bind_host,
        port=port or settings.port,
        log_level=log_level,
        workers=1,
        # Read timeouts and a cap on slow clients (GIVEBACK_READ_TIMEOUT, ...).
        **server_options(settings),
    )
