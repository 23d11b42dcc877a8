"""One user can never read, change or even learn of another user's records.

User B (bob) has records of every kind. User A (ann) tries every route the app serves (found
by walking the app's routes, so a new route cannot escape this test) with B's ids in every
place an id goes: path, query and body. Each answer must be 404 and read exactly like the
answer for an id that exists nowhere; nothing of B's may change; and nothing A lists may hold
anything of B's.

The suite runs twice: on SQLite (a file per user) and on PostgreSQL (the registry and every
user's store in one database, a schema per user; giveback.core.postgres).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from giveback.engine.accounts.registry import ID_RANGE
from tests.support.api import ApiUser, SeededApi, served_routes

# Which record each id parameter names, wherever it appears.
ID_PARAMS = {
    "contact_id": "contact",
    "note_id": "note",
    "signal_id": "signal",
    "item_id": "item",
    "entry_id": "entry",
    "feedback_id": "feedback",
    "thank_id": "thank",
    "need_id": "need",
    "ask_id": "ask",
}
# Keys the user chooses (not record ids): test_names_and_keys_b_uses_are_unknown_to_others.
USER_KEYS = {"external_id"}
# Path parameters that are not ids, and a value of B's to put there.
OTHER_PATH_PARAMS = {"rest": lambda ids: f"contacts/{ids['contact']}"}
# Routes whose credential is a signed token in the path (links in the digest email) rather
# than a signed-in user: the test signs a link for A that names B's records.
SIGNED_LINKS = {"/digest/act/{token}"}
# Signed links that name nothing but the user they were made for: no record of anyone else's
# can be put in them, so there is nothing to try.
SELF_ONLY_LINKS = {"/digest/unsubscribe/{token}"}
# Routes that are not part of any user's network: the docs and the static files.
NOT_RECORDS = {
    "/openapi.json",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/docs-assets",
    "/static",
}
SECRETS = ("Zelda", "Quince", "zq-secret", "harpsichord", "bob-secret-item")
MISSING = ID_RANGE - 1  # an offset inside a user's id range that no store ever reaches


@dataclass
class World:
    """The seeded app, with ids of every kind of record for A (ann) and B (bob)."""

    api: SeededApi
    a_ids: dict[str, int]
    b_ids: dict[str, int]
    b_range: range = field(default=range(0))
    keys: dict[int, str] = field(default_factory=dict)  # item id -> the user's key for it

    @property
    def a(self) -> ApiUser:
        """User A, who tries."""
        return self.api.ann

    @property
    def b(self) -> ApiUser:
        """User B, whose records are tried."""
        return self.api.bob


def _records(api: SeededApi, user: ApiUser, secret: bool) -> dict[str, int]:
    """Give ``user`` one record of every kind (B's carry the secrets) and return their ids."""
    client, headers = api.client, user.headers
    name = "Zelda Quince" if secret else "Ursula Ash"
    contact = client.post("/contacts", headers=headers, json={"name": name, "tier": "close"})
    assert contact.status_code == 201, contact.text
    cid = contact.json()["id"]
    note = client.post(
        "/notes",
        headers=headers,
        json={
            "contact_id": cid,
            "note_date": "2026-11-19",
            "text": f"{name.split()[0]} is looking for a harpsichord restorer. zq-secret-7731"
            if secret
            else "Ursula is looking for a piano tuner for the school hall.",
        },
    )
    assert note.status_code == 201 and note.json()["signals"], note.text
    key = "bob-secret-item" if secret else "ann-own-item"
    item = client.post(
        "/catalog",
        headers=headers,
        json={
            "external_id": key,
            "type": "article",
            "title": "Harpsichord restoration guide" if secret else "Piano tuning basics",
            "text": "Finding a restorer for an old harpsichord." if secret else "Tuning a piano.",
        },
    )
    assert item.status_code == 201, item.text
    entry = client.post(
        "/ledger",
        headers=headers,
        json={
            "contact_id": cid,
            "direction": "received",
            "kind": "advice",
            "description": "zq-secret favor" if secret else "tips on tuners",
        },
    )
    assert entry.status_code == 201, entry.text
    done = client.post(
        "/feedback",
        headers=headers,
        json={"contact_id": cid, "item_id": item.json()["id"], "action": "done"},
    )
    assert done.status_code == 200, done.text
    need = client.post(
        "/needs",
        headers=headers,
        json={"text": "a harpsichord restorer, zq-secret" if secret else "a piano tuner"},
    )
    assert need.status_code == 201, need.text
    ask = client.post(
        "/asks", headers=headers, json={"need_id": need.json()["id"], "contact_id": cid}
    )
    assert ask.status_code == 201, ask.text
    thanks = client.get("/ledger/thanks", headers=headers, params={"contact_id": cid}).json()
    feedback = client.get("/feedback", headers=headers, params={"contact_id": cid}).json()
    return {
        "contact": cid,
        "note": note.json()["note"]["id"],
        "signal": note.json()["signals"][0]["id"],
        "item": item.json()["id"],
        "entry": entry.json()["id"],
        "thank": thanks["items"][0]["id"],
        "feedback": feedback["items"][0]["id"],
        "need": need.json()["id"],
        "ask": ask.json()["id"],
    }


@pytest.fixture(scope="module")
def world(seeded_api_both: SeededApi) -> World:
    """A and B, each with one record of every kind besides the seeded network."""
    seeded_api = seeded_api_both
    b_ids = _records(seeded_api, seeded_api.bob, secret=True)
    a_ids = _records(seeded_api, seeded_api.ann, secret=False)
    base = seeded_api.bob.user_id * ID_RANGE
    assert all(base < i < base + ID_RANGE for i in b_ids.values())
    keys = {b_ids["item"]: "bob-secret-item", a_ids["item"]: "ann-own-item"}
    return World(seeded_api, a_ids, b_ids, range(base, base + ID_RANGE), keys)


# -- building requests from the routes ------------------------------------------------------------
def _flat(dependant: Any, out: dict[str, list[Any]] | None = None) -> dict[str, list[Any]]:
    """Path, query and body parameters of a route and all its dependencies."""
    out = out if out is not None else {"path": [], "query": [], "body": []}
    out["path"] += dependant.path_params
    out["query"] += dependant.query_params
    out["body"] += dependant.body_params
    for sub in dependant.dependencies:
        _flat(sub, out)
    return out


def _csrf(token: str) -> str:
    try:
        from giveback.service.web.auth import csrf_for
    except ImportError:  # no web page: no forms to guard
        return ""
    return csrf_for(token)


@dataclass
class Route:
    """A served route, and where ids go in a request to it."""

    path: str
    method: str
    path_params: list[str]
    query_ids: list[str]
    query_names: list[str]
    json_model: type[BaseModel] | None
    form_fields: list[tuple[str, str]]  # (name, alias)

    @property
    def id_slots(self) -> list[str]:
        """Every parameter that names a record, wherever it goes."""
        slots = [p for p in self.path_params if p in ID_PARAMS] + self.query_ids
        if self.path in SIGNED_LINKS:
            slots += ["contact_id", "item_id"]  # what a link names
        if self.json_model is not None:
            slots += [f for f in self.json_model.model_fields if f in ID_PARAMS]
        slots += [name for name, _ in self.form_fields if name in ID_PARAMS]
        return list(dict.fromkeys(slots))

    @property
    def label(self) -> str:
        """``METHOD /path``."""
        return f"{self.method} {self.path}"


def app_routes(app: Any) -> tuple[list[Route], set[str]]:
    """Every route with a handler, and the paths of the others (docs, static files)."""
    routes, others = [], set()
    for served in served_routes(app):
        dependant = getattr(served, "dependant", None)
        if dependant is None:
            others.add(served.path)
            continue
        params = _flat(dependant)
        path_params = [p.name for p in params["path"]]
        if served.path in SELF_ONLY_LINKS:
            continue
        for name in path_params:
            if served.path in SIGNED_LINKS:
                continue
            if name not in ID_PARAMS and name not in OTHER_PATH_PARAMS:
                pytest.fail(
                    f"{served.path} has a path parameter {name!r}: add it to "
                    "ID_PARAMS or OTHER_PATH_PARAMS so its isolation is tested"
                )
        query_names = [p.alias for p in params["query"]]
        query_ids = [p.name for p in params["query"] if p.name.endswith("_id")]
        json_model, form = None, []
        for body in params["body"]:
            annotation = body.field_info.annotation
            if type(body.field_info).__name__ == "Form":
                form.append((body.name, body.alias))
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                json_model = annotation
            else:
                pytest.fail(
                    f"{served.path}: body parameter {body.name!r} of a kind this test "
                    "does not know how to fill"
                )
        for name in [
            *query_ids,
            *(json_model.model_fields if json_model else ()),
            *(n for n, _ in form),
        ]:
            if name.endswith("_id") and name not in ID_PARAMS and name not in USER_KEYS:
                pytest.fail(f"{served.path} takes {name!r}: add it to ID_PARAMS")
        for method in sorted(served.methods - {"HEAD"}):
            routes.append(
                Route(served.path, method, path_params, query_ids, query_names, json_model, form)
            )
    return routes, others


def _json_body(model: type[BaseModel], values: dict[str, int]) -> dict[str, Any]:
    """The model's documented example with the given ids, trimmed until it is valid."""
    extra = model.model_config.get("json_schema_extra")
    examples = extra.get("examples") if isinstance(extra, dict) else None
    assert examples, f"{model.__name__} documents no example to build a request from"
    assert isinstance(examples, list) and isinstance(examples[0], dict), examples
    body = {**examples[0], **values}
    optional = [
        name
        for name, f in model.model_fields.items()
        if not f.is_required() and name not in values and name in body
    ]
    while True:
        try:
            model.model_validate(body)
            return body
        except ValidationError:
            if not optional:
                raise
            body.pop(optional.pop(0))  # e.g. contact_name once contact_id is given


def signed_link(user: ApiUser, contact_id: int, item_key: str) -> str:
    """The token of a digest "done" link that ``user`` got, naming a contact and a give."""
    from giveback.core.settings import get_settings
    from giveback.service.mail.links import LinkAction, sign_action

    act = LinkAction(user.user_id, contact_id, item_key, "done", "2026-W48")
    return sign_action(get_settings().resolved_secret_key(), act)


def request_for(
    route: Route, user: ApiUser, values: dict[str, int], keys: dict[int, str] | None = None
) -> dict[str, Any]:
    """Keyword arguments of ``client.request`` for ``route``, ids from ``values``."""
    path = route.path
    for name in route.path_params:
        if route.path in SIGNED_LINKS:
            item = values["item_id"]
            value: Any = signed_link(
                user, values["contact_id"], (keys or {}).get(item, f"no-such-item-{item}")
            )
        elif name in ID_PARAMS:
            value = values[name]
        else:
            value = OTHER_PATH_PARAMS[name]({ID_PARAMS[k]: v for k, v in values.items()})
        path = re.sub(r"\{" + name + r"(:[^}]*)?\}", str(value), path)
    kwargs: dict[str, Any] = {
        "method": route.method,
        "url": path,
        "params": {q: values[q] for q in route.query_ids if q in values},
        # Both ways of signing in: the bearer token (API) and the session cookie (web page).
        "headers": {**user.headers, "Cookie": f"giveback_session={user.token}"},
    }
    if route.json_model is not None:
        ids = {k: v for k, v in values.items() if k in route.json_model.model_fields}
        kwargs["json"] = _json_body(route.json_model, ids)
    if route.form_fields:
        fixed = {"csrf": _csrf(user.token), "action": "done", "next": "/web/"}
        kwargs["data"] = {
            alias: str(values[name]) if name in values else fixed.get(alias, "")
            for name, alias in route.form_fields
        }
    return kwargs


def _scrubbed(text: str, ids: Iterable[int]) -> str:
    for value in sorted(ids, key=lambda v: -len(str(v))):
        text = text.replace(str(value), "<id>")
    return text


def _ints(value: Any) -> Iterator[int]:
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _ints(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ints(item)


# -- the tests ------------------------------------------------------------------------------------
def test_every_route_answers_404_for_another_users_ids(world: World) -> None:
    client, a = world.api.client, world.a
    env = world.api.env
    before = (env.counts(world.a), env.counts(world.b))
    routes, others = app_routes(client.app)
    assert others <= NOT_RECORDS, f"routes without a handler this test knows: {others}"
    tried = set()
    for route in routes:
        slots = route.id_slots
        if not slots and not any(p in OTHER_PATH_PARAMS for p in route.path_params):
            continue
        b_of = {s: world.b_ids[ID_PARAMS[s]] for s in slots}
        a_of = {s: world.a_ids[ID_PARAMS[s]] for s in slots}
        missing_of = {s: world.a.user_id * ID_RANGE + MISSING for s in slots}
        # All of B's ids at once, then each of B's ids among A's own valid ones.
        trials = [dict(b_of)] + ([{**a_of, s: b_of[s]} for s in slots] if len(slots) > 1 else [])
        for trial in trials:
            twin = {s: missing_of[s] if trial[s] == b_of[s] else trial[s] for s in slots}
            if not slots:  # a path of B's that holds no id parameter (the web catch-all)
                trial = {"contact_id": world.b_ids["contact"]}
                twin = {"contact_id": missing_of.get("contact_id", MISSING)}
            answer = client.request(**request_for(route, a, trial, world.keys))
            label = f"{route.label} with {trial}"
            assert answer.status_code == 404, (label, answer.status_code, answer.text[:300])
            for secret in SECRETS:
                assert secret.lower() not in answer.text.lower(), (label, secret)
            nowhere = client.request(**request_for(route, a, twin, world.keys))
            assert nowhere.status_code == 404, (label, nowhere.text[:300])
            # B's id and an id that exists nowhere get the same answer: nothing to learn.
            assert _scrubbed(answer.text, trial.values()) == _scrubbed(
                nowhere.text, twin.values()
            ), (label, answer.text[:300])
            tried.add(route.label)
    assert (env.counts(world.a), env.counts(world.b)) == before, "a refused request wrote"
    expected = {
        "GET /contacts/{contact_id}",
        "PATCH /contacts/{contact_id}",
        "GET /contacts/{contact_id}/notes",
        "GET /contacts/{contact_id}/signals",
        "GET /contacts/{contact_id}/suggestions",
        "GET /contacts/{contact_id}/ledger",
        "GET /notes/{note_id}",
        "GET /signals/{signal_id}",
        "GET /catalog/{item_id}",
        "POST /notes",
        "GET /notes",
        "GET /signals",
        "POST /feedback",
        "GET /feedback",
        "POST /ledger",
        "GET /ledger",
        "GET /ledger/thanks",
        "POST /needs/{need_id}/done",
        "GET /asks",
        "POST /asks",
        "POST /asks/{ask_id}/outcome",
        "GET /asks/history",
    }
    if any(r.path in SIGNED_LINKS for r in routes):
        expected |= {"GET /digest/act/{token}", "POST /digest/act/{token}"}
    assert expected <= tried, expected - tried


def test_nothing_of_bs_changed(world: World) -> None:
    b, client = world.b, world.api.client
    contact = client.get(f"/contacts/{world.b_ids['contact']}", headers=b.headers).json()
    assert (contact["name"], contact["tier"], contact["notes"]) == ("Zelda Quince", "close", 1)
    item = client.get(f"/catalog/{world.b_ids['item']}", headers=b.headers).json()
    assert item["title"] == "Harpsichord restoration guide"
    ledger = client.get(
        "/ledger", headers=b.headers, params={"contact_id": world.b_ids["contact"]}
    ).json()
    assert ledger["total"] == 2  # the favor received and the give marked done


# An id on a page stands alone ("/web/contacts/2000000001", "ask-2000000005-2000000001"); a
# run of digits inside a longer token, such as a form's hex CSRF value, is no id.
_STANDALONE_ID = re.compile(r"(?<![0-9A-Za-z])\d{10,}(?![0-9A-Za-z])")


def test_no_list_or_page_of_a_holds_anything_of_bs(world: World) -> None:
    client, a = world.api.client, world.a
    routes, _ = app_routes(client.app)
    looked = []
    for route in routes:
        if route.method != "GET" or route.path_params or route.path in NOT_RECORDS:
            continue
        kwargs = request_for(route, a, {})
        kwargs["params"] = {"limit": 200} if "limit" in route.query_names else {}
        answer = client.request(**kwargs)
        assert answer.status_code in (200, 307), (route.label, answer.status_code)
        text = answer.text
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), (route.label, secret)
        if answer.headers.get("content-type", "").startswith("application/json"):
            leaked = [i for i in _ints(answer.json()) if i in world.b_range]
        else:
            leaked = [int(n) for n in _STANDALONE_ID.findall(text) if int(n) in world.b_range]
        assert not leaked, (route.label, leaked)
        looked.append(route.label)
    assert {
        "GET /contacts",
        "GET /notes",
        "GET /signals",
        "GET /catalog",
        "GET /suggestions/next",
        "GET /feedback",
        "GET /ledger",
        "GET /ledger/thanks",
        "GET /needs",
        "GET /asks",
        "GET /asks/history",
    } <= set(looked)


def test_names_and_keys_b_uses_are_unknown_to_others(world: World) -> None:
    # A new user, so that nothing A did earlier gets in the way.
    carol = world.api.env.add_user("carol")
    client, headers = world.api.client, carol.headers
    note = client.post(
        "/notes",
        headers=headers,
        json={
            "contact_name": "Zelda Quince",
            "text": "Zelda is looking for a harpsichord restorer.",
        },
    )
    assert note.status_code == 201, note.text
    assert note.json()["contact_created"] is True  # B's Zelda is not carol's
    assert all(i not in world.b_range for i in _ints(note.json()))
    item = client.post(
        "/catalog",
        headers=headers,
        json={"external_id": "bob-secret-item", "type": "article", "title": "Mine now"},
    )
    assert item.status_code == 201, item.text  # created, not "updated": B's key is B's
    contact = client.post("/contacts", headers=headers, json={"name": "Ursula Ash"})
    assert contact.status_code == 201, contact.text  # ann's Ursula is not carol's either
    mine = client.get(f"/catalog/{world.b_ids['item']}", headers=world.b.headers).json()
    assert mine["title"] == "Harpsichord restoration guide"


def test_a_token_only_ever_opens_its_own_users_store(world: World) -> None:
    client = world.api.client
    for user in (world.a, world.b):
        mine = client.get("/contacts", headers=user.headers, params={"limit": 200}).json()
        base = user.user_id * ID_RANGE
        assert mine["items"] and all(base < c["id"] < base + ID_RANGE for c in mine["items"])
        assert ("Zelda" in json.dumps(mine)) == (user is world.b), user.name


def test_every_api_route_is_an_api_route(world: World) -> None:
    # Routes in the OpenAPI document are FastAPI routes with dependants: the walk above saw them.
    routes, _ = app_routes(world.api.client.app)
    documented = {
        f"{m.upper()} {p}"
        for p, ops in world.api.client.get("/openapi.json").json()["paths"].items()
        for m in ops
    }
    assert documented <= {r.label for r in routes}
    assert all(
        isinstance(getattr(r, "original_route", r), APIRoute)
        for r in served_routes(world.api.client.app)
        if getattr(r, "dependant", None)
    )
