"""The writes: assessments and their history, agreed levels, the plan, SMART actions, the
sharing of a DTC agency's own action, controls and contracts; bad input refused whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from access import policy
from access.models import ShareGrant, ShareScope
from accounts.models import User
from audit.models import AuditEvent
from cases.models import Registration
from conftest import PersonMaker, RegistrationMaker, agency
from kernel.actor import Actor
from kernel.errors import VersionConflict
from plans import assessments, controls, selectors, services
from plans.models import ActionStatus, PlanAction, PlanChange, RiskAssessment, RiskManagementPlan

pytestmark = pytest.mark.django_db
today = timezone.localdate


def test_oasys_overall_is_the_highest_rating_and_the_read_is_scoped(
    case: Registration, assess: Callable[..., RiskAssessment], users: dict[str, User]
) -> None:
    assessment = assess(case)
    assert assessment.overall_level == "high"
    assert AuditEvent.objects.filter(action="risk_assessment.create", object_id=str(assessment.pk)).exists()
    overall = selectors.overall_risk(requested_by=users["probation_om"], nominal=case.nominal)
    assert overall is not None and (overall.level, overall.source) == ("high", "OASys (risk of serious harm)")
    with pytest.raises(Http404):
        selectors.overall_risk(requested_by=users["dtc_spoc"], nominal=case.nominal)


def test_a_new_assessment_supersedes_and_the_history_is_kept(
    case: Registration, assess: Callable[..., RiskAssessment], users: dict[str, User]
) -> None:
    first = assess(case, assessed_on=today() - timedelta(days=90))
    second = assess(case, community_children="very_high")
    first.refresh_from_db()
    assert second.supersedes_id == first.pk and not first.is_current and second.is_current
    history = list(selectors.assessments(requested_by=users["probation_om"], nominal=case.nominal))
    assert history == [second, first]
    assert selectors.overall_risk(requested_by=users["probation_om"], nominal=case.nominal).level == "very_high"  # type: ignore[union-attr]


def test_a_back_dated_assessment_cannot_supersede_a_later_one(
    case: Registration, assess: Callable[..., RiskAssessment]
) -> None:
    assess(case)
    with pytest.raises(ValidationError) as caught:
        assess(case, assessed_on=today() - timedelta(days=30))
    assert "supersedes" in caught.value.message_dict["assessed_on"][0]
    assert RiskAssessment.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"community_public": "extreme"}, "community_public", "OASys scale"),
        ({"tool": "sara", "overall_level": "catastrophic"}, "overall_level", "OASys scale"),
        ({"tool": "sara", "overall_level": ""}, "overall_level", "Select the level"),
        (
            {"community_public": "", "community_known_adult": "", "custody_staff": ""},
            "community_public",
            "at least one",
        ),
        ({"assessed_on": None}, "assessed_on", "Enter the date"),
        ({"assessor": ""}, "assessor", "who made"),
        ({"tool": "other"}, "tool_name", "name of the tool"),
    ],
)
def test_bad_assessments_are_refused_naming_the_field_and_nothing_is_saved(
    case: Registration, assess: Callable[..., RiskAssessment], values: dict[str, Any], field: str, words: str
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        assess(case, **values)
    assert words in " ".join(caught.value.message_dict[field])
    assert RiskAssessment.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_rm2000_is_refused_for_a_woman_or_a_boy(
    users: dict[str, User], make_person: PersonMaker, assess: Callable[..., RiskAssessment], case: Registration
) -> None:
    rm2000 = {"tool": "rm2000", "overall_level": "high"}
    woman = make_person(users["probation_om"], gender="female")
    boy = make_person(users["probation_om"], gender="male", date_of_birth=today() - timedelta(days=365 * 16))
    for person in (woman, boy):
        with pytest.raises(ValidationError) as caught:
            assessments.record_assessment(
                actor=Actor(users["probation_om"]),
                nominal=person,
                values={**rm2000, "assessor": "A", "assessed_on": today()},
            )
        assert "adult male sexual offenders" in caught.value.message_dict["tool"][0]
    made = assess(case, **rm2000)
    assert made.reconviction_level == "high"  # RM2000's level stands for reconviction


def test_disagreeing_tools_are_flagged_until_a_level_is_agreed(
    case: Registration, assess: Callable[..., RiskAssessment], users: dict[str, User]
) -> None:
    officer = users["probation_om"]
    assess(case, reconviction_level="low")
    assess(case, tool="rm2000", overall_level="very_high", reconviction_level="very_high")
    overall = selectors.overall_risk(requested_by=officer, nominal=case.nominal)
    assert overall is not None and overall.tools_disagree and overall.level == "high"
    assert overall.reconviction_level == "very_high"  # RM2000 takes precedence over OASys
    with pytest.raises(ValidationError) as caught:
        assessments.agree_risk_level(
            actor=Actor(officer), nominal=case.nominal, agreed_level="very_high", reasoning="", agreed_on=today()
        )
    assert "reasoning" in caught.value.message_dict
    assessments.agree_risk_level(
        actor=Actor(officer),
        nominal=case.nominal,
        agreed_level="very_high",
        reasoning="Static and dynamic factors discussed; agreed very high",
        agreed_on=today(),
    )
    overall = selectors.overall_risk(requested_by=officer, nominal=case.nominal)
    assert overall is not None and (overall.level, overall.source, overall.tools_disagree) == (
        "very_high",
        "agreed",
        False,
    )


def test_an_action_owned_by_a_dtc_agency_is_shared_with_it_until_it_closes(
    case: Registration, add_action: Callable[..., PlanAction], users: dict[str, User]
) -> None:
    spoc = users["dtc_spoc"]
    action = add_action(case)
    grant = ShareGrant.objects.get(scope=ShareScope.ACTIONS, object_type="PlanAction", object_id=str(action.pk))
    assert grant.agency.code == "DEMO-HSG" and grant.expires_at.date() > action.due_on
    assert policy.can_update_action_progress(spoc, action)
    assert not policy.can_edit_plan_action(spoc, action)
    assert not policy.can_view_plans(spoc, case.nominal)
    other = add_action(case, owner="DEMO-POL", text="Police visit")
    assert list(policy.visible_plan_actions(spoc)) == [action]
    assert not policy.can_update_action_progress(spoc, other)

    update = services.record_progress(actor=Actor(spoc), action=action, note="Viewing booked", status="in_progress")
    action.refresh_from_db()
    assert (action.status, update.agency.code) == ("in_progress", "DEMO-HSG")
    assert PlanChange.objects.filter(action=action, summary__contains="Viewing booked").exists()
    services.record_progress(actor=Actor(spoc), action=action, note="Tenancy signed", status="done")
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert not policy.can_view_plan_action(spoc, action)


def test_moving_an_action_to_another_agency_moves_the_grant(
    case: Registration, add_action: Callable[..., PlanAction], users: dict[str, User]
) -> None:
    action = add_action(case)
    services.update_action(
        actor=Actor(users["probation_om"]),
        action=action,
        values={"owner_agency": agency("DEMO-POL")},
        expected_version=action.version,
    )
    assert not policy.can_view_plan_action(users["dtc_spoc"], action)
    assert not ShareGrant.objects.filter(object_id=str(action.pk), revoked_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"owner_agency": None}, "owner_agency", "owning agency"),
        ({"due_on": None}, "due_on", "date by which"),
        ({"heading": "wishes"}, "heading", "plan heading"),
        ({"text": "  "}, "text", "what is to be done"),
        ({"due_on": date(2000, 1, 1)}, "due_on", "cannot be in the past"),
    ],
)
def test_an_action_without_owner_or_date_is_refused_and_nothing_is_saved(
    case: Registration, add_action: Callable[..., PlanAction], values: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        add_action(case, **values)
    assert words in " ".join(caught.value.message_dict[field])
    assert PlanAction.objects.count() == 0
    assert RiskManagementPlan.objects.count() == 0
    assert ShareGrant.objects.count() == 0


def test_overdue_is_derived_and_cancelling_needs_a_reason(
    case: Registration, add_action: Callable[..., PlanAction], users: dict[str, User]
) -> None:
    action = add_action(case, owner="DEMO-PRB")
    assert action.status_on(action.due_on + timedelta(days=1)) == "overdue"
    assert action.status_on(action.due_on) == "open"
    with pytest.raises(ValidationError) as caught:
        services.update_action(actor=Actor(users["probation_om"]), action=action, values={"status": "cancelled"})
    assert "reason" in caught.value.message_dict["cancel_reason"][0]
    cancelled = services.update_action(
        actor=Actor(users["probation_om"]),
        action=action,
        values={"status": "cancelled", "cancel_reason": "Superseded by the new licence"},
    )
    assert cancelled.status_on(cancelled.due_on + timedelta(days=5)) == ActionStatus.CANCELLED
    with pytest.raises(VersionConflict):
        services.update_action(
            actor=Actor(users["probation_om"]), action=action, values={"text": "x"}, expected_version=1
        )


def test_the_plan_is_one_per_registration_with_versions_and_a_timeline(
    case: Registration, users: dict[str, User]
) -> None:
    officer = users["probation_om"]
    plan = services.update_plan(
        actor=Actor(officer),
        registration=case,
        values={"review_on": today() + timedelta(days=30), "supervision": "Weekly"},
        expected_version=0,
    )
    assert plan.version == 2
    with pytest.raises(VersionConflict):
        services.update_plan(
            actor=Actor(officer), registration=case, values={"contingency": "Recall"}, expected_version=1
        )
    services.update_plan(actor=Actor(officer), registration=case, values={"contingency": "Recall"}, expected_version=2)
    assert RiskManagementPlan.objects.filter(registration=case).count() == 1
    summaries = [c.summary for c in PlanChange.objects.filter(plan=plan)]
    assert summaries == ["Changed contingency", "Changed review date, supervision"]
    with pytest.raises(ValidationError):
        services.update_plan(actor=Actor(officer), registration=case, values={"review_on": date(2001, 1, 1)})


def test_an_archived_registration_has_a_read_only_plan(
    users: dict[str, User], make_person: PersonMaker, make_registration: RegistrationMaker
) -> None:
    from cases import services as case_services

    officer = users["probation_om"]
    registration = make_registration(make_person(officer), officer)
    archived = case_services.archive(
        actor=Actor(officer), registration=registration, archived_on=today(), reason="Died", exit_basis="died"
    )
    with pytest.raises(ValidationError):
        services.update_plan(actor=Actor(officer), registration=archived, values={"supervision": "x"})
    assert not policy.can_edit_plans(officer, archived.nominal)


def test_controls_and_contracts(case: Registration, users: dict[str, User]) -> None:
    officer = users["probation_om"]
    with pytest.raises(ValidationError) as caught:
        controls.record_control(
            actor=Actor(officer),
            nominal=case.nominal,
            values={
                "kind": "licence_condition",
                "text": "Curfew",
                "source": "Licence",
                "from_on": today(),
                "to_on": today() - timedelta(days=1),
            },
        )
    assert "on or after" in caught.value.message_dict["to_on"][0]
    control = controls.record_control(
        actor=Actor(officer),
        nominal=case.nominal,
        values={"kind": "licence_condition", "text": "Curfew 7pm to 7am", "source": "Licence", "from_on": today()},
    )
    assert control.is_current
    contract = controls.record_contract(
        actor=Actor(officer),
        nominal=case.nominal,
        values={
            "setting": "St Example's Church",
            "undertakings": "· I will attend only the 8.30am service\n· I will sit apart from children",
            "who_will_know": "The vicar",
            "breach_consequence": "Reported to the offender manager",
            "offender_manager": "Tom Okafor",
        },
    )
    assert not contract.is_signed
    assert contract.undertaking_lines() == ["I will attend only the 8.30am service", "I will sit apart from children"]
    signed = controls.update_contract(
        actor=Actor(officer),
        contract=contract,
        values={"offender_signed_on": today(), "offender_manager_signed_on": today()},
        expected_version=1,
    )
    assert signed.is_signed and signed.version == 2
