"""The fault suite: two requests at once, on the real PostgreSQL, many rounds each.

Each test commits (transaction=True; the root conftest loads the reference data again when
a flush took it), sends the requests from threads that start together (each thread has its own connection), and adds
its figures to the table printed at the end of the run and written to
test-artifacts/faults.json: how many answers of each status, and the counts that must stay
0 (HTML 500s, rules skipped, edits of archived records, duplicates)."""

from __future__ import annotations

import json
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

ROUNDS = int(os.environ.get("FAULT_ROUNDS", "20"))
FIGURES: dict[str, Counter[str]] = defaultdict(Counter)


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, one thread each; their results in order. Each
    thread closes its own database connection when it is done."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[index] = call()
        except BaseException as error:  # the test reads it as a failure, never a hang
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def record(scenario: str, **counts: int) -> None:
    FIGURES[scenario].update(counts)


def statuses(scenario: str, responses: list[Any]) -> list[int]:
    """The statuses, counted under the scenario; a 500 (or an HTML answer) is counted too."""
    codes = sorted(r.status_code for r in responses)
    for response in responses:
        FIGURES[scenario][str(response.status_code)] += 1
        html = "text/html" in response.get("Content-Type", "")
        FIGURES[scenario]["html_500"] += int(response.status_code >= 500 and html)
        FIGURES[scenario]["500"] += int(response.status_code >= 500)
    return codes


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section(f"fault figures ({ROUNDS} rounds each)")
    for scenario, counts in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{scenario}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    out = Path(__file__).resolve().parents[2] / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "faults.json").write_text(json.dumps({"rounds": ROUNDS, "figures": FIGURES}, indent=2, sort_keys=True))


@pytest.fixture
def rounds() -> range:
    return range(ROUNDS)
