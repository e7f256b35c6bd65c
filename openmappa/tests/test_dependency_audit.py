"""The dependency audit (scripts/audit-dependencies.py) fails on a vulnerability and when it
audited nothing, and says so plainly."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit-dependencies.py"


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _package(name: str, *, vulns: list[dict[str, Any]] | None = None, skipped: bool = False) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "version": "1.0"}
    if skipped:
        entry["skip_reason"] = "Dependency not found on PyPI and could not be audited"
    else:
        entry["vulns"] = vulns or []
    return entry


def test_clean_dependencies_pass(audit: ModuleType) -> None:
    code, lines = audit.verdict({"dependencies": [_package("django"), _package("psycopg")]}, {})
    assert code == 0 and "2 of 2 pinned packages audited, 0 vulnerable" in lines[-1]


def test_a_vulnerability_fails(audit: ModuleType) -> None:
    vuln = {"id": "PYSEC-1", "fix_versions": ["1.1"]}
    code, lines = audit.verdict({"dependencies": [_package("django", vulns=[vuln])]}, {})
    assert code == 1 and any("VULNERABLE django 1.0: PYSEC-1 (fixed in 1.1)" in line for line in lines)


def test_auditing_nothing_fails_and_says_so(audit: ModuleType) -> None:
    report = {"dependencies": [_package("django", skipped=True), _package("psycopg", skipped=True)]}
    code, lines = audit.verdict(report, {})
    assert code == 1 and any("NOT audited" in line for line in lines)
    code, lines = audit.verdict(None, {})  # pip-audit could not reach the service at all
    assert code == 1 and any("NOT audited" in line for line in lines)


def test_an_explicit_allowance_carries_on_but_still_says_not_audited(audit: ModuleType) -> None:
    code, lines = audit.verdict(None, {"ALLOW_UNAUDITED_DEPENDENCIES": "1"})
    assert code == 0 and any("NOT audited" in line for line in lines) and any("not a pass" in line for line in lines)


def test_some_unaudited_is_a_warning_or_strictly_a_failure(audit: ModuleType) -> None:
    report = {"dependencies": [_package("django"), _package("private-thing", skipped=True)]}
    code, lines = audit.verdict(report, {})
    assert code == 0 and any("WARNING" in line and "private-thing" in line for line in lines)
    assert audit.verdict(report, {"STRICT_DEPENDENCY_AUDIT": "1"})[0] == 1
