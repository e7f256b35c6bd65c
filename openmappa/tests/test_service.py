"""Service-wide behaviour: health, the OpenAPI schema and docs, error shapes, caching and
security headers, and safe production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client, override_settings
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


# --- Health ------------------------------------------------------------------------------------


def test_healthz_reports_the_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


# Health when the database is stopped or hung: test_database_outage.py.


# --- The OpenAPI schema and its docs page ------------------------------------------------------


@pytest.fixture(scope="module")
def schema(django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock(), override_settings(SECURE_SSL_REDIRECT=False):
        response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    yield yaml.safe_load(response.content)


def test_the_schema_is_a_valid_openapi_3_document(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "OpenMAPPA API"
    validate_schema(schema)  # type: ignore[no-untyped-call]


def test_the_schema_also_comes_as_json() -> None:
    response = Client().get("/api/v1/schema/?format=json")
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")


def test_the_schema_documents_the_contract_paths(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/nominals/"])
    assert {"get", "patch"} <= set(paths["/api/v1/nominals/{id}/"])
    assert "post" in paths["/api/v1/auth/token/"]
    for path in (
        "/api/v1/nominals/{id}/registrations/",
        "/api/v1/registrations/{id}/level/",
        "/api/v1/registrations/{id}/archive/",
        "/api/v1/registrations/{id}/reactivate/",
    ):
        assert "post" in paths[path], path
    search = paths["/api/v1/nominals/"]["get"]
    assert "q" in [p["name"] for p in search["parameters"]]
    patch = paths["/api/v1/nominals/{id}/"]["patch"]
    assert "If-Match" in [p["name"] for p in patch["parameters"] if p["in"] == "header"]
    create = paths["/api/v1/nominals/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"] if p["in"] == "header"]


def test_the_schema_declares_bearer_authentication(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("type") == "http" and s.get("scheme", "").lower() == "bearer" for s in schemes.values()), schemes


def test_the_docs_page_renders() -> None:
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower() and b"/api/v1/schema/" in response.content


# --- Errors, caching and headers ---------------------------------------------------------------


def test_an_unknown_api_path_is_a_json_404() -> None:
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": "non_field_errors", "message": "Not found"}]}


def test_an_unknown_page_is_the_404_page() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404 and b"<html" in response.content


def test_the_api_refuses_a_method_it_does_not_offer_in_the_error_shape(police_om: User) -> None:
    client = APIClient()
    client.force_authenticate(police_om)
    response = client.delete("/api/v1/nominals/")
    assert response.status_code == 405
    assert [e["field"] for e in response.json()["errors"]] == ["non_field_errors"]


def test_malformed_json_is_a_400_in_the_error_shape(police_om: User) -> None:
    client = APIClient()
    client.force_authenticate(police_om)
    response = client.post("/api/v1/nominals/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"errors"}


def test_nothing_is_cached_and_the_security_headers_are_set(police_om: User) -> None:
    client = Client()
    client.force_login(police_om)
    for url in ("/", "/people/?q=x", "/api/v1/nominals/?q=x", "/healthz", "/accounts/sign-in/"):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url


# --- Safe production settings ------------------------------------------------------------------


def _settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG", "MAPPA_DEMO"}}
    code = (
        "import openmappa.settings as s; "
        "print(s.DEBUG, s.MAPPA_DEMO, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.ALLOWED_HOSTS, s.SECURE_HSTS_SECONDS > 0)"
    )
    return subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _settings_in_a_fresh_process()
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_defaults_are_the_safe_ones() -> None:
    result = _settings_in_a_fresh_process(SECRET_KEY="x" * 50, ALLOWED_HOSTS="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True", "True", "True", "[]", "True"]
