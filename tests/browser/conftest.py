"""Browser journeys: Chromium driven through Playwright against Django's live server.

The live server runs in a thread of the test process, so the data a journey needs must be
committed (transactional database) and is built in each test by the `demo` fixture.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
import weakref
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test.utils import override_settings
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from conftest import TablesCopy
from kernel.actor import Actor

BASE_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = BASE_DIR / "test-artifacts"
PASSWORD = "a-long-test-password"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Generous for a loaded CI machine; short enough that a hang fails quickly.
TIMEOUT_MS = 15_000
expect.set_options(timeout=10_000)


# --- the server ------------------------------------------------------------------------


FRONTEND_SOURCES = BASE_DIR / "frontend"
FRONTEND_BUILD = BASE_DIR / "static" / "build" / "static"


@pytest.fixture(scope="session")
def _frontend_built() -> None:
    """Build static/build (git-ignored) when it is missing or differs from frontend/, so the
    journeys see the styles and scripts the sources say, not a stale copy."""
    built = {
        source: FRONTEND_BUILD / ("css" if source.suffix == ".css" else "js") / source.name
        for source in FRONTEND_SOURCES.iterdir()
        if source.suffix in {".css", ".mjs"}
    }
    if not (FRONTEND_BUILD / "css" / "govuk-frontend.min.css").exists() or any(
        not copy.exists() or copy.read_bytes() != source.read_bytes() for source, copy in built.items()
    ):
        node = shutil.which("node")
        assert node, "Node.js is needed to build the front end (scripts/build-frontend.mjs)"
        subprocess.run([node, str(BASE_DIR / "scripts" / "build-frontend.mjs")], check=True, cwd=BASE_DIR)  # noqa: S603


@pytest.fixture(scope="session")
def _ssl_redirect_off_while_starting() -> Iterator[override_settings]:
    """The safe production defaults redirect every request to HTTPS; the live server speaks
    plain HTTP. SecurityMiddleware reads the setting once, when the server builds its
    middleware, so it is switched off only until the server has started (see server_url):
    nothing else in the test session sees the change."""
    override = override_settings(SECURE_SSL_REDIRECT=False)
    override.enable()
    yield override
    if hasattr(override, "wrapped"):  # still on: the server never started
        override.disable()


@pytest.fixture(scope="session")
def server_url(_frontend_built: None, _ssl_redirect_off_while_starting: override_settings, live_server: Any) -> str:
    """pytest-django's live server (started by now, with its middleware built), over HTTP."""
    _ssl_redirect_off_while_starting.disable()
    url = str(live_server.url)
    try:
        with (
            override_settings(ALLOWED_HOSTS=[urllib.parse.urlsplit(url).hostname]),
            urllib.request.urlopen(f"{url}/accounts/sign-in/", timeout=10) as response,  # noqa: S310 - our server
        ):
            final = response.geturl()
    except OSError as error:
        pytest.fail(f"the live server at {url} does not answer /accounts/sign-in/: {error}")
    if not final.startswith(url):
        pytest.fail(f"the live server redirected its sign-in page to {final}: it started before SSL redirect was off")
    return url


@pytest.fixture
def browser_settings(settings: Any) -> None:
    """Per test (pytest-django restores them afterwards): cookies the plain-HTTP live server
    can set, demo mode off, and a fast password hasher so seeding nine users takes milliseconds, not
    seconds (Argon2 is deliberately slow; sign-in still goes through Django's real checks)."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # A __Host- cookie must be Secure: over plain HTTP the plain names, as in development.
    settings.SESSION_COOKIE_NAME = "sessionid"
    settings.CSRF_COOKIE_NAME = "csrftoken"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Production sign-in: every user, demo users included, gives a security code (see sign_in).
    settings.MAPPA_DEMO = False


# --- the browser -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    chromium = playwright_instance.chromium.launch(
        executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        args=CHROMIUM_ARGS,
        headless=True,
    )
    yield chromium
    chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Keep each phase's report on the item so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _save_failure_screenshot(request: pytest.FixtureRequest, page: Page) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed or page.is_closed():
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    # A failed screenshot must not hide the real failure.
    with contextlib.suppress(Exception):
        page.screenshot(path=str(ARTIFACTS / f"failed-{name}.png"), full_page=True)


# Uncaught script errors per page, so journeys can assert there were none.
_SCRIPT_ERRORS: weakref.WeakKeyDictionary[Page, list[str]] = weakref.WeakKeyDictionary()


def script_errors(page: Page) -> list[str]:
    return _SCRIPT_ERRORS[page]


def _new_page(browser: Browser, request: pytest.FixtureRequest, **context_options: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = _SCRIPT_ERRORS[page] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    _save_failure_screenshot(request, page)
    context.close()


@pytest.fixture
def page(browser: Browser, server_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (no cookies) per test."""
    yield from _new_page(browser, request)


@pytest.fixture
def page_without_js(browser: Browser, server_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _new_page(browser, request, java_script_enabled=False)


# --- the data --------------------------------------------------------------------------


@dataclass
class Demo:
    """What a journey needs to know about the seeded data."""

    password: str
    person_pk: int
    person_heading: str  # as the pages show a name: "FAMILY, Given names"
    person_reference: str
    other_person_pk: int  # a seeded person probation.om may see
    other_family_name: str
    other_heading: str


def _ensure_reference_data() -> None:
    """Transactional tests empty the tables afterwards, including the areas and agencies
    the migration loaded; load them again (the migration's own loader, idempotent)."""
    from django.apps import apps

    from accounts.models import Area

    if not Area.objects.filter(code="DEMO").exists():
        importlib.import_module("accounts.migrations.0002_reference_data").load(apps, None)


@pytest.fixture
def demo(transactional_db: None, browser_settings: None, server_url: str) -> Demo:
    """The DEMO area's users and 12 synthetic people, plus one person with an accented name
    whose MAPPA record probation.om manages.

    Built once per test process (and day): every later journey starts from a copy of exactly
    those rows, restored into the emptied tables, instead of seeding them again."""
    from django.utils import timezone

    global _SNAPSHOT
    today = timezone.localdate()
    if _SNAPSHOT is not None and _SNAPSHOT.day == today:
        _SNAPSHOT.restore()
        return dataclasses.replace(_SNAPSHOT.demo)
    _SNAPSHOT = None
    built = _build_demo()
    _SNAPSHOT = _Snapshot.take(built, today)
    return built


@dataclass
class _Snapshot:
    """The demo data as first built, and the day it was built for."""

    day: date
    demo: Demo
    tables: TablesCopy

    @classmethod
    def take(cls, demo: Demo, day: date) -> _Snapshot:
        return cls(day=day, demo=demo, tables=TablesCopy.take("browser_demo_snapshot"))

    def restore(self) -> None:
        self.tables.restore()


_SNAPSHOT: _Snapshot | None = None


def _build_demo() -> Demo:
    from access import policy
    from accounts.models import Agency, AgencyKind, User
    from accounts.reference import agency_code
    from cases import services as case_services
    from devdata.people import seed
    from register import services
    from register.models import AddressKind, CustodyStatus, Disposal, Gender

    _ensure_reference_data()
    seed(PASSWORD, people=12)
    officer = User.objects.get(username="probation.om")
    probation = Agency.objects.get(code=agency_code("DEMO", AgencyKind.PROBATION))
    person = services.create_nominal(
        actor=Actor(officer),
        values={
            "family_name": "Núñez",
            "given_names": "Zoë Amélie",
            "date_of_birth": date(1980, 3, 27),
            "gender": Gender.FEMALE,
            "ethnicity": "White Spanish",
            "nationality": "Spanish",
            "pnc": "1999/0123456X",
            "custody_status": CustodyStatus.COMMUNITY,
        },
        area=probation.area,
    )
    services.add_address(
        actor=Actor(officer),
        nominal=person,
        values={
            "kind": AddressKind.APPROVED_PREMISES,
            "line1": "12 Example Road",
            "town": "Demotown",
            "postcode": "DT1 2AB",
            "from_date": date(2024, 1, 15),
        },
    )
    services.add_conviction(
        actor=Actor(officer),
        nominal=person,
        values={
            "offence": "Wounding with intent (s18)",
            "offence_date": date(2022, 6, 1),
            "conviction_date": date(2023, 2, 10),
            "court": "Demotown Crown Court",
            "disposal": Disposal.CUSTODY,
            "sentence_months": 30,
            "is_index_offence": True,
        },
    )
    case_services.register(
        actor=Actor(officer),
        nominal=person,
        category=2,
        level=2,
        basis="continuation",
        lead_agency=probation,
        record_manager=officer,
        start_date=date(2024, 1, 15),
        reason="Released on licence to Approved Premises",
    )
    other = policy.visible_nominals(officer).exclude(pk=person.pk).order_by("pk").first()
    assert other is not None, "the seeded data should include someone probation.om may see"
    return Demo(
        password=PASSWORD,
        person_pk=person.pk,
        person_heading=str(person),
        person_reference=person.reference,
        other_person_pk=other.pk,
        other_family_name=other.family_name,
        other_heading=str(other),
    )


# --- steps shared by journeys ----------------------------------------------------------


def authenticator_for(username: str) -> Any:
    """The user's authenticator (a django-otp TOTP device), set up now if they have none, as
    they would have at their first sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.tests.helpers import give_authenticator

    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        from accounts.models import User

        device = give_authenticator(User.objects.get(username=username))
    return device


def sign_in(page: Page, server_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, as a person would: username and password, then the
    security code their authenticator app shows (computed here from the device's key);
    land on the home page."""
    from accounts import mfa
    from accounts.models import User
    from accounts.tests.helpers import fresh_code

    needs_code = mfa.mfa_required(User.objects.get(username=username))
    device = authenticator_for(username) if needs_code else None
    page.goto(f"{server_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/"))  # signed out: sent to sign in
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to OpenMAPPA")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        expect(page).to_have_url(f"{server_url}/accounts/sign-in/code/")
        page.get_by_label("Enter your security code").fill(fresh_code(device))
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{server_url}/")
    expect(page.get_by_role("button", name=f"Sign out {username}")).to_be_visible()
