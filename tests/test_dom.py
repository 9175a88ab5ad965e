"""dom.py: the tree questions every stage asks, answered the same for any nesting."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsparse.dom import first_descendant, inside_any, subtree_text_lengths

NESTED = """<html><body><div id="outer"><span>one</span>
<div id="inner"><p id="p1">two</p><div id="deepest"><p id="p2">three</p></div></div>
<p id="p3">four</p></div></body></html>"""


@pytest.mark.parametrize("start, selector, expected", [
    ("outer", "p", "p1"),  # the first in document order, not the shallowest
    ("outer", "div", "inner"),  # the node matches itself, and is passed over
    ("outer", "div, p", "inner"),
    ("inner", "div, p", "p1"),
    ("deepest", "div", None),  # matches itself only
    ("p2", "p", None),
])
def test_first_descendant_is_the_first_match_below_the_node(start, selector, expected):
    tree = LexborHTMLParser(NESTED)
    found = first_descendant(tree.css_first(f"#{start}"), selector)
    assert (found.attributes.get("id") if found is not None else None) == expected


def test_first_descendant_agrees_with_the_full_listing_in_nested_tables():
    cells = "".join(f'<table><tr><td id="c{n}"><p id="t{n}">text {n}</p>' for n in range(30))
    tree = LexborHTMLParser(f"<html><body>{cells}</body></html>")
    for cell in tree.css("td"):
        everything_below = [node for node in cell.css("p, td") if node.mem_id != cell.mem_id]
        assert first_descendant(cell, "p, td").mem_id == everything_below[0].mem_id


def test_subtree_text_lengths_count_each_element_s_stripped_text_and_link_text():
    tree = LexborHTMLParser('<html><body><div id="d"> ab <a id="a" href="/x"> cde </a><em id="e">f</em></div>'
                            '</body></html>')
    lengths = subtree_text_lengths(tree.body)
    by_id = {node.attributes["id"]: lengths[node.mem_id] for node in tree.css("[id]")}
    assert by_id == {"d": (6, 3), "a": (3, 3), "e": (1, 0)}


def test_inside_any_looks_between_the_node_and_the_top_only():
    tree = LexborHTMLParser(NESTED)
    outer, inner, p2 = (tree.css_first(f"#{name}") for name in ("outer", "inner", "p2"))
    assert inside_any(p2, outer, {inner.mem_id})
    assert not inside_any(p2, inner, {inner.mem_id})  # the top itself is not between
    assert not inside_any(p2, outer, set())
