"""An opinion letter (plain text or HTML) as faithful Markdown.

Every word of the source is kept, in order; only layout changes. Both converters first
produce `Block`s (paragraphs, hard-broken line groups, page breaks, tables, ...), which
the metadata extraction reads as plain text and `blocks_to_markdown` writes out with
every Markdown-significant character escaped, so the letter renders as the words it
holds and never as markup.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PAGE_MARKER = "<PAGE>"

# Invisible and control characters carry no words and are refused by the archive's
# checks (bidi overrides can disguise text); tabs and newlines are layout.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]"
)
_PAGE_LINE = re.compile(r"^\s*<PAGE>\s*(.*)$", re.IGNORECASE)
# EDGAR's SGML table markup inside plain-text documents: markup, not words.
_SGML_TABLE_TAG = re.compile(r"</?(?:TABLE|CAPTION|S|C|FN)>", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    """One block of a letter. `kind` is paragraph, lines, heading, item, page, table or pre.

    paragraph: one re-flowed line; lines: lines kept apart (addresses, signatures);
    heading: a short emphasised line; item: a list item with `marker`; table: `rows`;
    pre: preformatted lines (EDGAR text tables).
    """

    kind: str
    lines: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    marker: str = ""


def clean_text(text: str) -> str:
    """Drop invisible/control characters; make every kind of space an ordinary one."""
    text = _INVISIBLE.sub("", text)
    return re.sub(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]", " ", text)


def block_text(block: Block) -> str:
    if block.kind == "table":
        return "\n".join(" ".join(cell for cell in row if cell) for row in block.rows)
    if block.kind == "item" and block.lines:
        return "\n".join(block.lines)
    return "\n".join(block.lines)


def plain_text(blocks: Iterable[Block]) -> str:
    """The letter as text: blocks apart by blank lines, kept lines by newlines."""
    return "\n\n".join(block_text(b) for b in blocks if b.kind != "page")


# ---------------------------------------------------------------- plain text letters


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _text_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if line.strip())
    return max(40, lengths[int(len(lengths) * 0.9)] if lengths else 0)


_BROKEN_WORD = re.compile(r"[A-Za-z]-$")


def _is_full(line: str, width: int) -> bool:
    """A line that runs to the right margin from near the left one, or breaks a word at a
    hyphen ("fully paid and non-" / "assessable."): part of a paragraph."""
    return _indent(line) <= width * 0.3 and (
        len(line) >= width * 0.7 or _BROKEN_WORD.search(line) is not None
    )


def _broken_before(previous: str, line: str) -> bool:
    """Whether `line` ends a word `previous` broke at a hyphen ("non-" / "assessable.")."""
    return _BROKEN_WORD.search(previous) is not None and line[:1].islower()


def _join_lines(lines: tuple[str, ...]) -> str:
    """One paragraph from its lines; a word broken at a hyphen is one word again."""
    parts = [lines[0]]
    for previous, line in itertools.pairwise(lines):
        parts.append(line if _broken_before(previous, line) else " " + line)
    return "".join(parts)


def _split_paragraph_starts(group: list[str]) -> list[list[str]]:
    """Paragraphs with an indented first line and no blank line between them."""
    if len(group) < 3:
        return [group]
    first, body = _indent(group[0]), min(_indent(line) for line in group[1:])
    if first <= body:
        return [group]
    parts: list[list[str]] = [[group[0]]]
    for line in group[1:]:
        if abs(_indent(line) - first) <= 1:
            parts.append([line])
        else:
            parts[-1].append(line)
    return parts


def _group_to_block(group: list[str], width: int) -> Block:
    stripped = tuple(" ".join(line.split()) for line in group)
    prose = (
        len(group) > 1
        and all(_is_full(line, width) for line in group[:-1])
        and _indent(group[-1]) <= width * 0.3
    )
    if prose:
        return Block("paragraph", (_join_lines(stripped),))
    if len(stripped) == 1:
        return Block("paragraph", stripped)
    # lines kept apart still join a word broken at a hyphen ("non-" / "assessable.")
    kept: list[str] = []
    for line in stripped:
        if kept and _broken_before(kept[-1], line):
            kept[-1] += line
        else:
            kept.append(line)
    return Block("lines", tuple(kept)) if len(kept) > 1 else Block("paragraph", tuple(kept))


def text_to_blocks(text: str) -> list[Block]:
    """Fixed-width EDGAR text: re-flow paragraphs, keep short-line groups, mark pages."""
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).expandtabs(8)
    lines = text.split("\n")
    width = _text_width(lines)
    blocks: list[Block] = []
    group: list[str] = []
    table: list[str] | None = None

    def flush() -> None:
        if _is_columns(group):
            _append_pre(blocks, list(group))  # a fixed-width table keeps its columns
        else:
            for part in _split_paragraph_starts(group):
                blocks.append(_group_to_block(part, width))
        group.clear()

    for raw in lines:
        line = raw.rstrip()
        page = _PAGE_LINE.match(line)
        if page:
            flush()
            blocks.append(Block("page"))
            if page.group(1).strip():
                group.append(page.group(1))
            continue
        if table is None and re.fullmatch(r"\s*<TABLE>\s*", line, re.IGNORECASE):
            flush()
            table = []
            continue
        if table is not None:
            if re.fullmatch(r"\s*</TABLE>\s*", line, re.IGNORECASE):
                _append_pre(blocks, table)
                table = None
            else:
                table.append(_SGML_TABLE_TAG.sub("", line).rstrip())
            continue
        if line.strip():
            group.append(_SGML_TABLE_TAG.sub("", line) if _SGML_TABLE_TAG.search(line) else line)
        else:
            flush()
    if table is not None:
        _append_pre(blocks, table)
    flush()
    return tidy_blocks(blocks)


_WIDE_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")  # three or more spaces between words


def _is_columns(group: list[str]) -> bool:
    """Three or more lines whose words stand in columns ("Name    Jurisdiction" over
    "Monongahela Coal Sales, LLC    Delaware"): every line (all but one of five or more) has
    a wide gap at one same column. Prose, even justified, does not line its gaps up."""
    if len(group) < 3:
        return False
    allowed_misses = 1 if len(group) >= 5 else 0
    hits: dict[int, int] = {}  # column -> lines with a wide gap there; one pass per line
    for line in group:
        for gap in _WIDE_GAP.finditer(line):
            for column in range(gap.start(), gap.end()):
                hits[column] = hits.get(column, 0) + 1
    return any(count >= len(group) - allowed_misses for count in hits.values())


def _append_pre(blocks: list[Block], table: list[str]) -> None:
    while table and not table[0].strip():
        table.pop(0)
    while table and not table[-1].strip():
        table.pop()
    if table:
        margin = min(_indent(line) for line in table if line.strip())
        blocks.append(Block("pre", tuple(line[margin:] for line in table)))


def tidy_blocks(blocks: list[Block]) -> list[Block]:
    """Drop empty blocks, doubled page breaks and page breaks at either end."""
    kept: list[Block] = []
    for block in blocks:
        if block.kind in ("paragraph", "lines", "heading", "item"):
            lines = tuple(line for line in (" ".join(x.split()) for x in block.lines) if line)
            if not lines:
                continue
            block = Block(block.kind, lines, block.rows, block.marker)
        if block.kind == "page" and (not kept or kept[-1].kind == "page"):
            continue
        if block.kind == "table" and not any(any(cell for cell in row) for row in block.rows):
            continue
        kept.append(block)
    while kept and kept[-1].kind == "page":
        kept.pop()
    return kept


# ---------------------------------------------------------------------- Markdown out

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BLOCK_START = re.compile(r"^([#>+=|:-])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape_inline(text: str) -> str:
    """Escape what Markdown would read as emphasis, code, links, HTML or entities."""
    return _ENTITY_LIKE.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", text))


def escape_line(text: str) -> str:
    """Escape a whole line of text, including what would start a heading, list or quote."""
    text = escape_inline(text)
    text = _ORDERED_START.sub(r"\1\\\2", text)
    return _BLOCK_START.sub(r"\\\1", text)


def _table_markdown(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(row) for row in rows)

    def cells(row: tuple[str, ...]) -> str:
        padded = list(row) + [""] * (width - len(row))
        return "| " + " | ".join(escape_inline(c).replace("|", "\\|") for c in padded) + " |"

    return "\n".join([cells(rows[0]), "|" + " --- |" * width] + [cells(row) for row in rows[1:]])


def _pre_markdown(lines: tuple[str, ...]) -> str:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join([fence, *lines, fence])


def block_markdown(block: Block) -> str:
    if block.kind == "page":
        return PAGE_MARKER
    if block.kind == "table":
        return _table_markdown(block.rows)
    if block.kind == "pre":
        return _pre_markdown(block.lines)
    if block.kind == "heading":
        return "**" + escape_inline(" ".join(block.lines)) + "**"
    if block.kind == "item":
        return block.marker + " " + "\\\n".join(escape_line(line) for line in block.lines)
    # Hard line breaks (trailing backslash) keep addresses and signatures in shape.
    return "\\\n".join(escape_line(line) for line in block.lines)


def blocks_to_markdown(blocks: Iterable[Block]) -> str:
    text = "\n\n".join(block_markdown(b) for b in blocks)
    return unicodedata.normalize("NFC", text) + "\n"
