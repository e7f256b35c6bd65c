"""When the database is stopped or hung: /healthz says so within its deadline, pages answer
the GOV.UK 503 page and the API a JSON 503, both with Retry-After; an unexpected failure is
the GOV.UK 500 page, never Django's bare "Server Error (500)".

The outages are real: the service's connection settings are pointed at a port where
nothing listens (a stopped server refuses at once) or at a socket that accepts the
connection and never answers (a hung server).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client, RequestFactory

from accounts.models import User
from openmappa.views import server_error


@contextmanager
def database_at(port: int) -> Iterator[None]:
    """Every new connection (the health check's, another thread's) goes to 127.0.0.1:port.
    The test's own connection stays open in its transaction: settings are read on connect."""
    settings_dict = connections.settings["default"]
    saved = {key: settings_dict.get(key) for key in ("HOST", "PORT")}
    settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    try:
        yield
    finally:
        settings_dict.update(saved)


def on_another_thread(client: Client, url: str) -> Any:
    """The request as a new worker thread would make it: on a connection of its own."""
    answers: list[Any] = []

    def ask() -> None:
        try:
            answers.append(client.get(url))
        finally:
            connection.close()

    thread = threading.Thread(target=ask)
    thread.start()
    thread.join(timeout=30)
    return answers[0]


@pytest.fixture
def stopped_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again: nothing listens there


@pytest.fixture
def hung_port() -> Iterator[int]:
    # listen() completes TCP handshakes in the kernel; nobody ever reads or answers.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield int(server.getsockname()[1])


def _timed_get(client: Client, url: str) -> tuple[float, object]:
    started = time.monotonic()
    response = client.get(url)
    return time.monotonic() - started, response


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers() -> None:
    _, response = _timed_get(Client(), "/healthz")
    assert response.status_code == 200  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize("outage", ["stopped_port", "hung_port"])
def test_healthz_is_503_within_two_seconds_when_the_database_is_down(
    outage: str, request: pytest.FixtureRequest
) -> None:
    port = request.getfixturevalue(outage)
    Client().get("/healthz")  # the first request in a process builds the handler: not timed
    with database_at(port):
        seconds, response = _timed_get(Client(), "/healthz")
    assert response.status_code == 503  # type: ignore[attr-defined]
    assert response.json() == {"status": "error", "database": "unavailable"}  # type: ignore[attr-defined]
    assert response["Retry-After"]  # type: ignore[index]
    assert seconds < 2, f"/healthz took {seconds:.2f} s"


@pytest.mark.django_db
def test_during_an_outage_the_api_answers_a_json_503_with_retry_after(police_om: User, stopped_port: int) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(police_om)
    with database_at(stopped_port):
        response = on_another_thread(client, "/api/v1/nominals/?q=smith")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert response.json() == {
        "errors": [{"field": "non_field_errors", "message": "The service is unavailable. Try again later."}]
    }


@pytest.mark.django_db
def test_during_an_outage_a_page_is_the_govuk_503_page(police_om: User, stopped_port: int) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(police_om)
    with database_at(stopped_port):
        response = on_another_thread(client, "/people/?q=smith")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    assert "Sorry, the service is unavailable" in page and "govuk-header" in page


@pytest.mark.django_db
def test_the_service_recovers_when_the_database_comes_back(police_om: User, stopped_port: int) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(police_om)
    with database_at(stopped_port):
        assert on_another_thread(client, "/").status_code == 503
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_an_unexpected_failure_is_the_govuk_500_page() -> None:
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(RequestFactory().get("/people/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    assert "Sorry, there is a problem with the service" in page
    assert "Server Error (500)" not in page


def test_an_unexpected_api_failure_is_a_json_500_in_the_error_shape() -> None:
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(RequestFactory().get("/api/v1/nominals/"))
    assert response.status_code == 500
    assert [e["field"] for e in json.loads(response.content)["errors"]] == ["non_field_errors"]
