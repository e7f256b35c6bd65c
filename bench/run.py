"""Benchmarks at national scale: prints the median server time of repeated runs.

Run against a database filled by `manage.py generate_synthetic --people 100000 --area ALL`:

    DATABASE_URL=postgres://openmappa:openmappa@127.0.0.1:5432/openmappa_bench \\
        SECRET_KEY=bench .venv/bin/python bench/run.py [--runs 9]

Each figure is the time Django takes to answer the request (Django's test client: the
whole server side, middleware, access checks, queries and rendering; no network), the
median of the runs after one warm-up. Targets (issue 8): annual report for all areas
under 2 s, a worklist and the area view under 200 ms, search under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openmappa.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from cases.models import Registration  # noqa: E402
from register.models import Nominal  # noqa: E402
from reports.selectors import latest_complete_year  # noqa: E402

TARGETS_MS = {"annual": 2000, "worklist": 200, "search": 50}


def timed(call: Callable[[], object], runs: int) -> float:
    call()  # warm-up: caches, connections, template loading
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client: Client, url: str) -> Callable[[], object]:
    def call() -> object:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return response

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--area", default="LON", help="The area for the one-area figures (the largest by default)")
    parser.add_argument(
        "--only", choices=sorted(TARGETS_MS), action="append", help="Only these figures (repeat); all by default"
    )
    args = parser.parse_args()
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["testserver"]
    people = Nominal.objects.count()
    if people < 1000:
        sys.exit("Fill the database first: manage.py generate_synthetic --people 100000 --area ALL")
    area = args.area
    lay, _ = User.objects.get_or_create(username="bench.lay", defaults={"role": Role.LAY_ADVISER, "password": "!"})
    coordinator = User.objects.get(username=f"syn.{area.lower()}.coordinator.1")
    busiest = (
        Registration.objects.filter(status="active", nominal__area__code=area, record_manager__role=Role.POLICE_OM)
        .values("record_manager")
        .annotate(cases=Count("pk"))
        .order_by("-cases")
        .first()
    )
    assert busiest is not None
    officer = User.objects.get(pk=busiest["record_manager"])
    year = latest_complete_year(django.utils.timezone.localdate())
    in_area = Nominal.objects.filter(area__code=area).count()
    sample = Nominal.objects.filter(area__code=area).order_by("pk")[in_area // 2]
    surname = sample.family_name

    print(f"OpenMAPPA benchmarks on {connection.vendor}: {people:,} people, median of {args.runs} runs (server time)")
    print(f"  {area} has {in_area:,} people; {officer.username} manages {busiest['cases']} active cases")
    lay_client, officer_client, coordinator_client = client_for(lay), client_for(officer), client_for(coordinator)
    figures: list[tuple[str, str, Client, str]] = [
        ("annual", f"annual report API, {area}", lay_client, f"/api/v1/reports/annual/?area={area}&year_ending={year}"),
        ("annual", "annual report API, all areas", lay_client, f"/api/v1/reports/annual/?area=ALL&year_ending={year}"),
        ("annual", "annual report page, all areas", lay_client, f"/reports/annual/?area=ALL&year_ending={year}"),
        ("worklist", "my work API (busiest police officer)", officer_client, "/api/v1/worklist/"),
        ("worklist", "my work page (busiest police officer)", officer_client, "/my-work/"),
        ("worklist", f"area view API ({area} co-ordinator)", coordinator_client, "/api/v1/worklist/area/"),
        ("worklist", f"area view page ({area} co-ordinator)", coordinator_client, "/my-work/area/"),
        (
            "search",
            f"search API by surname ({area} co-ordinator)",
            coordinator_client,
            f"/api/v1/nominals/?q={surname}",
        ),
        ("search", "search API by surname (police officer)", officer_client, f"/api/v1/nominals/?q={surname}"),
        (
            "search",
            f"search API by reference ({area} co-ordinator)",
            coordinator_client,
            f"/api/v1/nominals/?q={sample.reference}",
        ),
    ]
    rows = [
        (name, timed(get(client, url), args.runs), TARGETS_MS[group])
        for group, name, client, url in figures
        if not args.only or group in args.only
    ]
    width = max(len(name) for name, _, _ in rows)
    for name, median, target in rows:
        verdict = "ok" if median < target else "OVER TARGET"
        print(f"  {name:<{width}}  {median:8.1f} ms   (target < {target} ms: {verdict})")
    if not args.only or "worklist" in args.only:
        per_source(officer, coordinator, max(3, args.runs // 3))


def per_source(officer: User, coordinator: User, runs: int) -> None:
    """Each registered worklist source on its own, to show which one a slow worklist waits for."""
    from datetime import timedelta

    from django.utils import timezone

    from kernel.worklist_sources import SOURCES, Wanted, WorklistScope, summarise

    today = timezone.localdate()
    due_by = today + timedelta(days=14)

    def officer_scope() -> WorklistScope:
        return WorklistScope(today=today, due_by=due_by, user=officer)

    def area_scope() -> WorklistScope:
        return WorklistScope(today=today, due_by=due_by, area_id=coordinator.area_id)

    print(f"  worklist sources on their own (median of {runs}; a first page of 100 and the counts):")
    print("  (each with a new scope, so with what it shares with other sources read again)")
    wanted = Wanted(limit=100)
    for kind in SOURCES:
        figures = []
        for scope in (officer_scope, area_scope):
            items = summarise(kind, scope(), wanted).total

            def one(kind: str = kind, scope: Callable[[], WorklistScope] = scope) -> object:
                return summarise(kind, scope(), wanted)

            median = timed(one, runs)
            figures.append(f"{median:8.1f} ms ({items} items)")
        print(f"    {kind:<28} officer {figures[0]}   area {figures[1]}")


if __name__ == "__main__":
    main()
