"""Risk assessments, agreed risk levels, the risk management plan's reviews and external
controls on the person's timeline (kernel/timeline.py), for whoever sees the risk and plan tab."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from access import policy
from kernel.timeline import TimelineEvent, register_timeline_source

from .models import AgreedRiskLevel, ExternalControl, PlanChange, RiskAssessment


@register_timeline_source("plans", section="risk_and_plan")
def plan_events(nominal: Any, requested_by: Any) -> Iterable[TimelineEvent]:
    if not policy.can_view_plans(requested_by, nominal):
        return
    url = reverse("plans:overview", args=[nominal.pk])
    for assessment in RiskAssessment.objects.filter(nominal=nominal):
        yield TimelineEvent("risk-assessment", assessment.assessed_on, f"Risk assessed: {assessment}", url=url)
    for agreed in AgreedRiskLevel.objects.filter(nominal=nominal):
        yield TimelineEvent(
            "risk-assessment", agreed.agreed_on, f"Risk level agreed: {agreed.get_agreed_level_display()}", url=url
        )
    for change in PlanChange.objects.filter(plan__nominal=nominal):
        yield TimelineEvent("plan", timezone.localdate(change.at), f"Risk management plan: {change.summary}", url=url)
    for control in ExternalControl.objects.filter(nominal=nominal):
        yield TimelineEvent(
            "external-control", control.from_on, f"External control from {control.from_on:%d %B %Y}: {control}", url=url
        )
