"""The command line: arguments in, files or stdout out, an exit code that means something.

This is the only module that touches argv, stdio, the terminal and exit
codes; everything else is the library.
"""
from __future__ import annotations

import os
import re
import sys
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple

import click

from . import __version__
from .batch import (DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT, Job, Limits, Settings, default_workers, describe, display,
                    expand_inputs, memory_ceiling, outcomes, progress_bar)
from .rules import LazyPattern

FORMAT_ALIASES = {"md": "markdown", "txt": "text"}
FORMAT_CHOICES = ("markdown", "md", "json", "jsonl", "text", "txt")

SIZE_RE = LazyPattern(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


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
    jobs, failures = expand_inputs(inputs, report)
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
    with progress_bar(len(jobs), stderr_console() if show_progress(jobs) else None) as advance:
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


def show_progress(jobs: list[Job]) -> bool:
    return len(jobs) > 1 and sys.stderr.isatty() and not any(job.path == "-" for job in jobs)


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
