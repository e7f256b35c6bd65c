"""A determination that discharges indefinite notification ends the category 1
registration resting on it: in the same transaction, audited, without a manual archive
(rules.exit_guard.EXIT_ON_DISCHARGE). Through the service, the page and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from cases.models import Registration, RegistrationStatus
from conftest import PersonMaker, RegistrationMaker
from kernel.actor import Actor
from notifications import services as notification_services
from notifications.models import IndefiniteReview, NotificationKind, NotificationRequirement, RequirementBasis
from notifications.tests.helpers import form_data, notification
from register.models import Nominal

pytestmark = pytest.mark.django_db

REGISTERED = date(2006, 1, 12)
DETERMINED, NOTICE = date(2026, 3, 20), date(2026, 3, 24)


@pytest.fixture
def case(police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker) -> Registration:
    """Category 1 from a 2004 conviction, subject indefinitely; released in 2006 and
    notified the next day, so an application may be made from 2021."""
    person = make_person(police_om, date_of_birth=date(1970, 1, 1))
    return make_registration(person, police_om, category=1, level=1, start_date=REGISTERED)


def _review(by: User, nominal: Nominal) -> IndefiniteReview:
    requirement = notification_services.record_requirement(
        actor=Actor(by),
        nominal=nominal,
        values={
            "basis": RequirementBasis.CONVICTION,
            "relevant_date": date(2004, 6, 1),
            "detained_until": date(2006, 1, 10),
        },
    )
    notification_services.record_notification(
        actor=Actor(by),
        nominal=nominal,
        values=notification(NotificationKind.RELEASE, date(2006, 1, 11), date(2006, 1, 10)),
    )
    return notification_services.record_review_application(
        actor=Actor(by), nominal=nominal, requirement=requirement, values={"received_on": date(2026, 2, 2)}
    )


def _determine(by: User, review: IndefiniteReview, outcome: str, **more: object) -> IndefiniteReview:
    values = {"determination": outcome, "determined_on": DETERMINED} | more
    return notification_services.record_determination(actor=Actor(by), review=review, values=values)


def test_a_discharge_archives_the_category_1_registration_in_the_same_write(
    police_om: User, case: Registration
) -> None:
    review = _review(police_om, case.nominal)
    _determine(police_om, review, "discharged", notice_received_on=NOTICE)
    case.refresh_from_db()
    assert (case.status, case.exit_basis, case.archived_on) == (
        RegistrationStatus.ARCHIVED,
        "notification_discharged",
        NOTICE,
    )
    assert "Discharged on review" in case.archive_reason
    event = AuditEvent.objects.get(action="registration.archive", object_id=str(case.pk))
    assert event.detail == {"exit_basis": "notification_discharged", "rule": "exit.on_discharge"}
    assert event.actor_id == police_om.pk


def test_a_refused_discharge_leaves_the_registration_active(police_om: User, case: Registration) -> None:
    review = _review(police_om, case.nominal)
    with pytest.raises(ValidationError):
        _determine(police_om, review, "discharged", notice_received_on=DETERMINED - timedelta(days=1))
    case.refresh_from_db()
    assert case.status == RegistrationStatus.ACTIVE
    assert not AuditEvent.objects.filter(action="registration.archive", object_id=str(case.pk)).exists()


def test_when_the_requirements_continue_the_registration_stays(police_om: User, case: Registration) -> None:
    _determine(police_om, _review(police_om, case.nominal), "continues", reasons="The risk remains")
    case.refresh_from_db()
    assert case.status == RegistrationStatus.ACTIVE and case.exit_basis == ""


def test_the_determination_page_ends_the_registration(police_om: User, case: Registration) -> None:
    review = _review(police_om, case.nominal)
    client = Client()
    client.force_login(police_om)
    done = client.post(
        f"/notifications/reviews/{review.pk}/determination/",
        form_data(
            {"determination": "discharged", "determined_on": DETERMINED, "notice_received_on": NOTICE, "version": 1}
        ),
    )
    assert done.status_code == 302
    tab = client.get(f"/people/{case.nominal_id}/mappa/").content.decode()
    assert "Archived" in tab and 'data-exit-basis="notification_discharged"' in tab
    assert "(indefinite notification discharged on review)" in tab
    case.refresh_from_db()
    assert case.exit_basis == "notification_discharged"


def test_the_determination_endpoint_ends_the_registration(
    police_om: User, case: Registration, bearer: Callable[[User | None], APIClient]
) -> None:
    review = _review(police_om, case.nominal)
    api = bearer(police_om)
    detail = f"/api/v1/indefinite-reviews/{review.pk}/"
    decision = {"determination": "discharged", "determined_on": "2026-03-20", "notice_received_on": "2026-03-24"}
    decided = api.patch(detail, decision, format="json", HTTP_IF_MATCH=api.get(detail)["ETag"])
    assert decided.status_code == 200
    registration = api.get(f"/api/v1/registrations/{case.pk}/").json()
    assert (registration["status"], registration["exit_basis"]) == ("archived", "notification_discharged")
    assert NotificationRequirement.objects.get(nominal=case.nominal).subject_until == NOTICE - timedelta(days=1)
