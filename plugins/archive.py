"""Build everything the archive publishes from a catalog: pages and render problems.

Engine-neutral: the MkDocs plugin and `exhibits generate` both call `generate`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

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


def generate(catalog: Catalog, layout: Layout, *, site_url: str = "",
             site_name: str = "Exhibit Archive", root: Path | None = None) -> GeneratedArchive:
    """`site_url` makes links in feeds and metadata absolute; `root` (the project folder)
    lets feeds date exhibits by their first commit."""
    mentions = MentionIndex(catalog, layout)
    rendered: dict[str, RenderedOpinion] = {}

    def render(ex: Exhibit, page_src: str) -> RenderedOpinion:
        result = render_opinion(ex.body, path=ex.path, first_line=ex.body_line,
                                find_mentions=mentions.finder(page_src))
        rendered[ex.slug] = result
        return result

    pages = list(PageBuilder(catalog, layout, render, site_url=site_url).all_pages())
    pages.append(GeneratedPage(layout.file("schema.md"), schema_reference(), "Schema reference"))
    files = {layout.file(SCHEMA_FILE): json.dumps(json_schema(), indent=2) + "\n"}
    added = added_dates(catalog, root)
    files.update(export_files(catalog, layout, added, site_url))
    files.update(build_feeds(catalog, layout, added, site_url=site_url, site_name=site_name))
    taken = {output_path(layout, p.src) for p in pages} | set(files)
    redirects, redirect_problems = redirect_files(catalog, layout, taken, site_url)
    files.update(redirects)
    problems = [p for r in rendered.values() for p in r.problems] + redirect_problems
    heads = page_heads(catalog, layout, site_url=site_url, site_name=site_name)
    return GeneratedArchive(pages, rendered, files, sorted(problems), heads,
                            _updated(catalog, layout, added))


def _updated(catalog: Catalog, layout: Layout, added: dict) -> dict[str, str]:  # noqa: ANN001
    if not added:
        return {}
    dates = {layout.exhibit(slug): day for slug, day in added.items()}
    for facet, groups in catalog.groups.items():
        for key, group in groups.items():
            dates[layout.group(facet, key)] = max(added[s] for s in group.slugs)
    dates[""] = max(added.values())
    return {src: day.isoformat() for src, day in dates.items()}
