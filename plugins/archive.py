"""Build everything the archive publishes from a catalog: pages and render problems.

Engine-neutral: the MkDocs plugin and `exhibits generate` both call `generate`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.catalog import Catalog, Exhibit
from plugins.crosslinks import MentionIndex
from plugins.exports import export_files
from plugins.feeds import added_dates, build_feeds
from plugins.head import page_heads
from plugins.layout import Layout
from plugins.pages import GeneratedPage, PageBuilder
from plugins.problems import ValidationProblem
from plugins.redirects import output_path, redirect_files
from plugins.render import RenderedOpinion, render_opinion
from plugins.schema import json_schema
from plugins.schema_docs import SCHEMA_FILE, schema_reference
from plugins.workers import Stream, map_chunks


@dataclass
class GeneratedArchive:
    pages: list[GeneratedPage]
    rendered: dict[str, RenderedOpinion]  # slug -> opinion (search records, exports)
    files: dict[str, str] = field(default_factory=dict)  # other published files: path -> text
    problems: list[ValidationProblem] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)  # page src -> HTML for its <head>
    # page src -> ISO date it last changed, from the input alone (sitemap lastmod): an exhibit
    # page its date added, a group page its newest member's; "" -> the archive's newest
    updated: dict[str, str] = field(default_factory=dict)


def generate(
    catalog: Catalog,
    layout: Layout,
    *,
    site_url: str = "",
    site_name: str = "Exhibit Archive",
    root: Path | None = None,
    jobs: int | None = 1,
    cache: RenderCache | None = None,
    opinions: BackgroundOpinions | None = None,
    previous: ArchiveCache | None = None,
    group_pages: bool = True,
) -> GeneratedArchive:
    """`site_url` makes links in feeds and metadata absolute; `root` (the project folder)
    lets feeds date exhibits by their first commit. `jobs` > 1 (None: one per core) renders
    opinions in that many processes; `cache` keeps rendered opinions across rebuilds.

    With `opinions`, pages hold a placeholder for each opinion's HTML while a background
    process renders them (see BackgroundOpinions); their problems are the caller's to
    collect (`opinions.finish()`). Pages then depend on the exhibits' metadata alone, and
    with `previous` (kept across `mkdocs serve` rebuilds) an archive whose metadata did
    not change (an edit to the text of a letter) is the last one, reused as it is.
    Without `group_pages`, the pages of the groups (one per issuer, firm...) are left for
    the caller to build (`PageBuilder.group_page`), in another process for instance."""
    mentions = MentionIndex(catalog, layout)
    if opinions is None:
        rendered = render_opinions(catalog, layout, mentions, jobs=jobs, cache=cache)
        render_problems = [p for r in rendered.values() for p in r.problems]
    else:
        rendered = opinions.start(catalog, layout, mentions)
        render_problems = []
    added = added_dates(catalog, root)
    key = ""
    if opinions is not None and previous is not None:
        key = _metadata_key(catalog, layout, added, site_url, site_name, opinions.token)
        if previous.archive is not None and previous.key == key:
            previous.archive.rendered = rendered
            return previous.archive

    def render(ex: Exhibit, page_src: str) -> RenderedOpinion:
        return rendered[ex.slug]

    pages = list(
        PageBuilder(catalog, layout, render, site_url=site_url).all_pages(groups=group_pages)
    )
    pages.append(GeneratedPage(layout.file("schema.md"), schema_reference(), "Schema reference"))
    files = {layout.file(SCHEMA_FILE): json.dumps(json_schema(), indent=2) + "\n"}
    files.update(export_files(catalog, layout, added, site_url))
    files.update(build_feeds(catalog, layout, added, site_url=site_url, site_name=site_name))
    taken = {output_path(layout, p.src) for p in pages} | set(files)
    taken |= {
        output_path(layout, layout.group(facet, key))
        for facet, groups in catalog.groups.items()
        for key in groups
    }
    redirects, redirect_problems = redirect_files(catalog, layout, taken, site_url)
    files.update(redirects)
    problems = render_problems + redirect_problems
    heads = page_heads(catalog, layout, site_url=site_url, site_name=site_name)
    archive = GeneratedArchive(
        pages, rendered, files, sorted(problems), heads, _updated(catalog, layout, added)
    )
    if previous is not None:
        previous.key, previous.archive = key, archive if key else None
    return archive


@dataclass
class ArchiveCache:
    """The last archive generated, and what it was generated from (see `generate`)."""

    key: str = ""
    archive: GeneratedArchive | None = None


def _metadata_key(
    catalog: Catalog,
    layout: Layout,
    added: dict,
    site_url: str,  # noqa: ANN001
    site_name: str,
    token: str,
) -> str:
    """Everything the pages, exports and feeds are made of, once opinions are placeholders."""
    digest = hashlib.sha256(repr((layout, site_url, site_name, token)).encode())
    for slug, ex in catalog.exhibits.items():
        digest.update(f"\0{slug}\0{ex.path}\0{added.get(slug)}\0".encode())
        digest.update(ex.meta.model_dump_json(by_alias=True).encode())
    return digest.hexdigest()


# (file digest, file path, page src, mention index fingerprint) -> the rendered opinion.
# The opinion's HTML depends on nothing else: its text and line numbers come from the file,
# its cross-links from the page's place and the names the archive has pages for.
RenderCache = dict[tuple[str, str, str, str], RenderedOpinion]


def render_opinions(
    catalog: Catalog,
    layout: Layout,
    mentions: MentionIndex,
    *,
    jobs: int | None = 1,
    cache: RenderCache | None = None,
) -> dict[str, RenderedOpinion]:
    """slug -> rendered opinion, for every exhibit; from `cache` where nothing changed.

    On return `cache` holds exactly this build's opinions (entries of removed or edited
    files are dropped, so a long `mkdocs serve` session does not grow without bound)."""

    def key(ex: Exhibit) -> tuple[str, str, str, str]:
        return (ex.digest, ex.path, layout.exhibit(ex.slug), mentions.fingerprint)

    old = cache if cache is not None else {}
    missing = [slug for slug, ex in catalog.exhibits.items() if key(ex) not in old]
    fresh = dict(
        zip(
            missing,
            map_chunks(_render_chunk, missing, jobs=jobs, state=(catalog, layout, mentions)),
            strict=True,
        )
    )
    rendered = {
        slug: fresh[slug] if slug in fresh else old[key(ex)]
        for slug, ex in catalog.exhibits.items()
    }
    if cache is not None:
        cache.clear()
        cache.update((key(catalog.exhibits[slug]), r) for slug, r in rendered.items())
    return rendered


class BackgroundOpinions:
    """Opinions rendered by a background process while the caller goes on building.

    `start` hands out placeholders (a page built from them holds `placeholder(slug)` where
    the opinion's HTML goes) and starts rendering, in catalog order; `get(slug)` waits for
    one opinion, the others keep coming meanwhile. Where forking is not safe (a rebuild
    under `mkdocs serve`, whose web server runs threads) each opinion is rendered when it
    is asked for; unchanged ones come from `cache` either way.
    """

    def __init__(self, cache: RenderCache | None = None, token: str = "") -> None:
        self.keep = cache is not None  # else an opinion is let go once it has been used
        self.cache = cache if cache is not None else {}
        self.token = token or secrets.token_hex(8)  # the same token: the same pages
        self.done: dict[str, RenderedOpinion] = {}
        self.keys: dict[str, tuple[str, str, str, str]] = {}
        self.pending: Iterator[str] = iter(())
        self.results: Iterator[RenderedOpinion] = iter(())
        self.stream: Stream | None = None

    def placeholder(self, slug: str) -> str:
        return f"xa-opinion-{self.token}-{slug}-"

    def start(
        self, catalog: Catalog, layout: Layout, mentions: MentionIndex
    ) -> dict[str, RenderedOpinion]:
        self.keys = {
            slug: (ex.digest, ex.path, layout.exhibit(slug), mentions.fingerprint)
            for slug, ex in catalog.exhibits.items()
        }
        self.done = {slug: self.cache[key] for slug, key in self.keys.items() if key in self.cache}
        missing = [slug for slug in catalog.exhibits if slug not in self.done]
        self.stream = Stream(_render_chunk, missing, state=(catalog, layout, mentions))
        self.pending, self.results = iter(missing), iter(self.stream)
        return {slug: RenderedOpinion(self.placeholder(slug), "", ()) for slug in catalog.exhibits}

    def get(self, slug: str) -> RenderedOpinion:
        while slug not in self.done:
            self.done[next(self.pending)] = next(self.results)
        opinion = self.done[slug]
        if not self.keep:  # ten thousand letters need not stay in memory till the end
            self.done[slug] = RenderedOpinion("", "", opinion.problems)
        return opinion

    def finish(self) -> list[ValidationProblem]:
        """Wait for every opinion; keep exactly this build's in the cache; their problems."""
        for slug in self.pending:
            self.done[slug] = next(self.results)
        if self.stream is not None:
            self.stream.close()
        if self.keep:
            self.cache.clear()
            self.cache.update((self.keys[slug], r) for slug, r in self.done.items())
        return sorted(p for r in self.done.values() for p in r.problems)


def body_problems(catalog: Catalog, *, jobs: int | None = 1) -> list[ValidationProblem]:
    """What rendering each exhibit's opinion text would report (what a build removes from
    it or refuses), without building anything. Cross-links only add the archive's own
    links, so the texts are rendered without them."""
    slugs = list(catalog.exhibits)
    return sorted(
        p
        for problems in map_chunks(_body_problems_chunk, slugs, state=catalog, jobs=jobs)
        for p in problems
    )


def _body_problems_chunk(catalog: Catalog, slugs: Sequence[str]) -> list[tuple[Any, ...]]:
    out = []
    for slug in slugs:
        ex = catalog.exhibits[slug]
        out.append(render_opinion(ex.body, path=ex.path, first_line=ex.body_line).problems)
    return out


def _render_chunk(
    state: tuple[Catalog, Layout, MentionIndex], slugs: Sequence[str]
) -> list[RenderedOpinion]:
    catalog, layout, mentions = state
    out = []
    for slug in slugs:
        ex = catalog.exhibits[slug]
        out.append(
            render_opinion(
                ex.body,
                path=ex.path,
                first_line=ex.body_line,
                find_mentions=mentions.finder(layout.exhibit(slug)),
            )
        )
    return out


def _updated(catalog: Catalog, layout: Layout, added: dict) -> dict[str, str]:  # noqa: ANN001
    if not added:
        return {}
    dates = {layout.exhibit(slug): day for slug, day in added.items()}
    for facet, groups in catalog.groups.items():
        for key, group in groups.items():
            dates[layout.group(facet, key)] = max(added[s] for s in group.slugs)
    dates[""] = max(added.values())
    return {src: day.isoformat() for src, day in dates.items()}
