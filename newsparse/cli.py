"""The command line: arguments in, files or stdout out, an exit code that means something.

This is the only module that touches argv, stdio, the terminal and exit
codes; everything else is the library.
"""
from __future__ import annotations

import os
import re
import signal
import sys
import threading
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple

import click

from . import __version__
from .rules import LazyPattern

if TYPE_CHECKING:
    from .model import Article

# What a directory input contributes: saved pages, gzipped or not.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml", ".mht", ".warc")
# Enough of a file's start to tell a WARC (or a gzipped one) from a page.
WARC_SNIFF_BYTES = 4096
FORMAT_ALIASES = {"md": "markdown", "txt": "text"}
FORMAT_CHOICES = ("markdown", "md", "json", "jsonl", "text", "txt")

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
SIZE_RE = LazyPattern(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
# Characters that would break the one-line error message: C0/C1 controls, line
# separators, and undecodable file-name bytes (surrogate escapes).
UNPRINTABLE_RE = LazyPattern("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class ExitCode(IntEnum):
    OK = 0  # every input was converted and written
    SOME_FAILED = 1  # at least one input failed; every other one was written
    USAGE = 2  # bad options or arguments; nothing was done
    INTERRUPTED = 130  # Ctrl-C; no partial output file is left behind


EXIT_CODES_HELP = """\b
Exit codes:
  0    every input was converted and written (--check: every output is up to date)
  1    some inputs failed (one line each on stderr); the rest were written
       (--check: some outputs would change or are missing; --diff alone exits 0)
  2    usage error: bad option, unreadable option value, nothing to read
  130  interrupted (Ctrl-C); no partial output is left behind

\b
Limits (each failure is one input failed, the batch goes on):
  --max-size     input bytes; gzip may inflate to 4x this
  --timeout      seconds per input, reading included (not stdin)
  --max-memory   address space of the whole process
"""


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


class Options(NamedTuple):
    """How outputs are rendered and whether they are written or only compared."""

    front_matter: bool = False
    width: int | None = None
    compare: bool = False  # --check or --diff: write nothing
    show_diff: bool = False
    fail_on_change: bool = False  # --check: a change is a failure (exit 1); --diff alone only shows it

    def render_options(self) -> dict[str, object]:
        chosen: dict[str, object] = {}
        if self.front_matter:
            chosen["front_matter"] = True
        if self.width:
            chosen["width"] = self.width
        return chosen


class InputTimeout(BaseException):
    """Raised in the main thread when an input overruns --timeout.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` inside
    the pipeline swallows it and carries on."""


class ByteSize(click.ParamType):
    """A size as people write it: 1048576, 512K, 100M, 1.5G (binary units; "MB", "MiB" alike)."""

    name = "SIZE"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = SIZE_RE.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a size (examples: 1048576, 512K, 100M, 2G)", param, ctx)
        return int(float(match.group(1)) * SIZE_UNITS[match.group(2).lower()])


@click.command(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_CODES_HELP,
)
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("-f", "--format", "format_name", type=click.Choice(FORMAT_CHOICES, case_sensitive=False),
              default="markdown", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the output to FILE (one input only).")
@click.option("--output-dir", type=click.Path(file_okay=False),
              help="Write one file per input into DIR, mirroring input directories.")
@click.option("--url", help="The page's address, for pages that do not say it (resolves relative links).")
@click.option("--front-matter", is_flag=True,
              help="Markdown: put the metadata in YAML front matter instead of a title and byline.")
@click.option("--width", type=click.IntRange(min=20), metavar="N", help="Text: wrap lines at N characters.")
@click.option("--check", is_flag=True,
              help="With --output-dir: write nothing; exit 1 naming each output that would change or is missing.")
@click.option("--diff", is_flag=True, help="With --output-dir: write nothing; print a unified diff of what would change.")
@click.option("--max-size", type=ByteSize(), default="50M", show_default=True,
              help="Refuse inputs larger than this (gzip may inflate to 4x it).")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Give up on an input after this many seconds (0: no limit).")
@click.option("--max-memory", type=ByteSize(), default="2G", show_default=True,
              help="Address-space limit for the process (0: no limit).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (default: one per CPU for 8 or more inputs, else 1).")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.version_option(__version__, "-V", "--version", prog_name="newsparse")
def main(inputs: tuple[str, ...], format_name: str, output: str | None, output_dir: str | None,
         url: str | None, front_matter: bool, width: int | None, check: bool, diff: bool,
         max_size: int, timeout: float, max_memory: int, workers: int | None, debug: bool) -> None:
    """Turn saved news-article pages into clean JSON, Markdown or text.

    INPUT is a saved page (HTML, gzipped HTML, MHTML), a WARC file (one record
    per HTML response), a directory (walked for *.html, *.htm, *.xhtml, *.mhtml,
    *.mht, *.warc, also .gz), or - for stdin. With no INPUT, piped stdin is read.
    """
    format_name = FORMAT_ALIASES.get(format_name.lower(), format_name.lower())
    if output and output_dir:
        raise click.UsageError("use either -o/--output or --output-dir, not both")
    if max_size <= 0:
        raise click.BadParameter("must be more than 0", param_hint="--max-size")
    if front_matter and format_name != "markdown":
        raise click.UsageError("--front-matter goes with -f markdown")
    if width and format_name != "text":
        raise click.UsageError("--width goes with -f text (Markdown is never hard-wrapped)")
    if (check or diff) and not output_dir:
        raise click.UsageError("--check and --diff compare against the files in --output-dir: give one")
    options = Options(front_matter=front_matter, width=width, compare=check or diff, show_diff=diff,
                      fail_on_change=check)
    if not inputs:
        if sys.stdin.isatty():
            raise click.UsageError("no input: give a file, a directory, or - to read stdin")
        inputs = ("-",)
    if output_dir and not options.compare:
        prepare_output_dir(output_dir)
    jobs, failures = expand_inputs(inputs)
    workers = workers or default_workers(len(jobs))
    if output and len(jobs) + failures != 1:
        raise click.UsageError("-o/--output takes exactly one input; use --output-dir for several")

    limits = Limits(max_size, timeout, max_memory)
    try:
        with memory_ceiling(max_memory):
            failures += run_jobs(jobs, format_name, output, output_dir, url, debug, limits, options, workers)
    except KeyboardInterrupt:
        report("interrupted")
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (`newsparse ... | head`): stop quietly, as cat does.
        silence_stdout()
        sys.exit(ExitCode.SOME_FAILED)
    sys.exit(ExitCode.SOME_FAILED if failures else ExitCode.OK)


class Settings(NamedTuple):
    """Everything a conversion needs besides the input: picklable, for worker processes."""

    format_name: str
    url: str | None
    limits: Limits
    render_options: dict[str, object]
    as_record: bool  # several inputs as -f json on stdout: return the record, render one array at the end
    debug: bool


class Converted(NamedTuple):
    """One input's outcome: what to write, what to warn about, or why it failed."""

    rendered: str | None = None
    record: dict | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None
    traceback: str | None = None


def convert(path: str, settings: Settings) -> Converted:
    """Read, extract and render one input. Runs in this process or in a worker;
    a bad input comes back as an error, never as an exception (Ctrl-C excepted)."""
    from . import extract
    from .read import load_page, read_input

    limits = settings.limits
    stdin_data: list[bytes] = []
    if path == "-":
        # stdin is not timed while it is read: a slow producer is the pipe's business.
        failed = guarded(lambda: stdin_data.append(read_input("-", max_bytes=limits.max_size)), settings)
        if failed is not None:
            return failed

    def article() -> Article:
        data = stdin_data.pop() if stdin_data else read_input(path, max_bytes=limits.max_size)
        page = load_page(data, path=path, max_decompressed=limits.max_size * INFLATE_FACTOR)
        return extract.parse_html(page.html, source=page.source, url=settings.url)

    return rendered_outcome(article, settings)


def convert_warc(path: str, settings: Settings) -> Iterator[tuple[str, Converted]]:
    """Each HTML response of a WARC file as (record number, outcome); a record that
    cannot be used, or a file that breaks off, is one failed outcome and the rest go on."""
    from . import extract
    from .warc import WarcPage, iter_warc_pages

    limits = settings.limits
    number = 0
    try:
        with open(path, "rb") as stream:
            for item in iter_warc_pages(stream, max_record_bytes=limits.max_size):
                number += 1
                label = f"{number:05d}"
                if not isinstance(item, WarcPage):
                    yield label, Converted(error=str(item))
                    continue
                yield label, rendered_outcome(
                    lambda: extract.parse_warc_page(item, path=path, url=settings.url,
                                                    max_decompressed=limits.max_size * INFLATE_FACTOR), settings)
    except KeyboardInterrupt:
        raise
    except Exception as error:
        yield f"{number + 1:05d}", Converted(error=describe(error))


def rendered_outcome(make_article: Callable[[], Article], settings: Settings) -> Converted:
    """Extract and render within the time budget; any failure is the outcome's error."""
    from .render import render

    result: list[Converted] = []

    def work() -> None:
        with time_budget(settings.limits.timeout):
            article = make_article()
            warnings = article.extraction.warnings
            if settings.as_record:
                result.append(Converted(record=article.to_dict(), warnings=warnings))
            else:
                result.append(Converted(rendered=render(article, settings.format_name, **settings.render_options),
                                        warnings=warnings))

    return guarded(work, settings) or result[0]


def guarded(work: Callable[[], object], settings: Settings) -> Converted | None:
    """Run `work`; None if it went well, else the failed outcome (Ctrl-C passes through)."""
    try:
        work()
        return None
    except KeyboardInterrupt:
        raise
    except InputTimeout:
        return Converted(error=f"took longer than {settings.limits.timeout:g} s; gave up (raise --timeout)")
    except Exception as error:  # one bad input must not stop the batch
        if settings.debug:
            import traceback

            return Converted(error=describe(error), traceback=traceback.format_exc())
        return Converted(error=describe(error))


def run_jobs(jobs: list[Job], format_name: str, output: str | None, output_dir: str | None,
             url: str | None, debug: bool, limits: Limits | None = None, options: Options | None = None,
             workers: int = 1) -> int:
    """Convert each job, in parallel when `workers` > 1, and write the results in input
    order; return how many failed (with --check: how many failed or would change)."""
    from .render import EXTENSIONS

    limits = limits or Limits(DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT, 0)
    options = options or Options()
    as_record = format_name == "json" and (len(jobs) > 1 or any(job.warc for job in jobs)) \
        and not (output or output_dir)
    settings = Settings(format_name, url, limits, options.render_options(), as_record, debug)
    failures = 0
    written = 0
    collected: list[dict] = []  # several inputs as -f json on stdout: one array at the end
    input_paths = {os.path.realpath(job.path) for job in jobs if job.path != "-"}
    claimed: dict[str, str] = {}  # output file -> the input written there
    with progress_bar(len(jobs), enabled=show_progress(jobs)) as advance:
        for job, record, result in outcomes(jobs, settings, workers, advance):
            name = display(job.path) + (f" record {record}" if record else "")
            for warning in result.warnings:
                report(f"{name}: warning: {warning}", error=False)
            if result.error is not None:
                failures += 1
                report(f"{name}: {result.error}")
                if result.traceback:
                    sys.stderr.write(result.traceback)
                continue
            try:
                if output_dir:
                    relative = job.relative_output / record if record else job.relative_output
                    target = Path(output_dir) / relative.parent / (relative.name + EXTENSIONS[format_name])
                    check_inside(target, output_dir)
                    key = os.path.realpath(target)
                    if key in claimed:
                        raise_newsparse(f"its output {display(str(target))} was already written for "
                                        f"{display(claimed[key])}; rename one of them")
                    claimed[key] = job.path
                    if options.compare:
                        changed = compare_with_file(target, result.rendered, options.show_diff)
                        failures += changed if options.fail_on_change else 0
                    else:
                        write_atomically(target, result.rendered, input_paths)
                elif output:
                    if job.warc:
                        raise_newsparse("a WARC file holds many pages: write them with --output-dir or to stdout")
                    write_atomically(Path(output), result.rendered, input_paths)
                elif result.record is not None:
                    collected.append(result.record)
                else:
                    write_stdout((separator(format_name, job.path) if written else "") + result.rendered)
                    written += 1
            except (KeyboardInterrupt, BrokenPipeError):
                raise
            except Exception as error:  # a failed write fails this input only
                failures += 1
                report(f"{display(job.path)}: {describe(error)}")
    if collected:
        from .render import to_json

        write_stdout(to_json(collected, indent=2) + "\n")
    return failures


def outcomes(jobs: list[Job], settings: Settings, workers: int,
             advance: Callable[[], None]) -> Iterator[tuple[Job, str | None, Converted]]:
    """(job, WARC record number or None, outcome) for every page, in input order."""
    if any(job.warc for job in jobs):
        for job in jobs:  # a WARC is read as one stream: the batch runs here, in order
            if job.warc:
                for record, result in convert_warc(job.path, settings):
                    yield job, record, result
            else:
                yield job, None, convert(job.path, settings)
            advance()
        return
    for job, result in zip(jobs, converted_in_order(jobs, settings, workers)):
        advance()
        yield job, None, result


def converted_in_order(jobs: list[Job], settings: Settings, workers: int) -> Iterator[Converted]:
    """Each job's outcome, in input order: here, or from worker processes that keep a
    few inputs in flight each (memory stays flat however many)."""
    if workers <= 1 or len(jobs) < 2 or any(job.path == "-" for job in jobs):
        for job in jobs:
            yield convert(job.path, settings)
        return
    import gc
    from functools import partial

    from .parallel import ordered_map

    # Forked workers share the parent's memory until it is written to, and the
    # collector's bookkeeping writes to every object it examines: frozen objects
    # are never examined, so the modules and constants stay shared.
    gc.freeze()
    yield from ordered_map(partial(convert, settings=settings), [job.path for job in jobs], workers=workers,
                           chunk_size=CHUNK_SIZE, inputs_per_worker=WORKER_TASKS, lost=lost_input)


def lost_input(path: str, reason: str) -> Converted:
    return Converted(error=f"{reason}; the input may crash the parser or need more memory than it may have")


def default_workers(job_count: int) -> int:
    """One worker per CPU for a real batch; none for a few inputs, where starting
    workers costs more than it saves."""
    if job_count < PARALLEL_MIN_INPUTS:
        return 1
    return os.cpu_count() or 1


def show_progress(jobs: list[Job]) -> bool:
    return len(jobs) > 1 and sys.stderr.isatty() and not any(job.path == "-" for job in jobs)


@contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr (count, rate, time left) for batches on a terminal;
    a no-op otherwise. Messages printed meanwhile go above the bar."""
    if not enabled:
        yield lambda: None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeRemainingColumn)
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:  # type: ignore[no-untyped-def]
            return Text(f"{task.speed:.0f} pages/s" if task.speed else "")

    columns = (TextColumn("converting"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn())
    with Progress(*columns, console=stderr_console(), transient=True) as progress:
        task = progress.add_task("convert", total=total)
        yield lambda: progress.advance(task)


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


def compare_with_file(target: Path, rendered: str, show_diff: bool) -> int:
    """1 if the output on disk differs from (or lacks) what would be written, else 0;
    names it on stderr and, with --diff, prints a unified diff on stdout."""
    try:
        current = target.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        current = None
    if current == rendered:
        return 0
    report(f"{display(str(target))}: {'missing' if current is None else 'would change'}", error=False)
    if show_diff:
        import difflib

        before = "/dev/null" if current is None else str(target)
        lines = difflib.unified_diff((current or "").splitlines(keepends=True), rendered.splitlines(keepends=True),
                                     fromfile=before, tofile=str(target))
        write_stdout("".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                             for line in lines))
    return 1


def separator(format_name: str, path: str) -> str:
    """What stands between two documents on stdout: nothing for JSON Lines, a
    comment naming the next input for Markdown, a form feed for text."""
    if format_name == "jsonl":
        return ""
    if format_name == "text":
        return "\f\n"
    return f"\n<!-- newsparse: {display(path).replace('--', '- -')} -->\n\n"


def write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))
    sys.stdout.flush()


def silence_stdout() -> None:
    # Python would report the broken pipe again when flushing stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def describe(error: Exception) -> str:
    from .model import NewsparseError
    from .read import InflatedTooLarge, InputTooLarge

    if isinstance(error, (InputTooLarge, InflatedTooLarge)):
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


def raise_newsparse(message: str) -> None:
    from .model import NewsparseError

    raise NewsparseError(message)


def prepare_output_dir(output_dir: str) -> None:
    """Create --output-dir and prove it writable before any work: a bad one is a usage error."""
    import tempfile  # deferred: its imports (shutil, random, bz2, lzma) cost 4 ms a run

    try:
        os.makedirs(output_dir, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=output_dir, prefix=".newsparse-probe.", suffix=".tmp")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise click.BadParameter(f"cannot write to {display(output_dir)}: {error.strerror or error}",
                                 param_hint="--output-dir") from error


def check_inside(target: Path, output_dir: str) -> None:
    """No output may land outside --output-dir, whatever the input names are or
    wherever a symbolic link inside DIR points."""
    root = os.path.realpath(output_dir)
    if os.path.commonpath([root, os.path.realpath(target.parent)]) != root:
        raise_newsparse(f"its output {display(str(target))} would land outside --output-dir "
                        "(a symbolic link inside it?); not written")


def expand_inputs(inputs: tuple[str, ...]) -> tuple[list[Job], int]:
    """Files as given, directories walked in sorted order for saved pages; missing
    paths and directories without pages are reported here and counted as failures."""
    jobs: list[Job] = []
    failures = 0
    for name in inputs:
        if name == "-":
            jobs.append(Job("-", Path("stdin")))
        elif os.path.isdir(name):
            problems: list[OSError] = []
            found = 0
            for path in walk_pages(Path(name), problems.append):
                relative = path.relative_to(name)
                jobs.append(Job(str(path), relative.parent / strip_page_suffix(relative.name), is_warc_file(path)))
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
    from .read import GZIP_MAGIC

    if not head.startswith((b"WARC/", GZIP_MAGIC)):
        return False  # a page: no need to load the WARC module to say so
    from .warc import is_warc

    return is_warc(head)


def walk_pages(root: Path, onerror=None) -> Iterator[Path]:
    # Symbolic links to directories are not followed: no loops, no escaping the tree.
    for directory, subdirs, files in os.walk(root, onerror=onerror):
        subdirs.sort()
        for name in sorted(files):
            if strip_page_suffix(name) != name:
                yield Path(directory) / name


def strip_page_suffix(name: str) -> str:
    """"a.html.gz" -> "a"; a name without a page suffix comes back unchanged."""
    lower = name.lower()
    stem = name[:-3] if lower.endswith(".gz") else name
    for suffix in PAGE_SUFFIXES:
        if stem.lower().endswith(suffix):
            return stem[: -len(suffix)]
    return name


def write_atomically(target: Path, text: str, input_paths: set[str]) -> None:
    """Write via a temporary file in the same directory and os.replace, so the
    target is either the old file or the whole new one; the temporary file is
    removed whatever happens, Ctrl-C included."""
    import tempfile  # deferred, as in prepare_output_dir

    from .model import NewsparseError

    if os.path.realpath(target) in input_paths:
        raise NewsparseError(f"refusing to overwrite the input {display(str(target))}")
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8", errors="replace")
    temp_name = None
    try:
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp_name, target)
        temp_name = None
    finally:
        if temp_name is not None:
            try:
                os.unlink(temp_name)
            except OSError:
                pass


_stderr_console = None


def stderr_console():  # -> rich.console.Console, imported only when a message is printed
    global _stderr_console
    if _stderr_console is None:
        from rich.console import Console

        _stderr_console = Console(stderr=True, highlight=False, emoji=False)
    return _stderr_console


def report(message: str, *, error: bool = True) -> None:
    """One line on stderr, coloured only on a terminal (rich honours NO_COLOR)."""
    from rich.markup import escape

    style = "bold red" if error else "bold yellow"
    stderr_console().print(f"[{style}]newsparse:[/] {escape(message)}", soft_wrap=True)
