"""Build everything the archive publishes from a catalog: pages and render problems.

Engine-neutral: the MkDocs plugin and `exhibits generate` both call `generate`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from plugins.catalog import Catalog, Exhibit
from plugins.crosslinks import MentionIndex
from plugins.layout import Layout
from plugins.pages import GeneratedPage, PageBuilder
from plugins.problems import ValidationProblem
from plugins.render import RenderedOpinion, render_opinion
from plugins.schema import json_schema
from plugins.schema_docs import SCHEMA_FILE, schema_reference


@dataclass
class GeneratedArchive:
    pages: list[GeneratedPage]
    rendered: dict[str, RenderedOpinion]  # slug -> opinion (search records, exports)
    files: dict[str, str] = field(default_factory=dict)  # other published files: path -> text
    problems: list[ValidationProblem] = field(default_factory=list)


def generate(catalog: Catalog, layout: Layout) -> GeneratedArchive:
    mentions = MentionIndex(catalog, layout)
    rendered: dict[str, RenderedOpinion] = {}

    def render(ex: Exhibit, page_src: str) -> RenderedOpinion:
        result = render_opinion(ex.body, path=ex.path, first_line=ex.body_line,
                                find_mentions=mentions.finder(page_src))
        rendered[ex.slug] = result
        return result

    pages = list(PageBuilder(catalog, layout, render).all_pages())
    pages.append(GeneratedPage(layout.file("schema.md"), schema_reference(), "Schema reference"))
    files = {layout.file(SCHEMA_FILE): json.dumps(json_schema(), indent=2) + "\n"}
    problems = [p for r in rendered.values() for p in r.problems]
    return GeneratedArchive(pages, rendered, files, sorted(problems))
