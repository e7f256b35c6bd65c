"""A password alone never gives an account: resets kill the old password, enrolment needs
the emailed link, the password step's answer tells nothing, and changing how one signs in
asks for both factors again. API tokens lapse when left unused."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts import enrolment, mfa
from accounts.forms import NOT_CONFIRMED, NOT_RIGHT
from accounts.models import ApiToken, User
from accounts.tokens import issue_token
from audit.models import AuditEvent
from conftest import PASSWORD

from .helpers import fresh_code, give_authenticator, wrong_code

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:sign-in-code")
ENROL = reverse("accounts:enrol")
RESET = reverse("accounts:reset")
SECURITY = reverse("accounts:security")
CHANGE_AUTHENTICATOR = reverse("accounts:change-authenticator")
CHANGE_PASSWORD = reverse("accounts:change-password")
NEW_PASSWORD = "a-brand-new-long-passphrase-77"
PROTECTED = "/api/v1/nominals/?q=smith"


@pytest.fixture
def officer(users: dict[str, User], settings: Any) -> User:
    settings.MAPPA_DEMO = False
    settings.SITE_URL = "https://openmappa.example"
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    officer = users["police_om"]
    officer.email = "pc.jones@police.example"
    officer.save()
    return officer


def password_step(client: Client, username: str = "police_om", password: str = PASSWORD) -> Any:
    return client.post(SIGN_IN, {"username": username, "password": password})


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def reset_link(capture: Any, *, remove_devices: bool) -> str:
    with capture(execute=True):
        call_command(
            "start_password_reset", "police_om", by="admin", reason="Lost phone", remove_devices=remove_devices
        )
    match = re.search(r"https://openmappa\.example(/accounts/reset/\?\S+)", str(mail.outbox[-1].body))
    assert match is not None
    return match.group(1)


# --- The finding: old password + "set up authenticator" = the account ---------------------


def test_after_a_reset_with_lost_devices_the_old_password_cannot_enrol_a_device(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    give_authenticator(officer)
    reset_link(django_capture_on_commit_callbacks, remove_devices=True)
    officer.refresh_from_db()
    assert not officer.has_usable_password() and not officer.check_password(PASSWORD)
    attacker = Client()
    answer = password_step(attacker)
    assert answer.status_code == 302 and answer["Location"] == CODE, "never the set-up page"
    assert attacker.get(ENROL)["Location"] == SIGN_IN
    assert attacker.post(ENROL, {"code": "123456"})["Location"] == SIGN_IN
    assert not TOTPDevice.objects.filter(user=officer).exists(), "no device was made for the attacker"
    failed = attacker.post(CODE, {"code": "123456"})
    assert NOT_RIGHT.encode() in failed.content and not is_signed_in(attacker)


def test_a_reset_without_lost_devices_also_kills_the_old_password(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    device = give_authenticator(officer)
    reset_link(django_capture_on_commit_callbacks, remove_devices=False)
    client = Client()
    password_step(client)
    client.post(CODE, {"code": fresh_code(device)})
    assert not is_signed_in(client), "the old password with a right code must not sign in"


def test_the_emailed_link_sets_the_password_then_the_authenticator(
    officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    give_authenticator(officer)
    link = reset_link(django_capture_on_commit_callbacks, remove_devices=True)
    client = Client()
    client.get(link)
    chosen = client.post(RESET, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert chosen.status_code == 302 and chosen["Location"] == ENROL
    assert not is_signed_in(client)
    assert client.get(ENROL).status_code == 200
    pending = TOTPDevice.objects.get(user=officer, confirmed=False)
    done = client.post(ENROL, {"code": fresh_code(pending)})
    assert done.status_code == 200 and b"Authenticator app set up" in done.content
    assert is_signed_in(client)
    # Single use: neither the link nor the grant sets up another device.
    assert client.get(ENROL)["Location"] == SECURITY
    again = Client()
    again.get(link)
    assert b"This link does not work" in again.get(RESET).content
    assert again.get(ENROL)["Location"] == SIGN_IN


def test_an_account_that_never_enrolled_cannot_enrol_with_its_password(officer: User) -> None:
    client = Client()
    assert password_step(client)["Location"] == CODE
    assert client.get(ENROL)["Location"] == SIGN_IN
    assert NOT_RIGHT.encode() in client.post(CODE, {"code": "123456"}).content
    assert not TOTPDevice.objects.exists() and not is_signed_in(client)


def test_the_password_step_answers_alike_whether_the_password_was_right(officer: User, make_user: Any) -> None:
    give_authenticator(officer)
    make_user("police_om", "DEMO-POL", username="never.enrolled")
    answers = set()
    pages = set()
    for username, password in [
        ("police_om", PASSWORD),
        ("police_om", "wrong-password-here"),
        ("never.enrolled", PASSWORD),
        ("never.enrolled", "wrong-password-here"),
        ("nobody.at.all", PASSWORD),
    ]:
        client = Client()
        response = password_step(client, username, password)
        answers.add((response.status_code, response["Location"]))
        page = client.get(CODE)
        pages.add(re.sub(rb'value="[^"]*"|nonce="[^"]*"', b"", page.content))
    assert answers == {(302, CODE)}
    assert len(pages) == 1


def test_an_enrolment_grant_expires(officer: User, settings: Any) -> None:
    client = Client()
    session = client.session
    session[enrolment.SESSION_KEY] = enrolment.make_grant(officer)
    session.save()
    assert client.get(ENROL).status_code == 200
    settings.ENROLMENT_GRANT_MINUTES = -1
    assert client.get(ENROL)["Location"] == SIGN_IN


def test_an_enrolment_grant_is_signed_and_for_its_user_only(officer: User, users: dict[str, User]) -> None:
    forged = enrolment.make_grant(officer)[:-2] + "xx"
    assert enrolment.user_of_grant(forged) is None
    other = Client()
    other.force_login(users["probation_om"])
    session = other.session
    session[enrolment.SESSION_KEY] = enrolment.make_grant(officer)
    session.save()
    assert other.get(ENROL)["Location"] == SECURITY
    assert not TOTPDevice.objects.exists()


# --- Changing how one signs in asks for both factors again -------------------------------


@pytest.fixture
def signed_in(officer: User) -> tuple[Client, TOTPDevice]:
    device = give_authenticator(officer)
    client = Client()
    client.force_login(officer)
    return client, device


def test_renewing_recovery_codes_needs_the_password_and_a_code(officer: User, signed_in: Any) -> None:
    client, device = signed_in
    old = set(mfa.new_recovery_codes(officer))
    for data in ({}, {"current_password": PASSWORD}, {"current_password": PASSWORD, "code": wrong_code(device)}):
        refused = client.post(SECURITY, data)
        assert refused.status_code == 400 and b"govuk-error-summary" in refused.content
    assert NOT_CONFIRMED.encode() in refused.content
    refused = client.post(SECURITY, {"current_password": "wrong-password-here", "code": fresh_code(device)})
    assert refused.status_code == 400
    assert mfa.remaining_recovery_codes(officer) == 10
    assert not AuditEvent.objects.filter(action="auth.recovery_codes_renew").exists()
    # A recovery code is a current code too.
    renewed = client.post(SECURITY, {"current_password": PASSWORD, "code": sorted(old)[0]})
    assert renewed.status_code == 200 and b"Your new recovery codes" in renewed.content


def test_moving_the_authenticator_needs_the_password_and_a_code(officer: User, signed_in: Any) -> None:
    client, device = signed_in
    assert client.get(ENROL)["Location"] == SECURITY, "no grant yet"
    refused = client.post(CHANGE_AUTHENTICATOR, {"current_password": PASSWORD, "code": wrong_code(device)})
    assert refused.status_code == 400 and client.get(ENROL)["Location"] == SECURITY
    confirmed = client.post(CHANGE_AUTHENTICATOR, {"current_password": PASSWORD, "code": fresh_code(device)})
    assert confirmed["Location"] == ENROL
    assert client.get(ENROL).status_code == 200
    assert mfa.has_authenticator(officer), "the old phone works until the new one is confirmed"
    new = TOTPDevice.objects.get(user=officer, confirmed=False)
    done = client.post(ENROL, {"code": fresh_code(new)})
    assert done.status_code == 200
    assert list(TOTPDevice.objects.filter(user=officer).values_list("pk", flat=True)) == [new.pk]
    assert AuditEvent.objects.get(action="auth.mfa_enrol").detail == {"replaced": True}
    assert client.get(ENROL)["Location"] == SECURITY, "the grant is spent"


def test_changing_the_password_needs_the_password_and_a_code(officer: User, signed_in: Any) -> None:
    client, device = signed_in
    other_browser = Client()
    other_browser.force_login(officer)
    raw, _ = issue_token(user=officer)
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    refused = client.post(CHANGE_PASSWORD, {"current_password": PASSWORD, "code": wrong_code(device), **new})
    assert refused.status_code == 400 and NOT_CONFIRMED.encode() in refused.content
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    done = client.post(CHANGE_PASSWORD, {"current_password": PASSWORD, "code": fresh_code(device), **new})
    assert done.status_code == 200 and b"Password changed" in done.content
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert is_signed_in(client), "this browser stays signed in"
    assert not is_signed_in(other_browser), "others signed in as the user are signed out"
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(PROTECTED).status_code == 401
    assert AuditEvent.objects.filter(action="auth.password_change", actor=officer).count() == 1


@pytest.mark.parametrize("url", [SECURITY, CHANGE_AUTHENTICATOR, CHANGE_PASSWORD])
def test_the_security_pages_are_for_the_signed_in_user_only(url: str, users: dict[str, User]) -> None:
    assert Client().get(url)["Location"].startswith(SIGN_IN)
    assert Client().post(url, {"current_password": PASSWORD})["Location"].startswith(SIGN_IN)
    for user in users.values():
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 200, user.username


# --- API tokens lapse when unused ----------------------------------------------------------


def test_a_token_unused_for_too_long_gets_a_clear_401(police_om: User, settings: Any) -> None:
    settings.API_TOKEN_INACTIVITY_MINUTES = 30
    raw, token = issue_token(user=police_om)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(PROTECTED).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=29))
    assert api.get(PROTECTED).status_code == 200, "used within the limit"
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=31))
    lapsed = api.get(PROTECTED)
    assert lapsed.status_code == 401
    message = lapsed.json()["errors"][0]["message"]
    assert "has not been used for 30 minutes" in message and "/api/v1/auth/token/" in message


def test_a_token_never_used_lapses_from_when_it_was_issued(police_om: User, settings: Any) -> None:
    settings.API_TOKEN_INACTIVITY_MINUTES = 30
    raw, token = issue_token(user=police_om)
    ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now() - timedelta(minutes=31))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(PROTECTED).status_code == 401
