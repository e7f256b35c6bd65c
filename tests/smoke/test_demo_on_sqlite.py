"""The default run path (./scripts/run): SQLite and the demo data. Every page each demo
user can reach from their home page, and the reports' API answers, without a 5xx.

The walk runs in a process of its own (tests/smoke/walk_demo.py), since the database is
chosen when Django starts: it migrates a new SQLite file, seeds it as scripts/run does,
signs each demo user in for real through the sign-in page (demo mode, no second factor)
and follows the links and GET forms from there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_demo_page_answers_without_a_server_error_on_sqlite(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "tests.smoke.walk_demo", str(tmp_path / "demo.sqlite3")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=20 * 60,
        check=False,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-3000:]
    summary = lines[-1]
    problems = lines[:-1]
    assert result.returncode == 0 and not problems, "\n\n".join(
        f"{p['user']} {p['url']}: {p.get('status') or p.get('error')}" for p in problems
    )
    assert len(summary["users"]) >= 9 and summary["pages"] > 200, summary
