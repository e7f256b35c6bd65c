"""Who is acting: the signed-in user, where the request came from, and why.

Built once per request (`actor_of`) and handed to the services, which need it only to
say who did what, and from where, in the audit event of their write. Services therefore
take an `actor`, never the HttpRequest.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .client_address import client_address
from .declare import signed_in_user

if TYPE_CHECKING:  # the project's user model (AUTH_USER_MODEL), named for type checks only
    from accounts.models import User


def canonical_address(value: object) -> str | None:
    """One spelling per address, as the database gives it back (IPv6 compressed, lower
    case), so an audit event hashes the same before and after it is stored. Not an address: None."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        return None


@dataclass(frozen=True)
class Actor:
    """The user a write or read is done by; `client_address` and `reason` go into its audit
    event (a reason is given for emergency access). Commands and tests act with no address."""

    user: User
    client_address: str | None = None
    reason: str = ""

    @property
    def pk(self) -> int:
        return int(self.user.pk)


def actor_of(request: Any, *, reason: str = "") -> Actor:
    """The actor of a page or API request that has passed its access rule (a DRF Request
    reads META through to the HttpRequest it wraps). The address is the client's, as
    kernel/client_address.py works it out from the trusted proxies."""
    return Actor(signed_in_user(request), canonical_address(client_address(request)), reason)


def as_actor(who: Actor | User) -> Actor:
    """An Actor as it is; a bare user (a command, a scheduled job) acting from nowhere."""
    return who if isinstance(who, Actor) else Actor(who)


def acting_as(user: User, request: Any) -> Actor:
    """The actor for a user who is not (or not yet) the request's signed-in user: signing in,
    resetting a password, an expired session."""
    return Actor(user, canonical_address(client_address(request)))
