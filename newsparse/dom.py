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
    """The first element below `node` matching `selector`, in document order. Lexbor's
    css_first stops at its first match, where css lists every match in the subtree:
    asked of each of a thousand nested tables, that listing made a page take seconds.
    A node is its own first match when it matches: then each child is asked in turn."""
    first = node.css_first(selector)
    if first is None or first.mem_id != node.mem_id:
        return first
    for child in node.iter():
        found = child.css_first(selector)
        if found is not None:
            return found
    return None


def ancestors(node: LexborNode, top: LexborNode | None = None) -> Iterator[LexborNode]:
    """The elements above `node`, nearest first, up to `top` (not included) or the root."""
    stop = top.mem_id if top is not None else None
    ancestor = node.parent
    while ancestor is not None and ancestor.mem_id != stop:
        yield ancestor
        ancestor = ancestor.parent


def inside_any(node: LexborNode, top: LexborNode, mem_ids: set[int]) -> bool:
    """Whether an element between `node` and `top` (not included) is one of `mem_ids`."""
    return bool(mem_ids) and any(ancestor.mem_id in mem_ids for ancestor in ancestors(node, top))


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
