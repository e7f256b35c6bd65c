"""Client addresses come from the trusted proxies only (kernel/client_address.py): the audit
trail, the lockout (django-axes) and the rate limits (DRF throttles) see the same client,
and only a trusted proxy may say the request came over HTTPS."""

from __future__ import annotations

from typing import Any

import pytest
from axes.helpers import get_client_ip_address
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import User
from audit.models import AuditEvent
from kernel.actor import actor_of
from kernel.client_address import ClientAddressMiddleware, _networks, resolve

PROXIES = ("10.0.0.0/8", "2001:db8::/32")
NETS = _networks(PROXIES)
CLIENT = "203.0.113.9"


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        ("198.51.100.7", "1.2.3.4", "198.51.100.7"),  # not our proxy: the header is ignored
        ("10.0.0.5", CLIENT, CLIENT),
        ("10.0.0.5", f"1.2.3.4, {CLIENT}", CLIENT),  # the client's own claim (left) is ignored
        ("10.0.0.5", f"{CLIENT}, 10.1.1.1", CLIENT),  # two of our proxies in a row
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", "not-an-address", "10.0.0.5"),
        ("10.0.0.5", f"{CLIENT}:4711", CLIENT),
        ("2001:db8::1", "[2001:db8:ffff::9]:443, 2a00:1450::1", "2a00:1450::1"),
    ],
)
def test_the_client_is_the_first_address_not_our_proxy_from_the_right(
    peer: str, forwarded_for: str, client: str
) -> None:
    assert resolve(peer, forwarded_for, NETS) == client


def _through_middleware(settings: Any, peer: str, **headers: str) -> HttpRequest:
    settings.TRUSTED_PROXIES = list(PROXIES)
    request = RequestFactory().get("/", REMOTE_ADDR=peer, **headers)  # type: ignore[arg-type]
    seen: list[HttpRequest] = []

    def view(inner: HttpRequest) -> HttpResponse:
        seen.append(inner)
        return HttpResponse()

    ClientAddressMiddleware(view)(request)
    return seen[0]


def test_the_lockout_and_the_throttles_count_the_client_not_the_proxy(settings: Any) -> None:
    request = _through_middleware(settings, "10.0.0.5", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {CLIENT}")
    assert get_client_ip_address(request) == CLIENT
    assert SimpleRateThrottle.get_ident(SimpleRateThrottle.__new__(SimpleRateThrottle), Request(request)) == CLIENT


def test_a_client_cannot_choose_its_own_address(settings: Any) -> None:
    request = _through_middleware(settings, "198.51.100.7", HTTP_X_FORWARDED_FOR=CLIENT)
    assert get_client_ip_address(request) == "198.51.100.7"
    assert (
        SimpleRateThrottle.get_ident(SimpleRateThrottle.__new__(SimpleRateThrottle), Request(request)) == "198.51.100.7"
    )
    assert "x-forwarded-for" not in request.headers


def test_https_is_believed_only_from_a_trusted_proxy(settings: Any) -> None:
    assert _through_middleware(settings, "10.0.0.5", HTTP_X_FORWARDED_PROTO="https").is_secure()
    assert not _through_middleware(settings, "198.51.100.7", HTTP_X_FORWARDED_PROTO="https").is_secure()


def test_with_no_trusted_proxies_the_headers_count_for_nothing(settings: Any) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=CLIENT, HTTP_X_FORWARDED_PROTO="https"
    )
    settings.TRUSTED_PROXIES = []
    ClientAddressMiddleware(lambda inner: HttpResponse())(request)
    assert request.META["REMOTE_ADDR"] == "10.0.0.5" and not request.is_secure()


@pytest.mark.django_db
def test_the_audit_trail_records_the_client_behind_the_proxy(settings: Any, police_om: User, signed_in: Any) -> None:
    settings.TRUSTED_PROXIES = list(PROXIES)
    client = signed_in(police_om)
    client.get("/people/?q=smith", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {CLIENT}")
    client.get("/people/?q=jones", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    addresses = list(AuditEvent.objects.order_by("-id").values_list("ip_address", flat=True)[:2])
    assert addresses == ["198.51.100.7", CLIENT]


@pytest.mark.django_db
def test_the_actor_of_a_request_is_the_client_even_without_the_middleware(settings: Any, police_om: User) -> None:
    settings.TRUSTED_PROXIES = list(PROXIES)
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=CLIENT)
    request.user = police_om
    assert actor_of(request).client_address == CLIENT
