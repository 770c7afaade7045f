"""Atom feeds of newly added exhibits: one for the archive, one per issuer and per law firm.

"Newly added" means added to the archive, not the date of the letter (a 2001 opinion
imported today is news today). The date is, in order: the `added` front matter field;
the date git first saw the file (one `git log` for all files, never one per file);
the letter date. Output is deterministic: no build time anywhere, the feed's <updated>
is its newest entry's, and ties are broken by slug.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from plugins.catalog import FACET_BY_NAME, Catalog, Exhibit
from plugins.citation import description
from plugins.layout import Layout, page_address

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100  # entries per feed: feed readers only want what is new
EMPTY_FEED_DATE = dt.date(1970, 1, 1)  # <updated> is required even with no entries
FEED_FACETS = ("issuer", "firm")


def git_first_added(root: Path, folder: str = ".") -> dict[str, dt.date]:
    """Path (relative to `root`) -> UTC date of the commit that first added it.

    One `git log` over the whole history. Renames count as new files (--no-renames):
    following each file's renames would take one git call per file. Without git, or
    outside a repository, or on any git error: {} and callers fall back.
    """
    git = shutil.which("git")
    if git is None:
        return {}
    try:
        out = subprocess.run(
            [
                git,
                "-C",
                str(root),
                "log",
                "-z",
                "--format=%x01%ct",
                "--name-only",
                "--diff-filter=A",
                "--no-renames",
                "--relative",
                "--",
                folder,
            ],
            capture_output=True,
            timeout=120,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    # Newest commit first: an older addition of the same path (deleted, re-added) wins.
    for chunk in out.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        stamp, *names = chunk.split("\x00")
        try:
            day = dt.datetime.fromtimestamp(int(stamp.strip()), dt.UTC).date()
        except ValueError:
            continue
        for name in names:
            if name.strip("\n"):
                dates[name.strip("\n")] = day
    return dates


def added_dates(catalog: Catalog, root: Path | None) -> dict[str, dt.date]:
    """Slug -> date the exhibit was added to the archive."""
    from_git = git_first_added(root) if root is not None and catalog.exhibits else {}
    return {
        slug: ex.meta.added or from_git.get(ex.path.replace("\\", "/")) or ex.meta.date
        for slug, ex in catalog.exhibits.items()
    }


def newest_first(exhibits: Iterable[Exhibit], added: dict[str, dt.date]) -> list[Exhibit]:
    return sorted(exhibits, key=lambda e: (-added[e.slug].toordinal(), e.slug))


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def atom_feed(
    *,
    title: str,
    feed_id: str,
    self_href: str,
    page_href: str,
    author: str,
    entries: list[tuple[Exhibit, str, str]],
    added: dict[str, dt.date],
) -> str:
    """An Atom 1.0 document. `entries`: (exhibit, page URL, entry id), newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "title", title)
    _sub(feed, "id", feed_id)
    newest = added[entries[0][0].slug] if entries else EMPTY_FEED_DATE
    _sub(feed, "updated", _stamp(newest))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_href)
    _sub(feed, "link", rel="alternate", type="text/html", href=page_href)
    _sub(_sub(feed, "author"), "name", author)
    _sub(feed, "generator", "Exhibit Archive")
    for ex, url, entry_id in entries:
        m = ex.meta
        entry = _sub(feed, "entry")
        _sub(entry, "title", ex.title, type="text")
        _sub(entry, "id", entry_id)
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        day = _stamp(added[ex.slug])
        _sub(entry, "published", day)
        _sub(entry, "updated", day)
        _sub(_sub(entry, "author"), "name", m.law_firm or m.counsel or m.issuer)
        _sub(entry, "summary", description(ex), type="text")
        _sub(entry, "category", term=m.opinion_kind)
        if m.form:
            _sub(entry, "category", term=m.form, label=f"Form {m.form}")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def feed_path(layout: Layout, facet: str | None = None, key: str = "") -> str:
    """Site path of a feed: feeds/exhibits.xml, feeds/<facet folder>/<key>.xml."""
    if facet is None:
        return layout.file("feeds/exhibits.xml")
    return layout.file(f"feeds/{FACET_BY_NAME[facet].folder}/{key}.xml")


def build_feeds(
    catalog: Catalog,
    layout: Layout,
    added: dict[str, dt.date],
    *,
    site_url: str = "",
    site_name: str = "Exhibit Archive",
) -> dict[str, str]:
    """Feed path -> Atom text. Links are absolute with a site_url, else relative to the feed
    (Atom resolves them against the feed's own address); ids never depend on the build."""

    def feed(path: str, title: str, page_src: str, exhibits: Iterable[Exhibit]) -> str:
        def address(src: str) -> str:
            return page_address(layout, site_url, src) if site_url else layout.href(path, src)

        entries = [
            (
                ex,
                address(layout.exhibit(ex.slug)),
                page_address(layout, site_url, layout.exhibit(ex.slug))
                if site_url
                else f"urn:exhibit-archive:exhibit:{ex.slug}",
            )
            for ex in newest_first(exhibits, added)[:FEED_LIMIT]
        ]
        own = page_address(layout, site_url, path) if site_url else posixpath.basename(path)
        feed_id = own if site_url else f"urn:exhibit-archive:feed:{path}"
        return atom_feed(
            title=title,
            feed_id=feed_id,
            self_href=own,
            page_href=address(page_src),
            author=site_name,
            entries=entries,
            added=added,
        )

    feeds = {
        feed_path(layout): feed(
            feed_path(layout),
            f"{site_name}: new exhibits",
            layout.all_exhibits(),
            catalog.exhibits.values(),
        )
    }
    for facet in FEED_FACETS:
        noun = FACET_BY_NAME[facet].singular
        for key, group in catalog.groups.get(facet, {}).items():
            path = feed_path(layout, facet, key)
            feeds[path] = feed(
                path,
                f"{site_name}: {noun} {group.label}",
                layout.group(facet, key),
                (catalog.exhibits[s] for s in group.slugs),
            )
    return feeds
