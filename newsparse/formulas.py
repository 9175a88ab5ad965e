"""Mathematics: the TeX a formula was written in, from the forms pages show it in.

Pages typeset formulas in a few ways, each leaving the source beside what it draws:
MathML with the TeX as an annotation (`<annotation encoding="application/x-tex">`);
KaTeX (that MathML, beside a visual copy hidden from screen readers); MathJax 2
(`<script type="math/tex">` after its rendering); MathJax 3 (`<mjx-container>`,
with `data-latex` or a MathML copy for screen readers). Before the page is pruned
(scripts go, and the MathML copy is often hidden), keep_formulas replaces each
formula with one element of our own, MATH_TAG, holding its TeX, and drops the
drawn copies. MathML without TeX is kept as readable text (`x^2`, `(a)/(b)`)
rather than lost.

blocks.py turns MATH_TAG into inline math (inline.math_html) or, for a formula
set on its own (display math), a `math` block; the renderers ask this module how
to write both: `$...$` and `$$...$$` in Markdown, the TeX in plain text.

It judges nothing about the page but where its formulas are.
"""
from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .dom import ancestors
from .rules import LazyPattern

# The element each formula becomes: its text is the TeX, `display` says it is set
# on its own line. A name no page uses, so nothing else is taken for a formula.
MATH_TAG = "newsparse-math"
_FORMULA_SELECTOR = 'math, mjx-container, script[type*="math/tex" i]'
# Annotation encodings that hold TeX (MathML names none officially).
TEX_ENCODINGS = ("application/x-tex", "application/x-latex", "text/x-tex", "text/x-latex", "tex", "latex")
# Elements a formula's own wrappers may be: a formula is replaced with its wrappers
# (KaTeX's spans, a MediaWiki math span, MathJax's containers), never with the
# paragraph or section that holds it.
WRAPPER_TAGS = frozenset({"span", "div", "nobr", "mjx-container", "mjx-assistive-mml"})
# Classes MathJax 2 gives its rendering of a <script type="math/tex">: the drawn
# copy, which goes once the script's TeX is kept (the library's names, not a site's).
MATHJAX_RENDERING_PREFIXES = ("MathJax", "MJX")
# Deeper than this, MathML is read as its text: formulas nest a few levels, and
# Python's stack ends near a thousand.
MAX_DEPTH = 100
# MathML operators written with a space either side in readable text.
SPACED_OPERATORS = frozenset("=+−-×÷<>≤≥≠±∓→←⇒⇔≈≡∈∉⊂⊆∪∩")
_DISPLAYSTYLE = LazyPattern(r"^\{\\(?:displaystyle|textstyle)\s*(.*)\}$", re.DOTALL)
_TEX_COMMENT = LazyPattern(r"(?<!\\)%[^\n]*")
_HTML_START = LazyPattern(r"<(?=[A-Za-z/!?])")
# A "$" after an even run of backslashes (none, or escaped backslashes) is the TeX's own.
_UNESCAPED_DOLLAR = LazyPattern(r"(?<!\\)((?:\\\\)*)\$")


def keep_formulas(tree: LexborHTMLParser) -> None:
    """Replace every formula of the page with MATH_TAG holding its TeX (or, for
    MathML without TeX, with readable text), and drop the drawn copies."""
    if tree.body is None or tree.body.css_first(_FORMULA_SELECTOR) is None:
        return  # most pages
    _replace_all([mathjax_script_formula(script) for script in tree.body.css('script[type*="math/tex" i]')])
    _replace_all([container_formula(container) for container in tree.body.css("mjx-container")])
    _replace_all([mathml_formula(math) for math in tree.body.css("math")])


class _Formula:
    __slots__ = ("node", "tex", "text", "display", "drawn")

    def __init__(self, node: LexborNode, tex: str | None, text: str, display: bool,
                 drawn: tuple[LexborNode, ...] = ()) -> None:
        self.node = node  # what it replaces
        self.tex, self.text, self.display = tex, text, display  # text: for MathML without TeX
        self.drawn = drawn  # copies drawn beside it, which go


def _replace_all(formulas: list[_Formula]) -> None:
    """Replace the outermost formulas, and drop their drawn copies. Nothing changes
    before all are found, and nothing inside what goes is touched after it went (Lexbor
    frees a removed subtree). One parse makes every replacement element: a parse costs
    more than a formula."""
    going = {node.mem_id for formula in formulas for node in (formula.node, *formula.drawn)}
    formulas = [formula for formula in formulas if not has_ancestor_in(formula.node, going)]
    drawn = [node for formula in formulas for node in formula.drawn if not has_ancestor_in(node, going)]
    with_tex = [formula for formula in formulas if formula.tex]
    if with_tex:
        markup = "".join(f'<{MATH_TAG} display="{"block" if f.display else "inline"}">'
                         f"{html.escape(f.tex or '', quote=False)}</{MATH_TAG}>" for f in with_tex)
        made = LexborHTMLParser(f"<body>{markup}</body>").css(MATH_TAG)
        for formula, element in zip(with_tex, made):
            formula.node.replace_with(element)
    for formula in formulas:
        if not formula.tex:
            formula.node.replace_with(f" {formula.text} " if formula.text else "")
    for node in drawn:
        node.decompose()


def has_ancestor_in(node: LexborNode, mem_ids: set[int]) -> bool:
    return any(ancestor.mem_id in mem_ids for ancestor in ancestors(node))


def mathjax_script_formula(script: LexborNode) -> _Formula:
    """MathJax 2: the TeX is the script; what MathJax drew just before it goes."""
    drawn = []
    previous = script.prev
    while previous is not None and (previous.tag == "-text" and not (previous.text_content or "").strip()
                                    or is_mathjax_rendering(previous)):
        if previous.tag != "-text":
            drawn.append(previous)
        previous = previous.prev
    display = "mode=display" in (script.attributes.get("type") or "").replace(" ", "")
    return _Formula(script, clean_tex(script.text(deep=True)), "", display, tuple(drawn))


def is_mathjax_rendering(node: LexborNode) -> bool:
    classes = (node.attributes.get("class") or "").split()
    return bool(classes) and classes[0].startswith(MATHJAX_RENDERING_PREFIXES)


def container_formula(container: LexborNode) -> _Formula:
    """MathJax 3: `data-latex` where the page kept it, else its MathML copy."""
    display = container.attributes.get("display") == "true"
    latex = container.css_first("[data-latex]")
    if latex is not None:
        return _Formula(container, clean_tex(latex.attributes.get("data-latex") or ""), "", display)
    math = container.css_first("math")
    if math is None:
        return _Formula(container, None, "", display)
    return _Formula(container, annotated_tex(math), readable_mathml(math), display or is_display_math(math))


def mathml_formula(math: LexborNode) -> _Formula:
    """MathML (KaTeX's, MediaWiki's, a page's own): the formula with its wrappers."""
    root, display = formula_root(math)
    return _Formula(root, annotated_tex(math), readable_mathml(math), display or is_display_math(math))


def formula_root(math: LexborNode) -> tuple[LexborNode, bool]:
    """The outermost element that is only this formula: wrappers whose other children
    are its drawn copies (hidden from screen readers, an image, nothing visible);
    and whether a wrapper's class says it is set on its own (katex-display)."""
    root, display = math, False
    parent = math.parent
    while parent is not None and parent.tag in WRAPPER_TAGS and only_copies_beside(parent, root):
        root = parent
        display = display or "display" in (root.attributes.get("class") or "").lower()
        parent = root.parent
    return root, display


def only_copies_beside(parent: LexborNode, child: LexborNode) -> bool:
    for sibling in parent.iter(include_text=True):
        if sibling.mem_id == child.mem_id:
            continue
        if sibling.tag == "-text":
            if (sibling.text_content or "").strip():
                return False
        elif not is_drawn_copy(sibling):
            return False
    return True


def is_drawn_copy(node: LexborNode) -> bool:
    attributes = node.attributes
    if attributes.get("aria-hidden") == "true" or "hidden" in attributes or node.tag in ("img", "svg"):
        return True
    if "none" in (attributes.get("style") or "").replace(" ", "").lower():
        return True
    return not node.text(deep=True, strip=True)


def is_display_math(math: LexborNode) -> bool:
    return (math.attributes.get("display") or "").lower() == "block"


def annotated_tex(math: LexborNode) -> str | None:
    for annotation in math.css("annotation"):
        if (annotation.attributes.get("encoding") or "").strip().lower() in TEX_ENCODINGS:
            return clean_tex(annotation.text(deep=True)) or None
    return None


def clean_tex(tex: str) -> str:
    """TeX on one line, as a reader wants it: comments out (they would swallow the
    rest of the line once lines are joined), whitespace runs as one space, and the
    `{\\displaystyle ...}` MediaWiki wraps every formula in left off."""
    if "%" in tex:
        tex = _TEX_COMMENT.sub("", tex)
    tex = " ".join(tex.split())
    match = _DISPLAYSTYLE.match(tex)
    if match and balanced(match.group(1)):
        tex = match.group(1).strip()
    return tex


def balanced(tex: str) -> bool:
    depth = 0
    escaped = False
    for char in tex:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# --- MathML without TeX, as readable text ----------------------------------------------------


def readable_mathml(node: LexborNode) -> str:
    """The formula as a reader would type it: x^2, x_i, (a+b)/(c), √(x)."""
    return " ".join(_readable(node, 0).split())


def _readable(node: LexborNode, depth: int) -> str:
    tag = node.tag
    if tag == "-text":
        return node.text_content or ""
    if depth > MAX_DEPTH:
        return node.text(deep=True, separator=" ")
    if tag in ("annotation", "annotation-xml", "mphantom", "-comment"):
        return ""
    if tag == "mo":
        operator = node.text(deep=True, strip=True)
        return f" {operator} " if operator in SPACED_OPERATORS else operator
    if tag in ("mi", "mn", "mtext", "ms"):
        return node.text(deep=True, strip=True)
    if tag == "mspace":
        return " "
    parts = [child for child in node.iter(include_text=True)
             if child.tag != "-text" or (child.text_content or "").strip()]
    if tag == "semantics":
        return _readable(parts[0], depth + 1) if parts else ""
    pieces = [_readable(child, depth + 1) for child in parts]
    if tag in ("msup", "msub", "munder", "mover") and len(pieces) >= 2:
        if tag == "mover" and len(pieces[1].strip()) == 1 and not pieces[1].strip().isalnum():
            return pieces[0] + pieces[1].strip()  # an accent: x̄ as x¯
        mark = "^" if tag in ("msup", "mover") else "_"
        return f"{pieces[0]}{mark}{grouped(pieces[1])}"
    if tag in ("msubsup", "munderover") and len(pieces) >= 3:
        return f"{pieces[0]}_{grouped(pieces[1])}^{grouped(pieces[2])}"
    if tag == "mfrac" and len(pieces) >= 2:
        return f"{grouped(pieces[0])}/{grouped(pieces[1])}"
    if tag == "msqrt":
        return f"√({''.join(pieces).strip()})"
    if tag == "mroot" and len(pieces) >= 2:
        return f"({pieces[0].strip()})^(1/{pieces[1].strip()})"
    if tag == "mtable":
        return "[" + "; ".join(piece.strip() for piece in pieces) + "]"
    if tag == "mtr":
        return ", ".join(piece.strip() for piece in pieces)
    if tag == "mfenced":
        attributes = node.attributes
        separator = (attributes.get("separators") or ",")[:1]
        return (attributes.get("open") or "(") + f"{separator} ".join(p.strip() for p in pieces) \
            + (attributes.get("close") or ")")
    return "".join(pieces)


def grouped(piece: str) -> str:
    """A sub- or superscript, numerator or denominator, in parentheses unless it is one
    name or number (with at most a subscript of its own): x^2, x^(n+1), d_1/d_2."""
    piece = piece.strip()
    return piece if _SIMPLE_TERM.fullmatch(piece) else f"({piece})"


_SIMPLE_TERM = LazyPattern(r"[^\W_]+(?:\.[^\W_]+)?(?:_[^\W_]+)?")


# --- writing it ---------------------------------------------------------------------------------


def inline_math_markdown(tex: str) -> str:
    """`$TEX$`: a "$" inside escaped, and no "<" that CommonMark could take for a tag."""
    tex = markdown_tex(tex)
    return f"${tex}$" if tex else ""


def display_math_markdown(tex: str) -> str:
    """`$$TEX$$` on one line: nothing in the TeX can then start a Markdown block."""
    tex = markdown_tex(tex)
    return f"$${tex}$$" if tex else ""


def markdown_tex(tex: str) -> str:
    """The TeX between the dollars: on one line; its own "$" escaped; no backslash
    last, which would escape the closing dollar (a trailing "\\\\" breaks no line there)."""
    tex = " ".join(tex.split()).rstrip("\\ ")
    tex = _UNESCAPED_DOLLAR.sub(lambda m: m.group(1) + "\\$", tex)
    return _HTML_START.sub("< ", tex)
