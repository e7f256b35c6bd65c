"""How long the demo seed takes, from an empty SQLite database, as `./scripts/run` does it.

    .venv/bin/python bench/seed.py [--repo DIR] [--runs 3]

`--repo` runs the same commands in another checkout (an older commit, for a before/after
figure in one run). Prints each command's wall time and the total, the median of the runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

PASSWORD = "bench-Demo-password-1"
COMMANDS = [
    ["seed_demo", "--password", PASSWORD],
    ["seed_demo_meetings", "--password", PASSWORD],
    ["seed_demo_reports", "--password", PASSWORD],
    ["seed_demo_plans"],
    ["seed_demo_disclosure"],
    ["seed_demo_rso"],
    ["seed_demo_custody"],
]


def one_run(repo: Path, python: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {
            "MAPPA_DEMO": "1",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "SECRET_KEY": "bench-only",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        manage = [str(python), "manage.py"]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=repo, env=env, check=True)
        seconds: dict[str, float] = {}
        for command in COMMANDS:
            started = time.perf_counter()
            subprocess.run([*manage, *command], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)
            seconds[command[0]] = time.perf_counter() - started
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--repo", type=Path, default=here)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    runs = [one_run(options.repo, here / ".venv" / "bin" / "python") for _ in range(options.runs)]
    print(f"demo seed on SQLite, {options.repo}: median of {options.runs} runs (seconds)")
    for name in runs[0]:
        print(f"  {name:<22} {statistics.median(run[name] for run in runs):7.2f}")
    print(f"  {'total':<22} {statistics.median(sum(run.values()) for run in runs):7.2f}")


if __name__ == "__main__":
    main()
