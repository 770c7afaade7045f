"""The Markdown half of plugins.render: markdown-it-py set up for contributed letters, and
the walk over its tokens that decides what links, images, headings and mentions become.

markdown-it-py, not the site's Python-Markdown: CommonMark plus tables and strikethrough,
linear parsers, nesting capped, and none of the site's extensions (snippets, abbr,
macros, md_in_html), so `--8<--`, `*[ABBR]:` and `{{ }}` stay words.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from plugins.problems import Severity, ValidationProblem
from plugins.sanitize import check_url, count_start_tags, describe_raw_html

MAX_NESTING = 20  # markdown-it's own cap (blocks and inline), past which it drops content
NESTING_GUARD = 16  # block level where we stop nesting and show the rest as text
MAX_INLINE_DEPTH = 16  # nested emphasis (markdown-it does not cap it; browsers flatten at 513)
MAX_RAW_HTML_TAGS = 1000  # more, and raw HTML is shown as text (tree builders are O(depth))
MAX_REPORTS = 20  # per kind of problem, so a hostile file cannot flood the report
MAX_MENTIONS_PER_RUN = 1000

PAGE_BREAK_HTML = '<hr class="page-break" aria-label="Page break">\n'
_PAGE_LINE = re.compile(r"[ \t]*<page>[ \t]*", re.IGNORECASE)
# Raw HTML inside which text must not become a cross-link: links, code.
_RAW_NO_LINKS_OPEN = re.compile(r"<(?:a|code|pre|kbd|samp)[\s/>]", re.IGNORECASE)
_RAW_NO_LINKS_CLOSE = re.compile(r"</(?:a|code|pre|kbd|samp)[\s>]", re.IGNORECASE)
_ALIGN = re.compile(r"text-align:(left|center|right)")
# How each kind of markup that hides its content ends.
_CLOSERS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"), ("<!", ">"))
_EMPHASIS = {"em_open": 1, "strong_open": 1, "s_open": 1}
_EMPHASIS |= {kind.replace("open", "close"): -1 for kind in _EMPHASIS}
_RAW_SUGGESTION = "opinion text may not hold scripts, forms, embeds, styles or event handlers"


@dataclass(frozen=True)
class Mention:
    """A span of a text node to turn into a link."""

    start: int
    end: int
    href: str
    title: str


@dataclass
class Reporter:
    """Problems of one render, each kind capped at MAX_REPORTS (the rest are counted)."""

    path: str
    first_line: int
    problems: list[ValidationProblem] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def full(self, kind: str) -> bool:
        """Count one more of `kind` without reporting it, if its reports are used up."""
        if self.counts[kind] < MAX_REPORTS:
            return False
        self.counts[kind] += 1
        return True

    def report(
        self,
        kind: str,
        line: int,
        message: str,
        found: str = "",
        severity: Severity = "error",
        column: int = 1,
        suggestion: str = "",
    ) -> None:
        if not self.full(kind):
            self.counts[kind] += 1
            found = found if len(found) <= 160 else f"{found[:160]}... ({len(found)} characters)"
            self.problems.append(
                ValidationProblem(
                    self.path,
                    line,
                    column,
                    "body",
                    message,
                    found=found,
                    suggestion=suggestion,
                    severity=severity,
                )
            )

    def finish(self) -> tuple[ValidationProblem, ...]:
        more = [
            ValidationProblem(
                self.path,
                self.first_line,
                1,
                "body",
                f"{n - MAX_REPORTS} more problems of the same kind ({kind}) not shown",
                severity="warning",
            )
            for kind, n in self.counts.items()
            if n > MAX_REPORTS
        ]
        return tuple(sorted(set(self.problems + more)))


# ------------------------------------------------------------------- markdown-it setup


def _page_break(state, start: int, end: int, silent: bool) -> bool:  # noqa: ANN001
    """EDGAR's `<PAGE>` line -> a visible page break; it may interrupt a paragraph."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False  # indented code
    line = (state.bMarks[start] + state.tShift[start], state.eMarks[start])
    if not _PAGE_LINE.fullmatch(state.src, *line):
        return False
    if not silent:
        token = state.push("page_break", "hr", 0)
        token.map, token.markup = [start, start + 1], "<PAGE>"
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
    options = {"html": raw_html, "maxNesting": MAX_NESTING, "linkify": False}
    md = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    # Every destination parses as a link so that a rejected one can be reported with its
    # line; the token walk and the sanitiser decide what stays.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.block.ruler.before("table", "nesting_guard", _nesting_guard)
    interrupts = ["paragraph", "reference", "blockquote", "list"]
    md.block.ruler.before("table", "page_break", _page_break, {"alt": interrupts})
    md.add_render_rule("page_break", _render_page_break)
    md.add_render_rule("plain_text_block", _render_plain_text)
    return md


_MARKDOWN = _make_parser(raw_html=True)
_MARKDOWN_NO_HTML = _make_parser(raw_html=False)


def parse(source: str, reporter: Reporter) -> list[Token]:
    """Tokens of `source`; with too much raw HTML, all of it is read as text instead."""
    env: dict = {}
    tokens = _MARKDOWN.parse(source, env)
    raw = (t.content for t in walk(tokens) if t.type in ("html_block", "html_inline"))
    tags = sum(count_start_tags(content) for content in raw)
    if tags > MAX_RAW_HTML_TAGS:
        reporter.report(
            "raw-html-size",
            reporter.first_line,
            "too much raw HTML; all of it is shown as text",
            f"{tags} tags",
            suggestion="write the opinion in "
            f"Markdown: at most {MAX_RAW_HTML_TAGS} raw HTML tags are rendered",
        )
        env = {}
        tokens = _MARKDOWN_NO_HTML.parse(source, env)
    for start in env.get("overflow", []):
        message = f"lists or quotes nested more than {NESTING_GUARD} levels deep; the rest of "
        reporter.report(
            "nesting",
            reporter.first_line + start,
            message + "this block is shown as plain text",
            severity="warning",
        )
    return tokens


def render_tokens(tokens: list[Token]) -> str:
    return _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})


def top_level_chunks(tokens: list[Token]) -> list[tuple[list[Token], bool]]:
    """Top-level blocks holding raw HTML one by one, the blocks between them together."""
    chunks: list[tuple[list[Token], bool]] = []  # (tokens, holds raw HTML?)
    depth = 0
    for token in tokens:
        if depth == 0:
            chunks.append(([], False))
        chunks[-1][0].append(token)
        depth += token.nesting
        if depth == 0:
            block, _ = chunks.pop()
            raw = any(t.type in ("html_block", "html_inline") for t in walk(block))
            if raw or not chunks or chunks[-1][1]:
                chunks.append(([], raw))
            chunks[-1][0].extend(block)
    return chunks


def walk(tokens: list[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from token.children


def _unclosed(raw_html: str) -> bool:
    text = raw_html.lstrip()
    for opener, closer in _CLOSERS:
        if text.startswith(opener):
            return closer not in text[len(opener) :]
    return False


# ---------------------------------------------------------------------------- the walk


@dataclass
class TokenWalk:
    """Rewrites a token stream in place: what the letter's links, images, headings and
    mentions become, and notes on raw HTML for the report."""

    reporter: Reporter
    find_mentions: Callable[[str], Iterable[Mention]] | None
    trusted_hrefs: set[str] = field(default_factory=set)  # cross-links: may use `..`
    raw_html: dict[int, tuple[dict[str, None], dict[str, None]]] = field(default_factory=dict)

    def rewrite(self, tokens: list[Token]) -> None:
        line = self.reporter.first_line
        for token in tokens:
            if token.map:
                line = self.reporter.first_line + token.map[0]
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + 1)}"  # the page owns h1
            elif token.type in ("th_open", "td_open"):
                align = _ALIGN.search(str(token.attrs.pop("style", "")))
                if align:  # style attributes are not allowed; the theme styles classes
                    token.attrs["class"] = f"align-{align.group(1)}"
            elif token.type == "html_block" and _unclosed(token.content):
                # CommonMark lets an unclosed comment run to the end of the document, and
                # the sanitiser would then drop everything after it unseen.
                token.type = "plain_text_block"
                message = "HTML comment or declaration is never closed; it and the text "
                self.reporter.report(
                    "unclosed",
                    line,
                    message + "after it are shown as text",
                    token.content.lstrip()[:40],
                    "warning",
                )
            elif token.type == "html_block":
                self.note_raw_html(token.content, line)
            elif token.type == "inline" and token.children:
                token.children = self.inline(token.children, line)

    def inline(self, children: list[Token], line: int) -> list[Token]:
        out: list[Token] = []
        dropped: list[bool] = []  # per open Markdown link: was it removed?
        as_text: list[bool] = []  # per open emphasis: too deep, so kept as typed?
        in_link = raw_links = emphasis = 0
        for child in children:
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                line += 1
            elif kind in _EMPHASIS:  # deeper than the cap, emphasis stays as typed
                opening = _EMPHASIS[kind] == 1
                too_deep = (
                    emphasis >= MAX_INLINE_DEPTH if opening else bool(as_text and as_text.pop())
                )
                if opening:
                    as_text.append(too_deep)
                if too_deep:
                    out.append(Token("text", "", 0, content=child.markup))
                    continue
                emphasis += _EMPHASIS[kind]
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                rejection = check_url(href)
                dropped.append(rejection is not None)
                if rejection:
                    message = f"link removed, text kept: {rejection.reason}"
                    self.reporter.report("links", line, message, href, rejection.severity)
                    continue
                in_link += 1
            elif kind == "link_close":
                if dropped and dropped.pop():
                    continue
                in_link = max(0, in_link - 1)
            elif kind == "image":
                out += self.image(child, line, linkable=not (in_link or raw_links))
                continue
            elif kind == "html_inline":
                self.note_raw_html(child.content, line)
                raw_links += bool(_RAW_NO_LINKS_OPEN.match(child.content))
                raw_links = max(0, raw_links - bool(_RAW_NO_LINKS_CLOSE.match(child.content)))
                line += child.content.count("\n")
            elif kind == "text" and not (in_link or raw_links) and self.find_mentions:
                out += self.mentions(child)
                continue
            out.append(child)
        return out

    def image(self, token: Token, line: int, linkable: bool) -> list[Token]:
        src = str(token.attrGet("src") or "")
        rejection = check_url(src, image=True)
        alt = "".join(c.content for c in token.children or () if c.type in ("text", "code_inline"))
        if rejection is None and src.strip():
            return [token]
        if rejection is None:  # ![alt]() shows nothing but its words
            return [Token("text", "", 0, content=alt)] if alt else []
        message = f"image removed: {rejection.reason}"
        self.reporter.report("images", line, message, src, rejection.severity)
        if rejection.external_image and linkable:  # a link loads nothing until clicked
            return [
                Token("link_open", "a", 1, attrs={"href": src}),
                Token("text", "", 0, content=alt or "image"),
                Token("link_close", "a", -1),
            ]
        return [Token("text", "", 0, content=alt)] if alt else []

    def mentions(self, token: Token) -> list[Token]:
        text, finder = token.content, self.find_mentions
        try:
            found = list(itertools.islice(finder(text), MAX_MENTIONS_PER_RUN)) if finder else []
            spans = sorted(
                (m.start, m.end, m.href, m.title)
                for m in found
                if isinstance(m.start, int)
                and isinstance(m.end, int)
                and isinstance(m.href, str)
                and isinstance(m.title, str)
            )
        except Exception as exc:  # a broken finder costs the cross-links, not the opinion
            message = f"cross-links skipped: the mention finder failed ({type(exc).__name__})"
            self.reporter.report(
                "cross-links", self.reporter.first_line, message, severity="warning"
            )
            self.find_mentions = None
            return [token]
        out: list[Token] = []
        done = 0
        for start, end, href, title in spans:
            if start < done or not 0 <= start < end <= len(text):
                continue  # overlapping or out of range
            if check_url(href, trusted=True) is not None:
                continue
            self.trusted_hrefs.add(href)
            out += [
                Token("text", "", 0, content=text[done:start]),
                Token("link_open", "a", 1, attrs={"href": href, "title": title}),
                Token("text", "", 0, content=text[start:end]),
                Token("link_close", "a", -1),
            ]
            done = end
        if done == 0:
            return [token]
        out.append(Token("text", "", 0, content=text[done:]))
        return [t for t in out if t.type != "text" or t.content]

    def note_raw_html(self, raw: str, line: int) -> None:
        for offset, what, hostile in describe_raw_html(raw):
            at = line + raw.count("\n", 0, offset)
            self.raw_html.setdefault(at, ({}, {}))[0 if hostile else 1][what] = None

    def report_raw_html(self) -> None:
        for line, (hostile, unsupported) in sorted(self.raw_html.items()):
            if hostile:
                message = "raw HTML removed: " + ", ".join(hostile)
                self.reporter.report("raw-html", line, message, suggestion=_RAW_SUGGESTION)
            if unsupported:
                message = "unsupported HTML removed, text kept: " + ", ".join(unsupported)
                self.reporter.report("raw-html-unsupported", line, message, severity="warning")
