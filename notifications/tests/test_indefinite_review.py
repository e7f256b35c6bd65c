"""Review of indefinite notification requirements (SOA 2003 s91A-s91F): the application,
the police's determination, the end of the requirement on discharge, the annual report's
figure, the worklist, the pages and the API, and who may do what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from access import policy
from accounts.models import Area, User
from audit.models import AuditEvent
from conftest import ACTORS, RECORD_KINDS, Records, error_summary
from kernel.actor import Actor
from kernel.figures import counted
from kernel.timeline import timeline_for
from kernel.worklist_sources import WorklistScope
from notifications import selectors, services
from notifications.clocks import notification_clocks_for
from notifications.figures import rso_lifetime_notification_revoked
from notifications.models import IndefiniteReview, NotificationKind, NotificationRequirement, RequirementBasis
from notifications.review_worklist import indefinite_reviews_to_determine
from notifications.tests.helpers import form_data, notification
from register.models import Nominal
from rules.clocks import ClockStatus
from rules.indefinite_review import determination_due_on
from worklists.models import StoredDue

pytestmark = pytest.mark.django_db

CONVICTED = date(2004, 6, 1)
RELEASED = date(2006, 1, 10)
FIRST_AFTER_RELEASE = date(2006, 1, 11)  # the qualifying date is 15 years on: 11 January 2021
QUALIFYING = date(2021, 1, 11)


def make_indefinite(nominal: Nominal, by: User) -> NotificationRequirement:
    """Subject indefinitely from a 2004 conviction; released in 2006 and notified the next day."""
    requirement = services.record_requirement(
        actor=Actor(by),
        nominal=nominal,
        values={"basis": RequirementBasis.CONVICTION, "relevant_date": CONVICTED, "detained_until": RELEASED},
    )
    services.record_notification(
        actor=Actor(by), nominal=nominal, values=notification(NotificationKind.RELEASE, FIRST_AFTER_RELEASE, RELEASED)
    )
    return requirement


def apply(by: User, requirement: NotificationRequirement, received_on: date) -> IndefiniteReview:
    return services.record_review_application(
        actor=Actor(by), nominal=requirement.nominal, requirement=requirement, values={"received_on": received_on}
    )


def discharge(by: User, review: IndefiniteReview, on: date, notice_on: date | None = None) -> IndefiniteReview:
    return services.record_determination(
        actor=Actor(by),
        review=review,
        values={"determination": "discharged", "determined_on": on, "notice_received_on": notice_on or on},
    )


def errors_of(call: Callable[[], object]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


# --- The application and the determination -------------------------------------------------


def test_an_application_before_the_qualifying_date_is_refused_with_the_date(police_om: User, records: Records) -> None:
    requirement = make_indefinite(records.people["own"], police_om)
    errors = errors_of(lambda: apply(police_om, requirement, QUALIFYING - timedelta(days=1)))
    assert "11 January 2021" in errors["received_on"][0]
    assert "soa91b.review_adult" in errors["received_on"][0]
    review = apply(police_om, requirement, QUALIFYING)
    assert review.determine_by == determination_due_on(received_on=QUALIFYING) == date(2021, 4, 4)
    assert AuditEvent.objects.filter(action="indefinite_review.create", object_id=str(review.pk)).exists()
    # One open application at a time.
    assert (
        "waiting for a determination" in errors_of(lambda: apply(police_om, requirement, QUALIFYING))["requirement"][0]
    )


def test_only_an_indefinite_requirement_can_be_reviewed(police_om: User, records: Records) -> None:
    nominal = records.people["own"]
    ending = services.record_requirement(
        actor=Actor(police_om),
        nominal=nominal,
        values={"basis": RequirementBasis.CONVICTION, "relevant_date": CONVICTED, "subject_until": date(2014, 6, 1)},
    )
    assert "Only indefinite" in errors_of(lambda: apply(police_om, ending, QUALIFYING))["requirement"][0]
    other = make_indefinite(records.people["partner"], police_om)
    assert (
        "Select the notification requirement"
        in errors_of(
            lambda: services.record_review_application(
                actor=Actor(police_om), nominal=nominal, requirement=other, values={"received_on": QUALIFYING}
            )
        ).get("requirement", [""])[0]
    )


def test_continuing_needs_reasons_and_sets_the_further_qualifying_date(police_om: User, records: Records) -> None:
    requirement = make_indefinite(records.people["own"], police_om)
    review = apply(police_om, requirement, date(2022, 3, 1))
    errors = errors_of(
        lambda: services.record_determination(
            actor=Actor(police_om),
            review=review,
            values={"determination": "continues", "determined_on": date(2022, 5, 1), "reasons": "  "},
        )
    )
    assert "reasons" in errors["reasons"][0].lower() and "soa91c.reasons" in errors["reasons"][0]
    decided = services.record_determination(
        actor=Actor(police_om),
        review=review,
        values={
            "determination": "continues",
            "determined_on": date(2022, 5, 1),
            "reasons": "Recent intelligence of contact with children; risk of sexual harm remains",
        },
        expected_version=review.version,
    )
    assert (decided.further_review_years, decided.next_application_from) == (8, date(2030, 5, 1))
    assert decided.version == review.version + 1
    requirement.refresh_from_db()
    assert requirement.subject_until is None
    # A further application before the further qualifying date is refused; the determination is once only.
    assert "1 May 2030" in errors_of(lambda: apply(police_om, requirement, date(2026, 1, 5)))["received_on"][0]
    assert "already" not in str(errors_of(lambda: apply(police_om, requirement, date(2026, 1, 5))))
    again = errors_of(lambda: discharge(police_om, decided, date(2022, 6, 1)))
    assert "determination is recorded" in again["determination"][0]


def test_a_longer_further_period_is_at_most_15_years(police_om: User, records: Records) -> None:
    review = apply(police_om, make_indefinite(records.people["own"], police_om), date(2022, 3, 1))
    values = {"determination": "continues", "determined_on": date(2022, 5, 1), "reasons": "Risk remains high"}
    errors = errors_of(
        lambda: services.record_determination(
            actor=Actor(police_om), review=review, values=values | {"further_review_years": 16}
        )
    )
    assert "soa91b.further_review" in errors["further_review_years"][0]
    decided = services.record_determination(
        actor=Actor(police_om), review=review, values=values | {"further_review_years": 15}
    )
    assert decided.next_application_from == date(2037, 5, 1)


def test_a_discharge_ends_the_requirement_in_the_same_write(police_om: User, records: Records) -> None:
    nominal = records.people["own"]
    requirement = make_indefinite(nominal, police_om)
    review = apply(police_om, requirement, date(2026, 2, 2))
    assert "notice_received_on" in errors_of(
        lambda: services.record_determination(
            actor=Actor(police_om),
            review=review,
            values={"determination": "discharged", "determined_on": date(2026, 3, 20)},
        )
    )
    decided = discharge(police_om, review, date(2026, 3, 20), notice_on=date(2026, 3, 24))
    requirement.refresh_from_db()
    assert requirement.subject_until == date(2026, 3, 23)  # subject until the day before the notice
    assert requirement.version == 2 and "Discharged on review" in requirement.notes
    assert decided.next_application_from is None
    actions = set(AuditEvent.objects.filter(nominal_id=nominal.pk).values_list("action", flat=True))
    assert {"indefinite_review.determine", "notification_requirement.update"} <= actions
    # No notification clock runs once the person is no longer subject: those running then
    # have ended, and none is stored as due.
    fresh = selectors.with_clock_facts(Nominal.objects.filter(pk=nominal.pk)).get()
    after = notification_clocks_for(fresh, timezone.localdate())
    assert after and not any(c.is_running for c in after)
    assert ClockStatus.ENDED in {c.status for c in after}
    assert not StoredDue.objects.filter(kind="notification", nominal=nominal).exists()
    titles = [event.title for event in timeline_for(nominal, police_om)]
    assert "Application for review of indefinite notification" in titles
    assert "Indefinite notification discharged on review" in titles


def test_a_failed_discharge_leaves_the_requirement_untouched(police_om: User, records: Records) -> None:
    requirement = make_indefinite(records.people["own"], police_om)
    review = apply(police_om, requirement, date(2026, 2, 2))
    errors = errors_of(lambda: discharge(police_om, review, date(2026, 3, 20), notice_on=date(2026, 3, 19)))
    assert "on or after the date of the determination" in errors["notice_received_on"][0]
    requirement.refresh_from_db()
    review.refresh_from_db()
    assert (requirement.subject_until, requirement.version, review.determination) == (None, 1, "")


# --- The annual report's figure ----------------------------------------------------------


def test_the_figure_counts_discharges_determined_in_the_year(
    users: dict[str, User], make_person: Callable[..., Nominal], demo_area: Area
) -> None:
    """Hand-computed: the reporting year runs 1 April to 31 March, both days included."""
    officer, kent = users["police_om"], users["other_area_police"]

    def reviewed(by: User, received_on: date) -> IndefiniteReview:
        return apply(by, make_indefinite(make_person(by), by), received_on)

    discharge(officer, reviewed(officer, date(2024, 1, 8)), date(2024, 3, 31))  # year ending 2024
    discharge(officer, reviewed(officer, date(2024, 2, 5)), date(2024, 4, 1))  # 2024-25, first day
    discharge(officer, reviewed(officer, date(2025, 1, 6)), date(2025, 3, 31))  # 2024-25, last day
    discharge(officer, reviewed(officer, date(2025, 2, 3)), date(2025, 4, 1))  # 2025-26
    services.record_determination(  # continues: not a revocation
        actor=Actor(officer),
        review=reviewed(officer, date(2024, 6, 3)),
        values={"determination": "continues", "determined_on": date(2024, 8, 1), "reasons": "Risk remains"},
    )
    reviewed(officer, date(2024, 9, 2))  # not determined
    discharge(kent, reviewed(kent, date(2024, 6, 3)), date(2024, 7, 1))  # another area

    def figure(year_ending: int, area_ids: list[int]) -> int:
        start, end = date(year_ending - 1, 4, 1), date(year_ending, 3, 31)
        direct: int = rso_lifetime_notification_revoked(area_ids=area_ids, year_start=start, year_end=end)
        assert counted(area_ids=area_ids, year_start=start, year_end=end)["rso_lifetime_notification_revoked"] == (
            direct
        )
        return direct

    assert kent.agency is not None
    demo, kent_area = demo_area.pk, kent.agency.area_id
    assert [figure(year, [demo]) for year in (2024, 2025, 2026)] == [1, 2, 1]
    assert figure(2025, [kent_area]) == 1
    assert figure(2025, [demo, kent_area]) == 3


def test_the_annual_report_api_shows_the_figure(
    users: dict[str, User], records: Records, bearer: Callable[[User | None], APIClient]
) -> None:
    officer = users["police_om"]
    discharge(
        officer, apply(officer, make_indefinite(records.people["own"], officer), date(2025, 1, 6)), date(2025, 3, 31)
    )
    response = bearer(users["lay_adviser"]).get("/api/v1/reports/annual/?area=DEMO&year_ending=2025")
    assert response.status_code == 200
    assert response.json()["rso_lifetime_notification_revoked"] == 1


# --- The worklist ------------------------------------------------------------------------


def test_open_applications_are_due_at_the_deadline_for_the_force_and_the_coordinator(
    users: dict[str, User], records: Records, demo_area: Area
) -> None:
    officer = users["police_om"]
    today = timezone.localdate()
    received = today - timedelta(days=90)  # past the 12 weeks: overdue
    open_review = apply(officer, make_indefinite(records.people["own"], officer), received)
    discharge(officer, apply(officer, make_indefinite(records.people["partner"], officer), received), today)

    def items(**scope: object) -> list[tuple[int | None, object]]:
        found = indefinite_reviews_to_determine(WorklistScope(today=today, due_by=today, **scope))  # type: ignore[arg-type]
        return [(item.nominal_id, item.due_on) for item in found]

    expected = [(open_review.nominal_id, determination_due_on(received_on=received))]
    assert items(area_id=demo_area.pk) == expected
    assert items(user=officer) == expected
    assert items(user=users["probation_om"]) == []  # not police, did not record it
    assert items(user=users["other_area_police"]) == []
    assert items(user=users["lay_adviser"]) == []
    # Not yet due within the horizon: absent.
    early = indefinite_reviews_to_determine(WorklistScope(today=received, due_by=received, area_id=demo_area.pk))
    assert list(early) == []


# --- Who may do what ---------------------------------------------------------------------

# Written out by hand: read by whoever reads the person's notification record; recorded by
# police public protection staff and the co-ordinator who write to it (never archived).
READERS = {
    "police_om": {"own", "partner", "archived"},
    "probation_om": {"partner", "unregistered"},
    "prison_om": {"other_agency"},
    "coordinator": {"own", "partner", "other_agency", "archived", "unregistered"},
    "chair": {"partner", "unregistered"},
    "other_area_police": {"other_area"},
}
RECORDERS = {
    "police_om": {"own", "partner"},
    "coordinator": {"own", "partner", "other_agency", "unregistered"},
    "other_area_police": {"other_area"},
}


@pytest.mark.parametrize("actor", ACTORS)
def test_read_and_record_for_every_role(actor: str, users: dict[str, User], records: Records) -> None:
    user = users[actor]
    for kind in RECORD_KINDS:
        nominal = records.people[kind]
        assert policy.can_view_indefinite_reviews(user, nominal) == (kind in READERS.get(actor, set())), (actor, kind)
        assert policy.can_record_indefinite_review(user, nominal) == (kind in RECORDERS.get(actor, set())), (
            actor,
            kind,
        )
    assert policy.allows("indefinite_reviews", user) == (actor in RECORDERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_pages_and_api_answer_as_the_policy_says(actor: str, users: dict[str, User], records: Records) -> None:
    officer = users["police_om"]
    nominal = records.people["own"]
    review = apply(officer, make_indefinite(nominal, officer), date(2026, 2, 2))
    page, api = Client(), APIClient()
    page.force_login(users[actor])
    api.force_authenticate(users[actor])
    reads, records_it = "own" in READERS.get(actor, set()), "own" in RECORDERS.get(actor, set())
    assert page.get(f"/people/{nominal.pk}/notifications/reviews/new/").status_code == (200 if records_it else 404)
    assert page.get(f"/notifications/reviews/{review.pk}/determination/").status_code == (200 if records_it else 404)
    listed = api.get(f"/api/v1/nominals/{nominal.pk}/indefinite-reviews/")
    assert listed.status_code == (200 if reads else 404)
    assert api.get(f"/api/v1/indefinite-reviews/{review.pk}/").status_code == (200 if reads else 404)
    patched = api.patch(
        f"/api/v1/indefinite-reviews/{review.pk}/",
        {"determination": "continues", "determined_on": "2026-03-02", "reasons": "Risk remains"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert patched.status_code == (200 if records_it else 404), patched.content
    if reads:
        body = page.get(f"/people/{nominal.pk}/notifications/").content.decode()
        assert "Reviews of indefinite notification" in body
        assert ("Record an application for review" in body) == records_it


# --- The pages -----------------------------------------------------------------------------


def test_the_pages_record_an_application_and_its_determination(police_om: User, records: Records) -> None:
    nominal = records.people["own"]
    requirement = make_indefinite(nominal, police_om)
    client = Client()
    client.force_login(police_om)
    url = f"/people/{nominal.pk}/notifications/reviews/new/"
    refused = client.post(url, form_data({"requirement": requirement.pk, "received_on": date(2020, 1, 6)}))
    assert refused.status_code == 200
    assert "qualifying date, 11 January 2021" in error_summary(refused.content)["id_received_on-day"]
    empty = client.post(url, {"notes": ""})
    assert set(error_summary(empty.content)) == {"id_requirement_0", "id_received_on-day"}
    done = client.post(url, form_data({"requirement": requirement.pk, "received_on": date(2026, 2, 2)}))
    assert done.status_code == 302
    review = IndefiniteReview.objects.get(nominal=nominal)
    determination = f"/notifications/reviews/{review.pk}/determination/"
    missing_reasons = client.post(
        determination, form_data({"determination": "continues", "determined_on": date(2026, 3, 2), "version": 1})
    )
    assert "Give the reasons" in error_summary(missing_reasons.content)["id_reasons"]
    done = client.post(
        determination,
        form_data(
            {
                "determination": "discharged",
                "determined_on": date(2026, 3, 2),
                "notice_received_on": date(2026, 3, 4),
                "version": 1,
            }
        ),
    )
    assert done.status_code == 302
    requirement.refresh_from_db()
    assert requirement.subject_until == date(2026, 3, 3)
    body = client.get(f"/people/{nominal.pk}/notifications/").content.decode()
    assert 'data-review="discharged"' in body and "no longer subject from that day" in body
    # Discharged: the category 1 registration left MAPPA with it (rules.exit_guard), so the
    # record is read-only and its determination page is no longer offered.
    assert client.get(determination).status_code == 404


# --- The API -------------------------------------------------------------------------------


def test_the_api_creates_once_per_key_and_determines_with_if_match(
    police_om: User, records: Records, bearer: Callable[[User | None], APIClient]
) -> None:
    nominal = records.people["own"]
    requirement = make_indefinite(nominal, police_om)
    api = bearer(police_om)
    url = f"/api/v1/nominals/{nominal.pk}/indefinite-reviews/"
    body = {"requirement": requirement.pk, "received_on": "2026-02-02"}
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="review-1")
    again = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="review-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and first.json()["determine_by"] == "2026-04-26"
    assert IndefiniteReview.objects.filter(nominal=nominal).count() == 1
    early = api.post(url, body | {"received_on": "2019-02-02"}, format="json")
    assert early.status_code == 400
    assert [e["field"] for e in early.json()["errors"]] == ["requirement"]  # the open one comes first
    detail = f"/api/v1/indefinite-reviews/{first.json()['id']}/"
    etag = api.get(detail)["ETag"]
    decision = {"determination": "continues", "determined_on": "2026-03-02", "reasons": "Risk remains"}
    assert api.patch(detail, decision, format="json").status_code == 428
    assert api.patch(detail, decision, format="json", HTTP_IF_MATCH='"7"').status_code == 412
    no_reasons = api.patch(detail, decision | {"reasons": ""}, format="json", HTTP_IF_MATCH=etag)
    assert no_reasons.status_code == 400 and no_reasons.json()["errors"][0]["field"] == "reasons"
    decided = api.patch(detail, decision, format="json", HTTP_IF_MATCH=etag)
    assert decided.status_code == 200 and decided["ETag"] != etag
    assert decided.json()["next_application_from"] == "2034-03-02"
    schema = api.get("/api/v1/schema/").content.decode()
    assert "nominal_indefinite_reviews_create" in schema and "indefinite_reviews_determination" in schema
