from __future__ import annotations

import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Tests here that commit run after others that emptied every table (the reference data
    the migrations load included): load it again, with the migration's own loader."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from accounts.models import Area

    if not Area.objects.filter(code="DEMO").exists():
        importlib.import_module("accounts.migrations.0002_reference_data").load(apps, None)
