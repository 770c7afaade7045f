"""Where every generated page lives, and how pages link to each other.

Pages are addressed by their Markdown source path (`exhibits/<slug>.md`), as
MkDocs and Zensical both do; `href` turns two source paths into the relative
URL a raw-HTML link needs, for directory URLs (`a/b/`) or file URLs (`a/b.html`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

from plugins.catalog import FACET_BY_NAME


@dataclass(frozen=True)
class Layout:
    prefix: str = ""  # folder under docs/ that holds every generated page ("" = top level)
    directory_urls: bool = True

    def _join(self, *parts: str) -> str:
        return posixpath.join(self.prefix, *parts) if self.prefix else posixpath.join(*parts)

    def exhibit(self, slug: str) -> str:
        return self._join("exhibits", f"{slug}.md")

    def exhibit_data(self, slug: str) -> str:
        return self._join("exhibits", f"{slug}.json")

    def all_exhibits(self) -> str:
        return self._join("exhibits", "index.md")

    def facet_index(self, facet: str) -> str:
        return self._join(FACET_BY_NAME[facet].folder, "index.md")

    def group(self, facet: str, key: str) -> str:
        return self._join(FACET_BY_NAME[facet].folder, f"{key}.md")

    def browse_index(self) -> str:
        return self._join("browse.md")

    def file(self, name: str) -> str:
        return self._join(name)

    def url(self, src: str) -> str:
        """Site-relative URL of the page built from `src`."""
        if not src.endswith(".md"):
            return src
        stem = src[:-3]
        if not self.directory_urls:
            return f"{stem}.html"
        if posixpath.basename(stem) == "index":
            folder = posixpath.dirname(stem)
            return f"{folder}/" if folder else ""
        return f"{stem}/"

    def href(self, from_src: str, to_src: str) -> str:
        """Relative URL from the page built from `from_src` to the one built from `to_src`."""
        here = self.url(from_src)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        target = self.url(to_src)
        rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
        if target.endswith("/") and not rel.endswith("/"):
            rel += "/"
        return quote(rel if rel != "./" else "./", safe="/.#-_~")

    @staticmethod
    def md_link(from_src: str, to_src: str) -> str:
        """Relative link between two Markdown sources, as written in Markdown."""
        return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def page_address(layout: Layout, site_url: str, src: str) -> str:
    """Absolute URL of a page or file, for a site published at `site_url`."""
    return site_url.rstrip("/") + "/" + quote(layout.url(src), safe="/.-_~")
