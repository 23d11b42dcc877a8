"""Files and folders only their owner can read: the stores, the registry, keys and caches.

Notes about people are personal data, so whatever Giveback creates to hold them is created
private from the start (folders 0700, files 0600), never made private afterwards. Folders and
files that exist already keep the modes their owner gave them.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(path: Path) -> None:
    """Create the folder ``path`` and every missing folder above it, each with mode 0700.

    ``Path.mkdir(parents=True)`` would make the folders above with the default mode (often
    0755), so each missing one is made here in turn. Raises :class:`OSError` as ``mkdir`` does,
    also when ``path`` is a file.
    """
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process (or a file: the next mkdir says so)
        os.chmod(folder, DIR_MODE)  # a umask that masks the owner's own bits is undone
    if not path.is_dir():
        raise FileExistsError(errno.EEXIST, "it exists and is not a folder", str(path))


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 unless it exists; whether it was created.

    A SQLite database made this way is an empty database, and SQLite gives its journal, WAL
    and shared-memory files the database file's mode.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    return True


def open_private(path: Path) -> int:
    """A file descriptor to write ``path`` afresh; a file it creates has mode 0600."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
