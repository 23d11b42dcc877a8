"""``giveback catalog``: import the gives you can offer from files, and list them.

Imports stay light: parsing needs no model, and the embedding model is loaded only when an
import has new text to embed (``--no-embed`` skips that step; vectors are then computed the
first time suggestions need them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from giveback.core.errors import GivebackError, ModelUnavailable
from giveback.core.settings import get_settings
from giveback.core.textio import read_bytes
from giveback.engine.catalog.embedding_cache import missing_count
from giveback.engine.catalog.importing import catalog_texts, embed_texts, parse_import, store_import
from giveback.engine.catalog.store import list_items
from giveback.pipelines.importers import MAX_FILE_BYTES
from giveback.service.cli import render
from giveback.service.cli.context import App, app_of, emit_json, warn
from giveback.service.cli.jobs import imports, queue_owner
from giveback.service.cli.support import FILE_ARG, progressbar_if
from giveback.service.jobs.imports import queue_import
from giveback.service.jobs.queue import queue_errors
from giveback.service.jobs.tasks import deferring_app

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The canonical names of giveback.pipelines.importers.FORMATS (a test keeps the two in step);
# spelled
# out here so that `--help` does not import the parsers.
FORMATS = (
    "auto",
    "jsonl",
    "csv",
    "vcard",
    "linkedin",
    "google-csv",
    "outlook-csv",
    "rss",
    "atom",
    "opml",
    "urls",
)
ITEM_TYPES = ("article", "contact", "offer")
# Below these counts a progress bar would flash by; above them it tells the user we are alive.
_BAR_RECORDS = 1000
_BAR_TEXTS = 256


@click.group()
def catalog() -> None:
    """The catalog of gives: articles to send, people to introduce, offers of your own.

    \b
    Example:
      giveback catalog import gives.jsonl
      giveback catalog list --type contact
    """


def embed_catalog(session: Session, app: App) -> int:
    """Embed every catalog item's text not yet cached for the model; returns how many."""

    encoder = app.embedder()
    texts = catalog_texts(session)
    todo = missing_count(session, encoder.model_id, texts)
    if todo:
        with progressbar_if(todo, "Embedding the catalog", _BAR_TEXTS) as bar:
            embed_texts(session, encoder, texts, progress=bar.update)
    return todo


def summary_line(summary: dict[str, Any]) -> str:
    """The one-line outcome of an import."""
    name = Path(summary["file"]).name if summary["file"] != "-" else "standard input"
    return (
        f"Imported {name} ({summary['format']}): {summary['imported']} new, "
        f"{summary['updated']} updated, {summary['unchanged']} unchanged, "
        f"{summary['skipped']} skipped."
    )


@catalog.command("import")
@click.argument("file", type=FILE_ARG)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="auto",
    show_default=True,
    help="File format; auto recognises it from the content, not only the file name.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option(
    "--no-embed",
    is_flag=True,
    help="Store only; embed the items later, when suggestions first need them.",
)
@click.option(
    "--queue",
    "queued",
    is_flag=True,
    help="Check and store the file now; a worker imports it (PostgreSQL only).",
)
@click.pass_context
def catalog_import(
    ctx: click.Context, file: str, fmt: str, as_json: bool, no_embed: bool, queued: bool
) -> None:
    """Import gives from a file: JSON Lines or CSV of your own, contacts, feeds or URL lists.

    \b
    Formats (auto recognises each from the content):
      jsonl, csv     keys id, type (article, contact or offer), title, text, url, tags
      vcard          .vcf from a phone, Outlook, Thunderbird, ...
      linkedin       LinkedIn's Connections.csv export
      google-csv     a Google Contacts export
      outlook-csv    an Outlook contacts export
      rss, atom      a feed saved to a file: its entries become articles
      opml           a feed reader's subscription list: each feed becomes an article
      urls           one URL per line, optionally with a title

    Nothing is fetched from the network. A contact with the name or e-mail of someone you
    already know is linked to that person: one person, never two. Importing the same file
    again updates items in place and never duplicates them. A file that cannot be imported
    is refused as a whole (nothing from it is stored); a damaged one imports what can be
    read and says what it skipped. With --queue (the store is PostgreSQL), the file is
    checked and stored at once and `giveback worker` imports and embeds it; `giveback
    catalog imports` says how it went.

    \b
    Example:
      giveback catalog import gives.jsonl
      giveback catalog import Connections.csv --format linkedin --json
      giveback catalog import subscriptions.xml --no-embed
      giveback --user maria catalog import all-contacts.vcf --queue
    """

    megabytes = MAX_FILE_BYTES // (1024 * 1024)
    data = read_bytes(file, MAX_FILE_BYTES, limit=f"an import file may be at most {megabytes} MB")
    if queued:
        _queue(app_of(ctx), data, "standard-input" if file == "-" else file, fmt, as_json)
        return
    parsed = parse_import(data, "standard input" if file == "-" else file, fmt.lower())
    parsed.summary.file = file
    app = app_of(ctx)
    embed_error = None
    with app.session() as session:
        with progressbar_if(len(parsed.records), "Importing", _BAR_RECORDS) as bar:
            summary = store_import(session, parsed, f"import:{Path(file).name}", bar.update)
        if not no_embed:
            try:
                embed_catalog(session, app)
            except ModelUnavailable as exc:
                embed_error = exc
    result = summary.to_dict()
    if as_json:
        emit_json(result)
    else:
        click.echo(summary_line(result))
        for warning in summary.warnings:
            warn(warning)
    if embed_error is not None:
        raise GivebackError(
            f"the items are stored but could not be embedded ({embed_error}); "
            "they are embedded when suggestions first need them"
        )


def _queue(app: App, data: bytes, filename: str, fmt: str, as_json: bool) -> None:
    owner = queue_owner(app)
    settings = get_settings()
    with queue_errors():
        queue = deferring_app(settings)
        upload = queue_import(queue, settings, owner, filename, fmt.lower(), data)
    if as_json:
        emit_json(upload.to_dict())
    else:
        click.echo(
            f"Queued import {upload.id} of {upload.filename} ({upload.format}); "
            "`giveback catalog imports` shows how it goes."
        )


catalog.add_command(imports)


@catalog.command("list")
@click.option("--type", "item_type", type=click.Choice(ITEM_TYPES), help="Only this type.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of items.")
@click.pass_context
def catalog_list(ctx: click.Context, item_type: str | None, as_json: bool) -> None:
    """List the gives in the catalog: id, type, title and url.

    The id is the one given at import; use it with `giveback give --item ID`.

    \b
    Example:
      giveback catalog list
      giveback catalog list --type article --json | jq -r '.[].url'
    """

    with app_of(ctx).session() as session:
        items: list[dict[str, Any]] = [
            {"id": i.external_id, "type": i.type, "title": i.title, "url": i.url}
            for i in list_items(session, item_type)
        ]
    if as_json:
        emit_json(items)
        return
    if not items:
        what = f"{item_type}s" if item_type else "gives"
        click.echo(f"No {what} in the catalog yet. Import some: giveback catalog import FILE")
        return
    rows = [[i["id"], i["type"], i["title"], i["url"] or ""] for i in items]
    for line in render.table(("id", "type", "title", "url"), rows, max_widths=(36, 0, None, None)):
        click.echo(line)
    click.echo(render.plural(len(items), "item"))
