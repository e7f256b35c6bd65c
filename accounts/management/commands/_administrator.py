"""Shared by the account commands: who is acting, and which user."""

from __future__ import annotations

from django.core.management.base import CommandError

from accounts.models import Role, User


def administrator(username: str) -> User:
    """The administrator running the command: the audit log records who did it."""
    user = User.objects.filter(username=username, is_active=True, role=Role.ADMIN).first()
    if user is None:
        raise CommandError(f"--by must name an active system administrator; {username!r} is not one")
    return user


def target(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username!r}")
    return user
