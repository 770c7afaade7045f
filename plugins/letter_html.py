"""HTML opinion letters (Word exports, EDGARizer output, `<font>` soup) as `Block`s.

Parsed with lexbor (selectolax), an HTML5 parser, never with regular expressions.
Inline elements never split a word ("Stoc<span>k</span>" is one word, as a browser
shows it); block elements, `<br>` and table cells separate. CSS page breaks become page
blocks; layout tables (letterheads, signature columns, "(a) | text" lists) become the
blocks they hold; small data tables stay tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from plugins.letter_markdown import Block, clean_text, tidy_blocks

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "page",
    }
)
# Content a reader never sees as text of the letter.
_SKIP_TAGS = frozenset(
    {
        "head",
        "script",
        "style",
        "title",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "select",
        "button",
        "textarea",
        "input",
        "img",
        "map",
        "audio",
        "video",
        "canvas",
        "meta",
        "link",
        "base",
    }
)
_PAGE_BEFORE = re.compile(
    r"(?:page-break-before|break-before)\s*:\s*(?:always|page)", re.IGNORECASE
)
_PAGE_AFTER = re.compile(r"(?:page-break-after|break-after)\s*:\s*(?:always|page)", re.IGNORECASE)
_BOLD_STYLE = re.compile(
    r"font-weight\s*:\s*(?:bold|[6-9]00)|text-decoration[^;]*underline", re.IGNORECASE
)
_LIST_MARKER = re.compile(
    r"^(?:\(?(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6})[.)]|\((?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6})\)"
    r"|\d{1,3}(?:\.\d{1,3}){1,3}\.?"  # "1.1", "4.2.1": numbered paragraphs of European letters
    r"|[\u2022\u25cf\u25aa\u25a0\u25e6\u00b7\u2013\u2014\u2212-])$"
)
_LENGTH = re.compile(r"(-?\d*\.?\d+)\s*(pt|px|in|cm|mm|em|rem|%)?", re.IGNORECASE)
_GAP_PT = 3.0  # vertical space below which two short lines read as one block
_MAX_TABLE_DEPTH = 20
MAX_NESTING = 1000
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^<>]*?(/?)>")
# Void elements, and those whose end tag HTML lets authors leave out (EDGAR often does).
_NOT_NESTING = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "td",
        "th",
        "tr",
        "option",
    }
)


@dataclass
class _Run:
    text: str
    bold: bool


@dataclass
class _Builder:
    """Collects blocks while walking the tree; one per document or table cell."""

    depth: int = 0
    sheet: dict[str, dict[str, float]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    tight: list[bool] = field(default_factory=list)  # parallel to blocks: no gap before it
    lines: list[list[_Run]] = field(default_factory=lambda: [[]])
    gap: float = 12.0
    saw_blank: bool = False

    def text(self, text: str, bold: bool) -> None:
        has_nbsp = "\u00a0" in text
        text = clean_text(re.sub(r"[ \t\n\r\f]+", " ", text))
        if not text.strip():
            self.saw_blank = self.saw_blank or has_nbsp
            if any(run.text.strip() for run in self.lines[-1]):
                self.lines[-1].append(_Run(" ", bold))
            return
        self.lines[-1].append(_Run(text, bold))

    def line_break(self) -> None:
        if any(run.text.strip() for run in self.lines[-1]):
            self.lines.append([])
        else:
            self.gap = max(self.gap, 12.0)  # a <br> on its own is a blank line

    def flush(self) -> None:
        lines = ["".join(r.text for r in line).strip() for line in self.lines]
        lines = [" ".join(line.split()) for line in lines if line.strip()]
        runs = [r for line in self.lines for r in line if r.text.strip()]
        self.lines = [[]]
        if not lines:
            return
        words = sum(len(line.split()) for line in lines)
        if (
            len(lines) == 1
            and all(r.bold for r in runs)
            and words <= 12
            and re.search(r"[A-Za-z]", lines[0])
            and not lines[0].endswith((",", ";"))
        ):
            kind = "heading"
        else:
            kind = "paragraph" if len(lines) == 1 else "lines"
        self.add(Block(kind, tuple(lines)))

    def add(self, block: Block, tight: bool | None = None) -> None:
        self.blocks.append(block)
        self.tight.append(self.gap < _GAP_PT if tight is None else tight)
        self.gap = 0.0
        self.saw_blank = False

    def page(self) -> None:
        self.flush()
        self.add(Block("page"), tight=False)
        self.gap = 12.0


_SPACER = re.compile(
    r"display\s*:\s*inline-block|(?<![\w-])width\s*:\s*[1-9]|(?:padding|margin)-(?:left|right)\s*:\s*[1-9]",
    re.I,
)


def _style(node: LexborNode) -> str:
    return (node.attributes.get("style") or "") if node.attributes else ""


def _points(value: str) -> float:
    match = _LENGTH.match(value.strip())
    if not match:
        return 0.0
    number, unit = float(match.group(1)), (match.group(2) or "px").lower()
    return (
        number
        * {"pt": 1, "px": 0.75, "in": 72, "cm": 28.35, "mm": 2.835, "em": 12, "rem": 12, "%": 0}[
            unit
        ]
    )


def _declared_margins(declarations: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for name, value in re.findall(
        r"(margin(?:-top|-bottom)?)\s*:\s*([^;]+)", declarations, re.IGNORECASE
    ):
        parts = value.split()
        if name.lower() == "margin" and parts:
            found["top"], found["bottom"] = (
                _points(parts[0]),
                _points(parts[2] if len(parts) > 2 else parts[0]),
            )
        elif name.lower() == "margin-top":
            found["top"] = _points(value)
        elif name.lower() == "margin-bottom":
            found["bottom"] = _points(value)
    return found


def stylesheet_margins(tree: LexborHTMLParser) -> dict[str, dict[str, float]]:
    """Margins set by simple rules of the document's <style> ("p.MsoNormal {margin:0}"),
    keyed by "tag", ".class" or "tag.class": Word exports space paragraphs this way."""
    rules: dict[str, dict[str, float]] = {}
    css = " ".join(node.text() or "" for node in tree.css("style"))[:200_000]
    for selectors, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        margins = _declared_margins(declarations)
        for selector in selectors.split(","):
            selector = selector.strip().lower()
            if margins and re.fullmatch(r"[a-z0-9]*(?:\.[\w-]+)?", selector):
                rules.setdefault(selector, {}).update(margins)
    return rules


def _margins(node: LexborNode, sheet: dict[str, dict[str, float]]) -> tuple[float, float]:
    """Top and bottom margin in points: <p> has a blank line around it unless styled;
    the inline style wins over class rules, which win over tag rules."""
    margins = {"top": 12.0, "bottom": 12.0} if node.tag == "p" else {"top": 0.0, "bottom": 0.0}
    classes = ((node.attributes.get("class") or "") if node.attributes else "").lower().split()
    tag = node.tag or ""
    for key in [tag] + [f".{c}" for c in classes] + [f"{tag}.{c}" for c in classes]:
        margins.update(sheet.get(key, {}))
    margins.update(_declared_margins(_style(node)))
    return margins["top"], margins["bottom"]


def _is_bold(node: LexborNode) -> bool:
    return node.tag in ("b", "strong", "u") or bool(_BOLD_STYLE.search(_style(node)))


def _walk(root: LexborNode, builder: _Builder, bold: bool = False) -> None:
    """Depth-first walk with an explicit stack: hostile nesting cannot exhaust recursion."""
    stack: list[tuple[LexborNode, bool, bool]] = [(root, bold, True)]
    while stack:
        node, in_bold, entering = stack.pop()
        tag = node.tag
        if not entering:
            _leave(node, builder)
            continue
        if tag == "-text":
            builder.text(node.text_content or "", in_bold)
            continue
        if (
            tag in _SKIP_TAGS
            or tag in ("-comment", "!doctype")
            or tag is None
            or tag.startswith("-")
        ):
            continue
        if tag == "br":
            builder.line_break()
            continue
        if (
            tag not in _BLOCK_TAGS
            and _SPACER.search(_style(node))
            and not node.text(deep=True).strip()
        ):
            # '1.<font style="display: inline-block; width: 36pt"></font>The Company': a gap
            # the reader sees between the number and the text
            builder.text(" ", in_bold)
            continue
        if tag == "table" and builder.depth < _MAX_TABLE_DEPTH:
            builder.flush()
            _table(node, builder, in_bold)
            continue
        if tag in _BLOCK_TAGS or tag == "page":
            _enter(node, builder)
        stack.append((node, in_bold, False))
        child_bold = in_bold or _is_bold(node)
        children = list(node.iter(include_text=True))
        stack.extend((child, child_bold, True) for child in reversed(children))


def _enter(node: LexborNode, builder: _Builder) -> None:
    builder.flush()
    if node.tag == "page" or _PAGE_BEFORE.search(_style(node)):
        builder.page()
    builder.gap = max(builder.gap, _margins(node, builder.sheet)[0])


def _leave(node: LexborNode, builder: _Builder) -> None:
    if node.tag not in _BLOCK_TAGS:
        return
    had_text = any(r.text.strip() for line in builder.lines for r in line)
    builder.flush()
    if not had_text and builder.saw_blank:
        builder.gap = max(builder.gap, 12.0)  # an empty spacer paragraph
    builder.gap = max(builder.gap, _margins(node, builder.sheet)[1])
    if _PAGE_AFTER.search(_style(node)):
        builder.page()


# ------------------------------------------------------------------------ tables


def _rows(table: LexborNode) -> list[list[LexborNode]]:
    rows: list[list[LexborNode]] = []
    pending = [table]
    while pending:
        node = pending.pop(0)
        for child in node.iter():
            if child.tag in ("thead", "tbody", "tfoot"):
                pending.append(child)
            elif child.tag == "tr":
                rows.append([c for c in child.iter() if c.tag in ("td", "th")])
    return rows


def _cell_blocks(
    cell: LexborNode, depth: int, bold: bool, sheet: dict[str, dict[str, float]]
) -> list[Block]:
    builder = _Builder(depth=depth + 1, sheet=sheet)
    _walk(cell, builder, bold)
    builder.flush()
    return tidy_blocks(_group_short_lines(builder))


def _table(node: LexborNode, builder: _Builder, bold: bool) -> None:
    rows = [
        [_cell_blocks(cell, builder.depth, bold, builder.sheet) for cell in row]
        for row in _rows(node)
    ]
    rows = [[cell for cell in row if cell] for row in rows]
    rows = [row for row in rows if row]
    if not rows:
        return
    single_lines = all(
        len(cell) == 1 and cell[0].kind in ("paragraph", "heading") for row in rows for cell in row
    )
    if all(len(row) == 2 and _LIST_MARKER.match(_only_text(row[0])) for row in rows):
        for marker, body in rows:
            first = body[0]
            if first.kind in ("paragraph", "lines", "heading"):
                lines = (f"{_only_text(marker)} {first.lines[0]}",) + first.lines[1:]
                body = [Block("paragraph" if len(lines) == 1 else "lines", lines)] + body[1:]
            else:
                body = [marker[0]] + body
            for block in body:
                builder.add(block, tight=False)
        return
    if single_lines and all(len(row) == 2 and _only_text(row[0]).endswith(":") for row in rows):
        builder.add(
            Block("lines", tuple(f"{_only_text(a)} {_only_text(b)}" for a, b in rows)), tight=False
        )
        return
    if (
        single_lines
        and len(rows) >= 2
        and sum(len(row) >= 2 for row in rows) >= 2
        and all(len(_only_text(cell)) <= 150 for row in rows for cell in row)
    ):
        builder.add(
            Block("table", rows=tuple(tuple(_only_text(c) for c in row) for row in rows)),
            tight=False,
        )
        return
    if (
        single_lines
        and len(rows) >= 2
        and all(len(row) == 1 and len(_only_text(row[0])) <= 80 for row in rows)
    ):
        # one column of short lines (a signature block: firm, "By: /s/ ...", name, title)
        builder.add(Block("lines", tuple(_only_text(row[0]) for row in rows)), tight=False)
        return
    for row in rows:  # a layout table: its cells, in reading order
        for cell in row:
            for index, block in enumerate(cell):
                builder.add(block, tight=False if index == 0 else None)


def _only_text(cell: list[Block] | Block) -> str:
    blocks = [cell] if isinstance(cell, Block) else cell
    return " ".join(line for b in blocks for line in b.lines)


# ------------------------------------------------------------------------ grouping


def _group_short_lines(builder: _Builder) -> list[Block]:
    """Short one-line paragraphs with no space between them (address lines, signature
    lines, each in its own <p style="margin:0">) become one block of kept lines."""
    out: list[Block] = []
    out_tight: list[bool] = []
    for block, tight in zip(builder.blocks, builder.tight, strict=True):
        short = block.kind in ("paragraph", "lines") and all(len(x) <= 80 for x in block.lines)
        if (
            short
            and tight
            and out
            and out[-1].kind in ("paragraph", "lines")
            and all(len(x) <= 80 for x in out[-1].lines)
        ):
            out[-1] = Block("lines", out[-1].lines + block.lines)
            continue
        out.append(block)
        out_tight.append(tight)
    return out


def nesting_depth(html: str) -> int:
    """How deeply the tags nest, roughly (a linear scan, before any parser sees it)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _NOT_NESTING or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def html_to_blocks(html: str) -> list[Block]:
    # HTML5 tree building slows down with the depth of open elements; no letter nests
    # thousands deep, a hostile file can.
    if nesting_depth(html) > MAX_NESTING:
        raise ValueError(f"HTML nested more than {MAX_NESTING} elements deep")
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    builder = _Builder(sheet=stylesheet_margins(tree))
    if root is not None:
        _walk(root, builder)
    builder.flush()
    return tidy_blocks(_group_short_lines(builder))
