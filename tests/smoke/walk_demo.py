"""Walk the demo as ./scripts/run serves it: SQLite, the demo data, every demo user.

Run as its own process (the database is chosen when Django starts):
    python -m tests.smoke.walk_demo /path/to/new.sqlite3
It migrates a new SQLite database, seeds it with the same commands, in the same order, as
scripts/run, then signs each demo user in for real (the sign-in page, with the demo
password; demo mode needs no second factor) and follows every link and submits every
GET form (with its defaults) from the home page, printing one JSON line per answer of
5xx or failed request. Links that differ only in their numbers (the same page for another
person or meeting) are followed up to SAMPLES_PER_PAGE times each (2; SMOKE_SAMPLES_PER_PAGE), so the walk covers
every kind of page in a few minutes.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import time
import traceback
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

PASSWORD = "Smoke-demo-password-2026"
SAMPLES_PER_PAGE = int(os.environ.get("SMOKE_SAMPLES_PER_PAGE", "2"))
MAX_PAGES_PER_USER = 600
SKIP_PREFIXES = ("/static/", "/assets/", "/accounts/sign-out/")

# The reports' API answers are not linked from the pages: asked directly (session auth).
API_URLS = (
    "/api/v1/reports/quarterly/",
    "/api/v1/reports/annual/",
    "/api/v1/worklist/",
    "/api/v1/worklist/area/",
    "/api/v1/nominals/",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._form: tuple[str, list[tuple[str, str]]] | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._radios: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and a.get("method", "get").lower() == "get":
            self._form = (a.get("action", ""), [])
            self._radios = set()
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind == "radio":
                if a["name"] in self._radios:
                    return
                self._radios.add(a["name"])
            if kind == "checkbox" and "checked" not in a:
                return
            self._form[1].append((a["name"], a.get("value", "")))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif (
            self._form is not None
            and tag == "option"
            and self._select is not None
            and (self._select_value is None or "selected" in a)
        ):
            self._select_value = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._form is not None and self._select is not None:
            self._form[1].append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "#", parts.path) + "?" + "&".join(keys)


def seed() -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("migrate", verbosity=0, interactive=False, stdout=out)
    call_command("seed_demo", password=PASSWORD, stdout=out)
    call_command("seed_demo_meetings", password=PASSWORD, stdout=out)
    call_command("seed_demo_reports", password=PASSWORD, stdout=out)
    for part in ("plans", "disclosure", "rso", "custody"):
        call_command(f"seed_demo_{part}", stdout=out)


def walk(username: str) -> tuple[int, list[dict[str, object]]]:
    from django.test import Client

    client = Client(raise_request_exception=True)
    signed_in = client.post("/accounts/sign-in/", {"username": username, "password": PASSWORD})
    problems: list[dict[str, object]] = []
    if signed_in.status_code != 302:
        return 0, [{"user": username, "url": "/accounts/sign-in/", "status": signed_in.status_code}]
    seen: set[str] = set()
    per_shape: Counter[str] = Counter()
    queue = deque(["/", *API_URLS])
    visited = 0
    while queue and visited < MAX_PAGES_PER_USER:
        url = queue.popleft()
        if url in seen or per_shape[_shape(url)] >= SAMPLES_PER_PAGE:
            continue
        seen.add(url)
        if os.environ.get("SMOKE_VERBOSE"):
            print(username, url, file=sys.stderr)
        per_shape[_shape(url)] += 1
        visited += 1
        try:
            response = client.get(url)
        except Exception:
            problems.append({"user": username, "url": url, "error": traceback.format_exc(limit=-8)})
            continue
        if response.status_code >= 500:
            problems.append({"user": username, "url": url, "status": response.status_code})
            continue
        if response.status_code in (301, 302):
            location = response["Location"]
            if location.startswith("/") and "sign-in" not in location:
                queue.append(location)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Links()
        page.feed(response.content.decode(errors="replace"))
        found = list(page.links)
        for action, fields in page.forms:
            found.append(f"{action or urlsplit(url).path}?{urlencode(fields)}")
        for href in found:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return visited, problems


def main(database: str, already_seeded: bool = False) -> int:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        MAPPA_DEMO="1",
        DJANGO_DEBUG="0",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        DJANGO_SETTINGS_MODULE="openmappa.settings",
        LOG_LEVEL="CRITICAL",
        # The sign-in rate limit counts one address; the walk signs in a dozen users at once.
        SIGN_IN_RATE_LIMIT="1000/min",
    )
    os.environ.pop("SECRET_KEY", None)
    import django

    django.setup()
    started = time.monotonic()
    if not already_seeded:
        seed()
    seeded = time.monotonic() - started
    from accounts.models import User

    usernames = list(
        User.objects.filter(is_active=True, is_demo=True).order_by("username").values_list("username", flat=True)
    )
    if os.environ.get("SMOKE_USERS"):  # to look again at some users only
        usernames = [name for name in usernames if name in os.environ["SMOKE_USERS"].split(",")]
    pages = 0
    problems: list[dict[str, object]] = []
    for username in usernames:
        visited, found = walk(username)
        pages += visited
        problems.extend(found)
    for problem in problems:
        print(json.dumps(problem))
    print(
        json.dumps(
            {
                "summary": True,
                "users": usernames,
                "pages": pages,
                "problems": len(problems),
                "seed_seconds": round(seeded),
                "walk_seconds": round(time.monotonic() - started - seeded),
            }
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    # --seeded: walk a database seeded before (with PASSWORD), to look again after a fix.
    sys.exit(main(sys.argv[1], already_seeded="--seeded" in sys.argv[2:]))
