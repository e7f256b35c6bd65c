"""Fixtures shared by the whole test suite: one user per role, people, registrations, and
the record kinds the access tests walk through.

The DEMO area and its agencies come from the reference-data migration
(accounts/migrations/0002_reference_data.py), so they exist in every test database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from importlib import import_module
from itertools import count
from typing import Any

import pytest
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from accounts.models import Agency, Area, Role, User
from accounts.tokens import issue_token
from cases import services as case_services
from cases.models import Registration
from kernel.actor import Actor
from register import services as register_services
from register.models import Nominal

# The suite shares two cores with PostgreSQL and Chromium: drawing examples may be slow under
# that load, which says nothing about the code, so time limits are not part of the checks.
hypothesis_settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("suite")

PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 - test users only

# Every actor the access tests walk through: one user per role, with the agency (by code)
# they work for, plus a police officer of another MAPPA area.
ACTOR_AGENCIES: dict[str, tuple[str, str | None]] = {
    "police_om": (Role.POLICE_OM, "DEMO-POL"),
    "probation_om": (Role.PROBATION_OM, "DEMO-PRB"),
    "prison_om": (Role.PRISON_OM, "DEMO-PRI"),
    "coordinator": (Role.COORDINATOR, "DEMO-PRB"),
    "chair": (Role.CHAIR, "DEMO-PRB"),
    "dtc_spoc": (Role.DTC_SPOC, "DEMO-HSG"),
    "lay_adviser": (Role.LAY_ADVISER, None),
    "smb_member": (Role.SMB_MEMBER, None),
    "auditor": (Role.AUDITOR, None),
    "admin": (Role.ADMIN, None),
    "other_area_police": (Role.POLICE_OM, "KEN-POL"),
}
ACTORS: tuple[str, ...] = tuple(ACTOR_AGENCIES)

# The kinds of record the access tests use, described from the DEMO police officer's side.
RECORD_KINDS: tuple[str, ...] = ("own", "partner", "other_agency", "other_area", "archived", "unregistered")

_serial = count(1)


def _commit_order(item: pytest.Item) -> int:
    """0 for tests that roll back; 1 for tests that commit and need the reference data the
    migrations load; 2 for the browser journeys, which start from their own copy of the
    tables (TablesCopy) whatever came before."""
    if "live_server" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser"):
        return 2
    marker = item.get_closest_marker("django_db")
    committing = "transactional_db" in getattr(item, "fixturenames", ()) or (
        marker and marker.kwargs.get("transaction")
    )
    return 1 if committing else 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that really commit end by emptying the database, reference data included: they
    run after the others, whatever order the folders are found in."""
    items.sort(key=_commit_order)


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """A test that commits ends by emptying every table, the reference data the migrations
    loaded included; the next one that commits finds it loaded again."""
    if _commit_order(request.node) != 1:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    if not Agency.objects.exists():
        import_module("accounts.migrations.0002_reference_data").load(apps, None)


@pytest.fixture(autouse=True)
def _plain_http(settings: Any) -> None:
    """The test client speaks plain HTTP; the production defaults would redirect it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database, with autovacuum off for its tables, so every table keeps the
    estimates of a fresh database whatever ran before. Tests roll back what they write,
    which leaves dead rows; vacuuming them while a test holds many uncommitted rows records
    the table as empty (reltuples 0) and the planner then nests loops over hundreds of rows:
    in a whole run a test over a generated area ran for more than 25 minutes, against half a
    minute on its own."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            """
            DO $$
            DECLARE t record;
            BEGIN
                FOR t IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public' LOOP
                    EXECUTE format(
                        'ALTER TABLE %I.%I SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)',
                        t.schemaname, t.tablename
                    );
                END LOOP;
            END $$;
            """
        )


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits count requests in the cache; each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing_by_default() -> Iterator[None]:
    """Argon2 (the production hasher) is deliberately slow: a test hashes with MD5 unless it
    asks for Argon2 itself, as the sign-in timing test does. Sign-in still runs Django's real
    password checks."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests that build many users hash with MD5 instead."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


_committing = [0]  # how many `committed` blocks are open: the outermost runs the work


@contextmanager
def committed() -> Iterator[None]:
    """What is written inside is treated as committed: the on-commit work it queues runs at
    the end of the outermost such block (the stored due dates follow, once for all its
    people), though the test's transaction never commits."""
    if _committing[0]:
        yield
        return
    _committing[0] += 1
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield
    finally:
        _committing[0] -= 1


def agency(code: str) -> Agency:
    return Agency.objects.select_related("area").get(code=code)


@pytest.fixture
def demo_area(db: None) -> Area:
    return Area.objects.get(code="DEMO")


def create_user(role: str, agency_code: str | None, *, username: str = "", **extra: Any) -> User:
    works_for = agency(agency_code) if agency_code else None
    area = works_for.area if works_for else Area.objects.get(code="DEMO")
    return User.objects.create_user(
        username=username or f"{role}.{next(_serial)}",
        password=PASSWORD,
        role=role,
        agency=works_for,
        area=area,
        first_name=role.replace("_", " ").title(),
        last_name=f"Tester{next(_serial)}",
        **extra,
    )


@pytest.fixture
def make_user(db: None, fast_password_hashing: None) -> Callable[..., User]:
    """Build a user: make_user(Role.POLICE_OM, "DEMO-POL") or make_user(Role.AUDITOR, None)."""
    return create_user


def create_users() -> dict[str, User]:
    """One user per role in the DEMO area (and the other area's police officer), by actor name."""
    return {name: create_user(role, code, username=name) for name, (role, code) in ACTOR_AGENCIES.items()}


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[str, User]:
    """One user per role in the DEMO area (and the other area's police officer), by actor name."""
    return create_users()


@pytest.fixture
def police_om(users: dict[str, User]) -> User:
    return users["police_om"]


@pytest.fixture
def probation_om(users: dict[str, User]) -> User:
    return users["probation_om"]


@pytest.fixture
def coordinator(users: dict[str, User]) -> User:
    return users["coordinator"]


PersonMaker = Callable[..., Nominal]
RegistrationMaker = Callable[..., Registration]


def create_person(by: User, **values: Any) -> Nominal:
    """Create a person through the service, as `by` (a user of a case-managing agency).
    Tests make many alike, so the register's duplicate check is passed as confirmed unless
    `confirmed_not_duplicate=False` asks for it."""
    aliases = values.pop("aliases", None)
    area = values.pop("area", None)
    confirmed = values.pop("confirmed_not_duplicate", True)
    fields = {
        "family_name": f"Testperson{next(_serial)}",
        "given_names": "Alex",
        "date_of_birth": date(1980, 3, 27),
        "gender": "male",
    } | values
    return register_services.create_nominal(
        actor=Actor(by), values=fields, aliases=aliases, area=area, confirmed_not_duplicate=confirmed
    )


@pytest.fixture
def make_person(db: None) -> PersonMaker:
    """Create a person through the service, as `by` (a user of a case-managing agency)."""
    return create_person


def create_registration(
    nominal: Nominal,
    by: User,
    *,
    category: int = 1,
    level: int = 1,
    lead_agency: Agency | None = None,
    record_manager: User | None = None,
    partners: list[Agency] | None = None,
    start_date: date | None = None,
    reason: str = "Registered following sentence",
    basis: str | None = None,
) -> Registration:
    """Register a person for MAPPA through the service; by default led by `by`'s agency and
    managed by `by`. Their stored due dates are written as on commit. A level 2 or 3
    registration carries on an earlier decision unless `basis` says otherwise."""
    with committed():
        return case_services.register(
            actor=Actor(by),
            nominal=nominal,
            category=category,
            level=level,
            lead_agency=lead_agency or by.agency,
            record_manager=record_manager or by,
            start_date=start_date or timezone.localdate() - timedelta(days=30),
            reason=reason,
            partner_agencies=partners or [],
            basis=basis or ("continuation" if level in (2, 3) else "registration"),
        )


@pytest.fixture
def make_registration(db: None) -> RegistrationMaker:
    """Register a person for MAPPA through the service; by default led by `by`'s agency and
    managed by `by`."""
    return create_registration


@dataclass
class Records:
    """One person of each record kind, and their registrations (None when unregistered)."""

    people: dict[str, Nominal]
    registrations: dict[str, Registration | None] = field(default_factory=dict)


@pytest.fixture
def records(users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker) -> Records:
    """The record kinds (see create_records)."""
    return create_records(users)


def create_records(users: dict[str, User]) -> Records:
    """The record kinds, from the DEMO police officer's side:

    own           created and led by DEMO police, managed by the police officer
    partner       created and led by DEMO probation, DEMO police a partner agency
    other_agency  created and led by DEMO prison, no partners
    other_area    created and led by Kent police, in Kent
    archived      created and led by DEMO police, managed by the police officer, archived
    unregistered  created by DEMO probation, never registered
    """
    with committed():
        return _create_records(users)


def _create_records(users: dict[str, User]) -> Records:
    police, probation, prison, kent = (
        users["police_om"],
        users["probation_om"],
        users["prison_om"],
        users["other_area_police"],
    )
    people = {
        "own": create_person(police, family_name="Ownrecord"),
        "partner": create_person(probation, family_name="Partnerrecord"),
        "other_agency": create_person(prison, family_name="Prisonrecord"),
        "other_area": create_person(kent, family_name="Kentrecord"),
        "archived": create_person(police, family_name="Archivedrecord"),
        "unregistered": create_person(probation, family_name="Unregisteredrecord"),
    }
    registrations: dict[str, Registration | None] = {
        "own": create_registration(people["own"], police),
        "partner": create_registration(people["partner"], probation, partners=[agency("DEMO-POL")]),
        "other_agency": create_registration(people["other_agency"], prison),
        "other_area": create_registration(people["other_area"], kent),
        "archived": create_registration(people["archived"], police),
        "unregistered": None,
    }
    archived = registrations["archived"]
    assert archived is not None
    registrations["archived"] = case_services.archive(
        actor=Actor(police),
        registration=archived,
        archived_on=timezone.localdate(),
        reason="Died",
        exit_basis="died",  # leaving before the category's exit point is lawful only on death
    )
    return Records(people=people, registrations=registrations)


@dataclass
class TablesCopy:
    """A copy of every table Django's flush empties, kept in a PostgreSQL schema of its own
    in the test database, that can be put back: tests that share data built once (the access
    matrix, the browser journeys) start from it, or leave the database as they found it."""

    schema: str
    tables: list[str]  # every table the flush empties
    copied: list[tuple[str, str]]  # (table, its columns) for tables that had rows
    sequences: list[tuple[str, int]]  # (sequence, the highest id in the copy)

    @classmethod
    def take(cls, schema: str) -> TablesCopy:
        from django.db import connection

        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        copied: list[tuple[str, str]] = []
        sequences: list[tuple[str, int]] = []
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
            for table in tables:
                cursor.execute(
                    "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = %s::regclass"
                    " AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
                    [f'public."{table}"'],
                )
                columns = ", ".join(name for (name,) in cursor.fetchall())
                cursor.execute(f'CREATE TABLE {schema}."{table}" AS SELECT {columns} FROM public."{table}"')  # noqa: S608
                if cursor.rowcount:
                    copied.append((table, columns))
                for sequence in connection.introspection.get_sequences(cursor, table):
                    cursor.execute(
                        f'SELECT max("{sequence["column"]}"), pg_get_serial_sequence(%s, %s) FROM public."{table}"',  # noqa: S608 - our own table names
                        [f'public."{table}"', sequence["column"]],
                    )
                    highest, name = cursor.fetchone() or (None, None)
                    if highest is not None and name:
                        sequences.append((name, highest))
        return cls(schema=schema, tables=tables, copied=copied, sequences=sequences)

    def restore(self) -> None:
        """Empty the tables (as Django's flush does) and copy the rows back, with the same
        ids, in one transaction: foreign keys are checked at commit, when every table is
        whole again."""
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("TRUNCATE " + ", ".join(f'public."{table}"' for table in self.tables))
            for table, columns in self.copied:
                cursor.execute(
                    f'INSERT INTO public."{table}" ({columns}) SELECT {columns} FROM {self.schema}."{table}"'  # noqa: S608
                )
            # Sequences only move forward, so they are past every copied id already; this
            # makes sure of it.
            for name, highest in self.sequences:
                cursor.execute(
                    "SELECT setval(%s, GREATEST(%s, COALESCE(pg_sequence_last_value(%s::regclass), 0)))",
                    [name, highest, name],
                )
        ContentType.objects.clear_cache()

    def drop(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


@pytest.fixture
def signed_in() -> Callable[[User | None], Client]:
    """A page client signed in as the user (anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def bearer() -> Callable[[User | None], APIClient]:
    """An API client sending a real bearer token for the user (none for None)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            raw, _ = issue_token(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


# --- Reading pages -----------------------------------------------------------------------------


class _PageReader(HTMLParser):
    """Collects the ids on a page and the links in its GOV.UK error summary."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.summary_links: list[tuple[str, str]] = []
        self._summary_depth = 0
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if self._summary_depth:
            if tag == "div":
                self._summary_depth += 1
            if tag == "a":
                self._href, self._text = str(attributes.get("href") or ""), []
        elif tag == "div" and "govuk-error-summary" in str(attributes.get("class") or "").split():
            self._summary_depth = 1

    def handle_endtag(self, tag: str) -> None:
        if not self._summary_depth:
            return
        if tag == "a" and self._href is not None:
            self.summary_links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None
        elif tag == "div":
            self._summary_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def read_page(content: bytes) -> _PageReader:
    reader = _PageReader()
    reader.feed(content.decode())
    return reader


def error_summary(content: bytes) -> dict[str, str]:
    """The GOV.UK error summary as {target id: message}, checking every link points at an
    element on the page."""
    page = read_page(content)
    links = {}
    for href, message in page.summary_links:
        assert href.startswith("#"), href
        assert href[1:] in page.ids, f"the error summary links to #{href[1:]}, which is not on the page"
        links[href[1:]] = message
    return links


@pytest.fixture(scope="session", autouse=True)
def worklist_threads_closed(django_db_setup: None) -> Iterator[None]:
    """The worklists' threads keep a database connection each (worklists/parallel.py):
    close them before the test database is dropped."""
    yield
    from worklists.parallel import close_pool_connections

    close_pool_connections()
