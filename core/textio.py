"""Reading user-supplied text safely: size checked before reading, UTF-8 or a clear error.

Every error names the file it is about and says what to do, and nothing is read past the limit:
a 5 MB file is refused from its size alone. Only regular files (or standard input) are read,
and JSON is parsed with a bound on its nesting (:func:`parse_json`).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from typing import Any, BinaryIO

from giveback.core.errors import InvalidInput
from giveback.core.settings import get_settings

STDIN = "-"
# Deeper than any real export nests; deeper still would exhaust Python's recursion limit.
MAX_JSON_DEPTH = 100
# UTF-8 needs at most 4 bytes per character: a file above this cannot hold an acceptable note.
_BYTES_PER_CHAR = 4


def _human_size(n_bytes: int) -> str:
    if n_bytes >= 1024**3:
        return f"{n_bytes / 1024**3:.1f} GB"
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / (1024 * 1024):.1f} MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.0f} KB"
    return f"{n_bytes} bytes"


def source_name(path: str | os.PathLike[str]) -> str:
    """How to name an input in messages: the path, or "standard input"."""
    return "standard input" if str(path) == STDIN else str(path)


def decode_utf8(data: bytes, source: str) -> str:
    """``data`` as text (a UTF-8 byte-order mark is dropped), or :class:`InvalidInput`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise InvalidInput(
            f"{source} is not UTF-8 text (byte 0x{bad} at line {line}); "
            "save it as UTF-8, e.g. `iconv -f latin1 -t utf-8`"
        ) from None


def _too_big(source: str, size: str, limit: str) -> InvalidInput:
    return InvalidInput(f"{source} is {size}; {limit}")


def read_limited(stream: BinaryIO, max_bytes: int, source: str, limit: str) -> bytes:
    """Read at most ``max_bytes`` from ``stream``, or :class:`InvalidInput` if there is more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_big(source, f"over {_human_size(max_bytes)}", limit)
    return data


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _open_regular(path: str | os.PathLike[str], source: str) -> tuple[BinaryIO, int]:
    """``path`` opened for reading with its size, if it is a regular file; else InvalidInput.

    The file is opened without blocking and checked on the open descriptor: a named pipe
    would otherwise wait forever for a writer, and a check before opening could be raced.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InvalidInput(f"{source} does not exist") from None
    except PermissionError:
        raise InvalidInput(f"{source} cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise InvalidInput(f"{source} is a directory, not a file") from None
    except OSError as exc:  # a symbolic link loop, a name too long, a path through a file, ...
        reason = (exc.strerror or type(exc).__name__).lower()
        raise InvalidInput(f"{source} cannot be read ({reason})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{source} is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(
                f"{source} is {_kind_of(info.st_mode)}; give a regular file, "
                "or '-' to read standard input"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def read_bytes(
    path: str | os.PathLike[str],
    max_bytes: int,
    stdin: BinaryIO | None = None,
    limit: str | None = None,
) -> bytes:
    """The bytes of a file (or standard input for ``-``), refusing files over ``max_bytes``.

    Only a regular file (or ``-``) is read: a directory, a named pipe or a device is
    :class:`InvalidInput`. The size of the file is checked before any of it is read.
    ``limit`` says, for the error message, what the limit is ("a note may have at most
    100,000 characters").
    """
    source = source_name(path)
    limit = limit or f"the most Giveback accepts here is {_human_size(max_bytes)}"
    if str(path) == STDIN:
        if stdin is None:
            stdin = sys.stdin.buffer
        return read_limited(stdin, max_bytes, source, limit)
    stream, size = _open_regular(path, source)
    with stream:
        if size > max_bytes:
            raise _too_big(source, _human_size(size), limit)
        try:
            return read_limited(stream, max_bytes, source, limit)
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            raise InvalidInput(f"{source} cannot be read ({reason})") from None


def read_text(
    path: str | os.PathLike[str],
    max_bytes: int,
    stdin: BinaryIO | None = None,
    limit: str | None = None,
) -> str:
    """The UTF-8 text of a file (or standard input for ``-``), refusing files over ``max_bytes``.

    Sizes are checked as :func:`read_bytes` does; undecodable bytes are :class:`InvalidInput`.
    """
    return decode_utf8(read_bytes(path, max_bytes, stdin, limit), source_name(path))


def read_note_text(
    path: str | os.PathLike[str], stdin: BinaryIO | None = None, max_chars: int | None = None
) -> str:
    """The text of a note file: UTF-8, at most ``max_note_chars`` characters.

    Whether the text is empty is checked where the note is validated
    (:func:`giveback.engine.listening.notes.clean_note_text`), so the same rule holds for every way
    in.
    """
    max_chars = max_chars or get_settings().max_note_chars
    limit = f"a note may have at most {max_chars:,} characters; split it into several notes"
    text = read_text(path, max_chars * _BYTES_PER_CHAR, stdin=stdin, limit=limit)
    if len(text) > max_chars:
        raise _too_big(source_name(path), f"{len(text):,} characters long", limit)
    return text


class JSONTooDeep(ValueError):
    """JSON nested deeper than :data:`MAX_JSON_DEPTH` levels."""

    def __init__(self) -> None:
        super().__init__(f"its JSON is nested more than {MAX_JSON_DEPTH} levels deep")


def _too_deep(value: Any, limit: int) -> bool:
    # Iterative on purpose: walking a deep value recursively is what must not happen.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def parse_json(text: str) -> Any:
    """``json.loads`` for user input: JSON nested too deeply is :class:`JSONTooDeep`.

    Malformed JSON is :class:`json.JSONDecodeError` as usual (both are ``ValueError``).
    JSON nested thousands of levels deep would end ``json.loads`` in a ``RecursionError``,
    and a value nested hundreds deep in one later (printing it, storing it): neither passes.
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise JSONTooDeep() from None
    if isinstance(value, dict | list) and _too_deep(value, MAX_JSON_DEPTH):
        raise JSONTooDeep()
    return value


def _looks_binary(text: str) -> bool:
    # Real notes have next to no control characters; decoded binary has many (or U+FFFD).
    sample = text[:4000]
    odd = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\t"))
    return odd > max(2, len(sample) // 20)


def clean_note_text(text: str) -> str:
    """The note as stored: newlines normalized, outer whitespace stripped; else InvalidInput."""
    if not isinstance(text, str):
        raise InvalidInput(f"note text must be text, not {type(text).__name__}")
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        raise InvalidInput("note is empty (nothing but whitespace); write something to store")
    if "\x00" in cleaned:
        raise InvalidInput("note contains NUL bytes; it looks like a binary file, not text")
    if _looks_binary(cleaned):
        raise InvalidInput(
            "note is mostly control characters or undecodable bytes; "
            "it looks like a binary file, not text"
        )
    limit = get_settings().max_note_chars
    if len(cleaned) > limit:
        raise InvalidInput(
            f"note is {len(cleaned):,} characters long; a note may have at most {limit:,}. "
            "Split it into several notes"
        )
    return cleaned
