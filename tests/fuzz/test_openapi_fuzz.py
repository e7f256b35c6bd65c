"""Fuzzing the API against its own OpenAPI schema.

Schemathesis generates requests for every operation in the schema (valid ones, built from
the schema itself) and sends them, with a real bearer token, through the whole Django stack
on the test PostgreSQL database. A request fails the run when the answer is a server error,
a status code the schema does not declare, or a body that does not match the schema.

It runs over the demo data (as ./scripts/run seeds it), and most examples take their path ids
from the small ids the demo's records have, so that requests reach real records rather than
answering 404 throughout. The run is bounded (FUZZ_EXAMPLES per operation, default 5) so that
it keeps inside CI's time; set FUZZ_EXAMPLES higher for a deeper run by hand. Failures are
collected across operations and reported together, one line each, with what caused it.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.core.result import Ok

from accounts.models import User
from accounts.tokens import issue_token

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
DEMO_PASSWORD = "fuzzing-the-demo-9z"
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


def _fuzz(user: User) -> FuzzRun:
    raw, _ = issue_token(user=user)
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client()
    client.force_login(user)  # the schema page is for signed-in users
    schema_response = client.get(SCHEMA_PATH)
    assert schema_response.status_code == 200
    schema = schemathesis.openapi.from_dict(schema_response.json())
    schema.app = get_wsgi_application()
    run = FuzzRun()
    demo_ids = _demo_ids()
    for result in schema.get_all_operations():
        if isinstance(result, Ok):
            _fuzz_operation(result.ok(), headers, run, demo_ids)
        else:
            run.failures[f"schema [{type(result.err()).__name__}]"] = str(result.err())[:300]
    return run


def _demo_ids() -> st.SearchStrategy[int | None]:
    """Most examples name a record of the demo (the first ids of every kind of record);
    the rest keep the id the schema generated."""
    ours = [config for config in apps.get_app_configs() if config.path.startswith(str(django_settings.BASE_DIR) + "/")]
    ours = [config for config in ours if "/.venv/" not in config.path]
    ids: set[int] = set()
    for config in ours:
        for model in config.get_models():
            first = model._default_manager.order_by("pk").values_list("pk", flat=True)[:25]
            ids.update(pk for pk in first if isinstance(pk, int))
    return st.one_of(st.sampled_from(sorted(ids)), st.none())


def _fuzz_operation(operation: Any, headers: dict[str, str], run: FuzzRun, demo_ids: Any) -> None:
    label = operation.label

    @given(case=operation.as_strategy(), demo_id=demo_ids)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def send(case: Any, demo_id: int | None) -> None:
        if demo_id is not None and case.path_parameters:
            case.path_parameters = {
                name: demo_id if isinstance(value, int) else value for name, value in case.path_parameters.items()
            }
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


def _seed_demo() -> None:
    """The demo, as ./scripts/run seeds it."""
    for command in ("seed_demo", "seed_demo_meetings", "seed_demo_reports"):
        call_command(command, password=DEMO_PASSWORD, stdout=StringIO())
    for part in ("plans", "disclosure", "rso", "custody"):
        call_command(f"seed_demo_{part}", stdout=StringIO())


# The co-ordinator sees every record in the area, so most requests should reach one; a
# duty-to-co-operate SPOC sees only what was shared, so for them 404 is the usual answer.
@pytest.mark.parametrize(("username", "least_reaching_records"), [("coordinator", 0.1), ("housing.spoc", 0)])
def test_the_api_keeps_its_schema(username: str, least_reaching_records: float) -> None:
    _seed_demo()
    run = _fuzz(User.objects.get(username=username))
    print(run.report())
    assert run.requests > 0
    reached = sum(count for status, count in run.statuses.items() if 200 <= status < 300)
    assert reached >= least_reaching_records * run.requests, "too few requests reached a record: " + run.report()
    assert not run.failures, run.report()
