"""An internal link checker for a built site: every link between pages must land on a file.

Reusable by any test:

    from tests.linkcheck import check_site, resolve_href
    assert not check_site(site_dir), "\n".join(map(str, check_site(site_dir)))

It reads every HTML file of the site with selectolax, collects `a[href]`, `link[href]`,
`script[src]`, `img[src]` and `source[src]`, and resolves each internal one (relative,
root-relative, or an absolute address on the site's own URL) the way a static web server
does: a folder means its index.html. With `anchors=True`, a `#fragment` must name an
element id (or `<a name>`) in the target page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

LINK_ATTRIBUTES = (
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
)


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page's path inside the site, e.g. "exhibits/index.html"
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href}: {self.reason}"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def links(page: Path) -> Iterator[tuple[str, str]]:
    """(tag, URL) for every link-bearing attribute in one HTML file."""
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    for tag, attribute in LINK_ATTRIBUTES:
        for node in tree.css(f"{tag}[{attribute}]"):
            value = node.attributes.get(attribute)
            if value is not None:
                yield tag, value.strip()


def resolve_href(site: Path, page: Path, href: str, site_url: str = "") -> tuple[Path, str] | None:
    """The file an internal link lands on (not checked to exist) and its fragment.

    None for external links (another host, mailto:, javascript:, data: ...).
    `site_url` (mkdocs.yml's) lets absolute links to the site itself count as internal.
    """
    parts = urlsplit(href)
    base = urlsplit(site_url) if site_url else None
    if parts.scheme or parts.netloc:
        if not (base and parts.scheme in ("http", "https") and parts.netloc == base.netloc):
            return None
    path = parts.path
    outside = site.parent / "__outside_the_site__"
    root_path = (base.path if base and base.path else "/").rstrip("/") + "/"
    page_dir = posixpath.dirname(page.relative_to(site).as_posix())
    if not path:
        target = page.relative_to(site).as_posix()  # "#fragment" or "?query" alone: this page
    elif path.startswith("/"):
        if not (path + "/").startswith(root_path):
            return outside, parts.fragment
        target = path[len(root_path) :]
    else:
        target = posixpath.join(page_dir, path)
    normal = posixpath.normpath(unquote(target) or ".")
    if normal == ".." or normal.startswith("../") or normal.startswith("/"):
        return outside, parts.fragment
    file = site / normal
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)


@lru_cache(maxsize=4096)
def _anchors(file: Path, mtime: float) -> frozenset[str]:
    tree = HTMLParser(file.read_text(encoding="utf-8"))
    ids = {n.attributes.get("id") for n in tree.css("[id]")}
    names = {n.attributes.get("name") for n in tree.css("a[name]")}
    return frozenset(x for x in ids | names if x)


def anchors(file: Path) -> frozenset[str]:
    """Every id (and <a name>) in an HTML file."""
    return _anchors(file, file.stat().st_mtime)


def check_page(
    site: Path, page: Path, *, site_url: str = "", anchors_too: bool = True
) -> list[BrokenLink]:
    broken = []
    shown = page.relative_to(site).as_posix()
    for _tag, href in links(page):
        if not href or href == "#" or href.startswith("#__"):
            continue  # "#" is "top of page"; Material's own #__ targets are created by script
        resolved = resolve_href(site, page, href, site_url)
        if resolved is None:
            continue
        file, fragment = resolved
        if not file.is_relative_to(site) or not file.resolve().is_relative_to(site.resolve()):
            broken.append(BrokenLink(shown, href, "points outside the site"))
        elif not file.is_file():
            broken.append(BrokenLink(shown, href, f"no file {file.relative_to(site).as_posix()}"))
        elif anchors_too and fragment and file.suffix == ".html" and fragment not in anchors(file):
            broken.append(
                BrokenLink(
                    shown,
                    href,
                    f"no element with id '{fragment}' in {file.relative_to(site).as_posix()}",
                )
            )
    return broken


def check_site(site: Path, *, site_url: str = "", anchors_too: bool = True) -> list[BrokenLink]:
    """Every broken internal link in every HTML page of a built site."""
    site = Path(site)
    pages = html_pages(site)
    assert pages, f"no HTML pages in {site}"
    return [
        b
        for page in pages
        for b in check_page(site, page, site_url=site_url, anchors_too=anchors_too)
    ]
