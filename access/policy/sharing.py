"""What is shared with duty-to-co-operate agencies, through their single point of contact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import ShareGrant
from .people import can_manage_registration
from .records import nominal_model
from .roles import UserLike, agency_id_of, is_dtc_contact

if TYPE_CHECKING:
    from register.models import Nominal


class Identified(Protocol):
    """What a grant may name: a model instance, known by its class name and key."""

    @property
    def pk(self) -> object: ...


def live_share_grants(user: UserLike) -> QuerySet[ShareGrant]:
    if not is_dtc_contact(user):
        return ShareGrant.objects.none()
    return ShareGrant.objects.filter(
        agency_id=agency_id_of(user), revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def shared_object_ids(grants: QuerySet[ShareGrant], object_type: str) -> list[int]:
    """The ids of the objects of this type the grants name one by one."""
    return [int(i) for i in grants.filter(object_type=object_type).values_list("object_id", flat=True) if i.isdigit()]


def shared_scopes(user: UserLike, nominal: Nominal) -> set[str]:
    """The scopes shared, now, with the user's agency about this person (SPOCs only)."""
    return set(live_share_grants(user).filter(nominal_id=nominal.pk).values_list("scope", flat=True))


def can_view_shared(
    user: UserLike, nominal: Nominal, scope: str, obj: Identified | tuple[object, object] | None = None
) -> bool:
    """Whether a DTC SPOC may see this scope (and, given obj, this object) for this person.

    A grant naming no object covers the whole scope; a grant naming an object covers only
    that object. `obj` is a model instance or a ("Type", "id") pair."""
    grants = live_share_grants(user).filter(nominal_id=nominal.pk, scope=scope)
    if obj is None:
        return grants.exists()
    if isinstance(obj, tuple):  # ("Meeting", "12"), as sharing.grant accepts
        object_type, object_id = (str(part) for part in obj)
    else:
        object_type, object_id = type(obj).__name__, str(obj.pk)
    return grants.filter(Q(object_type="") | Q(object_type=object_type, object_id=object_id)).exists()


def shared_nominals(user: UserLike) -> QuerySet[Nominal]:
    """The people with at least one live grant to the user's agency."""
    if not is_dtc_contact(user):
        return nominal_model().objects.none()
    return nominal_model().objects.filter(pk__in=live_share_grants(user).values("nominal_id"))


def can_manage_sharing(user: UserLike, nominal: Nominal) -> bool:
    """Share by hand, or revoke: the co-ordinator, the lead agency and the record manager."""
    return can_manage_registration(user, nominal)
