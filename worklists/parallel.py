"""Asking a worklist's sources side by side.

A worklist asks about twenty sources, each one or two queries of 5-50 ms over national
tables, so asked in turn an area's page waits for the sum of them. On PostgreSQL the
queries run in separate server processes, so a small pool of threads, each with its own
connection, asks them together and the page waits for the busiest thread instead.

The pool is used only where it gives the same answer: outside a transaction. Inside one
(a test's, or a request that has written) the other connections cannot see what the
transaction wrote, so the sources are asked in turn on the request's own connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, Lock
from time import perf_counter
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections

T = TypeVar("T")

_pool: ThreadPoolExecutor | None = None
_pool_threads = 0  # the size the pool was made with (the setting may change after)
_pool_lock = Lock()
# How long each task took last time, so the longest start first and the threads finish
# together (with a few long sources, the order matters more than the number of threads).
_last_seconds: dict[str, float] = {}


def _workers() -> int:
    return int(settings.WORKLIST_THREADS)


def _shared_pool() -> ThreadPoolExecutor:
    global _pool, _pool_threads
    with _pool_lock:
        if _pool is None:
            _pool_threads = _workers()
            _pool = ThreadPoolExecutor(max_workers=_pool_threads, thread_name_prefix="worklist")
        return _pool


def can_share_out() -> bool:
    return _workers() > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block


def _timed(key: str, task: Callable[[], T]) -> T:
    started = perf_counter()
    try:
        return task()
    finally:
        _last_seconds[key] = perf_counter() - started


def _on_own_connection(key: str, task: Callable[[], T]) -> T:
    # A pool thread never sees the end of a request, where Django retires connections
    # past their age or broken: do it here, before each task. This also re-arms the health
    # check (CONN_HEALTH_CHECKS), so a connection a database restart broke is replaced
    # before the task's first query; the threads' connections have the same connect and
    # statement timeouts as the request's (openmappa/database.py).
    close_old_connections()
    try:
        return _timed(key, task)
    except DatabaseError:
        connection.close()  # not kept for the next task, which connects afresh
        raise


def ask_all(tasks: Mapping[str, Callable[[], T]]) -> dict[str, T]:
    """Each task's answer, by key: side by side where that gives the same answers."""
    if not can_share_out():
        return {key: _timed(key, task) for key, task in tasks.items()}
    pool = _shared_pool()
    longest_first = sorted(tasks, key=lambda key: -_last_seconds.get(key, 0.0))
    futures = {key: pool.submit(_on_own_connection, key, tasks[key]) for key in longest_first}
    return {key: futures[key].result() for key in tasks}


def close_pool_connections() -> None:
    """Close the pool threads' connections (before a test database is dropped)."""
    if _pool is None:
        return
    # Every thread must take one: each closes its own and waits for the others.
    everyone = Barrier(_pool_threads)

    def close_mine() -> None:
        connections.close_all()
        everyone.wait(timeout=10)

    for future in [_pool.submit(close_mine) for _ in range(_pool_threads)]:
        future.result()
