"""Production cookies carry the __Host- prefix (Secure, this host only, Path=/); local
development and the demo, over plain http, keep the plain names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def _cookie_names(**env: str) -> list[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG", "MAPPA_DEMO", "SECURE_COOKIES"}
    }
    code = "import openmappa.settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE)"
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_production_cookies_have_the_host_prefix() -> None:
    assert _cookie_names(SECRET_KEY="x" * 50) == ["__Host-openmappa-session", "__Host-openmappa-csrf", "True"]


def test_the_demo_over_http_keeps_plain_cookie_names() -> None:
    assert _cookie_names(MAPPA_DEMO="1") == ["sessionid", "csrftoken", "False"]
    assert _cookie_names(SECRET_KEY="x" * 50, SECURE_COOKIES="0") == ["sessionid", "csrftoken", "False"]


@pytest.mark.django_db
def test_the_cookies_set_meet_the_host_prefix_rules() -> None:
    client = Client()
    client.get("/accounts/sign-in/")
    client.post("/accounts/sign-in/", {"username": "nobody", "password": "not-a-password-at-all"})
    assert settings.SESSION_COOKIE_NAME.startswith("__Host-")
    for name in (settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME):
        cookie = client.cookies[name]
        assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"], (name, cookie.output())
