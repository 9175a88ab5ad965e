"""Run a function over many inputs in worker processes, with the results in input order.

multiprocessing.Pool does most of this, but not two things a batch converter needs:

- A worker that dies (a crash in the parser, the kernel's out-of-memory killer) leaves
  Pool waiting for its results for ever, and the batch hangs. Here the inputs the dead
  worker was converting are tried again one by one; an input that kills its worker on
  its own gets `lost(item, reason)` as its result, and the rest of the batch goes on.
- Pool's worker-handler thread wakes each time a result waits in the pipe, and spins
  until another thread reads it: 0.2 s of CPU per 1,000 pages, taken from the workers
  on a two-core machine.

Each worker is a process with a pipe of its own. The parent keeps two chunks in flight
per worker (one being converted, the next waiting), reads whichever result is ready,
and yields results as soon as all those before them are in.
"""
from __future__ import annotations

import collections
import multiprocessing
import signal
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Chunks handed to a worker before its first result is back: the next one waits in
# the pipe while the worker converts, so it is never idle for a round trip.
CHUNKS_IN_FLIGHT = 2

_Chunk = list[tuple[int, T]]  # (input position, input)


class _Worker:
    """A worker process, its end of the pipe, and the chunks it holds."""

    def __init__(self, context: multiprocessing.context.BaseContext, function: Callable[[T], R],
                 inputs_per_worker: int) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, function, inputs_per_worker), daemon=True)
        self.process.start()
        theirs.close()
        self.in_flight: collections.deque[_Chunk] = collections.deque()
        self.inputs_given = 0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()


def ordered_map(function: Callable[[T], R], items: Sequence[T], *, workers: int, chunk_size: int,
                inputs_per_worker: int, lost: Callable[[T, str], R]) -> Iterator[R]:
    """function(item) for each item, computed in `workers` processes and yielded in the
    items' order. A worker is replaced after `inputs_per_worker` inputs (so that a leak
    cannot grow); `lost` makes the result of an input that kills its worker."""
    methods = multiprocessing.get_all_start_methods()
    # fork: the workers share the parent's loaded modules instead of importing them again.
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    entries = list(enumerate(items))
    to_give: collections.deque[_Chunk] = collections.deque(
        entries[start:start + chunk_size] for start in range(0, len(entries), chunk_size))
    done: dict[int, R] = {}
    next_position = 0
    pool: list[_Worker] = []
    try:
        while next_position < len(items):
            while len(pool) < workers and to_give:
                pool.append(_Worker(context, function, inputs_per_worker))
            for worker in pool:
                while to_give and len(worker.in_flight) < CHUNKS_IN_FLIGHT and worker.inputs_given < inputs_per_worker:
                    chunk = to_give.popleft()
                    try:
                        worker.connection.send([item for _, item in chunk])
                    except OSError:
                        to_give.appendleft(chunk)
                        break  # it has died; wait() below reports it
                    worker.in_flight.append(chunk)
                    worker.inputs_given += len(chunk)
            ready = wait([worker.connection for worker in pool] + [worker.process.sentinel for worker in pool])
            for worker in list(pool):
                if worker.connection in ready:
                    try:
                        _take_result(worker, done)
                        continue
                    except (EOFError, OSError):
                        pass  # the worker's end is closed or reset: it has exited
                elif worker.process.sentinel not in ready:
                    continue
                pool.remove(worker)
                _retire(worker, done, to_give, lost)
            while next_position in done:
                yield done.pop(next_position)
                next_position += 1
    finally:
        for worker in pool:
            worker.stop()


def _take_result(worker: _Worker, done: dict[int, R]) -> None:
    results = worker.connection.recv()  # EOFError or OSError when the worker has gone
    for (position, _), result in zip(worker.in_flight.popleft(), results):
        done[position] = result


def _retire(worker: _Worker, done: dict[int, R], to_give: collections.deque[_Chunk],
            lost: Callable[[T, str], R]) -> None:
    """A worker has exited: keep the results it sent, and deal with the inputs it held.
    Normally it holds none (it had its share of inputs). After a crash, each input of the
    chunk it was converting goes back to be converted on its own, and a lone input that
    kills its worker is lost."""
    while worker.in_flight and worker.connection.poll():
        try:
            _take_result(worker, done)
        except (EOFError, OSError):
            break
    worker.stop()
    if not worker.in_flight:
        return
    # The oldest chunk left is the one it was converting; those after it wait untouched.
    to_give.extendleft(reversed(list(worker.in_flight)[1:]))
    converting = worker.in_flight[0]
    if len(converting) == 1:
        position, item = converting[0]
        done[position] = lost(item, _death(worker.process.exitcode))
    else:
        to_give.extendleft([entry] for entry in reversed(converting))


def _death(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = f"signal {-exit_code}"
        return f"the worker process converting it was killed ({name})"
    return f"the worker process converting it stopped (exit code {exit_code})"


def _serve(connection: Connection, function: Callable[[T], R], inputs: int) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and stops the
    # workers, which must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    converted = 0
    while converted < inputs:
        try:
            chunk = connection.recv()
        except EOFError:
            return  # the parent has gone
        connection.send([function(item) for item in chunk])
        converted += len(chunk)
