"""Running a batch: inputs expanded into jobs, each job converted within its limits
(size, time, memory), in worker processes for a large batch, outcomes in input order.

It must NOT write outputs (output.py does), nor touch argv, stdio, the terminal or
exit codes (cli.py does): messages go to the `report` callable it is given, and a
progress bar to the console it is given. A bad input is a failed outcome, never an
exception (Ctrl-C excepted).
"""
from __future__ import annotations

import gc
import os
import signal
import threading
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple

from .rules import LazyPattern

if TYPE_CHECKING:
    from rich.console import Console

    from .images import ImageTarget
    from .model import Article

# What a directory input contributes: saved pages, gzipped or not.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml", ".mht", ".warc")
# Enough of a file's start to tell a WARC (or a gzipped one) from a page.
WARC_SNIFF_BYTES = 4096

# Limits. A 50 MiB SingleFile page takes about 2 s and 200 MB, a 45 MiB MHTML
# archive 350 MB of address space: these leave room for slow machines and odd
# pages while stopping runaway inputs.
DEFAULT_MAX_SIZE = 50 * 1024 * 1024
# HTML compresses 5-10x; 4x the input limit (200 MiB by default) keeps every real
# gzipped page and stops a gzip bomb long before it fills memory.
INFLATE_FACTOR = 4
DEFAULT_TIMEOUT = 30.0
# An address-space ceiling: the HTML parser can be made to build a tree quadratic
# in the input (misnested formatting tags), and this turns that into an error.
DEFAULT_MAX_MEMORY = 2 * 1024 * 1024 * 1024
# Below this many inputs, worker processes cost more to start than they save.
PARALLEL_MIN_INPUTS = 8
# Inputs handed to a worker at a time: enough to amortise the hand-off, few
# enough that results come back in order without piling up.
CHUNK_SIZE = 4
# A worker is replaced after this many inputs, so a leak in a parser cannot grow, and
# neither can the heap a few very large pages leave behind. 10,010 pages with --jobs 2
# peak at 80 MiB (PSS of all processes); fewer inputs per worker save little and make
# each new worker warm up again.
WORKER_TASKS = 500
# The progress bar is redrawn when an input finishes, no more often than this: often
# enough to read as live, rarely enough to cost nothing on thousands of small pages.
PROGRESS_REDRAW_SECONDS = 0.1
# Characters that would break the one-line error message: C0/C1 controls, line
# separators, and undecodable file-name bytes (surrogate escapes).
UNPRINTABLE_RE = LazyPattern("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class Job(NamedTuple):
    """One input: how the user named it, and where its output goes under --output-dir
    (for a WARC file, a directory of one output per page)."""

    path: str
    relative_output: Path | None
    warc: bool = False


class Limits(NamedTuple):
    max_size: int
    timeout: float
    max_memory: int


class Settings(NamedTuple):
    """Everything a conversion needs besides the input: picklable, for worker processes."""

    format_name: str
    url: str | None
    limits: Limits
    render_options: dict[str, object]
    as_record: bool  # several inputs as -f json on stdout: return the record, render one array at the end
    debug: bool
    images: ImageTarget | None = None  # --images: write the images each page carries


class Converted(NamedTuple):
    """One input's outcome: what to write, what to warn about, or why it failed."""

    rendered: str | None = None
    record: dict | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None
    traceback: str | None = None
    summary: str | None = None  # how the body was found and how long it took (-v)


class InputTimeout(BaseException):
    """Raised in the main thread when an input overruns --timeout.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` inside
    the pipeline swallows it and carries on."""


def expand_inputs(inputs: tuple[str, ...], report: Callable[[str], None]) -> tuple[list[Job], int]:
    """Files as given, directories walked in sorted order for saved pages; missing
    paths and directories without pages are reported (one line each, to `report`)
    and counted as failures. With several directories, each one's outputs go under
    a folder named after it (`out/a/`, `out/b/`), as `cp -r a b out/` would put them."""
    jobs: list[Job] = []
    failures = 0
    several_folders = sum(1 for name in inputs if name != "-" and os.path.isdir(name)) > 1
    for name in inputs:
        if name == "-":
            jobs.append(Job("-", Path("stdin")))
        elif os.path.isdir(name):
            problems: list[OSError] = []
            found = 0
            folder = Path(Path(name).resolve().name) if several_folders else Path()
            for path in walk_pages(Path(name), problems.append):
                relative = path.relative_to(name)
                jobs.append(Job(str(path), folder / relative.parent / strip_page_suffix(relative.name),
                                is_warc_file(path)))
                found += 1
            for problem in problems:
                failures += 1
                report(f"{display(problem.filename or name)}: cannot list directory: {problem.strerror or problem}")
            if not found and not problems:
                failures += 1
                report(f"{display(name)}: no saved pages in this directory "
                       f"({', '.join('*' + s for s in PAGE_SUFFIXES)}, also .gz)")
        elif os.path.lexists(name):  # a broken symbolic link fails later, saying so
            jobs.append(Job(name, Path(strip_page_suffix(Path(name).name)), is_warc_file(name)))
        else:
            failures += 1
            report(f"{display(name)}: no such file or directory")
    return jobs, failures


def is_warc_file(path: str | os.PathLike[str]) -> bool:
    """Sniffed from the first bytes, as pages are: names lie. Only regular files: a FIFO
    or a device is read once, under the time budget, as a page."""
    if not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as stream:
            head = stream.read(WARC_SNIFF_BYTES)
    except OSError:
        return False  # reading it again will fail and say why
    return looks_like_warc(head)


def looks_like_warc(head: bytes) -> bool:
    """Whether a file's first bytes start a WARC, plain or gzipped (its first record inflated)."""
    from .read import GZIP_MAGIC

    if not head.startswith((b"WARC/", GZIP_MAGIC)):
        return False  # a page: no need to load the WARC module to say so
    from .warc import is_warc

    return is_warc(head[:WARC_SNIFF_BYTES])


def read_stdin_input(jobs: list[Job], settings: Settings) -> tuple[list[Job], bytes | Converted | None]:
    """stdin's bytes (or why they could not be read) when an input is "-", read once,
    untimed, before any worker is forked; the jobs, with "-" marked as a WARC when
    its bytes are one: a WARC piped in is recognised by content, as a file is."""
    if not any(job.path == "-" for job in jobs):
        return jobs, None
    stdin = read_stdin(settings)
    if isinstance(stdin, bytes) and looks_like_warc(stdin):
        jobs = [job._replace(warc=True) if job.path == "-" else job for job in jobs]
    return jobs, stdin


def walk_pages(root: Path, onerror=None) -> Iterator[Path]:
    # Symbolic links to directories are not followed: no loops, no escaping the tree.
    for directory, subdirs, files in os.walk(root, onerror=onerror):
        subdirs.sort()
        for name in sorted(files):
            if has_page_suffix(name):
                yield Path(directory) / name


def has_page_suffix(name: str) -> bool:
    stem = name[:-3] if name.lower().endswith(".gz") else name
    return stem.lower().endswith(PAGE_SUFFIXES)


def strip_page_suffix(name: str) -> str:
    """"a.html.gz" -> "a"; a name without a page suffix comes back unchanged, and so does
    one that is nothing but a suffix (".html"): stripped, it would name its directory."""
    lower = name.lower()
    stem = name[:-3] if lower.endswith(".gz") else name
    for suffix in PAGE_SUFFIXES:
        if stem.lower().endswith(suffix):
            return stem[: -len(suffix)] or name
    return name


def convert(path: str, settings: Settings, stdin: bytes | Converted | None = None,
            images: ImageTarget | None = None) -> Converted:
    """Read, extract and render one input. Runs in this process or in a worker;
    a bad input comes back as an error, never as an exception (Ctrl-C excepted).
    `stdin`: what was read from stdin already (or why it could not be); `images`:
    where the images the page carries are written, and linked from."""
    from . import extract
    from .read import load_page, read_input

    limits = settings.limits
    if path == "-" and stdin is None:
        stdin = read_stdin(settings)
    if isinstance(stdin, Converted):
        return stdin

    def article() -> Article:
        data = stdin if path == "-" and stdin is not None else read_input(path, max_bytes=limits.max_size)
        page = load_page(data, path=path, max_decompressed=limits.max_size * INFLATE_FACTOR)
        article = extract.parse_html(page.html, source=page.source, url=settings.url)
        if images is not None or page.parts:
            from .images import save_page_images

            article = save_page_images(article, page, images, None if path == "-" else path)
        return article

    return rendered_outcome(article, settings)


def read_stdin(settings: Settings) -> bytes | Converted:
    """stdin's bytes, or the failed outcome. Not timed: a slow producer is the pipe's business."""
    from .read import read_input

    data: list[bytes] = []
    failed = guarded(lambda: data.append(read_input("-", max_bytes=settings.limits.max_size)), settings)
    return failed if failed is not None else data[0]


def convert_job(job: Job, settings: Settings,
                stdin: bytes | Converted | None = None) -> Iterator[tuple[str | None, Converted]]:
    """(WARC record number or None, outcome) for each page of one input."""
    if job.warc:
        yield from convert_warc(job.path, settings, stdin if job.path == "-" and isinstance(stdin, bytes) else None,
                                job)
    else:
        yield None, convert(job.path, settings, stdin, images_for(job, None, settings))


def images_for(job: Job, record: str | None, settings: Settings) -> ImageTarget | None:
    """Where --images writes this page's images, linked from the directory its output
    goes to: under --output-dir each output's own (a WARC file's records share one)."""
    target = settings.images
    if target is None or target.output_dir is None or job.relative_output is None:
        return target
    relative = job.relative_output if record else job.relative_output.parent
    return target._replace(links_from=str(Path(target.output_dir) / relative))


def convert_warc(path: str, settings: Settings, data: bytes | None = None,
                 job: Job | None = None) -> Iterator[tuple[str, Converted]]:
    """Each HTML response of a WARC file (or of `data`, stdin's bytes) as (record number,
    outcome); a record that cannot be used, or a file that breaks off, is one failed
    outcome and the rest go on."""
    import io

    from .warc import WarcPage, iter_warc_pages

    limits = settings.limits
    number = 0
    try:
        with (io.BytesIO(data) if data is not None else open(path, "rb")) as stream:
            for item in iter_warc_pages(stream, max_record_bytes=limits.max_size,
                                        max_any_record_bytes=limits.max_size * INFLATE_FACTOR):
                number += 1
                label = record_label(number)
                if not isinstance(item, WarcPage):
                    yield label, Converted(error=str(item))
                    continue
                images = images_for(job, label, settings) if job is not None else settings.images
                yield label, rendered_outcome(
                    lambda: warc_article(item, path, settings, images), settings)
    except KeyboardInterrupt:
        raise
    except Exception as error:
        yield record_label(number + 1), Converted(error=describe(error))


def warc_article(page: object, path: str, settings: Settings, images: ImageTarget | None) -> Article:
    """One WARC record's Article; with --images, its data: images written (a record
    has no folder or parts of its own)."""
    from . import extract

    article = extract.parse_warc_page(page, path=path, url=settings.url,  # type: ignore[arg-type]
                                      max_decompressed=settings.limits.max_size * INFLATE_FACTOR)
    if images is not None:
        from .images import save_images

        article = save_images(article, images)
    return article


def record_label(number: int) -> str:
    """A WARC record's number as output names and messages give it: 00001."""
    return f"{number:05d}"


def rendered_outcome(make_article: Callable[[], Article], settings: Settings) -> Converted:
    """Extract and render within the time budget; any failure is the outcome's error."""
    from .render import render

    result: list[Converted] = []

    def work() -> None:
        with time_budget(settings.limits.timeout):
            start = time.perf_counter()
            article = make_article()
            warnings = article.extraction.warnings
            if settings.as_record:
                converted = Converted(record=article.to_dict(), warnings=warnings)
            else:
                converted = Converted(rendered=render(article, settings.format_name, **settings.render_options),
                                      warnings=warnings)
            result.append(converted._replace(summary=summary_of(article, time.perf_counter() - start)))

    return guarded(work, settings) or result[0]


def summary_of(article: Article, seconds: float) -> str:
    """What -v prints for one converted input: how its body was found, and the time."""
    extraction = article.extraction
    return (f"method {extraction.method}, page type {extraction.page_type or 'unknown'}, "
            f"{article.word_count} words, {seconds * 1000:.1f} ms")


def guarded(work: Callable[[], object], settings: Settings) -> Converted | None:
    """Run `work`; None if it went well, else the failed outcome (Ctrl-C passes through)."""
    try:
        work()
        return None
    except KeyboardInterrupt:
        raise
    except InputTimeout:
        return Converted(error=timeout_message(settings))
    except Exception as error:  # one bad input must not stop the batch
        if settings.debug:
            import traceback

            return Converted(error=describe(error), traceback=traceback.format_exc())
        return Converted(error=describe(error))


def outcomes(jobs: list[Job], settings: Settings, workers: int, advance: Callable[[], None],
             stdin: bytes | Converted | None = None) -> Iterator[tuple[Job, str | None, Converted]]:
    """(job, WARC record number or None, outcome) for every page, in input order: here,
    or from worker processes that keep a few inputs in flight each (memory stays flat
    however many)."""
    # The modules and constants loaded by now last as long as the process. Frozen, the
    # collector never examines them again: not while converting, not in the full
    # collection at exit (10 ms of a one-off conversion in this process). Forked workers
    # share the parent's memory until it is written to, and the collector's bookkeeping
    # writes to every object it examines: frozen, the modules stay shared.
    gc.freeze()
    if not runs_in_workers(jobs, settings, workers):
        from .parse import interruptible_parses

        budgeted = settings.limits.timeout > 0 and hasattr(signal, "setitimer")
        with interruptible_parses() if budgeted else nullcontext():
            for job in jobs:
                for record, result in convert_job(job, settings, stdin):
                    yield job, record, result
                advance()
        return
    from functools import partial

    from .parallel import ordered_parts

    # stdin is read here, untimed, before the worker that converts it is forked.
    if stdin is None and any(job.path == "-" for job in jobs):
        stdin = read_stdin(settings)
    for position, parts, finished in ordered_parts(
            partial(convert_job, settings=settings, stdin=stdin), jobs, workers=min(workers, len(jobs)),
            chunk_size=CHUNK_SIZE, inputs_per_worker=WORKER_TASKS, lost=lost_input, timeout=settings.limits.timeout,
            overran=partial(overran_input, settings=settings), warm_up=import_pipeline):
        for record, result in parts:
            yield jobs[position], record, result
        if finished:
            advance()


def import_pipeline() -> None:
    """What a worker imports before its first input: not part of any input's time."""
    from . import extract, render  # noqa: F401


def runs_in_workers(jobs: list[Job], settings: Settings, workers: int) -> bool:
    """Whether to convert in worker processes: for a parallel batch, and for a batch with
    a time budget, since only another process can stop a parse stuck in C code (one
    element with 100,000 attributes takes 46 s in the parser) and go on with the next
    input. One page converts here: a forked worker would cost it about 12 ms (the fork,
    the copy-on-write page faults, stopping it), a tenth of the whole command, and the
    budget's alarm stops its parse all the same (parse.interruptible_parses): the
    process ends after it. A WARC file holds many pages, so it keeps its worker.
    Without fork (Windows) a one-worker run stays here, where the budget covers only
    Python code."""
    if not jobs:
        return False
    if workers > 1 and len(jobs) > 1:
        return True
    if len(jobs) == 1 and not jobs[0].warc:
        return False
    return settings.limits.timeout > 0 and hasattr(os, "fork")


def lost_input(job: Job, reason: str, given: int) -> tuple[str | None, Converted]:
    """The outcome of an input whose worker died; for a WARC file, of the record it was on."""
    if job.warc:
        return record_label(given + 1), Converted(error=f"{reason}; the rest of the WARC file was not read")
    return None, Converted(error=f"{reason}; the input may crash the parser or need more memory than it may have")


def overran_input(job: Job, given: int, settings: Settings) -> tuple[str | None, Converted]:
    """The outcome of an input whose worker was killed for overrunning --timeout."""
    message = timeout_message(settings)
    if job.warc:
        return record_label(given + 1), Converted(error=f"{message}; the rest of the WARC file was not read")
    return None, Converted(error=message)


def timeout_message(settings: Settings) -> str:
    return f"took longer than {settings.limits.timeout:g} s; gave up (raise --timeout)"


def default_workers(job_count: int) -> int:
    """One worker per CPU for a real batch; none for a few inputs, where starting
    workers costs more than it saves."""
    if job_count < PARALLEL_MIN_INPUTS:
        return 1
    return os.cpu_count() or 1


@contextmanager
def progress_bar(total: int, console: Console | None) -> Iterator[Callable[[], None]]:
    """A rich progress bar (count, rate, time left) on `console`; a no-op without one.
    Messages printed on that console meanwhile go above the bar."""
    if console is None:
        yield lambda: None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeRemainingColumn)
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:  # type: ignore[no-untyped-def]
            return Text(f"{task.speed:.0f} pages/s" if task.speed else "")

    columns = (TextColumn("converting"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn())
    # No refresh thread (auto_refresh=False): workers are forked while the bar is up, and
    # forking a process that runs a second thread can deadlock the child. The bar is
    # redrawn as inputs finish, at most every PROGRESS_REDRAW_SECONDS.
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("convert", total=total)
        drawn = time.monotonic()

        def advance() -> None:
            nonlocal drawn
            progress.advance(task)
            if time.monotonic() - drawn >= PROGRESS_REDRAW_SECONDS:
                progress.refresh()
                drawn = time.monotonic()

        yield advance


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise InputTimeout in the main thread once `seconds` have passed.

    Uses SIGALRM, so it works on POSIX in the main thread only; elsewhere
    (Windows, a worker thread) the work simply runs unbounded. The signal
    interrupts Python code and blocking system calls (opening a FIFO that has
    no writer); a single long call into C code finishes first."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise InputTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_ceiling(limit: int) -> Iterator[None]:
    """Lower the soft address-space limit while the batch runs, then restore it.

    Where RLIMIT_AS does not exist or cannot be set (Windows, some sandboxes),
    there is no ceiling."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        if limit <= 0 or (soft != resource.RLIM_INFINITY and soft <= wanted):
            raise ValueError("no lower limit to set")
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, ValueError, OSError, AttributeError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def describe(error: Exception) -> str:
    """An input's failure as one line, naming the option that lifts a limit it hit
    (for a conversion here, for a write in output.py)."""
    from .model import NewsparseError
    from .read import InflatedTooLarge, InputTooLarge

    if isinstance(error, (InputTooLarge, InflatedTooLarge)) or type(error).__name__ == "WarcRecordTooLarge":
        return f"{error} (raise --max-size)"
    if isinstance(error, NewsparseError):
        return str(error)
    if isinstance(error, RecursionError):
        return "page nested too deeply to process"
    if isinstance(error, MemoryError) or type(error).__name__ == "SelectolaxError":
        # The HTML parser reports running out of memory as "Can't parse HTML".
        return "ran out of memory while parsing the page (raise --max-memory)"
    if isinstance(error, OSError):
        where = f" {display(error.filename)}" if error.filename else ""
        return f"cannot write{where}: {error.strerror or error}"
    return f"internal error ({type(error).__name__}: {error}); run with --debug for details"


def display(path: object) -> str:
    """A path fit for a one-line message: control characters, line separators and
    undecodable bytes shown as escapes."""
    return UNPRINTABLE_RE.sub(lambda m: repr(m.group())[1:-1], str(path))
