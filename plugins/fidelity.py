"""Word fidelity of an import: the words a reader sees in the source, against the words a
reader sees on the published page (the Markdown rendered by plugins.render).

Deliberately independent of the converters: the source side is read with its own small
walk of the HTML (or the raw text), so a converter bug cannot hide itself. A word is a
run of non-space characters after Unicode compatibility normalisation; page markers and
EDGAR's SGML table tags are markup, not words.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]"
)
# Empty boxes with a width or padding show as a gap between words. letter_html states the
# same rule; it is stated again here on purpose, so a converter bug cannot hide itself.
_SPACER = re.compile(
    r"display\s*:\s*inline-block|(?<![\w-])width\s*:\s*[1-9]|(?:padding|margin)-(?:left|right)\s*:\s*[1-9]",
    re.I,
)
_MARKUP_WORDS = re.compile(r"</?(?:PAGE|TABLE|CAPTION|S|C|FN)>", re.IGNORECASE)
_HIDDEN = frozenset(
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
        "img",
        "map",
        "audio",
        "video",
        "canvas",
    }
)
# Elements a browser lays out on their own line (inline ones never split a word).
_BREAKING = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "page",
    }
)


@dataclass(frozen=True)
class Fidelity:
    source_words: int
    kept_in_order: int
    added_words: int
    first_difference: str

    @property
    def complete(self) -> bool:
        return self.kept_in_order == self.source_words and self.added_words == 0


def words(text: str) -> list[str]:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).split()


def html_source_text(html: str) -> str:
    """The text a browser shows for an HTML document, line-separated at block elements."""
    root = LexborHTMLParser(html).body
    parts: list[str] = []
    stack: list[LexborNode | str] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        tag = node.tag
        if tag == "-text":
            parts.append(node.text_content or "")
            continue
        if tag in _HIDDEN or tag in ("-comment", "!doctype"):
            continue
        style = (node.attributes.get("style") or "") if node.attributes else ""
        if tag not in _BREAKING and _SPACER.search(style) and not node.text(deep=True).strip():
            parts.append(" ")  # an empty box with a width is a gap between words on screen
            continue
        if tag in _BREAKING:
            parts.append("\n")
            stack.append("\n")
        stack.extend(reversed(list(node.iter(include_text=True))))
    return "".join(parts)


def source_words(body: str, is_html: bool) -> list[str]:
    # A word a fixed-width letter breaks across two lines at a hyphen ("non-" / "assessable")
    # is one word to its reader.
    if is_html:
        # "&lt;PAGE&gt;" in HTML is text a reader sees (a <PAGE> tag is an element)
        return words(html_source_text(body))
    text = re.sub(r"(?<=[A-Za-z])-[ \t]*\r?\n[ \t]*(?=[a-z])", "-", body)
    return words(_MARKUP_WORDS.sub(" ", text))


def rendered_words(markdown: str) -> list[str]:
    from plugins.render import render_opinion

    return words(render_opinion(markdown).text)


def compare(source: list[str], output: list[str]) -> Fidelity:
    matcher = difflib.SequenceMatcher(a=source, b=output, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    difference = ""
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            difference = (
                f"{tag}: source {' '.join(source[max(0, a1 - 3) : a2 + 3])!r} "
                f"-> page {' '.join(output[max(0, b1 - 3) : b2 + 3])!r}"
            )
            break
    return Fidelity(len(source), kept, len(output) - kept, difference)
