"""Large imports as jobs: the file is checked and stored at once, imported by a worker.

At the edge (the CLI, the API) the file is parsed, so a file that cannot be imported gets its
one clear error there and nothing is queued. A file that parses is stored with the queue
(:mod:`giveback.service.jobs.uploads`) and a job is queued for it, holding its user's lock, so
a user's imports and digest run one at a time. The job parses the stored file again, stores
its items in one transaction, and embeds them; the upload's row says how it went. A worker
that dies mid-import leaves the file queued, and the job is run again: importing the same
file twice updates items in place and never duplicates them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from procrastinate import App
from sqlalchemy.exc import OperationalError

from giveback.core.accounts_tables import User
from giveback.core.db import open_store
from giveback.core.errors import InvalidInput, ModelUnavailable
from giveback.core.settings import Settings
from giveback.engine.accounts.registry import UserStores
from giveback.engine.catalog.importing import (
    catalog_texts,
    embed_texts,
    parse_import,
    store_import,
)
from giveback.pipelines.embedding.encoder import get_embedder
from giveback.service.jobs.digests import user_lock
from giveback.service.jobs.uploads import (
    Upload,
    add_upload,
    claim_upload,
    fail_upload,
    finish_upload,
    get_upload,
    set_job,
    uploads_engine,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from giveback.engine.catalog.embedding_cache import Encoder

IMPORT_TASK = "giveback.catalog.import"


def queue_import(
    app: App, settings: Settings, user_id: int | None, filename: str, fmt: str, data: bytes
) -> Upload:
    """Check the file, store it and queue its import; the upload as queued.

    Raises what :func:`parse_import` raises for a file that cannot be imported (nothing is
    stored then).
    """
    parsed = parse_import(data, filename, fmt)  # the clear error, here and now
    engine = uploads_engine(settings)
    upload_id = add_upload(engine, user_id, Path(filename).name, parsed.summary.format, data)
    try:
        job_id = app.configure_task(
            IMPORT_TASK, lock=user_lock(user_id), queueing_lock=f"import:{upload_id}"
        ).defer(upload_id=upload_id)
    except Exception as exc:
        fail_upload(engine, upload_id, f"could not be queued: {exc}", final=True)
        raise
    set_job(engine, upload_id, job_id)
    return get_upload(engine, user_id, upload_id)


@functools.cache
def _own_store(url: str) -> sessionmaker[Session]:
    # The CLI's own store (no --user), opened once per process and URL.
    return open_store(url)


def _store_of(
    settings: Settings,
    user_id: int | None,
    accounts: sessionmaker[Session],
    stores: UserStores,
) -> sessionmaker[Session]:
    if user_id is None:
        return _own_store(settings.resolved_database_url())
    with accounts() as session:
        user = session.get(User, user_id)
        if user is None:
            raise InvalidInput(f"user {user_id} is no longer registered")
        session.expunge(user)
    return stores.sessions(user)


def run_import(
    settings: Settings,
    upload_id: int,
    accounts: sessionmaker[Session],
    stores: UserStores,
    encoder: Encoder | None = None,
    *,
    last_try: bool = False,
) -> Upload | None:
    """Import one stored upload into its user's catalog, then embed it; the upload as it
    ended (``None``: nothing to do, it was imported already).

    A file that cannot be imported fails for good. The database failing under it is raised,
    for the queue to try again, and leaves the upload queued for that try (on the
    ``last_try`` it fails for good). Any other error fails it for good, and is raised.
    """
    engine = uploads_engine(settings)
    claimed = claim_upload(engine, upload_id)
    if claimed is None:
        return None
    upload, data = claimed
    try:
        sessions = _store_of(settings, upload.user_id, accounts, stores)
        parsed = parse_import(data, upload.filename, upload.format)
        with sessions() as session:
            summary = store_import(session, parsed, f"import:{upload.filename}")
            try:
                embed_texts(session, encoder or get_embedder(), catalog_texts(session))
            except ModelUnavailable as exc:
                summary.warnings.append(
                    f"the items are stored but not embedded yet ({exc}); they are embedded "
                    "when suggestions first need them"
                )
    except InvalidInput as exc:
        fail_upload(engine, upload_id, str(exc), final=True)
        return get_upload(engine, upload.user_id, upload_id)
    except Exception as exc:
        retried = isinstance(exc, OperationalError) and not last_try
        fail_upload(engine, upload_id, f"{type(exc).__name__}: {exc}", final=not retried)
        raise
    finish_upload(engine, upload_id, summary.to_dict())
    return get_upload(engine, upload.user_id, upload_id)
