"""Run per-exhibit work on every core: reading and validating files, rendering opinions.

Work is split into contiguous chunks and mapped over forked worker processes, which
inherit whatever the caller prepared (a catalog, a mention index) without pickling it;
only the chunk's inputs and its results cross process boundaries. Results come back in
input order, so the outcome is identical to a serial run.

Forking is only done where it is safe: on platforms with `fork`, from a process that runs
no other thread (a forked child gets a copy of every lock another thread may hold, such
as the logging lock of `mkdocs serve`'s web server). Anywhere else, and for small inputs,
the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 200  # below this, starting processes costs more than it saves
_state: Any = None  # what the forked workers inherit (set just before forking)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_jobs() -> int:
    """Worker processes to use by default: EXHIBITS_JOBS if set, else one per core."""
    value = os.environ.get("EXHIBITS_JOBS", "")
    return max(1, int(value)) if value.isdigit() else available_cores()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def map_chunks(
    work: Callable[[Any, Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    state: Any = None,
    jobs: int | None = None,
) -> list[R]:
    """`work(state, chunk)` over contiguous chunks of `items`, results concatenated in order.

    `work` must be a module-level function; `state` is handed to it in every process.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(items) < MIN_ITEMS or not can_fork():
        return work(state, items)
    global _state
    # A few chunks per process, so a slow chunk does not leave a core idle at the end.
    size = max(1, -(-len(items) // (jobs * 4)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    _state = (work, state)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_run, range(len(chunks)), chunks))
    finally:
        _state = None
    return [r for chunk in results for r in chunk]


def _run(_: int, chunk: Sequence[Any]) -> list[Any]:
    work, state = _state
    return work(state, chunk)
