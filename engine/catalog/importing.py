"""Importing a file into the catalog of gives, and embedding the catalog.

The two steps are separate transactions on purpose: the import is committed first (all of the
file or nothing of it), then the items are embedded. If embedding fails (no model on this
machine, a crash), the catalog is intact and the vectors are computed the next time they are
needed, because :func:`giveback.engine.catalog.embedding_cache.cached_vectors` embeds only what is
missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from giveback.core.domain import CatalogRecord
from giveback.engine.catalog.embedding_cache import Encoder, cached_vectors
from giveback.engine.catalog.index import indexed_texts
from giveback.engine.catalog.store import ImportSummary, upsert_records
from giveback.pipelines.importers import parse_file

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """An import file parsed into records, not yet stored."""

    summary: ImportSummary
    records: tuple[CatalogRecord, ...]


def parse_import(data: bytes, filename: str, fmt: str = "auto") -> ParsedFile:
    """Parse an import file (raises ImportRefused for a file to refuse as a whole).

    The summary starts with what the parser skipped and warned about.
    """

    parsed = parse_file(data, filename, fmt)
    summary = ImportSummary(
        filename, parsed.format, skipped=parsed.skipped, warnings=list(parsed.warnings)
    )
    return ParsedFile(summary, parsed.records)


def store_import(
    session: Session, parsed: ParsedFile, source: str, progress: Progress | None = None
) -> ImportSummary:
    """Upsert the parsed records in one transaction and commit; on any error nothing is kept."""
    try:
        upsert_records(session, parsed.records, parsed.summary, source=source, progress=progress)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return parsed.summary


def import_catalog_file(
    session: Session,
    data: bytes,
    filename: str,
    fmt: str = "auto",
    progress: Progress | None = None,
) -> ImportSummary:
    """Parse and store one import file: :func:`parse_import` then :func:`store_import`."""
    return store_import(session, parse_import(data, filename, fmt), f"import:{filename}", progress)


def catalog_texts(session: Session) -> list[str]:
    """The text every catalog item is embedded and searched by, in id order."""

    return indexed_texts(session)[1]


def embed_texts(
    session: Session, encoder: Encoder, texts: list[str], progress: Progress | None = None
) -> None:
    """Embed and cache whatever of ``texts`` is not cached yet, then commit."""
    try:
        if texts:
            cached_vectors(session, encoder, texts, progress=progress)
        session.commit()
    except BaseException:
        session.rollback()
        raise
