"""Walk a built site and report anything that could run, load or leak in a reader's browser.

Every HTML file is parsed with html5lib (a WHATWG-conformant HTML5 parser: it builds the
tree a browser builds), serialised and parsed once more (mutation XSS: markup that only
turns dangerous after a round trip), and checked. The strings of search_index.json and
of feeds that are shown as HTML (search results, Atom html/xhtml text, RSS descriptions)
are parsed as HTML fragments and checked too, because the theme's search puts them into
the page as HTML and feed readers render them.

What counts as a finding:

- a `<script>` that the theme did not put there: scripts are compared with the scripts
  of a clean build (`allowed_scripts`, from `theme_scripts(baseline_site)`), relative
  paths normalised, so a script is allowed only if a build without contributed content
  has the very same one;
- any `on*` event-handler attribute, anywhere;
- a `javascript:`, `vbscript:` or `data:` URL (except raster images) or a `file:`/UNC path
  in any URL-bearing attribute, anywhere;
- in the content area (`<article>`): iframe/object/embed/base/form/style/link/meta/input/
  button/..., svg/math, noscript/template, a `style` attribute, `target=_blank` without
  `rel=noopener`, an image or other loaded resource on another host;
- outside the content area: a form control, frame, base or meta refresh that is not the
  theme's (Material's own elements carry `md-` classes), a loaded resource on a host other
  than the theme's font hosts;
- a marker (`XSS-<case>-<k>`) inside a script, a style, an event handler or a URL-bearing
  attribute (a plain `https:` link a reader must click is not executable and is allowed);
- raw NUL or other C0/C1 control characters, or `&#0;`/`&#13;`, in any text file;
- with `canaries`, any of the given secret tokens in any file of the site.

`plugins.inert.find_executable_content` (the renderer's own checker) runs on every page as
well when it exists, so the two implementations check each other.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import html5lib
from html5lib.serializer import serialize

MARKER = re.compile(r"XSS-\d+-\d+")
# Attributes whose value is a URL (or a list of them) that a browser loads or navigates to.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "srcdoc",
        "data",
        "poster",
        "background",
        "cite",
        "ping",
        "srcset",
        "codebase",
        "archive",
        "manifest",
        "lowsrc",
        "dynsrc",
        "longdesc",
        "usemap",
        "profile",
        "icon",
        "classid",
        "imagesrcset",
        "to",
        "values",
        "from",
        "by",
    }
)
# Elements whose URL attribute is fetched without a click (a resource, not a navigation).
LOADING = frozenset(
    {
        "img",
        "script",
        "iframe",
        "frame",
        "embed",
        "object",
        "video",
        "audio",
        "source",
        "track",
        "input",
        "image",
        "link",
        "picture",
        "use",
        "feimage",
    }
)
LINK_LOADS = frozenset(
    {
        "stylesheet",
        "icon",
        "preload",
        "prefetch",
        "modulepreload",
        "manifest",
        "import",
        "apple-touch-icon",
        "dns-prefetch",
        "preconnect",
        "prerender",
    }
)
NAVIGATION = frozenset({"a", "area"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", ""})
RASTER_DATA = re.compile(r"^data:image/(?:png|jpe?g|gif|webp|avif);", re.IGNORECASE)
# Nothing of these may come from content (inside the page's <article>).
CONTENT_FORBIDDEN = frozenset(
    {
        "script",
        "style",
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "option",
        "optgroup",
        "datalist",
        "output",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "param",
        "portal",
        "svg",
        "math",
        "noscript",
        "template",
        "xmp",
        "noembed",
        "noframes",
        "plaintext",
        "listing",
        "audio",
        "video",
        "source",
        "track",
        "dialog",
        "keygen",
        "isindex",
        "marquee",
        "slot",
        "html",
        "head",
        "body",
    }
)
# Outside the content area these are allowed only as the theme's own (class md-*).
THEME_ONLY = frozenset(
    {
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "portal",
        "dialog",
    }
)
# The theme (Material) loads its web fonts from these hosts; nothing else may be contacted.
THEME_HOSTS = frozenset({"fonts.googleapis.com", "fonts.gstatic.com"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BAD_REFERENCE = re.compile(r"&#(?:0*(?:0|13)|[xX]0*(?:0|[dD]));?")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
TEXT_SUFFIXES = {
    ".html",
    ".htm",
    ".json",
    ".xml",
    ".txt",
    ".csv",
    ".js",
    ".css",
    ".svg",
    ".rss",
    ".atom",
    ".md",
    ".yml",
    ".yaml",
    ".webmanifest",
}


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.what}"


def local(name: str) -> str:
    """An element or attribute name without its namespace, lowercased."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def url_scheme(value: str) -> str:
    """The scheme a browser would see: entity-decoded by the parser already; browsers strip
    leading/trailing C0 and space and remove tab/CR/LF anywhere before parsing a URL."""
    cleaned = re.sub(
        r"[\t\n\r]",
        "",
        value.strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n"
            "\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15"
            "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
        ),
    )
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def _urls(name: str, value: str) -> list[str]:
    if name in ("srcset", "imagesrcset"):
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    if name == "archive":
        return value.split()
    return [value]


def is_data_block(element) -> bool:  # noqa: ANN001
    """A `<script type="application/ld+json">` (or the theme's application/json config) is a
    data block: browsers never execute it, and page metadata (JSON-LD) legitimately quotes
    contributed names in it. It is accepted only while it has no src and its text is still
    valid JSON, so a value that closed the element early (`</script>`) is caught: the
    truncated JSON fails here, and whatever followed becomes an element checked on its own."""
    kind = (element.get("type") or "").strip().lower()
    if kind not in ("application/ld+json", "application/json") or element.get("src"):
        return False
    try:
        json.loads(element.text or "")
    except ValueError:
        return False
    return True


def normalise_script(text: str) -> str:
    """Theme scripts differ between pages only by the relative path to the site root."""
    text = re.sub(r'(?<=["\'(])(?:\.\./)*\.\.(?=["\'/])', "ROOT", text)
    text = re.sub(r'(?<=["\'(])\.(?=["\'/])', "ROOT", text)
    text = re.sub(r'(?<=["\'(])/(?=["\'])', "ROOT", text)
    text = re.sub(r'(?<=["\'(])/(?=assets/)', "ROOT/", text)
    return re.sub(r'(?<=["\'(])(?=assets/)', "ROOT/", text)


def _page_url(rel: str) -> str:
    return "/" + rel


def script_fingerprint(element, rel: str) -> str:  # noqa: ANN001 - an ElementTree element
    src = element.get("src")
    kind = (element.get("type") or "").strip().lower()
    if src is not None:
        return f"src {kind} {urlsplit(urljoin(_page_url(rel), src.strip())).path}"
    text = normalise_script(element.text or "")
    return f"inline {kind} {hashlib.sha256(text.encode()).hexdigest()}"


def parse(text: str):  # noqa: ANN201
    return html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in (".html", ".htm") and p.is_file())


def theme_scripts(baseline: Path) -> frozenset[str]:
    """Fingerprints of every script in a build without contributed content."""
    found = set()
    for file in html_files(baseline):
        rel = file.relative_to(baseline).as_posix()
        for el in parse(file.read_text(encoding="utf-8")).iter():
            if isinstance(el.tag, str) and local(el.tag) == "script":
                found.add(script_fingerprint(el, rel))
    return frozenset(found)


def _inside_article(parents: dict, el) -> bool:  # noqa: ANN001
    node = parents.get(el)
    while node is not None:
        if isinstance(node.tag, str) and local(node.tag) == "article":
            return True
        node = parents.get(node)
    return False


def check_tree(
    root,
    rel: str,
    allowed_scripts: frozenset[str] | None,  # noqa: ANN001, C901
    *,
    fragment: bool = False,
) -> Iterator[Finding]:
    """Findings in one parsed document (or fragment: then everything counts as content)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions
        tag = local(el.tag)
        content = fragment or _inside_article(parents, el)
        where = f"<{tag}>" + (" in content" if content else "")
        classes = (el.get("class") or "").split()
        theme_owned = any(c.startswith("md-") for c in classes)
        if tag == "script":
            text = el.text or ""
            if is_data_block(el):
                pass  # JSON a browser never runs (JSON-LD, the theme's config); see below
            elif (
                content
                or allowed_scripts is None
                or script_fingerprint(el, rel) not in allowed_scripts
            ):
                yield Finding(
                    rel, where, f"script not from the theme: {el.get('src') or text[:120]!r}"
                )
            elif MARKER.search(text) or MARKER.search(el.get("src") or ""):
                yield Finding(rel, where, "marker inside a script")
        elif content and tag in CONTENT_FORBIDDEN:
            yield Finding(rel, where, f"element <{tag}> from content")
        elif not content and tag in THEME_ONLY and not theme_owned:
            yield Finding(rel, where, f"element <{tag}> that is not the theme's")
        if tag in ("style",) and MARKER.search(el.text or ""):
            yield Finding(rel, where, "marker inside a style element")
        if (
            tag == "meta"
            and (el.get("http-equiv") or "").strip().lower() == "refresh"
            and (content or not internal_refresh(el.get("content") or "", rel))
        ):
            yield Finding(rel, where, f"meta refresh (redirect): {el.get('content')!r}")
        if tag in (
            "animate",
            "set",
            "animatetransform",
            "animatemotion",
            "foreignobject",
            "handler",
            "listener",
        ):
            yield Finding(rel, where, f"SVG <{tag}> can change attributes or embed HTML")
        for raw_name, value in el.attrib.items():
            name = local(raw_name)
            value = value or ""
            if name.startswith("on"):
                yield Finding(rel, where, f"event handler attribute {name}={value[:80]!r}")
                continue
            if name == "style":
                if content:
                    yield Finding(rel, where, f"style attribute from content: {value[:80]!r}")
                if MARKER.search(value) or re.search(
                    r"url\s*\(|expression\s*\(|@import", value, re.IGNORECASE
                ):
                    yield Finding(
                        rel, where, f"style attribute loading or running something: {value[:80]!r}"
                    )
                continue
            if (
                name == "content"
                and tag == "meta"
                and el.get("http-equiv")
                and MARKER.search(value)
            ):
                yield Finding(rel, where, "marker inside a meta content attribute")
            if name == "attributename" and local(value).startswith("on"):
                yield Finding(rel, where, f"SVG animation of an event handler: {value!r}")
            if name == "target" and value.strip().lower() == "_blank":
                rel_attr = (el.get("rel") or "").lower().split()
                if content and "noopener" not in rel_attr and "noreferrer" not in rel_attr:
                    yield Finding(rel, where, "target=_blank without rel=noopener")
            if name not in URL_ATTRIBUTES:
                continue
            if name == "srcdoc":
                yield Finding(rel, where, "srcdoc attribute (an inline document)")
                continue
            if name in ("to", "values", "from", "by") and tag not in (
                "set",
                "animate",
                "animatetransform",
                "animatemotion",
            ):
                continue
            loads = _loads(el, tag, name)
            for url in _urls(name, value):
                yield from _check_url(rel, where, tag, name, url, content, loads)


def internal_refresh(content: str, rel: str) -> bool:
    """A `<meta http-equiv=refresh>` of a redirect stub (an alias of a moved exhibit) that
    stays on this site: a relative URL, no scheme, no host, not above the site root."""
    match = re.match(r"^\s*\d+\s*[;,]\s*url\s*=\s*['\"]?([^'\"]*)", content, re.IGNORECASE)
    if not match:
        return False
    url = match.group(1).strip()
    parts = urlsplit(url)
    if url_scheme(url) or parts.netloc or url.startswith(("/", "\\")) or "\\" in url:
        return False
    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), parts.path or "."))
    return not (target == ".." or target.startswith("../"))


def _loads(el, tag: str, name: str) -> bool:  # noqa: ANN001
    """Whether the browser fetches this URL by itself (a resource, not a navigation)."""
    if tag == "link":
        return bool(set((el.get("rel") or "").lower().split()) & LINK_LOADS)
    return tag in LOADING or name in (
        "srcset",
        "background",
        "poster",
        "data",
        "codebase",
        "archive",
        "action",
        "formaction",
        "imagesrcset",
    )


def _check_url(
    rel: str, where: str, tag: str, name: str, url: str, content: bool, loads: bool
) -> Iterator[Finding]:
    scheme = url_scheme(url)
    shown = f"{name}={url[:100]!r}"
    if scheme in ("javascript", "vbscript", "livescript", "mocha", "jar", "file") or re.search(
        r"^\s*(?:java|vb)script", url, re.IGNORECASE
    ):
        yield Finding(rel, where, f"{scheme or 'script'}: URL {shown}")
    elif scheme == "data" and not (
        tag == "img" and name == "src" and RASTER_DATA.match(url.strip())
    ):
        yield Finding(rel, where, f"data: URL {shown}")
    elif scheme not in SAFE_SCHEMES and scheme != "data":
        if content:
            yield Finding(rel, where, f"unexpected URL scheme {scheme!r}: {shown}")
    if url.strip().startswith(("\\\\", "/\\", "\\/")) or re.match(r"^\s*[a-zA-Z]:[\\/]", url):
        yield Finding(rel, where, f"UNC or drive-letter path {shown}")
    if MARKER.search(url) and not (tag in NAVIGATION and scheme in SAFE_SCHEMES):
        yield Finding(rel, where, f"marker inside a URL attribute {shown}")
    if loads:
        host = urlsplit(url.strip().replace("\\", "/")).netloc.lower()
        if host and (content or host.rsplit("@", 1)[-1].split(":")[0] not in THEME_HOSTS):
            yield Finding(rel, where, f"loads a resource from another host: {shown}")


def check_html(text: str, rel: str, allowed_scripts: frozenset[str] | None) -> list[Finding]:
    """Check one HTML page, then its serialised-and-reparsed form (mutation XSS)."""
    tree = parse(text)
    first = set(check_tree(tree, rel, allowed_scripts))
    again = serialize(
        tree,
        tree="etree",
        omit_optional_tags=False,
        quote_attr_values="always",
        resolve_entities=False,
    )
    second = set(check_tree(parse(again), rel, allowed_scripts)) - first
    return sorted(
        first | {Finding(f.file, f.where + " (after re-parsing)", f.what) for f in second}
    )


def check_fragment(markup: str, rel: str) -> list[Finding]:
    """Check a string that a page shows as HTML (a search result, a feed entry)."""
    found = set()
    for attempt in range(2):
        tree = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
        found |= set(check_tree(tree, rel, frozenset(), fragment=True))
        markup = serialize(tree, tree="etree", omit_optional_tags=False, quote_attr_values="always")
        del attempt
    return sorted(found)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _markup_strings(file: Path, text: str) -> Iterator[str]:
    """Strings of a JSON or XML file that a reader's software shows as HTML.

    The theme's search puts the title and text of search_index.json records into the page
    as HTML; feed readers render Atom text constructs of type html/xhtml and RSS
    descriptions. Other JSON (data exports) and plain XML text are data: a value such as
    "<img onerror=...>" is correct there, as text, and is not checked as markup."""
    if file.suffix == ".json":
        if file.name != "search_index.json":
            return
        try:
            docs = json.loads(text).get("docs", [])
        except (ValueError, AttributeError):
            return
        for doc in docs:
            for key in ("title", "text"):
                if isinstance(doc.get(key), str):
                    yield doc[key]
    elif file.suffix in (".xml", ".rss", ".atom"):
        try:
            tree = ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output
        except ET.ParseError:
            return
        for el in tree.iter():
            name = local(el.tag) if isinstance(el.tag, str) else ""
            if (
                el.get("type") in ("html", "xhtml") or name in ("description", "encoded")
            ) and el.text:
                yield el.text
            if el.get("type") == "xhtml":
                yield ET.tostring(el, encoding="unicode")


def check_raw(text: str, rel: str) -> list[Finding]:
    found = []
    bad = _CONTROL.search(text)
    if bad:
        found.append(
            Finding(
                rel,
                f"character {bad.start()}",
                f"control character U+{ord(bad.group()):04X} in output",
            )
        )
    ref = _BAD_REFERENCE.search(text)
    if ref:
        found.append(
            Finding(
                rel,
                f"character {ref.start()}",
                f"character reference {ref.group()} (NUL or CR) in output",
            )
        )
    return found


def check_site(
    site: Path,
    allowed_scripts: frozenset[str] | None = None,
    canaries: Iterable[str] = (),
    *,
    use_inert: bool = True,
) -> list[Finding]:
    """Every finding in a built site. `allowed_scripts` defaults to the scripts of its 404
    page (the theme's page that holds no content)."""
    site = Path(site)
    if allowed_scripts is None:
        not_found = site / "404.html"
        allowed_scripts = theme_scripts_of(not_found, site) if not_found.exists() else frozenset()
    inert = _inert_checker() if use_inert else None
    canaries = [c for c in canaries if c]
    findings: list[Finding] = []
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = file.relative_to(site).as_posix()
        data = file.read_bytes()
        for token in canaries:
            if token.encode() in data:
                findings.append(Finding(rel, "file", f"secret canary {token[:24]}... leaked"))
        if b"root:x:0:0" in data:
            findings.append(Finding(rel, "file", "/etc/passwd content leaked"))
        if file.suffix not in TEXT_SUFFIXES:
            continue
        text = data.decode("utf-8", errors="replace")
        findings += check_raw(text, rel)
        if file.suffix in (".html", ".htm"):
            findings += check_html(text, rel, allowed_scripts)
            if inert is not None:
                findings += [
                    Finding(rel, "plugins.inert", str(x)) for x in inert(text, rel, allowed_scripts)
                ]
        else:
            for markup in _markup_strings(file, text):
                findings += check_fragment(markup, rel)
    return findings


def theme_scripts_of(page: Path, site: Path) -> frozenset[str]:
    rel = page.relative_to(site).as_posix()
    return frozenset(
        script_fingerprint(el, rel)
        for el in parse(page.read_text("utf-8")).iter()
        if isinstance(el.tag, str) and local(el.tag) == "script"
    )


def _inert_checker():  # noqa: ANN202
    """The renderer's own checker (plugins.inert), given the same idea of the theme's scripts
    and elements; None if it is not there."""
    try:
        from plugins.inert import find_executable_content
    except ImportError:
        return None

    def run(text: str, rel: str, allowed: frozenset[str]) -> list[str]:
        def script_ok(element) -> bool:  # noqa: ANN001 - a plugins.inert.Element
            fake = _FakeElement(element.attrs, element.text)
            return is_data_block(fake) or script_fingerprint(fake, rel) in allowed

        def element_ok(element) -> bool:  # noqa: ANN001
            classes = (element.attrs.get("class") or "").split()
            if element.tag == "form":
                return any(c.startswith("md-") for c in classes)
            if element.tag == "link":  # the theme's stylesheets, and its font host
                href = urljoin(_page_url(rel), (element.attrs.get("href") or "").strip())
                parts = urlsplit(href)
                return (
                    not parts.netloc and parts.path.startswith("/assets/")
                ) or parts.netloc in THEME_HOSTS
            if element.tag == "meta":  # a redirect stub's refresh to a page of this site
                return internal_refresh(element.attrs.get("content") or "", rel)
            return element.tag == "style" and not (element.attrs or {})

        return find_executable_content(text, script_ok, allowed_elements=element_ok)

    return run


class _FakeElement:
    """Enough of an ElementTree element for `script_fingerprint` and `is_data_block`."""

    def __init__(self, attrs, text: str) -> None:  # noqa: ANN001
        self.attrib = dict(attrs)
        self.text = text

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrib.get(name, default)
