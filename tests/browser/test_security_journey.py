"""Security journeys in Chromium: signing in with an authenticator app (and setting one up),
being locked out after five wrong passwords without learning whether the user exists, and
being signed out after inactivity, with the warning and without JavaScript."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from .conftest import PASSWORD, Demo, authenticator_for, script_errors, sign_in

pytestmark = pytest.mark.browser

LOCKOUT = "There have been too many attempts to sign in. Wait 15 minutes, then try again."
NOT_RIGHT = "Enter a correct username, password and security code"


def password_step(page: Page, server_url: str, username: str, password: str) -> None:
    page.goto(f"{server_url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def code_step(page: Page, code: str) -> None:
    page.get_by_label("Enter your security code").fill(code)
    page.get_by_role("button", name="Continue").click()


def test_signing_in_with_an_authenticator_code(page: Page, server_url: str, demo: Demo) -> None:
    from accounts.tests.helpers import fresh_code, wrong_code

    device = authenticator_for("police.om")
    # The password alone does not sign in: the code step comes first.
    password_step(page, server_url, "police.om", PASSWORD)
    expect(page).to_have_url(f"{server_url}/accounts/sign-in/code/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    page.goto(f"{server_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    # A wrong code: back to the start, with the one message for every failure.
    password_step(page, server_url, "police.om", PASSWORD)
    code_step(page, wrong_code(device))
    expect(page.locator(".govuk-error-summary")).to_contain_text(NOT_RIGHT)
    # The right code, as the app shows it now. (django-otp refuses any code for a second
    # after a wrong one, doubling with each failure; a person takes longer than that.)
    time.sleep(1.5)
    password_step(page, server_url, "police.om", PASSWORD)
    code_step(page, fresh_code(device))
    expect(page).to_have_url(f"{server_url}/")
    expect(page.get_by_role("button", name="Sign out police.om")).to_be_visible()
    assert script_errors(page) == []


def test_setting_up_an_authenticator_through_the_emailed_link(page: Page, server_url: str, demo: Demo) -> None:
    """The password alone never reaches the set-up page. An administrator's reset emails a
    link: the user chooses a password, scans the QR code (here: types the key shown under
    it), confirms with a code, sees the recovery codes once, and is signed in."""
    from django.core import mail
    from django.core.management import call_command

    from accounts.models import User

    password_step(page, server_url, "chair", PASSWORD)
    expect(page).to_have_url(f"{server_url}/accounts/sign-in/code/")
    User.objects.filter(username="chair").update(email="chair@demo.example")
    call_command("start_password_reset", "chair", by="admin", reason="New account")
    link = re.search(r"(/accounts/reset/\?\S+)", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(f"{server_url}{link.group(1)}")
    page.get_by_label("New password", exact=True).fill("a-long-new-passphrase-for-chair")
    page.get_by_label("New password confirmation").fill("a-long-new-passphrase-for-chair")
    page.get_by_role("button", name="Save password").click()
    expect(page).to_have_url(f"{server_url}/accounts/sign-in/set-up-authenticator/")
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    typed = page.locator("#secret-key").inner_text().replace(" ", "")
    key = b32decode(typed + "=" * (-len(typed) % 8))
    code = TOTP(key).token()
    page.get_by_label("Code from your authenticator app").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Authenticator app set up")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page).to_have_url(f"{server_url}/")
    expect(page.get_by_role("button", name="Sign out chair")).to_be_visible()
    assert script_errors(page) == []


def _five_wrong_passwords(page: Page, server_url: str, username: str) -> str:
    for attempt in range(1, 6):
        password_step(page, server_url, username, f"wrong-password-{attempt}")
        # The password step never says the password was wrong: the code step comes next.
        expect(page).to_have_url(f"{server_url}/accounts/sign-in/code/")
        code_step(page, "000000")
        if attempt < 5:
            expect(page.locator(".govuk-error-summary")).to_contain_text(NOT_RIGHT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    return page.locator("main").inner_text()


def test_locked_out_after_five_wrong_passwords_whether_or_not_the_user_exists(
    page: Page, server_url: str, demo: Demo
) -> None:
    from accounts.tests.helpers import fresh_code

    device = authenticator_for("police.om")
    real = _five_wrong_passwords(page, server_url, "police.om")
    assert LOCKOUT in real
    # Now the right password and code do not get in either.
    password_step(page, server_url, "police.om", PASSWORD)
    code_step(page, fresh_code(device))
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    page.goto(f"{server_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/"))
    # Someone who does not exist gets exactly the same pages and the same lockout.
    unknown = _five_wrong_passwords(page, server_url, "nobody.at.all")
    assert unknown == real
    assert "police.om" not in real and "nobody.at.all" not in unknown


def test_signed_out_after_inactivity_with_a_warning_first(
    page: Page, server_url: str, demo: Demo, settings: Any
) -> None:
    settings.SESSION_INACTIVITY_MINUTES = 0.2  # 12 seconds
    settings.SESSION_WARNING_SECONDS = 6
    sign_in(page, server_url, "probation.om")
    expect(page.locator("#session-notice")).to_contain_text(re.compile(r"you will be signed out at \d\d:\d\d"))
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=12_000)
    # Staying signed in renews the session on the server.
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out probation.om")).to_be_visible()
    # Then doing nothing: the warning again, and then the sign-in page saying why.
    expect(dialog).to_be_visible(timeout=12_000)
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"), timeout=15_000)
    expect(page.locator("#signed-out-message")).to_have_text(
        "You were signed out because you did nothing for 0.2 minutes. Sign in again to carry on."
    )
    assert script_errors(page) == []


def test_without_javascript_the_page_says_when_and_the_server_signs_out(
    page_without_js: Page, server_url: str, demo: Demo, settings: Any
) -> None:
    settings.SESSION_INACTIVITY_MINUTES = 0.1  # 6 seconds
    page = page_without_js
    sign_in(page, server_url, "probation.om")
    expect(page.locator("#session-notice")).to_contain_text(re.compile(r"you will be signed out at \d\d:\d\d"))
    time.sleep(7)
    page.goto(f"{server_url}/people/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/people/$"))
    expect(page.locator("#signed-out-message")).to_contain_text("You were signed out because you did nothing")
