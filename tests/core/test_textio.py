"""Reading user input: JSON whose nesting would exhaust the parser is refused as such."""

from __future__ import annotations

import json

import pytest

from giveback.core.textio import MAX_JSON_DEPTH, JSONTooDeep, parse_json


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_as_deep_as_allowed_is_read() -> None:
    value = parse_json(nested(MAX_JSON_DEPTH))
    assert isinstance(value, list)
    assert parse_json('{"a": [1, {"b": "c"}]}') == {"a": [1, {"b": "c"}]}
    assert parse_json("3") == 3


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 500, 100_000])
def test_json_nested_deeper_is_refused_without_recursion_error(depth: int) -> None:
    with pytest.raises(JSONTooDeep, match=f"nested more than {MAX_JSON_DEPTH} levels deep"):
        parse_json('{"a": ' + nested(depth) + "}")


def test_malformed_json_is_still_a_decode_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        parse_json("{nope")
