"""Text folded for matching words written in different hands: lower case, no accents."""

from __future__ import annotations

import unicodedata


def folded(text: str) -> str:
    """``text`` in lower case without accents ("Gráinne" is "grainne", "Québec" "quebec")."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch))
