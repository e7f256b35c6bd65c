"""`seed_demo_plans`: demo assessments, plans and actions (one for DEMO housing), idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from access import policy
from accounts.models import User
from plans.models import DisclosureContract, ExternalControl, PlanAction, RiskAssessment, RiskManagementPlan

pytestmark = pytest.mark.django_db


def test_seed_demo_plans_once(fast_password_hashing: None) -> None:
    from devdata.people import seed

    seed("a-long-demo-password", people=16)
    call_command("seed_demo_plans", stdout=StringIO())
    counts = (
        RiskAssessment.objects.count(),
        RiskManagementPlan.objects.count(),
        PlanAction.objects.count(),
        ExternalControl.objects.count(),
        DisclosureContract.objects.count(),
    )
    assert RiskManagementPlan.objects.count() >= 2 and ExternalControl.objects.count() >= 2
    assert DisclosureContract.objects.count() == 1
    housing = PlanAction.objects.get(owner_agency__code__endswith="HSG")
    spoc = User.objects.get(username="housing.spoc")
    assert list(policy.visible_plan_actions(spoc)) == [housing]
    assert policy.can_update_action_progress(spoc, housing)
    again = StringIO()
    call_command("seed_demo_plans", stdout=again)
    assert "nothing to do" in again.getvalue()
    assert counts == (
        RiskAssessment.objects.count(),
        RiskManagementPlan.objects.count(),
        PlanAction.objects.count(),
        ExternalControl.objects.count(),
        DisclosureContract.objects.count(),
    )
