"""Signing in with a password and then a security code; enrolment; recovery codes."""

from __future__ import annotations

import re
from statistics import median
from time import perf_counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import enrolment, mfa
from accounts.forms import NOT_RIGHT
from accounts.models import User
from audit.models import AuditEvent
from conftest import PASSWORD, error_summary

from .helpers import code_at, fresh_code, give_authenticator, wrong_code

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:sign-in-code")
ENROL = reverse("accounts:enrol")
HOME = reverse("home")


@pytest.fixture
def officer(make_user: Any, settings: Any) -> User:
    settings.MAPPA_DEMO = False
    user: User = make_user("police_om", "DEMO-POL", username="pc.jones")
    return user


@pytest.fixture
def device(officer: User) -> TOTPDevice:
    return give_authenticator(officer)


def grant_enrolment(client: Client, user: User) -> None:
    """As the emailed reset link does once the new password is chosen."""
    session = client.session
    session[enrolment.SESSION_KEY] = enrolment.make_grant(user)
    session.save()


def password_step(client: Client, username: str = "pc.jones", password: str = PASSWORD, **extra: str) -> Any:
    return client.post(SIGN_IN, {"username": username, "password": password, **extra})


def is_signed_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def test_password_then_code_signs_in(officer: User, device: TOTPDevice) -> None:
    client = Client()
    first = password_step(client)
    assert first.status_code == 302 and first["Location"] == CODE
    assert not is_signed_in(client), "the password alone must not sign anyone in"
    page = client.get(CODE)
    assert page.status_code == 200 and b"Enter your security code" in page.content
    done = client.post(CODE, {"code": fresh_code(device)})
    assert done.status_code == 302 and done["Location"] == HOME
    assert is_signed_in(client)
    event = AuditEvent.objects.get(action="auth.sign_in")
    assert event.actor == officer and event.detail["second_factor"] == "TOTPDevice"


def test_the_code_step_returns_to_the_page_asked_for(officer: User, device: TOTPDevice) -> None:
    client = Client()
    target = reverse("register:search")
    password_step(client, next=target)
    assert client.post(CODE, {"code": fresh_code(device)})["Location"] == target


def test_a_code_cannot_be_used_twice(officer: User, device: TOTPDevice, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    code = fresh_code(device)
    first = Client()
    password_step(first)
    assert first.post(CODE, {"code": code}).status_code == 302
    second = Client()
    password_step(second)
    refused = second.post(CODE, {"code": code})
    assert refused.status_code == 200 and NOT_RIGHT.encode() in refused.content
    assert not is_signed_in(second)


_VARYING = re.compile(rb'(name="csrfmiddlewaretoken" value="|nonce=")[^"]*"')


def test_every_failure_gets_the_same_answer_at_the_same_step(
    officer: User, device: TOTPDevice, make_user: Any, settings: Any
) -> None:
    """Unknown user, wrong password, wrong code and a disabled account all pass the
    password step alike and fail at the code step with one message and one page: nobody
    learns which part was wrong."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    inactive = make_user("police_om", "DEMO-POL", is_active=False)
    give_authenticator(inactive)
    attempts = {
        "unknown user": ("no.such.person", PASSWORD, None),
        "wrong password": ("pc.jones", "not-the-right-password", None),
        "wrong code": ("pc.jones", PASSWORD, wrong_code(device)),
        "disabled account": (inactive.username, PASSWORD, None),
    }
    pages = {}
    for failure, (username, password, code) in attempts.items():
        client = Client()
        first = password_step(client, username, password)
        assert (first.status_code, first["Location"]) == (302, CODE), failure
        answer = client.post(CODE, {"code": code or fresh_code(device)})
        assert answer.status_code == 200, failure
        assert error_summary(answer.content) == {"id_username": NOT_RIGHT}, failure
        assert not is_signed_in(client), failure
        assert client.get(CODE)["Location"] == SIGN_IN, "a failed attempt starts again from the password"
        pages[failure] = _VARYING.sub(b"", answer.content)
    assert len(set(pages.values())) == 1, "the pages differ"
    assert not AuditEvent.objects.filter(action="auth.sign_in").exists()


def test_unknown_user_and_wrong_password_take_as_long(officer: User, device: TOTPDevice, settings: Any) -> None:
    """With the real (slow) Argon2 hasher, the password step for an unknown user runs the
    hasher too, so it takes about as long as a wrong password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    officer.set_password(PASSWORD)
    officer.save()

    def timed(username: str, password: str) -> float:
        client = Client()
        start = perf_counter()
        password_step(client, username, password)
        return perf_counter() - start

    timed("pc.jones", "warm-up-password")  # first use of the hasher loads it
    unknown = median(timed("no.such.person", "a-wrong-password") for _ in range(5))
    wrong = median(timed("pc.jones", "a-wrong-password") for _ in range(5))
    assert 0.5 < unknown / wrong < 2, (unknown, wrong)


def test_the_code_step_needs_a_password_step_first() -> None:
    client = Client()
    assert client.get(CODE)["Location"] == SIGN_IN
    assert client.post(CODE, {"code": "123456"})["Location"] == SIGN_IN
    assert not is_signed_in(client)


def test_a_pending_sign_in_expires(officer: User, device: TOTPDevice) -> None:
    from accounts import signin

    client = Client()
    password_step(client)
    session = client.session
    session[signin.PENDING_KEY] = session[signin.PENDING_KEY] | {"started": 0}
    session.save()
    assert client.post(CODE, {"code": fresh_code(device)})["Location"] == SIGN_IN
    assert not is_signed_in(client)


def test_the_session_key_changes_at_each_step(officer: User, device: TOTPDevice) -> None:
    client = Client()
    client.get(SIGN_IN)
    client.session.save()
    keys = [client.session.session_key]
    password_step(client)
    keys.append(client.session.session_key)
    client.post(CODE, {"code": fresh_code(device)})
    keys.append(client.session.session_key)
    assert len(set(keys)) == 3


def test_an_empty_code_is_named(officer: User, device: TOTPDevice) -> None:
    client = Client()
    password_step(client)
    response = client.post(CODE, {"code": ""})
    assert error_summary(response.content) == {"id_code": "Enter the security code from your authenticator app"}


# --- Recovery codes --------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(officer: User, device: TOTPDevice, settings: Any) -> None:
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    codes = mfa.new_recovery_codes(officer)
    assert len(codes) == 10 and len(set(codes)) == 10
    client = Client()
    password_step(client)
    # Typed with a space and in capitals, as people do.
    assert client.post(CODE, {"code": f" {codes[0][:4].upper()} {codes[0][4:]}"})["Location"] == HOME
    assert mfa.remaining_recovery_codes(officer) == 9
    again = Client()
    password_step(again)
    assert again.post(CODE, {"code": codes[0]}).status_code == 200
    assert not is_signed_in(again)


def test_the_security_page_renews_recovery_codes(officer: User, device: TOTPDevice) -> None:
    old = mfa.new_recovery_codes(officer)
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("accounts:security"))
    assert b'id="recovery-codes-left">10<' in page.content
    renewed = client.post(reverse("accounts:security"), {"current_password": PASSWORD, "code": fresh_code(device)})
    new = re.findall(rb"<li><code>([a-z2-7]+)</code></li>", renewed.content)
    assert len(new) == 10 and not {c.decode() for c in new} & set(old)
    assert set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)) == {
        c.decode() for c in new
    }
    assert AuditEvent.objects.filter(action="auth.recovery_codes_renew", actor=officer).count() == 1


# --- Enrolment ---------------------------------------------------------------------------------


def test_a_user_with_an_enrolment_grant_sets_up_an_authenticator_before_signing_in(
    officer: User, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once the right one
    client = Client()
    grant_enrolment(client, officer)
    assert not is_signed_in(client)
    page = client.get(ENROL)
    assert page.status_code == 200
    assert b"<svg" in page.content and b"QR code" in page.content, "the QR code is inline SVG"
    assert b"<script" not in page.content.split(b"<main")[1].split(b"</main>")[0], "no script needed"
    pending = TOTPDevice.objects.get(user=officer)
    assert not pending.confirmed
    typed_key = re.search(rb'id="secret-key">([A-Z2-7 ]+)<', page.content)
    assert typed_key is not None
    from base64 import b32decode

    assert b32decode(typed_key.group(1).replace(b" ", b"")) == pending.bin_key
    wrong = client.post(ENROL, {"code": wrong_code(pending)})
    assert wrong.status_code == 200 and b"Enter the 6-digit code" in wrong.content
    assert not is_signed_in(client)
    done = client.post(ENROL, {"code": fresh_code(pending)})
    assert done.status_code == 200
    codes = re.findall(rb"<li><code>([a-z2-7]+)</code></li>", done.content)
    assert len(codes) == 10
    pending.refresh_from_db()
    assert pending.confirmed
    assert is_signed_in(client)
    assert AuditEvent.objects.filter(action="auth.mfa_enrol", actor=officer).count() == 1
    # The grant is spent, and next time it is the code step.
    assert client.get(ENROL)["Location"] == reverse("accounts:security")
    client.post(reverse("accounts:sign-out"))
    assert password_step(client)["Location"] == CODE


def test_enrolment_needs_a_grant_never_a_password(officer: User) -> None:
    assert Client().get(ENROL)["Location"] == SIGN_IN
    for password in ("not-the-right-password", PASSWORD):
        client = Client()
        assert password_step(client, password=password)["Location"] == CODE
        assert client.get(ENROL)["Location"] == SIGN_IN
        assert client.post(ENROL, {"code": "123456"})["Location"] == SIGN_IN
    assert not TOTPDevice.objects.exists()


def test_a_user_who_has_an_authenticator_cannot_enrol_another_at_sign_in(officer: User, device: TOTPDevice) -> None:
    client = Client()
    password_step(client)
    assert client.get(ENROL)["Location"] == SIGN_IN
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_new_authenticator_replaces_an_old_one_only_once_confirmed(officer: User) -> None:
    old = give_authenticator(officer)
    TOTPDevice.objects.filter(pk=old.pk).update(confirmed=False)  # as after a half-finished enrolment
    new = mfa.start_enrolment(officer)
    assert new.pk == old.pk, "one pending authenticator at a time"
    assert mfa.confirm_enrolment(officer, code_at(new, 0)) is None
    assert not mfa.has_authenticator(officer)


# --- Demo users ----------------------------------------------------------------------------------


def test_demo_users_skip_the_code_only_in_demo_mode(make_user: Any, settings: Any) -> None:
    demo = make_user("police_om", "DEMO-POL", username="demo.officer", is_demo=True)
    settings.MAPPA_DEMO = True
    client = Client()
    assert password_step(client, "demo.officer")["Location"] == HOME
    assert AuditEvent.objects.get(action="auth.sign_in").detail["second_factor"] == "none (demo user)"
    settings.MAPPA_DEMO = False
    other = Client()
    assert password_step(other, "demo.officer")["Location"] == CODE
    assert not is_signed_in(other)
    assert demo.is_demo


def test_in_demo_mode_real_users_still_need_their_code(officer: User, device: TOTPDevice, settings: Any) -> None:
    settings.MAPPA_DEMO = True
    client = Client()
    assert password_step(client)["Location"] == CODE
    assert not is_signed_in(client)
