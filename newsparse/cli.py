"""The command line: arguments in, files or stdout out, an exit code that means something.

The click command checks its options and drives the two stages of a run: batch.py
turns the inputs into outcomes, output.py writes them. This is the only module
that touches argv, stdio, the terminal and exit codes; it hands the others
callables for stdout and stderr, and decides for them whether stderr is a terminal.
It must NOT convert or write anything itself: that is the library's.
"""
from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from enum import IntEnum
from typing import TYPE_CHECKING, Iterator

import click

from . import __version__
from .batch import (DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT, Job, Limits, Settings, default_workers, display, expand_inputs,
                    memory_ceiling, outcomes, progress_bar, read_stdin_input)
from .output import Options, Writer, prepare_output_dir
from .rules import LazyPattern

if TYPE_CHECKING:
    from .images import ImageTarget

FORMAT_ALIASES = {"md": "markdown", "txt": "text"}
FORMAT_CHOICES = ("markdown", "md", "json", "jsonl", "text", "txt")
# The format an -o file's extension asks for when -f does not say.
FORMAT_BY_EXTENSION = {".json": "json", ".jsonl": "jsonl", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}

SIZE_RE = LazyPattern(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


class ExitCode(IntEnum):
    OK = 0  # every input was converted and written
    SOME_FAILED = 1  # at least one input failed; every other one was written
    USAGE = 2  # bad options or arguments; nothing was done
    INTERRUPTED = 130  # Ctrl-C; no partial output file is left behind
    # SIGHUP and SIGTERM: 128 + the signal's number, as a shell reports a process the
    # signal killed; temporary files and workers are cleaned up first, as on Ctrl-C.
    HANGUP = 129
    TERMINATED = 143


# Signals that stop a run the way Ctrl-C does, with their exit codes.
STOP_SIGNALS = {"SIGHUP": ExitCode.HANGUP, "SIGTERM": ExitCode.TERMINATED}


class Stopped(BaseException):
    """Raised in the main thread on SIGTERM or SIGHUP: a BaseException, like
    KeyboardInterrupt, so that every `finally` on the way out runs (temporary files
    removed, workers killed) and no `except Exception` carries on."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


EXIT_CODES_HELP = """\b
Examples:
  newsparse page.html                        Markdown on stdout
  newsparse -o story.json page.html          the format follows -o's extension
  newsparse -f jsonl saved/ > pages.jsonl    a directory, one JSON line per page
  curl -s URL | newsparse --url URL          a page from a pipe
  newsparse --output-dir md/ saved/ --check  CI: exit 1 if an output is out of date
  newsparse --images img -o a.md page.html   the page's own images into img/

\b
Shell completion (bash; zsh_source, fish_source for the others):
  eval "$(_NEWSPARSE_COMPLETE=bash_source newsparse)"

\b
Exit codes:
  0    every input was converted and written (--check: every output is up to date)
  1    some inputs failed (one line each on stderr); the rest were written
       (--check: some outputs would change, are missing or are stale;
       --diff alone exits 0)
  2    usage error: bad option, unreadable option value, nothing to read,
       an unusable --output-dir, -o or --images directory
  130  interrupted (Ctrl-C); no partial output is left behind
  129, 143  stopped by SIGHUP, SIGTERM; no partial output is left behind

\b
Limits (each failure is one input failed, the batch goes on):
  --max-size     input bytes; gzip may inflate to 4x this
  --timeout      seconds per input (per WARC record), reading and parsing
                 included (not stdin); an input that overruns is stopped
  --max-memory   address space of the whole process
"""


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
# A path type so that shell completion offers files and directories; not checked
# here (readable=False): an unreadable input is one failed input, not a usage error.
@click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(allow_dash=True, readable=False))
@click.option("-f", "--format", "format_name", type=click.Choice(FORMAT_CHOICES, case_sensitive=False),
              help="Output format  [default: from -o's extension (.json, .jsonl, .md, .txt), else markdown]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the output to FILE (one input only).")
@click.option("--output-dir", type=click.Path(file_okay=False),
              help="Write one file per input into DIR, mirroring input directories.")
@click.option("--url", callback=lambda ctx, param, value: absolute_http_url(value), help="The page's address, for pages that do not say it (resolves relative links).")
@click.option("--images", "images_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Write the images the saved page carries (SingleFile data: URIs, MHTML parts, a <name>_files "
                   "folder) into DIR, each once, named by content; the output links to them.")
@click.option("--front-matter", is_flag=True,
              help="Markdown: put the metadata in YAML front matter instead of a title and byline.")
@click.option("--width", type=click.IntRange(min=20), metavar="N", help="Text: wrap lines at N characters.")
@click.option("--check", is_flag=True,
              help="With --output-dir: write nothing; exit 1 naming each output that would change, is missing "
                   "or is stale (no input gives it any more).")
@click.option("--diff", is_flag=True, help="With --output-dir: write nothing; print a unified diff of what would change.")
@click.option("--max-size", type=ByteSize(), default="50M", show_default=True,
              help="Refuse inputs larger than this (gzip may inflate to 4x it).")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Give up on an input after this many seconds (0: no limit).")
@click.option("--max-memory", type=ByteSize(), default="2G", show_default=True,
              help="Address-space limit for the process (0: no limit).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (default: one per CPU for 8 or more inputs, else 1).")
@click.option("--color/--no-color", "color", default=None,
              help="Colour the messages on stderr or not  [default: on a terminal, unless NO_COLOR is set "
                   "(FORCE_COLOR: always)]")
@click.option("-q", "--quiet", is_flag=True, help="No warnings: only errors (and --check's findings).")
@click.option("-v", "--verbose", is_flag=True,
              help="A line per input on stderr: how the body was found (method, page type), words, time.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.version_option(__version__, "-V", "--version", prog_name="newsparse")
def main(inputs: tuple[str, ...], format_name: str | None, output: str | None, output_dir: str | None,
         url: str | None, images_dir: str | None, front_matter: bool, width: int | None, check: bool, diff: bool,
         max_size: int, timeout: float, max_memory: int, workers: int | None, color: bool | None, quiet: bool, verbose: bool, debug: bool) -> None:
    """Turn saved news-article pages into clean JSON, Markdown or text.

    INPUT is a saved page (HTML, gzipped HTML, MHTML), a WARC file (one record
    per HTML response), a directory (walked for *.html, *.htm, *.xhtml, *.mhtml,
    *.mht, *.warc, also .gz), or - for stdin. With no INPUT, piped stdin is read.
    """
    style_messages(color)
    format_name = output_format(format_name, output)
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
    if images_dir is not None and format_name == "text":
        raise click.UsageError("--images goes with -f markdown, json or jsonl (text shows no images)")
    options = Options(front_matter=front_matter, width=width, compare=check or diff, show_diff=diff,
                      fail_on_change=check, find_stale=any(os.path.isdir(name) for name in inputs), quiet=quiet,
                      verbose=verbose)
    if not inputs:
        require_piped_stdin()
        inputs = ("-",)
    if output_dir and not options.compare:
        try:
            prepare_output_dir(output_dir)
        except OSError as error:
            raise click.BadParameter(f"cannot write to {display(output_dir)}: {error.strerror or error}",
                                     param_hint="--output-dir") from error
    images = image_target(images_dir, output, output_dir, write=not options.compare)
    jobs, failures = expand_inputs(inputs, report)
    workers = workers or default_workers(len(jobs))
    if output and len(jobs) + failures != 1:
        raise click.UsageError("-o/--output takes exactly one input; use --output-dir for several")
    if output and jobs and jobs[0].warc:
        raise click.UsageError("a WARC file holds many pages: write them with --output-dir, or to stdout")
    if output:
        check_output_file(output)

    limits = Limits(max_size, timeout, max_memory)
    try:
        with memory_ceiling(max_memory), stop_on_signals():
            failures += run_jobs(jobs, format_name, output, output_dir, url, debug, limits, options, workers,
                                 images)
    except KeyboardInterrupt:
        report("interrupted")
        sys.exit(ExitCode.INTERRUPTED)
    except Stopped as stopped:
        report("stopped by a signal")
        sys.exit(stopped.exit_code)
    except BrokenPipeError:
        # The reader went away (`newsparse ... | head`): stop quietly, as cat does.
        silence_stdout()
        sys.exit(ExitCode.SOME_FAILED)
    sys.exit(ExitCode.SOME_FAILED if failures else ExitCode.OK)


def entry() -> None:
    """The installed command and `python -m newsparse`: main, then out of the process
    at once. Everything is written and closed by then; what is left is the
    interpreter tearing down every module and object one by one, about 3 ms of a
    one-off conversion's 0.1 s. The streams are flushed first, as exit would; a
    reader gone by then is a quiet failure, as in main."""
    try:
        main()
        code: object = ExitCode.OK
    except SystemExit as stop:
        code = stop.code
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")  # as Python prints sys.exit's message
        code = ExitCode.SOME_FAILED
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        code = code or ExitCode.SOME_FAILED
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code or 0)


def output_format(given: str | None, output: str | None) -> str:
    """-f's format, else the one -o's extension names, else Markdown. `-o out.json`
    alone holds JSON; `-f markdown -o out.json` is a contradiction, refused rather
    than guessed (an unknown extension, such as .html, names nothing)."""
    chosen = FORMAT_ALIASES.get(given.lower(), given.lower()) if given else None
    implied = FORMAT_BY_EXTENSION.get(os.path.splitext(output)[1].lower()) if output else None
    if chosen and implied and chosen != implied:
        raise click.UsageError(f"-f {chosen} does not go with -o {display(output)}, whose extension says {implied}")
    return chosen or implied or "markdown"


def absolute_http_url(value: str | None) -> str | None:
    """--url must be a page's full address: anything else (a typo, a bare host, a file
    name that slid into the option's place) would silently become the record's `url`."""
    if value is None:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not an absolute http(s) URL (example: https://example.org/news/1)",
                                 param_hint="--url")
    return value


def require_piped_stdin() -> None:
    """With no INPUT, stdin is read only when something was piped or redirected into
    it. A terminal, /dev/null (what xargs gives a command when `find` found nothing)
    or an empty pipe is nothing to read: a usage error, not an input that failed."""
    if is_terminal(sys.stdin) or not stdin_is_pipe_or_file() or stdin_is_empty():
        raise click.UsageError("nothing to read: give a file, a directory, or - to read stdin")


def stdin_is_pipe_or_file() -> bool:
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):  # closed, or not a real file (tests): let reading tell
        return True
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def stdin_is_empty() -> bool:
    """Peeked, so the bytes stay buffered for the reader; waits for the first bytes
    or the end of a pipe."""
    peek = getattr(getattr(sys.stdin, "buffer", None), "peek", None)
    if peek is None:
        return False
    try:
        return not peek(1)
    except (OSError, ValueError):
        return False  # reading it will fail and say why


def image_target(images_dir: str | None, output: str | None, output_dir: str | None,
                 write: bool):  # -> images.ImageTarget | None, imported only with --images
    """Where --images writes, made and proved writable before any work (as --output-dir
    is: exit 2 otherwise), and what the links are relative to: the output's directory,
    the current one for stdout. --check and --diff write no images either."""
    if images_dir is None:
        return None
    from .images import ImageTarget, prepare_image_directory

    if write:
        try:
            prepare_image_directory(images_dir)
        except OSError as error:
            raise click.BadParameter(f"cannot write to {display(images_dir)}: {error.strerror or error}",
                                     param_hint="--images") from error
    from pathlib import Path

    from .output import is_special_path

    # -o /dev/stdout is stdout: links from here, not from /dev.
    links_from = (os.path.dirname(output) or ".") if output and not is_special_path(Path(output)) else "."
    return ImageTarget(images_dir, links_from, write, output_dir)


def check_output_file(output: str) -> None:
    """Prove the -o file's directory writable before any work, as --output-dir is: an
    unusable destination is a usage error (exit 2), whichever option named it."""
    from .output import prepare_output_file

    try:
        prepare_output_file(output)
    except OSError as error:
        raise click.BadParameter(f"cannot write to {display(output)}: {error.strerror or error}",
                                 param_hint="-o/--output") from error


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the batch runs, SIGTERM and SIGHUP raise Stopped in the main thread, so
    that they clean up as Ctrl-C does; the previous handlers come back afterwards."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped(128 + signum)

    previous = {}
    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_jobs(jobs: list[Job], format_name: str, output: str | None, output_dir: str | None,
             url: str | None, debug: bool, limits: Limits | None = None, options: Options | None = None,
             workers: int = 1, images: ImageTarget | None = None) -> int:
    """Convert each job (batch.py, in parallel when `workers` > 1) and write the results
    in input order (output.py); return how many failed (with --check: how many failed or
    would change)."""
    limits = limits or Limits(DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT, 0)
    options = options or Options()
    settings = Settings(format_name, url, limits, options.render_options(), False, debug, images)
    jobs, stdin = read_stdin_input(jobs, settings)
    if output and jobs and jobs[0].warc:  # a WARC on stdin, known only now
        raise click.UsageError("a WARC file holds many pages: write them with --output-dir, or to stdout")
    writer = Writer(jobs, format_name, output, output_dir, options, report=report, write_stdout=write_stdout,
                    write_stderr=write_stderr)
    settings = settings._replace(as_record=writer.collects_records)
    failures = 0
    writes_stdout = not output and (not output_dir or options.show_diff)
    with progress_bar(len(jobs), stderr_console() if show_progress(jobs, writes_stdout) else None) as advance:
        for job, record, result in outcomes(jobs, settings, workers, advance, stdin):
            failures += writer.write(job, record, result)
    return failures + writer.finish()


def show_progress(jobs: list[Job], writes_stdout: bool) -> bool:
    """A progress bar for a batch of files converted on a terminal (not while stdin is
    read). Not when the output goes to that same terminal: the bar would be drawn
    into the output, and a redraw would tear its lines."""
    if writes_stdout and is_terminal(sys.stdout):
        return False
    return len(jobs) > 1 and is_terminal(sys.stderr) and not any(job.path == "-" for job in jobs)


def is_terminal(stream: object) -> bool:
    """Whether a standard stream is a terminal: the one place the CLI asks, so that
    tests can fake a terminal (CliRunner's streams are never one)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))
    sys.stdout.flush()


def write_stderr(text: str) -> None:
    sys.stderr.write(text)


def silence_stdout() -> None:
    # Python would report the broken pipe again when flushing stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


_stderr_console = None
_colour: bool | None = None  # --color/--no-color; None: from the environment and the terminal


def style_messages(colour: bool | None) -> None:
    """Choose the messages' colour for this run (the console is made again to match)."""
    global _colour, _stderr_console
    _colour, _stderr_console = colour, None


def wants_colour() -> bool | None:
    """--color/--no-color, else NO_COLOR (any value but empty: no-color.org), else
    FORCE_COLOR (but empty or 0), else None: colour on a terminal only."""
    if _colour is not None:
        return _colour
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return None


def stderr_console():  # -> rich.console.Console, imported only when a message is printed
    global _stderr_console
    if _stderr_console is None:
        from rich.console import Console

        colour = wants_colour()
        if colour is None:
            _stderr_console = Console(stderr=True, highlight=False, emoji=False)
        elif colour:
            _stderr_console = Console(stderr=True, highlight=False, emoji=False, force_terminal=True,
                                      no_color=False, color_system="standard")
        else:
            # No styles at all: rich's own NO_COLOR handling drops colours but keeps bold.
            _stderr_console = Console(stderr=True, highlight=False, emoji=False, color_system=None)
    return _stderr_console


def report(message: str, *, error: bool = True) -> None:
    """One line on stderr, coloured as wants_colour() says. Control
    characters are shown as escapes: a message may quote damaged input (WARC headers,
    file names, parser errors), and raw escape sequences would drive the terminal."""
    from rich.markup import escape

    style = "bold red" if error else "bold yellow"
    stderr_console().print(f"[{style}]newsparse:[/] {escape(display(message))}", soft_wrap=True)
