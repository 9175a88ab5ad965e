"""Writing results: each outcome, in input order, to a file under --output-dir (or
only compared with the file there: --check, --diff), to the -o file, or to stdout;
written atomically, named after its input, never outside --output-dir, never over
an input.

It must NOT convert anything (batch.py does), nor touch argv, stdio, the terminal or
exit codes (cli.py does): stdout, stderr and one-line messages are the callables it
is given.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, NamedTuple, Protocol

from .batch import Converted, Job, describe, display

# Longest file name most file systems take (NAME_MAX): a temporary name built from a
# long output name must stay within it.
NAME_MAX_BYTES = 255
# What mkstemp adds around the output's name: ".", ".", 8 random characters, ".tmp".
TEMP_NAME_EXTRA_BYTES = 14
# Directories whose entries are devices or a process's open files (/dev/stdout,
# /dev/fd/1, /proc/self/fd/1): written in place, never replaced by a rename.
SPECIAL_DIRECTORIES = ("/dev", "/proc")
# Symbolic links followed to find out where an output really goes (Linux stops at 40).
MAX_LINK_HOPS = 40


class Options(NamedTuple):
    """How outputs are rendered and whether they are written or only compared."""

    front_matter: bool = False
    width: int | None = None
    compare: bool = False  # --check or --diff: write nothing
    show_diff: bool = False
    fail_on_change: bool = False  # --check: a change is a failure (exit 1); --diff alone only shows it
    # A directory input owns the output tree: an output there that no input gives any
    # more is stale. With files alone, a subset of the tree may be checked on purpose.
    find_stale: bool = False
    quiet: bool = False  # -q: no warnings about inputs that were converted; errors and --check findings stay
    verbose: bool = False  # -v: a line per converted input, saying how its body was found and how long it took

    def render_options(self) -> dict[str, object]:
        chosen: dict[str, object] = {}
        if self.front_matter:
            chosen["front_matter"] = True
        if self.width:
            chosen["width"] = self.width
        return chosen


class Report(Protocol):
    """One line on stderr: an error, or (error=False) a warning."""

    def __call__(self, message: str, *, error: bool = True) -> None: ...


class Writer:
    """Writes each outcome where it goes and reports its warnings and errors: a failed
    write fails that input only. Several inputs as -f json on stdout are collected and
    written as one array by `finish`."""

    def __init__(self, jobs: list[Job], format_name: str, output: str | None, output_dir: str | None,
                 options: Options, *, report: Report, write_stdout: Callable[[str], None],
                 write_stderr: Callable[[str], None]) -> None:
        self.format_name = format_name
        self.jobs = jobs
        self.output = output
        self.output_dir = output_dir
        self.options = options
        self.report = report
        self.write_stdout = write_stdout
        self.write_stderr = write_stderr
        # Several inputs as -f json on stdout: the batch gives records, not rendered text.
        self.collects_records = format_name == "json" and (len(jobs) > 1 or any(job.warc for job in jobs)) \
            and not (output or output_dir)
        self.written = 0
        self.input_paths = {os.path.realpath(job.path) for job in jobs if job.path != "-"}
        self.claimed: dict[str, str] = {}  # output file -> the input written there
        self.failed_warcs: set[Path] = set()  # a WARC that broke off may have given more records

    def write(self, job: Job, record: str | None, result: Converted) -> int:
        """Write one outcome (`record`: its number in a WARC file); 1 if it failed (with
        --check: or would change), else 0."""
        report = self.report
        options = self.options
        output_dir = self.output_dir
        name = display(job.path) + (f" record {record}" if record else "")
        if options.verbose and result.summary:
            report(f"{name}: {result.summary}", error=False)
        for warning in () if options.quiet else result.warnings:
            report(f"{name}: warning: {warning}", error=False)
        if result.error is not None:
            if job.warc and job.relative_output is not None:
                self.failed_warcs.add(job.relative_output)
            report(f"{name}: {result.error}")
            if result.traceback:
                # A traceback quotes the input's bytes as freely as a message does.
                self.write_stderr("".join(display(line) + "\n" for line in result.traceback.splitlines()))
            return 1
        try:
            if output_dir:
                from .render import EXTENSIONS

                target = output_path(output_dir, job.relative_output, record, EXTENSIONS[self.format_name])
                check_inside(target, output_dir)
                key = os.path.realpath(target)
                if key in self.claimed:
                    raise_newsparse(f"its output {display(str(target))} was already written for "
                                    f"{display(self.claimed[key])}; rename one of them")
                self.claimed[key] = job.path
                if options.compare:
                    changed = compare_with_file(target, result.rendered, options.show_diff, report,
                                                self.write_stdout)
                    return changed if options.fail_on_change else 0
                write_atomically(target, result.rendered, self.input_paths)
            elif self.output:
                if job.warc:
                    raise_newsparse("a WARC file holds many pages: write them with --output-dir or to stdout")
                write_atomically(Path(self.output), result.rendered, self.input_paths)
            elif result.record is not None:
                self.write_array_element(result.record)
            else:
                self.write_stdout((separator(self.format_name, job.path) if self.written else "") + result.rendered)
                self.written += 1
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as error:  # a failed write fails this input only
            report(f"{display(job.path)}: {describe(error)}")
            return 1
        return 0

    def write_array_element(self, record: dict) -> None:
        """One record of the JSON array on stdout, written as soon as it comes, so that
        memory does not grow with the batch; the same bytes as one json.dumps of the list."""
        from .render import to_json

        element = "\n".join("  " + line for line in to_json(record, indent=2).split("\n"))
        self.write_stdout(("[\n" if not self.written else ",\n") + element)
        self.written += 1

    def finish(self) -> int:
        """Close the JSON array of several inputs (an empty one when no input gave a record);
        when comparing, name the stale outputs. Returns how many count as failures."""
        if self.collects_records:
            self.write_stdout("\n]\n" if self.written else "[]\n")
        if not (self.output_dir and self.options.compare and self.options.find_stale):
            return 0
        stale = self.stale_outputs()
        for target in stale:
            self.report(f"{display(str(target))}: stale: no input gives it any more", error=False)
        return len(stale) if self.options.fail_on_change else 0

    def stale_outputs(self) -> list[Path]:
        """Outputs of this format under --output-dir that no input gave, as snapshot
        tools report obsolete snapshots. An input that failed is not taken for gone:
        its output, and a failed WARC's whole directory, are left out."""
        from .render import EXTENSIONS

        assert self.output_dir is not None
        extension = EXTENSIONS[self.format_name]
        root = Path(self.output_dir)
        spared = {os.path.realpath(output_path(self.output_dir, job.relative_output, None, extension))
                  for job in self.jobs if job.relative_output is not None and not job.warc}
        spared_dirs = tuple(os.path.realpath(root / relative) + os.sep for relative in self.failed_warcs)
        stale = []
        for directory, subdirectories, files in os.walk(root):
            subdirectories.sort()
            for name in sorted(files):
                target = Path(directory) / name
                key = os.path.realpath(target)
                if (name.endswith(extension) and key not in self.claimed and key not in spared
                        and not key.startswith(spared_dirs)):
                    stale.append(target)
        return stale


def output_path(output_dir: str, relative_output: Path, record: str | None, extension: str) -> Path:
    """Where an input's output goes under --output-dir: its path relative to the directory
    it was found in, page suffix replaced by the format's; a WARC file's records in a
    directory named after it, one file per record number."""
    relative = relative_output / record if record else relative_output
    return Path(output_dir) / relative.parent / (relative.name + extension)


def compare_with_file(target: Path, rendered: str, show_diff: bool, report: Report,
                      write_stdout: Callable[[str], None]) -> int:
    """1 if the output on disk differs from (or lacks) what would be written, else 0;
    names it to `report` and, with --diff, gives a unified diff to `write_stdout`."""
    try:
        current = read_regular_file(target)
    except FileNotFoundError:
        current = None
    except NotRegularFile:
        report(f"{display(str(target))}: not a regular file; would be replaced", error=False)
        return 1
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


class NotRegularFile(Exception):
    """The output path is a FIFO, a device, a directory: not something to compare with."""


def read_regular_file(target: Path) -> str:
    """The text of an existing output. Only a regular file is read: a FIFO would block
    for ever, a link to /dev/zero would never end. The check is made on the opened
    file, so the path cannot change kind in between."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
    handle = os.open(target, flags)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise NotRegularFile(str(target))
        return stream.read().decode("utf-8", errors="replace")


def separator(format_name: str, path: str) -> str:
    """What stands between two documents on stdout: nothing for JSON Lines, a
    comment naming the next input for Markdown, a form feed for text."""
    if format_name == "jsonl":
        return ""
    if format_name == "text":
        return "\f\n"
    return f"\n<!-- newsparse: {display(path).replace('--', '- -')} -->\n\n"


def prepare_output_dir(output_dir: str) -> None:
    """Create --output-dir and prove it writable before any work; the OSError of a bad
    one is raised (for the command line, a usage error)."""
    import tempfile  # deferred: its imports (shutil, random, bz2, lzma) cost 4 ms a run

    os.makedirs(output_dir, exist_ok=True)
    handle, probe = tempfile.mkstemp(dir=output_dir, prefix=".newsparse-probe.", suffix=".tmp")
    os.close(handle)
    os.unlink(probe)


def prepare_output_file(output: str) -> None:
    """Prove that the -o file can be written before any work: for a file (or a new one),
    that a temporary file can be made beside it; a device or a FIFO is left alone, since
    opening it may have effects. The OSError of a bad one is raised."""
    import tempfile

    target = Path(output)
    try:
        if not stat.S_ISREG(os.stat(target).st_mode) or is_special_path(target):
            return
    except (FileNotFoundError, NotADirectoryError):
        pass
    handle, probe = tempfile.mkstemp(dir=target.parent, prefix=".newsparse-probe.", suffix=".tmp")
    os.close(handle)
    os.unlink(probe)


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
    removed whatever happens, Ctrl-C included. A device, a FIFO or /dev/stdout is
    written in place: replacing it would put a regular file where it was. A new
    file gets the mode the umask gives; a replaced one keeps its own."""
    from .model import NewsparseError

    if os.path.realpath(target) in input_paths:
        raise NewsparseError(f"refusing to overwrite the input {display(str(target))}")
    data = text.encode("utf-8", errors="replace")
    try:
        existing = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        existing = None
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(target)) from None
    if existing is not None and (not stat.S_ISREG(existing.st_mode) or is_special_path(target)):
        write_in_place(target, data)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else new_file_mode()
    replace_with_temporary_file(target, data, mode)


def is_special_path(target: Path) -> bool:
    """Whether `target`, or a link on the way to what it names, lies in /dev or /proc:
    /dev/stdout redirected to a file is a regular file seen through /proc/self/fd/1,
    and the rename would replace the link, not write to the descriptor."""
    path = str(target)
    for _ in range(MAX_LINK_HOPS):
        parent = os.path.realpath(os.path.dirname(path) or ".")
        if any(parent == root or parent.startswith(root + "/") for root in SPECIAL_DIRECTORIES):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.join(parent, os.readlink(path))
    return True  # a loop of links: not something to rename over


def write_in_place(target: Path, data: bytes) -> None:
    # Appending, as `>>` does: a device ignores it, and /dev/stdout redirected to a
    # file keeps what the shell or an earlier writer put there.
    try:
        handle = os.open(target, os.O_WRONLY | os.O_APPEND)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(target)) from None


def replace_with_temporary_file(target: Path, data: bytes, mode: int) -> None:
    import tempfile  # deferred, as in prepare_output_dir

    temp_name = None
    try:
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{temporary_stem(target.name)}.",
                                             suffix=".tmp")
        os.fchmod(handle, mode)  # mkstemp makes it 0600, and the mode survives the rename
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp_name, target)
        temp_name = None
    except OSError as error:
        # Name the output, not the temporary file the user never asked for.
        raise OSError(error.errno, error.strerror, str(target)) from None
    finally:
        if temp_name is not None:
            try:
                os.unlink(temp_name)
            except OSError:
                pass


def temporary_stem(name: str) -> str:
    """The output's name cut short enough that the temporary name stays within NAME_MAX."""
    limit = NAME_MAX_BYTES - TEMP_NAME_EXTRA_BYTES
    encoded = os.fsencode(name)
    # A character cut in two is harmless here: the name is only ever used as bytes.
    return name if len(encoded) <= limit else os.fsdecode(encoded[:limit])


_umask: int | None = None


def new_file_mode() -> int:
    """What open() would give a new file: 0666 less the umask (read once: setting it
    is the only way to read it)."""
    global _umask
    if _umask is None:
        _umask = os.umask(0o022)
        os.umask(_umask)
    return 0o666 & ~_umask


def raise_newsparse(message: str) -> None:
    from .model import NewsparseError

    raise NewsparseError(message)
