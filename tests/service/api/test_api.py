"""The HTTP API's main behaviours, through the real app: pasting notes, suggestions, feedback,
the catalog, paging on every list, tokens, and documentation with real examples."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import time
import typing
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

import giveback.service.api.schemas as api_schemas
from giveback.service.api.schemas.common import Page
from tests.support.api import (
    CATALOG,
    NOTES,
    ApiEnv,
    ApiUser,
    SeededApi,
    api_routes,
    page_all,
    seed_network,
)
from tests.support.fakes import FakeListener

MARIA_NOTE = NOTES[0]


def is_page(model: Any) -> bool:
    """Whether a response model is a :class:`Page` of something."""
    return inspect.isclass(model) and issubclass(model, Page)


@pytest.fixture(scope="module")
def api(seeded_api: SeededApi) -> SeededApi:
    """The seeded app, with a ledger, thank-yous and feedback for ann, so every list has rows."""
    client, ann, net = seeded_api.client, seeded_api.ann, seeded_api.ann_net
    maria, jordan = net.contacts["Maria Lopez"], net.contacts["Jordan Blake"]
    for day, text in [
        ("2026-09-02", "Maria is hiring two backend engineers this quarter."),
        ("2026-10-14", "Call with Maria. She wants an intro to a fintech VC."),
        ("2026-10-20", "Maria would like someone to look over her pitch deck."),
    ]:
        answer = client.post(
            "/notes",
            headers=ann.headers,
            json={"contact_id": maria, "note_date": day, "text": text},
        )
        assert answer.status_code == 201, answer.text
    for k, (direction, kind) in enumerate(
        [
            ("received", "introduction"),
            ("given", "advice"),
            ("received", "lead"),
            ("given", "article"),
            ("received", "hospitality"),
        ]
    ):
        answer = client.post(
            "/ledger",
            headers=ann.headers,
            json={
                "contact_id": maria if k % 2 else jordan,
                "direction": direction,
                "kind": kind,
                "description": f"favor {k}",
                "entry_date": f"2026-10-0{k + 1}",
            },
        )
        assert answer.status_code == 201, answer.text
    for item, action in [
        ("art-bridge", "dismiss"),
        ("art-sourdough", "dismiss"),
        ("art-trail", "done"),
    ]:
        answer = client.post(
            "/feedback",
            headers=ann.headers,
            json={"contact_id": maria, "item_id": net.items[item], "action": action},
        )
        assert answer.status_code == 200, answer.text
    needs = []
    for text in (
        "advice on trail running shoes for my first race",
        "someone who has trained for an ultramarathon",
        "tips on keeping a sourdough starter alive",
    ):
        answer = client.post("/needs", headers=ann.headers, json={"text": text})
        assert answer.status_code == 201, answer.text
        needs.append(answer.json()["id"])
    for need, contact in zip(needs, (maria, jordan, maria), strict=True):
        answer = client.post(
            "/asks",
            headers=ann.headers,
            json={"need_id": need, "contact_id": contact, "date": "2026-01-05"},
        )
        assert answer.status_code == 201, answer.text
    return seeded_api


# -- pasting notes --------------------------------------------------------------------------------
def test_a_pasted_note_answers_with_what_was_heard_and_the_gives(api: SeededApi) -> None:
    created = api.ann_net.notes[0]
    note = created["note"]
    assert note["processed"] is True and note["error"] is None
    assert note["text"] == MARIA_NOTE["text"] and note["source"] == "api"
    assert not created["duplicate"] and created["contact_created"]
    heard = {(s["kind"], s["phrase"]) for s in created["signals"]}
    assert ("need", "saas contracts lawyer") in heard
    assert ("interest", "trail running") in heard
    for signal in created["signals"]:  # every signal quotes its note, span and all
        span = note["text"][signal["start"] : signal["end"]]
        assert span and span in signal["evidence"] and signal["evidence"] in note["text"]
        assert signal["note_id"] == note["id"] and signal["status"] == "active"
    gives = {g["item_key"]: g for g in created["suggestions"]}
    assert "con-priya" in gives, gives.keys()
    priya = gives["con-priya"]
    assert priya["type"] == "contact" and priya["contact"] == "Maria Lopez"
    assert "lawyer" in priya["evidence"] and priya["reason"] and "Maria" in priya["draft"]
    assert priya["item_id"] == api.ann_net.items["con-priya"]
    assert "art-bridge" not in gives  # "contract bridge" is a near miss, not a give


def test_a_note_reads_back_with_the_same_signals(api: SeededApi) -> None:
    created = api.ann_net.notes[0]
    answer = api.client.get(f"/notes/{created['note']['id']}", headers=api.ann.headers)
    assert answer.status_code == 200
    detail = answer.json()
    assert detail["text"] == created["note"]["text"]
    assert [s["id"] for s in detail["signals"]] == [s["id"] for s in created["signals"]]


def test_a_note_is_stored_before_listening_and_kept_when_listening_fails(
    api_env: ApiEnv, ann: ApiUser
) -> None:
    # The scripted listener fails on "[fail]" as a crashing model would.
    app = api_env.app()
    app.state.models.listener_factory = FakeListener
    with TestClient(app) as client:
        text = "Met Sam. She needs [need:a designer] badly. [fail]"
        answer = client.post(
            "/notes", headers=ann.headers, json={"contact_name": "Sam Lee", "text": text}
        )
        assert answer.status_code == 201, answer.text
        created = answer.json()
        assert created["note"]["processed"] is False and created["signals"] == []
        assert any("listening failed" in w for w in created["warnings"])
        again = client.get(f"/notes/{created['note']['id']}", headers=ann.headers).json()
        assert again["text"] == text and again["error"] and not again["processed"]
    assert api_env.counts(ann)["notes"] == 1


def test_the_same_note_pasted_twice_is_stored_once(
    client: TestClient, ann: ApiUser, api_env: ApiEnv
) -> None:
    first = client.post("/notes", headers=ann.headers, json=MARIA_NOTE)
    assert first.status_code == 201, first.text
    before = api_env.counts(ann)
    # The same words with other spacing are the same note.
    again = client.post(
        "/notes",
        headers=ann.headers,
        json={**MARIA_NOTE, "text": "  " + MARIA_NOTE["text"].replace(" ", "  ")},
    )
    assert again.status_code == 200, again.text
    assert again.json()["duplicate"] is True
    assert again.json()["note"]["id"] == first.json()["note"]["id"]
    assert again.headers["Location"] == first.headers["Location"]
    assert [s["id"] for s in again.json()["signals"]] == [s["id"] for s in first.json()["signals"]]
    assert api_env.counts(ann) == before


def test_a_note_about_a_contact_by_id(api_env: ApiEnv, ann: ApiUser) -> None:
    with TestClient(api_env.app()) as client:
        made = client.post(
            "/contacts",
            headers=ann.headers,
            json={"name": "Priya Raman", "aliases": ["Priya"], "tier": "close"},
        )
        assert made.status_code == 201, made.text
        cid = made.json()["id"]
        assert made.headers["Location"] == f"/contacts/{cid}"
        answer = client.post(
            "/notes",
            headers=ann.headers,
            json={"contact_id": cid, "text": "Priya is looking for a bookkeeper for her firm."},
        )
        assert answer.status_code == 201, answer.text
        assert answer.json()["note"]["contact_id"] == cid
        assert not answer.json()["contact_created"]
        contact = client.get(f"/contacts/{cid}", headers=ann.headers).json()
        assert (contact["notes"], contact["tier"]) == (1, "close")
        assert contact["signals"] >= 1


# -- suggestions ----------------------------------------------------------------------------------
def test_contact_suggestions_rank_gives_for_one_relationship(api: SeededApi) -> None:
    jordan = api.ann_net.contacts["Jordan Blake"]
    answer = api.client.get(
        f"/contacts/{jordan}/suggestions", headers=api.ann.headers, params={"as_of": "2026-11-25"}
    )
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert page["items"], page
    assert {g["contact_id"] for g in page["items"]} == {jordan}
    assert page["items"][0]["item_key"] == "off-deck"
    # Jordan was promised nothing: the order is the scores'.
    assert not any(g["signal_kind"] == "commitment" for g in page["items"])
    scores = [g["score"] for g in page["items"]]
    assert scores == sorted(scores, reverse=True)
    assert page["total"] >= len(page["items"])


def test_next_gives_one_per_relationship_best_first(api: SeededApi) -> None:
    page = api.client.get(
        "/suggestions/next", headers=api.ann.headers, params={"as_of": "2026-11-25", "limit": 200}
    ).json()
    by_contact = {g["contact"]: g for g in page["items"]}
    assert len(by_contact) == len(page["items"]) == page["total"]
    assert by_contact["Jordan Blake"]["item_key"] == "off-deck"
    # Nothing in the catalog keeps Maria's promise of the checklist: a promise made within the
    # week comes first, as the honest reminder.
    maria = by_contact["Maria Lopez"]
    assert maria["item_key"].startswith("promise-")
    assert "pitch-deck checklist" in maria["reason"]
    scores = [g["score"] for g in page["items"]]
    assert scores == sorted(scores, reverse=True)
    for give in page["items"]:
        assert give["reason"] and give["draft"] and give["evidence"]


# -- paging ---------------------------------------------------------------------------------------
def test_every_list_route_is_a_page(api: SeededApi) -> None:
    for route in api_routes(api.client.app):
        model = route.response_model
        if typing.get_origin(model) in (list, tuple, set) or model in (list, tuple, set):
            pytest.fail(f"{route.path} answers a bare list: make it a Page")


def test_every_page_can_be_walked_with_limit_and_offset(api: SeededApi) -> None:
    maria = api.ann_net.contacts["Maria Lopez"]
    walked = {}
    for route in api_routes(api.client.app):
        if "GET" not in route.methods or not is_page(route.response_model):
            continue
        path = route.path.replace("{contact_id}", str(maria))
        assert "{" not in path, f"no id to walk {route.path} with"
        whole = api.client.get(path, headers=api.ann.headers, params={"limit": 50}).json()
        pages = page_all(api.client, api.ann, path, limit=2)
        assert pages == whole["items"], path
        assert whole["total"] == len(whole["items"]), path
        beyond = api.client.get(
            path, headers=api.ann.headers, params={"offset": whole["total"] + 5}
        ).json()
        assert beyond["items"] == [] and beyond["total"] == whole["total"], path
        walked[route.path] = whole["total"]
    # Every list holds more than one page (limit 2), so walking it meant something.
    assert all(total > 2 for total in walked.values()), {p: t for p, t in walked.items() if t <= 2}
    assert {
        "/contacts",
        "/notes",
        "/signals",
        "/catalog",
        "/feedback",
        "/ledger",
        "/ledger/thanks",
        "/suggestions/next",
        "/contacts/{contact_id}/notes",
        "/contacts/{contact_id}/signals",
        "/contacts/{contact_id}/suggestions",
        "/contacts/{contact_id}/ledger",
    } <= walked.keys()


def test_list_filters(api: SeededApi) -> None:
    maria = api.ann_net.contacts["Maria Lopez"]
    get = api.client.get
    for path in ("/notes", "/signals", "/feedback", "/ledger"):
        page = get(path, headers=api.ann.headers, params={"contact_id": maria}).json()
        assert page["items"] and all(i["contact_id"] == maria for i in page["items"]), path
    needs = get("/signals", headers=api.ann.headers, params={"kind": "need"}).json()
    assert needs["total"] >= 3 and {s["kind"] for s in needs["items"]} == {"need"}
    people = get("/catalog", headers=api.ann.headers, params={"type": "contact"}).json()
    assert [i["external_id"] for i in people["items"]] == ["con-priya"]
    found = get("/contacts", headers=api.ann.headers, params={"q": "mari"}).json()
    assert [c["name"] for c in found["items"]] == ["Maria Lopez"]


# -- feedback, ledger, catalog --------------------------------------------------------------------
def test_done_records_the_give_in_the_ledger_once(
    client: TestClient, ann: ApiUser, api_env: ApiEnv
) -> None:
    net = seed_network(client, ann)
    maria, priya = net.contacts["Maria Lopez"], net.items["con-priya"]
    body = {"contact_id": maria, "item_id": priya, "action": "done"}
    done = client.post("/feedback", headers=ann.headers, json=body)
    assert done.status_code == 200, done.text
    assert done.json()["changed"] is True
    entry_id = done.json()["ledger_entry_id"]
    ledger = client.get("/ledger", headers=ann.headers).json()["items"]
    assert [(e["id"], e["contact_id"], e["direction"], e["item_key"]) for e in ledger] == [
        (entry_id, maria, "given", "con-priya")
    ]
    assert client.get(f"/contacts/{maria}/ledger", headers=ann.headers).json()["total"] == 1
    gives = client.get(f"/contacts/{maria}/suggestions", headers=ann.headers).json()["items"]
    assert "con-priya" not in {g["item_key"] for g in gives}
    again = client.post("/feedback", headers=ann.headers, json=body).json()
    assert again["changed"] is False and again["ledger_entry_id"] == entry_id
    assert api_env.counts(ann)["ledger"] == 1


def test_snooze_hides_a_give_until_its_date_and_dismiss_for_good(
    client: TestClient, ann: ApiUser
) -> None:
    net = seed_network(client, ann)
    jordan = net.contacts["Jordan Blake"]
    path = f"/contacts/{jordan}/suggestions"

    def keys(as_of: date) -> set[str]:
        page = client.get(path, headers=ann.headers, params={"as_of": as_of.isoformat()})
        return {g["item_key"] for g in page.json()["items"]}

    day = date(2026, 11, 25)
    assert {"off-deck", "art-sourdough"} <= keys(day)
    # A snooze must end after today (the real one), whatever day the network is seen on.
    until = max(day, date.today()) + timedelta(days=10)
    snoozed = client.post(
        "/feedback",
        headers=ann.headers,
        json={
            "contact_id": jordan,
            "item_id": net.items["off-deck"],
            "action": "snooze",
            "until": until.isoformat(),
        },
    )
    assert snoozed.status_code == 200 and snoozed.json()["until"] == until.isoformat()
    client.post(
        "/feedback",
        headers=ann.headers,
        json={
            "contact_id": jordan,
            "item_id": net.items["art-sourdough"],
            "action": "dismiss",
            "reason": "already_has",
        },
    )
    assert not {"off-deck", "art-sourdough"} & keys(day)
    misplaced = client.post(
        "/feedback",
        headers=ann.headers,
        json={"contact_id": jordan, "item_id": net.items["off-deck"], "action": "done",
              "reason": "wrong_person"},
    )  # fmt: skip
    assert misplaced.status_code == 422 and "only for dismiss" in misplaced.text
    assert "off-deck" in keys(until + timedelta(days=1))
    assert "art-sourdough" not in keys(until + timedelta(days=1))
    actions = client.get("/feedback", headers=ann.headers).json()["items"]
    assert [(a["action"], a["reason"]) for a in actions] == [
        ("dismiss", "already_has"),
        ("snooze", None),
    ]


def test_a_favor_received_opens_a_thank_you(client: TestClient, ann: ApiUser) -> None:
    net = seed_network(client, ann)
    maria = net.contacts["Maria Lopez"]
    answer = client.post(
        "/ledger",
        headers=ann.headers,
        json={
            "contact_id": maria,
            "direction": "received",
            "kind": "introduction",
            "description": "Introduced me to Dana at Northwind",
            "entry_date": "2026-11-18",
        },
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["thank_open"] is True
    thanks = client.get("/ledger/thanks", headers=ann.headers).json()
    assert thanks["total"] == 1
    assert thanks["items"][0]["contact_id"] == maria and "Maria" in thanks["items"][0]["draft"]


def test_catalog_items_are_created_then_updated_in_place(
    client: TestClient, ann: ApiUser, api_env: ApiEnv
) -> None:
    item = {
        "external_id": "art-safe",
        "type": "article",
        "title": "The YC guide to SAFEs",
        "text": "How SAFE notes work.",
        "url": "https://example.org/safe",
        "tags": ["fundraising"],
    }
    made = client.post("/catalog", headers=ann.headers, json=item)
    assert made.status_code == 201, made.text
    item_id = made.json()["id"]
    assert made.headers["Location"] == f"/catalog/{item_id}"
    changed = client.post(
        "/catalog",
        headers=ann.headers,
        json={**item, "title": "The YC guide to SAFE notes", "tags": []},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["id"] == item_id
    stored = client.get(f"/catalog/{item_id}", headers=ann.headers).json()
    assert (stored["title"], stored["tags"]) == ("The YC guide to SAFE notes", [])
    unnamed = client.post(
        "/catalog", headers=ann.headers, json={"type": "offer", "title": "Review your pricing page"}
    )
    assert unnamed.status_code == 201 and unnamed.json()["external_id"]
    assert api_env.counts(ann)["catalog"] == 2


def test_a_catalog_person_is_the_contact_of_that_name(client: TestClient, ann: ApiUser) -> None:
    note = client.post("/notes", headers=ann.headers, json=MARIA_NOTE).json()
    maria = note["note"]["contact_id"]
    item = client.post(
        "/catalog",
        headers=ann.headers,
        json={"type": "contact", "title": "maria lopez", "text": "Fintech founder."},
    ).json()
    assert item["contact_id"] == maria
    assert client.get("/contacts", headers=ann.headers).json()["total"] == 1


def test_contact_tier_and_cadence_change(client: TestClient, ann: ApiUser) -> None:
    made = client.post("/contacts", headers=ann.headers, json={"name": "Sam Lee"}).json()
    path = f"/contacts/{made['id']}"
    changed = client.patch(path, headers=ann.headers, json={"tier": "close", "cadence_days": 14})
    assert changed.status_code == 200, changed.text
    assert changed.json()["tier"] == "close"
    kept = client.patch(path, headers=ann.headers, json={"cadence_days": 30}).json()
    assert kept["tier"] == "close"  # an absent field stays as it was


# -- access ---------------------------------------------------------------------------------------
def _call(client: TestClient, route: Any, headers: dict[str, str]) -> Any:
    path = (
        route.path.replace("{contact_id}", "1000000001")
        .replace("{note_id}", "1")
        .replace("{signal_id}", "1")
        .replace("{item_id}", "1")
    )
    method = sorted(route.methods)[0]
    return client.request(method, path, headers=headers, json={} if method != "GET" else None)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": "Bearer gb_" + "x" * 43},
        {"Authorization": "Basic YW5uOnNlY3JldA=="},
        {"Authorization": "gb_abc"},
        {"Authorization": "Bearer " + "gb_" * 500},
    ],
    ids=["none", "empty", "garbage", "unknown", "basic", "no-scheme", "huge"],
)
def test_every_route_but_health_needs_a_valid_token(
    api: SeededApi, headers: dict[str, str]
) -> None:
    before = api.env.counts(api.ann)
    for route in api_routes(api.client.app):
        answer = _call(api.client, route, headers)
        if route.path == "/health":
            assert answer.status_code == 200
            continue
        assert answer.status_code == 401, (route.path, answer.status_code, answer.text)
        assert answer.headers["WWW-Authenticate"] == "Bearer"
        assert answer.json() == {"detail": "a valid bearer token is required"}
    assert api.env.counts(api.ann) == before


def test_a_revoked_token_stops_working_at_once(
    client: TestClient, ann: ApiUser, api_env: ApiEnv
) -> None:
    spare = api_env.new_token(ann)
    assert client.get("/contacts", headers=ann.headers).status_code == 200
    api_env.revoke(ann)
    refused = client.get("/contacts", headers=ann.headers)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    assert client.post("/notes", headers=ann.headers, json=MARIA_NOTE).status_code == 401
    assert client.get("/contacts", headers=spare.headers).status_code == 200
    assert api_env.counts(ann)["notes"] == 0


def test_health_needs_no_token_and_reports_the_models_loaded(client: TestClient) -> None:
    deadline = time.monotonic() + 120
    answer = client.get("/health")
    while not answer.json()["models_loaded"] and time.monotonic() < deadline:
        time.sleep(0.05)
        answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "models_loaded": True}


def test_models_load_once_at_start_up_and_handlers_run_off_the_event_loop(
    api_env: ApiEnv, ann: ApiUser, listener: Any, embedder: Any
) -> None:
    loads: list[str] = []

    def load_listener() -> Any:
        loads.append("listener")
        return listener

    def load_encoder() -> Any:
        loads.append("encoder")
        return embedder

    from giveback.service.app import create_app

    app = create_app(
        api_env.accounts_url, listener_factory=load_listener, encoder_factory=load_encoder
    )
    with TestClient(app) as client:
        # Warming in the background: the service answers before the models are in memory.
        assert client.get("/health").status_code == 200
        app.state.models.load()  # waits for the warm-up, loads nothing twice
        assert sorted(loads) == ["encoder", "listener"]  # before any request
        for note in NOTES:
            assert client.post("/notes", headers=ann.headers, json=note).status_code == 201
        assert client.get("/suggestions/next", headers=ann.headers).status_code == 200
    assert sorted(loads) == ["encoder", "listener"]
    # Plain functions run in the worker pool: model work never holds the event loop.
    for route in api_routes(app):
        assert not inspect.iscoroutinefunction(route.endpoint), route.path


# -- documentation --------------------------------------------------------------------------------
def test_openapi_documents_every_body_with_a_real_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            body = op.get("requestBody")
            if body:
                ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                assert schemas[ref].get("examples"), f"{method} {path}: {ref} has no example"
            if path != "/health":
                assert op.get("security") == [{"HTTPBearer": []}], (method, path)
                assert {"401", "404", "422"} <= op["responses"].keys(), (method, path)
    for name in (
        "NoteCreated",
        "NoteDetail",
        "SignalPublic",
        "SuggestionPublic",
        "ContactPublic",
        "CatalogItemPublic",
        "LedgerEntryPublic",
        "ErrorBody",
    ):
        assert schemas[name].get("examples"), name
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_the_documented_examples_are_valid_bodies(client: TestClient) -> None:
    modules = [
        importlib.import_module(f"{api_schemas.__name__}.{info.name}")
        for info in pkgutil.iter_modules(api_schemas.__path__)
    ]
    assert len(modules) >= 6
    for module, name in [(m, n) for m in modules for n in dir(m)]:
        model = getattr(module, name)
        if not (inspect.isclass(model) and issubclass(model, BaseModel)) or model is Page:
            continue
        extra = model.model_config.get("json_schema_extra")
        examples = extra.get("examples", []) if isinstance(extra, dict) else []
        assert isinstance(examples, list), (name, examples)
        for example in examples:
            model.model_validate(example)


@pytest.fixture
def catalog_only(client: TestClient, ann: ApiUser) -> Iterator[TestClient]:
    """A client whose user has the catalog but no notes yet."""
    for item in CATALOG:
        assert client.post("/catalog", headers=ann.headers, json=item).status_code == 201
    yield client


def test_a_network_without_notes_has_no_gives_yet(catalog_only: TestClient, ann: ApiUser) -> None:
    page = catalog_only.get("/suggestions/next", headers=ann.headers).json()
    assert page == {"items": [], "total": 0, "limit": 50, "offset": 0}


def test_dates_are_sent_as_date_like_the_clis_date_option(api_env: ApiEnv, ann: ApiUser) -> None:
    with TestClient(api_env.app()) as client:
        _send_dates_both_ways(client, ann)


def _send_dates_both_ways(client: TestClient, ann: ApiUser) -> None:
    note = client.post(
        "/notes",
        headers=ann.headers,
        json={"contact_name": "Maria Lopez", "date": "2026-11-02", "text": "Coffee with Maria."},
    )
    assert note.status_code == 201, note.text
    assert note.json()["note"]["note_date"] == "2026-11-02"
    entry = client.post(
        "/ledger",
        headers=ann.headers,
        json={"contact_id": note.json()["note"]["contact_id"], "direction": "given",
              "kind": "advice", "date": "2026-11-03"},
    )  # fmt: skip
    assert entry.status_code == 201, entry.text
    assert entry.json()["entry_date"] == "2026-11-03"
    both = client.post(
        "/notes",
        headers=ann.headers,
        json={
            "contact_name": "Maria",
            "date": "2026-11-02",
            "note_date": "2026-11-03",
            "text": "x",
        },
    )
    assert both.status_code == 422


def test_a_promise_no_item_keeps_comes_as_a_reminder_without_an_item(
    api_env: ApiEnv, ann: ApiUser
) -> None:
    with TestClient(api_env.app()) as client:
        item = {"type": "article", "title": "Trail running for beginners", "text": "Shoes."}
        assert client.post("/catalog", headers=ann.headers, json=item).status_code == 201
        note = client.post(
            "/notes",
            headers=ann.headers,
            json={
                "contact_name": "Sam Ode",
                "date": "2026-11-02",
                "text": "Ride with Sam. I'll lend him my road bike for the race.",
            },
        )
        assert note.status_code == 201, note.text
        contact_id = note.json()["note"]["contact_id"]
        gives = client.get(
            f"/contacts/{contact_id}/suggestions",
            headers=ann.headers,
            params={"as_of": "2026-11-03"},
        ).json()["items"]
        (reminder,) = [g for g in gives if g["type"] == "promise"]
        assert reminder["item_id"] is None and reminder["item_key"].startswith("promise-")
        assert reminder["title"] == "Keep your promise: lend him my road bike for the race"


# -- rankings reused ------------------------------------------------------------------------------
def test_the_next_gives_are_ranked_once_per_state_of_the_store(
    client: TestClient, ann: ApiUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from giveback.service.api.routes import suggestions

    ranked: list[int] = []
    real = suggestions.suggester

    def counting(*args: Any) -> Any:
        ranked.append(1)
        return real(*args)

    monkeypatch.setattr(suggestions, "suggester", counting)
    for item in CATALOG:
        assert client.post("/catalog", headers=ann.headers, json=item).status_code in (200, 201)
    assert client.post("/notes", headers=ann.headers, json=NOTES[0]).status_code == 201
    params = {"as_of": "2026-11-25"}
    first = client.get("/suggestions/next", headers=ann.headers, params=params).json()
    again = client.get("/suggestions/next", headers=ann.headers, params=params).json()
    assert first == again and first["total"] >= 1 and len(ranked) == 1
    # Another day is another question; a new note changes the answer.
    client.get("/suggestions/next", headers=ann.headers, params={"as_of": "2026-11-26"})
    assert len(ranked) == 2
    assert client.post("/notes", headers=ann.headers, json=NOTES[1]).status_code == 201
    after = client.get("/suggestions/next", headers=ann.headers, params=params).json()
    assert len(ranked) == 3 and after["total"] > first["total"]
