"""Disclosure work that falls due: level 1 reviews (every 4 months for categories 1 and 2,
rule disclosure.level_1_review) and decisions to disclose not yet carried out by their date.

The dates come from the records (the review date was set from rules/ when the decision
or its last review was recorded), never from arithmetic here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from access import policy
from cases.models import Registration, RegistrationStatus
from kernel.worklist_counting import CountedSource, register_counted_source, shown_name
from kernel.worklist_sources import WorkItem, WorklistScope, register_source, url_maker
from kernel.worklist_stored import stored_for_area

from .due import REVIEW_LABEL, REVIEWS
from .models import Decision, Disclosure


def _in_scope(scope: WorklistScope, disclosures: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    if scope.area_id is not None:
        return disclosures.filter(nominal__area_id=scope.area_id)
    if scope.user is None:
        return disclosures.none()
    # Few decisions fall due at once: sight is checked person by person.
    return disclosures.filter(nominal__in=policy.visible_nominals(scope.user, few=True))


def _reviews_in_scope(scope: WorklistScope) -> QuerySet[Disclosure]:
    """Level 1 decisions due for review while the person is still managed at level 1. A
    user's own are those of people whose record they manage (or, with no record manager,
    whose lead agency is theirs): a whole force's reviews are not every officer's work."""
    still_level_1 = Registration.objects.filter(nominal=OuterRef("nominal"), status=RegistrationStatus.ACTIVE, level=1)
    due = Disclosure.objects.filter(review_due_on__isnull=False, review_due_on__lte=scope.due_by).filter(
        Exists(still_level_1)
    )
    due = _in_scope(scope, due)
    if scope.area_id is None and scope.user is not None:
        # The record manager reviews; a case without one falls to its lead agency.
        mine = Registration.objects.filter(nominal=OuterRef("nominal"), status=RegistrationStatus.ACTIVE).filter(
            Q(record_manager_id=scope.user.pk) | Q(record_manager__isnull=True, lead_agency_id=scope.user.agency_id)
        )
        due = due.filter(Exists(mine))
    return due


def _review_item(scope: WorklistScope) -> Callable[[Any], WorkItem]:
    url = url_maker("disclosure:detail")

    def item(row: Any) -> WorkItem:
        pk, due_on, area_id, nominal_id, family, given, agency_id = row
        return WorkItem(
            kind="disclosure-review",
            label=REVIEW_LABEL,
            due_on=due_on,
            url=url(pk),
            area_id=area_id,
            nominal_id=nominal_id,
            person_name=shown_name(family, given),
            owner_agency_id=agency_id,
        )

    return item


# An area holds hundreds of level 1 reviews: its view reads them stored (disclosure/due.py).
reviews_due = register_counted_source(
    REVIEWS,
    "Disclosure decision reviews",
    CountedSource(
        rows=_reviews_in_scope,
        fields=(
            "pk",
            "review_due_on",
            "nominal__area_id",
            "nominal_id",
            "nominal__family_name",
            "nominal__given_names",
            "deciding_agency_id",
        ),
        due="review_due_on",
        nominal="nominal",
        agency="deciding_agency_id",
        item=_review_item,
    ),
    for_area=stored_for_area(
        REVIEWS, "disclosure:detail", links_to_record=True, agency="owner_agency_id", manager=False
    ),
).listing


@register_source("disclosure-due", "Disclosures to make")
def disclosures_due(scope: WorklistScope) -> Iterable[WorkItem]:
    """Decided to disclose, not yet carried out: due on the date set; a user's own are those
    they are named to make."""
    due = Disclosure.objects.filter(
        decision=Decision.DISCLOSE,
        carried_out_on__isnull=True,
        disclose_by__isnull=False,
        disclose_by__lte=scope.due_by,
    )
    due = _in_scope(scope, due)
    if scope.area_id is None and scope.user is not None:
        due = due.filter(discloser_id=scope.user.pk)
    page = url_maker("disclosure:detail")
    for disclosure in due.select_related("nominal", "discloser").order_by("disclose_by", "pk"):
        assert disclosure.disclose_by is not None
        yield WorkItem(
            kind="disclosure-due",
            label=f"Make the disclosure to {disclosure.recipient}",
            due_on=disclosure.disclose_by,
            url=page(disclosure.pk),
            area_id=disclosure.nominal.area_id,
            nominal_id=disclosure.nominal_id,
            person_name=str(disclosure.nominal),
            owner_agency_id=disclosure.discloser.agency_id if disclosure.discloser else None,
            owner_user_id=disclosure.discloser_id,
        )
