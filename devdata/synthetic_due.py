"""The stored due dates of synthetic people (worklists/stored.py), computed as the people are
written, so the worklists are right as soon as generation ends.

Each batch of people is handed over once committed. With workers, separate processes
(each with its own connection to the same database) compute the dates while the next
batch is being generated: the two cores of a small server both work. Inside a transaction
(a test), other processes cannot see the rows, so the dates are computed in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from types import TracebackType
from typing import Any

from django.db import connection

BATCH = 500


def _start_worker(database_name: str) -> None:
    """Set up Django in a fresh worker process, on the database the generator writes to."""
    import django
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openmappa.settings")
    settings.DATABASES["default"]["NAME"] = database_name
    django.setup()


def _refresh(ids: list[int]) -> int:
    from worklists.stored import refresh_people

    return refresh_people(ids)


class DueDates:
    """Computes the stored due dates of people handed to it, in `workers` processes (0: here)."""

    def __init__(self, *, workers: int, progress: Callable[[int], Any] | None = None) -> None:
        self.workers = 0 if connection.in_atomic_block else workers
        self.progress = progress
        self.stored = 0
        self.pending: list[Future[int]] = []
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> DueDates:
        if self.workers:
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),  # a clean process: no inherited connection
                initializer=_start_worker,
                initargs=(connection.settings_dict["NAME"],),
            )
        return self

    def add(self, ids: list[int]) -> None:
        for start in range(0, len(ids), BATCH):
            part = ids[start : start + BATCH]
            if self.pool is None:
                self.stored += _refresh(part)
                self._done(len(part))
                continue
            future = self.pool.submit(_refresh, part)
            future.add_done_callback(partial(self._finished, len(part)))
            self.pending.append(future)

    def _finished(self, people: int, _: Future[int]) -> None:
        self._done(people)

    def _done(self, people: int) -> None:
        if self.progress:
            self.progress(people)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.pool is None:
            return
        if error is not None:
            self.pool.shutdown(cancel_futures=True)
            return
        self.stored += sum(future.result() for future in self.pending)  # raises a worker's error here
        self.pool.shutdown()
