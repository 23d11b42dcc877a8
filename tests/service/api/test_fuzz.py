"""Property-based fuzzing of every operation in the OpenAPI document (schemathesis).

Schemathesis reads ``/openapi.json`` from the real app and sends each operation its documented
examples, then generated valid and invalid requests, with a valid user's token. No answer may
be a server error, and every answer must be what the document says: its status, content type,
headers and body schema; invalid requests must be refused. The examples per operation are
bounded and the run is derandomized, so the suite stays quick and a failure reproduces.

Schemathesis's own pytest plugin does not run on pytest 9 (it sets ``Node._nodeid``, which
pytest 9 no longer has), so this drives it through its Python API: one Hypothesis test per
operation, each a pytest subtest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.result import Ok
from schemathesis.python import asgi

from tests.support.api import ApiEnv, ApiUser, api_environment, seed_network
from tests.support.postgres import database_for

EXAMPLES_PER_OPERATION = 25
SEED = 20261123


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed_app(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    listener: Any,
    embedder: Any,
) -> Iterator[tuple[FastAPI, ApiUser]]:
    """The app with a user whose network is seeded (her ids are the documented examples), on
    SQLite files, then with the registry and every store in one PostgreSQL database."""
    with ExitStack() as stack:
        database_url = database_for(request, stack)
        home = tmp_path_factory.mktemp("fuzz") / "home"
        yield from _fuzzed(
            stack.enter_context(api_environment(home, listener, embedder, database_url))
        )


def _fuzzed(env: ApiEnv) -> Iterator[tuple[FastAPI, ApiUser]]:
    ann = env.add_user("ann")
    app = env.app()
    with TestClient(app) as client:
        seed_network(client, ann)
    try:
        yield app, ann
    finally:
        asgi.shutdown_lifespans()  # schemathesis started the app; close its stores


# How an invalid request may be refused: schemathesis's list, and 413 (too large to read).
REJECTED = [
    "400",
    "401",
    "403",
    "404",
    "405",
    "406",
    "409",
    "413",
    "415",
    "422",
    "428",
    "429",
    "5xx",
]


def load_schema(app: FastAPI) -> schemathesis.BaseSchema:
    """The app's OpenAPI document, loaded the way schemathesis calls the app in-process."""
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True},
            "checks": {
                # A valid body can still be refused: an unknown id (404), an empty note (422).
                "positive_data_acceptance": {"enabled": False},
                # An invalid body may be refused for its size before it is read (413: the API
                # takes at most 1 MiB); schemathesis's default list leaves that code out.
                "negative_data_rejection": {"expected-statuses": REJECTED},
            },
        }
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


def fuzz_operation(operation: Any, schema: schemathesis.BaseSchema, headers: dict[str, str]) -> int:
    """Send the operation its examples, then generated requests; returns how many were sent."""
    sent = 0

    def check(case: schemathesis.Case) -> None:
        nonlocal sent
        sent += 1
        response = case.call_and_validate()
        assert response.status_code < 500, (case.method, case.formatted_path, response.text)

    bounded = settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    for example in schema.get_strategies_from_examples(operation, headers=headers):
        settings(bounded, max_examples=1)(given(example)(check))()
    generated = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, headers=headers),
        operation.as_strategy(GenerationMode.NEGATIVE, headers=headers),
    )
    bounded(given(generated)(check))()
    return sent


def test_no_request_makes_the_api_fail_or_break_its_schema(
    fuzzed_app: tuple[FastAPI, ApiUser], subtests: pytest.Subtests
) -> None:
    app, ann = fuzzed_app
    schema = load_schema(app)
    headers = {"Authorization": f"Bearer {ann.token}"}
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()  # an operation the schema cannot describe
        operations.append(result.ok())
    assert len(operations) >= 20, [op.label for op in operations]
    sent = {}
    for operation in operations:
        with subtests.test(msg=operation.label):
            sent[operation.label] = fuzz_operation(operation, schema, headers)
    print(f"fuzzed {len(sent)} operations with {sum(sent.values())} requests")
    # Every operation but a parameterless one (health) got many different requests.
    assert all(
        n >= EXAMPLES_PER_OPERATION // 2 for label, n in sent.items() if label != "GET /health"
    ), sent
