"""Fuzz newsparse.parse and every renderer with hostile bytes.

    python tests/fuzz_parse.py                  # atheris if installed, else hypothesis
    python tests/fuzz_parse.py -runs=100000     # atheris options pass through
    python tests/fuzz_parse.py --examples 20000 # the hypothesis loop's length
    python tests/fuzz_parse.py --help           # this text

The property is the one tests/test_hostile.py checks with a few examples:
any bytes give an Article or a NewsparseError, nothing else; every rendering is
valid UTF-8, the JSON parses and fits the shipped schema, JSON Lines is one
line, the same bytes give the same output, and no script URL reaches a link.

Not collected by pytest (the name does not start with test_); the strategies
and `check_bytes` are imported by tests/test_hostile.py.
"""
from __future__ import annotations

import gzip
import html
import json
import re
import sys
from importlib import resources

from hypothesis import strategies as st

from newsparse import NewsparseError, parse, render

FORMATS = ("json", "jsonl", "markdown", "text")
UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)
# What a browser strips before reading the scheme (WHATWG URL Standard): C0 controls
# and spaces at both ends, tab and newline anywhere.
_BROWSER_IGNORED_EDGES = "".join(map(chr, range(0x21)))
_BROWSER_IGNORED_ANYWHERE = re.compile("[\t\n\r]")
_HTML_HREF = re.compile(r'<a href="([^"]*)">')
# Controls no record string keeps (tab and newline are text), and lone surrogates.
UNWANTED_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def runs_as_script(url: str) -> bool:
    """Whether a browser would run or inline `url` (after its own stripping)."""
    return bool(UNSAFE_URL.match(_BROWSER_IGNORED_ANYWHERE.sub("", url.strip(_BROWSER_IGNORED_EDGES))))


def record_addresses(record: dict) -> list[str]:
    """Every address in a record as JSON: fields named url, links, and hrefs in html."""
    found: list[str] = []
    stack: list[tuple[object, str]] = [(record, "")]
    while stack:
        value, name = stack.pop()
        if isinstance(value, dict):
            stack.extend((item, key) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, name) for item in value)
        elif isinstance(value, str):
            if name.endswith("url") or name == "links":
                found.append(value)
            elif name in ("html", "cell_html"):
                found.extend(html.unescape(href) for href in _HTML_HREF.findall(value))
    return found


def record_strings(record: object) -> list[str]:
    if isinstance(record, dict):
        return [s for item in record.values() for s in record_strings(item)]
    if isinstance(record, list):
        return [s for item in record for s in record_strings(item)]
    return [record] if isinstance(record, str) else []

_validator = None


def schema_validator():
    """The shipped JSON Schema, compiled once (None if jsonschema is missing)."""
    global _validator
    if _validator is None:
        try:
            from jsonschema import Draft202012Validator
        except ImportError:
            return None
        schema = json.loads(resources.files("newsparse").joinpath("schema.json").read_text(encoding="utf-8"))
        _validator = Draft202012Validator(schema)
    return _validator


_markdown = None


def markdown_link_targets(text: str) -> list[str]:
    """Every link and image target a CommonMark reader sees (unsafe ones included)."""
    global _markdown
    if _markdown is None:
        from markdown_it import MarkdownIt

        _markdown = MarkdownIt("commonmark")
        _markdown.validateLink = lambda url: True  # report unsafe targets instead of hiding them
    targets = []
    stack = list(_markdown.parse(text))
    while stack:
        token = stack.pop()
        for name in ("href", "src"):
            if token.attrGet(name) is not None:
                targets.append(str(token.attrGet(name)))
        stack.extend(token.children or ())
    return targets


def check_bytes(data: bytes):
    """Parse `data` and check every rendering; return the Article, or None for a NewsparseError."""
    try:
        article = parse(data, path="fuzz.html")
    except NewsparseError as error:
        message = str(error)
        assert message and "\n" not in message, f"an error message must be one line: {message!r}"
        return None
    outputs = {name: render(article, name) for name in FORMATS}
    for name, text in outputs.items():
        text.encode("utf-8")  # strict: a lone surrogate here would break the output file
        assert text.endswith("\n"), name
    record = json.loads(outputs["json"])
    assert json.loads(outputs["jsonl"]) == record
    assert outputs["jsonl"].count("\n") == 1 and "\u2028" not in outputs["jsonl"]
    validator = schema_validator()
    if validator is not None:
        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        assert not errors, errors[0].message
    unsafe = [url for url in markdown_link_targets(outputs["markdown"]) if runs_as_script(url)]
    assert not unsafe, f"script URL reached a Markdown link: {unsafe}"
    unsafe = [url for url in record_addresses(record) if runs_as_script(url)]
    assert not unsafe, f"script URL reached the record: {unsafe}"
    dirty = [s for s in record_strings({k: v for k, v in record.items() if k != "source"}) if UNWANTED_CHARS.search(s)]
    assert not dirty, f"a control character or lone surrogate reached the record: {dirty[:3]}"
    again = parse(data, path="fuzz.html")
    assert render(again, "json") == outputs["json"], "same bytes, different output"
    return article


# ---------------------------------------------------------------- strategies

TAGS = ("div", "p", "span", "a", "b", "em", "strong", "i", "ul", "ol", "li", "blockquote", "table",
        "tr", "td", "th", "h1", "h2", "h3", "pre", "code", "figure", "figcaption", "article", "section",
        "main", "nav", "header", "footer", "aside", "script", "style", "noscript", "sup", "font", "form",
        "select", "option", "template", "svg", "math", "iframe", "time", "dl", "dt", "dd")
VOID = ("br", "hr", "img", "meta", "wbr", "input")
ATTRIBUTES = st.sampled_from([
    "", ' class="article-body"', ' class="comment"', ' class="nav share"', ' id="content"',
    ' href="/relative/path"', ' href="javascript:alert(1)"', ' href=" JaVaScRiPt:x"', ' href="data:text/html,x"',
    ' href="vbscript:x"', ' href="&#x01;javascript:x"', ' href="java&#x0a;script:x"', ' src="java&#9;script:x"',
    ' href="&#x1b; data:text/html,x"', ' href="\tjavascript:x"', ' href="https://example.com/&#x1b;[2J"', ' href="https://example.com/a b(c)"', ' src="data:image/png;base64,AAAA"',
    ' src="/img/a.jpg" alt="an ]( image"', ' itemprop="articleBody"', ' lang="xx"', ' datetime="2023-13-45"',
    ' style="display:none"', ' hidden', ' href', ' class=',
])
# Text that stresses escaping and decoding: markup characters, entities (some
# that decode to surrogates, NUL or line separators), and any Unicode at all.
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "&amp;", "&#xD800;", "&#0;", "&#x1b;[2J", "&#x9b;", "\x9b31m", "&#x7f;", "&#x2028;", "&#x85;", "&lt;script&gt;", "# heading?", "1. not a list",
        "*[x](javascript:y)*", "| a | b |", "```", "\u2028", "\u0085", "\x00", "\ufeff", "]]>", "<!--",
        "lorem ipsum dolor sit amet, consectetur adipiscing elit " * 4,
    ]),
)


def _element(children: list[str], tag: str, attributes: str, closed: bool) -> str:
    return f"<{tag}{attributes}>{''.join(children)}" + (f"</{tag}>" if closed else "")


def html_trees(max_leaves: int = 30):
    """Arbitrary HTML, nested as st.recursive builds it: elements (closed or not),
    void tags, text and comments."""
    leaves = st.one_of(
        TEXT.map(lambda text: text.replace("<", "&lt;") if text.startswith("<!") else text),
        st.sampled_from(VOID).flatmap(lambda tag: ATTRIBUTES.map(lambda a: f"<{tag}{a}>")),
        st.text(max_size=10).map(lambda text: f"<!--{text}-->"),
    )
    return st.recursive(
        leaves,
        lambda children: st.builds(_element, st.lists(children, max_size=5), st.sampled_from(TAGS),
                                   ATTRIBUTES, st.booleans()),
        max_leaves=max_leaves,
    )


def _document(body: str, head: str, charset: str, wrap: str) -> bytes:
    html = f"<!DOCTYPE html><html><head>{head}<title>T</title></head><body>{body}</body></html>"
    data = html.encode(charset if charset != "utf-8" else "utf-8", "surrogatepass" if charset == "utf-8" else "replace")
    if wrap == "gzip":
        return gzip.compress(data, mtime=0)
    if wrap == "truncated":
        return data[: len(data) * 2 // 3]
    return data


def html_documents():
    """Whole pages as bytes: a random tree in a random (sometimes wrong) encoding,
    sometimes gzipped or cut short."""
    heads = st.sampled_from([
        "", '<meta charset="utf-8">', '<meta charset="windows-1251">', '<meta charset="utf-16">',
        '<meta charset="x-no-such">', '<script type="application/ld+json">{"@type":"NewsArticle",'
        '"headline":"H","datePublished":"2023-02-30T25:61:00+99:00","author":[{"name":null}]}</script>',
        '<script type="application/ld+json">[[[[{"@graph":[{}]}]]]]</script>',
        '<meta property="og:title" content="\u2028x"><meta name="author" content="">',
    ])
    return st.builds(_document, html_trees(), heads, st.sampled_from(["utf-8", "cp1252", "shift_jis"]),
                     st.sampled_from(["plain", "plain", "gzip", "truncated"]))


def hostile_bytes():
    """Bytes of every kind: random, random after a page's start, random pages."""
    return st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=500).map(lambda b: b"<html><body><p>" + b),
        st.binary(max_size=200).map(lambda b: b"\x1f\x8b" + b),
        st.binary(max_size=300).map(lambda b: b"MIME-Version: 1.0\r\nContent-Type: multipart/related; "
                                               b"boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n" + b),
        html_documents(),
    )


# ---------------------------------------------------------------- entry point


def _atheris_main(argv: list[str]) -> None:
    import atheris

    def one_input(data: bytes) -> None:
        check_bytes(data)

    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def _hypothesis_main(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(hostile_bytes())
    def fuzz(data: bytes) -> None:
        check_bytes(data)

    fuzz()
    print(f"fuzz_parse: {examples} examples, no failure")


HELP_FLAGS = ("-h", "--help")


def main(argv: list[str]) -> None:
    if any(arg in HELP_FLAGS for arg in argv[1:]):
        # Neither loop knows these flags: atheris would take one for a corpus
        # directory and start a run, and the hypothesis loop would ignore it.
        print(__doc__.strip())
        return
    examples = 10_000
    if "--examples" in argv:
        index = argv.index("--examples")
        examples = int(argv[index + 1])
        del argv[index : index + 2]
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("fuzz_parse: atheris is not installed; running the hypothesis loop", file=sys.stderr)
        _hypothesis_main(examples)
        return
    atheris.instrument_all()  # newsparse is already imported: instrument what is loaded
    _atheris_main(argv)


if __name__ == "__main__":
    main(sys.argv)
