"""Risk assessments and the levels agreed in professional discussion.

A new assessment supersedes the current one of the same tool; the history is kept. Bad
input is refused with every problem named at once, before anything is saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency
from audit import trail
from kernel.actor import Actor
from kernel.due_dates import HOME_VISIT, dates_changed
from kernel.errors import collect
from register.models import Nominal
from rules import risk
from rules.errors import RuleInputError

from .models import ROSH_FIELDS, AgreedRiskLevel, Imminence, RiskAssessment, Tool
from .services import stripped

# The rules each refusal names.
SCALE_RULE = "Use the OASys scale: low, medium, high or very high (seed 003, 'Risk Assessment')"
RM2000_RULE = "RM2000 is only for adult male sexual offenders (seed 003, 'Risk Assessment')"
OASYS_RULE = "Rate the risk of serious harm for at least one group at risk, in the community or in custody (OASys)"
SUPERSEDE_RULE = "A new assessment supersedes the last one of the same tool, so it cannot be dated before it"
AGREED_RULE = "Where tools disagree, the level agreed and the reasoning are recorded (seed 003, 'Risk Assessment')"
ASSESSMENT_TEXT = ("who_is_at_risk", "nature_of_harm", "risk_increased_by", "risk_reduced_by", "notes")


def _check_level(errors: dict[str, list[str]], field: str, value: Any, *, required: bool = False) -> str:
    level = stripped(value)
    if not level:
        if required:
            errors.setdefault(field, []).append(f"Select the level. {SCALE_RULE}")
        return ""
    try:
        risk.rank(level)
    except RuleInputError:
        errors.setdefault(field, []).append(f"{level!r} is not a risk level. {SCALE_RULE}")
        return ""
    return level


def _not_future(errors: dict[str, list[str]], field: str, value: date | None, what: str) -> None:
    if value is None:
        errors.setdefault(field, []).append(f"Enter the date {what}")
    elif value > timezone.localdate():
        errors.setdefault(field, []).append(f"The date {what} cannot be in the future")


def record_assessment(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> RiskAssessment:
    """Record an assessment; it supersedes the current one of the same tool."""
    errors: dict[str, list[str]] = {}
    tool = stripped(values.get("tool"))
    if tool not in Tool.values:
        errors["tool"] = ["Select the assessment tool"]
    tool_name = stripped(values.get("tool_name"))
    if tool == Tool.OTHER and not tool_name:
        errors["tool_name"] = ["Enter the name of the tool"]
    assessed_on = values.get("assessed_on")
    _not_future(errors, "assessed_on", assessed_on, "of the assessment")
    assessor = stripped(values.get("assessor"))
    if not assessor:
        errors["assessor"] = ["Enter who made the assessment"]
    agency = values.get("agency") or actor.user.agency
    if not isinstance(agency, Agency):
        errors["agency"] = ["Select the assessor's agency"]
    ratings = {field: _check_level(errors, field, values.get(field)) for field in ROSH_FIELDS}
    reconviction = _check_level(errors, "reconviction_level", values.get("reconviction_level"))
    imminence = stripped(values.get("imminence"))
    if imminence and imminence not in Imminence.values:
        errors["imminence"] = ["Select how imminent the risk is"]
    if tool == Tool.OASYS:
        overall = risk.highest(ratings.values()) or ""
        if not overall and not any(field in errors for field in ROSH_FIELDS):
            errors["community_public"] = [OASYS_RULE]
    else:
        overall = _check_level(errors, "overall_level", values.get("overall_level"), required=True)
    if tool == Tool.RM2000 and isinstance(assessed_on, date):
        if not risk.rm2000_applies(gender=nominal.gender, date_of_birth=nominal.date_of_birth, assessed_on=assessed_on):
            errors["tool"] = [RM2000_RULE]
        reconviction = reconviction or overall
    collect(errors)
    assert isinstance(assessed_on, date) and isinstance(agency, Agency)
    with transaction.atomic():
        # Lock the person so two assessments of one tool cannot both supersede the same one.
        Nominal.objects.select_for_update().filter(pk=nominal.pk).first()
        current = (
            RiskAssessment.objects.filter(nominal=nominal, tool=tool, tool_name=tool_name if tool == Tool.OTHER else "")
            .filter(superseded_by__isnull=True)
            .first()
        )
        if current is not None and isinstance(assessed_on, date) and assessed_on < current.assessed_on:
            collect({"assessed_on": [f"{SUPERSEDE_RULE} ({current.assessed_on:%d %B %Y})"]})
        assessment = RiskAssessment.objects.create(
            nominal=nominal,
            tool=tool,
            tool_name=tool_name if tool == Tool.OTHER else "",
            assessed_on=assessed_on,
            assessor=assessor,
            agency=agency,
            overall_level=overall,
            reconviction_level=reconviction,
            imminence=imminence,
            supersedes=current,
            recorded_by=actor.user,
            **ratings,
            **{field: stripped(values.get(field)) for field in ASSESSMENT_TEXT},
        )
        trail.record(
            actor=actor,
            action="risk_assessment.create",
            obj=assessment,
            nominal_id=nominal.pk,
            detail={"tool": tool, "overall_level": overall, "supersedes": current.pk if current else None},
        )
        dates_changed([nominal.pk], kinds=[HOME_VISIT])  # home visits follow the latest risk
    return assessment


def agree_risk_level(
    *,
    actor: Actor,
    nominal: Nominal,
    agreed_level: str,
    reasoning: str,
    agreed_on: date | None,
    reconviction_level: str = "",
) -> AgreedRiskLevel:
    """Record the level agreed in professional discussion, against the current assessments."""
    errors: dict[str, list[str]] = {}
    level = _check_level(errors, "agreed_level", agreed_level, required=True)
    reconviction = _check_level(errors, "reconviction_level", reconviction_level)
    if not stripped(reasoning):
        errors["reasoning"] = [f"Enter the reasoning. {AGREED_RULE}"]
    _not_future(errors, "agreed_on", agreed_on, "it was agreed")
    collect(errors)
    assert agreed_on is not None
    with transaction.atomic():
        agreed = AgreedRiskLevel.objects.create(
            nominal=nominal,
            agreed_level=level,
            reconviction_level=reconviction,
            reasoning=stripped(reasoning),
            agreed_on=agreed_on,
            recorded_by=actor.user,
        )
        agreed.assessments.set(list(nominal.risk_assessments.filter(superseded_by__isnull=True)))
        trail.record(
            actor=actor,
            action="risk_level.agree",
            obj=agreed,
            nominal_id=nominal.pk,
            detail={"agreed_level": level},
        )
        dates_changed([nominal.pk], kinds=[HOME_VISIT])  # home visits follow the latest risk
    return agreed
