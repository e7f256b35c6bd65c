"""Check the locked dependencies for known vulnerabilities with pip-audit.

Fails (exit 1) on any known vulnerability, and when nothing could be audited: pip-audit
asks PyPI's vulnerability data for each pinned version, and where that service cannot be
reached (no network, a package index that is a mirror without it) every package comes back
"could not be audited". No check is not a pass, so that fails too, saying so plainly.
ALLOW_UNAUDITED_DEPENDENCIES=1 lets a machine that cannot reach the service carry on; it
still prints that the dependencies were NOT audited. Some packages unknown to the service
(the rest audited) are a warning, and a failure with STRICT_DEPENDENCY_AUDIT=1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ["requirements/base.txt", "requirements/test.txt"]


def _unaudited(reason: str, env: dict[str, str]) -> tuple[int, list[str]]:
    lines = [f"pip-audit FAILED: dependencies NOT audited ({reason})."]
    if env.get("ALLOW_UNAUDITED_DEPENDENCIES") == "1":
        return 0, [*lines, "Carrying on only because ALLOW_UNAUDITED_DEPENDENCIES=1: this is not a pass."]
    return 1, [*lines, "Run it where https://pypi.org can be reached (or set ALLOW_UNAUDITED_DEPENDENCIES=1)."]


def verdict(report: dict[str, Any] | None, env: dict[str, str]) -> tuple[int, list[str]]:
    """The exit status and what to print, for pip-audit's JSON report (None: no report)."""
    if report is None:
        return _unaudited("pip-audit gave no report: the vulnerability service could not be reached", env)
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            lines.append(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    lines.append(f"pip-audit: {audited} of {len(dependencies)} pinned packages audited, {len(vulnerable)} vulnerable")
    if vulnerable:
        return 1, lines
    if audited == 0:
        code, more = _unaudited(f"0 of {len(dependencies)} packages audited", env)
        return code, [*lines, *more]
    if skipped:
        names = ", ".join(sorted(d["name"] for d in skipped))
        lines.append(f"pip-audit WARNING: {len(skipped)} packages could NOT be audited: {names}")
        if env.get("STRICT_DEPENDENCY_AUDIT") == "1":
            return 1, lines
    return 0, lines


def main() -> int:
    command = [os.environ.get("PIP_AUDIT", str(ROOT / ".venv" / "bin" / "pip-audit"))]
    command += ["--no-deps", "--disable-pip", "--format", "json"]
    for lock in LOCKS:
        command += ["-r", str(ROOT / lock)]
    # The locks pin every package (pip-compile), so --no-deps audits exactly what installs.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stderr.strip()[-2000:], file=sys.stderr)
        report = None
    code, lines = verdict(report, dict(os.environ))
    for line in lines:
        print(line, file=sys.stderr if code or "NOT" in line or "WARNING" in line else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
