"""Declaring the access rule of a view or endpoint.

Deny by default: access's DeclaredAccessRuleMiddleware refuses any route whose view has not
declared a rule that access/policy knows. Page views use `page_rule` (function views)
or set `access_rule` on the class; API views set `access_rule` and are checked by
`PolicyPermission`.

The kernel only carries the declaration; the decision is access.policy's, installed at
start-up with `install_rule_check` (AccessConfig.ready), so that every app can declare its
rules without importing the app that decides them. Until it is installed, nothing is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission

if TYPE_CHECKING:  # the project's user model (AUTH_USER_MODEL), named for type checks only
    from accounts.models import User

RuleCheck = Callable[[str, Any], bool]


def _deny_everything(rule: str, user: Any) -> bool:
    return False


_rule_check: RuleCheck = _deny_everything


def install_rule_check(check: RuleCheck) -> None:
    """Install the policy's answer to "may this user reach a route declaring this rule"."""
    global _rule_check
    _rule_check = check


def allows(rule: str, user: Any) -> bool:
    return _rule_check(rule, user)


def declared_rule(view_func: Callable[..., Any]) -> str | None:
    for holder in (
        view_func,
        getattr(view_func, "view_class", None),  # Django class-based views
        getattr(view_func, "cls", None),  # Django REST framework views
    ):
        rule = getattr(holder, "access_rule", None)
        if rule:
            return str(rule)
    return None


def enforce_page_rule(rule: str, request: HttpRequest) -> HttpResponse | None:
    """None when allowed; otherwise the sign-in redirect or a 404 (never a 403)."""
    if allows(rule, request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def page_rule(rule: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refusal = enforce_page_rule(rule, request)
            return refusal or view(request, *args, **kwargs)

        checked.access_rule = rule  # type: ignore[attr-defined]
        return checked

    return decorate


class PolicyPermission(BasePermission):
    """DRF permission asking the policy for the endpoint's declared rule."""

    def has_permission(self, request: Any, view: Any) -> bool:
        rule = getattr(view, "access_rule", None)
        if not rule:
            return False
        if allows(rule, request.user):
            return True
        if request.user and request.user.is_authenticated:
            # Signed in but not entitled: look exactly like a missing resource.
            raise Http404
        return False


def signed_in_user(request: Any) -> User:
    """The signed-in user of a request that has passed its access rule."""
    user = request.user
    if not isinstance(user, get_user_model()):
        raise Http404
    return user
