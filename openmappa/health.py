"""The health check: does the database answer, within a deadline?

A load balancer asks /healthz every few seconds and must hear back quickly, whether the
database is up, stopped (the connection is refused at once) or hung (it accepts the
connection and never answers, when no timeout of the driver helps). So the check runs on
a thread of its own, with a connection of its own, and the page waits at most
HEALTH_CHECK_SECONDS for it. A check still waiting past that keeps its thread until the
connect or statement timeout ends it; a few threads bound how many can wait at once.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def _select_one() -> None:
    # A connection made for this check alone, with the service's settings and timeouts:
    # the check is of the database now, and no idle connection is left on the thread.
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def database_answers() -> bool:
    check: Future[None] = _checks.submit(_select_one)
    try:
        check.result(timeout=float(settings.HEALTH_CHECK_SECONDS))
    except FutureTimeout:
        logger.warning("Health check: the database did not answer within %s s", settings.HEALTH_CHECK_SECONDS)
        return False
    except Exception as error:  # any failure to answer is "unavailable"
        logger.warning("Health check: the database did not answer: %s", error)
        return False
    return True
