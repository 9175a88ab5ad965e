"""Run a function over many inputs in worker processes, with the results in input order.

multiprocessing.Pool does most of this, but not what a batch converter needs:

- A worker that dies (a crash in the parser, the kernel's out-of-memory killer) leaves
  Pool waiting for its results for ever, and the batch hangs. Here the input the dead
  worker was converting gets `lost(item, reason, parts)` as its last result, the inputs
  it held after that go to another worker, and the batch goes on.
- A parse can stall inside C code, where no signal in the worker interrupts it. Here the
  parent keeps the clock: a worker silent for longer than `timeout` is killed, and its
  input gets `overran(item, parts)`.
- One input may give many results (a WARC file, one per page): they come back one by one,
  so each has the time budget, and memory does not grow with the archive.
- Pool's worker-handler thread wakes each time a result waits in the pipe, and spins
  until another thread reads it: 0.2 s of CPU per 1,000 pages, taken from the workers
  on a two-core machine.

Each worker is a process with a pipe of its own. The parent keeps two chunks in flight
per worker (one being converted, the next waiting), reads whichever result is ready,
and yields results as soon as all those before them are in. A worker exits when the
parent goes, however it goes (SIGKILL included).

Where the platform can fork, a worker is made with os.fork and talks over plain pipes
(_ForkedProcess, _Channel): importing multiprocessing costs 12 ms, more than a small
batch's workers take to start. Elsewhere (Windows) multiprocessing starts them.
"""
from __future__ import annotations

import collections
import os
import pickle
import select
import signal
import sys
import time
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

# Chunks handed to a worker before its first result is back: the next one waits in
# the pipe while the worker converts, so it is never idle for a round trip.
CHUNKS_IN_FLIGHT = 2
# Beyond the time budget, before the parent kills a silent worker: the worker's own
# alarm reports a Python-level overrun at the budget exactly (and keeps the worker),
# and needs a moment to send that; only a stall in C code waits for the kill.
KILL_GRACE_SECONDS = 0.5
# prctl(PR_SET_PDEATHSIG): Linux sends the worker this signal when its parent dies.
PR_SET_PDEATHSIG = 1

_Chunk = collections.deque  # of (input position, input), oldest first


class _Worker:
    """A worker process, its end of the pipe, the chunks it holds, and its clock."""

    def __init__(self, function: Callable[[T], Iterable[R]], inputs_per_worker: int, others: list[_Worker],
                 warm_up: Callable[[], object] | None) -> None:
        # Two one-way pipes rather than one duplex Pipe, which is a socket pair: plain
        # pipes keep the batch clear of the socket module (no network, ever).
        inputs_out, self.inputs = _pipe()
        self.connection, results_in = _pipe()
        # The child must not keep the parent's ends of any pipe open (its own, and those
        # of the workers forked before it): the parent's exit would go unnoticed.
        parent_ends = [self.inputs, self.connection]
        for worker in others:
            parent_ends += [worker.inputs, worker.connection]
        self.process = _start_process(_serve, (inputs_out, results_in, function, inputs_per_worker, parent_ends,
                                               warm_up, os.getpid()))
        inputs_out.close()
        results_in.close()
        self.in_flight: collections.deque[_Chunk] = collections.deque()
        self.inputs_given = 0
        self.parts_given = 0  # results sent for the input it is converting
        self.ready = False  # the clock starts once the worker has said it is ready
        self.heard_at = 0.0

    def deadline(self, timeout: float) -> float | None:
        if timeout <= 0 or not self.ready or not self.in_flight:
            return None
        return self.heard_at + timeout + KILL_GRACE_SECONDS

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()  # it holds nothing worth saving: outputs are the parent's
        self.process.join()
        self.inputs.close()
        self.connection.close()


def ordered_map(function: Callable[[T], R], items: Sequence[T], *, workers: int, chunk_size: int,
                inputs_per_worker: int, lost: Callable[[T, str], R]) -> Iterator[R]:
    """function(item) for each item, computed in `workers` processes and yielded in the
    items' order (see ordered_parts)."""
    for _, parts, _ in ordered_parts(lambda item: [function(item)], items, workers=workers, chunk_size=chunk_size,
                                     inputs_per_worker=inputs_per_worker,
                                     lost=lambda item, reason, given: lost(item, reason)):
        yield from parts


def ordered_parts(function: Callable[[T], Iterable[R]], items: Sequence[T], *, workers: int, chunk_size: int,
                  inputs_per_worker: int, lost: Callable[[T, str, int], R], timeout: float = 0,
                  overran: Callable[[T, int], R] | None = None,
                  warm_up: Callable[[], object] | None = None) -> Iterator[tuple[int, list[R], bool]]:
    """The results of function(item) for each item, computed in `workers` processes, as
    (item position, results, whether the item is finished), in the items' order.

    A worker is replaced after `inputs_per_worker` inputs (so that a leak cannot grow).
    An input that kills its worker ends with lost(item, reason, results given so far);
    with a `timeout`, one whose worker stays silent that long ends with
    overran(item, results given so far). `warm_up` runs in each new worker before its
    clock starts (imports the first input would otherwise pay for within its budget)."""
    entries = list(enumerate(items))
    to_give: collections.deque[_Chunk] = collections.deque(
        collections.deque(entries[start:start + chunk_size]) for start in range(0, len(entries), chunk_size))
    waiting: dict[int, list[R]] = collections.defaultdict(list)  # results not yet yielded, by position
    finished: set[int] = set()
    next_position = 0
    pool: list[_Worker] = []
    try:
        while next_position < len(items):
            while len(pool) < workers and to_give:
                pool.append(_Worker(function, inputs_per_worker, pool, warm_up))
            for worker in pool:
                _hand_out(worker, to_give, inputs_per_worker)
            ready = _wait([worker.connection for worker in pool] + [worker.process.sentinel for worker in pool],
                         _seconds_to_next_deadline(pool, timeout))
            for worker in list(pool):
                if worker.connection in ready:
                    try:
                        _take_results(worker, waiting, finished)
                        continue
                    except (EOFError, OSError):
                        reason = None  # the worker's end is closed or reset: it has exited
                elif worker.process.sentinel in ready:
                    reason = None
                elif _overran(worker, timeout):
                    if worker.connection.poll():
                        continue  # it answered just in time: read it on the next round
                    reason = "overran"
                    worker.process.kill()
                else:
                    continue
                pool.remove(worker)
                _retire(worker, waiting, finished, to_give, reason, lost, overran)
            while next_position in waiting or next_position in finished:
                done = next_position in finished
                parts = waiting.pop(next_position, [])
                if parts or done:
                    yield next_position, parts, done
                if not done:
                    break
                finished.discard(next_position)
                next_position += 1
    finally:
        for worker in pool:
            worker.stop()


def _hand_out(worker: _Worker, to_give: collections.deque[_Chunk], inputs_per_worker: int) -> None:
    while to_give and len(worker.in_flight) < CHUNKS_IN_FLIGHT and worker.inputs_given < inputs_per_worker:
        chunk = to_give.popleft()
        try:
            worker.inputs.send([item for _, item in chunk])
        except OSError:
            to_give.appendleft(chunk)
            return  # it has died; wait() reports it
        if not worker.in_flight:
            worker.heard_at = time.monotonic()  # idle until now: its clock starts here
        worker.in_flight.append(chunk)
        worker.inputs_given += len(chunk)


def _seconds_to_next_deadline(pool: list[_Worker], timeout: float) -> float | None:
    deadlines = [d for d in (worker.deadline(timeout) for worker in pool) if d is not None]
    return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None


def _overran(worker: _Worker, timeout: float) -> bool:
    deadline = worker.deadline(timeout)
    return deadline is not None and time.monotonic() >= deadline


def _take_results(worker: _Worker, waiting: dict[int, list[R]], finished: set[int]) -> None:
    """Read one message: results of the input the worker is converting, and whether
    that input is finished (an empty message that is not final says it is ready)."""
    parts, last = worker.connection.recv()  # EOFError or OSError when the worker has gone
    worker.heard_at = time.monotonic()
    if not worker.ready:
        worker.ready = True
        return
    position = worker.in_flight[0][0][0]
    waiting[position].extend(parts)
    worker.parts_given += len(parts)
    if last:
        finished.add(position)
        worker.parts_given = 0
        worker.in_flight[0].popleft()
        if not worker.in_flight[0]:
            worker.in_flight.popleft()


def _retire(worker: _Worker, waiting: dict[int, list[R]], finished: set[int], to_give: collections.deque[_Chunk],
            reason: str | None, lost: Callable[[T, str, int], R], overran: Callable[[T, int], R] | None) -> None:
    """A worker has exited or been killed: keep the results it sent, end the input it was
    converting with `lost` (or `overran`), and give the inputs after it to another worker.
    Normally it holds none (it had its share of inputs)."""
    while reason is None and worker.in_flight and worker.connection.poll():
        try:
            _take_results(worker, waiting, finished)
        except (EOFError, OSError):
            break
    worker.stop()
    if not worker.in_flight:
        return
    converting = worker.in_flight[0]
    position, item = converting.popleft()
    if reason == "overran" and overran is not None:
        waiting[position].append(overran(item, worker.parts_given))
    else:
        waiting[position].append(lost(item, _death(worker.process.exitcode), worker.parts_given))
    finished.add(position)
    later = [chunk for chunk in worker.in_flight if chunk]
    to_give.extendleft(reversed(later))


def _death(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = f"signal {-exit_code}"
        return f"the worker process converting it was killed ({name})"
    return f"the worker process converting it stopped (exit code {exit_code})"


def _serve(inputs_pipe: Connection, connection: Connection, function: Callable[[T], Iterable[R]], inputs: int,
           parent_ends: list[Connection], warm_up: Callable[[], object] | None, parent: int) -> None:
    for end in parent_ends:
        end.close()
    _exit_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent handles it and stops the
    # workers, which must not each print a traceback. SIGTERM and SIGHUP stop a worker
    # at once, whatever handler the parent had installed before the fork.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if warm_up is not None:
        warm_up()
    connection.send(([], False))  # ready: the parent's clock starts now, not before the fork and imports
    converted = 0
    while converted < inputs:
        try:
            chunk = inputs_pipe.recv()
        except EOFError:
            return  # the parent has gone
        for item in chunk:
            # Each result goes as soon as the next one is made, the last with the end
            # mark: one message for an input with one result.
            pending: list[R] = []
            for part in function(item):
                if pending:
                    connection.send((pending, False))
                pending = [part]
            connection.send((pending, True))
        converted += len(chunk)


def _exit_with_parent(parent: int) -> None:
    """On Linux, have the kernel kill this worker when the parent (that process id) dies,
    even while it is stuck in a parse; elsewhere the closed pipe ends it at its next message."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        sys.exit(0)  # it died before the request was in place


# --- Processes and pipes: os.fork where it exists, multiprocessing elsewhere -----------

# The length that prefixes each pickled message on a _Channel.
MESSAGE_LENGTH_BYTES = 8


def _can_fork() -> bool:
    # fork: the workers share the parent's loaded modules instead of importing them again.
    return hasattr(os, "fork")


def _pipe() -> tuple[Connection, Connection]:
    """A one-way pipe: (the end to read, the end to write)."""
    if not _can_fork():
        import multiprocessing

        return multiprocessing.Pipe(duplex=False)
    read_end, write_end = os.pipe()
    return _Channel(read_end), _Channel(write_end)  # type: ignore[return-value]


def _start_process(target: Callable[..., None], args: tuple[object, ...]):  # -> _ForkedProcess or a Process
    if not _can_fork():
        import multiprocessing

        process = multiprocessing.Process(target=target, args=args, daemon=True)
        process.start()
        return process
    return _ForkedProcess(target, args)


def _wait(objects: list, timeout: float | None) -> list:
    """The objects (pipe ends, process sentinels) ready to read or closed, waiting up to
    `timeout` seconds (None: until one is), as multiprocessing.connection.wait."""
    if not _can_fork():
        from multiprocessing.connection import wait

        return wait(objects, timeout)
    poller = select.poll()
    by_number = {}
    for item in objects:
        number = item if isinstance(item, int) else item.fileno()
        by_number[number] = item
        poller.register(number, select.POLLIN | select.POLLPRI)
    milliseconds = None if timeout is None else max(0, int(timeout * 1000 + 0.999))
    return [by_number[number] for number, _ in poller.poll(milliseconds)]


class _Channel:
    """One end of an os.pipe carrying pickled objects, each after its length: the part of
    multiprocessing's Connection the pool uses (send, recv, poll, close)."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor: int | None = descriptor

    def fileno(self) -> int:
        if self._descriptor is None:
            raise OSError("the pipe is closed")
        return self._descriptor

    def close(self) -> None:
        if self._descriptor is not None:
            descriptor, self._descriptor = self._descriptor, None
            os.close(descriptor)

    def send(self, item: object) -> None:
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(MESSAGE_LENGTH_BYTES, "big") + data)
        while view:
            view = view[os.write(self.fileno(), view):]

    def recv(self) -> object:
        length = int.from_bytes(self._read_exactly(MESSAGE_LENGTH_BYTES), "big")
        return pickle.loads(self._read_exactly(length))

    def poll(self) -> bool:
        return bool(_wait([self], 0))

    def _read_exactly(self, size: int) -> bytes:
        chunks = []
        while size:
            chunk = os.read(self.fileno(), size)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)


class _ForkedProcess:
    """A child made by os.fork that runs target(*args) and exits: the part of
    multiprocessing.Process the pool uses (sentinel, is_alive, kill, join, exitcode).
    Like a daemonic Process, it never outlives the pool (see ordered_parts)."""

    def __init__(self, target: Callable[..., None], args: tuple[object, ...]) -> None:
        _flush_standard_streams()  # first, or text buffered now would be written by both processes
        # Readable (at its end) once the child has exited, as Process.sentinel is.
        self.sentinel, alive = os.pipe()
        self.exitcode: int | None = None
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.sentinel)
            os._exit(_run_child(target, args))
        os.close(alive)

    def is_alive(self) -> bool:
        return self._reap(os.WNOHANG) is None

    def kill(self) -> None:
        if self.exitcode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def join(self) -> None:
        self._reap(0)
        if self.sentinel >= 0:
            os.close(self.sentinel)
            self.sentinel = -1

    def _reap(self, options: int) -> int | None:
        if self.exitcode is None:
            try:
                pid, status = os.waitpid(self.pid, options)
            except ChildProcessError:
                return None
            if pid == self.pid:
                self.exitcode = os.waitstatus_to_exitcode(status)
        return self.exitcode


def _run_child(target: Callable[..., None], args: tuple[object, ...]) -> int:
    """target(*args) in a forked child; its exit code, as multiprocessing gives it (an
    uncaught exception is printed and exits 1)."""
    code = 0
    try:
        target(*args)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        _flush_standard_streams()
    return code


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass  # replaced or closed: nothing of ours is buffered there
