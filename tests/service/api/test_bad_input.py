"""Bad input at the HTTP edge: always a clear 4xx with a JSON ``detail``, never a 500, and
nothing half-stored (the store's row counts are the same before and after).

On SQLite files and on PostgreSQL (the registry and every store in one database).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.support.api import SeededApi, serve_in_thread

if TYPE_CHECKING:
    # Starlette's test client answers with httpx2's responses (when httpx2 is missing it
    # falls back to httpx, but its types name httpx2); real HTTP here goes through httpx.
    import httpx2

TWO_MB = 2 * 1024 * 1024


def _garbage(size: int, seed: int = 5) -> bytes:
    """Reproducible random bytes: what a pasted binary file looks like."""
    return random.Random(seed).randbytes(size)


@pytest.fixture
def api(seeded_api_both: SeededApi) -> Iterator[SeededApi]:
    """The seeded app; every test here must leave ann's and bob's stores exactly as they were."""
    seeded = seeded_api_both
    before = (seeded.env.counts(seeded.ann), seeded.env.counts(seeded.bob))
    yield seeded
    after = (seeded.env.counts(seeded.ann), seeded.env.counts(seeded.bob))
    assert after == before, "a refused request changed the store"


def _refused(
    answer: httpx.Response | httpx2.Response, status: int | tuple[int, ...], *words: str
) -> str:
    """The ``detail`` of a refusal with the expected status, naming each of ``words``."""
    expected = status if isinstance(status, tuple) else (status,)
    assert answer.status_code in expected, (answer.status_code, answer.text[:500])
    assert answer.headers["content-type"].startswith("application/json")
    detail = answer.json()["detail"]
    assert detail, answer.text
    text = json.dumps(detail).lower()
    for word in words:
        assert word.lower() in text, (word, detail)
    return text


def _post_note(api: SeededApi, **body: Any) -> httpx2.Response:
    return api.client.post("/notes", json=body, headers=api.ann.headers)


# -- notes ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", " \n\t \r\n "])
def test_an_empty_or_blank_note_is_refused_with_a_reason(api: SeededApi, text: str) -> None:
    answer = _post_note(api, contact_name="Nobody New", text=text)
    _refused(answer, 422, "empty")


def test_a_two_megabyte_note_gets_413_with_the_limit_in_the_message(api: SeededApi) -> None:
    answer = _post_note(api, contact_name="Maria Lopez", text="word " * (TWO_MB // 5))
    detail = _refused(answer, 413, "bytes", "at most")
    assert "1,048,576" in detail  # the cap, stated


def test_a_chunked_two_megabyte_body_without_length_gets_413(api: SeededApi) -> None:
    payload = json.dumps({"contact_name": "Maria Lopez", "text": "x" * TWO_MB}).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(payload), 64 * 1024):
            yield payload[start : start + 64 * 1024]

    answer = api.client.post(
        "/notes", content=chunks(), headers={**api.ann.headers, "Content-Type": "application/json"}
    )
    _refused(answer, 413, "bytes", "at most")


def test_over_real_http_a_big_body_is_refused_before_it_is_read(api: SeededApi) -> None:
    # Through uvicorn the body arrives in pieces: the cap must hold as they stream in, and the
    # connection must be closed cleanly rather than the client left sending.
    payload = json.dumps({"contact_name": "Maria Lopez", "text": "x" * TWO_MB}).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(payload), 16 * 1024):
            yield payload[start : start + 16 * 1024]

    with (
        serve_in_thread(api.env.app()) as base,
        httpx.Client(base_url=base, headers=api.ann.headers, timeout=60) as http,
    ):
        for content in (payload, chunks()):
            answer = http.post(
                "/notes", content=content, headers={"Content-Type": "application/json"}
            )
            _refused(answer, 413, "bytes", "at most")
        assert http.get("/health").status_code == 200  # and the server is fine


def test_a_note_over_the_character_limit_is_refused(api: SeededApi) -> None:
    # Under the byte cap, over the note's own limit of 100,000 characters.
    answer = _post_note(api, contact_name="Maria Lopez", text="a" * 100_001)
    _refused(answer, 422, "100000")


@pytest.mark.parametrize(
    "body",
    [
        b'{"contact_name": "Maria Lopez", "text": ',
        b"{'contact_name': 'Maria Lopez'}",
        b'{"contact_name": "Maria Lopez", "text": "hi",}',
        b"",
    ],
)
def test_invalid_json_is_a_clear_422(api: SeededApi, body: bytes) -> None:
    answer = api.client.post(
        "/notes", content=body, headers={**api.ann.headers, "Content-Type": "application/json"}
    )
    _refused(answer, 422)


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/octet-stream", "text/plain"]
)
def test_a_body_of_binary_garbage_is_a_clear_4xx(api: SeededApi, content_type: str) -> None:
    answer = api.client.post(
        "/notes", content=_garbage(4096), headers={**api.ann.headers, "Content-Type": content_type}
    )
    _refused(answer, (400, 422))


@pytest.mark.parametrize(
    "text",
    [
        "".join(chr(c) for c in range(1, 32)) * 40,  # control characters throughout
        "\ufffd" * 500,  # what undecodable bytes become
        "Met Maria. " + "\x00" * 10 + " She needs a lawyer.",  # NUL bytes inside text
        _garbage(3000).decode("latin-1"),  # binary read as Latin-1
    ],
)
def test_a_json_note_of_binary_garbage_is_refused(api: SeededApi, text: str) -> None:
    answer = _post_note(api, contact_name="Maria Lopez", text=text)
    _refused(answer, 422, "binary")


def test_a_lone_surrogate_in_json_is_refused(api: SeededApi) -> None:
    # Valid JSON, but no text: a lone surrogate cannot be stored as UTF-8.
    body = b'{"contact_name": "Maria Lopez", "text": "She needs a lawyer \\ud800 soon"}'
    answer = api.client.post(
        "/notes", content=body, headers={**api.ann.headers, "Content-Type": "application/json"}
    )
    _refused(answer, 422, "unicode")


@pytest.mark.parametrize(
    "body,field",
    [
        ({"contact_name": "Maria Lopez", "text": 123}, "text"),
        ({"contact_name": ["Maria"], "text": "hi"}, "contact_name"),
        ({"contact_id": "abc", "text": "hi"}, "contact_id"),
        ({"contact_name": "Maria Lopez", "text": "hi", "note_date": "yesterday"}, "note_date"),
        ({"contact_name": "Maria Lopez", "text": "hi", "note_date": 20261120}, "note_date"),
        ({"contact_name": "Maria Lopez", "text": "hi", "colour": "red"}, "colour"),
        ({"text": "hi"}, "contact"),
        ({"contact_name": "Maria Lopez", "contact_id": 1, "text": "hi"}, "contact"),
        ({"contact_name": "x" * 201, "text": "hi"}, "contact_name"),
        ({"contact_name": "   ", "text": "hi"}, "contact_name"),
    ],
)
def test_wrong_types_and_shapes_name_the_field(
    api: SeededApi, body: dict[str, Any], field: str
) -> None:
    _refused(_post_note(api, **body), 422, field)


@pytest.mark.parametrize("body", [[], None, "a note", 42, [{"text": "hi"}]])
def test_a_body_that_is_not_an_object_is_refused(api: SeededApi, body: Any) -> None:
    answer = api.client.post(
        "/notes",
        content=json.dumps(body),
        headers={**api.ann.headers, "Content-Type": "application/json"},
    )
    _refused(answer, 422)


def test_a_note_for_an_unknown_contact_id_is_404(api: SeededApi) -> None:
    _refused(_post_note(api, contact_id=987_654_321, text="She needs a lawyer."), 404, "no contact")


# -- other routes ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/contacts/1",
        "/contacts/1/notes",
        "/contacts/1/signals",
        "/contacts/1/suggestions",
        "/contacts/1/ledger",
        "/notes/1",
        "/signals/1",
        "/catalog/1",
        "/contacts/999999999999",
        "/notes/9223372036854775807",
    ],
)
def test_unknown_ids_are_404(api: SeededApi, path: str) -> None:
    _refused(api.client.get(path, headers=api.ann.headers), 404, "no ")


@pytest.mark.parametrize(
    "path",
    [
        "/contacts/99999999999999999999999999",
        "/notes/9223372036854775808",
        "/notes/abc",
        "/signals/1.5",
        "/catalog/%00",
        "/contacts/1e3",
        "/notes/-5",
        "/catalog/0",
        "/contacts/1/notes?limit=1e9",
        "/notes?contact_id=99999999999999999999",
    ],
)
def test_ids_that_are_no_ids_are_a_clear_4xx(api: SeededApi, path: str) -> None:
    _refused(api.client.get(path, headers=api.ann.headers), (404, 422))


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=201",
        "limit=abc",
        "offset=-1",
        "offset=99999999999999999999",
    ],
)
def test_bad_paging_is_422(api: SeededApi, query: str) -> None:
    _refused(api.client.get(f"/notes?{query}", headers=api.ann.headers), 422)


@pytest.mark.parametrize("path", ["/suggestions/next", "/contacts/{cid}/suggestions"])
@pytest.mark.parametrize(
    "as_of", ["0001-01-01", "9999-12-31", "2026-02-30", "soon", "0.0", "1767225600"]
)
def test_dates_out_of_range_are_422_not_500(api: SeededApi, path: str, as_of: str) -> None:
    cid = api.ann_net.contacts["Maria Lopez"]
    answer = api.client.get(path.format(cid=cid), params={"as_of": as_of}, headers=api.ann.headers)
    _refused(answer, 422, "as_of")


@pytest.mark.parametrize("note_date", ["0001-01-01", "9999-12-31", 0.0, 1767225600])
def test_a_note_date_out_of_range_is_422(api: SeededApi, note_date: str) -> None:
    answer = _post_note(
        api, contact_name="Maria Lopez", text="She needs a lawyer.", note_date=note_date
    )
    _refused(answer, 422, "note_date")


@pytest.mark.parametrize(
    "body,status,word",
    [
        ({"type": "article", "title": "   "}, 422, "title"),
        ({"type": "video", "title": "A talk"}, 422, "type"),
        ({"type": "contact", "title": "x" * 501}, 422, "title"),
        ({"type": "article", "title": "A", "tags": "not-a-list"}, 422, "tags"),
        ({"type": "article", "title": "A", "text": "t" * 20_001}, 422, "text"),
    ],
)
def test_bad_catalog_items_are_refused(
    api: SeededApi, body: dict[str, Any], status: int, word: str
) -> None:
    _refused(api.client.post("/catalog", json=body, headers=api.ann.headers), status, word)


def test_bad_feedback_is_refused(api: SeededApi) -> None:
    cid = api.ann_net.contacts["Maria Lopez"]
    item = api.ann_net.items["con-priya"]
    post = api.client.post
    _refused(
        post(
            "/feedback",
            json={"contact_id": cid, "item_id": item, "action": "snooze"},
            headers=api.ann.headers,
        ),
        422,
        "until",
    )
    _refused(
        post(
            "/feedback",
            json={"contact_id": cid, "item_id": item, "action": "love"},
            headers=api.ann.headers,
        ),
        422,
        "action",
    )
    _refused(
        post(
            "/feedback",
            json={"contact_id": cid, "item_id": 123, "action": "done"},
            headers=api.ann.headers,
        ),
        404,
        "no catalog item",
    )
    _refused(
        post(
            "/feedback",
            json={"contact_id": 123, "item_id": item, "action": "done"},
            headers=api.ann.headers,
        ),
        404,
        "no contact",
    )


@pytest.mark.parametrize(
    "raw",
    [
        b'{"contact_id": %d, "direction": "given", "kind": "advice", "value": NaN}',
        b'{"contact_id": %d, "direction": "given", "kind": "advice", "value": Infinity}',
        b'{"contact_id": %d, "direction": "given", "kind": "advice", "value": -3}',
        b'{"contact_id": %d, "direction": "sideways", "kind": "advice"}',
        b'{"contact_id": %d, "direction": "given", "kind": "advice", "entry_date": "9999-12-31"}',
    ],
)
def test_bad_ledger_entries_are_refused(api: SeededApi, raw: bytes) -> None:
    body = raw % api.ann_net.contacts["Maria Lopez"]
    answer = api.client.post(
        "/ledger", content=body, headers={**api.ann.headers, "Content-Type": "application/json"}
    )
    _refused(answer, 422)


def test_a_contact_that_exists_already_is_409(api: SeededApi) -> None:
    answer = api.client.post("/contacts", json={"name": "maria  LOPEZ"}, headers=api.ann.headers)
    _refused(answer, 409, "already exists")


def test_a_wrong_method_is_405_and_an_unknown_path_404(api: SeededApi) -> None:
    _refused(api.client.delete("/notes", headers=api.ann.headers), 405)
    _refused(api.client.get("/nowhere", headers=api.ann.headers), 404)
