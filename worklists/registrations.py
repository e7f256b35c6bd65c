"""The registrations a worklist starts from, read once per worklist (WorklistScope.managed
and .area_level_2_3): installed into the kernel's scope by WorklistsConfig.ready."""

from __future__ import annotations

from cases.models import Registration, RegistrationStatus
from kernel.worklist_sources import Managed


def managed_by(user_id: int) -> dict[int, Managed]:
    """The people whose active registration the user manages."""
    rows = Registration.objects.filter(record_manager_id=user_id, status=RegistrationStatus.ACTIVE)
    return {
        nominal_id: Managed(lead_agency_id, level, user_id)
        for nominal_id, lead_agency_id, level in rows.values_list("nominal_id", "lead_agency_id", "level")
    }


def area_level_2_3(area_id: int) -> dict[int, Managed]:
    """The area's people managed at level 2 or 3 now."""
    rows = Registration.objects.filter(nominal__area_id=area_id, status=RegistrationStatus.ACTIVE, level__in=[2, 3])
    return {
        nominal_id: Managed(lead_agency_id, level, manager_id)
        for nominal_id, lead_agency_id, level, manager_id in rows.values_list(
            "nominal_id", "lead_agency_id", "level", "record_manager_id"
        )
    }
