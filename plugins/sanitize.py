"""The sanitiser policy for contributed opinion HTML, and the URL rules it shares with render.

nh3 (Ammonia, an HTML5 tree-building allowlist sanitiser) is the security boundary:
whatever Markdown produced, and whatever raw HTML a contributor wrote, only the
elements and attributes listed here reach a reader. The URL rules below add what a
scheme allowlist cannot know: links and images must not point at files outside the
site (absolute paths, `..`, `file:`, UNC and drive-letter paths, other hosts via `//`),
and images must not make a reader's browser contact another host (tracking pixels).
The regular expressions here only *report* what was removed; they never decide safety.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

import nh3
from selectolax.lexbor import LexborHTMLParser

# Letters need text structure, tables and a little inline emphasis; nothing else.
# No h1 (the page owns it; Markdown headings are demoted instead), no font/center
# (obsolete), no id/name (DOM clobbering), no dir/bdo/bdi (bidi spoofing), no style.
TAGS = frozenset(
    "p br hr h2 h3 h4 h5 h6 blockquote pre code ul ol li dl dt dd div span"
    " em strong b i u s del ins sub sup small mark abbr cite q a img"
    " table caption colgroup col thead tbody tfoot tr th td".split()
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "li": {"value"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Attributes allowed only with these exact values (nh3 wants them kept out of ATTRIBUTES).
ATTRIBUTE_VALUES = {
    "ol": {"type": {"1", "a", "A", "i", "I"}},  # (a), (i) numbering of legal letters
    "th": {"scope": {"row", "col", "rowgroup", "colgroup"}},
    "hr": {"aria-label": {"Page break"}},
}
CLASSES = {
    "hr": {"page-break"},
    "th": {"align-left", "align-center", "align-right"},  # table column alignment
    "td": {"align-left", "align-center", "align-right"},
}
# Removed together with everything inside: their content is code, styling or a
# second document, never words of the letter.
CLEAN_CONTENT_TAGS = frozenset(
    "script style template noscript iframe frame frameset object embed applet svg math"
    " textarea select title xmp noembed noframes".split()
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Numeric attributes and the values HTML allows (width/height capped: no page overlays).
_NUMBER_RANGES = {
    "width": (0, 2000),
    "height": (0, 2000),
    "colspan": (1, 1000),
    "rowspan": (0, 65534),
    "span": (1, 1000),
    "start": (0, 999999),
    "value": (0, 999999),
}
MAX_DEPTH = 64  # elements, within one block of raw HTML

# What an HTML URL parser ignores: leading/trailing C0 controls and spaces, tabs and
# newlines anywhere ("java\tscript:" is "javascript:").
_URL_EDGE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data"})

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rejection:
    """Why a URL was taken out of the opinion, and how serious that is."""

    reason: str
    severity: Severity = "error"
    external_image: bool = False  # fine as a link, not as something the page loads


def check_url(url: str, *, image: bool = False, trusted: bool = False) -> Rejection | None:
    """None if `url` may stay in a link (or image, with `image`); why not otherwise.

    `trusted` URLs come from the archive itself (cross-links): they may climb with
    `..`, but still only use the allowed schemes.
    """
    raw = _URL_NOISE.sub("", _URL_EDGE.sub("", url))
    decoded = _URL_NOISE.sub("", _URL_EDGE.sub("", unquote(raw)))
    match = _SCHEME.match(raw)
    if match is None:
        # A percent-encoded scheme is a harmless relative path to a browser, but other
        # readers of the file (editors, link checkers, Windows) may decode it: refuse.
        hidden = _SCHEME.match(decoded)
        if hidden and _scheme_rejection(hidden.group(1).lower(), image):
            return _scheme_rejection(hidden.group(1).lower(), image)
        return _path_rejection(decoded, trusted)
    return _scheme_rejection(match.group(1).lower(), image)


def _scheme_rejection(scheme: str, image: bool) -> Rejection | None:
    if len(scheme) == 1:
        return Rejection("a Windows drive path (C:) points outside the site")
    if scheme == "file":
        return Rejection("a file: URL points outside the site")
    if scheme in _SCRIPT_SCHEMES:
        return Rejection(f"a {scheme}: URL can run code or hide content")
    if scheme not in URL_SCHEMES or (image and scheme == "mailto"):
        return Rejection(f"URL scheme {scheme}: is not allowed", "warning")
    if image:
        return Rejection(
            "external image not loaded (it would reveal readers to another site); shown as a link",
            "warning",
            external_image=True,
        )
    return None


def _path_rejection(path: str, trusted: bool) -> Rejection | None:
    if "\\" in path:
        return Rejection("a backslash (Windows or UNC \\\\host) path points outside the site")
    if path.startswith("//"):
        return Rejection("a protocol-relative URL (//host) points to another site")
    if path.startswith("/"):
        return Rejection("an absolute path points outside the site")
    # The renderer cannot know where the page will live, and contributed text has no
    # business walking the site tree: any parent step could leave the site.
    segments = re.split(r"[?#]", path, maxsplit=1)[0].split("/")
    if not trusted and ".." in segments:
        return Rejection("a relative path with '..' could point outside the site")
    return None


@dataclass(frozen=True)
class Removed:
    """An attribute the sanitiser's URL rules took out of raw HTML."""

    tag: str
    attribute: str
    value: str
    rejection: Rejection


@dataclass(frozen=True)
class Sanitized:
    html: str
    removed: list[Removed]  # URLs our rules took out of raw HTML
    flattened: bool = False  # raw HTML nested too deep lost its inner tags (text kept)


def sanitize(
    fragment: str, trusted_hrefs: Collection[str] = (), *, raw_html: bool = True
) -> Sanitized:
    """Clean an HTML fragment with the policy above; report URLs removed by our own rules.

    `raw_html=False` promises markdown-it output without raw HTML, whose links and
    images were already checked and whose nesting is bounded: no tidying is needed.
    """
    removed: list[Removed] = []

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        # nh3 has already removed scheme-disallowed URLs; this adds the path rules.
        if attribute in _NUMBER_RANGES:
            low, high = _NUMBER_RANGES[attribute]
            number = value.strip()
            return number if number.isdigit() and low <= int(number[:6]) <= high else None
        if attribute == "src" and not value.strip():
            return None  # an empty src fetches the page itself, and is invalid
        if attribute in ("href", "src") and tag in TAGS:  # others go with their element
            rejection = check_url(
                value, image=tag == "img" and attribute == "src", trusted=value in trusted_hrefs
            )
            if rejection:
                removed.append(Removed(tag, attribute, value, rejection))
                return None
        return value

    cleaned = nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        # "*" must be given: left out, Ammonia keeps its default title/lang on every tag.
        attributes={"*": set(), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
        generic_attribute_prefixes=set(),
        tag_attribute_values={
            t: {a: set(v) for a, v in m.items()} for t, m in ATTRIBUTE_VALUES.items()
        },
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        attribute_filter=attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    if not raw_html:
        return Sanitized(cleaned, removed)
    tidied, flattened = _tidy(cleaned)
    return Sanitized(tidied, removed, flattened)


_PARENTS = {"li": ("ul", "ol"), "dt": ("dl",), "dd": ("dl",)}


def _tidy(fragment: str) -> tuple[str, bool]:
    """Make sanitised raw HTML valid and shallow; the words always stay.

    An <img> or <a> whose URL was removed, an <img> without alt, a stray <li>, and
    nesting deeper than MAX_DEPTH (browsers flatten trees past 513 levels, and deep
    trees cost them time) are fixed here. This runs on sanitised output, which holds
    only allowlisted HTML elements, so parsing and serialising it again is stable.
    """
    tree = LexborHTMLParser(fragment)
    if tree.body is None:
        return fragment, False
    changed = flattened = False
    deep: list = []
    stack = [(child, 1) for child in tree.body.iter()]  # iterative: the tree may be deep
    while stack:
        node, depth = stack.pop()
        tag = node.tag
        parent = node.parent.tag if node.parent is not None else ""
        if depth > MAX_DEPTH:
            deep.append(node)
        elif tag == "img" and "src" not in node.attributes:
            alt = node.attributes.get("alt")
            if alt:
                node.replace_with(alt)
            else:
                node.decompose()
            changed = True
            continue
        elif tag == "img" and "alt" not in node.attributes:
            node.attrs["alt"] = ""
            changed = True
        elif (tag == "a" and "href" not in node.attributes) or (
            tag in _PARENTS and parent not in _PARENTS[tag]
        ):
            deep.append(node)  # unwrapped below, after the walk
        stack.extend((child, depth + 1) for child in node.iter())
    for node in reversed(deep):  # innermost first
        flattened = flattened or node.tag not in ("a", "li", "dt", "dd", "img")
        if node.tag == "img" or node.child is None:
            node.decompose()  # selectolax's unwrap leaves an empty element in place
        else:
            node.unwrap()
    if not (changed or deep):
        return fragment, False
    return tree.body.inner_html or "", flattened


# ---------------------------------------------------------------- reporting raw HTML

_TAG_NAME = re.compile(r"</?([A-Za-z][^\t\n\f\r />]*)")
_START_TAG = re.compile(r"<[A-Za-z]")
# In attribute values only: "on file: the Company's charter" is ordinary text.
_BAD_URL = re.compile(r"=[\"'`]?(?:javascript|vbscript|livescript|data|file):", re.IGNORECASE)
_HOSTILE_TAGS = CLEAN_CONTENT_TAGS | set(
    "base form input button link meta portal isindex keygen".split()
)
# (pattern, what it is, hostile?): hostile things are errors, the rest warnings.
_RAW_CHECKS = (
    (re.compile(r"[\s\"'/]on[a-z]+\s*=", re.IGNORECASE), "event-handler attribute (on...=)", True),
    (
        re.compile(
            r"=\s*[\"'`]?\s*(?:javascript|vbscript|livescript|data|file)\s*:", re.IGNORECASE
        ),
        "script, data: or file: URL",
        True,
    ),
    (re.compile(r"[\s\"'/]style\s*=", re.IGNORECASE), "style attribute", False),
    (re.compile(r"<!--"), "HTML comment (not shown to readers)", False),
    (re.compile(r"<\?|<![A-Za-z\[]"), "processing instruction or declaration", False),
)


def count_start_tags(raw_html: str) -> int:
    return len(_START_TAG.findall(raw_html))


def describe_raw_html(raw_html: str) -> list[tuple[int, str, bool]]:
    """(offset, what, hostile) for what the sanitiser will take out of this raw HTML.

    A report for the contributor and the reviewer; the sanitiser does the removing.
    """
    found: list[tuple[int, str, bool]] = []
    for match in _TAG_NAME.finditer(raw_html):
        name = match.group(1).lower()
        if name in _HOSTILE_TAGS:
            found.append((match.start(), f"<{name}>", True))
        elif name not in TAGS and name != "page":
            found.append((match.start(), f"<{name}>", False))
    for pattern, what, hostile in _RAW_CHECKS:
        first = pattern.search(raw_html)
        if first:
            found.append((first.start(), what, hostile))
    # Character references and browser-ignored whitespace must not hide a scheme.
    if not any(what.startswith("script, data") for _, what, _ in found):
        flat = re.sub(r"[\x00-\x20]+", "", html.unescape(raw_html))
        if _BAD_URL.search(flat):
            found.append((0, "script, data: or file: URL", True))
    return found
