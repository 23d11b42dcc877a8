"""Import files waiting for the queue, and what became of each: the table ``giveback_uploads``
in the queue's schema.

A file is stored here before its job is queued (store before you process): a worker that
dies mid-import leaves the file, and the retried job reads it again. Once imported, the file's
bytes are dropped and its summary kept. Every read is scoped to one user: nobody sees
another's uploads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB

from giveback.core.errors import NotFound
from giveback.core.postgres import schema_engine
from giveback.core.settings import Settings
from giveback.service.jobs.queue import QUEUE_SCHEMA, prepare_queue, queue_url

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
MAX_ATTEMPTS = 5  # tries of one upload, those cut short by a dead worker included

_METADATA = MetaData()
UPLOADS = Table(
    "giveback_uploads",
    _METADATA,
    Column("id", BigInteger, primary_key=True),
    Column("user_id", BigInteger),
    Column("filename", Text, nullable=False),
    Column("format", Text, nullable=False),
    Column("payload", LargeBinary),
    Column("status", Text, nullable=False),
    Column("job_id", BigInteger),
    Column("summary", JSONB),
    Column("error", Text),
    Column("attempts", Integer, nullable=False),
    Column("queued_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
)
_SHOWN = [c for c in UPLOADS.columns if c.name != "payload"]


@dataclass(frozen=True, slots=True)
class Upload:
    """An import file on the queue and its state (without its bytes)."""

    id: int
    user_id: int | None
    filename: str
    format: str
    status: str  # queued | running | done | failed
    job_id: int | None
    summary: dict[str, Any] | None
    error: str | None
    attempts: int
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: times as ISO 8601."""
        out: dict[str, Any] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, datetime) else value
        return out


def uploads_engine(settings: Settings) -> Engine:
    """The process's pool of connections, working in the queue's schema (made if missing)."""
    prepare_queue(settings)
    return schema_engine(QUEUE_SCHEMA, queue_url(settings))


def add_upload(engine: Engine, user_id: int | None, filename: str, fmt: str, payload: bytes) -> int:
    """Store an import file for the queue (committed); its id."""
    with engine.begin() as connection:
        new_id = connection.execute(
            UPLOADS.insert()
            .values(
                user_id=user_id,
                filename=filename,
                format=fmt,
                payload=payload,
                status=QUEUED,
                attempts=0,
                queued_at=func.now(),
            )
            .returning(UPLOADS.c.id)
        ).scalar_one()
    return int(new_id)


def set_job(engine: Engine, upload_id: int, job_id: int) -> None:
    """Note which job imports the upload."""
    with engine.begin() as connection:
        connection.execute(update(UPLOADS).where(UPLOADS.c.id == upload_id).values(job_id=job_id))


def claim_upload(engine: Engine, upload_id: int) -> tuple[Upload, bytes] | None:
    """Mark an upload running (one more attempt) and return it with its bytes; ``None`` when
    there is nothing to import: it is done, failed for good, gone, or it has stopped its
    worker ``MAX_ATTEMPTS`` times (a file that kills the process fails, instead of being
    tried forever and holding its user's other jobs back)."""
    with engine.begin() as connection:
        row = connection.execute(
            update(UPLOADS)
            .where(
                UPLOADS.c.id == upload_id,
                UPLOADS.c.status.in_((QUEUED, RUNNING)),
                UPLOADS.c.payload.is_not(None),
            )
            .values(status=RUNNING, attempts=UPLOADS.c.attempts + 1, started_at=func.now())
            .returning(*_SHOWN, UPLOADS.c.payload)
        ).one_or_none()
    if row is None:
        return None
    if row.attempts > MAX_ATTEMPTS:
        fail_upload(
            engine,
            upload_id,
            f"gave up after {MAX_ATTEMPTS} tries; the last ones stopped before they ended",
            final=True,
        )
        return None
    return _upload(row), bytes(row.payload)


def finish_upload(engine: Engine, upload_id: int, summary: dict[str, Any]) -> None:
    """The file is in the catalog: keep its summary, drop its bytes."""
    _finish(engine, upload_id, status=DONE, summary=json.loads(json.dumps(summary)), payload=None)


def fail_upload(engine: Engine, upload_id: int, error: str, *, final: bool) -> None:
    """The import failed: ``final`` for a file that will never import (its bytes are dropped);
    otherwise it waits, queued, for the job's next try."""
    if final:
        _finish(engine, upload_id, status=FAILED, error=error[:2000], payload=None)
    else:
        _finish(engine, upload_id, status=QUEUED, error=error[:2000], finished=False)


def _finish(engine: Engine, upload_id: int, *, finished: bool = True, **values: Any) -> None:
    if finished:
        values["finished_at"] = func.now()
    with engine.begin() as connection:
        connection.execute(update(UPLOADS).where(UPLOADS.c.id == upload_id).values(**values))


def get_upload(engine: Engine, user_id: int | None, upload_id: int) -> Upload:
    """One of the user's uploads, or NotFound (another user's is not found either)."""
    with engine.connect() as connection:
        row = connection.execute(
            select(*_SHOWN).where(UPLOADS.c.id == upload_id, _owned_by(user_id))
        ).one_or_none()
    if row is None:
        raise NotFound(f"no import {upload_id}")
    return _upload(row)


def list_uploads(engine: Engine, user_id: int | None, limit: int = 20) -> list[Upload]:
    """The user's latest uploads, newest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(*_SHOWN).where(_owned_by(user_id)).order_by(UPLOADS.c.id.desc()).limit(limit)
        ).all()
    return [_upload(row) for row in rows]


def _owned_by(user_id: int | None) -> Any:
    return UPLOADS.c.user_id.is_(None) if user_id is None else UPLOADS.c.user_id == user_id


def _upload(row: Any) -> Upload:
    return Upload(
        id=int(row.id),
        user_id=row.user_id,
        filename=row.filename,
        format=row.format,
        status=row.status,
        job_id=row.job_id,
        summary=row.summary,
        error=row.error,
        attempts=int(row.attempts),
        queued_at=row.queued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )
