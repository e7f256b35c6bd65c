"""The person a sharing or restricted-access page is about, checked before anything is shown.

The lookup is not audited: the page's frame (kernel.registries.person_page) or the
endpoint's read (kernel.registries.read_person) audits the read once it is allowed, and a
refusal reads nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import Http404

from accounts.models import User

from . import policy
from .policy.records import nominal_model

if TYPE_CHECKING:
    from register.models import Nominal


def visible_person(*, requested_by: User, pk: int) -> Nominal:
    """The person, or 404 whether they do not exist or the user may not see them."""
    try:
        return policy.visible_nominals(requested_by, few=True).get(pk=pk)
    except (nominal_model().DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def person_to_manage(*, requested_by: User, pk: int, may_manage: Callable[[User, Nominal], bool]) -> Nominal:
    """The person, when the user sees them and `may_manage` (a policy rule) lets them; else 404."""
    nominal = visible_person(requested_by=requested_by, pk=pk)
    if not may_manage(requested_by, nominal):
        raise Http404
    return nominal
