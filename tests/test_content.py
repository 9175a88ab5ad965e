"""Finding the main content: pruning, and how much of the page the body takes."""
from __future__ import annotations

from newsparse import parse

PROSE = ("The council voted on Tuesday to expand the tram network, a decision that officials said "
         "would cut commuting times, reduce traffic, and bring new investment to the eastern districts.")
MENU = "".join(f'<li><a href="/section/{n}">Section number {n}</a></li>' for n in range(12))


def page(body: str, head: str = "") -> bytes:
    return f"<html><head><title>Page</title>{head}</head><body>{body}</body></html>".encode()


def test_a_wrapper_hidden_until_a_script_shows_it_is_the_page_not_hidden_content():
    # Anti-flicker snippets hide the whole page with an inline style and show it from script.
    article = parse(page(
        f'<div style="visibility:hidden;min-height:100vh"><ul>{MENU}</ul>'
        f'<article><h1>Trams</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article></div>'))
    assert PROSE in article.text


def test_a_streamed_segment_rendered_hidden_is_the_page_when_it_holds_most_of_it():
    # Streaming servers send late parts of the page in <div hidden> and move them in by script.
    article = parse(page(f'<div id="shell"><p>Loading</p></div>'
                         f'<div hidden id="S:1"><article><h1>Trams</h1><p>{PROSE}</p><p>{PROSE}</p></article></div>'))
    assert PROSE in article.text


def test_a_page_hidden_from_screen_readers_behind_an_open_dialog_is_still_the_page():
    # A modal open when the page was saved: the site sets aria-hidden on everything behind it.
    article = parse(page(f'<div id="app" aria-hidden="true"><article><h1>Trams</h1><p>{PROSE}</p>'
                         f'<p>{PROSE}</p><span aria-hidden="true">Share this story with a friend today</span>'
                         f'</article></div><div role="dialog" aria-modal="true"><p>Sign in</p></div>'))
    assert PROSE in article.text
    assert "Share this story" not in article.text


def test_a_hidden_wrapper_holding_most_of_the_main_landmark_is_the_content():
    # A members-only "lockdown" box around a shop's product: hidden until a script checks
    # access, it holds less than half of a page full of menus and footers, but nearly all
    # of the page's <main>.
    mega_menu = "".join(f'<li><a href="/c/{n}">Category {n} with several words of menu text</a></li>'
                        for n in range(40))
    article = parse(page(
        f'<nav><ul>{mega_menu}</ul></nav><main><div class="lockdown" style="display:none">'
        f'<h1>Dark roast</h1><p>{PROSE}</p><p>{PROSE}</p></div><p>Free delivery</p></main>'
        f'<footer><ul>{mega_menu}</ul></footer>'))
    assert PROSE in article.text


def test_a_small_box_hidden_by_its_style_still_goes():
    article = parse(page(
        f'<article><h1>Trams</h1><p>{PROSE}</p><p>{PROSE}</p>'
        '<div style="display: none"><p>Thank you for subscribing to our newsletter, see you soon.</p></div>'
        f'<p>{PROSE}</p></article>'))
    assert "subscribing" not in article.text
    assert PROSE in article.text


def card(n: int) -> str:
    # A card's lines are too short to score as paragraphs: a title and a detail line.
    return (f'<div class="card"><h3><a href="/listing/item-{n}">Harbour walk number {n}</a></h3>'
            f'<p>Stop {n}, 2 km, 40 min</p></div>')


def test_a_listing_in_main_is_taken_whole_not_one_card():
    # Scoring alone picks the one card with the longest text; the listing is every card.
    intro = f'<div class="intro"><p>{PROSE} {PROSE}</p></div>'
    cards = '<div class="grid">' + "".join(card(n) for n in range(20)) + '</div>'
    article = parse(page(f'<nav><ul>{MENU}</ul></nav><main><h1>Walks</h1>{intro}{cards}</main>'
                         '<footer>Contact us</footer>'))
    assert article.extraction.method == "region"
    assert "Harbour walk number 0" in article.text and "Harbour walk number 19" in article.text
    assert "Section number" not in article.text and "Contact us" not in article.text


def test_an_article_in_main_beside_a_few_teasers_stays_the_article():
    article = parse(page(f'<main><article><h1>Trams</h1>{"".join(f"<p>{PROSE}</p>" for _ in range(6))}</article>'
                         + "".join(card(n) for n in range(3)) + '</main>'))
    assert article.extraction.method != "region"
    assert "Harbour walk" not in article.text


def test_without_main_a_declared_article_is_never_widened_to_the_whole_body():
    body = (f'<div class="story"><p>{PROSE}</p><p>{PROSE}</p></div>'
            '<div class="grid">' + "".join(card(n) for n in range(20)) + '</div>')
    declared = parse(page(body, head='<meta property="og:type" content="article">'))
    assert "Harbour walk" not in declared.text
    undeclared = parse(page(body))
    assert undeclared.extraction.method == "region"
    assert "Harbour walk number 19" in undeclared.text and PROSE in undeclared.text


def test_page_type_comes_from_the_pages_declarations():
    def page_type(head: str = "", body: str = f"<article><p>{PROSE}</p></article>") -> str | None:
        return parse(page(body, head=head)).extraction.page_type

    def json_ld(value: str) -> str:
        return f'<script type="application/ld+json">{value}</script>'

    assert page_type(json_ld('{"@type": "NewsArticle"}')) == "article"
    assert page_type(json_ld('{"@graph": [{"@type": "WebPage"}, {"@type": ["Product"]}]}')) == "product"
    assert page_type(json_ld('{"@type": "WebPage", "mainEntity": {"@type": "DiscussionForumPosting"}}')) == "forum"
    # An FAQ's questions do not make a thread.
    assert page_type(json_ld('{"@graph": [{"@type": "Product"}, {"@type": "FAQPage"}, {"@type": "Question"}]}'
                             )) == "product"
    # A review declares the product it reviews beside itself: it is an article.
    assert page_type(json_ld('[{"@type": "Product"}, {"@type": "Review"}, {"@type": "Article"}]')) == "article"
    assert page_type(json_ld('{"@type": "TechArticle"}')) == "documentation"
    assert page_type('<meta property="og:type" content="product.group">') == "product"
    assert page_type(body=f'<div itemscope itemtype="https://schema.org/CollectionPage"><p>{PROSE}</p></div>') == "listing"
    # Declaring nothing: a short body is not known, a long run of prose is an article.
    assert page_type() is None
    assert page_type(body=f"<article>{''.join(f'<p>{PROSE}</p>' for _ in range(10))}</article>") == "article"


def sentences(topic: str, count: int = 2) -> str:
    return "".join(f"<p>{topic} paragraph {n}: {PROSE}</p>" for n in range(count))


def test_an_article_split_into_boxes_of_one_class_is_taken_whole():
    # Each run of paragraphs sits in its own wrapper: the boxes are cousins, not siblings.
    # The first box is long, the others too short to tie with it: no shared-ancestor vote.
    boxes = "".join(f'<div class="wrapper"><div class="textflow">{sentences(f"Part {n}", 6 if n == 0 else 2)}</div>'
                    f'<div class="image-box"><img src="/photo{n}.jpg" alt=""></div></div>'
                    f'<div class="section-{n}"><h2>Heading {n}</h2></div>' for n in range(3))
    article = parse(page(f'<article><h1>Trams</h1><div class="story">{boxes}</div></article>'
                         f'<aside><ul>{MENU}</ul></aside>'))
    for n in range(3):
        assert f"Part {n} paragraph 1" in article.text


def test_opening_paragraphs_in_the_headline_block_join_the_body():
    hero = ('<section class="page-hero"><div class="container"><h1>Trams</h1>'
            f'<div class="intro"><p>Opening words: {PROSE}</p></div><p class="byline">By Jo Smith</p></div></section>')
    body = (f'<section class="layout"><div class="grid"><div class="body-text">{sentences("Body", 6)}</div>'
            f'<div class="more"><ul>{MENU}</ul></div></div></section>')
    text = parse(page(hero + body)).text
    assert "Opening words:" in text and text.index("Opening words:") < text.index("Body paragraph 0")
    assert "By Jo Smith" not in text


def test_a_standfirst_repeating_the_description_stays_the_description():
    standfirst = "Commuters will save ten minutes a day once the new line opens, the council says."
    head = f'<meta name="description" content="{standfirst}">'
    hero = f'<header class="article-header"><h1>Trams</h1><p class="dek">{standfirst}</p></header>'
    article = parse(page(hero + f'<div class="main"><div class="body-text">{sentences("Body", 4)}</div></div>',
                         head=head))
    assert article.description == standfirst
    assert "Commuters will save" not in article.text
    assert "Body paragraph 0" in article.text


def test_a_forum_threads_posts_are_its_content_though_named_comments():
    posts = "".join(f'<div class="comment"><span class="user">user{n}</span><p>Reply {n}: {PROSE}</p></div>'
                    for n in range(3))
    # The comments under one post (a Q&A site's) are not the thread: they go.
    remarks = '<ul class="comments-list"><li class="comment">Which line do you take to work? The number four is quicker in the morning rush, I find. – ann</li></ul>'
    body = (f'<div class="topic"><h1>Best tram pass?</h1><div class="post-body"><p>Question: {PROSE}</p><p>{PROSE}</p>'
            f'</div>{remarks}<div id="comments">{posts}</div></div>')
    qa_page = '<script type="application/ld+json">{"@type": "QAPage", "mainEntity": {"@type": "Question"}}</script>'
    thread = parse(page(body, head=qa_page))
    assert thread.extraction.page_type == "forum"
    assert "Reply 2:" in thread.text and "Question:" in thread.text
    assert "Which line" not in thread.text
    # The same markup on a page that is not a thread: reader comments stay out.
    assert "Reply" not in parse(page(body)).text


def test_a_thread_of_replies_under_a_long_opening_post_is_kept():
    # The opening post outside the comments box and a sidebar beside it leave the
    # replies less than half of the page, but they are still the thread, not comments.
    replies = "".join(f'<li class="comment"><p>Reply {n}: {PROSE}</p></li>' for n in range(4))
    opening = "".join(f"<p>Opening post {n}: {PROSE}</p>" for n in range(3))
    sidebar = "".join(f"<p>Forum rule {n}: be kind, stay on topic and search before posting.</p>" for n in range(4))
    body = (f'<div class="discussion"><h1>Tram passes</h1>{opening}'
            f'<div class="comments-wrap"><ul class="comment-list">{replies}</ul></div></div>'
            f'<div class="panel">{sidebar}</div>')
    thread_page = '<script type="application/ld+json">{"@type": "DiscussionForumPosting", "headline": "Tram passes"}</script>'
    thread = parse(page(body, head=thread_page))
    assert "Opening post 2:" in thread.text and "Reply 3:" in thread.text


def test_the_headlines_section_goes_first_when_it_scores_nearly_as_well_as_a_box_elsewhere():
    from selectolax.lexbor import LexborHTMLParser

    from newsparse.content import headline_first, remove_never_content, score_candidates

    post = f'<div class="post"><h1>Trams</h1><div class="entry"><p>Short post: {PROSE}</p><p>{PROSE}</p></div></div>'
    # Comma-dense blurbs score higher than the post's two plain paragraphs.
    blurb = "trams, buses, ferries, bikes, trains, taxis, scooters, walking, parking, lanes, fares"
    box = ('<div class="col-right"><h3>Staff picks</h3><div class="picks">'
           + "".join(f"<p>Pick {n}: {blurb}, {blurb}.</p>" for n in range(2)) + "</div></div>")
    tree = LexborHTMLParser(page(f'<div class="wrap"><div class="col-main">{post}</div>{box}</div>').decode())
    remove_never_content(tree)
    candidates, _ = score_candidates(tree.body)
    assert candidates[0].node.attrs.get("class") == "picks"
    assert headline_first(tree.body, candidates)[0].node.attrs.get("class") == "entry"


def link_list(section: int) -> str:
    # One section of an index page: each entry is a link with a few words after it.
    entries = "".join(f'<li><a href="/guide/{section}/{n}">Walk {section}.{n} by the river</a> (4 km)</li>'
                      for n in range(5))
    return f'<h2>District {section}</h2><ul>{entries}</ul>'


def test_an_index_page_made_of_many_link_lists_keeps_its_entries():
    # A "list of lists" page: short link lists under headings are the page's content,
    # not teaser boxes, when there are many of them and they are most of its text.
    sections = "".join(link_list(n) for n in range(18))
    categories = ('<div class="categories"><ul><li><a href="/c/walks">Category: walks</a></li>'
                  '<li><a href="/c/rivers">Category: rivers</a></li></ul></div>')
    article = parse(page(f'<div id="content"><h1>Walks</h1><p>{PROSE}</p>{sections}<p>{PROSE}</p>{categories}</div>'
                         f'<div id="side"><p>Short note about the site.</p></div>'))
    assert "Walk 7.3 by the river" in article.text
    assert "Walk 17.4 by the river" in article.text
    assert "Category: rivers" not in article.text  # not one of the entries: its own class


def test_an_article_keeps_dropping_its_few_teaser_lists():
    teasers = "".join(link_list(n) for n in range(3))
    article = parse(page(f'<article><h1>Trams</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>'
                         f'{teasers}</article>'))
    assert PROSE in article.text
    assert "by the river" not in article.text


def test_a_wrapper_named_for_the_sidebar_it_has_is_not_the_sidebar():
    # "p-body-main--withSidebar", "layout has-sidebar": the page body beside a sidebar.
    posts = "".join(f'<div class="message"><div class="message-user">member{n}</div>'
                    f'<div class="message-body">Reply {n}: {PROSE}</div></div>' for n in range(4))
    article = parse(page(
        f'<div class="p-body-main p-body-main--withSidebar"><h1>Tram timetable thread</h1>{posts}</div>'
        '<div class="p-body-sidebar"><p>Staff pick of the week: the best photographs of old ferries '
        'sent in by our members over the summer, with a vote on the winner.</p></div>'))
    assert "Reply 3:" in article.text
    assert "Staff pick" not in article.text


def test_words_that_name_a_property_do_not_save_the_box_itself():
    from newsparse.content import name_verdict
    assert name_verdict("layout has-sidebar")[1] is False
    assert name_verdict("sidebar no-ads")[1] is True
    assert name_verdict("with-comments comments-list")[1] is True


def test_a_collapsed_description_in_one_paragraph_broken_by_line_breaks_is_kept():
    # A shop's "read more" expander: the whole description in one <p>, its paragraphs
    # separated by <br><br>, as shop editors and old pages write them.
    description = "<br><br>".join([PROSE, PROSE.replace("council", "board"), PROSE.replace("tram", "bus")])
    article = parse(page(
        f'<div class="listing-page"><h1>Striped stoneware mug</h1><p>Price: 24.00</p><p>{PROSE}</p><p>{PROSE}</p>'
        f'<div id="description-read-more" class="toggle-body"><p>{description}</p></div>'
        f'<div class="reviews"><p>Great mug, arrived quickly.</p></div></div>'))
    assert "expand the bus network" in article.text


def test_sections_without_classes_each_in_a_wrapper_of_its_own_are_taken_whole():
    # A list article: each entry a wrapper with its own id holding a heading and a
    # class-less text div; the first scores highest, the others are its cousins.
    def entry(n: int, paragraphs: int) -> str:
        text = "".join(f"<p>Entry {n}, part {k}: {PROSE}</p>" for k in range(paragraphs))
        return f'<div id="{183510 + n}"><h2>Agency {n}</h2><div>{text}</div></div>'
    entries = entry(1, 8) + "".join(entry(n, 3) for n in range(2, 7))
    article = parse(page(f'<div class="entries"><h1>Top agencies</h1>{entries}</div>'
                         f'<div class="aside"><p>{PROSE}</p></div>'))
    assert "Entry 1, part 7" in article.text
    assert "Entry 6, part 1" in article.text


def test_a_heading_linked_back_to_the_contents_keeps_its_words_and_loses_its_edit_link():
    # Documentation generators write <a class="toc-backref"> around each section heading's
    # words; wikis put a small "[edit]" link beside them.
    prose = "".join(f"<p>{'The worker reports its state every few seconds to the monitor. ' * 4}</p>" for _ in range(3))
    html = (f"<html><body><main><h1>Guide</h1>{prose}"
            '<h2><a class="toc-backref" href="#id3">Introduction</a><a class="headerlink" href="#i">¶</a></h2>'
            f'{prose}<h2>Workers<span class="mw-editsection">[edit]</span></h2>{prose}</main></body></html>')
    headings = [b.text for b in parse(html.encode()).blocks if b.type == "heading"]
    assert headings == ["Introduction", "Workers"]


def test_a_list_of_sources_under_a_heading_stays_while_a_teaser_list_goes():
    prose = "".join(f"<p>{PROSE} {PROSE}</p>" for _ in range(4))
    sources = ('<h2>Sources</h2><ul><li><a href="https://stats.example.org/t1">Transit statistics 2023</a></li>'
               '<li><a href="https://census.example.gov/c">Census tables</a></li></ul>')
    teasers = ('<h2>More news</h2><ul><li><a href="/city/bus.html">Night buses return</a></li>'
               '<li><a href="https://news.example.com/city/parking.html">Parking fees rise</a></li></ul>')
    html = (f'<html><head><link rel="canonical" href="https://news.example.com/city/tram.html"></head><body>'
            f"<article><h1>Trams</h1>{prose}{sources}<p>{PROSE}</p>{teasers}<p>{PROSE}</p></article></body></html>")
    text = parse(html.encode()).text
    assert "Census tables" in text and "Night buses return" not in text


def test_an_aside_outside_the_article_is_the_pages_sidebar():
    # HTML's <aside> beside the content (no <article> or <main> around it) holds what
    # relates to the page: teasers with excerpts, which read like prose.
    teasers = "".join(f'<li><a href="/news/{n}">Story {n}</a><p>Excerpt {n}: {PROSE}</p></li>' for n in range(4))
    body = (f'<div class="page"><div class="hero"><h1>Trams</h1><p>{PROSE}</p></div><div class="grid">'
            f'<div class="col"><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>'
            f'<aside class="col-side"><h3>More news</h3><ul>{teasers}</ul></aside></div></div>')
    text = parse(page(body)).text
    assert PROSE in text and "Excerpt 2:" not in text


def test_an_aside_inside_the_article_or_quoting_a_post_stays():
    pull_quote = '<aside class="pull">"We waited forty years for this line," one resident said on the platform.</aside>'
    quoted = f'<aside class="quote"><blockquote><p>Quoted post: {PROSE}</p></blockquote></aside>'
    article = parse(page(f'<article><h1>Trams</h1><p>{PROSE}</p>{pull_quote}<p>{PROSE}</p></article>'))
    assert "forty years" in article.text
    thread = parse(page(f'<div class="post"><h1>Trams</h1>{quoted}<p>Reply: {PROSE}</p><p>{PROSE}</p></div>'))
    assert "Quoted post:" in thread.text


def test_pruning_skips_what_a_dropped_element_holds_and_goes_on_after_it():
    # A dropped menu's own hidden and aside parts are skipped with it; the elements
    # after it must still be judged (the skip ends where the menu ends).
    from selectolax.lexbor import LexborHTMLParser

    from newsparse.content import remove_never_content

    menu = ('<nav><ul><li>Home</li></ul><div hidden><aside>Sub menu</aside>'
            '<div style="display:none">Deeper menu</div></div></nav>')
    after = '<div style="display: none">Closed dialog</div><aside>Sidebar picks</aside>'
    tree = LexborHTMLParser(page(f'{menu}{after}<div class="story"><p>{PROSE}</p></div>').decode())
    remove_never_content(tree)
    text = tree.body.text()
    assert "menu" not in text and "Closed dialog" not in text and "Sidebar picks" not in text
    assert PROSE[:40] in text
