"""Is this HTML inert? A check with a real HTML5 parser, for rendered opinions and whole pages.

`find_executable_content` parses HTML the way a browser does (Lexbor, through
selectolax), serialises it, parses the result again and looks at both trees: markup
that only turns executable after a round trip (mutation XSS) is caught too. It reports:

- <script> elements, unless `allowed_scripts` accepts them (theme scripts);
- event-handler attributes (on*) and srcdoc, anywhere;
- javascript:, vbscript: and non-raster data: URLs in any URL-bearing attribute;
- SVG animation that targets an event handler or a link (<set attributeName=onclick>);
- iframe/frame/object/embed/applet/portal/base/form/style/noscript elements, refresh
  and set-cookie <meta>, resource-loading <link>, unless `allowed_elements` accepts
  them (a theme's search form or stylesheet);
- script-capable CSS in style attributes (expression(), -moz-binding, javascript:).

Findings are short, printable strings; an empty list means nothing executable was found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from plugins.problems import printable


@dataclass(frozen=True)
class Element:
    """What an allow-predicate sees: tag (lower case), attributes, and text for scripts."""

    tag: str
    attrs: Mapping[str, str]
    text: str = ""


Allow = Callable[[Element], bool]

_URL_ATTRIBUTES = frozenset(
    "href src action formaction data poster background lowsrc dynsrc codebase cite longdesc"
    " manifest classid archive profile usemap icon ping itemtype xml:base xmlns:xlink".split()
)
_SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
_ELEMENTS = frozenset(
    "iframe frame frameset object embed applet portal fencedframe base form style noscript".split()
)
_LOADING_RELS = frozenset(
    {"stylesheet", "import", "preload", "modulepreload", "prefetch", "prerender"}
)
_ANIMATION = frozenset({"set", "animate", "animatetransform", "animatemotion", "animatecolor"})
_URL_EDGE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_RASTER_DATA = re.compile(r"^data:image/(?:png|jpeg|jpg|gif|webp)[;,]")
_SCRIPT_CSS = re.compile(
    r"expression\s*\(|-moz-binding|behavior\s*:|javascript:|vbscript:", re.IGNORECASE
)


def dangerous_url(value: str) -> bool:
    """True for a URL a browser would run as script or as a document of its own."""
    url = _URL_NOISE.sub("", _URL_EDGE.sub("", value)).lower()
    match = _SCHEME.match(url)
    if not match:
        return False
    scheme = match.group(1)
    if scheme in ("javascript", "vbscript", "livescript", "mocha"):
        return True
    return scheme == "data" and not _RASTER_DATA.match(url)


def find_executable_content(
    html: str, allowed_scripts: Allow | None = None, *, allowed_elements: Allow | None = None
) -> list[str]:
    """Everything executable in `html` (a document or a fragment), as readable findings."""
    first = LexborHTMLParser(html)
    findings = _scan(first, allowed_scripts, allowed_elements)
    second = LexborHTMLParser(first.html or "")
    findings += _scan(second, allowed_scripts, allowed_elements)
    return list(dict.fromkeys(findings))


def _scan(
    tree: LexborHTMLParser, allowed_scripts: Allow | None, allowed_elements: Allow | None
) -> list[str]:
    findings: list[str] = []
    root = tree.root
    if root is None:
        return findings
    for node in root.traverse(include_text=False):
        if not node.is_element_node:
            continue
        tag = (node.tag or "").lower()
        attrs = {str(k): "" if v is None else str(v) for k, v in node.attributes.items()}
        lowered = {k.lower(): v for k, v in attrs.items()}

        def found(what: str, excerpt: str = "", tag: str = tag) -> None:
            findings.append(f"<{tag}> {what}" + (f": {printable(excerpt, 80)}" if excerpt else ""))

        if tag == "script":
            element = Element(tag, attrs, node.text(deep=True) or "")
            if not (allowed_scripts and allowed_scripts(element)):
                found("script element", lowered.get("src") or element.text)
        elif _flagged_element(tag, lowered) and not (
            allowed_elements and allowed_elements(Element(tag, attrs))
        ):
            found("element not allowed in content", " ".join(f"{k}={v}" for k, v in attrs.items()))
        for name, value in lowered.items():
            if name.startswith("on"):
                found(f"event-handler attribute {name}", value)
            elif name == "srcdoc":
                found("srcdoc attribute (an embedded document)", value)
            elif (name in _URL_ATTRIBUTES or name.endswith(":href")) and dangerous_url(value):
                found(f"script or data URL in {name}", value)
            elif name in _SRCSET_ATTRIBUTES and any(
                dangerous_url(part.strip().split(" ")[0]) for part in value.split(",")
            ):
                found(f"script or data URL in {name}", value)
            elif name == "style" and _SCRIPT_CSS.search(value):
                found("script in a style attribute", value)
        if tag in _ANIMATION:
            target = lowered.get("attributename", "").strip().lower()
            if target.startswith("on") or target.endswith("href"):
                found(f"SVG animation of {target}", lowered.get("to", lowered.get("values", "")))
            for name in ("to", "from", "by", "values"):
                if any(dangerous_url(v) for v in lowered.get(name, "").split(";")):
                    found(f"script URL animated through {name}", lowered[name])
    return findings


def _flagged_element(tag: str, attrs: Mapping[str, str]) -> bool:
    if tag in _ELEMENTS:
        return True
    if tag == "meta":
        return attrs.get("http-equiv", "").strip().lower() in ("refresh", "set-cookie")
    if tag == "link":
        return bool(_LOADING_RELS & set(attrs.get("rel", "").lower().split()))
    return False
