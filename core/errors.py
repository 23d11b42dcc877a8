"""Domain errors. The CLI and the HTTP API each map these to their own errors in one place."""

from __future__ import annotations


class GivebackError(Exception):
    """Base of every error Giveback raises on purpose."""


class InvalidInput(GivebackError):
    """The input cannot be accepted as it is (empty, too large, undecodable, malformed)."""


class NotFound(GivebackError):
    """A record the caller named does not exist."""


class ImportRefused(InvalidInput):
    """A whole import file is refused; nothing from it was stored."""


class ModelUnavailable(GivebackError):
    """A configured NLP model is not installed on this machine."""


class Unauthorized(GivebackError):
    """A request carries no valid credentials (a missing, unknown or revoked token)."""


class Conflict(InvalidInput):
    """The input clashes with a record that already exists (a contact of that name)."""


class CopyIncomplete(GivebackError):
    """A copy from one database to another did not arrive whole (counts differ)."""


class QueueUnavailable(GivebackError):
    """The job queue cannot be used: it needs PostgreSQL, or its schema is not this version's."""
