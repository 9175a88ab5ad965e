"""Body extraction and block building on small pages written for each behaviour.

These check the body found (content.py) and the blocks as built (blocks.py). They
must not rely on the clean-up: its judgements are tested in test_clean.py."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsparse import parse
from newsparse.blocks import build_blocks, collect_links, plain_text
from newsparse.content import find_main_content

PROSE = ("The council voted on Tuesday to expand the tram network, a decision that officials said "
         "would cut commuting times, reduce traffic, and bring new investment to the eastern districts.")


def extract(body_html: str, base_url: str | None = "https://news.example.com/city/tram.html", title=None):
    tree = LexborHTMLParser(f"<html><body>{body_html}</body></html>")
    content = find_main_content(tree)
    blocks = build_blocks(content.nodes, base_url=base_url, title=title).blocks
    return blocks, collect_links(blocks)


def article(*paragraphs: str, extra: str = "") -> str:
    return "<article>" + "".join(paragraphs) + extra + "</article>"


def test_paragraph_split_by_an_ad_slot_is_joined():
    # The HTML parser closes the <p> at the <div>, leaving the rest loose.
    blocks, _ = extract(article(
        f"<p>{PROSE}</p>",
        '<p>The plan includes new lines as well as developing <div class="ad-slot">ADVERT</div>'
        '"smart signals" for junctions, the mayor said.</p>',
        f"<p>{PROSE}</p>",
    ))
    texts = [b.text for b in blocks if b.type == "paragraph"]
    assert 'The plan includes new lines as well as developing "smart signals" for junctions, the mayor said.' in texts
    assert "ADVERT" not in plain_text(blocks)


def test_relative_links_become_absolute_and_unsafe_links_lose_their_href():
    blocks, links = extract(article(
        f'<p>{PROSE} See <a href="../maps/tram.pdf">the map</a>, <a href="javascript:void(0)">share</a> '
        'and <a href="#top">top</a>.</p>',
        f"<p>{PROSE}</p>",
    ))
    assert links == ["https://news.example.com/maps/tram.pdf"]
    html = blocks[0].html
    assert '<a href="https://news.example.com/maps/tram.pdf">the map</a>' in html
    assert "javascript" not in html and "#top" not in html
    assert "share" in blocks[0].text


def test_lazy_image_uses_the_real_source_and_keeps_caption_and_credit():
    figure = ('<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/tram.jpg" alt="A tram">'
              '<figcaption>The new tram at the depot. <span class="credit">Photo: City Hall</span></figcaption></figure>')
    blocks, _ = extract(article(figure, f"<p>{PROSE}</p>", f"<p>{PROSE}</p>"))
    figures = [b for b in blocks if b.type == "figure"]
    assert len(figures) == 1
    image = figures[0].image
    assert image.url == "https://news.example.com/img/tram.jpg"
    assert image.caption == "The new tram at the depot."
    assert image.credit == "Photo: City Hall"


def test_noscript_fallback_image_is_found():
    figure = ('<figure><img class="lazy" src="data:image/gif;base64,R0lGOD"><noscript><img src="/img/depot.jpg" alt="Depot">'
              '</noscript><figcaption>The depot.</figcaption></figure>')
    blocks, _ = extract(article(figure, f"<p>{PROSE}</p>", f"<p>{PROSE}</p>"))
    assert [b.image.url for b in blocks if b.type == "figure"] == ["https://news.example.com/img/depot.jpg"]


def test_nested_lists_keep_their_nesting_and_order():
    lists = ("<ol><li>Plan the route<ul><li>North line</li><li>East line</li></ul></li>"
             "<li>Build the depot</li></ol>")
    blocks, _ = extract(article(f"<p>{PROSE}</p>", lists, f"<p>{PROSE}</p>"))
    (block,) = [b for b in blocks if b.type == "list"]
    assert block.ordered
    assert [item.text for item in block.items] == ["Plan the route", "Build the depot"]
    nested = block.items[0].children[0]
    assert not nested.ordered and [i.text for i in nested.items] == ["North line", "East line"]


def test_a_line_break_in_the_source_of_an_item_or_heading_is_a_space():
    items = "<ul><li>North\nline</li><li><div><strong>East</strong>\n<span>line</span></div><p>Opens\nin May.</p></li></ul>"
    blocks, _ = extract(article(f"<p>{PROSE}</p>", "<h2>Two\nlines</h2>", items, f"<p>{PROSE}</p>"))
    (listing,) = [b for b in blocks if b.type == "list"]
    assert [item.text for item in listing.items] == ["North line", "East line\nOpens in May."]  # the <p>: a line
    assert [b.text for b in blocks if b.type == "heading"] == ["Two lines"]


def test_data_table_keeps_rows_and_header():
    table = ("<table><thead><tr><th>Line</th><th>Cost</th></tr></thead>"
             "<tbody><tr><td>North</td><td>€120m</td></tr><tr><td>East</td><td>€95m</td></tr></tbody></table>")
    blocks, _ = extract(article(f"<p>{PROSE}</p>", table, f"<p>{PROSE}</p>"))
    (block,) = [b for b in blocks if b.type == "table"]
    assert block.header
    assert block.rows == (("Line", "Cost"), ("North", "€120m"), ("East", "€95m"))


def table_blocks(table_html: str):
    blocks, _ = extract(article(f"<p>{PROSE}</p>", table_html, f"<p>{PROSE}</p>"))
    return [b for b in blocks if b.type == "table"], blocks


def test_a_data_table_with_a_paragraph_in_every_cell_is_still_data():
    # Editors that paste from word processors wrap each cell's text in a <p>.
    rows = "".join(f"<tr><td><p>{name}</p></td><td><p>{cost}</p></td></tr>"
                   for name, cost in (("North", "€120m"), ("East", "€95m"), ("West", "€80m")))
    (table,), _ = table_blocks(f"<table><tr><th><p>Line</p></th><th><p>Cost</p></th></tr>{rows}</table>")
    assert table.header and table.rows[-1] == ("West", "€80m")


def test_a_table_of_prose_cells_is_layout_and_unrolled():
    layout = (f"<table><tr><td><p>{PROSE}</p><p>{PROSE}</p><p>Second column, first.</p></td>"
              f"<td><h2>Also</h2><p>{PROSE} {PROSE} {PROSE}</p></td></tr></table>")
    tables, blocks = table_blocks(layout)
    assert not tables
    assert [b.text for b in blocks if b.type == "heading"] == ["Also"]


def test_a_table_marked_presentation_or_holding_a_table_is_layout():
    inner = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
    tables, _ = table_blocks(f'<table role="presentation"><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>')
    assert not tables
    tables, blocks = table_blocks(f"<table><tr><td>{inner}</td><td>side</td></tr></table>")
    # The outer table is unrolled cell by cell; the data table it holds stays a table.
    assert [t.rows for t in tables] == [(("a", "b"), ("1", "2"))]
    assert [(b.type, b.text) for b in blocks[1:-1]] == [("table", ""), ("paragraph", "side")]


STANDINGS = ("<table><tr><th>Place</th><th>School</th><th>Points</th></tr>"
             "<tr><td>1</td><td>Northfield</td><td>21.5</td></tr><tr><td>2</td><td>Crestfield</td><td>19</td></tr>"
             "<tr><td>3</td><td>Lakeview</td><td>17.5</td></tr></table>")


def test_a_data_table_inside_a_layout_cell_stays_a_table_where_it_stands():
    aside = "<table><tr><td>Results compiled by the club secretary.</td></tr><tr><td>All games rated.</td></tr></table>"
    layout = (f"<table><tr><td>{aside}</td><td><p>{PROSE}</p><p>Final standings:</p>{STANDINGS}"
              f"<p>Second {PROSE}</p></td></tr></table>")
    tables, blocks = table_blocks(layout)
    assert [t.rows[1] for t in tables] == [("1", "Northfield", "21.5")] and tables[0].header
    texts = [b.text if b.type != "table" else "<table>" for b in blocks]
    assert texts.index("Final standings:") + 1 == texts.index("<table>") == texts.index("Second " + PROSE) - 1
    assert "All games rated." in texts  # a one-column table is layout, unrolled as before


def test_a_data_table_beside_a_nested_layout_in_one_cell_is_kept():
    # The cell holding it holds another layout table too: it is no leaf, the table is a part of its own.
    nested_layout = f"<table><tr><td><h2>Left</h2><p>{PROSE}</p></td><td><p>Right {PROSE}</p></td></tr></table>"
    tables, blocks = table_blocks(f"<table><tr><td>{nested_layout}{STANDINGS}</td></tr></table>")
    assert [t.rows[-1] for t in tables] == [("3", "Lakeview", "17.5")]
    assert [b.type for b in blocks].index("table") == [b.text for b in blocks].index("Right " + PROSE) + 1


def test_rowspan_and_colspan_are_expanded_into_a_rectangle():
    (table,), _ = table_blocks(
        "<table><tr><th>Route</th><th>From</th><th>To</th></tr>"
        "<tr><td rowspan='2'>North</td><td>05:40</td><td>12:10</td></tr><tr><td>12:30</td><td>23:10</td></tr>"
        "<tr><td colspan='3'>Night</td></tr><tr><td>Point</td><td colspan='2'>on request</td></tr></table>")
    assert table.rows == (("Route", "From", "To"), ("North", "05:40", "12:10"), ("North", "12:30", "23:10"),
                          ("Night", "", ""), ("Point", "on request", "on request"))
    assert table.html == ""  # GFM holds it


def test_merged_header_cells_over_two_rows_keep_a_minimal_html_table():
    (table,), _ = table_blocks(
        "<table><thead><tr><th rowspan='2' class='x' style='color:red'>Crossing</th><th colspan='2'>Summer</th></tr>"
        "<tr><th>Weekday</th><th>Weekend</th></tr></thead>"
        "<tbody><tr><td onclick='x()'><a href='/c/2240'>22:40</a></td><td>61</td><td>88</td></tr></tbody></table>")
    assert table.rows[:2] == (("Crossing", "Summer", "Summer"), ("Crossing", "Weekday", "Weekend"))
    assert table.html == (
        '<table>\n<thead>\n<tr><th rowspan="2">Crossing</th><th colspan="2">Summer</th></tr>\n'
        "<tr><th>Weekday</th><th>Weekend</th></tr>\n</thead>\n<tbody>\n"
        '<tr><td><a href="https://news.example.com/c/2240">22:40</a></td><td>61</td><td>88</td></tr>\n'
        "</tbody>\n</table>")


def test_header_row_from_bold_cells_and_caption_and_title_row():
    (bold,), _ = table_blocks("<table><tr><td><b>Ticket</b></td><td><strong>Adult</strong></td></tr>"
                              "<tr><td>Single</td><td>$3.20</td></tr></table>")
    assert bold.header and bold.cell_html[0] == ("Ticket", "Adult")
    (plain,), _ = table_blocks("<table><tr><td>Ticket</td><td>Adult</td></tr><tr><td>Single</td><td>$3.20</td></tr></table>")
    assert not plain.header
    (captioned,), _ = table_blocks("<table><caption> Fares  from April </caption><tr><th>a</th><th>b</th></tr>"
                                   "<tr><td>1</td><td>2</td></tr></table>")
    assert captioned.caption == "Fares from April"
    (titled,), _ = table_blocks("<table><thead><tr><th colspan='2'>What they cost</th></tr></thead>"
                                "<tr><td></td><td><b>Cost</b></td></tr><tr><td><b>North</b></td><td>€1</td></tr></table>")
    assert titled.caption == "What they cost" and titled.header
    assert titled.rows == (("", "Cost"), ("North", "€1"))


def test_lists_and_line_breaks_inside_cells_are_kept_as_lines():
    (table,), _ = table_blocks(
        "<table><tr><th>Ticket</th><th>Covers</th></tr>"
        "<tr><td>Single</td><td><ul><li>one <em>crossing</em></li><li>90 minutes</li></ul></td></tr>"
        "<tr><td>Day</td><td><ol><li>all routes</li><li>all day</li></ol></td></tr>"
        "<tr><td>Month</td><td><p>all routes</p><p>until 04:00<br>next day</p></td></tr></table>")
    assert [row[1] for row in table.rows[1:]] == [
        "- one crossing\n- 90 minutes", "1. all routes\n2. all day", "all routes\nuntil 04:00\nnext day"]
    assert table.cell_html[1][1] == "- one <em>crossing</em><br>- 90 minutes"
    assert "Single\t- one crossing - 90 minutes" in plain_text([table])


def test_a_list_item_holding_a_table_keeps_it_as_a_table():
    cards = ("<ol><li><h3>Camera One</h3><p>Works with most systems.</p>"
             "<div class='specs'><table><tr><th>Spec</th><th>Value</th></tr><tr><td>Price</td><td>$99</td></tr>"
             "<tr><td>Storage</td><td>Cloud</td></tr></table></div><p>Our pick.</p></li>"
             "<li>Camera Two, the cheaper one.</li></ol>")
    blocks, _ = extract(article(f"<p>{PROSE}</p>", cards, f"<p>{PROSE}</p>"))
    (listing,) = [b for b in blocks if b.type == "list"]
    first = listing.items[0]
    # The whole card is blocks: its heading opens it, so the item has no line of its own.
    assert first.text == ""
    assert [b.type for b in first.children] == ["heading", "paragraph", "table", "paragraph"]
    assert first.children[2].rows == (("Spec", "Value"), ("Price", "$99"), ("Storage", "Cloud"))
    assert listing.items[1].text == "Camera Two, the cheaper one." and not listing.items[1].children
    assert "1. Camera One\n   Works with most systems.\n   Spec\tValue\n   Price\t$99" in plain_text(blocks)


def test_a_card_read_as_blocks_keeps_its_pictures_captions():
    from test_images import data_uri, png

    placeholder = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%20303%20674'%3E%3C/svg%3E"
    cards = ("<ul><li><h3>Camera One</h3><table><tr><th>Spec</th><th>Value</th></tr><tr><td>Price</td><td>$99</td></tr>"
             f'</table><figure><img src="{data_uri(png(16, 9))}" alt="The camera"><figcaption>On our shelf.</figcaption>'
             f'</figure><figure><img src="{placeholder}" width="303" height="674" alt="Its app">'
             "<figcaption>We watched a live stream in its app.</figcaption></figure></li><li>Camera Two</li></ul>")
    blocks, _ = extract(article(f"<p>{PROSE}</p>", cards, f"<p>{PROSE}</p>"))
    (listing,) = [b for b in blocks if b.type == "list"]
    children = listing.items[0].children
    assert [b.type for b in children] == ["heading", "table", "figure", "paragraph"]
    # The picture the page carries is a figure without an address; the lazy-loading
    # placeholder's picture cannot be shown, but its caption is text the item's line kept.
    assert (children[2].image.url, children[2].image.caption) == (None, "On our shelf.")
    assert children[3].text == "We watched a live stream in its app."


def only_list(body_html: str):
    blocks, _ = extract(article(f"<p>{PROSE}</p>", body_html, f"<p>{PROSE}</p>"))
    (listing,) = [b for b in blocks if b.type == "list"]
    return listing, blocks


def test_a_card_in_a_list_item_keeps_its_heading_and_paragraph_apart():
    listing, blocks = only_list(
        "<ol><li><div class='card'><h2>3. Dot Travel: the smallest</h2><p>At half a litre it makes two mugs.</p>"
        "</div></li><li>A plain item with <a href='/k'>a link</a> and <em>emphasis</em>.</li>"
        "<li><p>One short paragraph.</p></li><li>Has a nested list<ul><li>inner</li></ul></li>"
        "<li><figure><img src='/a.jpg' alt='A'><figcaption>The quay at dusk.</figcaption></figure></li></ol>")
    card, plain, single, nested, figure = listing.items
    assert card.text == ""
    assert [(b.type, b.text) for b in card.children] == [
        ("heading", "3. Dot Travel: the smallest"), ("paragraph", "At half a litre it makes two mugs.")]
    # Items without block structure stay one line, as before.
    assert (plain.text, plain.children) == ("A plain item with a link and emphasis.", ())
    assert (single.text, single.children) == ("One short paragraph.", ())
    assert nested.text == "Has a nested list" and [b.type for b in nested.children] == ["list"]
    # Measured: a captioned figure alone read as a figure block took its caption out of
    # the text (captions stay out of it), which the references keep.
    assert (figure.text, figure.children) == ("The quay at dusk.", ())
    assert "1. 3. Dot Travel: the smallest\n   At half a litre it makes two mugs.\n2. A plain item" in plain_text(blocks)


def test_an_item_with_paragraphs_a_quote_or_code_keeps_them_as_blocks_after_its_line():
    listing, _ = only_list(
        "<ol><li><p>Back up the folder.</p><p>It takes a minute the first time.</p></li>"
        "<li>Run <code>restic init</code> first:<pre><code class='language-sh'>restic init</code></pre></li>"
        "<li>Then read the warning.<blockquote><p>Keep the password.</p></blockquote></li></ol>")
    paragraphs, code, quote = listing.items
    assert paragraphs.text == ""
    assert [b.text for b in paragraphs.children] == ["Back up the folder.", "It takes a minute the first time."]
    # Inline content before the first block stays the item's line.
    assert code.text == "Run restic init first:"
    assert [(b.type, b.text, b.language) for b in code.children] == [("code", "restic init", "sh")]
    assert quote.text == "Then read the warning."
    assert [b.type for b in quote.children] == ["quote"]


def test_an_items_structure_is_its_own_not_a_nested_lists_or_a_cells():
    listing, _ = only_list(
        "<ul><li>Parts<ul><li><h4>Inner heading</h4><p>one</p><p>two</p></li></ul></li>"
        "<li>Sizes<table><tr><td><p>a</p><p>b</p></td><td>c</td></tr></table></li></ul>")
    parts, sizes = listing.items
    assert parts.text == "Parts" and [b.type for b in parts.children] == ["list"]
    assert [b.type for b in parts.children[0].items[0].children] == ["heading", "paragraph", "paragraph"]
    assert sizes.text == "Sizes" and [b.type for b in sizes.children] == ["table"]


def test_a_cards_linked_heading_and_byline_stay_in_the_card():
    listing, _ = only_list(
        "<ul><li><a href='/news/quay'><h3>Quay reopens</h3></a><p>The quay reopens on Monday after repairs.</p>"
        "<p>By Ann Lee • Dec. 19, 2025</p></li><li>Next</li></ul>")
    quay = listing.items[0]
    heading = quay.children[0]
    assert heading.html == '<a href="https://news.example.com/news/quay">Quay reopens</a>'
    assert quay.children[-1].text == "By Ann Lee • Dec. 19, 2025"  # the card's byline, not the article's
    # Outside a list the references mostly leave such headings unlinked, and so do we.
    blocks, _ = extract(article(f"<p>{PROSE}</p>", "<a href='/next'><h3>Next story</h3></a>", f"<p>{PROSE}</p>"))
    assert [b.html for b in blocks if b.type == "heading"] == ["Next story"]


def test_a_cards_linked_title_with_a_colon_is_no_labelled_teaser():
    listing, blocks = only_list(
        "<ul><li><a href='/news/tram'><h3>Tram: a new line</h3></a><p><a href='/books/tram'>Tram Lines: A History</a>"
        "</p><p><strong>Read more:</strong> <a href='/news/bus'>Bus lanes on the ring road</a></p><p>{PROSE}</p></li>"
        "<li>Next</li></ul>".replace("{PROSE}", PROSE))
    # A colon inside the link is the title's own; a label before the link still marks a teaser.
    assert [b.text for b in listing.items[0].children] == ["Tram: a new line", "Tram Lines: A History", PROSE]


def test_a_note_is_one_line_whatever_it_holds():
    from newsparse import parse

    page = (f"<html><body><article><h1>Depot</h1><p>{PROSE}<sup><a href='#fn1'>1</a></sup></p><p>{PROSE}</p>"
            "<ol class='footnotes'><li id='fn1'><p>Figures for 2024.</p><table><tr><td>Trams</td><td>40</td></tr>"
            "</table><p>Source: the operator.</p></li></ol></article></body></html>")
    (notes,) = [b for b in parse(page.encode()).blocks if b.type == "footnotes"]
    # A note's model holds no blocks: read as blocks from its table on, the rest was lost.
    assert "Trams" in notes.footnotes[0].text and notes.footnotes[0].text.endswith("\nSource: the operator.")


def test_spans_are_bounded():
    (table,), _ = table_blocks("<table><tr><td colspan='999999'>a</td><td>b</td></tr>"
                               "<tr><td rowspan='70000'>c</td><td>d</td></tr></table>")
    assert len(table.rows[0]) <= 100 and len(table.rows) == 2
    # Every row spanning everything: read without the spans, as large as its own cells.
    rows = "".join(f"<tr><td rowspan='1000' colspan='100'>{n}</td><td>y</td></tr>" for n in range(2500))
    (table,), _ = table_blocks(f"<table><tr><th>a</th><th>b</th></tr>{rows}</table>")
    assert len(table.rows) == 2501 and table.rows[-1] == ("2499", "y")


def test_permalink_marks_leave_headings():
    headings = (
        '<h2>Install<a class="headerlink" href="#install" title="Link to this heading">¶</a></h2>'
        '<h2><a class="anchor" aria-hidden="true" href="#usage"><svg viewBox="0 0 16 16"></svg></a>Usage</h2>'
        '<h2 id="s3">Configure <a href="#s3">#</a></h2>'
        '<h3 id="s4">Upgrade<a class="subhead-anchor" href="#s4">#s4</a></h3>'
        '<h3>Limits <span class="hash-link">§</span></h3>'
        '<h3><a href="https://example.com/post">Further notes</a> 🔗</h3>'
    )
    blocks, _ = extract(article(f"<p>{PROSE}</p>", headings, f"<p>{PROSE}</p>"))
    assert [b.text for b in blocks if b.type == "heading"] == [
        "Install", "Usage", "Configure", "Upgrade", "Limits", "Further notes"]
    assert all("¶" not in b.html and "#" not in b.html.replace("href", "") for b in blocks if b.type == "heading")


def test_a_hash_or_section_sign_that_is_part_of_a_heading_stays():
    headings = ('<h2>Tip #1: update</h2><h2>#2 on our list</h2><h2>Part #</h2><h2>§ 12 of the act</h2>'
                '<h2 id="intro"><a href="#intro">Introduction</a></h2>')
    blocks, _ = extract(article(f"<p>{PROSE}</p>", headings, f"<p>{PROSE}</p>"))
    assert [b.text for b in blocks if b.type == "heading"] == [
        "Tip #1: update", "#2 on our list", "Part #", "§ 12 of the act", "Introduction"]


def test_navigation_comments_and_share_bars_stay_out():
    page = (
        '<nav><a href="/">Home</a><a href="/news">News</a></nav>'
        + article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>",
                  extra='<div class="share-bar"><a href="#">Share on Facebook</a></div>')
        + '<section id="comments"><p>I think this tram plan is a total waste of money and nobody asked us, '
          'the residents, whether we wanted it at all.</p><p>Agreed, another vanity project from the council, '
          'which will be over budget and late like every other one.</p></section>'
    )
    text = plain_text(extract(page)[0])
    assert "tram network" in text
    for junk in ("Home", "Share on Facebook", "vanity project"):
        assert junk not in text


def test_code_block_keeps_text_and_language():
    code = '<pre><code class="language-python">for line in lines:\n    print(line)</code></pre>'
    blocks, _ = extract(article(f"<p>{PROSE}</p>", code, f"<p>{PROSE}</p>"))
    (block,) = [b for b in blocks if b.type == "code"]
    assert block.language == "python"
    assert block.text == "for line in lines:\n    print(line)"


def test_paragraphs_separated_by_double_br_become_paragraphs():
    blocks, _ = extract(f"<div>{PROSE}<br><br>{PROSE.replace('council', 'assembly')}<br>Second line.</div>")
    paragraphs = [b for b in blocks if b.type == "paragraph"]
    assert len(paragraphs) == 2
    assert paragraphs[1].text.endswith("districts.\nSecond line.")


def test_deep_nesting_does_not_overflow():
    depth = 5000
    page = "<div>" * depth + f"<p>{PROSE}</p>" + "</div>" * depth
    text = plain_text(extract(page)[0])
    assert "tram network" in text


def test_embedded_tweet_in_a_widget_is_kept():
    tweet = ('<div class="article-widget embed-tweet"><blockquote class="twitter-tweet"><p>The depot opens '
             'to visitors this weekend, come and see the new trams.</p>— City Trams (@citytrams) '
             '<a href="https://twitter.example/citytrams/status/1">March 4, 2024</a></blockquote></div>')
    blocks, _ = extract(article(f"<p>{PROSE}</p>", tweet, f"<p>{PROSE}</p>"))
    assert "come and see the new trams" in plain_text(blocks)


def test_unclosed_banner_wrapping_the_page_is_not_pruned():
    page = ('<header role="banner"><a href="/">Home</a> <a href="/news">News</a>'
            f'<main><article><p>{PROSE}</p><p>{PROSE}</p></article></main>')
    assert "tram network" in plain_text(extract(page)[0])


def test_standfirst_in_its_own_container_joins_the_body():
    page = ('<div class="story"><div class="story-intro"><p>Trams return to the east of the city after '
            'forty years, with the first line due in 2027.</p></div>'
            f'<div class="story-body"><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>'
            '<div class="story-kicker">Transport</div></div>')
    text = plain_text(extract(page)[0])
    assert text.startswith("Trams return to the east of the city")
    assert "Transport" not in text


def test_amp_page_images_and_video_posters_kept_furniture_dropped():
    page = ('<amp-sidebar id="menu" layout="nodisplay"><a href="/world">World news and more</a></amp-sidebar>'
            '<amp-consent id="consent"><div>We use cookies to personalise content and ads on this site.</div></amp-consent>'
            '<article><figure><amp-img src="/img/lead.jpg" width="800" height="450" alt="Lead"></amp-img>'
            '<figcaption>The new line.</figcaption></figure>'
            f'<p>{PROSE}</p><amp-video poster="/img/clip.jpg" width="640" height="360"></amp-video><p>{PROSE}</p></article>'
            '<amp-analytics type="gtag"><script type="application/json">{"vars": {}}</script></amp-analytics>')
    blocks, _ = extract(page)
    images = [b.image for b in blocks if b.type == "figure"]
    assert [i.url for i in images] == ["https://news.example.com/img/lead.jpg", "https://news.example.com/img/clip.jpg"]
    assert images[0].caption == "The new line."
    text = plain_text(blocks)
    assert "cookies" not in text and "World news" not in text


def test_live_blog_entry_times_stay_with_their_entries_in_order():
    entries = "".join(
        f'<div class="entry"><p class="entry-time"><time datetime="2024-03-05T{t}:00+00:00">{t} GMT</time></p>'
        f"<h3>Update {n}</h3><p>{PROSE}</p></div>"
        for n, t in ((3, "12:40"), (2, "11:05"), (1, "09:30")))
    blocks, _ = extract(f'<div class="liveblog">{entries}</div>')
    texts = [b.text for b in blocks]
    assert texts[:3] == ["12:40 GMT", "Update 3", PROSE]
    assert texts.index("11:05 GMT") < texts.index("Update 2") < texts.index("09:30 GMT")


def test_comments_named_in_the_sites_language_are_not_the_article():
    comment = ("<p>Danke für den Artikel, ich habe ihn mit großem Vergnügen gelesen und "
               "gleich an meine Familie, meine Freunde und die Nachbarn weitergeschickt.</p>")
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>",
                                extra=f'<section class="kommentare">{comment * 4}</section>'))
    text = plain_text(blocks)
    assert text.count("tram network") == 2
    assert "Vergnügen" not in text


def test_related_teasers_with_excerpts_are_dropped_however_much_prose_they_hold():
    teaser = ('<div class="teaser"><h3><a href="/2023/budget">Council approves the budget</a></h3>'
              "<p>The city's budget for next year, agreed after a long night of debate, sets aside "
              "money for schools, parks, and the first stage of the new bus lanes downtown.</p></div>")
    blocks, links = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>",
                                    extra=f'<div class="related-posts">{teaser * 4}</div>'))
    text = plain_text(blocks)
    assert text.count("tram network") == 2
    assert "bus lanes" not in text and links == []


def test_ratings_post_metadata_and_photo_descriptions_are_not_body_text():
    blocks, _ = extract(article(
        f"<p>{PROSE}</p>",
        '<p class="imagedescription">AFP / JANE PHOTOGRAPHER</p>',
        f"<p>{PROSE}</p>",
        '<div class="post-ratings">(No ratings yet) Rate this article, one to five stars</div>',
        '<p class="postmetadata">This entry was posted on Wednesday and filed under City News.</p>',
    ))
    text = plain_text(blocks)
    assert text.count("tram network") == 2
    assert "PHOTOGRAPHER" not in text and "ratings" not in text and "filed under" not in text


def test_a_short_article_in_a_premium_wrapper_is_the_article():
    # Subscriber articles sit in "premium" wrappers; the word says who may read, not
    # that the box is furniture. With one paragraph it is too short to be rescued as prose.
    page = (
        '<div class="teasers"><p><a href="/a">Another story with a long enough headline to count</a></p>'
        '<p><a href="/b">Yet another story with a long enough headline to count</a></p></div>'
        '<article><h1>How much is an hour of work worth</h1>'
        f'<div class="article-premium"><div class="lead">{PROSE}</div><p>{PROSE}</p></div></article>'
    )
    blocks, _ = extract(page)
    assert plain_text(blocks).count("tram network") == 2


RECIPE_STEPS = ("Beat the butter and sugar until pale, then add the eggs one at a time, beating well "
                "after each, and fold in the flour, the baking powder and the lemon zest.")


def recipe_page(json_ld: str) -> bytes:
    cells = "".join(f"<tr><td>{amount}</td><td>{thing}</td></tr>" for amount, thing in (
        ("200 g", "butter"), ("180 g", "caster sugar"), ("3", "eggs"), ("220 g", "self-raising flour"),
        ("1", "unwaxed lemon, zest only")))
    return f"""<html><head><script type="application/ld+json">{json_ld}</script></head><body>
<article><h1>Lemon drizzle cake</h1><div class="meta">Prep 20 min</div>
<table class="ingredients-table">{cells}</table>
<div class="method"><h2>Method</h2><p>{RECIPE_STEPS}</p><p>{RECIPE_STEPS}</p><p>{RECIPE_STEPS}</p></div>
</article><aside><ul><li><a href="/a">Carrot cake</a></li><li><a href="/b">Scones</a></li></ul></aside>
</body></html>""".encode()


def test_a_recipes_declared_ingredients_join_its_steps():
    recipe = ('{"@context": "https://schema.org", "@type": "Recipe", "name": "Lemon drizzle cake", '
              '"recipeIngredient": ["200 g butter", "180 g caster sugar", "3 eggs", '
              '"220 g self-raising flour", "1 unwaxed lemon, zest only"]}')
    text = parse(recipe_page(recipe)).text
    assert "self-raising flour" in text and "caster sugar" in text
    assert text.count("Beat the butter") == 3
    assert "Carrot cake" not in text


def test_without_declared_ingredients_the_steps_stand_alone():
    text = parse(recipe_page('{"@context": "https://schema.org", "@type": "Article", "headline": "x"}')).text
    assert "self-raising flour" not in text
    assert text.count("Beat the butter") == 3


def test_an_image_alone_in_a_paragraph_is_a_figure():
    # WordPress and Joomla editors write <p><img ...></p> between paragraphs.
    blocks, _ = extract(article(f"<p>{PROSE}</p>", '<p><img src="/img/tram.jpg" alt="The new tram"></p>',
                                f"<p>{PROSE}</p>"))
    figures = [b for b in blocks if b.type == "figure"]
    assert [(f.image.url, f.image.alt) for f in figures] == [("https://news.example.com/img/tram.jpg", "The new tram")]
    assert [b.type for b in blocks] == ["paragraph", "figure", "paragraph"]


def test_lexbor_lists_a_nodes_named_descendants_as_one_stretch_after_it():
    # remove_boilerplate_containers skips what is inside a marked node by this order.
    tree = LexborHTMLParser('<body><div class="a" id="x"><p id="y" class="b">t</p><span class="c"></span>'
                            '</div><i id="z"><b class="d" id="w"></b></i></body>')
    named = tree.body.css("[class],[id]")
    tags = [n.tag for n in named]
    assert tags == ["div", "div", "p", "p", "span", "i", "b", "b"]
    for position in (0, 5):
        inside = named[position].css("[class],[id]")
        assert [n.mem_id for n in inside] == [n.mem_id for n in named[position:position + len(inside)]]


def test_boilerplate_after_a_pruned_box_with_class_and_id_is_still_pruned():
    share = ('<div class="share-bar" id="share"><span class="share-item" id="s1"><a class="comments-link" '
             'href="/c">12 comments</a></span></div>')
    related = '<div class="related-articles"><p>Read next: Council approves the budget for the new depot</p></div>'
    text = plain_text(extract(article(f"<p>{PROSE}</p>", share, related, f"<p>{PROSE}</p>"))[0])
    assert "12 comments" not in text and "Read next" not in text
    assert text.count("tram network") == 2


def test_links_left_as_they_are_are_the_ones_urljoin_would_not_change():
    from urllib.parse import urljoin

    from newsparse.blocks import is_plain_absolute

    base = "https://news.example.com/city/tram.html"
    for href in ("https://a.example/x?q=1#top", "http://a.example/caf\u00e9", "https://a.example",
                 "https://a.example/?", "https://a.example/x#", "https://a.example/x?#y", "https:///x",
                 "http://a.example/p;v=1", "HTTPS://a.example/", "https://[::1]/", "/relative", "page.html"):
        if is_plain_absolute(href):
            assert urljoin(base, href) == href, href
    assert not is_plain_absolute("https:///x") and not is_plain_absolute("https://a.example/?")
    assert is_plain_absolute("https://a.example/x?q=1#top")


def test_hidden_elements_and_landmarks_are_pruned_but_visible_ones_kept():
    text = plain_text(extract(article(
        f"<p>{PROSE}</p>",
        '<div style="DISPLAY: None">A hidden promotion for the newsletter that readers never see.</div>',
        '<div style="visibility:hidden">Another invisible box of subscription offers for the magazine.</div>',
        '<div aria-hidden="true">Icons and a duplicate headline for screen readers to skip entirely.</div>',
        '<div role="navigation"><a href="/a">Politics</a> <a href="/b">Sport</a> <a href="/c">Culture</a></div>',
        '<div aria-hidden="false" style="color: red"><p>The depot opens to visitors this weekend, the '
        'council said, with guided tours every hour and a small exhibition.</p></div>',
        f"<p>{PROSE}</p>",
    ))[0])
    assert "hidden promotion" not in text and "invisible box" not in text and "Icons" not in text
    assert "Politics" not in text
    assert "guided tours every hour" in text


# --- footnotes --------------------------------------------------------------------------


def built(body_html: str, base_url: str | None = "https://news.example.com/city/tram.html"):
    tree = LexborHTMLParser(f"<html><body>{body_html}</body></html>")
    return build_blocks(find_main_content(tree).nodes, base_url=base_url, title=None)


def notes_of(result) -> list[tuple[str, str, str]]:
    return [(note.label, note.text, note.html) for note in result.footnotes]


def test_kramdown_footnotes_become_references_and_notes_without_back_links():
    result = built(article(
        f'<p>{PROSE}<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup> '
        'More follows.</p>',
        f"<p>{PROSE}</p>",
        '<div class="footnotes" role="doc-endnotes"><ol><li id="fn:1" role="doc-endnote"><p>From the '
        '<a href="/archive/tram-minutes.pdf">council minutes</a>.&nbsp;<a href="#fnref:1" class="reversefootnote" '
        'role="doc-backlink">&#8617;</a></p></li></ol></div>',
    ))
    assert [b.type for b in result.blocks] == ["paragraph", "paragraph"]  # the list is not in the body
    assert result.blocks[0].text.endswith("bring new investment to the eastern districts.[1] More follows.")
    assert '<sup data-footnote="1">[1]</sup> More follows.' in result.blocks[0].html
    assert notes_of(result) == [("1", "From the council minutes.",
                                 'From the <a href="https://news.example.com/archive/tram-minutes.pdf">council '
                                 'minutes</a>.')]


def test_wikipedia_references_keep_one_note_per_source_and_drop_caret_back_links():
    result = built(article(
        f'<p>{PROSE}<sup id="cite_ref-1" class="reference"><a href="#cite_note-1"><span class="cite-bracket">[</span>'
        f'1<span class="cite-bracket">]</span></a></sup> Second sentence.<sup id="cite_ref-plan_2-0" class="reference">'
        '<a href="#cite_note-plan-2">[2]</a></sup></p>',
        f'<p>{PROSE}<sup id="cite_ref-plan_2-1" class="reference"><a href="#cite_note-plan-2">[2]</a></sup></p>',
        '<h2>References</h2><div class="reflist"><ol class="references">'
        '<li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span> '
        '<span class="reference-text">Tram Atlas, p. 4.</span></li>'
        '<li id="cite_note-plan-2"><span class="mw-cite-backlink">^ <a href="#cite_ref-plan_2-0"><sup><i><b>a</b>'
        '</i></sup></a> <a href="#cite_ref-plan_2-1"><sup><i><b>b</b></i></sup></a></span> '
        '<span class="reference-text">City plan, <i>Transport</i> (2021).</span></li></ol></div>',
    ))
    paragraphs = [b.text for b in result.blocks if b.type == "paragraph"]
    assert paragraphs[0].endswith("districts.[1] Second sentence.[2]") and paragraphs[1].endswith("districts.[2]")
    assert [(label, text) for label, text, _ in notes_of(result)] == [
        ("1", "Tram Atlas, p. 4."), ("2", "City plan, Transport (2021).")]
    assert notes_of(result)[1][2] == "City plan, <em>Transport</em> (2021)."
    assert not any(b.type == "list" for b in result.blocks)


def test_wordpress_block_footnotes_and_old_named_anchors_are_footnotes_too():
    wordpress = built(article(
        f'<p>{PROSE}<sup data-fn="5b2e" class="fn"><a href="#5b2e" id="5b2e-link">1</a></sup></p>',
        f"<p>{PROSE}</p>",
        '<ol class="wp-block-footnotes"><li id="5b2e">Figures from the operator. <a href="#5b2e-link" '
        'aria-label="Jump to footnote reference 1">↩︎</a></li></ol>',
    ))
    assert notes_of(wordpress) == [("1", "Figures from the operator.", "Figures from the operator.")]
    named = built(article(
        f'<p>{PROSE} <a name="ref1" href="#note1">[1]</a></p>',
        f"<p>{PROSE}</p>",
        '<p><a name="note1" href="#ref1">1.</a> Counted on a weekday in May.</p>',
    ))
    assert named.blocks[0].text.endswith("districts. [1]")
    assert notes_of(named) == [("1", "1. Counted on a weekday in May.", "1. Counted on a weekday in May.")]
    assert len(named.blocks) == 2


def test_links_within_the_page_that_lead_to_no_note_stay_as_they_were():
    result = built(article(
        f'<p>{PROSE} See <a href="#costs">costs</a> and table<sup><a href="#t1">1</a></sup>, '
        'or 10<sup>6</sup> riders.</p>',
        f'<h2 id="costs">Costs</h2><p>{PROSE}</p>',
        '<table id="t1"><tr><th>Line</th><th>Cost</th></tr><tr><td>North</td><td>120</td></tr></table>',
    ))
    assert result.footnotes == ()
    assert "See costs and table1, or 106 riders." in result.blocks[0].text
    assert "data-footnote" not in result.blocks[0].html


def test_notes_outside_the_body_are_found_and_the_ones_no_reference_keeps_are_dropped():
    from newsparse.footnotes import with_footnotes

    page = (f'<article><p>{PROSE}<sup><a href="#n1">1</a></sup></p><p>{PROSE}</p><p>{PROSE}</p></article>'
            '<div class="endnotes"><p id="n1">Counted in 2023.</p><p id="n2">Unused.</p></div>')
    result = built(page)
    assert notes_of(result) == [("1", "Counted in 2023.", "Counted in 2023.")]
    kept = with_footnotes(result.blocks, result.footnotes)
    assert kept[-1].type == "footnotes" and [n.label for n in kept[-1].footnotes] == ["1"]
    assert with_footnotes(result.blocks[1:], result.footnotes) == result.blocks[1:]  # its reference went
    assert collect_links(kept) == []


def test_the_median_cell_length_is_the_middle_one_or_the_mean_of_the_middle_two():
    from newsparse.tables import median_length

    assert median_length(["a", "bbbbb", "cc"]) == 2
    assert median_length(["a", "bbbb", "cc", "ddddddddd"]) == 3.0


# --- mathematics ------------------------------------------------------------------------


def katex(tex: str, drawn: str, display: bool = False) -> str:
    formula = (f'<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow>'
               f'<annotation encoding="application/x-tex">{tex}</annotation></semantics></math></span>'
               f'<span class="katex-html" aria-hidden="true">{drawn}</span></span>')
    return f'<span class="katex-display">{formula}</span>' if display else formula


def test_katex_keeps_its_tex_inline_and_display_math_becomes_a_block_of_its_own():
    display = katex("\\sum_{i=1}^n i", "∑i", display=True)
    result = built(article(
        f'<p>{PROSE} The rule {katex("a^2 + b^2 = c^2", "a2+b2=c2")} holds, and the sum is {display} for all n.</p>',
        f"<p>{PROSE}</p>",
    ))
    assert [b.type for b in result.blocks] == ["paragraph", "math", "paragraph", "paragraph"]
    assert result.blocks[0].text.endswith("The rule a^2 + b^2 = c^2 holds, and the sum is")
    assert result.blocks[1].text == "\\sum_{i=1}^n i" and result.blocks[2].text == "for all n."
    assert '<span class="math">a^2 + b^2 = c^2</span> holds' in result.blocks[0].html
    assert "a2+b2=c2" not in plain_text(result.blocks) and "∑i" not in plain_text(result.blocks)


def test_mathjax_two_keeps_the_script_tex_and_drops_what_it_drew():
    frame = ('<span class="MathJax_Preview"></span><span class="MathJax" id="MathJax-Element-{n}-Frame"><nobr>'
             '<span class="math">drawn{n}</span></nobr><span class="MJX_Assistive_MathML"><math><mi>q</mi></math>'
             '</span></span>')
    result = built(article(
        f'<p>{PROSE} With {frame.format(n=1)}<script type="math/tex" id="MathJax-Element-1">x < y</script> '
        'it follows that</p>',
        f'<div class="MathJax_Display">{frame.format(n=2)}</div>'
        '<script type="math/tex; mode=display" id="MathJax-Element-2">\\int_0^1 f % the area\n</script>',
        f"<p>{PROSE}</p>",
    ))
    assert [b.type for b in result.blocks] == ["paragraph", "math", "paragraph"]
    assert result.blocks[0].text.endswith("With x < y it follows that")
    assert result.blocks[0].html.endswith('With <span class="math">x &lt; y</span> it follows that')
    assert result.blocks[1].text == "\\int_0^1 f"  # the TeX comment would swallow what follows once on one line
    assert "drawn" not in plain_text(result.blocks)


def test_mathjax_three_uses_data_latex_else_its_mathml_copy_as_readable_text():
    result = built(article(
        f'<p>{PROSE} Here <mjx-container class="MathJax" jax="CHTML"><mjx-math aria-hidden="true">'
        '<mjx-mi>drawn</mjx-mi></mjx-math><mjx-assistive-mml display="inline"><math><msup><mi>x</mi><mrow><mi>n</mi>'
        '<mo>+</mo><mn>1</mn></mrow></msup><mo>=</mo><mfrac><msub><mi>a</mi><mi>i</mi></msub><msqrt><mi>b</mi></msqrt>'
        '</mfrac></math></mjx-assistive-mml></mjx-container> and</p>',
        '<mjx-container class="MathJax" jax="SVG" display="true" data-latex="\\frac{1}{2}"><svg></svg>'
        '</mjx-container>',
        f"<p>{PROSE}</p>",
    ))
    assert result.blocks[0].text.endswith("Here x^(n + 1) = a_i/(√(b)) and")
    assert "math" not in result.blocks[0].html  # readable text, not TeX
    assert (result.blocks[1].type, result.blocks[1].text) == ("math", "\\frac{1}{2}")


def test_mediawiki_math_hidden_beside_its_image_keeps_its_tex_without_displaystyle():
    result = built(article(
        f'<p>{PROSE} A matrix <span class="mwe-math-element"><span class="mwe-math-mathml-inline" '
        'style="display: none;"><math alttext="{\\displaystyle A^{\\mathsf {H}}}"><semantics><mrow><mi>A</mi></mrow>'
        '<annotation encoding="application/x-tex">{\\displaystyle A^{\\mathsf {H}}}</annotation></semantics></math>'
        '</span><img src="/media/math/render/svg/3f2a" class="mwe-math-fallback-image-inline" aria-hidden="true" '
        'alt="{\\displaystyle A^{\\mathsf {H}}}"></span> is Hermitian.</p>',
        f"<p>{PROSE}</p>",
    ))
    assert result.blocks[0].text.endswith("A matrix A^{\\mathsf {H}} is Hermitian.")
    assert [b.type for b in result.blocks] == ["paragraph", "paragraph"]  # the image is no figure
