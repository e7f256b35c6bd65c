"""Token sign-in for the API and bearer authentication."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from access.models import AuditEvent
from accounts.models import ApiToken, User
from accounts.tokens import issue_token, revoke_all
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
PROTECTED = "/api/v1/nominals/?q=smith"


def ask(body: dict[str, Any]) -> Any:
    return APIClient().post(TOKEN, body, format="json")


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_token_for_the_right_credentials(police_om: User, settings: Any) -> None:
    before = timezone.now()
    response = ask({"username": "police_om", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"} and len(body["token"]) >= 32
    expires = datetime.fromisoformat(body["expires_at"])
    lifetime = timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)
    assert before + lifetime <= expires <= timezone.now() + lifetime
    stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(body["token"].encode()).hexdigest()  # only the hash is kept
    assert body["token"] not in stored.key_hash
    event = AuditEvent.objects.get(action="auth.token_issue")
    assert event.actor == police_om
    assert bearer(body["token"]).get(PROTECTED).status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_401(police_om: User, make_user: Any) -> None:
    inactive = make_user("police_om", "DEMO-POL", is_active=False)
    wrong_password = ask({"username": "police_om", "password": "not-the-password"})
    unknown_user = ask({"username": "nobody.here", "password": PASSWORD})
    inactive_user = ask({"username": inactive.username, "password": PASSWORD})
    assert wrong_password.status_code == unknown_user.status_code == inactive_user.status_code == 401
    assert wrong_password.content == unknown_user.content == inactive_user.content
    assert wrong_password.json() == {
        "errors": [{"field": "non_field_errors", "message": "Those sign-in details are not right"}]
    }
    assert not ApiToken.objects.exists()


def test_missing_fields_are_named() -> None:
    response = ask({"username": "someone"})
    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "password", "message": "This field is required."}]}


def test_an_expired_or_revoked_token_is_refused(police_om: User) -> None:
    raw, token = issue_token(user=police_om)
    assert bearer(raw).get(PROTECTED).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(raw).get(PROTECTED).status_code == 401
    raw, _ = issue_token(user=police_om)
    assert revoke_all(user=police_om) == 2  # the expired one and the new one
    assert bearer(raw).get(PROTECTED).status_code == 401


def test_a_deactivated_users_token_stops_working(police_om: User) -> None:
    raw, _ = issue_token(user=police_om)
    police_om.is_active = False
    police_om.save()
    assert bearer(raw).get(PROTECTED).status_code == 401


def test_a_401_says_how_to_authenticate() -> None:
    response = APIClient().get(PROTECTED)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert list(response.json()) == ["errors"]


def test_a_token_does_not_widen_what_a_role_may_do(users: dict[str, User]) -> None:
    raw, _ = issue_token(user=users["lay_adviser"])
    response = bearer(raw).get(PROTECTED)
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": "non_field_errors", "message": "Not found"}]}
