"""Background and parallel work: results in input order, a worker that never waits for
its reader, failures reported to the reader, nothing left behind."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

import pytest

import plugins.workers
from plugins.workers import MIN_ITEMS, Stream, map_chunks

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="forking is the fast path"
)


@pytest.fixture(autouse=True)
def _fork_even_with_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Earlier tests may leave threads behind (servers, browsers), which would make the
    code under test keep to this process; the work forked here takes no lock."""
    monkeypatch.setattr(plugins.workers, "can_fork", lambda: True)


N = MIN_ITEMS * 2


def _square_with_bulk(state: int, chunk: Sequence[int]) -> list[tuple[int, str]]:
    # Each result carries 8 KB, so one chunk alone is more than a pipe holds (64 KB).
    return [(i * i + state, "x" * 8192) for i in chunk]


def _fail_at_300(state: None, chunk: Sequence[int]) -> list[int]:
    if 300 in chunk:
        raise ValueError("item 300 is bad")
    return list(chunk)


def test_stream_gives_results_in_input_order() -> None:
    stream = Stream(_square_with_bulk, list(range(N)), state=1, chunk=32)
    assert [r[0] for r in stream] == [i * i + 1 for i in range(N)]
    stream.close()


def test_stream_worker_runs_to_the_end_while_nobody_reads() -> None:
    """The reader builds pages meanwhile: the worker must not wait for it (a pipe full of
    results would stop it a chunk ahead of the reader)."""
    stream = Stream(_square_with_bulk, list(range(N)), state=0, chunk=32)
    process = stream._process
    assert process is not None, "expected a background process"
    process.join(timeout=60)
    assert not process.is_alive(), "the worker waited for its reader"
    folder = stream._folder
    assert folder is not None and len(os.listdir(folder)) == -(-N // 32)
    assert [r[0] for r in stream] == [i * i for i in range(N)]
    stream.close()
    assert not os.path.exists(folder), "temporary results left behind"


def test_stream_failure_reaches_the_reader() -> None:
    stream = Stream(_fail_at_300, list(range(N)), chunk=32)
    with pytest.raises(RuntimeError, match="ValueError: item 300 is bad"):
        list(stream)
    stream.close()


def test_abandoned_stream_stops_and_cleans_up() -> None:
    stream = Stream(_square_with_bulk, list(range(N)), state=0, chunk=32)
    folder = stream._folder
    next(iter(stream))
    stream.abandon()
    assert stream._process is None
    assert folder is not None and not os.path.exists(folder)


def test_small_inputs_run_in_this_process() -> None:
    stream = Stream(_square_with_bulk, list(range(10)), state=0)
    assert stream._process is None
    assert [r[0] for r in stream] == [i * i for i in range(10)]


def test_map_chunks_equals_a_serial_run() -> None:
    items = list(range(N))
    assert map_chunks(_square_with_bulk, items, state=2, jobs=2) == _square_with_bulk(2, items)


def test_an_interrupted_reader_leaves_no_temporary_files(tmp_path) -> None:  # noqa: ANN001
    """A build stopped half-way (Ctrl-C) never closes its stream: the results spooled so far
    must not outlive the process."""
    import subprocess
    import sys

    script = (
        "import os, sys, plugins.workers as w\n"
        "w.can_fork = lambda: True\n"
        "from tests.test_workers import _square_with_bulk\n"
        f"s = w.Stream(_square_with_bulk, list(range({N})), state=0)\n"
        "next(iter(s))\n"
        "print(s._folder, flush=True)\n"
        "os.kill(os.getpid(), 2)\n"  # SIGINT: KeyboardInterrupt, as Ctrl-C
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    folder = run.stdout.strip()
    assert folder.startswith("/") and "KeyboardInterrupt" in run.stderr, run.stdout + run.stderr
    assert not os.path.exists(folder)
