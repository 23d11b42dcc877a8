"""Listening: the spaCy pipeline that turns a note into signals.

Public API: :data:`EXTRACTOR_VERSION`, :class:`Listener` and :func:`get_listener`.
"""

from giveback.pipelines.extraction.listener import EXTRACTOR_VERSION, Listener, get_listener

__all__ = ["EXTRACTOR_VERSION", "Listener", "get_listener"]
