"""Check the locked dependencies for known vulnerabilities with pip-audit.

Fails (exit 1) on any known vulnerability. pip-audit asks PyPI's vulnerability data for
each pinned version; where that service cannot be reached (a machine whose package index
is a mirror without it), every package comes back "could not be audited". That is said
loudly and, unless STRICT_DEPENDENCY_AUDIT=1, does not fail the run: no check is not a
pass, and the report says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ["requirements/base.txt", "requirements/test.txt"]


def main() -> int:
    command = [str(ROOT / ".venv" / "bin" / "pip-audit"), "--no-deps", "--disable-pip", "--format", "json"]
    for lock in LOCKS:
        command += ["-r", str(ROOT / lock)]
    # The locks pin every package (pip-compile), so --no-deps audits exactly what installs.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stderr.strip()[-2000:], file=sys.stderr)
        print("pip-audit: could not reach a vulnerability service; dependencies NOT audited", file=sys.stderr)
        return 1 if os.environ.get("STRICT_DEPENDENCY_AUDIT") == "1" else 0
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} of {len(dependencies)} pinned packages audited, {len(vulnerable)} vulnerable")
    if vulnerable:
        return 1
    if skipped:
        names = ", ".join(sorted(d["name"] for d in skipped))
        print(
            f"pip-audit WARNING: {len(skipped)} packages could NOT be audited (the vulnerability service "
            f"did not know them or could not be reached): {names}",
            file=sys.stderr,
        )
        if os.environ.get("STRICT_DEPENDENCY_AUDIT") == "1":
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
