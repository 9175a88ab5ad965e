"""Find the article body in a parsed page.

The steps, in order:

1. Prune what is never article text: scripts and widgets, navigation
   landmarks, hidden elements, and containers whose class or id names them as
   boilerplate (comments, share bars, "related" teasers, newsletter boxes...).
2. Score: every paragraph earns points for its length and its commas, and
   passes them up to its ancestors, shrinking with distance (Readability's
   idea). A container's score is then discounted by its link density, so link
   lists lose to prose.
3. Pick the best container; move up to a shared ancestor when the best few
   candidates sit side by side; add sibling containers that score nearly as
   well (articles split around an ad slot or a figure) and prose siblings
   (a standfirst in a container of its own) or cousins of the pick's class (an
   article split into boxes); on a declared article, the headline's own section
   goes first. When the pick holds only a small part of the page's content
   region (<main>, or the body of a page that is not an article), the page is
   not one container of prose (a listing, a product, a thread): the region is
   the body. Prose paragraphs between the headline and the pick open it.
4. Clean the pick: drop link lists and teaser boxes left inside it.

extract.find_body decides what to do when this yields too little: run it
again without class-name pruning, take a body the page carries as data
(embedded.py), or fall back to every prose paragraph (prose_paragraphs).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import islice
from typing import Iterable, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import rules
from .dom import ancestors, descendants, first_descendant, inside_any, subtree_text_lengths
from .footnotes import holds_any_id, referenced_note_ids
from .formulas import keep_formulas
from .sanitize import mostly_off_site, site_host

_DROP_MARK = "data-newsparse-drop"
_COMMAS = re.compile(r"[,，、،]")
_WORD = re.compile(r"[^\W_]+")
# Han, Hiragana, Katakana, Hangul syllables, Thai: written without spaces between words.
# Compiling these ranges costs 4.5 ms, a twentieth of a one-off run: only pages in these
# scripts pay it.
_UNSPACED_SCRIPT = rules.LazyPattern("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_THAI = re.compile("[\u0e00-\u0e7f]")
_FIRST_EAST_ASIAN = "\u3040"  # the other ranges all lie above this
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


class MainContent(NamedTuple):
    """The chosen body: one or more sibling nodes, in document order, and how they were found."""

    nodes: list[LexborNode]
    method: str
    # At least as long as the text prose_paragraphs() finds in a page pruned the same
    # way, so the pipeline can skip that fallback when it cannot win. None: not known.
    prose_bound: int | None = None


class _Candidate:
    __slots__ = ("node", "score")

    def __init__(self, node: LexborNode, score: float) -> None:
        self.node, self.score = node, score


def find_main_content(tree: LexborHTMLParser, *, prune_by_class: bool = True,
                      expected: list[str] | tuple[str, ...] = (), declared_type: str | None = None,
                      description: str | None = None, site: str | None = None) -> MainContent:
    """Prune the tree in place and return the node(s) holding the article body.

    `expected` are lines the page's own data says the body shows (a recipe's
    ingredients): when the pick lacks most of them, an ancestor holding them is taken.
    `declared_type` is the page type its data declares (pagetype.py), `description`
    its meta description (a standfirst repeating it is not body), `site` the page's
    address (a list of links to other sites under a heading cites sources)."""
    body = tree.body
    if body is None:
        return MainContent([], "none")
    remove_never_content(tree)
    if prune_by_class:
        remove_boilerplate_containers(body, keep_comments=declared_type == "forum")
    candidates, prose_bound = score_candidates(body)
    bound = prose_bound if prune_by_class else None
    if not candidates:
        return MainContent([body], "body", bound)
    if declared_type == "article":
        candidates = headline_first(body, candidates)
    top = pick_top_candidate(candidates)
    top = widened_to_class_cousins(top, candidates)
    nodes = gather_siblings(top, candidates)
    if expected:
        nodes = widened_to_hold(nodes, expected)
    region = content_region(body, nodes, declared_type)
    if region is not None:
        return MainContent([region], "region", bound)
    for node in nodes:
        remove_link_lists(node, site)
    method = "semantic" if any(is_semantic_container(n) for n in nodes) else "scored"
    nodes = lead_paragraphs(body, nodes, description) + nodes
    return MainContent(nodes, method, bound)


# --- 1. pruning -----------------------------------------------------------------


# Landmarks, asides and inline-hidden elements in one walk of the tree, which costs as
# much as the tests on what it finds: a superset that is_furniture, is_page_aside and
# is_hidden_by_style sort.
_FURNITURE_OR_HIDDEN = ",".join([*sorted(rules.FURNITURE_TAGS), "aside", "[role]",
                                 *(f"[{name}]" for name, _ in rules.FURNITURE_FLAGS),
                                 "[style*=none i]", "[style*=hidden i]"])


def remove_never_content(tree: LexborHTMLParser) -> None:
    keep_formulas(tree)  # first: MathJax keeps TeX in scripts, and MathML copies are often hidden
    tree.strip_tags(list(rules.NEVER_CONTENT_TAGS))
    body = tree.body
    if body is None:
        return
    page: _PageLengths | None = None
    previous = None
    found = body.css(_FURNITURE_OR_HIDDEN)
    position = 0
    while position < len(found):
        node = found[position]
        position += 1
        if node.mem_id == previous:
            continue  # Lexbor lists a node once per selector it matches
        previous = node.mem_id
        attributes = node.attributes
        if (is_hidden_by_style(attributes.get("style") or "") or "hidden" in attributes
                or attributes.get("aria-hidden") == "true"):
            # Hidden until a script shows it: what it hides is the page when it holds most of it.
            if page is None:
                page = _PageLengths(body)
            drop = not wraps_most_of(node, page)
        elif is_furniture(node.tag, attributes):
            drop = first_descendant(node, rules.MAIN_CONTENT_SELECTOR) is None
        else:
            drop = node.tag == "aside" and is_page_aside(node)
        if drop:
            node.attrs[_DROP_MARK] = "1"
            # What is inside goes with it, untested: the matches inside a node follow it
            # as one stretch of the list, as long as its own selection (as in
            # remove_boilerplate_containers). Hidden menus nest, and each test reads text.
            position += len(node.css(_FURNITURE_OR_HIDDEN)) - 1
    drop_marked(body)


class _PageLengths:
    """The text lengths a hidden node is measured against, read once per page (a page
    hides hundreds of menus and dialogs): the body's, and its <main>'s."""

    def __init__(self, body: LexborNode) -> None:
        self.body_length = len(body.text(deep=True, strip=True))
        self.landmark = body.css_first(rules.MAIN_REGION_SELECTOR)
        self._landmark_length: int | None = None

    def landmark_length(self) -> int:
        if self._landmark_length is None:
            assert self.landmark is not None
            self._landmark_length = len(self.landmark.text(deep=True, strip=True))
        return self._landmark_length


def is_page_aside(aside: LexborNode) -> bool:
    """An <aside> outside any <article> or <main> is the page's sidebar (HTML's own
    meaning: content related to the page around it), unless it holds the content or
    quotes a post (forum software sets quoted posts in <aside>)."""
    return (not any(ancestor.tag in ("article", "main") for ancestor in ancestors(aside))
            and first_descendant(aside, f"{rules.MAIN_CONTENT_SELECTOR}, article, blockquote") is None)


def wraps_most_of(node: LexborNode, page: _PageLengths) -> bool:
    """Whether a hidden node holds most of the page, or most of the <main> it sits in:
    what a script was to reveal, not a closed menu or dialog."""
    length = len(node.text(deep=True, strip=True))
    if length > page.body_length * rules.HIDDEN_WRAPPER_MIN_SHARE:
        return True
    return (page.landmark is not None and is_ancestor(page.landmark, node)
            and length > page.landmark_length() * rules.HIDDEN_WRAPPER_MIN_SHARE)


def is_furniture(tag: str | None, attributes: dict[str, str | None]) -> bool:
    return (tag in rules.FURNITURE_TAGS or attributes.get("role") in rules.FURNITURE_ROLES
            or any(name in attributes and (value is None or attributes[name] == value)
                   for name, value in rules.FURNITURE_FLAGS))


def is_hidden_by_style(style: str) -> bool:
    compact = style.replace(" ", "").lower()
    return "display:none" in compact or "visibility:hidden" in compact


_NAMED = "[class],[id]"
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# How many levels above a named element its heading is looked for: the links and
# spans a heading holds sit a level or two inside it.
HEADING_PART_MAX_DEPTH = 5


def remove_boilerplate_containers(body: LexborNode, keep_comments: bool = False) -> None:
    """Remove the containers whose class or id names them boilerplate. With
    `keep_comments` (a forum thread: its posts are the content), a container named
    only as comments that holds most of the page is the thread and stays, with the
    posts in it; smaller ones (the comments under each answer) go."""
    page_length: int | None = None
    thread_end = -1  # the named nodes up to this position lie inside a kept thread
    figure_parts: set[int] | None = None
    marked: list[LexborNode] = []
    previous = None
    # Lexbor lists the matches in document order, a node once per selector it matches
    # (one after the other), so the named nodes inside a node follow it as one stretch
    # of the list, as long as the node's own selection (tests/test_blocks.py checks this).
    named = body.css(_NAMED)
    position = 0
    while position < len(named):
        node = named[position]
        position += 1
        mem_id = node.mem_id
        if mem_id == previous:
            continue
        previous = mem_id
        # attrs.get and .id read one attribute each; .attributes would copy them all.
        class_name, element_id = node.attrs.get("class"), node.id
        class_words, class_says = class_verdict(class_name) if class_name else _UNNAMED
        id_words, id_says = name_verdict(element_id) if element_id else _UNNAMED
        if not (class_says or id_says) or node.tag in rules.PROTECTED_TAGS:
            continue  # not named as boilerplate
        tokens = class_words + id_words
        if keep_comments and names_only_comments(tokens):
            if position <= thread_end:
                continue  # a post of the thread
            if page_length is None:
                page_length = len(body.text(deep=True, strip=True))
            if len(node.text(deep=True, strip=True)) > page_length * rules.THREAD_MIN_SHARE:
                thread_end = position + len(node.css(_NAMED)) - 1
                continue
        if not rules.FIGURE_PART_TOKENS.isdisjoint(tokens):
            if figure_parts is None:
                figure_parts = {n.mem_id for n in body.css("figure [class], figure [id]")}
            if mem_id in figure_parts:
                continue  # a figure's own caption and credit: blocks.py pairs them with the image
        if rules.UNRESCUABLE_TOKENS.isdisjoint(tokens) and is_rescued_widget(node):
            continue
        if holds_its_headings_words(node):
            continue
        marked.append(node)
        # What is inside goes with it, untested; so no marked node holds another, and
        # each can go as it is.
        position += len(node.css(_NAMED)) - 1
    for node in marked:
        node.decompose()


_UNNAMED: tuple[tuple[str, ...], bool] = ((), False)


def name_verdict(name: str) -> tuple[tuple[str, ...], bool]:
    """A class or id value's words (split on spaces, -, _ and camelCase humps, lower
    case), and whether they name boilerplate."""
    if name.lower() != name:
        name = _CAMEL_HUMP.sub(" ", name).lower()
    words = tuple(name.replace("-", " ").replace("_", " ").split())
    return words, names_boilerplate(words)


# Class strings repeat within a page and across a site's pages; ids are unique, and
# caching them would only push class strings out.
class_verdict = lru_cache(maxsize=4096)(name_verdict)


def class_tokens(node: LexborNode) -> tuple[str, ...]:
    class_name, element_id = node.attrs.get("class"), node.id
    return (class_verdict(class_name)[0] if class_name else ()) + (name_verdict(element_id)[0] if element_id else ())


_BOILERPLATE_PAIRS = frozenset(tuple(pair.split("-")) for pair in rules.BOILERPLATE_PAIRS)


def names_boilerplate(tokens: tuple[str, ...]) -> bool:
    if rules.BOILERPLATE_TOKENS.isdisjoint(tokens) and _BOILERPLATE_PAIRS.isdisjoint(zip(tokens, tokens[1:])):
        return False
    if rules.MODIFIER_WORDS.isdisjoint(tokens):
        return True
    return names_boilerplate(without_modified_words(tokens))


def without_modified_words(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The words that name the element itself: "p-body-main--withSidebar" and
    "layout has-sidebar" are the page body beside a sidebar, not the sidebar."""
    return tuple(token for previous, token in zip(("",) + tokens, tokens)
                 if previous not in rules.MODIFIER_WORDS and token not in rules.MODIFIER_WORDS)


def names_only_comments(tokens: tuple[str, ...]) -> bool:
    """Whether the boilerplate words among `tokens` all name reader comments."""
    boilerplate = {token for token in tokens if token in rules.BOILERPLATE_TOKENS}
    return boilerplate <= rules.COMMENT_TOKENS and _BOILERPLATE_PAIRS.isdisjoint(zip(tokens, tokens[1:]))


def is_rescued_widget(node: LexborNode) -> bool:
    """A container named like a widget that is article all the same: one holding
    paragraphs of prose, or an embedded post (a tweet, an Instagram caption) quoting
    the story's sources: embed code puts the post's text in a <blockquote>."""
    paragraphs, quote = [], None
    for match in descendants(node, "p, blockquote"):
        if match.tag == "p":
            paragraphs.append(match)
        elif quote is None:
            quote = match
    if quote is not None and len(quote.text(deep=True, strip=True)) * 2 >= len(node.text(deep=True, strip=True)):
        return True
    return holds_much_prose(node, paragraphs)


def holds_its_headings_words(node: LexborNode) -> bool:
    """A named element inside a heading that holds all of the heading's words: the
    heading's text itself (documentation generators link each section heading back
    to the table of contents, `<a class="toc-backref">`), not an "[edit]" beside it."""
    heading = next((ancestor for ancestor in islice(ancestors(node), HEADING_PART_MAX_DEPTH)
                    if ancestor.tag in HEADING_TAGS), None)
    if heading is None:
        return False
    text = node.text(deep=True, strip=True)
    return bool(text) and len(text) * 2 >= len(heading.text(deep=True, strip=True))


def holds_much_prose(node: LexborNode, paragraphs: list[LexborNode]) -> bool:
    # A paragraph broken by <br>s counts as two: shop descriptions and old pages write
    # several paragraphs in one <p>.
    count = len(paragraphs) + sum(1 for p in paragraphs if p.css_first("br") is not None)
    if count < rules.RESCUE_MIN_PARAGRAPHS:
        return False
    prose = sum(len(p.text(strip=True)) for p in paragraphs)
    return prose >= rules.RESCUE_MIN_CHARS and link_density(node) < rules.MAX_LINK_DENSITY


def drop_marked(root: LexborNode) -> None:
    # Only the outermost marked nodes: decomposing a node frees its
    # descendants, so they must not be touched afterwards.
    for node in descendants(root, f"[{_DROP_MARK}]:not([{_DROP_MARK}] [{_DROP_MARK}])"):
        node.decompose()


# --- 2. scoring -----------------------------------------------------------------


def score_candidates(body: LexborNode) -> tuple[list[_Candidate], int]:
    """Score every container by the paragraphs inside it; best first. Also returns the
    prose bound (see MainContent.prose_bound), summed from the same paragraphs."""
    prose_bound = 0
    scores: dict[int, _Candidate] = {}
    for paragraph, text in paragraph_texts(body):
        if paragraph.tag == "p" and len(text) >= rules.BASELINE_MIN_PARAGRAPH_CHARS:
            prose_bound += int(len(text) * rules.PROSE_BOUND_FACTOR) + 2  # 2: the blank line between blocks
        points = paragraph_points(text)
        ancestor = paragraph if paragraph.tag == "div" else paragraph.parent
        level = 0
        while ancestor is not None and ancestor.tag not in ("html", "#document") and level < rules.SCORE_ANCESTOR_LEVELS:
            candidate = scores.get(ancestor.mem_id)
            if candidate is None:
                candidate = _Candidate(ancestor, initial_score(ancestor))
                scores[ancestor.mem_id] = candidate
            candidate.score += points / divider_for_level(level)
            ancestor = ancestor.parent
            level += 1
    # Only the best-supplied containers can win; measuring link density (a walk of
    # the subtree) for every ancestor of every paragraph would dominate run time.
    candidates = sorted(scores.values(), key=lambda c: c.score, reverse=True)[:rules.MAX_CANDIDATES]
    link_lengths: dict[int, int] = {}  # the candidates nest: each link is measured once
    for candidate in candidates:
        text_length, density = text_and_link_density(candidate.node, link_lengths)
        # Class names only vouch for a container that holds text: a 100-character
        # "content-media" caption box must not outrank the article on its name.
        candidate.score += class_weight(candidate.node) * min(1.0, text_length / rules.CLASS_WEIGHT_FULL_CHARS)
        candidate.score *= 1.0 - density
        if is_semantic_container(candidate.node):
            candidate.score *= 1.0 + rules.SEMANTIC_BONUS
    candidates.sort(key=lambda c: c.score, reverse=True)
    return candidates, prose_bound


def paragraph_texts(body: LexborNode) -> Iterable[tuple[LexborNode, str]]:
    """Yield (node, text) for each paragraph-like element: <p>, <pre>, leaf <td>,
    and divs that hold loose text directly (old sites separate paragraphs with <br>)."""
    for node in body.css("p, pre, td, div"):
        tag = node.tag
        if tag == "div":
            text = direct_text(node)
        elif tag == "td" and first_descendant(node, "p, td") is not None:
            continue
        else:
            text = node.text(deep=True)
        if len(text.strip()) >= rules.MIN_PARAGRAPH_CHARS:
            yield node, text


def direct_text(node: LexborNode) -> str:
    parts = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag in rules.INLINE_TAGS:
            parts.append(child.text(deep=True))
    return " ".join(parts)


def paragraph_points(text: str) -> float:
    length_points = min(len(text) // rules.CHARS_PER_POINT, rules.MAX_LENGTH_POINTS)
    return 1 + len(_COMMAS.findall(text)) + length_points


def divider_for_level(level: int) -> float:
    if level == 0:
        return 1.0
    if level == 1:
        return 2.0
    return level * 3.0


def initial_score(node: LexborNode) -> float:
    return rules.TAG_SCORES.get(node.tag, 0)


def class_weight(node: LexborNode) -> float:
    class_name, element_id = node.attrs.get("class"), node.id
    return (weight_of_name(class_name) if class_name else 0.0) + (weight_of_name(element_id) if element_id else 0.0)


@lru_cache(maxsize=4096)
def weight_of_name(value: str) -> float:
    weight = 0.0
    if rules.NEGATIVE_HINTS.search(value):
        weight -= rules.CLASS_WEIGHT
    if rules.POSITIVE_HINTS.search(value):
        weight += rules.CLASS_WEIGHT
    return weight


def link_density(node: LexborNode) -> float:
    return text_and_link_density(node)[1]


def text_and_link_density(node: LexborNode, link_lengths: dict[int, int] | None = None) -> tuple[int, float]:
    """The node's text length, and the share of it that is link text. `link_lengths`
    keeps each link's text length by mem_id for the next call."""
    text_length = len(node.text(deep=True, strip=True))
    if not text_length:
        return 0, 0.0
    known = {} if link_lengths is None else link_lengths
    link_length = 0
    for link in node.css("a"):
        length = known.get(link.mem_id)
        if length is None:
            length = known[link.mem_id] = len(link.text(deep=True, strip=True))
        link_length += length
    return text_length, min(1.0, link_length / text_length)


def is_semantic_container(node: LexborNode) -> bool:
    if node.tag in ("article", "main"):
        return True
    attrs = node.attrs
    return attrs.get("role") == "main" or (attrs.get("itemprop") or "").lower() == "articlebody"


# --- 3. picking -----------------------------------------------------------------


def pick_top_candidate(candidates: list[_Candidate]) -> _Candidate:
    top = candidates[0]
    by_id = {c.node.mem_id: c for c in candidates}
    shared = shared_ancestor_of_near_top(candidates)
    if shared is not None:
        top = by_id.get(shared.mem_id) or _Candidate(shared, top.score)
    # An only child adds nothing its parent lacks, and the parent may carry
    # the headline's siblings (a standfirst, the lead figure).
    while True:
        parent = top.node.parent
        if parent is None or parent.tag in ("body", "html") or element_children_count(parent) != 1:
            break
        top = by_id.get(parent.mem_id) or _Candidate(parent, top.score)
    return top


def headline_first(body: LexborNode, candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates, with the best one around the page's only headline first when the
    top one lies outside the headline's section but the section's best scores at least
    HEADLINE_SECTION_MIN_SHARE of it: on a page that declares an article, a short post
    beside a longer box (an author bio, top posts, another story's teaser) is the
    article."""
    headlines = body.css("h1")
    if len(headlines) != 1:
        return candidates
    top, headline = candidates[0], headlines[0]
    if is_ancestor(top.node, headline):
        return candidates
    ancestor = headline.parent
    for _ in range(rules.HEADLINE_SECTION_LEVELS):
        if ancestor is None or ancestor.tag in ("body", "html") or is_ancestor(ancestor, top.node):
            return candidates  # the top container is in the headline's section
        inside = [c for c in candidates if c.node.mem_id == ancestor.mem_id or is_ancestor(ancestor, c.node)]
        if inside:
            best = max(inside, key=lambda c: c.score)
            if best.score >= top.score * rules.HEADLINE_SECTION_MIN_SHARE:
                return [best] + [c for c in candidates if c is not best]
        ancestor = ancestor.parent
    return candidates


def widened_to_class_cousins(top: _Candidate, candidates: list[_Candidate]) -> _Candidate:
    """The nearest ancestor (a few levels up) that also holds elements with the top
    container's tag and class scoring as more of the article: templates that wrap each
    run of paragraphs in its own box (a "textflow" div per section, each in a wrapper
    of its own) split one article into cousins, not siblings."""
    by_id = {c.node.mem_id: c for c in candidates}
    threshold = max(rules.MIN_SIBLING_SCORE, top.score * rules.SIBLING_SCORE_FRACTION)
    tag, own = top.node.tag, top.node.mem_id
    kin = kinship(top.node)
    if kin is None:
        return top
    ancestor = top.node.parent
    for _ in range(rules.COUSIN_MAX_LEVELS):
        if ancestor is None or ancestor.tag in ("body", "html"):
            break
        cousins = sum(1 for node in ancestor.css(tag)
                      if node.mem_id != own and kinship(node) == kin
                      and (candidate := by_id.get(node.mem_id)) is not None and candidate.score >= threshold
                      and not is_ancestor(node, top.node) and not is_ancestor(top.node, node))
        if cousins >= rules.MIN_COUSINS:
            return by_id.get(ancestor.mem_id) or _Candidate(ancestor, top.score)
        ancestor = ancestor.parent
    return top


def kinship(node: LexborNode) -> tuple[str | None, ...] | None:
    """What cousins share: the class, or for an element without one, its parent's tag
    and class (a section's text div in a wrapper of its own). None for what must not
    be widened from: a class-less table cell is a layout table's column, and its
    cousins are the page's other columns."""
    class_name = node.attrs.get("class")
    if class_name:
        return (class_name,)
    parent = node.parent
    if parent is None or node.tag in ("td", "th"):
        return None
    return (None, parent.tag, parent.attrs.get("class"))


def shared_ancestor_of_near_top(candidates: list[_Candidate]) -> LexborNode | None:
    top = candidates[0]
    near = [c for c in candidates[1:rules.TOP_CANDIDATES] if c.score >= top.score * rules.NEAR_TOP_FRACTION]
    if len(near) < rules.SHARED_ANCESTOR_VOTES:
        return None
    ancestor = top.node.parent
    while ancestor is not None and ancestor.tag not in ("body", "html"):
        votes = sum(1 for c in near if is_ancestor(ancestor, c.node))
        if votes >= rules.SHARED_ANCESTOR_VOTES:
            return ancestor
        ancestor = ancestor.parent
    return None


def is_ancestor(ancestor: LexborNode, node: LexborNode) -> bool:
    target = ancestor.mem_id
    current = node.parent
    while current is not None:
        if current.mem_id == target:
            return True
        current = current.parent
    return False


def element_children_count(node: LexborNode) -> int:
    return sum(1 for _ in node.iter())


def gather_siblings(top: _Candidate, candidates: list[_Candidate]) -> list[LexborNode]:
    """The top container plus siblings that look like more of the same article."""
    parent = top.node.parent
    if parent is None or top.node.tag == "body":
        return [top.node]
    by_id = {c.node.mem_id: c.score for c in candidates}
    threshold = max(rules.MIN_SIBLING_SCORE, top.score * rules.SIBLING_SCORE_FRACTION)
    top_class = top.node.attributes.get("class")
    chosen = []
    for sibling in parent.iter():
        if sibling.mem_id == top.node.mem_id:
            chosen.append(sibling)
            continue
        bonus = top.score * 0.2 if top_class and sibling.attributes.get("class") == top_class else 0.0
        score = by_id.get(sibling.mem_id)
        if score is not None and score + bonus >= threshold:
            chosen.append(sibling)
        elif (sibling.tag in rules.PROSE_SIBLING_TAGS and rules.HEADER_TOKENS.isdisjoint(class_tokens(sibling))
              and is_prose_paragraph(sibling)):
            chosen.append(sibling)  # a standfirst or lead paragraph in a container of its own
        elif sibling.tag == "figure" and sibling.css_first("img, amp-img, picture") is not None:
            chosen.append(sibling)  # the lead photo beside the text column belongs to the article
    return chosen


def widened_to_hold(nodes: list[LexborNode], expected: list[str] | tuple[str, ...]) -> list[LexborNode]:
    """The pick, or its nearest ancestor showing most of the `expected` lines: recipe
    sites set the ingredients in a box beside the steps, too short to score."""
    wanted = [set(_WORD.findall(line.casefold())) for line in expected]

    def share_shown(texts: list[str]) -> float:
        words = set(_WORD.findall(" ".join(texts).casefold()))
        return sum(1 for line_words in wanted if line_words <= words) / len(wanted)

    if share_shown([n.text(deep=True, separator=" ") for n in nodes]) >= rules.EXPECTED_LINES_SHARE:
        return nodes
    ancestor = nodes[0].parent
    for _ in range(rules.EXPECTED_LINES_MAX_LEVELS):
        if ancestor is None or ancestor.tag in ("body", "html"):
            break
        if share_shown([ancestor.text(deep=True, separator=" ")]) >= rules.EXPECTED_LINES_SHARE:
            return [ancestor]
        ancestor = ancestor.parent
    return nodes


def is_prose_paragraph(node: LexborNode) -> bool:
    """Readability's test for a loose paragraph beside the article: long with few links,
    or a short full sentence with none. Either way, words, not a lone URL or date."""
    text = node.text(deep=True, strip=True)
    if word_count(text) < rules.PROSE_MIN_WORDS:
        return False
    density = link_density(node)
    if len(text) > 80:
        return density < 0.25
    return density == 0 and re.search(r"\.( |$)", text) is not None


def word_count(text: str) -> int:
    """Words in `text`; scripts written without spaces count one word per two characters."""
    words = len(text.split())
    if _has_no_unspaced_script(text):
        return words
    return words + len(_UNSPACED_SCRIPT.findall(text)) // 2


def _has_no_unspaced_script(text: str) -> bool:
    if text.isascii():
        return True
    try:
        # Every character in Windows-1252 (Western European text, curly quotes and dashes
        # included), all of them below the East Asian blocks and Thai: a C-level table
        # lookup, eight times faster than max(text) below (0.04 against 0.3 ms on 14 kB).
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        # A range class reaching up into East Asian blocks would do it in one search, but
        # costs 4 ms to compile.
        return max(text) < _FIRST_EAST_ASIAN and not _THAI.search(text)


def prose_paragraphs(tree: LexborHTMLParser) -> list[LexborNode]:
    """Every paragraph of prose on the page, outside furniture: the last-resort body."""
    remove_never_content(tree)
    if tree.body is None:
        return []
    remove_boilerplate_containers(tree.body)
    return [p for p in tree.body.css("p")
            if len(p.text(deep=True, strip=True)) >= rules.BASELINE_MIN_PARAGRAPH_CHARS
            and link_density(p) < rules.MAX_LINK_DENSITY_WEAK]


def content_region(body: LexborNode, nodes: list[LexborNode], declared_type: str | None) -> LexborNode | None:
    """The page's whole content region, when the pick is only a small part of it: on
    pages whose content is not one container of prose (listings, product and service
    pages, threads) scoring picks one card or one section of many.

    The region is <main> (or role=main) when the page marks one. Without it, it is the
    pruned <body>, taken only on a page that neither declares itself an article nor
    shows one: a news page's teasers and sidebars fill its body around a short story."""
    region = body.css_first(rules.MAIN_REGION_SELECTOR)
    if region is None:
        if declared_type == "article" or (
                declared_type is None and prose_length(nodes) >= rules.REGION_MAX_PICK_PROSE):
            return None
        region = body
    if any(node.mem_id == region.mem_id for node in nodes):
        return None
    picked = sum(len(node.text(deep=True, strip=True)) for node in nodes)
    return region if picked < len(region.text(deep=True, strip=True)) * rules.REGION_MIN_PICK_SHARE else None


_PICK_MARK = "data-newsparse-pick"


def lead_paragraphs(body: LexborNode, nodes: list[LexborNode], description: str | None) -> list[LexborNode]:
    """Paragraphs of prose between the headline and the pick: the opening paragraphs,
    which templates set in the headline's hero block apart from the body's container.
    The headline is the last <h1> before the pick. A standfirst that repeats the page's
    description is the record's description, not body."""
    first = nodes[0]
    first.attrs[_PICK_MARK] = "1"
    between: list[LexborNode] = []
    seen_headline = False
    for node in body.css(f"h1, p, [{_PICK_MARK}]"):
        if node.mem_id == first.mem_id:
            break
        if node.tag == "h1":
            seen_headline, between = True, []
        elif seen_headline:
            between.append(node)
    del first.attrs[_PICK_MARK]
    if not seen_headline:
        return []
    summary = opening_words(description) if description else None
    lead = [p for p in between if is_lead_paragraph(p) and opening_words(p.text(deep=True)) != summary]
    if len(lead) > rules.LEAD_MAX_PARAGRAPHS or sum(len(p.text(strip=True)) for p in lead) > rules.LEAD_MAX_CHARS:
        return []  # more than a standfirst: another story, a teaser list
    return lead


def opening_words(text: str) -> tuple[str, ...]:
    """The first words of a text, to tell a standfirst from the description it repeats
    (descriptions are often cut short, so only the opening is compared)."""
    return tuple(_WORD.findall(text.casefold())[:rules.STANDFIRST_WORDS])


def is_lead_paragraph(paragraph: LexborNode) -> bool:
    """Prose standing on its own: not a caption, a link's text, a list item or a quote."""
    ancestor = paragraph.parent
    while ancestor is not None and ancestor.tag not in ("body", "html"):
        if ancestor.tag in ("figure", "figcaption", "a", "li", "blockquote", "form"):
            return False
        ancestor = ancestor.parent
    return is_prose_paragraph(paragraph)


def prose_length(nodes: list[LexborNode]) -> int:
    """Characters in the paragraphs of prose the nodes hold (as the baseline counts them)."""
    return sum(len(text) for node in nodes for p in node.css("p")
               if len(text := p.text(deep=True, strip=True)) >= rules.BASELINE_MIN_PARAGRAPH_CHARS)


# --- 4. cleaning ----------------------------------------------------------------


def remove_link_lists(root: LexborNode, site: str | None = None) -> None:
    """Drop lists, tables and boxes inside the article that are mostly links:
    teaser lists, tag clouds, "more on this" boxes. Not a list under a heading whose
    links lead mostly off the page's site (`site`): "References", "Sources". And not
    what the container holds: many separate link lists making up most of its text are
    an index page's entries (a listing, a category page, a list article), not boxes
    beside an article; then only the lists unlike the entries go."""
    lengths = subtree_text_lengths(root)
    host = site_host(site)
    marked: list[LexborNode] = []
    outermost: set[int] = set()
    dropped = 0
    note_ids: set[str] | None = None
    for node in descendants(root, rules.LINK_LIST_SELECTOR):
        text_length, link_length = lengths.get(node.mem_id, (0, 0))
        if not text_length or text_length > rules.LINK_LIST_MAX_CHARS:
            continue
        density = link_length / text_length
        weak = class_weight(node) < 0
        if density > rules.MAX_LINK_DENSITY or (weak and density > rules.MAX_LINK_DENSITY_WEAK):
            if host and is_cited_sources(node, host):
                continue
            if note_ids is None:
                note_ids = referenced_note_ids(root)
            if holds_any_id(node, note_ids):
                continue  # footnotes are sources, often only links
            if not inside_any(node, root, outermost):
                dropped += text_length
                outermost.add(node.mem_id)
            marked.append(node)
    if (len(outermost) >= rules.INDEX_MIN_LINK_LISTS
            and dropped > len(root.text(deep=True, strip=True)) * rules.INDEX_MIN_LINK_LIST_SHARE):
        marked = odd_ones_out([node for node in marked if node.mem_id in outermost])
    for node in marked:
        node.attrs[_DROP_MARK] = "1"
    drop_marked(root)


def odd_ones_out(lists: list[LexborNode]) -> list[LexborNode]:
    """The link lists of an index page that are not its entries: the entries repeat one
    tag and class; a category box or a tag cloud among them has its own."""
    signatures = Counter((node.tag, node.attrs.get("class")) for node in lists)
    entries = signatures.most_common(1)[0][0]
    return [node for node in lists if (node.tag, node.attrs.get("class")) != entries]


def is_cited_sources(node: LexborNode, host: str) -> bool:
    """A list right under a heading whose links mostly lead to other sites than `host`."""
    if node.tag not in ("ul", "ol"):
        return False
    previous = node.prev
    while previous is not None and previous.tag in ("-text", "-comment"):
        previous = previous.prev
    if previous is None or previous.tag not in ("h2", "h3", "h4", "h5", "h6"):
        return False
    return mostly_off_site([site_host(link.attributes.get("href")) for link in node.css("a[href]")], host)
