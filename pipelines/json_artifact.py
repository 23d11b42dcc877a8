"""Small trained artifacts kept as JSON: versioned by the hash of their content.

The ask scorer and the hard-time detector are a few hundred numbers each; JSON keeps them
readable in a diff, and the version (the first 12 hex digits of the SHA-256 of the content,
keys sorted) changes exactly when the content does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from giveback.core.errors import ModelUnavailable


def content_version(content: Mapping[str, Any]) -> str:
    """The version of an artifact's content: a hash of it, keys sorted."""
    body = json.dumps(content, sort_keys=True).encode()
    return hashlib.sha256(body).hexdigest()[:12]


def save_versioned(path: Path, content: Mapping[str, Any]) -> None:
    """Write ``content`` to ``path`` as indented JSON, with its version beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({**content, "version": content_version(content)}, indent=2) + "\n",
        encoding="utf-8",
    )


Artifact = TypeVar("Artifact", bound="VersionedJson")


def load_checked(
    path: Path, what: str, rebuild: str, build: Callable[[dict[str, Any]], Artifact | None]
) -> Artifact | None:
    """The artifact ``build`` makes of the JSON at ``path``: ``None`` when there is no file
    (or ``build`` declines it: an artifact of other features). A file that does not read, does
    not build or whose content does not match its version is damaged: one ``ModelUnavailable``
    that names the ``what`` and the command that rebuilds it (``rebuild``)."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        artifact = build(data)
        if artifact is not None and artifact.version != data.get("version"):
            raise ValueError("its content does not match its version")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ModelUnavailable(
            f"the {what} {path} is damaged ({error}); rebuild it with `{rebuild}`"
        ) from error
    return artifact


class VersionedJson:
    """What a JSON artifact shares: its version and its file, both from :meth:`to_dict`."""

    def to_dict(self) -> dict[str, Any]:
        """What the artifact holds (each artifact says)."""
        raise NotImplementedError

    @property
    def version(self) -> str:
        """A hash of the artifact's content."""
        return content_version(self.to_dict())

    def save(self, path: Path) -> None:
        """Write the artifact (with its version)."""
        save_versioned(path, self.to_dict())
