"""A matter a clause says is given up for good: "she is never doing them again", "never again".

The status model reads "social-media storytime reels: she is never doing them again" as an
active interest (0.94), and the ranker offered a guide to storytime reels. "Never ... again"
says the matter is over by the person's own choice, so an interest or a need said so is
negated, whatever the model leans to. The corpus has two such interests and needs (train and
dev), both labeled negated.
"""

from __future__ import annotations

import re

_NEVER_AGAIN = re.compile(
    r"\bnever\s+again\b"
    r"|\bnever\s+(?:(?:doing|going|touching|running|buying|using|playing|taking|trying|"
    r"making|joining|booking|paying)\b|going\s+to\s+\w+\b)[^.;!?]{0,30}?\bagain\b",
    re.IGNORECASE,
)


def given_up(clause: str) -> bool:
    """Whether a clause says something is given up for good ("never doing them again")."""
    return _NEVER_AGAIN.search(clause) is not None
