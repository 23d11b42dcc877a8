"""The user's own need, written as an aside in a contact's note, is the user's (pure)."""

from __future__ import annotations

import pytest

from giveback.pipelines.learned.asides import users_aside


def _aside(text: str, clause: str) -> bool:
    start = text.index(clause)
    return users_aside(text, start, start + len(clause))


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        (
            "Looking for anything with driving. (I still need a mechanic for the Vios, asked "
            "him, he doesn't know anyone.)",
            "I still need a mechanic for the Vios",
        ),
        # The bracket may be part of the clause.
        ("Looking for work. (I still need a mechanic for the van.)", "(I still need a mechanic"),
        (
            "- pension letter sorted\n(Note to self: I still need a mortgage advisor who "
            "understands Polish income history.",
            "I still need a mortgage advisor who understands Polish income history",
        ),
        ("(for us: we still need a joiner for our own bay window, ask around)", "we still need a"),
        ("Note to self - I'm looking for a new dentist too", "I'm looking for a new dentist"),
    ],
)
def test_a_first_person_need_set_apart_is_the_users(text: str, clause: str) -> None:
    assert _aside(text, clause)


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        # Said in a transcript by the contact: "I" is them.
        ("Sam: I still need a lawyer for the lease", "I still need a lawyer"),
        # A bracket that does not say the user needs it.
        ("She's moving in May (I think she needs a van)", "she needs a van"),
        # The user's need said outside an aside: the model decides whose it is.
        ("We talked about vans. I still need a mechanic.", "I still need a mechanic"),
        # An aside about the contact.
        ("Note to self: she needs the form by Friday", "she needs the form by Friday"),
    ],
)
def test_anything_else_is_not_an_aside(text: str, clause: str) -> None:
    assert not _aside(text, clause)
