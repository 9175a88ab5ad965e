"""Every selector, pattern and threshold the body extraction relies on, in one place.

Each number says why it has the value it has. They were first set from
Readability.js's published defaults and then checked against the dev corpora
with `../shared/tools/devscore --brief`; change one, re-run that, and note the
figures in the commit message. Nothing here decides anything: content.py,
blocks.py and clean.py apply these.
"""
from __future__ import annotations

import re


class LazyPattern:
    """A regular expression compiled on first use. Compiling costs 0.05-0.5 ms each in
    pure Python; for patterns most pages never reach (MHTML headers, error messages,
    rare date shapes) that is start-up time a one-off conversion would pay for nothing.
    After the first use, its methods are the compiled pattern's own, bound once."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._source, self._flags = pattern, flags

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        # Only reached for names not yet bound: compile, then bind the usual methods.
        compiled = re.compile(self._source, self._flags)
        for method in ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"):
            setattr(self, method, getattr(compiled, method))
        self.pattern, self.flags, self.groupindex = compiled.pattern, compiled.flags, compiled.groupindex
        return getattr(compiled, name)


# --- Removed before anything is scored -------------------------------------------------

# Elements that never hold article prose. `noscript` is not here: lazy-loading
# pages keep the real <img> inside it, so blocks.py reads it for images.
NEVER_CONTENT_TAGS = (
    "script", "style", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "input", "select", "textarea", "option", "label", "dialog", "link", "meta",
    # AMP's script-driven furniture: analytics, ads, consent and notification bars.
    "amp-analytics", "amp-pixel", "amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads",
    "amp-consent", "amp-user-notification", "amp-geo", "amp-install-serviceworker",
)

# Landmarks that are page furniture, not article, wherever they stand: these tags, these
# roles, and elements hidden or made a modal layer by these attributes (None: by being there).
FURNITURE_TAGS = frozenset({"nav", "amp-sidebar"})
FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"})
FURNITURE_FLAGS = (("hidden", None), ("aria-modal", "true"), ("aria-hidden", "true"))

# An element hidden by its inline style, its `hidden` attribute or aria-hidden that
# holds more than this share of the page's text is the page itself, hidden until a
# script shows it (anti-flicker wrappers, members-only "lockdown" boxes around a
# product, the segments a streaming server renders hidden and a script moves into
# place, the page behind a dialog that was open when it was saved), not hidden content.
# The same share of the <main> it sits in counts too: a shop's lockdown box holds a
# product page's <main> but a third of a page under a mega menu and footer.
HIDDEN_WRAPPER_MIN_SHARE = 0.5

# ...unless it holds the page's main content: pages that leave a <header
# role=banner> unclosed get the whole page parsed into it. (Not "article":
# sidebars hold teaser <article> cards.)
MAIN_CONTENT_SELECTOR = "main, [role=main], [itemprop=articleBody], [itemprop=articlebody]"

# "Comments" and "advertisement" as class words in German, French, Spanish, Italian,
# Portuguese, Dutch and Polish.
MULTILINGUAL_COMMENT_TOKENS = frozenset({
    "kommentare", "kommentar", "commentaires", "commentaire", "comentarios", "comentario",
    "commenti", "commento", "reacties", "komentarze",
})
# Class words of reader comments: boilerplate on an article, the content of a forum thread.
COMMENT_TOKENS = frozenset({
    "comment", "comments", "commentlist", "disqus", "respond", "replies", *MULTILINGUAL_COMMENT_TOKENS,
})
# On a forum thread, a container named as comments that holds more than this share of
# the page's text is the thread; smaller ones are comments under each post. 0.4: the
# replies under a long opening post, beside a sidebar, are under half of the page;
# 0.3 and 0.4 score alike on the dev corpora, 0.5 lost two threads' replies.
THREAD_MIN_SHARE = 0.4
# (Ads are not in UNRESCUABLE_TOKENS below: blogs tag posts "werbung", and the tag
# lands in the article container's class as "tag-werbung".)
MULTILINGUAL_AD_TOKENS = frozenset({
    "werbung", "anzeige", "anzeigen", "publicite", "publicidad", "pubblicita", "publicidade", "reklama",
})

# Class/id words that mark boilerplate. Not "modal": it also names a state of
# the article container ("article modal-enabled"), and modals are hidden or
# link-dense anyway. Not "print": recipe and tip pages call their steps
# "print-step"; print-only copies are caught by the pairs below. Class and id values are split into
# words (on spaces, -, _ and camelCase humps) and each word looked up here, so
# "comments" and "share-bar" hit while "commentary" and "shareholder" do not.
# "hidden" is absent on purpose: utility-CSS pages put "hidden md:block" on
# the article itself.
BOILERPLATE_TOKENS = frozenset({
    "comment", "comments", "commentlist", "disqus", "respond", "replies",
    "share", "sharing", "sharebar", "sharetools", "social", "socials",
    "related", "recirc", "recirculation", "recommended", "recommendations",
    "popular", "trending", "outbrain", "taboola",
    "newsletter", "newsletters", "subscribe", "subscription", "signup",
    "contribute", "donate", "donation", "donations", "cta", "paywall", "regwall",
    "promo", "promotion", "promoted", "sponsor", "sponsored", "advert", "advertisement",
    "ad", "ads", "adslot", "adunit", "dfp", "banner",
    "cookie", "cookies", "consent", "gdpr", "popup",
    "sidebar", "widget", "breadcrumb", "breadcrumbs", "pagination", "pager",
    "footer", "masthead", "navbar", "nav", "navigation", "menu",
    "byline", "bylines", "author", "authors", "timestamp", "meta", "date", "dates", "dateline",
    "caption", "captions", "credit", "credits", "copyright", "gallery", "slideshow", "carousel", "lightbox",
    "tags", "taglist", "topics", "keywords", "sr", "screenreader", "offscreen", "toc", "legend", "player", "badge",
    # Post footers ("posted on ... filed under"), star ratings, photo descriptions as one
    # word. Not "noprint": Wikipedia and RFC pages put it on inline text of the article.
    "postmetadata", "ratings", "metadata",
    # Wiki furniture: "[edit]" links beside every heading (MediaWiki, DokuWiki's "secedit").
    "editsection", "secedit",
    "imagecaption", "imagedescription", "photocaption", "imagecredit", "photocredit", "bildunterschrift",
    # The same words in the languages of the dev corpora's sites: templates are named
    # in the site's language as often as in English.
    *MULTILINGUAL_COMMENT_TOKENS, *MULTILINGUAL_AD_TOKENS,
})

# Captions and credits are boilerplate loose in the page (slideshows, photo
# strips) but belong to the image inside a <figure>.
FIGURE_PART_TOKENS = frozenset({"caption", "captions", "credit", "credits", "copyright"})

# Word pairs that mark boilerplate where neither word alone does.
BOILERPLATE_PAIRS = frozenset({
    "more-stories", "most-read", "most-popular", "read-more", "sign-up", "see-also",
    "print-only", "print-block", "visible-print", "only-print",
    "author-bio", "author-box", "bio-box", "about-author", "site-header", "skip-link",
    "screen-reader", "visually-hidden", "sr-only", "off-screen", "further-reading", "you-may",
    "also-like", "next-article", "up-next", "next-prev", "prev-next", "next-post", "prev-post",
    "previous-post", "previous-article",
    # A notice to every visitor of the site ("The wiki will be read-only on Sunday"), not the page's.
    "site-notice",
})

# Words that make the next one a property of the element, not what it is: a
# "has-sidebar", "with-comments" or "no-ads" container is the page beside those things.
MODIFIER_WORDS = frozenset({"has", "with", "without", "no"})

# A container named like a widget is kept when it holds this much prose: a
# "post-content has-share-bar" div is the article, not the share bar.
RESCUE_MIN_PARAGRAPHS = 2
RESCUE_MIN_CHARS = 500

# ...except reader comments, pitches to the reader and "related" teaser boxes: they
# are prose too (teasers carry excerpts with few links), and never the article.
UNRESCUABLE_TOKENS = frozenset({
    "comment", "comments", "commentlist", "disqus", "replies", "respond",
    "cta", "newsletter", "newsletters", "subscribe", "subscription", "signup",
    "contribute", "donate", "donation", "donations", "sponsored", "advertisement",
    *MULTILINGUAL_COMMENT_TOKENS,
    "related", "recommended", "recommendations", "recirc", "recirculation", "outbrain", "taboola",
})

# Tags BOILERPLATE_TOKENS never removes: removing the body or the article
# itself because its class says "has-sidebar" would lose everything.
PROTECTED_TAGS = frozenset({"html", "body", "article", "main", "figure", "figcaption"})

# Readability's class weights: class/id words that make a container more or
# less likely to be the article. Used as a weak hint on top of text scores.
POSITIVE_HINTS = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose",
    re.IGNORECASE,
)
NEGATIVE_HINTS = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|"
    r"masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
    r"sponsor|shopping|tags|widget|teaser|recirc|newsletter",
    re.IGNORECASE,
)
CLASS_WEIGHT = 25  # Readability's value: enough to tip close calls, not to override text.
# ...and only in full for containers with at least this much text.
CLASS_WEIGHT_FULL_CHARS = 500

# --- Scoring ------------------------------------------------------------------------

# Inline elements: their text counts as the loose text of the div holding them.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
})

# Readability's starting scores by tag: divs usually wrap prose, list and
# form parts usually wrap navigation, headings and table headers are labels.
TAG_SCORES = {
    "div": 5, "article": 5, "section": 3, "main": 5,
    "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}

# A paragraph shorter than this is a caption, a button or a label, not prose.
MIN_PARAGRAPH_CHARS = 25

# One point per this many characters, capped: long paragraphs count more, but a
# single huge blob (a terms page, a JSON dump) should not outvote real prose.
CHARS_PER_POINT = 100
MAX_LENGTH_POINTS = 3

# How far up a paragraph's score is passed; deeper ancestors get a share that
# shrinks with distance, as in Readability.
SCORE_ANCESTOR_LEVELS = 5

# Containers scored in full (class weight, link density), by paragraph score;
# the rest do not catch up. 40 cost 0.002 snippet F on the trafilatura dev
# pages (a strongly named container far down the list), 120 cost nothing.
MAX_CANDIDATES = 120

# A recipe's ingredients (schema.org recipeIngredient) belong in its body: when the
# pick shows fewer than this share of them, the nearest ancestor that does (within
# this many levels) is taken instead. Only pages that declare a Recipe are touched.
EXPECTED_LINES_SHARE = 0.5
EXPECTED_LINES_MAX_LEVELS = 4

# Semantic containers (<article>, <main>, role=main, itemprop=articleBody) get a
# head start: schema.org and HTML5 say "this is the article".
SEMANTIC_BONUS = 0.25  # fraction of its own score added to a semantic container

# Sibling candidates within this fraction of the top score join the article:
# multi-part articles split over sibling containers.
SIBLING_SCORE_FRACTION = 0.2
MIN_SIBLING_SCORE = 10

# Siblings of these tags join the article when they read as prose (long with few
# links, or a short full sentence with none): leads and standfirsts often sit in
# a container of their own beside the body.
PROSE_SIBLING_TAGS = frozenset({"p", "div", "section", "blockquote", "ul", "ol", "h2", "h3", "h4"})
PROSE_MIN_WORDS = 6  # fewer is a label, a date line or a bare URL
# ...but not the article's header block (headline, kicker, badges, byline).
HEADER_TOKENS = frozenset({"header", "head", "heading", "hero", "headline", "kicker"})

# On a page that declares an article, the best container around its only <h1> (looked
# for this many levels up) wins over a higher-scoring one elsewhere when it scores at
# least this share of it. 0.3 cost scrapinghub 0.0017 (a teaser box beside the story
# then won); 0.5 cost nothing on any corpus.
HEADLINE_SECTION_LEVELS = 4
HEADLINE_SECTION_MIN_SHARE = 0.5

# Containers with the top container's tag and class, scoring like a sibling would,
# are looked for this many levels up: an article split into boxes of one class.
COUSIN_MAX_LEVELS = 3
MIN_COUSINS = 2

# When this many of the best candidates share an ancestor, the ancestor is the
# article: the body was split into several scored pieces.
SHARED_ANCESTOR_VOTES = 3
TOP_CANDIDATES = 5
NEAR_TOP_FRACTION = 0.75

# The page's content region: the pick is replaced by it when the pick holds less than
# this share of its text (the pick is one card of a listing, one section of a service
# page, one post of a thread). Tried on all four dev corpora: 0.3 and 0.5 each scored
# lower on wcxb (word F1 0.833 and 0.834 against 0.838 with the body region below) and
# no higher elsewhere.
MAIN_REGION_SELECTOR = "main, [role=main]"
REGION_MIN_PICK_SHARE = 0.4
# Without a <main>, the region is the pruned <body>, taken only when the page does not
# declare an article and the pick holds less prose than this: a news story of a few
# paragraphs surrounded by teasers is still an article (without this bound, the
# scrapinghub and readability dev scores fell to 0.955 and 0.966).
REGION_MAX_PICK_PROSE = 1500

# Prose paragraphs between the headline and the pick join the body in front (a
# standfirst, opening paragraphs in the hero block), up to this many and this much.
LEAD_MAX_PARAGRAPHS = 3
LEAD_MAX_CHARS = 1200
# ...except a standfirst: a paragraph opening with the same this-many words as the
# page's description is the description shown, not body.
STANDFIRST_WORDS = 10

# --- Cleaning the chosen container ------------------------------------------------------

# A block whose text is mostly link text is navigation or a teaser list.
MAX_LINK_DENSITY = 0.5
# ...and a weakly-scored block (negative class hint) is dropped at a lower density.
MAX_LINK_DENSITY_WEAK = 0.2
# A container is only judged by link density once it has this little prose:
# a long article with many inline links must not be dropped.
LINK_LIST_MAX_CHARS = 600
LINK_LIST_SELECTOR = "ul, ol, div, section, table, aside, form, footer, header"
# ...unless there are many of them and they make up most of the container's text:
# then they are an index page's entries (a listing, a category page, a list of
# lists), not teaser boxes beside an article, which are a few lists and a minority of
# its text. Chosen with `bench/fit_thresholds.py --grid INDEX_MIN_LINK_LISTS=1,8,12,16,100000
# INDEX_MIN_LINK_LIST_SHARE=0.5,0.6,0.7,0.8`: the best point that lowers no corpus (the
# objective's best, 8 and 0.5, costs the trafilatura corpus three snippets).
INDEX_MIN_LINK_LISTS = 16
INDEX_MIN_LINK_LIST_SHARE = 0.6

# A teaser paragraph ("Related: <a>...</a>", "READ MORE: ...") inside the body:
# mostly link, short, labelled.
TEASER_MAX_WORDS = 25
TEASER_MIN_LINK_DENSITY = 0.5

# Permalink marks in headings (Sphinx's "¶" headerlink, GitHub's empty "anchor"
# link, "#" and "§" hash links, "🔗"): a link or anchor-named element in a heading
# whose text is only these characters, nothing, or its own "#fragment" is not part
# of the heading's words.
PERMALINK_MARKS = frozenset("#¶§🔗⚓\ufe0f\ufe0e")
# ...and these, also as a heading's last word outside any link ("#" and "§" there
# are words: "Part #", "Clause §").
TRAILING_HEADING_MARKS = frozenset("¶🔗⚓\ufe0f\ufe0e")
PERMALINK_CLASS = LazyPattern(r"anchor|headerlink|permalink|hash-?link|heading-?link|header-?link", re.IGNORECASE)

# A table cell with more prose than any data value would hold lays out a page
# (old sites lay out whole pages in tables).
LAYOUT_CELL_MIN_CHARS = 400
# Data or layout is weighed on a table's structure (tables.is_layout_table). For
# data: most rows of one width, short cells (a median of a few words), a share of
# numbers. For layout: one cell holding several paragraphs, images in half the cells.
TABLE_CONSISTENT_ROWS_SHARE = 0.8
TABLE_DATA_CELL_MEDIAN_CHARS = 60
TABLE_NUMBER_CELLS_SHARE = 0.25
LAYOUT_CELL_MIN_PARAGRAPHS = 3
LAYOUT_IMAGE_CELLS_SHARE = 0.5
# Bounds on a table as read: HTML allows colspan up to 1,000 and rowspan up to
# 65,534, which a hostile page would turn into a grid of millions of cells.
TABLE_MAX_COLUMNS = 100
TABLE_MAX_ROWS = 1000
# ...and a table whose spans would fill more slots than this is read without them.
TABLE_MAX_SLOTS = 200_000
# A cell's own nesting walked for its lines; deeper content is taken inline.
TABLE_CELL_MAX_DEPTH = 20

# Lines of the article's header (headline, "By ...", a date) printed inside the
# body are at most this long; prose lines are longer.
HEADER_LINE_MAX_WORDS = 20
HEADER_LINE_MAX_CHARS = 400  # a longer line (markup included) is not checked at all
DATE_LINE_MAX_CHARS = 60
# ...and has at most this many words that are not month names (a weekday, "at").
DATE_LINE_MAX_OTHER_WORDS = 2
# "By Jane Doe, Staff Writer": a line starting with a byline word is a byline when
# this short (prose starting "By the end of..." runs longer and ends in a full stop).
BYLINE_MAX_WORDS = 8

# A trailing section of links under a heading ("Mehr zum Thema") is looked for
# among the last this-many blocks.
TRAILING_SECTION_MAX_BLOCKS = 6

# "Weitere Informationen:", "Credit:": a paragraph of this many words or fewer
# ending in a colon only introduces what follows; with nothing after it, it goes.
LABEL_MAX_WORDS = 4

# A contact or address card under a closing heading ("Kontakt:", "Pressekontakt"):
# a paragraph of two or more lines, none longer than this and none ending like a
# sentence (name / institute / e-mail). Only looked for in a trailing section.
CARD_LINE_MAX_WORDS = 8

# The last blocks of a body are dropped while they are page furniture: a line of
# links, or a short line written loose in a <div> (not a <p>) that is not a
# statement ("Kommentierte Artikel", "- Anzeige-", "Hier können Sie den Artikel
# bewerten", "Sie wollen mehr von uns?"). Authors end articles in <p> sentences;
# sign-offs in <p> stay. On the dev corpora this raised all three body scores.
TAIL_LINE_MAX_WORDS = 6
TAIL_LINE_MAX_CHARS = 50  # scripts written without spaces are one "word"
# ...as long as this much prose stays before them (a page of only such lines is a list).
TAIL_MIN_PROSE_CHARS = 150
# The same lines opening the body (kickers, section names, "Lesezeit: 1 min", a
# credits list of label / value lines) are looked for among the first this-many
# blocks. 8, not 3: a credits <dl> runs to 8 lines; the dev scores are the same.
LEAD_MAX_BLOCKS = 8

# A paragraph right under an image that repeats the image's alt text (and little
# else) is the image's caption set as text ("Vergrößern <alt>", "<alt> | © X").
CAPTION_ALT_MIN_CHARS = 20  # shorter alt texts ("Foto", a name) match prose by chance
CAPTION_EXTRA_CHARS = 40
# ...and so is a short paragraph under an image that carries a © credit.
CAPTION_MAX_WORDS = 40

# "Anzeige, enthält Affiliate Links", "*Werbung.", "Advertisement": a short
# paragraph that opens with an ad word labels an ad or discloses one. The words
# as MULTILINGUAL_AD_TOKENS, plus the English ones.
AD_LABEL_WORDS = MULTILINGUAL_AD_TOKENS | frozenset({"advertisement", "advertising", "sponsored"})
AD_LABEL_MAX_WORDS = 12

# An author box closing the article: a heading naming one of the article's authors
# ("Über Jane Doe", "Posted by Jane Doe") among the last this-many blocks. Names of
# one word are not trusted: bylines of brands ("Hyundai") match headings of the text.
AUTHOR_BOX_MAX_BLOCKS = 8
AUTHOR_NAME_MIN_WORDS = 2

# A short line of two or more links and almost nothing else ("Back | Print | E-mail").
LINK_ROW_MIN_DENSITY = 0.6  # 0.6, not higher: javascript: links lose their href but keep their text

# If the chosen container yields less text than this, try a looser pass.
MIN_ARTICLE_CHARS = 250

# A body carried as data (JSON-LD articleBody, an app's state) replaces the
# HTML's only when it is this many times longer: the HTML is then a teaser or
# an app shell.
EMBEDDED_BODY_GAIN = 1.5

# The last resort, every prose paragraph of the page, takes <p> elements with
# at least this many characters and few links.
BASELINE_MIN_PARAGRAPH_CHARS = 60
# A chosen body shorter than this is compared with that baseline, which wins
# when it holds this many times more text: the scoring picked a fragment.
BASELINE_CHECK_BELOW_CHARS = 1500
BASELINE_GAIN = 2.5
# Scoring sums the text of the paragraphs the baseline would take, so the baseline
# is skipped when even this multiple of that sum could not win. A paragraph's block
# text is its raw text plus a break per <br> at most: on the 81 dev pages that ran
# the baseline, it never exceeded 1.01 times the sum.
PROSE_BOUND_FACTOR = 1.25

# Sentence-ending characters: a paragraph that ends without one and is
# followed by loose text was split by an ad slot or an inline widget.
SENTENCE_END = tuple('.!?:;…"”»’)\']')

# Figure captions are part of the record's blocks either way; whether their text
# also goes into `text` (what word counts and body-F1 see) is set here.
CAPTIONS_IN_TEXT = False
