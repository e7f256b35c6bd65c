"""Lockout (django-axes): 5 failures per username and address, a 15-minute cool-off, never
permanent, the same answer whether or not the user exists; and per-address rate limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.lockout import lockout_message
from accounts.models import User
from conftest import PASSWORD

from .helpers import fresh_code, give_authenticator, wrong_code

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:sign-in-code")
HOME = reverse("home")


@pytest.fixture
def officer(make_user: Any, settings: Any) -> User:
    settings.MAPPA_DEMO = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user: User = make_user("police_om", "DEMO-POL", username="pc.jones")
    return user


@pytest.fixture
def device(officer: User) -> TOTPDevice:
    return give_authenticator(officer)


def attempt(client: Client, username: str, password: str, code: str) -> Any:
    """One whole attempt: the password step, then the code step if it was offered."""
    first = client.post(SIGN_IN, {"username": username, "password": password})
    if first.status_code != 302 or first["Location"] != CODE:
        return first
    return client.post(CODE, {"code": code})


def test_five_wrong_passwords_lock_the_username_at_that_address(officer: User, device: TOTPDevice) -> None:
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(4):
        assert attempt(client, "pc.jones", "wrong-password-123", "000000").status_code == 200
    fifth = attempt(client, "pc.jones", "wrong-password-123", "000000")
    assert fifth.status_code == 429
    assert lockout_message().encode() in fifth.content
    # Now even the right password and code are refused, from that address...
    assert attempt(client, "pc.jones", PASSWORD, fresh_code(device)).status_code == 429
    assert client.get(HOME).status_code == 302
    # ...but not from another address (a lockout an attacker causes stays with the attacker).
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert attempt(elsewhere, "pc.jones", PASSWORD, fresh_code(device))["Location"] == HOME


def test_the_lockout_says_the_same_for_an_unknown_user(officer: User, device: TOTPDevice) -> None:
    answers = {}
    for username in ("pc.jones", "no.such.person"):
        client = Client(REMOTE_ADDR="192.0.2.2")
        for _ in range(4):
            attempt(client, username, "wrong-password-123", "000000")
        answers[username] = attempt(client, username, "wrong-password-123", "000000")
    known, unknown = answers["pc.jones"], answers["no.such.person"]
    assert known.status_code == unknown.status_code == 429
    strip = __import__("re").compile(rb'(name="csrfmiddlewaretoken" value="|nonce=")[^"]*"')
    assert strip.sub(b"", known.content) == strip.sub(b"", unknown.content)
    assert b"pc.jones" not in known.content and b"no.such.person" not in unknown.content


def test_wrong_codes_count_towards_the_lockout(officer: User, device: TOTPDevice) -> None:
    client = Client(REMOTE_ADDR="192.0.2.3")
    for _ in range(4):
        assert attempt(client, "pc.jones", PASSWORD, wrong_code(device)).status_code == 200
    fifth = attempt(client, "pc.jones", PASSWORD, wrong_code(device))
    assert fifth.status_code == 429 and lockout_message().encode() in fifth.content
    assert attempt(client, "pc.jones", PASSWORD, fresh_code(device)).status_code == 429


def test_the_password_step_never_tells_of_a_lockout(officer: User, device: TOTPDevice) -> None:
    """Locked out or not, right password or wrong, the password step goes on to the code
    step; the lockout is told there, so it cannot show whether a password was right."""
    for password in (PASSWORD, "wrong-password-123"):
        AccessAttempt.objects.all().delete()
        client = Client(REMOTE_ADDR="192.0.2.4")
        for _ in range(4):
            attempt(client, "pc.jones", "wrong-password-123", "000000")
        first = client.post(SIGN_IN, {"username": "pc.jones", "password": password})
        assert (first.status_code, first["Location"]) == (302, CODE), password
        assert client.post(CODE, {"code": wrong_code(device)}).status_code == 429, password
        again = client.post(SIGN_IN, {"username": "pc.jones", "password": password})
        assert (again.status_code, again["Location"]) == (302, CODE), password


def test_a_full_sign_in_clears_the_count(officer: User, device: TOTPDevice) -> None:
    client = Client(REMOTE_ADDR="192.0.2.5")
    for _ in range(4):
        attempt(client, "pc.jones", "wrong-password-123", "000000")
    assert attempt(client, "pc.jones", PASSWORD, fresh_code(device))["Location"] == HOME
    client.post(reverse("accounts:sign-out"))
    for _ in range(4):
        assert attempt(client, "pc.jones", "wrong-password-123", "000000").status_code == 200


def test_the_cool_off_ends_after_15_minutes_and_is_not_extended(officer: User, device: TOTPDevice) -> None:
    client = Client(REMOTE_ADDR="192.0.2.6")
    for _ in range(5):
        attempt(client, "pc.jones", "wrong-password-123", "000000")
    # Attempts during the lockout do not extend it.
    for _ in range(3):
        assert attempt(client, "pc.jones", "wrong-password-123", "000000").status_code == 429
    assert AccessAttempt.objects.get().failures_since_start == 5
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert attempt(client, "pc.jones", PASSWORD, fresh_code(device)).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert attempt(client, "pc.jones", PASSWORD, fresh_code(device))["Location"] == HOME


def test_the_api_locks_out_too_in_its_error_shape(officer: User, device: TOTPDevice) -> None:
    api = APIClient(REMOTE_ADDR="192.0.2.8")
    token = "/api/v1/auth/token/"
    for _ in range(4):
        assert (
            api.post(token, {"username": "pc.jones", "password": "wrong-password-123"}, format="json").status_code
            == 401
        )
    fifth = api.post(token, {"username": "pc.jones", "password": PASSWORD, "otp": "000000"}, format="json")
    assert fifth.status_code == 429
    assert fifth.json() == {"errors": [{"field": "non_field_errors", "message": lockout_message()}]}
    right = api.post(token, {"username": "pc.jones", "password": PASSWORD, "otp": fresh_code(device)}, format="json")
    assert right.status_code == 429


def test_the_sign_in_page_is_rate_limited_per_address(officer: User, settings: Any) -> None:
    """One address trying many usernames meets the rate limit, whatever the usernames."""
    settings.SIGN_IN_RATE_LIMIT = "3/min"
    client = Client(REMOTE_ADDR="192.0.2.9")
    answers = [client.post(SIGN_IN, {"username": f"user.{n}", "password": "x"}).status_code for n in range(4)]
    assert answers == [302, 302, 302, 429]
    assert Client(REMOTE_ADDR="192.0.2.10").post(SIGN_IN, {"username": "a", "password": "b"}).status_code == 302
