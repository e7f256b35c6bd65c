"""The health check: does the database answer, within a deadline?

A load balancer asks /healthz every few seconds and must hear back quickly, whether the
database is up, stopped (the connection is refused at once) or hung (it accepts the
connection and never answers, when no timeout of the driver helps). So the check runs on
a thread of its own, with a connection of its own, and the page waits at most
HEALTH_CHECK_SECONDS for it. A check still waiting past that keeps its thread until the
connect or statement timeout ends it; a few threads bound how many can wait at once.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.db import connections

_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def _select_one() -> None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # A fresh connection each time: the check is of the database now, and no idle
        # connection is left on a thread nobody else uses.
        connection.close()


def database_answers() -> bool:
    check: Future[None] = _checks.submit(_select_one)
    try:
        check.result(timeout=float(settings.HEALTH_CHECK_SECONDS))
    except FutureTimeout:
        return False
    except Exception:  # any failure to answer is "unavailable"; the log has the details
        return False
    return True
