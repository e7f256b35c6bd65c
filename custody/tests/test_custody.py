"""Custody and release: the prison as a partner while in custody, release dates and their
confirmation by the prison, Approved Premises, releases that raise an urgent review,
recalls, serious further offences, the release clocks and the worklist sources."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from access import policy
from accounts.models import Area, User
from audit.models import AuditEvent
from cases.models import PartnerAgency, Registration
from conftest import ACTORS, PersonMaker, RegistrationMaker, agency
from custody import selectors, services, sfo_services
from custody.models import CustodySpell, SeriousFurtherOffence, UrgentReview
from kernel.actor import Actor
from kernel.worklist_sources import SOURCES, WorklistScope
from register.models import CustodyStatus, Nominal
from rules.custody import release_date_confirmation_due
from rules.reviews import pre_release_meeting_due_on
from rules.serious_further_offences import sfo_notification_due_on

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def person(probation_om: User, make_person: PersonMaker) -> Nominal:
    return make_person(probation_om)


@pytest.fixture
def registration(person: Nominal, probation_om: User, make_registration: RegistrationMaker) -> Registration:
    return make_registration(person, probation_om, category=2, level=2)


def start(user: User, nominal: Nominal, **values: Any) -> CustodySpell:
    dates = {"sentence_date": TODAY() - timedelta(days=400), "release_on": TODAY() + timedelta(days=100)} | values
    return services.start_custody(
        actor=Actor(user),
        nominal=nominal,
        prison=agency("DEMO-PRI"),
        reason="sentence",
        entered_on=TODAY() - timedelta(days=400),
        values=dates,
    )


def test_the_prison_is_a_partner_while_the_person_is_in_custody(
    registration: Registration, probation_om: User, users: dict[str, User]
) -> None:
    person = registration.nominal
    prison_om = users["prison_om"]
    assert not policy.can_view_nominal(prison_om, person)
    spell = start(probation_om, person)
    person.refresh_from_db()
    assert person.custody_status == CustodyStatus.CUSTODY
    assert PartnerAgency.objects.filter(registration=registration, agency=agency("DEMO-PRI")).exists()
    assert policy.can_view_nominal(prison_om, person)
    assert (spell.category_at_start, spell.level_at_start) == (2, 2)
    services.release(actor=Actor(probation_om), spell=spell, released_on=TODAY(), kind="automatic")
    person.refresh_from_db()
    assert person.custody_status == CustodyStatus.COMMUNITY
    assert not PartnerAgency.objects.filter(registration=registration, agency=agency("DEMO-PRI")).exists()
    assert not policy.can_view_nominal(prison_om, person)
    assert not UrgentReview.objects.exists()  # an ordinary release needs no urgent review


def test_a_release_date_before_the_sentence_date_is_refused_naming_the_rule(
    registration: Registration, probation_om: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        start(
            probation_om,
            registration.nominal,
            sentence_date=TODAY() - timedelta(days=10),
            release_on=TODAY() - timedelta(days=20),
        )
    assert refused.value.message_dict["release_on"] == [services.RELEASE_BEFORE_SENTENCE_RULE]
    assert not CustodySpell.objects.exists()


def test_only_the_holding_prison_confirms_the_release_date(
    registration: Registration, probation_om: User, users: dict[str, User]
) -> None:
    spell = start(probation_om, registration.nominal)
    confirmers = {actor for actor in ACTORS if policy.can_confirm_release(users[actor], spell)}
    assert confirmers == {"prison_om"}
    confirmed = services.confirm_release_date(
        actor=Actor(users["prison_om"]), spell=spell, release_on=spell.release_on, confirmed_on=TODAY()
    )
    assert confirmed.release_confirmed_by == users["prison_om"] and confirmed.version == 2
    moved = services.update_dates(
        actor=Actor(probation_om),
        spell=confirmed,
        values={"release_on": TODAY() + timedelta(days=90)},
        expected_version=2,
    )
    assert moved.release_confirmed_on is None  # a new date needs confirming again


def test_who_manages_custody_by_role(registration: Registration, probation_om: User, users: dict[str, User]) -> None:
    spell = start(probation_om, registration.nominal)
    managers = {actor for actor in ACTORS if policy.can_manage_custody(users[actor], spell)}
    # The lead agency's staff, the co-ordinator and (now a partner) the prison.
    assert managers == {"probation_om", "chair", "coordinator", "prison_om"}


@pytest.mark.parametrize("kind", ["appeal", "judicial_review", "from_court"])
def test_releases_without_notice_raise_an_urgent_review(
    kind: str, registration: Registration, probation_om: User, coordinator: User
) -> None:
    spell = start(probation_om, registration.nominal)
    services.release(actor=Actor(probation_om), spell=spell, released_on=TODAY(), kind=kind)
    review = UrgentReview.objects.get()
    assert review.nominal == registration.nominal and review.completed_on is None
    items = list(
        SOURCES["urgent-review"](WorklistScope(today=TODAY(), due_by=TODAY(), area_id=Area.objects.get(code="DEMO").pk))
    )
    assert [i.nominal_id for i in items] == [registration.nominal_id]
    mine = list(SOURCES["urgent-review"](WorklistScope(today=TODAY(), due_by=TODAY(), user=probation_om)))
    assert len(mine) == 1
    services.complete_urgent_review(
        actor=Actor(probation_om), review=review, completed_on=TODAY(), outcome="Plan reviewed"
    )
    assert not list(SOURCES["urgent-review"](WorklistScope(today=TODAY(), due_by=TODAY(), user=probation_om)))


def test_recall_for_breach_of_licence_records_the_category_and_level(
    registration: Registration, probation_om: User
) -> None:
    spell = services.start_custody(
        actor=Actor(probation_om),
        nominal=registration.nominal,
        prison=agency("DEMO-PRI"),
        reason="recall_licence",
        entered_on=TODAY(),
    )
    assert (spell.reason, spell.category_at_start, spell.level_at_start) == ("recall_licence", 2, 2)
    with pytest.raises(ValidationError) as twice:
        start(probation_om, registration.nominal)
    assert "already in custody" in twice.value.message_dict["entered_on"][0]


def test_release_clocks_come_from_the_rules(registration: Registration, probation_om: User) -> None:
    release_on = TODAY() + timedelta(days=100)
    spell = start(probation_om, registration.nominal, release_on=release_on)
    clocks = {clock.key: clock for clock in selectors.release_clocks(spell)}
    assert clocks["custody.release_date_confirmed"].due_on == release_date_confirmation_due(release_on).required_by
    assert clocks["custody.release_date_confirmed"].status == "overdue"
    assert clocks["custody.pre_release_meeting"].due_on == pre_release_meeting_due_on(level=2, release_on=release_on)


def test_worklists_show_the_prison_its_release_date_confirmations(
    registration: Registration, probation_om: User, users: dict[str, User]
) -> None:
    spell = start(probation_om, registration.nominal)
    source = SOURCES["release-date-confirmation"]
    prison = list(source(WorklistScope(today=TODAY(), due_by=TODAY(), user=users["prison_om"])))
    assert [(i.nominal_id, i.url) for i in prison] == [
        (registration.nominal_id, reverse("custody:person", args=[registration.nominal_id]))
    ]
    assert list(source(WorklistScope(today=TODAY(), due_by=TODAY(), user=users["police_om"]))) == []
    assert list(source(WorklistScope(today=TODAY(), due_by=TODAY(), user=users["lay_adviser"]))) == []
    services.confirm_release_date(
        actor=Actor(users["prison_om"]), spell=spell, release_on=spell.release_on, confirmed_on=TODAY()
    )
    assert list(source(WorklistScope(today=TODAY(), due_by=TODAY(), user=users["prison_om"]))) == []
    horizon = WorklistScope(today=TODAY(), due_by=TODAY() + timedelta(days=30), user=probation_om)
    referrals = list(SOURCES["approved-premises-referral"](horizon))
    assert len(referrals) == 1
    services.refer_to_approved_premises(
        actor=Actor(probation_om), spell=spell, premises="Demo House", referred_on=TODAY()
    )
    # A scope is one worklist read at one moment (its sources share what they read): ask anew.
    after = WorklistScope(today=TODAY(), due_by=TODAY() + timedelta(days=30), user=probation_om)
    assert not list(SOURCES["approved-premises-referral"](after))


def test_a_serious_further_offence_is_notified_within_five_days_and_decided_by_the_smb(
    registration: Registration, probation_om: User, coordinator: User, users: dict[str, User]
) -> None:
    charged_on = TODAY() - timedelta(days=7)
    sfo = sfo_services.record_sfo(
        actor=Actor(probation_om),
        nominal=registration.nominal,
        offence="Wounding with intent",
        charged_on=charged_on,
        remanded_to=agency("DEMO-PRI"),
    )
    assert sfo.notification_due_on == sfo_notification_due_on(charged_on)
    assert (sfo.category_at_charge, sfo.level_at_charge) == (2, 2)
    spell = registration.nominal.custody_spells.get()
    assert spell.reason == "charged_sfo"
    items = list(
        SOURCES["sfo-notification"](
            WorklistScope(today=TODAY(), due_by=TODAY(), area_id=Area.objects.get(code="DEMO").pk)
        )
    )
    assert [i.due_on for i in items] == [sfo.notification_due_on] and items[0].is_overdue(TODAY())
    with pytest.raises(ValidationError) as early:
        sfo_services.record_review_decision(
            actor=Actor(coordinator), sfo=sfo, decision="commissioned", decided_on=TODAY(), reason="Lessons"
        )
    assert "must be notified before the SMB decides" in early.value.message_dict["decision"][0]
    sfo = sfo_services.record_sfo_notification(
        actor=Actor(probation_om), sfo=sfo, chair_notified_on=TODAY(), coordinator_notified_on=TODAY()
    )
    deciders = {actor for actor in ACTORS if policy.can_record_review_decision(users[actor], sfo)}
    assert deciders == {"coordinator"}
    decided = sfo_services.record_review_decision(
        actor=Actor(coordinator), sfo=sfo, decision="commissioned", decided_on=TODAY(), reason="Lessons to learn"
    )
    assert decided.review_decision == "commissioned"
    assert AuditEvent.objects.filter(action="sfo.review_decision", nominal_id=registration.nominal_id).exists()
    assert SeriousFurtherOffence.objects.count() == 1


def test_custody_pages_and_api(
    registration: Registration, probation_om: User, users: dict[str, User], signed_in: Any, bearer: Any
) -> None:
    person = registration.nominal
    client = signed_in(probation_om)
    today = TODAY()
    entered = today - timedelta(days=300)
    refused = client.post(
        reverse("custody:start", args=[person.pk]),
        {
            "reason": "sentence",
            "prison": agency("DEMO-PRI").pk,
            **{f"entered_on-{p}": getattr(entered, p) for p in ("day", "month", "year")},
            **{f"sentence_date-{p}": getattr(entered, p) for p in ("day", "month", "year")},
            **{f"release_on-{p}": getattr(entered - timedelta(days=1), p) for p in ("day", "month", "year")},
        },
    )
    assert refused.status_code == 200 and services.RELEASE_BEFORE_SENTENCE_RULE in refused.content.decode()
    api = bearer(probation_om)
    bad = api.post(
        f"/api/v1/nominals/{person.pk}/custody/",
        {
            "prison": "DEMO-PRI",
            "reason": "sentence",
            "entered_on": entered.isoformat(),
            "sentence_date": entered.isoformat(),
            "release_on": (entered - timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "release_on", "message": services.RELEASE_BEFORE_SENTENCE_RULE}]
    spell_body = {
        "prison": "DEMO-PRI",
        "reason": "sentence",
        "entered_on": entered.isoformat(),
        "sentence_date": entered.isoformat(),
        "release_on": (today + timedelta(days=150)).isoformat(),
    }
    made = api.post(
        f"/api/v1/nominals/{person.pk}/custody/", spell_body, format="json", HTTP_IDEMPOTENCY_KEY="custody-1"
    )
    assert made.status_code == 201
    again = api.post(
        f"/api/v1/nominals/{person.pk}/custody/", spell_body, format="json", HTTP_IDEMPOTENCY_KEY="custody-1"
    )
    assert again.status_code == 201 and again.json()["id"] == made.json()["id"]
    # The key with another body is another request: refused, not replayed (IETF draft).
    other = {"prison": "DEMO-PRI", "reason": "sentence", "entered_on": entered.isoformat()}
    reused = api.post(f"/api/v1/nominals/{person.pk}/custody/", other, format="json", HTTP_IDEMPOTENCY_KEY="custody-1")
    assert reused.status_code == 422 and reused.json()["errors"][0]["field"] == "Idempotency-Key"
    spell_id = made.json()["id"]
    assert (
        api.patch(f"/api/v1/custody/{spell_id}/", {"licence_expiry_on": "2030-01-01"}, format="json").status_code == 428
    )
    stale = api.patch(
        f"/api/v1/custody/{spell_id}/", {"licence_expiry_on": "2030-01-01"}, format="json", HTTP_IF_MATCH='"9"'
    )
    assert stale.status_code == 412
    # Only the prison confirms: probation gets the same 404 as for a missing spell.
    body = {"release_on": (today + timedelta(days=150)).isoformat(), "confirmed_on": today.isoformat()}
    assert (
        api.post(
            f"/api/v1/custody/{spell_id}/release-confirmation/", body, format="json", HTTP_IF_MATCH="*"
        ).status_code
        == 404
    )
    confirmed = bearer(users["prison_om"]).post(
        f"/api/v1/custody/{spell_id}/release-confirmation/",
        body,
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert confirmed.status_code == 200 and confirmed.json()["release_confirmed_by"] == "prison_om"
    page = signed_in(users["prison_om"]).get(reverse("custody:person", args=[person.pk]))
    assert page.status_code == 200 and "Confirmed by the prison" in page.content.decode()
    for actor in ("lay_adviser", "dtc_spoc", "other_area_police", "police_om"):
        assert bearer(users[actor]).get(f"/api/v1/custody/{spell_id}/").status_code == 404


def test_a_pre_release_meeting_is_arranged_by_booking_one_and_undone_by_cancelling_it(
    registration: Registration, probation_om: User, users: dict[str, User]
) -> None:
    from datetime import time

    from meetings import services as meeting_services
    from referrals.models import Rank, StaffRank

    chair = users["chair"]
    StaffRank.objects.create(user=chair, rank=Rank.SENIOR_PROBATION_OFFICER, recorded_by=users["coordinator"])
    start(probation_om, registration.nominal, release_on=TODAY() + timedelta(days=100))
    horizon = WorklistScope(today=TODAY(), due_by=TODAY(), user=probation_om)

    def due() -> list[str]:
        return [item.label for item in SOURCES["release-meeting"](horizon)]

    assert due() == ["Pre-release MAPP meeting (6 months before release)"]  # due 6 months before: overdue
    meeting = meeting_services.schedule_meeting(
        actor=Actor(users["coordinator"]),
        nominal=registration.nominal,
        meeting_type="pre_release",
        level=2,
        held_on=TODAY() + timedelta(days=14),
        starts_at=time(10),
        ends_at=time(11),
        chair=chair,
        place="Demotown Probation Office",
    )
    assert due() == []
    meeting_services.cancel_meeting(actor=Actor(users["coordinator"]), meeting=meeting, reason="Chair unavailable")
    assert due() == ["Pre-release MAPP meeting (6 months before release)"]
