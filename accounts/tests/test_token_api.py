"""Token sign-in for the API and bearer authentication."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from accounts.tokens import issue_token, revoke_all
from audit.models import AuditEvent
from conftest import PASSWORD

from .helpers import fresh_code, give_authenticator, wrong_code

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
    device = give_authenticator(police_om)
    before = timezone.now()
    response = ask({"username": "police_om", "password": PASSWORD, "otp": fresh_code(device)})
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


def test_every_failure_gets_the_same_401(police_om: User, make_user: Any, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = give_authenticator(police_om)
    inactive = make_user("police_om", "DEMO-POL", is_active=False)
    give_authenticator(inactive)
    no_device = make_user("police_om", "DEMO-POL")
    answers = {
        "wrong password": ask({"username": "police_om", "password": "not-the-password", "otp": fresh_code(device)}),
        "unknown user": ask({"username": "nobody.here", "password": PASSWORD, "otp": "123456"}),
        "inactive user": ask({"username": inactive.username, "password": PASSWORD, "otp": "123456"}),
        "wrong code": ask({"username": "police_om", "password": PASSWORD, "otp": wrong_code(device)}),
        "no code": ask({"username": "police_om", "password": PASSWORD}),
        "no authenticator": ask({"username": no_device.username, "password": PASSWORD, "otp": "123456"}),
    }
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 401)
    assert len({r.content for r in answers.values()}) == 1
    assert answers["wrong code"].json() == {
        "errors": [{"field": "non_field_errors", "message": "Those sign-in details are not right"}]
    }
    assert not ApiToken.objects.exists()


def test_a_recovery_code_also_gets_a_token(police_om: User) -> None:
    give_authenticator(police_om)
    from accounts import mfa

    code = mfa.new_recovery_codes(police_om)[0]
    assert ask({"username": "police_om", "password": PASSWORD, "otp": code}).status_code == 200
    assert ask({"username": "police_om", "password": PASSWORD, "otp": code}).status_code == 401


def test_demo_users_need_no_code_only_in_demo_mode(make_user: Any, settings: Any) -> None:
    make_user("police_om", "DEMO-POL", username="demo.officer", is_demo=True)
    settings.MAPPA_DEMO = True
    assert ask({"username": "demo.officer", "password": PASSWORD}).status_code == 200
    settings.MAPPA_DEMO = False
    assert ask({"username": "demo.officer", "password": PASSWORD}).status_code == 401


def test_token_requests_are_rate_limited_per_address(police_om: User, settings: Any) -> None:
    settings.TOKEN_RATE_LIMIT = "3/min"
    answers = [ask({"username": f"someone.{n}", "password": "x"}).status_code for n in range(4)]
    assert answers == [401, 401, 401, 429]
    other_address = APIClient(REMOTE_ADDR="192.0.2.77").post(TOKEN, {"username": "a", "password": "b"}, format="json")
    assert other_address.status_code == 401


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
