"""Fuzzing the API against its own OpenAPI schema.

Schemathesis generates requests for every operation in the schema (valid ones, built from
the schema itself) and sends them, with a real bearer token, through the whole Django stack
on the test PostgreSQL database. A request fails the run when the answer is a server error,
a status code the schema does not declare, or a body that does not match the schema.

The run is bounded (FUZZ_EXAMPLES per operation, default 5) so that it keeps inside CI's time;
set FUZZ_EXAMPLES higher for a deeper run by hand. Failures are collected across operations
and reported together, one line each, with the request that caused it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.core.result import Ok

from accounts.models import User
from accounts.tokens import issue_token

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
SCHEMA_PATH = "/api/v1/schema/?format=json"
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@dataclass
class FuzzRun:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)  # one per operation and kind

    def report(self) -> str:
        lines = [f"{self.requests} requests; statuses {dict(sorted(self.statuses.items()))}"]
        lines += [f"- {key}: {detail}" for key, detail in sorted(self.failures.items())]
        return "\n".join(lines)


def _fuzz(user: User, signed_in: Callable[[User | None], Client]) -> FuzzRun:
    raw, _ = issue_token(user=user)
    headers = {"Authorization": f"Bearer {raw}"}
    client = signed_in(user)  # the schema page is for signed-in users
    schema_response = client.get(SCHEMA_PATH)
    assert schema_response.status_code == 200
    schema = schemathesis.openapi.from_dict(schema_response.json())
    schema.app = get_wsgi_application()
    run = FuzzRun()
    for result in schema.get_all_operations():
        if isinstance(result, Ok):
            _fuzz_operation(result.ok(), headers, run)
        else:
            run.failures[f"schema [{type(result.err()).__name__}]"] = str(result.err())[:300]
    return run


def _fuzz_operation(operation: Any, headers: dict[str, str], run: FuzzRun) -> None:
    label = operation.label

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def send(case: Any) -> None:
        run.requests += 1
        try:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            run.statuses[response.status_code] += 1
        except (Exception, BaseExceptionGroup) as failure:  # every failure kind is reported together
            summary = str(failure).strip().splitlines()
            run.failures.setdefault(f"{label} [{type(failure).__name__}]", " | ".join(summary[:6])[:600])

    try:
        send()
    except (Exception, BaseExceptionGroup) as failure:  # a strategy that cannot be built fails too
        run.failures.setdefault(f"{label} [generation]", str(failure).splitlines()[0][:300])


@pytest.mark.parametrize("role", ["coordinator", "dtc_spoc"])
def test_the_api_keeps_its_schema(
    role: str, users: dict[str, User], records: object, signed_in: Callable[[User | None], Client]
) -> None:
    run = _fuzz(users[role], signed_in)
    print(run.report())
    assert run.requests > 0
    assert not run.failures, run.report()
