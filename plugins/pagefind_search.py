"""Pagefind search for a built archive (plugin option `search: pagefind`).

Material's own search ships one `search_index.json` holding the text of every page: at
10,000 exhibits that is tens of megabytes that every visitor downloads before the first
result. Pagefind splits its index into small chunks, so a query loads only the chunks
for its words, the filter data and the excerpts of the results it shows.

The index is built after the site, from the built exhibit pages only, through
Pagefind's Python API (the `pagefind[extended]` package ships the indexer binary):
what is searchable is marked in the pages by `plugins.pages` (the card and the letter
are `data-pagefind-body`; form type, year, issuer state, law firm and governing law are
`data-pagefind-filter`s; the title is `data-pagefind-meta`). Listing pages carry no
body, so they are not indexed. The search page (plugins/assets/pagefind-search.js, on
Pagefind's JavaScript API) loads the library Pagefind writes next to its index: nothing
is fetched from another site, and a query fetches only what it needs (the filter data
when the visitor opens the filters).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import posixpath
import zlib
from dataclasses import dataclass
from pathlib import Path

from plugins.layout import Layout
from plugins.pages import GeneratedPage, Html, page

BUNDLE = "pagefind"  # folder of the index and the UI, under the site root
SEARCH_PAGE = "search.md"
# Pagefind's indexer holds about a quarter of a megabyte per exhibit page in memory until
# it writes its index (2.6 GB for 10,000 pages): larger archives are indexed in parts of
# at most this many pages, one after the other, each its own bundle (`pagefind-2/`, ...),
# which the search page merges at query time (Pagefind's mergeIndex). Each part costs a
# query one more index chunk per word, so parts are as large as memory allows.
PART_PAGES = 4000


class PagefindUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class IndexReport:
    pages: int  # pages Pagefind found with a data-pagefind-body
    parts: int  # bundles written (see PART_PAGES)
    files: int  # files written into the bundles
    bytes: int  # their total size


def part_count(exhibits: int, part_pages: int = PART_PAGES) -> int:
    return max(1, -(-exhibits // max(1, part_pages)))


def bundle_dir(layout: Layout, part: int) -> str:
    """Site-relative folder of a bundle: the first holds the library and the UI too."""
    return posixpath.join(layout.prefix, BUNDLE if part == 0 else f"{BUNDLE}-{part + 1}")


def search_page(layout: Layout, exhibits: int, part_pages: int = PART_PAGES) -> GeneratedPage:
    """The search page: a query box, filters, results with excerpts (plugins/assets/
    pagefind-search.js, on Pagefind's JavaScript API)."""
    src = layout.file(SEARCH_PAGE)
    bundle = layout.href(src, bundle_dir(layout, 0) + "/")
    parts = [
        layout.href(src, bundle_dir(layout, i) + "/")
        for i in range(1, part_count(exhibits, part_pages))
    ]
    root = layout.href(src, "./") if layout.directory_urls else layout.href(src, "index.html")
    root = root.removesuffix("index.html") or "./"
    return page(
        src,
        "Search",
        [
            "# Search the archive",
            "",
            "Search the text of every opinion, and narrow the results by form type, year, "
            "issuer state, law firm and governing law.",
            "",
            Html(
                f'<div id="xa-search" class="xa-search" data-bundle="{bundle}" data-root="{root}" '
                f"data-parts='{json.dumps(parts)}'></div>\n"
                "<noscript><p>Search needs JavaScript. Browse the archive by issuer, law firm, "
                "form type, year or governing law instead.</p></noscript>"
            ),
        ],
    )


def exhibit_globs(layout: Layout, slugs: list[str], parts: int) -> list[str]:
    """The built exhibit pages, as one glob per part (relative to the site folder): pages
    are shared out by the first character of their slug, as evenly as that allows."""
    folder = posixpath.dirname(layout.exhibit("x"))
    tail = "*/index.html" if layout.directory_urls else "*.html"
    counts: dict[str, int] = {}
    for slug in slugs:
        counts[slug[:1]] = counts.get(slug[:1], 0) + 1
    groups: list[list[str]] = [[] for _ in range(parts)]
    sizes = [0] * parts
    for first, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(first)
        sizes[smallest] += count
    return [f"{folder}/[{''.join(sorted(g))}]{tail}" for g in groups if g] or [f"{folder}/{tail}"]


def index_site(
    site_dir: Path, layout: Layout, slugs: list[str], part_pages: int = PART_PAGES
) -> IndexReport:
    """Index the built exhibit pages of `site_dir` and write the bundle(s) into it."""
    try:
        from pagefind.service import PagefindService, get_executable
    except ImportError as exc:
        raise PagefindUnavailable(
            "search: pagefind needs the pagefind package: pip install 'pagefind[extended]'"
        ) from exc
    if get_executable() is None:
        raise PagefindUnavailable(
            "search: pagefind needs Pagefind's indexer: "
            "pip install 'pagefind[extended]' (or pagefind_bin)"
        )
    globs = exhibit_globs(layout, slugs, part_count(len(slugs), part_pages))

    async def run(part: int, glob: str) -> int:
        bundle = site_dir / bundle_dir(layout, part)
        config = {"output_path": str(bundle), "force_language": "en"}
        # One indexer at a time: each is closed (its memory freed) before the next starts.
        async with PagefindService() as service:
            index = await service.create_index(config)  # type: ignore[arg-type]
            found = await index.add_directory(str(site_dir), glob=glob)
            await index.write_files()
            # Pagefind answers before its last writes reach the files, and closing the
            # service kills it: wait for them, or files are left empty (seen at 10,000).
            await _settled(bundle)
            return int(found["page_count"])

    pages = sum(asyncio.run(run(i, glob)) for i, glob in enumerate(globs))
    files = [
        p
        for i in range(len(globs))
        for p in (site_dir / bundle_dir(layout, i)).rglob("*")
        if p.is_file()
    ]
    return IndexReport(pages, len(globs), len(files), sum(p.stat().st_size for p in files))


async def _settled(bundle: Path, timeout: float = 120.0) -> None:
    """Wait until the bundle Pagefind wrote is whole: its entry file parses, every
    compressed file decompresses, and nothing changed size for a moment."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last: dict[Path, int] | None = None
    while True:
        sizes = {p: p.stat().st_size for p in bundle.rglob("*") if p.is_file()}
        if sizes == last and bundle_problem(bundle) is None:
            return
        if loop.time() > deadline:
            raise RuntimeError(
                f"Pagefind's index in {bundle} is incomplete: {bundle_problem(bundle)}"
            )
        last = sizes
        await asyncio.sleep(0.25)


def bundle_problem(bundle: Path) -> str | None:
    """What is wrong with a written Pagefind bundle (None: nothing found)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"pagefind-entry.json unreadable ({type(exc).__name__})"
    for info in entry.get("languages", {}).values():
        meta = bundle / f"pagefind.{info.get('hash', '')}.pf_meta"
        if not meta.is_file():
            return f"{meta.name} missing"
    for path in bundle.rglob("*.pf_*"):
        try:
            gzip.decompress(path.read_bytes())
        except (OSError, EOFError, zlib.error) as exc:
            return f"{path.relative_to(bundle)} damaged ({type(exc).__name__})"
    return None
