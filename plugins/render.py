"""Untrusted opinion Markdown -> an HTML fragment that is inert for readers, and its text.

Steps, and why:

1. cap the size and the amount of markup, strip control and bidi characters (reported
   with file:line): they spoof logs, are invalid in HTML/XML, or make text display in
   another order than it reads;
2. parse with markdown-it-py and walk the tokens (plugins.render_markdown): headings
   down one level, links and images checked, mentions linked, nesting capped;
3. render and clean with nh3 (plugins.sanitize, the security boundary), top-level
   blocks holding raw HTML one at a time so none can swallow the rest of the letter;
   braces become character references so no template engine downstream finds `{{`;
4. self-check with plugins.inert; should anything executable survive, only text is
   published.

Limits are budgets (characters, markup, nesting, tags), not clocks, so a file passes or
fails the same way on every machine (timings: bench/render_timings.py). Nothing here
reads a file, and no exception escapes `render_opinion`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token
from selectolax.lexbor import LexborHTMLParser

from plugins.inert import find_executable_content
from plugins.problems import ValidationProblem
from plugins.render_markdown import (
    Mention,
    Reporter,
    TokenWalk,
    parse,
    render_tokens,
    top_level_chunks,
)
from plugins.sanitize import MAX_DEPTH, sanitize

__all__ = ["MAX_BODY_CHARS", "MAX_MARKUP", "Mention", "RenderedOpinion", "render_opinion"]

MAX_BODY_CHARS = 2 * 1024 * 1024
# markdown-it-py is linear but pure Python: its cost follows the characters where plain
# text stops (markup) and the lines (each block costs more: newlines count twice), not
# the size. Real letters have about one in a hundred characters (a 19 KB letter: 283),
# so this is never reached below the size cap; bench/render_timings.py measures inputs
# at the cap (about 3 s on an idle machine).
MAX_MARKUP = 100_000
_NOT_MARKUP = str.maketrans("", "", "\n!#$%&*+-:<=>@[\\]^_`{}~|")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]")
_BLOCK_TAGS = frozenset(
    {"p", "div", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption"}
    | {"h2", "h3", "h4", "h5", "h6", "hr"}
)


@dataclass(frozen=True)
class RenderedOpinion:
    html: str  # sanitised HTML fragment, safe to embed in any page
    text: str  # plain text: blocks apart by blank lines, kept lines by newlines
    problems: tuple[ValidationProblem, ...]


def render_opinion(
    markdown: str,
    *,
    path: str = "",
    first_line: int = 1,
    find_mentions: Callable[[str], Iterable[Mention]] | None = None,
) -> RenderedOpinion:
    """Render a contributed opinion body. Never raises; every problem names file:line."""
    reporter = Reporter(path, first_line)
    try:
        if not isinstance(markdown, str):
            reporter.report("input", first_line, "the opinion is not text", type(markdown).__name__)
            return RenderedOpinion("", "", reporter.finish())
        if len(markdown) > MAX_BODY_CHARS:
            found, limit = f"{len(markdown)} characters", f"at most {MAX_BODY_CHARS} characters"
            reporter.report("size", first_line, "the opinion is too long", found, suggestion=limit)
            return RenderedOpinion("", "", reporter.finish())
        source = _strip_characters(markdown.replace("\r\n", "\n").replace("\r", "\n"), reporter)
        markup = len(source) - len(source.translate(_NOT_MARKUP)) + source.count("\n")
        if markup > MAX_MARKUP:
            message = "the opinion has too much markup to render in the time allowed"
            found, limit = f"{markup} markup characters and lines", f"at most {MAX_MARKUP}"
            reporter.report("size", first_line, message, found, suggestion=limit)
            return RenderedOpinion("", "", reporter.finish())
        tokens = parse(source, reporter)
        walk = TokenWalk(reporter, find_mentions)
        walk.rewrite(tokens)
        walk.report_raw_html()
        fragment = _sanitize(tokens, source, walk)
        if _CONTROL.search(fragment) or _BIDI.search(fragment):  # via character references
            fragment = _BIDI.sub("", _CONTROL.sub("", fragment))
            message = "control or bidi characters written as character references removed"
            reporter.report("control", first_line, message, severity="warning")
        text = html_to_text(fragment)
        findings = find_executable_content(fragment)
        if findings:  # the sanitiser let something through: publish the words only
            message = "the opinion could not be made safe as HTML and is shown as plain text"
            reporter.report("inert", first_line, message, "; ".join(findings[:3]))
            fragment = "".join(f"<p>{html.escape(block)}</p>\n" for block in text.split("\n\n"))
        # No template engine downstream may find `{{`, `{%` or `{#` in contributed text.
        fragment = fragment.replace("{", "&#123;").replace("}", "&#125;")
        return RenderedOpinion(fragment, text, reporter.finish())
    except Exception as exc:  # last line of defence: one bad file must not stop a build
        message = f"the opinion could not be rendered ({type(exc).__name__})"
        reporter.report("crash", first_line, message)
        return RenderedOpinion("", "", reporter.finish())


def _strip_characters(text: str, reporter: Reporter) -> str:
    """Strip control and bidi characters; report controls once per kind, bidi per place."""

    def where(index: int) -> tuple[int, int]:
        line_start = text.rfind("\n", 0, index) + 1
        return reporter.first_line + text.count("\n", 0, index), index - line_start + 1

    controls = Counter(m.group() for m in _CONTROL.finditer(text))
    nul = controls.pop("\x00", 0)
    if nul:
        line, column = where(text.index("\x00"))
        message, found = "NUL character removed from the opinion text", f"{nul} NUL"
        reporter.report("nul", line, message, found, "warning", column)
    if controls:
        line, column = where(min(text.index(ch) for ch in controls))
        found = ", ".join(f"U+{ord(ch):04X} x{n}" for ch, n in controls.most_common(8))
        message = "control characters (terminal escapes, bells) removed from the opinion text"
        reporter.report("control", line, message, found, "warning", column)
    text = _CONTROL.sub("", text) if nul or controls else text
    line, counted = reporter.first_line, 0  # walk forward: linear in the text
    for match in _BIDI.finditer(text):
        if reporter.full("bidi"):
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        column = match.start() - text.rfind("\n", 0, match.start())
        code, name = ord(match.group()), unicodedata.name(match.group(), "BIDI CONTROL")
        message = f"bidirectional control character U+{code:04X} ({name}) removed"
        hint = "it can make text display in another order than it reads"
        reporter.report("bidi", line, message, "", "warning", column, hint)
    return _BIDI.sub("", text)


def _sanitize(tokens: list[Token], source: str, walk: TokenWalk) -> str:
    """Render and clean top-level blocks with raw HTML one at a time, the rest together.

    An unclosed comment, <textarea> or <div> in one block then cannot swallow or wrap
    the rest of the letter, and the sanitiser's tree depth stays local to the block.
    """
    reporter, parts = walk.reporter, []
    for chunk, raw in top_level_chunks(tokens):
        result = sanitize(render_tokens(chunk), walk.trusted_hrefs, raw_html=raw)
        parts.append(result.html)
        if result.flattened:
            line = reporter.first_line + next((t.map[0] for t in chunk if t.map), 0)
            message = f"raw HTML nested more than {MAX_DEPTH} levels deep lost its inner tags"
            reporter.report("html-depth", line, message, severity="warning")
        for item in result.removed:
            if reporter.full("html-urls"):  # counted only: finding the line costs time
                continue
            message = f"URL removed from raw HTML <{item.tag}>: {item.rejection.reason}"
            line = _line_of(source, item.value, reporter.first_line)
            reporter.report("html-urls", line, message, item.value, item.rejection.severity)
    return "".join(parts)


def _line_of(source: str, value: str, first_line: int) -> int:
    """Best effort: the line of raw HTML where a removed attribute value was written."""
    for needle in (value, html.escape(value), html.escape(value, quote=False)):
        index = source.find(needle) if needle else -1
        if index >= 0:
            return first_line + source.count("\n", 0, index)
    return first_line


def html_to_text(fragment: str) -> str:
    """What a reader sees, as text: blocks apart by blank lines, kept lines by newlines.

    Matches plugins.letter_markdown.plain_text for the same letter (table rows one per
    line, non-empty cells joined by a space), so word-fidelity checks can compare them.
    """
    blocks: list[str] = []
    lines: list[str] = []
    current: list[str] = []
    pre = 0

    def end_line() -> None:
        line = "".join(current)
        lines.append(line if pre else " ".join(line.split()))
        current.clear()

    def end_block() -> None:
        end_line()
        block = "\n".join(lines).strip("\n") if pre else "\n".join(x for x in lines if x)
        if block.strip():
            blocks.append(block)
        lines.clear()

    body = LexborHTMLParser(fragment).body
    # Iterative walk with exit events: sanitised HTML can still nest deeply.
    stack: list[tuple[Any, bool]] = []
    if body is not None:
        stack.extend((child, False) for child in reversed(list(body.iter(include_text=True))))
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if tag == "-text":
            current.append(node.text_content or "")
        elif tag in _BLOCK_TAGS:
            end_block()
            pre += (tag == "pre") * (-1 if leaving else 1)
        elif tag in ("br", "tr") and not leaving or tag == "tr":
            end_line()
        elif tag in ("td", "th") and leaving:
            current.append(" ")
        if not leaving and tag != "-text":
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    end_block()
    return "\n\n".join(blocks)
