"""The command line: arguments in, files or stdout out, an exit code that means something.

This is the only module that touches argv, stdio, the terminal and exit
codes; everything else is the library.
"""
from __future__ import annotations

import os
import sys
import tempfile
from enum import IntEnum
from pathlib import Path
from typing import Iterator, NamedTuple

import click

from . import __version__

# What a directory input contributes: saved pages, gzipped or not.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml", ".mht")
FORMAT_ALIASES = {"md": "markdown", "txt": "text"}
FORMAT_CHOICES = ("markdown", "md", "json", "jsonl", "text", "txt")


class ExitCode(IntEnum):
    OK = 0  # every input was converted and written
    SOME_FAILED = 1  # at least one input failed; every other one was written
    USAGE = 2  # bad options or arguments; nothing was done
    INTERRUPTED = 130  # Ctrl-C; no partial output file is left behind


EXIT_CODES_HELP = """\b
Exit codes:
  0    every input was converted and written
  1    some inputs failed (one line each on stderr); the rest were written
  2    usage error: bad option, unreadable option value, nothing to read
  130  interrupted (Ctrl-C); no partial output is left behind
"""


class Job(NamedTuple):
    """One input: how the user named it, and where its output goes under --output-dir."""

    path: str
    relative_output: Path | None


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
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.version_option(__version__, "-V", "--version", prog_name="newsparse")
def main(inputs: tuple[str, ...], format_name: str, output: str | None, output_dir: str | None,
         url: str | None, debug: bool) -> None:
    """Turn saved news-article pages into clean JSON, Markdown or text.

    INPUT is a saved page (HTML, gzipped HTML, MHTML), a directory (walked for
    *.html, *.htm, *.xhtml, *.mhtml, *.mht, also .gz), or - for stdin. With no
    INPUT, piped stdin is read.
    """
    format_name = FORMAT_ALIASES.get(format_name.lower(), format_name.lower())
    if output and output_dir:
        raise click.UsageError("use either -o/--output or --output-dir, not both")
    if not inputs:
        if sys.stdin.isatty():
            raise click.UsageError("no input: give a file, a directory, or - to read stdin")
        inputs = ("-",)
    jobs, failures = expand_inputs(inputs)
    if output and len(jobs) + failures != 1:
        raise click.UsageError("-o/--output takes exactly one input; use --output-dir for several")

    try:
        failures += run_jobs(jobs, format_name, output, output_dir, url, debug)
    except KeyboardInterrupt:
        report("interrupted")
        sys.exit(ExitCode.INTERRUPTED)
    sys.exit(ExitCode.SOME_FAILED if failures else ExitCode.OK)


def run_jobs(jobs: list[Job], format_name: str, output: str | None, output_dir: str | None,
             url: str | None, debug: bool) -> int:
    """Convert each job in input order; return how many failed."""
    from .extract import parse
    from .read import read_input
    from .render import EXTENSIONS, render

    failures = 0
    written = 0
    collected: list[dict] = []  # several inputs as -f json on stdout: one array at the end
    input_paths = {os.path.realpath(job.path) for job in jobs if job.path != "-"}
    for job in jobs:
        try:
            article = parse(read_input(job.path), path=job.path, url=url)
            if output_dir:
                relative = job.relative_output
                target = Path(output_dir) / relative.parent / (relative.name + EXTENSIONS[format_name])
                write_atomically(target, render(article, format_name), input_paths)
            elif output:
                write_atomically(Path(output), render(article, format_name), input_paths)
            elif format_name == "json" and len(jobs) > 1:
                collected.append(article.to_dict())
            else:
                text = render(article, format_name)
                write_stdout((separator(format_name, job.path) if written else "") + text)
                written += 1
        except KeyboardInterrupt:
            raise
        except Exception as error:  # one bad input must not stop the batch
            failures += 1
            report(f"{job.path}: {describe(error)}")
            if debug:
                import traceback

                traceback.print_exc()
    if collected:
        from .render import to_json

        write_stdout(to_json(collected, indent=2) + "\n")
    return failures


def separator(format_name: str, path: str) -> str:
    """What stands between two documents on stdout: nothing for JSON Lines, a
    comment naming the next input for Markdown, a form feed for text."""
    if format_name == "jsonl":
        return ""
    if format_name == "text":
        return "\f\n"
    return f"\n<!-- newsparse: {path} -->\n\n"


def write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))
    sys.stdout.flush()


def describe(error: Exception) -> str:
    from .model import NewsparseError

    if isinstance(error, NewsparseError):
        return str(error)
    if isinstance(error, RecursionError):
        return "page nested too deeply to process"
    if isinstance(error, MemoryError):
        return "out of memory while processing the page"
    return f"internal error ({type(error).__name__}: {error}); run with --debug for details"


def expand_inputs(inputs: tuple[str, ...]) -> tuple[list[Job], int]:
    """Files as given, directories walked in sorted order for saved pages; missing
    paths are reported here and counted as failures."""
    jobs: list[Job] = []
    failures = 0
    for name in inputs:
        if name == "-":
            jobs.append(Job("-", Path("stdin")))
        elif os.path.isdir(name):
            for path in walk_pages(Path(name)):
                relative = path.relative_to(name)
                jobs.append(Job(str(path), relative.parent / strip_page_suffix(relative.name)))
        elif os.path.exists(name):
            jobs.append(Job(name, Path(strip_page_suffix(Path(name).name))))
        else:
            failures += 1
            report(f"{name}: no such file or directory")
    return jobs, failures


def walk_pages(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
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
    from .model import NewsparseError

    if os.path.realpath(target) in input_paths:
        raise NewsparseError(f"refusing to overwrite the input {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8", errors="replace"))
        os.replace(temp_name, target)
    except BaseException:
        os.unlink(temp_name)
        raise


def report(message: str) -> None:
    """One line on stderr, coloured only on a terminal (rich honours NO_COLOR)."""
    from rich.console import Console

    from rich.markup import escape

    Console(stderr=True, highlight=False).print(f"[bold red]newsparse:[/] {escape(message)}", soft_wrap=True)
