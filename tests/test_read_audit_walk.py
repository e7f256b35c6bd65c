"""Every read that shows a named person is audited: a walk over the whole URL configuration.

The demo data (the seed commands an operator runs) is loaded once. Then, signed in as each
demo user who works with people, the walk requests every page and API route that takes no
id, follows every link the pages show and every id the API's lists give, and for each GET
of a record (a route with an id) that answers 200 and shows a person (their reference, or
their name as the pages show it) checks that the request wrote an audit event. A route
added later is walked the same way, without an edit here.

Routes without an id (the home page, worklists, registers, indexes) list the caller's own
work by name and reference, as a case list does; opening any entry is a read of the record
and is audited. They are walked for their links, not held to the rule.

The walk also proves it reached the pages it is known to need (NAMED_ROUTES below), so it
cannot pass by walking nothing.
"""

from __future__ import annotations

import importlib
import io
import json
import re
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from accounts.models import Area, User
from audit.models import AuditEvent
from conftest import TablesCopy
from kernel.actor import Actor
from register.models import Nominal
from transfers import services as transfer_services
from transfers.models import Transfer

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "walk-the-routes-password-1"
# The demo users who work with people's records (the others see none).
WALKERS = ("police.om", "probation.om", "prison.om", "coordinator", "chair", "housing.spoc")
# Answers of each route to check, per user: enough to meet every kind of page in reasonable
# time (a person's tabs are many routes, each walked for one person per user).
URLS_PER_ROUTE = 1
# Pages that change something or only ever redirect: not reads.
NOT_READS = re.compile(r"^/(accounts/sign-out|accounts/keep-alive|static/)|\.pdf$|/pdf/")
# Pages whose reads were found unaudited once: the walk must reach each with a person shown.
NAMED_ROUTES = frozenset(
    {
        "api:minutes-request",
        "disclosure:edit",
        "disclosure:carried-out",
        "disclosure:acknowledgement",
        "disclosure:review",
        "custody:sfo-notification",
        "custody:sfo-decision",
        "transfers:records",
        "casework:pdp-end",
    }
)
HREF = re.compile(rb'href="(/[^"#]*)"')
ID_IN_PATH = re.compile(r"^(/(?:[a-z-]+/)+)(\d+)/")


@dataclass
class Walk:
    shown: set[str] = field(default_factory=set)  # routes seen showing a person
    unaudited: list[str] = field(default_factory=list)
    requests: int = 0


def _api_routes(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _plain_routes() -> tuple[list[str], dict[str, list[str]]]:
    """The URLs of every route without an id, and for each list-shaped prefix ("/api/v1/x/")
    the routes that add an id after it ("/api/v1/x/<int:pk>/...", as a format string)."""
    plain: list[str] = []
    with_id: dict[str, list[str]] = defaultdict(list)
    for pattern, _entry in _api_routes(get_resolver()):
        if "<" not in pattern:
            plain.append("/" + pattern)
            continue
        head, _, tail = pattern.partition("<int:pk>")
        if "<" not in head and "<" not in tail:
            with_id["/" + head].append("/" + head + "{pk}" + tail)
    return plain, with_id


def _markers() -> dict[int, tuple[str, ...]]:
    """What shows a person: their reference, their name as pages show it, or their family
    name or id as the API gives them."""
    return {
        person.pk: (
            person.reference,
            str(person),
            f'"family_name":{json.dumps(person.family_name)}',
            f'"nominal":{person.pk},',
            f'"nominal":{person.pk}}}',
            f'"nominal_id":{person.pk},',
            f'"nominal_id":{person.pk}}}',
        )
        for person in Nominal.objects.all()
    }


def _ids(data: Any) -> set[int]:
    found: set[int] = set()
    rows = data.get("results") if isinstance(data, dict) else data
    if isinstance(rows, list):
        found |= {row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), int)}
    return found


def _walk_as(client: Client, markers: dict[int, tuple[str, ...]], walk: Walk) -> None:
    plain, with_id = _plain_routes()
    queue: deque[str] = deque(url for url in plain if not NOT_READS.search(url))
    seen: set[str] = set()
    per_route: dict[str, int] = defaultdict(int)
    while queue:
        url = queue.popleft()
        if url in seen or NOT_READS.search(url):
            continue
        seen.add(url)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        name = match.view_name
        if per_route[name] >= URLS_PER_ROUTE:
            continue
        before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url)
        walk.requests += 1
        if response.status_code != 200:
            continue
        per_route[name] += 1
        kind = response.get("Content-Type", "")
        if "json" in kind:
            data = response.json()
            body = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
            path = urlsplit(url).path
            queue.extend(template.format(pk=pk) for pk in _ids(data) for template in with_id.get(path, []))
        elif "html" in kind:
            body = response.content.decode()
            for link in HREF.findall(response.content):
                href = link.decode().replace("&amp;", "&")
                queue.append(href)
                record = ID_IN_PATH.match(href)
                if record:  # the record's other pages, linked or not (the policy decides)
                    queue.extend(t.format(pk=record.group(2)) for t in with_id.get(record.group(1), []))
                person = re.match(r"^/people/(\d+)/", href)
                if person:  # the same person through the API
                    queue.extend(t.format(pk=person.group(1)) for t in with_id.get("/api/v1/nominals/", []))
        else:
            continue
        shows = [pk for pk, marks in markers.items() if any(mark in body for mark in marks)]
        if not shows or not match.kwargs:
            continue
        walk.shown.add(name)
        if not AuditEvent.objects.filter(id__gt=before).exists():
            walk.unaudited.append(f"{name} {url} shows person {shows[0]} with no audit event")


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo data, seeded and committed once for this module; afterwards the tables are
    put back as they were."""
    with django_db_blocker.unblock():
        before = TablesCopy.take("read_walk_before")
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            if not Area.objects.filter(code="DEMO").exists():  # emptied by a test that committed
                importlib.import_module("accounts.migrations.0002_reference_data").load(apps, None)
            call_command("seed_demo", password=DEMO_PASSWORD, stdout=io.StringIO())
            for part in ("meetings", "reports"):
                call_command(f"seed_demo_{part}", password=DEMO_PASSWORD, stdout=io.StringIO())
            for part in ("plans", "disclosure", "rso", "custody"):
                call_command(f"seed_demo_{part}", stdout=io.StringIO())
            # The demo's transfer waits for approval; approved, its later steps open too.
            for transfer in Transfer.objects.filter(approved_on=None):
                transfer_services.approve(
                    actor=Actor(User.objects.get(username="probation.om")),
                    transfer=transfer,
                    assessment="Suitable address",
                    approved_on=timezone.localdate(),
                )
            connection.run_on_commit.clear()
        yield
    finally:
        with django_db_blocker.unblock():
            before.restore()
            before.drop()


def test_every_get_that_shows_a_person_is_audited(demo_world: None, settings: Any) -> None:
    settings.MAPPA_DEMO = True
    markers = _markers()
    walk = Walk()
    for username in WALKERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        _walk_as(client, markers, walk)
    assert walk.requests > 500, "the walk made too few requests to mean anything"
    assert walk.unaudited == [], "\n".join(walk.unaudited)
    assert sorted(NAMED_ROUTES - walk.shown) == [], "the walk did not reach these pages with a person shown"
