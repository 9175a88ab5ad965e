"""Read and decode: the first stage of newsparse.

Turns a path (or stdin) into a `Page`: the page's HTML as text plus a `Source`
describing the input. In order:

1. read the raw bytes, refusing anything larger than a limit;
2. gunzip when the bytes start with the gzip magic number, with a bound on the
   decompressed size so that a gzip bomb is never fully inflated;
3. refuse what is plainly not a web page (images, PDFs, archives, binary data);
4. unpack MHTML ("Webpage, single file") archives to their HTML part;
5. decode the bytes to text: byte order mark, then the declared charset
   (checked against the bytes), then detection, then windows-1252, which never
   fails;
6. read where a saved page came from: MHTML headers, SingleFile's header
   comment, or the browsers' "saved from url" comment.

Encoding labels follow the WHATWG Encoding Standard, as browsers read them:
"iso-8859-1" means windows-1252, "gb2312" means gb18030, and so on.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import sys
import unicodedata
import zlib
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from newsparse.model import NewsparseError, Source
from newsparse.rules import LazyPattern

if TYPE_CHECKING:
    from email.message import Message

__all__ = [
    "MAX_DECOMPRESSED_BYTES",
    "MAX_INPUT_BYTES",
    "InflatedTooLarge",
    "InputTooLarge",
    "Page",
    "load_page",
    "read_input",
]

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

# The largest news pages saved with all their inline scripts and images are a few
# MiB (MHTML archives with images, a few tens); beyond this the input is a mistake.
MAX_INPUT_BYTES = 50 * MIB
# HTML compresses about 5-10x, so a legitimate gzipped page stays well under this;
# a gzip bomb (1000x and more) is stopped here instead of filling memory.
MAX_DECOMPRESSED_BYTES = 200 * MIB
# Read in pieces this large so that a stream is never read past the limit.
READ_CHUNK_BYTES = 1 * MIB
# Inflate gzip input this many compressed bytes at a time, so each step is small...
GZIP_INPUT_CHUNK_BYTES = 64 * 1024
# ...starting each member with this much: an empty member is 20 bytes, and what a
# member leaves unread of its first piece is copied once (zlib's unused_data).
FIRST_MEMBER_CHUNK_BYTES = 256
# What a record says of an input that was not whole (Extraction.warnings).
TRUNCATED_INPUT_WARNING = "input was cut short: the text may end early"
DAMAGED_INPUT_WARNING = "input is damaged past some point: the text may end early"
# A truncated gzip stream that inflated to less than this holds at most a doctype
# and part of <head>: nothing worth extracting, so it is an error instead.
MIN_TRUNCATED_GZIP_BYTES = 512

# Browsers only look at the first 1024 bytes for <meta charset>; real pages put
# scripts and styles first, so look further, as lenient parsers do.
DECLARATION_SNIFF_BYTES = 16 * 1024
# A MIME header block (Chrome's holds the page URL and an encoded title) fits here.
MHTML_SNIFF_BYTES = 16 * 1024
# Binary data shows itself in its first KiB; so does a page's doctype or first tag.
BINARY_SNIFF_CHARS = 1024
# Real pages carry a few stray control characters (NUL, BEL, U+001D seen in the
# wild); random binary has about 110 per KiB. The limit sits well between the two.
MAX_CONTROL_CHARS_IN_SNIFF = 32
# Internet Explorer and Chrome put "saved from url" right after the doctype.
SAVED_FROM_SNIFF_CHARS = 2048
# SingleFile puts its comment inside <html>, whose attributes can be long.
SINGLEFILE_SNIFF_CHARS = 8192

# A page declared (or assumed) UTF-8 with this many invalid bytes or fewer is
# UTF-8 with stray Latin-1 bytes pasted in (templates, old database rows)...
MAX_STRAY_BYTES = 16
# ...and so is one where they are under 1% of its non-ASCII bytes.
MAX_STRAY_BYTE_RATIO = 0.01
# Detection looks at this much of the page's text (markup removed): enough for a
# confident guess, small enough to score several candidate encodings quickly.
DETECTION_SAMPLE_BYTES = 64 * 1024
# Markup is stripped from at most this much of the page to build that sample.
DETECTION_SCAN_BYTES = 2 * MIB

GZIP_MAGIC = b"\x1f\x8b"
# wbits for zlib: 16 + 15 means "gzip header and trailer, 32 KiB window".
GZIP_WBITS = 16 + zlib.MAX_WBITS

# Magic numbers of files that people feed to an HTML tool by mistake.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document or EPUB)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (GZIP_MAGIC, "gzip data compressed twice"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"\x7fELF", "an executable"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"ID3", "an MP3 sound"),
    (b"OggS", "an Ogg sound or video"),
    (b"fLaC", "a FLAC sound"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "a Java class or a Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"MZ\x90\x00", "a Windows executable"),
)
# tar puts its magic number after the first file's 257-byte header fields.
TAR_MAGIC_OFFSET = 257
# Formats whose magic number sits after a 4-byte size field.
RIFF_FORMATS = {b"WEBP": "a WebP image", b"AVI ": "an AVI video", b"WAVE": "a WAV sound"}

# The codec Python uses to decode each WHATWG encoding the way browsers do.
WHATWG_CODECS = {
    "utf-8": "utf-8",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "ibm866": "cp866",
    "iso-8859-2": "iso8859-2",
    "iso-8859-3": "iso8859-3",
    "iso-8859-4": "iso8859-4",
    "iso-8859-5": "iso8859-5",
    "iso-8859-6": "iso8859-6",
    "iso-8859-7": "iso8859-7",
    "iso-8859-8": "iso8859-8",
    "iso-8859-10": "iso8859-10",
    "iso-8859-13": "iso8859-13",
    "iso-8859-14": "iso8859-14",
    "iso-8859-15": "iso8859-15",
    "iso-8859-16": "iso8859-16",
    "koi8-r": "koi8-r",
    "koi8-u": "koi8-u",
    "macintosh": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic",
    "windows-874": "cp874",
    "windows-1250": "cp1250",
    "windows-1251": "cp1251",
    "windows-1252": "cp1252",
    "windows-1253": "cp1253",
    "windows-1254": "cp1254",
    "windows-1255": "cp1255",
    "windows-1256": "cp1256",
    "windows-1257": "cp1257",
    "windows-1258": "cp1258",
    "gb18030": "gb18030",  # also decodes gbk and gb2312, which it extends
    "big5": "big5hkscs",  # browsers' big5 includes the Hong Kong extensions
    "euc-jp": "euc-jp",
    "iso-2022-jp": "iso2022-jp",
    "shift_jis": "cp932",  # Windows' Shift_JIS, which is what pages actually use
    "euc-kr": "cp949",  # likewise Windows' superset of EUC-KR
}
MULTI_BYTE_ENCODINGS = frozenset(
    {"utf-8", "utf-16le", "utf-16be", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr"}
)
# Labels whose WHATWG meaning is not what Python's codec of that name does, or
# that Python does not know. Other labels go through Python's alias table.
WHATWG_LABELS = {
    # browsers decode all of these as windows-1252, which only adds characters
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "l1": "windows-1252",
    "ascii": "windows-1252",
    "us-ascii": "windows-1252",
    "x-cp1252": "windows-1252",
    "x-user-defined": "windows-1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "shift-jis": "shift_jis",
    "sjis": "shift_jis",
    "x-sjis": "shift_jis",
    "ms_kanji": "shift_jis",
    "ms932": "shift_jis",
    "windows-31j": "shift_jis",
    "csshiftjis": "shift_jis",
    "x-euc-jp": "euc-jp",
    "ks_c_5601-1987": "euc-kr",
    "windows-949": "euc-kr",
    "korean": "euc-kr",
    "tis-620": "windows-874",
    "iso-8859-11": "windows-874",
    "dos-874": "windows-874",
    "iso-8859-9": "windows-1254",
    "latin5": "windows-1254",
    "iso-8859-8-i": "iso-8859-8",
    "x-mac-roman": "macintosh",
    "mac": "macintosh",
    "x-mac-ukrainian": "x-mac-cyrillic",
    "big5-hkscs": "big5",
    "x-x-big5": "big5",
    "cn-big5": "big5",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
}
# Python codec names (as codecs.lookup() spells them) that mean a web encoding;
# anything else Python can decode (rot13, utf-7, cp037, ...) is not one.
PYTHON_CODEC_ENCODINGS = {
    "utf-8": "utf-8",
    "utf-16": "utf-16le",
    "utf-16-le": "utf-16le",
    "utf-16-be": "utf-16be",
    "ascii": "windows-1252",
    "iso8859-1": "windows-1252",
    "iso8859-9": "windows-1254",
    "iso8859-11": "windows-874",
    "tis-620": "windows-874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5",
    "cp950": "big5",
    "shift_jis": "shift_jis",
    "cp932": "shift_jis",
    "euc_jp": "euc-jp",
    "iso2022_jp": "iso-2022-jp",
    "euc_kr": "euc-kr",
    "cp949": "euc-kr",
    **{codec: encoding for encoding, codec in WHATWG_CODECS.items()},
}
# When several encodings read the text equally well, prefer the more common on
# the web (W3Techs' usage figures) over exotic ones charset detection suggests.
WEB_PREVALENCE = (
    "windows-1252",
    "windows-1251",
    "gb18030",
    "shift_jis",
    "euc-kr",
    "windows-1250",
    "iso-8859-2",
    "big5",
    "euc-jp",
    "windows-1254",
    "windows-1256",
    "iso-8859-15",
    "windows-1253",
    "iso-8859-7",
    "windows-874",
    "windows-1255",
    "windows-1257",
    "koi8-r",
    "iso-8859-9",
)
# Always scored alongside the detector's guesses: the encodings that detectors
# most often confuse with each other (Western, Central European, Cyrillic, Turkish).
ALWAYS_CONSIDERED = ("windows-1252", "windows-1250", "iso-8859-2", "windows-1251", "koi8-r", "windows-1254")
# Non-letters that legitimately sit inside words or next to them: no-break space,
# soft hyphen, Catalan middle dot, apostrophes, and signs written after a word.
PLAUSIBLE_SYMBOLS = frozenset("\u00a0\u00ad\u00b7\u2019\u02bc\u00b0\u00a9\u00ae\u2122")
# Letters that in practice mean a Turkish page read as windows-1252 (ş ğ as þ ð):
# Icelandic, the only language using them, has long been UTF-8 on the web.
WRONG_TABLE_LETTERS = frozenset("\u00fe\u00f0\u00de\u00d0")
# Czech ě ů read as windows-1252 become ì ù inside words; the languages that use
# ì ù (Italian) put them at the end of a word.
CZECH_TELLTALES = frozenset("\u00ec\u00f9")

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    # Before UTF-16LE, whose mark the UTF-32LE one starts with ("\xff\xfe" then two
    # NULs: in UTF-16 that would be a page beginning with U+0000, which none does).
    (codecs.BOM_UTF32_LE, "utf-32le"),
    (codecs.BOM_UTF32_BE, "utf-32be"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
)
# Encodings the WHATWG standard does not know (so no label names them), read only
# when a byte order mark says so: some editors and exports still write UTF-32.
BOM_ONLY_CODECS = {"utf-32le": "utf-32-le", "utf-32be": "utf-32-be"}
# HTML comments are skipped when looking for <meta charset>, as browsers do:
# commented-out meta tags are common in old templates.
# A comment left open runs to the end, as browsers read it (and searching for its end
# from every "<!--" was quadratic).
HTML_COMMENT_RE = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
# Covers <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
META_CHARSET_RE = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([^\s\"'/>;,]+)", re.IGNORECASE)
XML_DECLARATION_RE = LazyPattern(rb"\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
# Bytes that are neither ASCII text nor part of a multi-byte character.
ASCII_BYTES = bytes(range(128))
UNDECODED_BYTES_RE = LazyPattern("[\udc80-\udcff]+")
DECODED_NON_ASCII_RE = LazyPattern("[^\x00-\x7f\udc80-\udcff]")
NON_ASCII_RUN_RE = LazyPattern("[^\x00-\x7f]+")
# C0 controls other than tab, newline, form feed and carriage return.
CONTROL_CHARS_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
# The same, one byte each: `in` looks for a single byte with memchr, and 27 such scans
# take half the time of one bytes.translate() over the page.
CONTROL_BYTES = tuple(bytes([b]) for b in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)))
# Anything that starts like a tag, a comment, a doctype or an XML declaration.
HTML_TAG_RE = re.compile(r"<(?:!--|!doctype\b|\?xml\b|/?[a-z][a-z0-9:-]*[\s/>])", re.IGNORECASE)
# The same for scripts, styles and comments left open; a tag never holds "<".
SCRIPT_OR_STYLE_RE = LazyPattern(rb"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
MARKUP_RE = LazyPattern(rb"<!--.*?(?:-->|\Z)|<[^<>]*>", re.DOTALL)
# Escape sequences that switch ISO-2022-JP between ASCII and Japanese.
ISO_2022_JP_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J")

MIME_HEADER_LINE_RE = re.compile(rb"[!-9;-~]+:")
MIME_VERSION_RE = LazyPattern(rb"^mime-version\s*:", re.IGNORECASE | re.MULTILINE)
MULTIPART_RELATED_RE = LazyPattern(rb"^content-type\s*:\s*multipart/related\b", re.IGNORECASE | re.MULTILINE)
BLANK_LINE_RE = LazyPattern(rb"\r?\n\r?\n")

SAVED_FROM_RE = re.compile(r"<!--\s*saved from url=\((\d+)\)", re.IGNORECASE)
# What follows a saved-from URL: the comment's end. IE writes local pages as this.
SAVED_FROM_END_RE = LazyPattern(r"\s*-->|\s")
LOCAL_SAVED_FROM_URL = "about:internet"
SINGLEFILE_RE = re.compile(r"<!--\s*Page saved with SingleFile\b(.*?)-->", re.DOTALL | re.IGNORECASE)
# [ \t]*, not \s*, before the key: \s* ran on over every following blank line from
# each line start (quadratic on a header of newlines).
SINGLEFILE_URL_RE = LazyPattern(r"^[ \t]*url:\s*(\S+)", re.MULTILINE)
SINGLEFILE_DATE_RE = LazyPattern(r"^[ \t]*saved date:\s*(.+?)\s*$", re.MULTILINE)
# JavaScript's Date.prototype.toString(): "Thu Sep 07 2023 15:04:05 GMT+0200 (Central European Summer Time)".
JS_DATE_RE = LazyPattern(
    r"(?:[A-Za-z]{3},?\s+)?(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    r"\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?:GMT|UTC)\s*(?P<offset>[+-]\d{2}:?\d{2})?)?"
)
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


class InputTooLarge(NewsparseError):
    """The input is larger than the size limit (the CLI's --max-size)."""


class InflatedTooLarge(NewsparseError):
    """Gzip input inflates past the decompressed-size limit: a gzip bomb, or a huge page."""


class Page(NamedTuple):
    """A page ready to parse: its HTML as text, and where it came from."""

    html: str
    source: Source
    # The input's own bytes when they are exactly `html` in UTF-8 (most pages): the
    # parser takes them as they are instead of encoding the text back (0.1 ms a page).
    utf8: bytes | None = None
    # An MHTML archive's other parts by address (Content-Location, "cid:" Content-ID):
    # the images it carries (images.py). Decoded only when asked for.
    parts: dict[str, Message] | None = None


class _Provenance(NamedTuple):
    url: str | None = None
    saved_at: str | None = None


class _MhtmlPart(NamedTuple):
    html: bytes
    charset: str | None
    provenance: _Provenance
    parts: dict[str, Message]


# ---------------------------------------------------------------- reading


def read_input(path: str, *, stdin: BinaryIO | None = None, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Read the raw bytes of `path` ("-" for stdin), never more than `max_bytes` + 1.

    Error messages do not repeat the path: callers name the input themselves.
    Devices such as /dev/zero are read like files and stop at the size limit;
    opening a FIFO waits for a writer, so callers bound it in time (the CLI's
    --timeout does)."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            return _read_limited(stream, max_bytes)
        except OSError as error:
            raise NewsparseError(f"cannot read standard input: {error.strerror or error}") from error
    try:
        with open(path, "rb") as stream:
            return _read_limited(stream, max_bytes)
    except FileNotFoundError as error:
        if os.path.islink(path):
            raise NewsparseError(f"broken symbolic link (to {os.readlink(path)!r})") from error
        raise NewsparseError("no such file") from error
    except IsADirectoryError as error:
        raise NewsparseError("is a directory, not a file") from error
    except PermissionError as error:
        raise NewsparseError("permission denied") from error
    except OSError as error:
        raise NewsparseError(f"cannot read: {error.strerror or error}") from error


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    # A pipe may return short reads, so keep reading until EOF or one byte past the limit.
    while total <= max_bytes:
        chunk = stream.read(min(READ_CHUNK_BYTES, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise InputTooLarge(f"larger than the {describe_size(max_bytes)} input limit")
    return b"".join(chunks)


def describe_size(size: int) -> str:
    """A byte count as people write it: "50 MiB", "1.5 GiB", "700 bytes"."""
    for unit, name in ((GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")):
        if size >= unit:
            return f"{size / unit:.1f}".removesuffix(".0") + f" {name}"
    return f"{size} bytes"


# ---------------------------------------------------------------- loading


def may_hold_control_chars(payload: bytes, encoding: str) -> bool:
    """Whether the decoded text can contain C0 control characters. In ASCII-compatible
    encodings they are the same bytes, found much faster in the bytes than by a
    regular-expression search of the decoded text (they are rare in real pages)."""
    if encoding.startswith(("utf-16", "utf-32")) or encoding in ("iso-2022-jp",):
        return True
    return any(control in payload for control in CONTROL_BYTES)


def load_page(data: bytes, *, path: str | None = None, max_decompressed: int = MAX_DECOMPRESSED_BYTES,
              charset: str | None = None) -> Page:
    """Turn the raw bytes of a saved page (HTML, gzipped HTML or MHTML) into a `Page`.

    `charset` is what a transport said of the bytes (an HTTP Content-Type in a WARC
    record); like a BOM it outranks the page's own declaration."""
    if not data:
        raise NewsparseError("empty input")
    payload, problem = _inflate_members(data, max_decompressed) if data.startswith(GZIP_MAGIC) else (data, None)
    if not payload.strip():
        raise NewsparseError("empty input")
    _refuse_known_binary(payload)

    page_format = "html"
    transport_charset = charset
    mhtml_provenance = _Provenance()
    parts = None
    if _looks_like_mhtml(payload):
        payload, transport_charset, mhtml_provenance, parts = _unpack_mhtml(payload)
        page_format = "mhtml"

    html, encoding, exact = _decode_html(payload, transport_charset)
    _refuse_binary_text(html)
    if may_hold_control_chars(payload, encoding) and CONTROL_CHARS_RE.search(html):
        html = CONTROL_CHARS_RE.sub("", html)
        exact = False
    if not HTML_TAG_RE.search(html):
        raise NewsparseError("not an HTML page: no tags found (plain text?)")

    provenance = _merge_provenance(mhtml_provenance, _singlefile_provenance(html), _saved_from_provenance(html))
    source = Source(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        encoding=encoding,
        format=page_format,
        saved_from_url=provenance.url,
        saved_at=provenance.saved_at,
        warnings=(problem,) if problem else (),
    )
    return Page(html=html, source=source, utf8=payload if exact else None, parts=parts)


def _inflate_members(data: bytes, limit: int) -> tuple[bytes, str | None]:
    """The inflated bytes of every member, and what went wrong at the end if anything
    did (None: the stream was whole).

    Each member is fed from a view of `data`, never a copy of the rest of it: with a
    copy per member, 100,000 empty members (2 MB) took minutes. A member starts with a
    small piece, doubled while it goes on, so a tiny member costs a tiny read."""
    out = bytearray()
    view = memoryview(data)
    start = 0  # where the current member begins in `data`
    while True:
        inflater = zlib.decompressobj(GZIP_WBITS)
        position, chunk, pending = start, FIRST_MEMBER_CHUNK_BYTES, b""
        try:
            while not inflater.eof:
                if not pending:
                    if position >= len(data):
                        return _keep_partial_gzip(out, "truncated gzip data"), TRUNCATED_INPUT_WARNING
                    pending = view[position : position + chunk]
                    position += len(pending)
                    chunk = min(chunk * 2, GZIP_INPUT_CHUNK_BYTES)
                # max_length caps each step's output, so a bomb never gets further than the limit.
                out += inflater.decompress(pending, limit + 1 - len(out))
                if len(out) > limit:
                    raise InflatedTooLarge(
                        f"gzip data inflates to more than {describe_size(limit)}; refusing it (a gzip bomb?)"
                    )
                pending = inflater.unconsumed_tail
        except zlib.error as error:
            return _keep_partial_gzip(out, f"damaged gzip data ({error})"), DAMAGED_INPUT_WARNING
        start = position - len(inflater.unused_data) - len(inflater.unconsumed_tail)
        if not data.startswith(GZIP_MAGIC, start):
            return bytes(out), None  # the end, or trailing padding or garbage, as gzip(1) ignores it
        # Another member follows, as in `cat a.gz b.gz`: gzip(1) reads them all.


def _keep_partial_gzip(out: bytearray, problem: str) -> bytes:
    # A download cut short still holds most of the article: keep what inflated.
    if len(out) >= MIN_TRUNCATED_GZIP_BYTES:
        return bytes(out)
    raise NewsparseError(f"{problem}: only {len(out)} bytes could be decompressed")


def _refuse_known_binary(payload: bytes) -> None:
    for magic, description in BINARY_SIGNATURES:
        if payload.startswith(magic):
            raise NewsparseError(f"not an HTML page: looks like {description}")
    if payload.startswith(b"RIFF") and payload[8:12] in RIFF_FORMATS:
        raise NewsparseError(f"not an HTML page: looks like {RIFF_FORMATS[payload[8:12]]}")
    if payload[TAR_MAGIC_OFFSET : TAR_MAGIC_OFFSET + 5] == b"ustar":
        raise NewsparseError("not an HTML page: looks like a tar archive")
    if payload[4:8] == b"ftyp":
        raise NewsparseError("not an HTML page: looks like a video or an image (ISO media file)")


def _refuse_binary_text(text: str) -> None:
    head = text[:BINARY_SNIFF_CHARS]
    if len(CONTROL_CHARS_RE.findall(head)) > MAX_CONTROL_CHARS_IN_SNIFF:
        raise NewsparseError("not an HTML page: looks like binary data")


# ---------------------------------------------------------------- MHTML


def _looks_like_mhtml(payload: bytes) -> bool:
    head = payload[:MHTML_SNIFF_BYTES].lstrip()
    if not MIME_HEADER_LINE_RE.match(head):
        return False
    header_block = BLANK_LINE_RE.split(head, maxsplit=1)[0]
    return bool(MIME_VERSION_RE.search(header_block) and MULTIPART_RELATED_RE.search(header_block))


def _unpack_mhtml(payload: bytes) -> _MhtmlPart:
    # compat32 keeps going on malformed headers where the modern policy may raise.
    import email
    from email import policy

    message = email.message_from_bytes(payload.lstrip(), policy=policy.compat32)
    snapshot_url = _header_url(message.get("Snapshot-Content-Location"))
    html_part = _pick_html_part(message, snapshot_url)
    if html_part is None:
        raise NewsparseError("MHTML archive has no text/html part")
    html = html_part.get_payload(decode=True) or b""
    if not html.strip():
        raise NewsparseError("MHTML archive has an empty text/html part")
    url = snapshot_url or _header_url(html_part.get("Content-Location"))
    saved_at = _parse_mime_date(message.get("Date"))
    return _MhtmlPart(html, html_part.get_content_charset(), _Provenance(url, saved_at),
                      _parts_by_address(message, html_part))


def _parts_by_address(message: Message, html_part: Message) -> dict[str, Message]:
    """The archive's other parts under each address the page may use for them."""
    parts: dict[str, Message] = {}
    for part in message.walk():
        if part is html_part or part.is_multipart():
            continue
        location = _header_url(part.get("Content-Location"))
        if location:
            parts.setdefault(location, part)
        content_id = _header_url(part.get("Content-ID"))
        if content_id:
            parts.setdefault("cid:" + content_id.strip("<>"), part)
    return parts


def _pick_html_part(message: Message, snapshot_url: str | None) -> Message | None:
    html_parts = [part for part in message.walk() if part.get_content_type() == "text/html"]
    for part in html_parts:
        if snapshot_url and _header_url(part.get("Content-Location")) == snapshot_url:
            return part
    return html_parts[0] if html_parts else None


def _header_url(value: object) -> str | None:
    if value is None:
        return None
    # Long header lines are folded; a URL never contains literal whitespace.
    url = re.sub(r"\s+", "", str(value))
    return url or None


def _parse_mime_date(value: object) -> str | None:
    from email.utils import parsedate_to_datetime

    if value is None:
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        # "-0000" means UTC with the sender's zone unknown; Chrome writes exactly that.
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat()


# ---------------------------------------------------------------- decoding


def _decode_html(data: bytes, transport_charset: str | None = None) -> tuple[str, str, bool]:
    """Decode page bytes to text; return the text, the WHATWG name of the encoding used,
    and whether the text is exactly the bytes read as UTF-8 (no BOM, no repairs)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding == "utf-8":
                return (*_decode_utf8_with_strays(body), False)
            codec = BOM_ONLY_CODECS.get(encoding) or WHATWG_CODECS[encoding]
            return body.decode(codec, "replace"), encoding, False
    utf16 = _sniff_utf16_without_bom(data)
    if utf16:
        return data.decode(WHATWG_CODECS[utf16], "replace"), utf16, False

    declared = _encoding_for_label(transport_charset) or _find_declared_encoding(data)
    if declared in ("utf-16le", "utf-16be"):
        declared = "utf-8"  # the bytes are ASCII-compatible, so the label is wrong (WHATWG rule)
    if data.isascii():
        text, encoding = _decode_ascii(data, declared)
        return text, encoding, text.isascii() and len(text) == len(data)  # not so for ISO-2022-JP
    utf8_text = _decode_strict(data, "utf-8")
    if utf8_text is not None:
        # Non-ASCII bytes that form valid UTF-8 by accident are vanishingly rare, so
        # a page that passes is UTF-8 whatever it declares (e.g. "gb2312" templates).
        return utf8_text, "utf-8", True

    if declared in (None, "utf-8"):
        if _is_utf8_with_few_strays(data):
            return (*_decode_utf8_with_strays(data), False)
        return (*_detect_encoding(data), False)
    legacy_text = _decode_legacy_if_clean(data, declared)
    if legacy_text is not None:
        return legacy_text, declared, False
    return (*_detect_encoding(data), False)


def _decode_ascii(data: bytes, declared: str | None) -> tuple[str, str]:
    # Every ASCII-compatible encoding reads ASCII alike; record the one declared.
    if declared is None and any(escape in data for escape in ISO_2022_JP_ESCAPES):
        declared = "iso-2022-jp"  # 7-bit, so only its escapes tell it from ASCII
    if declared is None:
        return data.decode("ascii"), "utf-8"
    return _decode_as(data, declared), declared


def _sniff_utf16_without_bom(data: bytes) -> str | None:
    # Markup is ASCII, so UTF-16 text without a BOM has a NUL in every other byte.
    head = data[:BINARY_SNIFF_CHARS].rstrip(b"\x00")
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if not odd.count(0) and even.count(0) >= len(even) * 0.9 and b"<" in odd:
        return "utf-16be"
    if not even.count(0) and odd.count(0) >= len(odd) * 0.9 and b"<" in even:
        return "utf-16le"
    return None


def _encoding_for_label(label: str | bytes | None) -> str | None:
    """The WHATWG encoding a charset label means, or None for labels browsers ignore."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    if label in WHATWG_LABELS:
        return WHATWG_LABELS[label]
    if label in WHATWG_CODECS:
        return label
    try:
        codec_name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    return PYTHON_CODEC_ENCODINGS.get(codec_name)


def _find_declared_encoding(data: bytes) -> str | None:
    head = HTML_COMMENT_RE.sub(b"", data[:DECLARATION_SNIFF_BYTES])
    for match in META_CHARSET_RE.finditer(head):
        encoding = _encoding_for_label(match.group(1))
        if encoding:
            return encoding
    declaration = XML_DECLARATION_RE.match(head)
    return _encoding_for_label(declaration.group(1)) if declaration else None


def _decode_strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode_as(data: bytes, encoding: str) -> str:
    """Decode without ever failing: bytes a table leaves undefined stay as their code point."""
    codec = WHATWG_CODECS[encoding]
    if encoding == "utf-8":
        return _decode_utf8_with_strays(data)[0]
    if encoding in MULTI_BYTE_ENCODINGS:
        return data.decode(codec, "replace")
    # windows-1252 maps 0x81, 0x8D, ... to U+0081, ... in browsers; Python leaves them undefined.
    text = data.decode(codec, "surrogateescape")
    return UNDECODED_BYTES_RE.sub(_latin1_for_escaped, text)


def _latin1_for_escaped(match: re.Match[str]) -> str:
    return "".join(chr(ord(char) - 0xDC00) for char in match.group())


def _windows_1252_for_escaped(match: re.Match[str]) -> str:
    raw = bytes(ord(char) - 0xDC00 for char in match.group())
    return _decode_as(raw, "windows-1252")


def _is_utf8_with_few_strays(data: bytes) -> bool:
    """True for UTF-8 with a few invalid bytes; False for bytes in some other encoding."""
    text = data.decode("utf-8", "surrogateescape")
    if not DECODED_NON_ASCII_RE.search(text):
        return False  # not one valid multi-byte character: this is not UTF-8 at all
    strays = sum(len(run) for run in UNDECODED_BYTES_RE.findall(text))
    non_ascii = len(data.translate(None, ASCII_BYTES))
    return strays <= MAX_STRAY_BYTES or strays < non_ascii * MAX_STRAY_BYTE_RATIO


def _decode_utf8_with_strays(data: bytes) -> tuple[str, str]:
    """Decode UTF-8, reading each invalid byte as windows-1252 (what it nearly always is)."""
    text = data.decode("utf-8", "surrogateescape")
    if not UNDECODED_BYTES_RE.search(text):
        return text, "utf-8"
    has_utf8_characters = bool(DECODED_NON_ASCII_RE.search(text))
    text = UNDECODED_BYTES_RE.sub(_windows_1252_for_escaped, text)
    # With no valid multi-byte character at all, every non-ASCII byte was read as windows-1252.
    return text, "utf-8" if has_utf8_characters else "windows-1252"


def _decode_legacy_if_clean(data: bytes, encoding: str) -> str | None:
    """Decode with a declared legacy encoding, or None if the bytes are clearly not in it."""
    if encoding not in MULTI_BYTE_ENCODINGS:
        return _decode_as(data, encoding)  # every byte means something in a single-byte table
    text = data.decode(WHATWG_CODECS[encoding], "replace")
    errors = text.count("\ufffd")
    non_ascii = len(data.translate(None, ASCII_BYTES))
    if errors <= MAX_STRAY_BYTES or errors < non_ascii * MAX_STRAY_BYTE_RATIO:
        return text
    return None


def _detect_encoding(data: bytes) -> tuple[str, str]:
    """Guess the encoding of undeclared or misdeclared bytes, reading them as text."""
    from charset_normalizer import from_bytes

    sample = _text_sample(data)
    guesses = []
    for match in from_bytes(sample):
        for name in (match.encoding, *match.could_be_from_charset):
            encoding = _encoding_for_label(name)
            if encoding == "utf-8":
                return _decode_utf8_with_strays(data)
            if encoding and encoding not in ("utf-16le", "utf-16be") and encoding not in guesses:
                guesses.append(encoding)
    candidates = guesses + [encoding for encoding in ALWAYS_CONSIDERED if encoding not in guesses]
    best = min(candidates, key=lambda encoding: _candidate_rank(sample, encoding, guesses))
    return _decode_as(data, best), best


def _text_sample(data: bytes) -> bytes:
    """The page's text without markup: what tells encodings apart, concentrated."""
    scanned = data[:DETECTION_SCAN_BYTES]
    text = MARKUP_RE.sub(b" ", SCRIPT_OR_STYLE_RE.sub(b" ", scanned))
    if text.isascii():
        text = scanned  # the non-ASCII bytes are all in attributes or scripts
    return text[:DETECTION_SAMPLE_BYTES]


def _candidate_rank(sample: bytes, encoding: str, guesses: list[str]) -> tuple[float, bool, bool, int, int]:
    # Fewest signs of mojibake first. On a tie: windows-1252, by far the most common
    # legacy encoding, which detectors under-rate (they read French as windows-1250);
    # then encodings common on the web before exotic ones (detectors read Polish
    # as iso-8859-10); then the detector's order; then prevalence.
    prevalence = WEB_PREVALENCE.index(encoding) if encoding in WEB_PREVALENCE else len(WEB_PREVALENCE)
    guess_order = guesses.index(encoding) if encoding in guesses else len(guesses)
    return (
        _implausibility(_decode_as(sample, encoding)),
        encoding != "windows-1252",
        encoding not in WEB_PREVALENCE,
        guess_order,
        prevalence,
    )


def _implausibility(text: str) -> float:
    """How much a decoding looks like mojibake: a score to compare candidate encodings.

    Each non-ASCII character is judged with its neighbours; see `_char_implausibility`.
    """
    score = 0.0
    for run in NON_ASCII_RUN_RE.finditer(text):
        start, end = run.span()
        context = (text[start - 1] if start else " ") + run.group() + (text[end] if end < len(text) else " ")
        latin_letters_in_a_row = 0
        for i in range(1, len(context) - 1):
            char = context[i]
            score += _char_implausibility(context[i - 1], char, context[i + 1])
            if "\u00c0" <= char <= "\u024f" and char.isalpha():
                latin_letters_in_a_row += 1
                # Western words rarely have three accented letters in a row; Cyrillic
                # or Greek read as windows-1252 is nothing else ("Ìîñêâà").
                if latin_letters_in_a_row == 3:
                    score += 1
            else:
                latin_letters_in_a_row = 0
    return score


def _char_implausibility(previous: str, char: str, following: str) -> float:
    if "\x80" <= char <= "\x9f" or char == "\ufffd":
        return 3  # a byte the table leaves undefined, or an invalid sequence
    kind = unicodedata.category(char)
    if kind[0] in "LM":
        if char in WRONG_TABLE_LETTERS or (char in CZECH_TELLTALES and _is_letter(following)):
            return 1
        if _script(char) != _script(previous) and _is_letter(previous):
            return 1  # Latin and Cyrillic letters in one word ("Tьrkiye")
        if char.isupper() and _is_letter(previous):
            # Capitals inside lowercase words, or whole texts in capitals: KOI8-R
            # read as windows-1251 ("лНЯЙБЮ"), windows-1251 read as KOI8-R.
            return 1 if previous.islower() else 0.25
        return 0
    if char in PLAUSIBLE_SYMBOLS:
        return 0
    # A symbol inside a word is a letter from another table (Polish "mo¿e" for
    # "może"); a math or currency sign stuck to one is too (windows-1251 read as
    # x-mac-cyrillic: "√ород", "населени€"), but punctuation there is normal.
    if _is_letter(previous) and _is_letter(following):
        return 1
    if kind[0] == "S" and (_is_letter(previous) or _is_letter(following)):
        return 1
    return 0


def _script(char: str) -> str:
    if char < "\u0250" or "\u1e00" <= char <= "\u1eff":
        return "latin"
    if "\u0370" <= char <= "\u03ff":
        return "greek"
    if "\u0400" <= char <= "\u052f":
        return "cyrillic"
    return "other"


def _is_letter(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char)[0] == "M"


# ---------------------------------------------------------------- provenance


def _merge_provenance(*sources: _Provenance) -> _Provenance:
    """Take each field from the first source that has it (sources in order of trust)."""
    url = next((source.url for source in sources if source.url), None)
    saved_at = next((source.saved_at for source in sources if source.saved_at), None)
    return _Provenance(url, saved_at)


def _saved_from_provenance(html: str) -> _Provenance:
    head = html[:SAVED_FROM_SNIFF_CHARS]
    match = SAVED_FROM_RE.search(head)
    if not match:
        return _Provenance()
    rest = html[match.end() : match.end() + int(match.group(1)) + SAVED_FROM_SNIFF_CHARS]
    url = rest[: int(match.group(1))]
    # The length prefix is exact for what IE and Chrome write; if a tool got it
    # wrong, fall back to the comment's end.
    if not url or not SAVED_FROM_END_RE.match(rest, len(url)):
        end = SAVED_FROM_END_RE.search(rest)
        url = rest[: end.start()] if end else rest
    url = url.strip()
    if not url or url.lower() == LOCAL_SAVED_FROM_URL:
        return _Provenance()
    return _Provenance(url)


def _singlefile_provenance(html: str) -> _Provenance:
    match = SINGLEFILE_RE.search(html[:SINGLEFILE_SNIFF_CHARS])
    if not match:
        return _Provenance()
    header = match.group(1)
    url = SINGLEFILE_URL_RE.search(header)
    saved = SINGLEFILE_DATE_RE.search(header)
    return _Provenance(url.group(1) if url else None, _parse_saved_date(saved.group(1)) if saved else None)


def _parse_saved_date(value: str) -> str | None:
    """ISO 8601 for a date as saving tools write it: JavaScript, ISO or RFC 2822 style."""
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    match = JS_DATE_RE.match(value)
    if match:
        return _js_date_to_iso(match)
    return _parse_mime_date(value)


def _js_date_to_iso(match: re.Match[str]) -> str | None:
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return None
    offset = match["offset"]
    zone = None
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        zone = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        moment = datetime(
            int(match["year"]), month, int(match["day"]),
            int(match["hour"]), int(match["minute"]), int(match["second"] or 0), tzinfo=zone,
        )
    except ValueError:
        return None
    return moment.isoformat()
