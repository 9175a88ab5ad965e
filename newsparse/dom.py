"""Small DOM helpers that Lexbor's selector API does not give directly.

Lexbor's `node.css()` and `node.css_first()` match the node itself as well as
its descendants; these helpers look strictly inside.
"""
from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborNode


def descendants(node: LexborNode, selector: str) -> list[LexborNode]:
    """Elements below `node` matching `selector`, in document order, without `node` itself."""
    own = node.mem_id
    return [match for match in node.css(selector) if match.mem_id != own]


def first_descendant(node: LexborNode, selector: str) -> LexborNode | None:
    own = node.mem_id
    for match in node.css(selector):
        if match.mem_id != own:
            return match
    return None


def ancestors(node: LexborNode, top: LexborNode | None = None) -> Iterator[LexborNode]:
    """The elements above `node`, nearest first, up to `top` (not included) or the root."""
    stop = top.mem_id if top is not None else None
    ancestor = node.parent
    while ancestor is not None and ancestor.mem_id != stop:
        yield ancestor
        ancestor = ancestor.parent


def subtree_text_lengths(root: LexborNode) -> dict[int, tuple[int, int]]:
    """(text length, link text length) of every element below `root`, in one pass from
    the leaves up: asking each element for its text would walk nested subtrees again
    and again, which a page nested thousands of levels deep turns into minutes."""
    lengths: dict[int, tuple[int, int]] = {}
    for node in reversed(descendants(root, "*")):
        text = link = 0
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                text += len((child.text_content or "").strip())
            else:
                child_text, child_link = lengths.get(child.mem_id, (0, 0))
                text += child_text
                link += child_link
        lengths[node.mem_id] = (text, text if node.tag == "a" else link)
    return lengths
