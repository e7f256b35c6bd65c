"""Leaving MAPPA: the plan and level 1 review date when leaving level 2/3, archiving with
a plan, re-registration under category 3, exit dates, the timeline, PDPs (with the
authoriser's rank) and the retention review at 100 (service, command, page and API)."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from cases import selectors, services
from cases.models import Category, RetentionDecision
from conftest import PersonMaker, RegistrationMaker, agency
from kernel.actor import Actor
from kernel.timeline import timeline_for
from rules.exit import retention_review_on
from rules.reviews import next_review_due_on

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_leaving_level_2_needs_an_agreed_plan_and_a_level_1_review_date(
    police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(make_person(police_om), police_om, level=2)
    with pytest.raises(ValidationError) as refused:
        services.change_level(
            actor=Actor(police_om), registration=registration, to_level=1, decided_on=TODAY(), reason="Risk reduced"
        )
    errors = refused.value.message_dict
    assert set(errors) == {"plan_agreed_on", "level_1_review_on"}
    assert "up-to-date agreed risk management plan and a level 1 review date" in errors["plan_agreed_on"][0]
    review_on = TODAY() + timedelta(weeks=8)
    changed = services.change_level(
        actor=Actor(police_om),
        registration=registration,
        to_level=1,
        decided_on=TODAY(),
        reason="Risk reduced",
        plan_agreed_on=TODAY(),
        level_1_review_on=review_on,
    )
    assert changed.level == 1 and changed.next_review_due_on == review_on  # earlier than the rule's 16 weeks
    last = changed.level_changes.first()
    assert last is not None and (last.plan_agreed_on, last.level_1_review_on) == (TODAY(), review_on)


def test_a_level_1_review_date_later_than_the_rule_is_capped_by_it(
    police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(make_person(police_om), police_om, level=3)
    changed = services.change_level(
        actor=Actor(police_om),
        registration=registration,
        to_level=1,
        decided_on=TODAY(),
        reason="Stable",
        plan_agreed_on=TODAY(),
        level_1_review_on=TODAY() + timedelta(days=400),
    )
    assert changed.next_review_due_on == next_review_due_on(level=1, last_review_on=TODAY())


def test_archiving_an_open_level_2_registration_without_a_plan_is_refused_naming_the_rule(
    police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    registration = make_registration(make_person(police_om), police_om, level=2)
    with pytest.raises(ValidationError) as refused:
        services.archive(
            exit_basis="died", actor=Actor(police_om), registration=registration, archived_on=TODAY(), reason="Ended"
        )
    assert (
        "archived only with an up-to-date agreed risk management plan"
        in (refused.value.message_dict["plan_agreed_on"][0])
    )
    registration.refresh_from_db()
    assert registration.is_active
    archived = services.archive(
        exit_basis="died",
        actor=Actor(police_om),
        registration=registration,
        archived_on=TODAY(),
        reason="Ended",
        plan_agreed_on=TODAY(),
    )
    assert not archived.is_active and archived.exit_plan_agreed_on == TODAY()


def test_archive_page_refuses_level_2_without_a_plan(
    police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker, signed_in: object
) -> None:
    person = make_person(police_om)
    make_registration(person, police_om, level=2)
    client = signed_in(police_om)  # type: ignore[operator]
    today = TODAY()
    response = client.post(
        reverse("cases:archive", args=[person.pk]),
        {
            "reason": "Licence ended",
            "exit_basis": "died",
            "version": "1",
            "archived_on-day": today.day,
            "archived_on-month": today.month,
            "archived_on-year": today.year,
        },
    )
    assert response.status_code == 200
    assert "archived only with an up-to-date agreed risk management plan" in response.content.decode()


def test_a_category_2_person_still_dangerous_at_exit_is_re_registered_under_category_3(
    police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    from custody import services as custody_services

    person = make_person(police_om)
    registration = make_registration(person, police_om, category=2, level=1, partners=[agency("DEMO-PRB")])
    custody_services.start_custody(  # the licence expired yesterday: the category 2 exit point
        actor=Actor(police_om),
        nominal=person,
        prison=agency("DEMO-PRI"),
        reason="sentence",
        entered_on=TODAY() - timedelta(days=20),
        values={"sentence_date": TODAY() - timedelta(days=20), "licence_expiry_on": TODAY() - timedelta(days=1)},
    )
    successor = services.archive(
        actor=Actor(police_om),
        registration=registration,
        archived_on=TODAY(),
        reason="Licence expired; still presents a risk of serious harm",
        reregister_at_level=2,
    )
    registration.refresh_from_db()
    assert not registration.is_active
    assert (successor.category, successor.level, successor.is_active) == (Category.OTHER_DANGEROUS, 2, True)
    assert successor.previous_registration == registration
    # The partners go with the person (the prison too, while they are in custody).
    assert "DEMO-PRB" in [p.agency.code for p in successor.partners.all()]
    cat3 = make_registration(make_person(police_om), police_om, category=3, level=2)
    with pytest.raises(ValidationError) as refused:
        services.archive(
            actor=Actor(police_om),
            registration=cat3,
            archived_on=TODAY(),
            reason="x",
            plan_agreed_on=TODAY(),
            reregister_at_level=2,
        )
    assert "Only a category 1 or 2 person" in refused.value.message_dict["reregister_at_level"][0]


def test_the_category_2_exit_date_comes_from_the_licence_expiry(
    police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    from custody import services as custody_services
    from kernel.actor import Actor

    person = make_person(police_om)
    registration = make_registration(person, police_om, category=2, level=1)
    assert selectors.exit_date(requested_by=police_om, registration=registration).exit_on is None
    custody_services.start_custody(
        actor=Actor(police_om),
        nominal=person,
        prison=agency("DEMO-PRI"),
        reason="sentence",
        entered_on=TODAY() - timedelta(days=10),
        values={"sentence_date": TODAY() - timedelta(days=10), "licence_expiry_on": date(2031, 5, 1)},
    )
    assert selectors.exit_date(requested_by=police_om, registration=registration).exit_on == date(2031, 5, 1)


def test_the_timeline_lists_registration_events_in_order_and_keeps_an_exit_after_reactivation(
    police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    person = make_person(police_om)
    registration = make_registration(person, police_om, start_date=TODAY() - timedelta(days=30))
    services.archive(
        exit_basis="died",
        actor=Actor(police_om),
        registration=registration,
        archived_on=TODAY() - timedelta(days=5),
        reason="Ended",
    )
    registration.refresh_from_db()
    services.reactivate(actor=Actor(police_om), registration=registration, reactivated_on=TODAY(), reason="Again")
    events = [e for e in timeline_for(person, police_om) if e.kind != "record"]  # newest first
    assert [e.title for e in events] == [
        "Registration reactivated",
        "Left MAPPA (category 1): record archived",
        "Registered under MAPPA: category 1, level 1",
    ]
    assert [e.occurred_on for e in events] == sorted((e.occurred_on for e in events), reverse=True)


def test_a_pdp_needs_a_superintendent_or_above_and_is_never_counted_as_mappa(
    police_om: User, make_person: PersonMaker
) -> None:
    person = make_person(police_om)
    kwargs = {
        "actor": Actor(police_om),
        "nominal": person,
        "lead_agency": agency("DEMO-POL"),
        "authorised_by": "A. Officer",
        "authorised_on": TODAY(),
        "reason": "Threats to kill; no conviction",
    }
    with pytest.raises(ValidationError) as refused:
        services.record_pdp(authoriser_rank="inspector", **kwargs)  # type: ignore[arg-type]
    assert "Superintendent or above" in refused.value.message_dict["authoriser_rank"][0]
    pdp = services.record_pdp(authoriser_rank="chief_superintendent", **kwargs)  # type: ignore[arg-type]
    assert not person.registrations.exists()
    ended = services.end_pdp(actor=Actor(police_om), pdp=pdp, ended_on=TODAY(), reason="Risk reduced")
    assert ended.status == "archived" and ended.version == 2


# --- The retention review -------------------------------------------------------------------


@pytest.fixture
def centenarian(police_om: User, make_person: PersonMaker, make_registration: RegistrationMaker) -> object:
    born = TODAY().replace(year=TODAY().year - 101)
    person = make_person(police_om, date_of_birth=born)
    registration = make_registration(person, police_om, start_date=born + timedelta(days=365 * 60))
    services.archive(
        exit_basis="died", actor=Actor(police_om), registration=registration, archived_on=TODAY(), reason="Ended"
    )
    return person


def test_the_retention_review_lists_records_past_the_100th_birthday(
    centenarian: object, coordinator: User, police_om: User, make_person: PersonMaker
) -> None:
    young = make_person(police_om, date_of_birth=date(1990, 1, 1))
    due = selectors.retention_reviews(requested_by=coordinator, today=TODAY())
    assert [item.nominal for item in due] == [centenarian]
    assert due[0].due_on == retention_review_on(centenarian.date_of_birth)  # type: ignore[attr-defined]
    assert young not in [item.nominal for item in due]
    assert selectors.retention_reviews(requested_by=police_om, today=TODAY()) == []


def test_the_retention_review_command_lists_and_records_a_decision(centenarian: object, coordinator: User) -> None:
    out = StringIO()
    call_command("retention_review", "--area", "DEMO", stdout=out)
    assert centenarian.reference in out.getvalue() and "1 record(s) due" in out.getvalue()  # type: ignore[attr-defined]
    call_command(
        "retention_review",
        "--decide",
        str(centenarian.pk),  # type: ignore[attr-defined]
        "--outcome",
        "keep",
        "--reason",
        "Still subject of live intelligence",
        "--review-again-on",
        (TODAY() + timedelta(days=365)).isoformat(),
        "--user",
        coordinator.username,
        stdout=StringIO(),
    )
    decision = RetentionDecision.objects.get()
    assert decision.outcome == "keep" and decision.decided_by == coordinator
    assert AuditEvent.objects.filter(action="retention.decision", nominal_id=decision.nominal_id).exists()
    out = StringIO()
    call_command("retention_review", "--area", "DEMO", stdout=out)
    assert "0 record(s) due" in out.getvalue()


def test_a_retention_decision_before_the_100th_birthday_is_refused(
    coordinator: User, police_om: User, make_person: PersonMaker
) -> None:
    person = make_person(police_om, date_of_birth=date(1960, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.record_retention_decision(
            actor=Actor(coordinator), nominal=person, outcome="delete", decided_on=TODAY(), reason="Old"
        )
    assert "100th birthday" in refused.value.message_dict["decided_on"][0]


def test_retention_page_and_api_for_the_coordinator_only(
    centenarian: object, coordinator: User, users: dict[str, User], signed_in: object, bearer: object
) -> None:
    page = signed_in(coordinator).get(reverse("casework:retention"))  # type: ignore[operator]
    assert page.status_code == 200 and str(centenarian) in page.content.decode()
    for actor, user in users.items():
        if actor != "coordinator":
            assert signed_in(user).get(reverse("casework:retention")).status_code == 404  # type: ignore[operator]
    api = bearer(coordinator)  # type: ignore[operator]
    listed = api.get("/api/v1/retention-reviews/")
    assert listed.json()["count"] == 1
    bad = api.post(
        f"/api/v1/retention-reviews/{centenarian.pk}/decision/",  # type: ignore[attr-defined]
        {"outcome": "keep", "decided_on": TODAY().isoformat(), "reason": "x"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "review_again_on"
    made = api.post(
        f"/api/v1/retention-reviews/{centenarian.pk}/decision/",  # type: ignore[attr-defined]
        {"outcome": "delete", "decided_on": TODAY().isoformat(), "reason": "No further need"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert made.status_code == 201 and made.json()["outcome"] == "delete"
