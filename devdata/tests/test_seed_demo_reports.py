"""seed_demo_reports: the SMB member and the DEMO population, safe to run again."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role, User
from reports.models import OnsPopulation

pytestmark = pytest.mark.django_db


def test_it_adds_the_smb_member_and_population_once(users: dict[str, Any]) -> None:
    out = StringIO()
    call_command("seed_demo_reports", password="a-long-demo-password", stdout=out)
    member = User.objects.get(username="smb.member")
    assert member.role == Role.SMB_MEMBER and member.is_demo
    assert authenticate(username="smb.member", password="a-long-demo-password") == member
    assert OnsPopulation.objects.filter(area__code="DEMO").count() == 4
    call_command("seed_demo_reports", stdout=StringIO())
    assert User.objects.filter(username="smb.member").count() == 1
    assert OnsPopulation.objects.filter(area__code="DEMO").count() == 4
    assert authenticate(username="smb.member", password="a-long-demo-password") == member  # unchanged


def test_it_needs_the_demo_first(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo_reports", stdout=StringIO())
