"""The disclosure rules: each refusal names the field and the rule, and saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from disclosure import services
from disclosure.models import ChiefOfficerRank, Disclosure, RecipientKind
from kernel.actor import Actor
from kernel.errors import VersionConflict
from register.models import Nominal
from rules.dates import add_months

from .conftest import Level2, decision_values

pytestmark = pytest.mark.django_db


def _refusal(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_level_1_decision_is_the_lead_agencys_and_due_for_review_in_4_months(
    level1: Nominal, users: dict[str, User]
) -> None:
    officer = users["police_om"]
    decided_on = date(2026, 10, 31)
    disclosure = services.record_decision(
        actor=Actor(officer), nominal=level1, values=decision_values(officer, decided_on=decided_on)
    )
    assert disclosure.level == 1 and disclosure.category == 1
    assert disclosure.deciding_agency == officer.agency
    assert disclosure.review_due_on == date(2027, 2, 28)  # 4 months on, clamped to the month's end
    assert disclosure.review_due_on == add_months(decided_on, 4)
    event = AuditEvent.objects.get(action="disclosure.decide", object_id=str(disclosure.pk))
    assert event.nominal_id == level1.pk and event.detail["rule"] == "disclosure.level_1_review"


def test_a_decision_to_disclose_names_every_missing_part(level1: Nominal, users: dict[str, User]) -> None:
    values = {"considered": True, "decision": "disclose", "decided_on": timezone.localdate()}
    with pytest.raises(ValidationError) as refused:
        services.record_decision(actor=Actor(users["police_om"]), nominal=level1, values=values)
    problems = _refusal(refused)
    for field in ("what", "recipient_kind", "recipient_name", "discloser", "disclose_by", "reason", "offender_told"):
        assert field in problems, field
    assert "rule disclosure.to_whom" in problems["recipient_name"][0]
    assert not Disclosure.objects.exists()


def test_not_disclosing_needs_defensible_reasons(level1: Nominal, users: dict[str, User]) -> None:
    values = {"considered": True, "decision": "not_disclose", "decided_on": timezone.localdate()}
    with pytest.raises(ValidationError) as refused:
        services.record_decision(actor=Actor(users["police_om"]), nominal=level1, values=values)
    assert _refusal(refused)["reasons_not_to_disclose"] == [services.NOT_DISCLOSE_RULE]
    saved = services.record_decision(
        actor=Actor(users["police_om"]),
        nominal=level1,
        values=values | {"reasons_not_to_disclose": "The partner already knows; disclosure would identify the victim"},
    )
    assert saved.status == "not_to_disclose"


def test_the_person_not_being_told_needs_the_reason(level1: Nominal, users: dict[str, User]) -> None:
    officer = users["police_om"]
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            actor=Actor(officer), nominal=level1, values=decision_values(officer, offender_told=False)
        )
    assert _refusal(refused) == {"offender_not_told_reason": [services.OFFENDER_NOT_TOLD_RULE]}


def test_a_decision_cannot_be_dated_in_the_future(level1: Nominal, users: dict[str, User]) -> None:
    officer = users["police_om"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            actor=Actor(officer), nominal=level1, values=decision_values(officer, decided_on=tomorrow)
        )
    assert "decided_on" in _refusal(refused)


def test_at_level_2_the_meeting_decides(level2: Level2, users: dict[str, User], level1: Nominal) -> None:
    chair = users["chair"]
    with pytest.raises(ValidationError) as refused:
        services.record_decision(actor=Actor(chair), nominal=level2.nominal, values=decision_values(chair))
    assert _refusal(refused) == {"meeting": [services.MEETING_RULE]}
    saved = services.record_decision(
        actor=Actor(chair), nominal=level2.nominal, values=decision_values(chair, meeting=level2.meeting)
    )
    assert saved.level == 2 and saved.deciding_agency is None and saved.review_due_on is None
    # A meeting about someone else is not this person's meeting.
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            actor=Actor(users["police_om"]),
            nominal=level1,
            values=decision_values(users["police_om"], meeting=level2.meeting),
        )
    assert "meeting" in _refusal(refused)


def test_no_decision_without_an_active_registration(records: object, users: dict[str, User]) -> None:
    archived = records.people["archived"]  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            actor=Actor(users["police_om"]), nominal=archived, values=decision_values(users["police_om"])
        )
    assert _refusal(refused) == {"nominal": [services.REGISTERED_RULE]}


def test_carried_out_without_a_date_is_refused_and_nothing_saved(decided: Disclosure, users: dict[str, User]) -> None:
    with pytest.raises(ValidationError) as refused:
        services.record_carried_out(
            actor=Actor(users["police_om"]), disclosure=decided, carried_out_on=None, carried_out_by=users["police_om"]
        )
    assert _refusal(refused) == {"carried_out_on": [services.CARRIED_OUT_DATE_RULE]}
    decided.refresh_from_db()
    assert decided.carried_out_on is None and decided.version == 1
    assert not AuditEvent.objects.filter(action="disclosure.carried_out").exists()


def test_carried_out_without_a_recipient_is_refused(level1: Nominal, users: dict[str, User]) -> None:
    """A decision recorded without its recipient (as an imported record might be) cannot be
    marked carried out until the recipient is recorded."""
    officer = users["police_om"]
    legacy = Disclosure.objects.create(
        nominal=level1, category=1, level=1, decision="disclose", decided_on=timezone.localdate(), recorded_by=officer
    )
    with pytest.raises(ValidationError) as refused:
        services.record_carried_out(
            actor=Actor(officer), disclosure=legacy, carried_out_on=timezone.localdate(), carried_out_by=officer
        )
    assert _refusal(refused) == {"recipient_name": [services.CARRIED_OUT_RECIPIENT_RULE]}
    legacy.refresh_from_db()
    assert legacy.carried_out_on is None


def test_the_database_refuses_a_carried_out_disclosure_without_a_recipient(
    level1: Nominal, users: dict[str, User]
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.create(
            nominal=level1,
            category=1,
            level=1,
            decision="disclose",
            decided_on=timezone.localdate(),
            carried_out_on=timezone.localdate(),
            recorded_by=users["police_om"],
        )


def test_media_disclosure_needs_a_chief_officers_authority(level1: Nominal, users: dict[str, User]) -> None:
    officer = users["police_om"]
    media = services.record_decision(
        actor=Actor(officer),
        nominal=level1,
        values=decision_values(officer, recipient_kind=RecipientKind.MEDIA, recipient_name="Demotown Echo"),
    )
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.record_carried_out(
            actor=Actor(officer), disclosure=media, carried_out_on=today, carried_out_by=officer
        )
    assert _refusal(refused) == {"authoriser_rank": [services.CHIEF_OFFICER_RULE]}
    assert "ACPO" in services.CHIEF_OFFICER_RULE
    media.refresh_from_db()
    assert media.carried_out_on is None

    # A half-recorded authority is refused too.
    with pytest.raises(ValidationError) as refused:
        services.update_decision(actor=Actor(officer), disclosure=media, values={"authoriser_name": "A. Chief"})
    assert set(_refusal(refused)) == {"authoriser_rank", "authorised_on"}

    authorised = services.update_decision(
        actor=Actor(officer),
        disclosure=media,
        values={
            "authoriser_name": "A. Chief",
            "authoriser_rank": ChiefOfficerRank.ASSISTANT_CHIEF_CONSTABLE,
            "authorised_on": today,
        },
        expected_version=media.version,
    )
    done = services.record_carried_out(
        actor=Actor(officer), disclosure=authorised, carried_out_on=today, carried_out_by=officer
    )
    assert done.status == "carried_out"


def test_a_photograph_needs_the_same_authority(level1: Nominal, users: dict[str, User]) -> None:
    officer = users["police_om"]
    with_photo = services.record_decision(
        actor=Actor(officer), nominal=level1, values=decision_values(officer, includes_photograph=True)
    )
    with pytest.raises(ValidationError) as refused:
        services.record_carried_out(
            actor=Actor(officer), disclosure=with_photo, carried_out_on=timezone.localdate(), carried_out_by=officer
        )
    assert "authoriser_rank" in _refusal(refused)


def test_decided_carried_out_and_acknowledged(decided: Disclosure, users: dict[str, User]) -> None:
    officer = users["police_om"]
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.record_acknowledgement(
            actor=Actor(officer), disclosure=decided, acknowledged_on=today, method="signed"
        )
    assert "carried_out_on" in _refusal(refused)
    carried = services.record_carried_out(
        actor=Actor(officer), disclosure=decided, carried_out_on=today, carried_out_by=officer
    )
    with pytest.raises(ValidationError) as refused:
        services.record_acknowledgement(actor=Actor(officer), disclosure=carried, acknowledged_on=None, method="")
    assert set(_refusal(refused)) == {"acknowledged_on", "acknowledgement_method"}
    acknowledged = services.record_acknowledgement(
        actor=Actor(officer), disclosure=carried, acknowledged_on=today, method="signed"
    )
    assert acknowledged.status == "acknowledged" and acknowledged.version == 3
    actions = list(
        AuditEvent.objects.filter(object_type="Disclosure", object_id=str(decided.pk)).values_list("action", flat=True)
    )
    assert actions == ["disclosure.decide", "disclosure.carried_out", "disclosure.acknowledged"]
    # Once made, the decision is a record of what happened.
    with pytest.raises(ValidationError) as refused:
        services.update_decision(actor=Actor(officer), disclosure=acknowledged, values={"what": "Something else"})
    assert _refusal(refused) == {"carried_out_on": [services.LOCKED_RULE]}


def test_a_review_sets_the_next_date_from_the_rule(decided: Disclosure, users: dict[str, User]) -> None:
    reviewed_on = timezone.localdate()
    reviewed = services.record_review(
        actor=Actor(users["police_om"]), disclosure=decided, reviewed_on=reviewed_on, outcome="No new information"
    )
    assert reviewed.last_reviewed_on == reviewed_on
    assert reviewed.review_due_on == add_months(reviewed_on, 4)
    with pytest.raises(ValidationError) as refused:
        services.record_review(actor=Actor(users["police_om"]), disclosure=reviewed, reviewed_on=None, outcome="")
    assert set(_refusal(refused)) == {"reviewed_on", "outcome"}


def test_a_level_2_decision_has_no_separate_review(level2: Level2, users: dict[str, User]) -> None:
    chair = users["chair"]
    saved = services.record_decision(
        actor=Actor(chair), nominal=level2.nominal, values=decision_values(chair, meeting=level2.meeting)
    )
    with pytest.raises(ValidationError) as refused:
        services.record_review(actor=Actor(chair), disclosure=saved, reviewed_on=timezone.localdate(), outcome="x")
    assert "reviewed_on" in _refusal(refused)


def test_a_stale_version_is_refused(decided: Disclosure, users: dict[str, User]) -> None:
    services.update_decision(actor=Actor(users["police_om"]), disclosure=decided, values={"what": "Changed"})
    with pytest.raises(VersionConflict):
        services.update_decision(
            actor=Actor(users["police_om"]), disclosure=decided, values={"what": "Again"}, expected_version=1
        )
    decided.refresh_from_db()
    assert decided.what == "Changed"
