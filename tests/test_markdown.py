"""Markdown read back by a CommonMark + GFM-tables parser has the structure of the blocks.

Articles are built here block by block (every block type, deep lists, awkward
tables, code with backticks, text full of Markdown characters), rendered, parsed
with markdown-it-py and turned back into the same shape as the blocks, so a test
compares like with like: types, nesting, item counts, visible text.
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

import newsparse
from newsparse.model import Article, Author, Block, Image, ListItem, Source
from newsparse.render import FRONT_MATTER_KEYS, render

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# The same with the extensions the renderer writes for footnotes and math, as GitHub
# and markdown-it's plugins read them (math as pandoc reads it: no "$" next to a
# space or a digit opens or closes it, so prices stay text).
EXTENDED = (MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
            .use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True))
# Math as the most eager readers take it (markdown-it's dollarmath by default, much as
# GitHub and Obsidian do): any two dollars may close a formula, "$5 and $10" too.
EAGER_MATH = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(dollarmath_plugin, double_inline=True)


# --- reading Markdown back into block shapes --------------------------------------------


def visible(node: SyntaxTreeNode) -> str:
    """The text a reader sees in an inline node: hard breaks as "\\n", soft breaks as spaces."""
    out = []
    for child in node.children:
        if child.type == "text":
            out.append(child.content)
        elif child.type == "code_inline":
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "html_inline" and child.content.lower() in ("<br>", "<br/>", "<br />"):
            out.append("\n")
        elif child.type == "image":
            out.append(visible(child))  # the alt text, parsed
        elif child.type == "footnote_ref":
            out.append(f"[{child.meta['label']}]")  # as plain text shows it
        elif child.type == "math_inline":
            out.append(child.content)  # the TeX, as plain text shows it
        elif child.type == "html_inline":
            raise AssertionError(f"raw HTML in the Markdown: {child.content!r}")
        else:
            out.append(visible(child))
    return "".join(out)


def norm(text: str) -> str:
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def inline_of(node: SyntaxTreeNode) -> SyntaxTreeNode:
    return node.children[0]


def shape(md: str, parser: MarkdownIt = PARSER) -> list[tuple]:
    return [shape_of(node) for node in SyntaxTreeNode(parser.parse(md)).children]


def shape_of(node: SyntaxTreeNode) -> tuple:
    kind = node.type
    if kind == "heading":
        return ("heading", int(node.tag[1]), norm(visible(inline_of(node))))
    if kind == "paragraph":
        inline = inline_of(node)
        first = inline.children[0] if inline.children else None
        if first is not None and first.type == "image":
            note = [c for c in inline.children[1:] if c.type not in ("hardbreak", "softbreak")]
            caption = norm(visible(note[0])) if note and note[0].type == "em" else None
            assert len(note) <= 1, f"stray content after a figure: {inline.children!r}"
            return ("figure", unquote(first.attrs["src"]), norm(visible(first)), caption)
        return ("paragraph", norm(visible(inline)))
    if kind in ("bullet_list", "ordered_list"):
        items = []
        for item in node.children:
            parts = list(item.children)
            text = norm(visible(inline_of(parts.pop(0)))) if parts and parts[0].type == "paragraph" else ""
            items.append((text, [shape_of(child) for child in parts]))
        start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else None
        return ("list", kind == "ordered_list", start, items)
    if kind == "blockquote":
        return ("quote", [shape_of(child) for child in node.children])
    if kind == "table":
        head, *body = node.children
        header = [norm(visible(inline_of(cell))) if cell.children else "" for cell in head.children[0].children]
        rows = [[norm(visible(inline_of(cell))) if cell.children else "" for cell in row.children]
                for part in body for row in part.children]
        return ("table", header, rows)
    if kind == "fence":
        return ("code", node.info, node.content)
    if kind == "html_block" and node.content.startswith("<table>"):
        cells = re.findall(r"<(t[hd]|caption)[^>]*>(.*?)</\1>", node.content)
        return ("html table", sorted({norm(html.unescape(re.sub(r"<[^>]+>", "", cell))) for _, cell in cells} - {""}))
    if kind == "math_block":
        return ("math", node.content.strip())
    if kind == "footnote_block":
        return ("footnotes", [(note.meta["label"], norm("\n".join(visible(inline_of(part)) for part in note.children
                                                                   if part.type == "paragraph")))
                              for note in node.children])
    raise AssertionError(f"unexpected {kind} in the Markdown")


def expected_shape(block: Block) -> tuple:
    """What a block should read back as."""
    if block.type == "heading":
        return ("heading", block.level, norm(block.text.replace("\n", " ")))
    if block.type == "paragraph":
        return ("paragraph", norm(block.text))
    if block.type == "list":
        items = [(norm(item.text), [expected_shape(child) for child in item.children]) for item in block.items]
        # An item that opens with a paragraph has it on its marker's line: to CommonMark, the item's text.
        items = [(shapes[0][1], shapes[1:]) if not text and shapes and shapes[0][0] == "paragraph" else (text, shapes)
                 for text, shapes in items]
        return ("list", bool(block.ordered), 1 if block.ordered else None, items)
    if block.type == "quote":
        return ("quote", [expected_shape(child) for child in block.children])
    if block.type == "table" and block.html:
        return ("html table", sorted(({norm(cell) for row in block.rows for cell in row} | {block.caption or ""}) - {""}))
    if block.type == "table":
        width = max(len(row) for row in block.rows)
        rows = [[norm(cell) for cell in row] + [""] * (width - len(row)) for row in block.rows]
        header = rows.pop(0) if block.header else [""] * width
        return ("table", header, rows)
    if block.type == "figure":
        image = block.image
        credit = image.credit
        if credit and not (credit.startswith("(") and credit.endswith(")")):
            credit = f"({credit})"
        note = " ".join(filter(None, (image.caption, credit)))
        if image.url is None:  # a picture carried only as data: its words, in an italic line
            return ("paragraph", norm(note or image.alt or ""))
        return ("figure", image.url, norm(image.alt or ""), norm(note) or None)
    if block.type == "code":
        return ("code", block.language or "", block.text + "\n")
    if block.type == "footnotes":
        return ("footnotes", [(note.label, norm(note.text)) for note in block.footnotes])
    if block.type == "math":
        return ("math", block.text)
    raise AssertionError(block.type)


def expected_shapes(block: Block) -> list[tuple]:
    """What a block should read back as: a table's caption is a paragraph of its own above it."""
    if block.type == "table" and block.caption and not block.html:
        return [("paragraph", norm(block.caption)), expected_shape(block)]
    return [expected_shape(block)]


def body_markdown(*blocks: Block) -> str:
    return render(Article(source=Source(), blocks=tuple(blocks)), "markdown")


def assert_round_trip(*blocks: Block) -> str:
    md = body_markdown(*blocks)
    assert shape(md) == [expected_shape(block) for block in blocks], md
    return md


def para(text: str) -> Block:
    return Block("paragraph", text=text, html=html.escape(text, quote=False).replace("\n", "<br>"))


def item(text: str, *children: Block) -> ListItem:
    return ListItem(text, html.escape(text, quote=False), children=children)


def bullets(*items: ListItem, ordered: bool = False) -> Block:
    return Block("list", ordered=ordered, items=items)


# --- every block type ---------------------------------------------------------------------


def test_every_block_type_reads_back_as_itself():
    blocks = (
        Block("heading", text="Costs & *benefits* #1 #", html="Costs &amp; *benefits* #1 #", level=2),
        para("A paragraph with [brackets], `ticks`, *stars*, _underscores_ and <tags>."),
        bullets(item("one"), item("two", bullets(item("two.a"), ordered=True))),
        Block("quote", children=(para("Quoted."), bullets(item("quoted item")))),
        Block("table", rows=(("Name", "Value"), ("a", "1")), header=True),
        Block("figure", image=Image("https://img.example/a.jpg", alt="A tram", caption="New tram.", credit="City")),
        Block("code", text="print('hi')", language="python"),
    )
    assert_round_trip(*blocks)


def test_lists_nested_four_levels_deep_stay_nested():
    deep = bullets(item("level 4"))
    third = bullets(item("level 3", deep), ordered=True)
    second = bullets(item("level 2", third), item("level 2 again"))
    top = bullets(*(item(f"top {n}") for n in range(1, 10)), item("top 10", second), ordered=True)
    md = assert_round_trip(top)
    # the tenth item's marker is four characters wide: its children are indented by four
    assert "\n10. top 10\n    - level 2\n      1. level 3\n         - level 4\n" in md


def test_list_items_with_paragraphs_code_and_line_breaks_continue_at_the_content_column():
    code = Block("code", text="a = 1\n\nb = 2", language="py")
    block = bullets(
        ListItem("first line\nsecond line", "first line<br>second line",
                 children=(para("A second paragraph."), code)),
        item("plain"),
        ordered=True,
    )
    md = assert_round_trip(block)
    assert "1. first line\\\n   second line\n\n   A second paragraph.\n\n   ```py\n" in md


def test_an_item_that_opens_with_a_block_starts_it_on_the_marker_line():
    heading = Block("heading", text="1. Quickpour Mini", html="1. Quickpour Mini", level=2)
    table = Block("table", header=True, rows=(("Spec", "Value"), ("Price", "$39")))
    code = Block("code", text="restic init", language="sh")
    quote = Block("quote", children=(para("Keep the password."),))
    block = bullets(ListItem("", "", children=(heading, para("The fastest we tried."))),
                    ListItem("", "", children=(table, bullets(item("a")))),
                    ListItem("", "", children=(code,)), ListItem("", "", children=(quote, para("After."))),
                    ordered=True)
    md = assert_round_trip(block)
    assert md.startswith("1. ## 1. Quickpour Mini\n\n   The fastest we tried.\n\n2. | Spec | Value |\n")
    assert "\n3. ```sh\n   restic init\n   ```\n\n4. > Keep the password.\n\n   After." in md


def test_an_item_that_opens_with_paragraphs_reads_back_with_the_first_as_its_line():
    block = bullets(ListItem("", "", children=(para("Back up the folder."), para("It takes a minute."))))
    md = body_markdown(block)
    assert md == "- Back up the folder.\n\n  It takes a minute.\n"
    assert shape(md) == [("list", False, None, [("Back up the folder.", [("paragraph", "It takes a minute.")])])]


def test_two_lists_in_a_row_stay_two_lists():
    assert_round_trip(bullets(item("a")), bullets(item("b")), bullets(item("c"), ordered=True),
                      bullets(item("d"), ordered=True))


def test_list_item_text_that_looks_like_a_marker_stays_text():
    assert_round_trip(bullets(item("1. not a list"), item("- nor this"), item("# nor a heading"), item("> no")))


def test_tables_with_pipes_line_breaks_empty_cells_and_ragged_rows():
    table = Block("table", header=True, rows=(
        ("Line | name", "Cost"),
        ("North", ""),
        ("a\nb", "`x` *y*"),
        ("only one",),
    ))
    md = body_markdown(table)
    head, body = shape(md)[0][1:]
    assert head == ["Line | name", "Cost"]
    assert body == [["North", ""], ["a\nb", "`x` *y*"], ["only one", ""]]


def test_table_without_header_row_gets_an_empty_header():
    table = Block("table", header=False, rows=(("a", "b"), ("c", "d")))
    md = assert_round_trip(table)
    assert md.startswith("| | |\n| --- | --- |\n| a | b |")


def test_code_with_backtick_runs_gets_a_longer_fence_and_its_language():
    code = Block("code", text="Use ``` to fence\n````\nand ` too", language="markdown")
    md = assert_round_trip(code)
    assert md.startswith("`````markdown\n")


def test_code_language_that_is_not_one_word_is_left_out():
    md = body_markdown(Block("code", text="x", language="c` y"))
    assert shape(md) == [("code", "", "x\n")]


def test_headings_have_no_breaks_or_outer_whitespace_and_keep_markup_characters():
    heading = Block("heading", text="  # Tips *and* [tricks] ##", level=3,
                    html="  # Tips <em>and</em><br> [tricks] ## ")
    md = body_markdown(heading)
    assert md.count("\n") == 1 and not md.startswith("### ") is False
    assert shape(md) == [("heading", 3, "# Tips and [tricks] ##")]


def test_links_keep_their_urls_with_parentheses_and_spaces():
    fragment = ('See <a href="https://en.example.org/wiki/Tram_(vehicle)">trams</a> and '
                '<a href="https://files.example/a b.pdf">the plan</a> and '
                '<a href="https://x.example/?a=1&amp;copy;=2">odd</a>.')
    md = body_markdown(Block("paragraph", text="See trams and the plan and odd.", html=fragment))
    tokens = SyntaxTreeNode(PARSER.parse(md)).children[0].children[0].children
    hrefs = [t.attrs["href"] for t in tokens if t.type == "link"]
    assert hrefs == ["https://en.example.org/wiki/Tram_(vehicle)", "https://files.example/a%20b.pdf",
                     "https://x.example/?a=1&copy;=2"]
    assert "(<https://files.example/a b.pdf>)" in md


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x",
                                  "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4="])
def test_unsafe_links_are_dropped_and_their_text_kept(href):
    fragment = f'Click <a href="{html.escape(href)}">here</a> now.'
    md = body_markdown(Block("paragraph", text="Click here now.", html=fragment))
    assert md == "Click here now.\n"


def test_unsafe_image_and_author_urls_are_dropped():
    article = Article(source=Source(), title="T", authors=(Author("Eve", "javascript:alert(1)"),),
                      blocks=(Block("figure", image=Image("data:image/png;base64,AAAA", alt="x")),))
    md = render(article, "markdown")
    assert "javascript" not in md and "data:" not in md
    assert md == "# T\n\nBy Eve\n"


def test_quotes_hold_lists_code_and_quotes():
    quote = Block("quote", children=(
        para("He said:"),
        bullets(item("one", bullets(item("nested"))), item("two"), ordered=True),
        Block("code", text="x = `1`", language="python"),
        Block("quote", children=(para("inner"),)),
    ))
    assert_round_trip(quote)


def test_emphasis_that_commonmark_cannot_read_is_left_out_not_shown_as_stars():
    cases = {
        'word<strong>"quoted"</strong>word': 'word"quoted"word',
        "<em>a</em><em>b</em>": "ab",
        "<strong>Bold:</strong>text": "Bold:text",
        "snake<em>_case_</em>": "snake_case_",
        "<em>whole</em>": "whole",
        "x <strong> spaced </strong> y": "x spaced y",
        "<em><strong>both</strong></em>": "both",
        "<strong>a <em>b</em> c</strong>d": "a b cd",
        "<a href='https://e.x/'><em>in link</em></a>": "in link",
    }
    for fragment, text in cases.items():
        md = body_markdown(Block("paragraph", text=text, html=fragment))
        assert shape(md) == [("paragraph", text)], (fragment, md)


def test_emphasis_is_kept_where_it_can_be():
    md = body_markdown(Block("paragraph", text="a b c", html="a <em>b</em> <strong>c</strong>"))
    assert md == "a *b* **c**\n"


def test_line_breaks_are_backslash_hard_breaks_and_no_line_has_trailing_whitespace():
    md = body_markdown(Block("paragraph", text="one\ntwo\nthree", html="one<br>two <br> <br>three<br>"))
    assert md == "one\\\ntwo\\\nthree\n"
    assert shape(md) == [("paragraph", "one\ntwo\nthree")]


def test_text_escaping_is_not_needlessly_ugly():
    text = "In 2021. the rate was 3.5 per cent (a_b) & 4 < 5 - 2 + 1 = 3; e.g. #hashtag, C# and AT&T."
    md = body_markdown(para(text))
    assert md == text + "\n"


@pytest.mark.parametrize("text", [
    "# not a heading", "## nor this", "> not a quote", "- not a bullet", "+ nor this", "* nor this",
    "1. not a list", "2) nor this", "---", "===", "***", "___", "- - -", "|---|---|", ":--",
    "```", "~~~", "    indented", "<div>raw</div>", "<!-- comment -->", "[ref]: https://e.x/",
    "&amp; &#35; &#x41;", "**bold** __bold__ *em* _em_", "`code`", "[link](https://e.x/)",
    "<https://e.x/>", "~~struck~~", "back\\slash\\", "trailing #", "a | b",
])
def test_text_that_looks_like_markup_stays_text(text):
    assert shape(body_markdown(para(text))) == [("paragraph", norm(text))]
    assert shape(body_markdown(para("first\n" + text))) == [("paragraph", "first\n" + norm(text))]


def test_a_less_than_sign_closing_one_element_does_not_open_a_tag_with_the_next():
    # Found by the property test below: "<" alone in an <em> that cannot be emphasised,
    # then "a >" after it, made a raw <a > tag.
    md = body_markdown(Block("paragraph", text="a<a >", html="a<em>&lt;</em>a &gt;"))
    assert shape(md) == [("paragraph", "a<a >")]


def test_a_number_and_period_after_a_line_break_is_escaped_only_when_it_could_start_a_list():
    md = body_markdown(para("first\n2021. A year\n1. A list?"))
    assert md == "first\\\n2021. A year\\\n1\\. A list?\n"


# --- front matter ---------------------------------------------------------------------------


def read_front_matter(md: str) -> dict:
    """A reader for exactly the YAML subset the renderer writes: `key: "json string"`
    and `key:` followed by `  - "json string"` lines. Each scalar must be a JSON string,
    which YAML reads as the same string."""
    lines = md.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    data: dict = {}
    key = None
    for line in lines[1:end]:
        if line.startswith("  - "):
            data[key].append(json.loads(line[4:]))
            continue
        match = re.fullmatch(r"([a-z_]+):(?: (.*))?", line)
        assert match, line
        key, value = match.groups()
        data[key] = json.loads(value) if value is not None else []
    return data


def test_front_matter_carries_the_metadata_as_yaml_in_a_fixed_order():
    article = Article(
        source=Source(), url="https://news.example/a", title='Tram: "yes" # or no?\u2028',
        description="Line one\nline two", authors=(Author("Jane Roe", "https://e.x/jr"), Author("Ann O'Neil")),
        published="2024-03-05T09:30:00+01:00", modified="2024-03-06", site_name="City Post", language="en",
        section="Local", tags=("trams", "- dash", "yes"), image=Image("https://img.example/a.jpg", alt="A"),
        blocks=(para("Body."),),
    )
    md = render(article, "markdown", front_matter=True)
    data = read_front_matter(md)
    assert list(data) == list(FRONT_MATTER_KEYS)
    assert data["title"] == article.title and data["description"] == "Line one\nline two"
    assert data["authors"] == ["Jane Roe", "Ann O'Neil"] and data["tags"] == ["trams", "- dash", "yes"]
    assert data["image"] == "https://img.example/a.jpg"
    assert "\u2028" not in md
    # the front matter replaces the title and byline; the lead image stays in the body
    body = md.split("---\n", 2)[2]
    assert not body.lstrip().startswith("# ") and "By Jane" not in body
    assert shape(body) == [("figure", "https://img.example/a.jpg", "A", None), ("paragraph", "Body.")]


def test_front_matter_leaves_out_what_the_page_does_not_give():
    md = render(Article(source=Source(), title="T"), "markdown", front_matter=True)
    assert md == '---\ntitle: "T"\n---\n'


def test_front_matter_escapes_characters_yaml_does_not_allow():
    article = Article(source=Source(), title="a\x85b\x7fc\ufeffd\x00e")
    md = render(article, "markdown", front_matter=True)
    line = md.split("\n")[1]
    assert all(ch == "\t" or 0x20 <= ord(ch) < 0x7f or ord(ch) > 0x9f for ch in line)
    assert read_front_matter(md)["title"] == article.title


# --- the front of the document ----------------------------------------------------------------


def test_front_is_title_byline_date_and_lead_image():
    article = Article(
        source=Source(), title="Tram *plan* #1", authors=(Author("Jane [Roe]", "https://e.x/j r"), Author("Al")),
        published="2024-03-05", image=Image("https://img.example/a.jpg", alt="A", caption="New tram",
                                            credit="Photo: City"),
        blocks=(para("Body."),),
    )
    md = render(article, "markdown")
    assert md.startswith("# Tram \\*plan\\* #1\n\nBy [Jane \\[Roe\\]](<https://e.x/j r>), Al\\\n2024-03-05\n\n")
    tree = shape(md)
    assert tree[0] == ("heading", 1, "Tram *plan* #1")
    assert tree[1] == ("paragraph", "By Jane [Roe], Al\n2024-03-05")
    assert tree[2] == ("figure", "https://img.example/a.jpg", "A", "New tram (Photo: City)")


def test_a_credit_already_in_parentheses_is_not_wrapped_again():
    image = Image("https://img.example/a.jpg", caption="Servers.", credit="(Dana for The Times)")
    assert "*Servers. (Dana for The Times)*" in body_markdown(Block("figure", image=image))


# --- output properties ---------------------------------------------------------------------------


def test_output_is_byte_stable_and_clean():
    article = newsparse.parse(open_sample("wordpress"), path="source.html")
    for fmt, options in (("markdown", {}), ("markdown", {"front_matter": True}), ("text", {}),
                         ("text", {"width": 40})):
        first = render(article, fmt, **options)
        assert first == render(article, fmt, **options)
        assert first.endswith("\n") and not first.endswith("\n\n")
        assert not any(line != line.rstrip() for line in first.split("\n")), fmt


def open_sample(slug: str) -> bytes:
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "samples" / slug
    return next(folder.glob("source.*")).read_bytes()


def test_render_takes_options_by_keyword_and_refuses_them_for_other_formats():
    article = Article(source=Source(), title="T")
    assert render(article, "markdown") == render(article, "markdown", front_matter=False)
    with pytest.raises(ValueError, match="width"):
        render(article, "markdown", width=80)
    with pytest.raises(ValueError, match="front_matter"):
        render(article, "text", front_matter=True)
    with pytest.raises(ValueError, match="width"):
        render(article, "text", width=0)
    with pytest.raises(TypeError):
        render(article, "text", 80)  # type: ignore[misc]
    with pytest.raises(ValueError, match="unknown format"):
        render(article, "html")


# --- Markdown of the samples ---------------------------------------------------------------------


def test_every_sample_reads_back_as_its_blocks():
    from pathlib import Path

    for folder in sorted((Path(__file__).resolve().parent.parent / "samples").iterdir()):
        sources = list(folder.glob("source.*"))
        if not sources:
            continue
        article = newsparse.parse(sources[0].read_bytes(), path=sources[0].name)
        body = render(Article(source=Source(), blocks=article.blocks), "markdown")
        assert shape(body, EXTENDED) == [shape for b in article.blocks if body_markdown(b).strip()
                                         for shape in expected_shapes(b)], folder.name


# --- property: any block structure reads back as itself ----------------------------------------

# Text full of the characters Markdown cares about, plus ordinary words and digits.
MARKDOWN_CHARS = "*_`[]()<>#+-=|!\\&;:.~$ \"'"
WORDS = st.sampled_from(["a", "word", "1", "2021", "x_y", "AT&T", "&amp;", "é", "日本", "http://e.x/"])
SPECIALS = st.text(alphabet=MARKDOWN_CHARS + "a1", min_size=1, max_size=4)
TEXT = st.lists(st.one_of(WORDS, SPECIALS), min_size=1, max_size=6).map(" ".join).map(str.strip).filter(bool)


@st.composite
def inline(draw) -> tuple[str, str]:
    """(html, text) of a run of inline content as blocks.py builds it."""
    parts = draw(st.lists(st.tuples(st.sampled_from(["text", "em", "strong", "code", "a", "br"]), TEXT),
                          min_size=1, max_size=4))
    html_parts, text_parts = [], []
    for kind, text in parts:
        escaped = html.escape(text, quote=False)
        if kind == "text":
            html_parts.append(escaped)
        elif kind == "br":
            html_parts.append("<br>" + escaped)
            text = "\n" + text
        elif kind == "a":
            html_parts.append(f'<a href="https://e.x/{len(text)}">{escaped}</a>')
        else:
            html_parts.append(f"<{kind}>{escaped}</{kind}>")
        text_parts.append(text)
    glue = draw(st.sampled_from(["", " "]))
    return glue.join(html_parts), glue.join(text_parts)


def paragraph_blocks() -> st.SearchStrategy[Block]:
    return inline().map(lambda ht: Block("paragraph", text=ht[1], html=ht[0]))


def heading_blocks() -> st.SearchStrategy[Block]:
    return st.tuples(inline(), st.integers(1, 6)).map(
        lambda t: Block("heading", text=t[0][1], html=t[0][0], level=t[1]))


def list_blocks(children: st.SearchStrategy[Block]) -> st.SearchStrategy[Block]:
    items = st.tuples(inline(), st.lists(children, max_size=2)).map(
        lambda t: ListItem(t[0][1], t[0][0], children=tuple(t[1])))
    return st.tuples(st.booleans(), st.lists(items, min_size=1, max_size=4)).map(
        lambda t: Block("list", ordered=t[0], items=tuple(t[1])))


TABLES = st.tuples(st.booleans(), st.lists(st.lists(TEXT | st.just(""), min_size=1, max_size=3),
                                           min_size=1, max_size=3)).map(
    lambda t: Block("table", header=t[0], rows=tuple(tuple(r) for r in t[1])))
CODE = st.tuples(st.text(alphabet="ab`~ \n#*", min_size=1, max_size=20).filter(lambda s: s.strip("\n").strip()),
                 st.sampled_from([None, "python", "c++"])).map(
    lambda t: Block("code", text=t[0].strip("\n"), language=t[1]))
FIGURES = st.tuples(TEXT, st.none() | TEXT, st.none() | TEXT).map(
    lambda t: Block("figure", image=Image("https://img.example/x (1).jpg", alt=t[0], caption=t[1], credit=t[2])))
LEAVES = st.one_of(paragraph_blocks(), heading_blocks(), TABLES, CODE, FIGURES)
BLOCKS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        list_blocks(st.one_of(inner, paragraph_blocks())),
        st.lists(inner, min_size=1, max_size=3).map(lambda c: Block("quote", children=tuple(c))),
    ),
    max_leaves=8,
)


def expected_visible(block: Block) -> tuple:
    """Like expected_shape, but a code block's trailing spaces on a line are not content
    the renderer promises to keep."""
    shaped = expected_shape(block)
    if block.type == "code":
        return ("code", shaped[1], "\n".join(line.rstrip() for line in block.text.split("\n")) + "\n")
    if block.type == "list":
        return shaped[:3] + ([(t, [expected_visible(c) for c in item.children])
                              for (t, _), item in zip(shaped[3], block.items)],)
    if block.type == "quote":
        return ("quote", [expected_visible(c) for c in block.children])
    return shaped


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BLOCKS, min_size=1, max_size=4))
def test_any_block_structure_reads_back_as_itself(blocks):
    md = body_markdown(*blocks)
    assert shape(md, EAGER_MATH) == [expected_visible(b) for b in blocks], md
    assert all(line == line.rstrip() for line in md.split("\n"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_any_text_reads_back_as_the_same_visible_text(text):
    if not norm(text):
        return
    assert shape(body_markdown(para(text)), EAGER_MATH) == [("paragraph", norm(text))]


# --- plain text ------------------------------------------------------------------------------------


def text_article() -> Article:
    long = ("The council approved the tram plan on Tuesday after a debate that lasted well into the night, "
            "see https://citypost.example/a-very-long-address/that-must-never-be-broken-anywhere for details.")
    return Article(
        source=Source(), title="Tram plan approved", authors=(Author("Jane Roe", "https://e.x/jr"),),
        published="2024-03-05",
        blocks=(
            Block("heading", text="Costs", html="Costs", level=2),
            para(long),
            bullets(item("A first item that is long enough to need wrapping at a narrow width",
                         bullets(item("nested item also long enough to wrap around"), ordered=True)),
                    item("short")),
            Block("quote", children=(para("It is a great day for the city, and for everyone who rides."),)),
            Block("table", header=True, rows=(("Line", "Cost\tin €"), ("North", "120"))),
            Block("code", text="x = 1   \n    indented_and_very_long_line_that_is_code = True", language="py"),
        ),
    )


def test_text_has_header_blank_line_body_and_no_markup():
    text = render(text_article(), "text")
    assert text.startswith("Tram plan approved\nBy Jane Roe\n2024-03-05\n\nCosts\n\nThe council")
    assert "\n- A first item that is long enough to need wrapping at a narrow width\n  1. nested item" in text
    assert "\n- short\n" in text
    assert "\n> It is a great day" in text
    assert "\nLine\tCost in €\nNorth\t120\n" in text
    assert "    indented_and_very_long_line_that_is_code = True" in text
    assert not any(marker in text for marker in ("#", "**", "](", "```", "\\"))
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_width_wraps_text_with_hanging_indents_and_never_breaks_words_or_urls():
    text = render(text_article(), "text", width=30)
    lines = text.split("\n")
    url = "https://citypost.example/a-very-long-address/that-must-never-be-broken-anywhere"
    assert url in lines
    code_line = "    indented_and_very_long_line_that_is_code = True"
    assert all(len(line) <= 30 for line in lines if line not in (url, code_line)), text
    assert "- A first item that is long\n  enough to need wrapping at a\n  narrow width\n" in text
    assert "  1. nested item also long\n     enough to wrap around\n" in text
    assert "> It is a great day for the\n> city," in text
    assert "Line\tCost in €" in text  # table rows are never wrapped
    words = lambda s: re.sub(r"[\s>\-]+|\d\.", " ", s).split()  # noqa: E731
    assert words(text) == words(render(text_article(), "text"))


def test_markdown_is_never_hard_wrapped():
    md = render(text_article(), "markdown")
    assert "see https://citypost.example/a-very-long-address/that-must-never-be-broken-anywhere for" in md


# --- what the block model carries for the renderer ------------------------------------------------


def test_ordered_list_starts_at_the_pages_number():
    article = newsparse.parse(b"<html><body><article><h1>T</h1><p>" + b"Intro text. " * 30 +
                              b"</p><ol start='3'><li>three</li><li>four</li></ol></article></body></html>")
    assert "3. three\n4. four" in render(article, "markdown")


TABLE_PAGE = (b"<html><body><article><h1>T</h1><p>" + b"Intro text. " * 30 +
              b"</p><table><tr><th>Team</th><th>Note</th></tr><tr><td><a href='https://e.x/t'>Reds</a></td>"
              b"<td>won<br>twice</td></tr></table></article></body></html>")


def test_table_cells_keep_their_links():
    assert "| [Reds](https://e.x/t) |" in render(newsparse.parse(TABLE_PAGE), "markdown")


def test_table_cells_keep_their_line_breaks():
    assert "won<br>twice" in render(newsparse.parse(TABLE_PAGE), "markdown")


def test_table_footer_repeating_the_header_is_not_a_data_row():
    page = (b"<html><body><article><h1>T</h1><p>" + b"Intro text. " * 30 +
            b"</p><table><thead><tr><th>A</th><th>B</th></tr></thead><tfoot><tr><th>A</th><th>B</th></tr>"
            b"</tfoot><tbody><tr><td>1</td><td>2</td></tr></tbody></table></article></body></html>")
    assert "| A | B |\n| --- | --- |\n| 1 | 2 |\n" in render(newsparse.parse(page), "markdown")


@pytest.mark.parametrize("pre", [b"<pre class='brush: python'>", b"<pre data-lang='python'>",
                                 b"<pre class='highlight python'>"])
def test_code_language_from_other_highlighter_conventions(pre):
    page = (b"<html><body><article><h1>T</h1><p>" + b"Intro text. " * 30 + b"</p>" + pre +
            b"print(1)</pre></article></body></html>")
    assert "```python\nprint(1)\n```" in render(newsparse.parse(page), "markdown")


def test_table_cells_with_inline_html_render_links_and_breaks():
    """Exercises the renderer's side of Block.cell_html before the block model has it."""
    table = Block("table", header=True, rows=(("Team", "Note"), ("Reds | Blues", "won\ntwice")))
    object.__setattr__(table, "cell_html", (("Team", "Note"),
                                            ('<a href="https://e.x/a|b">Reds</a> | Blues', "<em>won</em><br>twice")))
    md = body_markdown(table)
    assert "| [Reds](https://e.x/a\\|b) \\| Blues | *won*<br>twice |" in md
    assert shape(md) == [("table", ["Team", "Note"], [["Reds | Blues", "won\ntwice"]])]


# --- the fast path for our own fragments agrees with markdownify ---------------------------

FRAGMENT_TEXT = st.text(alphabet="ab *_!`[]()&<>#.-1\n\t\xa0é", max_size=6).map(lambda t: html.escape(t, quote=False))
FRAGMENT_TAG = st.sampled_from(["<strong>", "</strong>", "<em>", "</em>", "<b>", "</b>", "<i>", "</i>",
                                "<code>", "</code>", "<sub>", "</sub>", "<sup>", "</sup>", "<br>", "</a>",
                                '<a href="https://example.com/a?b=1&amp;c=(2)">', '<a href="javascript:x()">',
                                '<a href="">', "&#10;", "&amp;lt;"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENT_TEXT | FRAGMENT_TAG, max_size=12))
def test_fragments_blocks_write_convert_as_markdownify_converts_them(pieces):
    from newsparse.render import _ADJACENT_SAME_TAG, _convert_node, _InlineMarkdown, _parse_sanitised

    fragment = _ADJACENT_SAME_TAG.sub("", re.sub(r"\s+", " ", "".join(pieces)))
    tree = _parse_sanitised(fragment)
    if tree is None:
        return  # a tag nested in itself: markdownify's alone
    assert _convert_node(tree, frozenset()) == _InlineMarkdown()._markdownify(fragment), fragment


def test_rendering_our_own_fragments_does_not_load_beautifulsoup():
    import subprocess
    import sys

    code = ("import sys, newsparse; from newsparse.model import Article, Block, Source\n"
            "md = newsparse.render(Article(source=Source(), blocks=(Block('paragraph', text='a b', "
            "html='<em>a</em> <a href=\"https://x.example/\">b</a><br>c'),)), 'markdown')\n"
            "assert '*a* [b](https://x.example/)' in md, md\n"
            "print('bs4' in sys.modules, 'markdownify' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000ab<>"), max_size=30))
def test_whitespace_collapses_as_the_regex_would(text):
    from newsparse.render import _collapse_whitespace

    assert _collapse_whitespace(text) == re.sub(r"\s+", " ", text)


# --- tables: captions, lines in cells, merged header cells ----------------------------------------


def test_a_table_caption_is_an_italic_line_above_the_table():
    table = Block("table", header=True, rows=(("Line", "Cost"), ("North", "120")), caption="Costs *so far*")
    md = body_markdown(table)
    assert md.startswith("*Costs \\*so far\\**\n\n| Line | Cost |")
    assert shape(md) == [("paragraph", "Costs *so far*"), expected_shape(table)]


def test_list_lines_inside_a_cell_are_not_escaped_as_block_starts():
    table = Block("table", header=True, rows=(("Ticket", "Covers"), ("Single", "- one\n- two")),
                  cell_html=(("Ticket", "Covers"), ("Single", "- one<br>- <em>two</em>")))
    md = body_markdown(table)
    assert "| Single | - one<br>- *two* |" in md
    assert shape(md)[0][2] == [["Single", "- one\n- two"]]


MERGED = ('<table>\n<caption>Counts</caption>\n<thead>\n<tr><th rowspan="2">Crossing</th><th colspan="2">Summer</th></tr>\n'
          '<tr><th>Weekday</th><th>Weekend</th></tr>\n</thead>\n<tbody>\n'
          '<tr><td><a href="https://e.x/c">22:40</a> &amp; <em>later</em></td><td>61</td><td>88</td></tr>\n'
          '</tbody>\n</table>')


def merged_table(html_table: str) -> Block:
    return Block("table", header=True, caption="Counts", html=html_table, rows=(
        ("Crossing", "Summer", "Summer"), ("Crossing", "Weekday", "Weekend"), ("22:40 & later", "61", "88")))


def test_merged_header_cells_are_written_as_one_html_block():
    md = body_markdown(merged_table(MERGED), para("After the table."))
    assert md == MERGED + "\n\nAfter the table.\n"
    tokens = PARSER.parse(md)
    assert [t.type for t in tokens][:1] == ["html_block"] and tokens[0].content == MERGED + "\n"
    assert shape(md.split("\n\n")[-1]) == [("paragraph", "After the table.")]


@pytest.mark.parametrize("bad", [
    MERGED.replace("<em>later</em>", "<script>alert(1)</script>"),
    MERGED.replace("<th colspan", "<th onclick=\"x()\" colspan"),
    MERGED.replace("<tbody>", "<tbody>\n\n<tr><td>a</td></tr>").replace("\n\n", "\n<p>\n"),
    MERGED.replace("</table>", "</table><img src=x>"),
    "not a table",
])
def test_table_html_that_is_not_ours_falls_back_to_gfm(bad):
    md = body_markdown(merged_table(bad))
    assert md.startswith("*Counts*\n\n| Crossing | Summer | Summer |") and "<script" not in md and "onclick" not in md


def test_unsafe_links_in_table_html_keep_only_their_text():
    md = body_markdown(merged_table(MERGED.replace("https://e.x/c", "javascript:alert(1)")))
    assert "<td>22:40 &amp; <em>later</em></td>" in md and "javascript" not in md


# --- footnotes --------------------------------------------------------------------------------------


def noted(text: str, *labels: str) -> Block:
    """A paragraph ending in references to the notes `labels`, as blocks.py writes it."""
    refs = "".join(f'<sup data-footnote="{label}">[{label}]</sup>' for label in labels)
    return Block("paragraph", text=text + "".join(f"[{label}]" for label in labels),
                 html=html.escape(text, quote=False) + refs)


def test_footnotes_are_references_in_the_text_and_definitions_at_the_end():
    from newsparse.model import Footnote

    notes = Block("footnotes", footnotes=(
        Footnote("1", "From the *minutes*.", 'From the <a href="https://e.x/m">*minutes*</a>.'),
        Footnote("note-2", "First line.\n1. Not a list", "First line.<br>1. Not a list")))
    blocks = (noted("Costs rose [sharply]", "1"), noted("*Twice*", "1", "note-2"), notes)
    md = body_markdown(*blocks)
    assert "Costs rose \\[sharply\\][^1]\n\n\\*Twice\\*[^1][^note-2]\n\n" in md
    assert md.endswith("[^1]: From the [\\*minutes\\*](https://e.x/m).\n\n"
                       "[^note-2]: First line.\\\n    1\\. Not a list\n")
    assert shape(md, EXTENDED) == [expected_shape(block) for block in blocks]
    # Without the extension the references stay readable text, and nothing turns into markup.
    assert shape(md)[0] == ("paragraph", "Costs rose [sharply][^1]")


def test_emphasis_before_a_footnote_reference_is_kept():
    from newsparse.model import Footnote

    block = Block("paragraph", text="a Rust?[2] b", html='a <em>Rust?</em><sup data-footnote="2">[2]</sup> b')
    md = body_markdown(block, Block("footnotes", footnotes=(Footnote("2", "Note.", "Note."),)))
    assert md.startswith("a *Rust?*[^2] b\n")
    assert [t.type for t in SyntaxTreeNode(EXTENDED.parse(md)).children[0].children[0].children] == [
        "text", "em", "footnote_ref", "text"]


# --- mathematics ------------------------------------------------------------------------------------


def test_math_is_dollar_tex_inline_and_double_dollar_on_its_own():
    inline = Block("paragraph", text="Let x_1 < 2 cost $5, or *a*b$c", html=(
        'Let <span class="math">x_1 &lt; 2</span> cost $5, or <span class="math">*a*b$c</span>'))
    blocks = (inline, Block("math", text="- a \\\\ # b"), Block("math", text="\\frac{1}{2}"))
    md = body_markdown(*blocks)
    assert md == "Let $x_1 < 2$ cost \\$5, or $*a*b\\$c$\n\n$$- a \\\\ # b$$\n\n$$\\frac{1}{2}$$\n"
    assert shape(md, EXTENDED) == [("paragraph", "Let x_1 < 2 cost $5, or *a*b\\$c"),
                                   ("math", "- a \\\\ # b"), ("math", "\\frac{1}{2}")]
    # Read as CommonMark alone, nothing in the TeX starts a block or a tag.
    assert [kind for kind, *_ in shape(md)] == ["paragraph", "paragraph", "paragraph"]


def test_math_in_headings_and_table_cells_is_dollar_tex_too():
    heading = Block("heading", level=2, text="Why e^x", html='Why <span class="math">e^x</span>')
    table = Block("table", header=True, rows=(("f", "f'"), ("x^2", "2x")),
                  cell_html=(("f", "f'"), ('<span class="math">x^2</span>', "2x")))
    md = body_markdown(heading, table)
    assert md.startswith("## Why $e^x$\n\n| f | f' |\n| --- | --- |\n| $x^2$ | 2x |")


def test_tex_ending_in_a_backslash_does_not_escape_its_closing_dollar():
    inline = Block("paragraph", text="a b\\\\ c", html='a <span class="math">b\\\\</span> c')
    md = body_markdown(inline, Block("math", text="x \\\\"), Block("math", text="\\\\"), Block("math", text="y\\ \\"))
    assert md == "a $b$ c\n\n$$x$$\n\n$$y$$\n"
    assert shape(md, EXTENDED) == [("paragraph", "a b c"), ("math", "x"), ("math", "y")]


def test_dollars_in_text_are_escaped_so_that_no_math_reader_takes_them_for_a_formula():
    text = "Tickets cost $5 and $10, a $ sign, $$2$$ and US$ 3"
    heading = Block("heading", level=2, text="From $5 to $10", html="From $5 to $10")
    table = Block("table", header=True, rows=(("before", "after"), ("$5", "$10")))
    md = body_markdown(heading, para(text), table)
    assert "Tickets cost \\$5 and \\$10, a \\$ sign, \\$\\$2\\$\\$ and US\\$ 3" in md
    assert shape(md, EAGER_MATH) == shape(md) == [
        ("heading", 2, "From $5 to $10"), ("paragraph", text), ("table", ["before", "after"], [["$5", "$10"]])]
    record = Article(source=Source(), blocks=(heading, para(text), table))
    assert text in render(record, "text") and text in render(record, "json")  # plain text keeps the dollar


TEX = st.text(alphabet="ab12 _^{}\\$<>*`[]#-=+&|!%", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, TEX), min_size=1, max_size=3), TEX)
def test_any_tex_reads_back_as_math_and_the_text_around_it_as_text(pieces, display):
    from newsparse.formulas import markdown_tex

    html_parts = [f'{html.escape(text, quote=False)} <span class="math">{html.escape(tex, quote=False)}</span>'
                  for text, tex in pieces]
    paragraph = Block("paragraph", text="", html=" ".join(html_parts) + " end")
    md = body_markdown(paragraph, Block("math", text=display))
    nodes = SyntaxTreeNode(EXTENDED.parse(md)).children
    wanted = [markdown_tex(tex) for _, tex in pieces]
    inline = nodes[0].children[0].children
    assert [child.content for child in inline if child.type == "math_inline"] == [tex for tex in wanted if tex], md
    assert norm("".join(child.content for child in inline if child.type == "text")).endswith("end"), md
    blocks = [node.content.strip() for node in nodes[1:]]
    assert blocks == ([markdown_tex(display)] if markdown_tex(display) else []), md
    assert all(node.type == "math_block" for node in nodes[1:]), md
