"""Where a request came from, believing only the proxies we run.

Behind a load balancer every request arrives from the proxy's address, with the client's
in X-Forwarded-For and the scheme it used in X-Forwarded-Proto. Anyone can send those
headers, so they are read only when the request comes from an address in TRUSTED_PROXIES
(addresses or networks; empty by default, when the headers are ignored). X-Forwarded-For is
read from the right, skipping our own proxies: the first address that is not one of them is
the client (anything to its left was written by the client and proves nothing).

ClientAddressMiddleware, first in MIDDLEWARE, puts that address in REMOTE_ADDR, so the
lockout (django-axes), the rate limits (DRF throttles, accounts/throttles.py) and the audit
trail (kernel/actor.py) all see the same client, and removes the forwarded headers from
requests that did not come through a trusted proxy, so Django's SECURE_PROXY_SSL_HEADER
believes only our proxies.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

PEER_ADDRESS = "openmappa.peer_address"  # in META: the address the connection came from
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":")[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted(address: str | None, networks: Iterable[Network] | None = None) -> bool:
    parsed = _address(address or "")
    networks = trusted_networks() if networks is None else networks
    return parsed is not None and any(parsed in network for network in networks)


def resolve(peer: str, forwarded_for: str, networks: Iterable[Network] | None = None) -> str:
    """The client's address for a connection from `peer` carrying `forwarded_for`."""
    networks = tuple(trusted_networks() if networks is None else networks)
    if not is_trusted(peer, networks):
        return peer
    client = peer
    for hop in reversed([hop for hop in forwarded_for.split(",") if hop.strip()]):
        parsed = _address(hop)
        if parsed is None:
            break  # a malformed hop: stop at the last address we could trust
        client = str(parsed)
        if not any(parsed in network for network in networks):
            break
    return client


def client_address(request: Any) -> str:
    """The request's client address (REMOTE_ADDR, once the middleware has resolved it)."""
    meta = request.META
    if PEER_ADDRESS not in meta:
        return resolve(meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""))
    return str(meta.get("REMOTE_ADDR", ""))


def axes_client_ip(request: Any) -> str:
    """AXES_CLIENT_IP_CALLABLE: the lockout counts failures per client, not per proxy."""
    return client_address(request)


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        meta[PEER_ADDRESS] = peer
        if is_trusted(peer):
            meta["REMOTE_ADDR"] = resolve(peer, meta.get("HTTP_X_FORWARDED_FOR", ""))
        else:
            for header in FORWARDED_HEADERS:  # not from our proxy: claims nothing
                meta.pop(header, None)
        return self.get_response(request)
