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
import pickle
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Generator, Iterator, Sequence
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


class Stream:
    """`work(state, chunk)` over contiguous chunks of `items`, in a background process.

    Iterating yields the results one by one, in input order, as soon as their chunk is
    done: the caller goes on with other work meanwhile, and only waits for what it needs
    next. The worker is one forked process (no thread in this process, so that it may
    fork again later). It never waits for the reader: each chunk's results go to a file
    in a private temporary folder, and only a one-line notice goes through the pipe (a
    pipe holds 64 KB: results sent through it would keep the worker a chunk ahead of
    the reader, idle while the reader does other work). Where forking is not safe, or
    for few items, each chunk is worked on in this process when the iteration reaches it.
    """

    def __init__(
        self,
        work: Callable[[Any, Sequence[T]], list[R]],
        items: Sequence[T],
        *,
        state: Any = None,
        chunk: int = 32,
    ) -> None:
        chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
        self._process: Any = None
        self._folder: str | None = None
        if len(items) >= MIN_ITEMS and can_fork():
            self._folder = tempfile.mkdtemp(prefix="exhibits-stream-")
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_stream, args=(work, state, chunks, send, self._folder), daemon=True
            )
            self._process.start()
            # Stopped and removed on close, or at exit whatever happened (an interrupted
            # build). Forked children leave by os._exit, which runs no finalizer.
            self._cleanup = weakref.finalize(self, _discard, self._process, self._folder)
            send.close()
            self._chunks: Generator[list[Any], None, None] = self._receive(receive, len(chunks))
        else:
            self._chunks = (work(state, c) for c in chunks)

    def _receive(self, receive: Any, count: int) -> Generator[list[Any], None, None]:
        try:
            for _ in range(count):
                ok, payload = receive.recv()
                if not ok:
                    raise RuntimeError(f"background worker failed: {payload}")
                with open(payload, "rb") as f:
                    results = pickle.load(f)
                os.unlink(payload)
                yield results
        finally:
            receive.close()

    def __iter__(self) -> Iterator[Any]:
        for results in self._chunks:
            yield from results

    def abandon(self) -> None:
        """Stop the worker now, whatever it was doing (the caller gave up)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
        self._remove_folder()

    def close(self) -> None:
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.terminate()
            self._process = None
        self._remove_folder()

    def _remove_folder(self) -> None:
        self._chunks.close()  # closes the pipe now, not whenever the generator is collected
        if self._folder is not None:
            self._cleanup()
            self._folder = None


def _discard(process: Any, folder: str) -> None:
    if process.is_alive():
        process.terminate()
    process.join()
    shutil.rmtree(folder, ignore_errors=True)


def _stream(
    work: Callable[..., list[Any]], state: Any, chunks: list[Any], send: Any, folder: str
) -> None:
    try:
        for number, chunk in enumerate(chunks):
            path = os.path.join(folder, f"{number}.pickle")
            with open(path, "wb") as f:
                pickle.dump(work(state, chunk), f, protocol=pickle.HIGHEST_PROTOCOL)
            send.send((True, path))
    except BaseException as exc:  # noqa: BLE001 - reported to the reader, who raises it
        send.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()
