"""The OpenAPI schema generates without a single drf-spectacular warning.

Most warnings are about choice sets: two models each with a `status` (or `kind`,
`decision`, `outcome`) field of different values make drf-spectacular invent names such
as "Status17dEnum", which change whenever a choice is added and make poor names in
generated clients; one choice set reached by fields of different names gets several names.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] gives each such set one product name. A new
model that brings a new collision fails here until its choice set is named there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.management.commands.spectacular import SchemaGenerationError
from drf_spectacular.plumbing import _load_enum_name_overrides
from drf_spectacular.settings import patched_settings


@pytest.fixture(autouse=True)
def fresh_generator_state() -> Iterator[None]:
    # Warnings are counted process-wide and the override names are cached once loaded, so
    # each generation here starts from a clean slate and leaves one behind.
    GENERATOR_STATS.reset()
    _load_enum_name_overrides.cache_clear()
    yield
    GENERATOR_STATS.reset()
    _load_enum_name_overrides.cache_clear()


def test_the_schema_generates_without_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schema.yaml"
    try:
        call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    except SchemaGenerationError:
        pytest.fail("schema generation warned:\n" + capsys.readouterr().err)
    assert capsys.readouterr().err == ""
    components = yaml.safe_load(out.read_text())["components"]["schemas"]
    # The names given by the overrides are the ones clients see.
    for name in ("MappaLevelEnum", "RiskLevelEnum", "NotificationKindEnum", "HomeVisitStatusEnum"):
        assert "enum" in components[name], name


def test_without_the_enum_names_the_same_generation_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with patched_settings({"ENUM_NAME_OVERRIDES": {}}), pytest.raises(SchemaGenerationError):
        call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    err = capsys.readouterr().err
    assert 'collision for fields named "status"' in err
    assert "multiple names for the same choice set" in err
