"""The worker pool on its own: input order, worker replacement, and inputs that kill their worker."""
from __future__ import annotations

import os
import signal
import time

import pytest

from newsparse.parallel import ordered_map


def tenfold(n: int) -> int:
    return n * 10


def tenfold_unless_fatal(n: int) -> int:
    if n % 7 == 5:
        time.sleep(0.2)  # the next chunk is in the pipe by then: it must not be lost with this one
        os.kill(os.getpid(), signal.SIGKILL)
    return n * 10


def lost(n: int, reason: str) -> str:
    return f"lost {n}"


@pytest.mark.parametrize("chunk_size, inputs_per_worker", [(1, 1), (4, 5), (3, 1000)])
def test_results_come_in_input_order_however_the_work_is_split(chunk_size, inputs_per_worker, deadline):
    items = list(range(40))
    with deadline(60):
        results = list(ordered_map(tenfold, items, workers=2, chunk_size=chunk_size,
                                   inputs_per_worker=inputs_per_worker, lost=lost))
    assert results == [n * 10 for n in items]


def test_inputs_that_kill_their_worker_are_lost_alone(deadline):
    items = list(range(30))  # 5, 12, 19 and 26 kill the worker converting them
    with deadline(60):
        results = list(ordered_map(tenfold_unless_fatal, items, workers=2, chunk_size=4, inputs_per_worker=9,
                                   lost=lost))
    assert results == [f"lost {n}" if n % 7 == 5 else n * 10 for n in items]


def tenfold_unless_stuck(n: int) -> list[int]:
    if n == 6:
        time.sleep(60)  # nothing in the worker stops this: only the parent's clock
    return [n * 10]


def test_an_input_that_overruns_is_stopped_and_the_rest_go_on(deadline):
    from newsparse.parallel import ordered_parts

    items = list(range(12))
    started = time.monotonic()
    with deadline(20):
        results = [(position, parts, finished) for position, parts, finished in ordered_parts(
            tenfold_unless_stuck, items, workers=2, chunk_size=4, inputs_per_worker=100,
            lost=lambda n, reason, given: f"lost {n}", timeout=0.5, overran=lambda n, given: f"overran {n}")]
    assert results == [(n, [f"overran {n}" if n == 6 else n * 10], True) for n in items]
    assert time.monotonic() - started < 10


def test_without_fork_multiprocessing_starts_the_workers(monkeypatch, deadline):
    # Windows has no os.fork: there the pool's processes, pipes and waiting are
    # multiprocessing's, with the same results.
    import multiprocessing.connection

    from newsparse import parallel

    monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    started = []
    monkeypatch.setattr(multiprocessing.Process, "start",
                        lambda self, start=multiprocessing.Process.start: started.append(self) or start(self))
    items = list(range(30))
    with deadline(60):
        results = list(ordered_map(tenfold_unless_fatal, items, workers=2, chunk_size=4, inputs_per_worker=9,
                                   lost=lost))
    assert results == [f"lost {n}" if n % 7 == 5 else n * 10 for n in items]
    assert started
