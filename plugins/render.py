"""Untrusted opinion Markdown -> an HTML fragment that is inert for readers, and its text.

Contributed text never reaches the site's Python-Markdown pipeline (snippets, abbr,
macros, md_in_html): it is parsed here by markdown-it-py, CommonMark plus tables and
strikethrough, whose parsers are linear and whose nesting is capped. So `--8<--`,
`*[ABBR]:` and `{{ config }}` are just words. Steps, and why:

1. cap the size, strip control and bidi characters (reported with file:line): they
   spoof logs, are invalid in HTML/XML, or make text display in another order;
2. parse; container nesting past a limit is shown as plain text instead of being
   dropped (markdown-it would silently skip it);
3. walk the tokens: headings down one level (the page owns h1), links and images
   checked (plugins.sanitize rules; rejected ones keep their text and are reported),
   cross-link mentions turned into links;
4. render and clean with nh3 (the security boundary); braces become character
   references so no template engine downstream can find `{{` or `{%`;
5. self-check with plugins.inert; should anything executable survive, only text is
   published.

Nothing here reads a file, and no exception escapes `render_opinion`.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from selectolax.lexbor import LexborHTMLParser

from plugins.inert import find_executable_content
from plugins.problems import ValidationProblem
from plugins.sanitize import (
    MAX_DEPTH,
    Removed,
    check_url,
    count_start_tags,
    describe_raw_html,
    sanitize,
)

# Time bounds are budgets, not clocks, so a file passes or fails the same way on every
# machine. markdown-it-py is linear but pure Python: its cost follows the characters
# where plain text stops (markup) and the lines, so those are capped, not only the size.
MAX_BODY_CHARS = 2 * 1024 * 1024
MAX_MARKUP = 100_000  # a long letter has a few tens of thousands
MAX_NESTING = 20  # markdown-it's own cap (blocks and inline), past which it drops content
NESTING_GUARD = 16  # block level where we stop nesting and show the rest as text
MAX_INLINE_DEPTH = 16  # nested emphasis
MAX_RAW_HTML_TAGS = 1000  # more, and raw HTML is shown as text (tree builders are O(depth))
MAX_REPORTS = 20  # per kind of problem, so a hostile file cannot flood the report
MAX_MENTIONS_PER_RUN = 1000

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]")
# Where markdown-it's text rule stops and tries every inline rule, plus table cells.
_MARKUP_CHARS = "\n!#$%&*+-:<=>@[\\]^_`{}~|"
_NOT_MARKUP = str.maketrans("", "", _MARKUP_CHARS)
_PAGE_LINE = re.compile(r"[ \t]*<page>[ \t]*", re.IGNORECASE)
_RAW_A_OPEN = re.compile(r"<a[\s/>]", re.IGNORECASE)
_RAW_A_CLOSE = re.compile(r"</a[\s>]", re.IGNORECASE)
_ALIGN = re.compile(r"text-align:(left|center|right)")
# How each kind of markup that hides its content ends.
_CLOSERS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"), ("<!", ">"))
PAGE_BREAK_HTML = '<hr class="page-break" aria-label="Page break">\n'


@dataclass(frozen=True)
class Mention:
    """A span of a text node to turn into a link."""

    start: int
    end: int
    href: str
    title: str


@dataclass(frozen=True)
class RenderedOpinion:
    html: str  # sanitised HTML fragment, safe to embed in any page
    text: str  # plain text: blocks apart by blank lines, kept lines by newlines
    problems: tuple[ValidationProblem, ...]


# ------------------------------------------------------------------- markdown-it setup

def _page_break(state, start: int, end: int, silent: bool) -> bool:  # noqa: ANN001
    """EDGAR's `<PAGE>` line -> a visible page break; it may interrupt a paragraph."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False  # indented code
    if not _PAGE_LINE.fullmatch(state.src, state.bMarks[start] + state.tShift[start],
                                state.eMarks[start]):
        return False
    if not silent:
        token = state.push("page_break", "hr", 0)
        token.map = [start, start + 1]
        token.markup = "<PAGE>"
    state.line = start + 1
    return True


def _nesting_guard(state, start: int, end: int, silent: bool) -> bool:  # noqa: ANN001
    """Past NESTING_GUARD, the rest of this container is kept as plain text, not dropped."""
    if state.level < NESTING_GUARD or silent:
        return False
    token = state.push("plain_text_block", "p", 0)
    token.content = state.getLines(start, end, state.blkIndent, False)
    token.map = [start, end]
    state.env.setdefault("overflow", []).append(start)
    state.line = end
    return True


def _render_page_break(self, tokens, idx, options, env) -> str:  # noqa: ANN001
    return PAGE_BREAK_HTML


def _render_plain_text(self, tokens, idx, options, env) -> str:  # noqa: ANN001
    lines = html.escape(tokens[idx].content, quote=False).split("\n")
    return "<p>" + "<br>\n".join(lines) + "</p>\n"


def _make_parser(raw_html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": raw_html, "maxNesting": MAX_NESTING,
                                   "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Every destination parses as a link so that a rejected one can be reported with its
    # line; the token walk below and the sanitiser decide what stays.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.block.ruler.before("table", "nesting_guard", _nesting_guard)
    md.block.ruler.before("table", "page_break", _page_break,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.add_render_rule("page_break", _render_page_break)
    md.add_render_rule("plain_text_block", _render_plain_text)
    return md


_MARKDOWN = _make_parser(raw_html=True)
_MARKDOWN_NO_HTML = _make_parser(raw_html=False)


# --------------------------------------------------------------------------- a render

@dataclass
class _Render:
    """The state of one call: where problems go and what the cross-links trust."""

    path: str
    first_line: int
    find_mentions: Callable[[str], Iterable[Mention]] | None
    problems: list[ValidationProblem] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    trusted_hrefs: set[str] = field(default_factory=set)
    raw_html: dict[int, tuple[dict[str, None], dict[str, None]]] = field(default_factory=dict)

    def report(self, kind: str, line: int, message: str, found: str = "",
               severity: str = "error", column: int = 1, suggestion: str = "") -> None:
        self.counts[kind] += 1
        if self.counts[kind] <= MAX_REPORTS:
            self.problems.append(ValidationProblem(
                self.path, line, column, "body", message, found=_excerpt(found),
                suggestion=suggestion, severity=severity))  # type: ignore[arg-type]

    def finish_reports(self) -> None:
        for kind, count in sorted(self.counts.items()):
            if count > MAX_REPORTS:
                self.problems.append(ValidationProblem(
                    self.path, self.first_line, 1, "body",
                    f"{count - MAX_REPORTS} more problems of the same kind ({kind}) not shown",
                    severity="warning"))

    # -- token walk ---------------------------------------------------------------------
    def rewrite(self, tokens: list[Token]) -> None:
        line = self.first_line
        for token in tokens:
            if token.map:
                line = self.first_line + token.map[0]
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
            elif token.type in ("th_open", "td_open"):
                align = _ALIGN.search(str(token.attrs.pop("style", "")))
                if align:
                    token.attrs["class"] = f"align-{align.group(1)}"
            elif token.type == "html_block":
                if _unclosed(token.content):
                    # CommonMark lets an unclosed comment run to the end of the document,
                    # and the sanitiser would then drop everything after it unseen.
                    token.type = "plain_text_block"
                    self.report("unclosed", line, "HTML comment or declaration is never "
                                "closed; it and the text after it are shown as plain text",
                                token.content.lstrip()[:40], "warning")
                else:
                    self.note_raw_html(token.content, line)
            elif token.type == "inline" and token.children:
                token.children = self.rewrite_inline(token.children, line)

    def rewrite_inline(self, children: list[Token], line: int) -> list[Token]:
        out: list[Token] = []
        dropped: list[bool] = []  # per open Markdown link: was it removed?
        as_text: list[bool] = []  # per open emphasis: too deep, so kept as its characters?
        in_link = raw_links = emphasis = 0
        for child in children:
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                line += 1
            elif kind in ("em_open", "strong_open", "s_open"):
                # Emphasis nests without markdown-it's maxNesting; browsers flatten trees
                # past 513 levels. Deeper emphasis stays as the characters that were typed.
                as_text.append(emphasis >= MAX_INLINE_DEPTH)
                if as_text[-1]:
                    out.append(Token("text", "", 0, content=child.markup))
                    continue
                emphasis += 1
            elif kind in ("em_close", "strong_close", "s_close"):
                if as_text and as_text.pop():
                    out.append(Token("text", "", 0, content=child.markup))
                    continue
                emphasis -= 1
            elif kind == "link_open":
                rejection = check_url(str(child.attrGet("href") or ""))
                dropped.append(rejection is not None)
                if rejection:
                    self.report("links", line, f"link removed, text kept: {rejection.reason}",
                                str(child.attrGet("href")), rejection.severity)
                    continue
                in_link += 1
            elif kind == "link_close":
                if dropped and dropped.pop():
                    continue
                in_link = max(0, in_link - 1)
            elif kind == "image":
                out.extend(self.image(child, line, linkable=not (in_link or raw_links)))
                continue
            elif kind == "html_inline":
                self.note_raw_html(child.content, line)
                if _RAW_A_OPEN.match(child.content):
                    raw_links += 1
                elif _RAW_A_CLOSE.match(child.content):
                    raw_links = max(0, raw_links - 1)
                line += child.content.count("\n")
            elif kind == "text" and not (in_link or raw_links) and self.find_mentions:
                out.extend(self.mentions(child))
                continue
            out.append(child)
        return out

    def image(self, token: Token, line: int, linkable: bool) -> list[Token]:
        src = str(token.attrGet("src") or "")
        rejection = check_url(src, image=True)
        if rejection is None:
            return [token]
        self.report("images", line, f"image removed: {rejection.reason}", src,
                    rejection.severity)
        alt = "".join(c.content for c in token.children or () if c.type in ("text", "code_inline"))
        if rejection.external_image and linkable:
            return [Token("link_open", "a", 1, attrs={"href": src}),
                    Token("text", "", 0, content=alt or "image"),
                    Token("link_close", "a", -1)]
        return [Token("text", "", 0, content=alt)] if alt else []

    def mentions(self, token: Token) -> list[Token]:
        text = token.content
        if self.find_mentions is None:
            return [token]
        try:
            found = list(itertools.islice(self.find_mentions(text), MAX_MENTIONS_PER_RUN))
            spans = sorted((m.start, m.end, m.href, m.title) for m in found
                           if isinstance(m.start, int) and isinstance(m.end, int)
                           and isinstance(m.href, str) and isinstance(m.title, str))
        except Exception as exc:  # a broken finder costs the cross-links, not the opinion
            self.report("cross-links", self.first_line,
                        f"cross-links skipped: the mention finder failed ({type(exc).__name__})",
                        severity="warning")
            self.find_mentions = None
            return [token]
        out: list[Token] = []
        done = 0
        for start, end, href, title in spans:
            if start < done or not 0 <= start < end <= len(text):
                continue  # overlapping or out of range
            if check_url(href, trusted=True) is not None:
                continue
            if start > done:
                out.append(Token("text", "", 0, content=text[done:start]))
            self.trusted_hrefs.add(href)
            out += [Token("link_open", "a", 1, attrs={"href": href, "title": title}),
                    Token("text", "", 0, content=text[start:end]),
                    Token("link_close", "a", -1)]
            done = end
        if done == 0:
            return [token]
        if done < len(text):
            out.append(Token("text", "", 0, content=text[done:]))
        return out

    def note_raw_html(self, raw: str, line: int) -> None:
        for offset, what, hostile in describe_raw_html(raw):
            at = line + raw.count("\n", 0, offset)
            self.raw_html.setdefault(at, ({}, {}))[0 if hostile else 1][what] = None

    def report_raw_html(self) -> None:
        for line, (hostile, unsupported) in sorted(self.raw_html.items()):
            if hostile:
                self.report("raw-html", line, "raw HTML removed: " + ", ".join(hostile),
                            suggestion="opinion text may not contain scripts, forms, embedded "
                            "content, styles or event handlers")
            if unsupported:
                self.report("raw-html-unsupported", line, "unsupported HTML removed, text kept: "
                            + ", ".join(unsupported), severity="warning")

    def line_of(self, source: str, value: str) -> int:
        """Best effort: the line of raw HTML where a removed attribute value was written."""
        for needle in (value, html.escape(value), html.escape(value, quote=False)):
            index = source.find(needle) if needle else -1
            if index >= 0:
                return self.first_line + source.count("\n", 0, index)
        return self.first_line


def _unclosed(raw_html: str) -> bool:
    text = raw_html.lstrip()
    for opener, closer in _CLOSERS:
        if text.startswith(opener):
            return closer not in text[len(opener):]
    return False


def _excerpt(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def _clean_characters(text: str, job: _Render) -> str:
    """Strip control and bidi characters; report each kind once, bidi per line."""
    def where(index: int) -> tuple[int, int]:
        line_start = text.rfind("\n", 0, index) + 1
        return job.first_line + text.count("\n", 0, index), index - line_start + 1

    controls = Counter(m.group() for m in _CONTROL.finditer(text))
    if controls:
        nul = controls.pop("\x00", 0)
        if nul:
            line, column = where(text.index("\x00"))
            job.report("nul", line, "NUL character removed from the opinion text",
                       f"{nul} NUL character{'s' if nul > 1 else ''}", "warning", column)
        if controls:
            first = min(text.index(ch) for ch in controls)
            line, column = where(first)
            found = ", ".join(f"U+{ord(ch):04X} x{n}" for ch, n in controls.most_common(8))
            job.report("control", line, "control characters removed from the opinion text",
                       found, "warning", column,
                       "terminal escapes and control codes are not part of a letter")
        text = _CONTROL.sub("", text)
    if _BIDI.search(text):
        line, line_start, counted = job.first_line, 0, 0  # walk forward: linear in the text
        for match in _BIDI.finditer(text):
            if job.counts["bidi"] >= MAX_REPORTS:
                job.counts["bidi"] += 1
                continue
            line += text.count("\n", counted, match.start())
            counted = match.start()
            line_start = text.rfind("\n", 0, match.start()) + 1
            ch = match.group()
            job.report("bidi", line, f"bidirectional control character U+{ord(ch):04X} "
                       f"({unicodedata.name(ch, 'BIDI CONTROL')}) removed", severity="warning",
                       column=match.start() - line_start + 1,
                       suggestion="it can make text display in another order than it reads")
        text = _BIDI.sub("", text)
    return text


def _parse(source: str, job: _Render) -> list[Token]:
    env: dict = {}
    tokens = _MARKDOWN.parse(source, env)
    raw_tags = sum(count_start_tags(t.content) for t in _walk(tokens)
                   if t.type in ("html_block", "html_inline"))
    if raw_tags > MAX_RAW_HTML_TAGS:
        job.report("raw-html-size", job.first_line, "too much raw HTML; all of it is shown as text",
                   f"{raw_tags} tags", suggestion=f"write the opinion in Markdown; at most "
                   f"{MAX_RAW_HTML_TAGS} raw HTML tags are rendered as HTML")
        env = {}
        tokens = _MARKDOWN_NO_HTML.parse(source, env)
    for start in env.get("overflow", []):
        job.report("nesting", job.first_line + start, f"lists or quotes nested more than "
                   f"{NESTING_GUARD} levels deep; the rest of this block is shown as plain text",
                   severity="warning")
    return tokens


def _sanitize_chunks(tokens: list[Token], source: str, job: _Render) -> str:
    """Render and clean top-level blocks with raw HTML one at a time, the rest together.

    An unclosed comment, <textarea> or <div> in one block then cannot swallow or wrap
    the rest of the letter, and the sanitiser's tree depth stays local to the block.
    """
    blocks: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            blocks.append([])
        blocks[-1].append(token)
        depth += token.nesting
    chunks: list[tuple[list[Token], bool]] = []  # (tokens, holds raw HTML?)
    for block in blocks:
        raw = any(t.type in ("html_block", "html_inline") for t in _walk(block))
        if raw or not chunks or chunks[-1][1]:
            chunks.append(([], raw))
        chunks[-1][0].extend(block)
    parts: list[str] = []
    removed: list[Removed] = []
    for chunk, raw in chunks:
        result = sanitize(_MARKDOWN.renderer.render(chunk, _MARKDOWN.options, {}),
                          job.trusted_hrefs, raw_html=raw)
        parts.append(result.html)
        removed += result.removed
        if result.flattened:
            line = next((t.map[0] for t in chunk if t.map), 0)
            job.report("html-depth", job.first_line + line, f"raw HTML nested more than "
                       f"{MAX_DEPTH} levels deep lost its inner tags (text kept)",
                       severity="warning")
    for item in removed:
        if job.counts["html-urls"] >= MAX_REPORTS:  # counted only: finding lines costs time
            job.counts["html-urls"] += 1
            continue
        noun = "image" if item.tag == "img" else "link"
        job.report("html-urls", job.line_of(source, item.value),
                   f"{noun} URL removed from raw HTML: {item.rejection.reason}", item.value,
                   item.rejection.severity)
    return "".join(parts)


def _walk(tokens: list[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from token.children


# ------------------------------------------------------------------------- plain text

_BLOCK_TAGS = frozenset({"p", "div", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd",
                         "table", "caption", "h2", "h3", "h4", "h5", "h6", "hr"})


def html_to_text(fragment: str) -> str:
    """What a reader sees, as text: blocks apart by blank lines, kept lines by newlines.

    Matches plugins.letter_markdown.plain_text for the same letter (table rows one per
    line, non-empty cells joined by a space), so word-fidelity checks can compare them.
    """
    body = LexborHTMLParser(fragment).body
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
        if pre:
            block = "\n".join(lines).strip("\n")
        else:
            block = "\n".join(line for line in lines if line)
        if block.strip():
            blocks.append(block)
        lines.clear()

    # Iterative walk with exit events: sanitised HTML can still nest deeply.
    stack: list[tuple[Any, bool]] = []
    if body is not None:
        stack.extend((child, False) for child in reversed(list(body.iter(include_text=True))))
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if tag == "-text":
            current.append(node.text_content or "")
            continue
        if leaving:
            if tag in _BLOCK_TAGS:
                end_block()
                pre -= tag == "pre"
            elif tag == "tr":
                end_line()
            elif tag in ("td", "th"):
                current.append(" ")
            continue
        if tag in _BLOCK_TAGS:
            end_block()
            pre += tag == "pre"
        elif tag in ("br", "tr"):
            end_line()
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    end_block()
    return "\n\n".join(blocks)


# ------------------------------------------------------------------------ entry point

def render_opinion(markdown: str, *, path: str = "", first_line: int = 1,
                   find_mentions: Callable[[str], Iterable[Mention]] | None = None
                   ) -> RenderedOpinion:
    """Render a contributed opinion body. Never raises; every problem names file:line."""
    job = _Render(path, first_line, find_mentions)
    try:
        if not isinstance(markdown, str):
            job.report("input", first_line, "the opinion text is not text",
                       type(markdown).__name__)
            return _result("", "", job)
        if len(markdown) > MAX_BODY_CHARS:
            job.report("size", first_line, "the opinion text is too long to publish",
                       f"{len(markdown)} characters", suggestion=f"at most {MAX_BODY_CHARS} "
                       "characters; split the document or remove non-text content")
            return _result("", "", job)
        source = _clean_characters(markdown.replace("\r\n", "\n").replace("\r", "\n"), job)
        markup = len(source) - len(source.translate(_NOT_MARKUP))
        if markup > MAX_MARKUP:
            job.report("size", first_line, "the opinion text has too much markup to render "
                       "within the time allowed", f"{markup} markup characters and lines",
                       suggestion=f"at most {MAX_MARKUP}; an opinion letter needs far fewer")
            return _result("", "", job)
        tokens = _parse(source, job)
        job.rewrite(tokens)
        job.report_raw_html()
        fragment = _sanitize_chunks(tokens, source, job)
        if _CONTROL.search(fragment) or _BIDI.search(fragment):  # via character references
            fragment = _BIDI.sub("", _CONTROL.sub("", fragment))
            job.report("control", first_line, "control or bidi characters written as "
                       "character references (&#x202e;) removed", severity="warning")
        text = html_to_text(fragment)
        findings = find_executable_content(fragment)
        if findings:  # the sanitiser let something through: publish the words only
            job.report("inert", first_line, "the opinion could not be made safe as HTML and "
                       "is shown as plain text", "; ".join(findings[:3]))
            fragment = "".join(f"<p>{html.escape(block)}</p>\n" for block in text.split("\n\n"))
        # No template engine downstream may find `{{`, `{%` or `{#` in contributed text.
        fragment = fragment.replace("{", "&#123;").replace("}", "&#125;")
        return _result(fragment, text, job)
    except Exception as exc:  # last line of defence: one bad file must not stop a build
        job.report("crash", first_line, f"the opinion text could not be rendered "
                   f"({type(exc).__name__})")
        return _result("", "", job)


def _result(fragment: str, text: str, job: _Render) -> RenderedOpinion:
    job.finish_reports()
    return RenderedOpinion(fragment, text, tuple(sorted(set(job.problems))))
