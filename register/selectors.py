"""Every read of the person register, scoped to the requesting user through the policy."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from access import policy

from .models import Address, Nominal
from .search import normalise_words

if TYPE_CHECKING:  # the registrations are cases' records, above the register: named for type checks only
    from cases.models import Registration

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y")


def parse_date_query(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def with_registrations(queryset: QuerySet[Nominal]) -> QuerySet[Nominal]:
    """With each person's registrations, newest first, for their header and summary. The
    registration model is found through the relation: it belongs to an app above this one."""
    registrations = Nominal._meta.get_field("registrations").related_model
    return queryset.select_related("area", "closest_links_area").prefetch_related(
        Prefetch(
            "registrations",
            queryset=registrations._default_manager.select_related("lead_agency", "record_manager").order_by(
                "-start_date", "-pk"
            ),
        )
    )


def search_nominals(*, requested_by: policy.UserLike, query: str, with_aliases: bool = False) -> QuerySet[Nominal]:
    """Names (and aliases) ignoring case and accents, a date of birth, or any identifier.
    `with_aliases` for a caller that shows each result's aliases (the API; the page does not)."""
    people = policy.visible_nominals(requested_by, few=True)  # the text index leaves few to check
    query = query.strip()
    if not query:
        return with_registrations(people.none())
    as_date = parse_date_query(query)
    if as_date is not None:
        people = people.filter(date_of_birth=as_date)
    else:
        # Each word of the query must begin a word of a name, alias or identifier
        # (search_text is space-delimited), so "sm" finds Smith but "a" is not "any a".
        words = normalise_words(query)
        if not words:  # punctuation alone matches no name, rather than everyone
            return with_registrations(people.none())
        for word in words:
            people = people.filter(search_text__contains=f" {word}")
    people = with_registrations(people.order_by("family_name", "given_names", "pk"))
    # One query for the aliases of all the results, not one per person.
    return people.prefetch_related("aliases") if with_aliases else people


def first_page(people: QuerySet[Nominal], *, limit: int) -> tuple[int, list[Nominal]]:
    """How many people match, and the first `limit` of them. A page that is not full holds
    every match, so the count is only asked of the database when there may be more."""
    page = list(people[:limit])
    return (len(page) if len(page) < limit else people.count()), page


def get_nominal(*, requested_by: policy.UserLike, pk: int) -> Nominal:
    """The person, or 404 whether they do not exist or the user may not see them."""
    try:
        return with_registrations(policy.visible_nominals(requested_by, few=True)).get(pk=pk)
    except (Nominal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def current_registration(nominal: Nominal) -> Registration | None:
    """The active registration, else the latest archived one (uses prefetched rows)."""
    registrations = list(nominal.registrations.all())
    active = [r for r in registrations if r.is_active]
    candidates = active or registrations
    return candidates[0] if candidates else None


def get_address(*, requested_by: policy.UserLike, pk: int) -> Address:
    """One of a person's addresses, or 404 whether it does not exist or the user may not see the person."""
    try:
        return Address.objects.select_related("nominal").get(
            pk=pk, nominal__in=policy.visible_nominals(requested_by, few=True)
        )
    except (Address.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def addresses_of(*, requested_by: policy.UserLike, nominal: Nominal) -> list[Address]:
    """The person's addresses, current first then latest first (`nominal` as get_nominal gave it)."""
    return sorted(nominal.addresses.all(), key=lambda a: (a.to_date is not None, -a.from_date.toordinal(), -a.pk))
