"""The MkDocs adapter: a thin plugin over the engine-neutral core.

Event handlers only translate between MkDocs objects and the core: load the
catalog, log its problems as warnings (so `--strict` fails), add generated
pages as in-memory files, and put a Browse section in an automatic nav.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from plugins.archive import GeneratedArchive, generate
from plugins.catalog import (
    FACETS,
    LoadResult,
    exhibits_dir_problem,
    find_exhibit_files,
    load_catalog,
)
from plugins.head import site_feed_link
from plugins.layout import Layout

log = get_plugin_logger("exhibits")

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/exhibits"
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


class ExhibitsConfig(base.Config):
    exhibits_dir = c.Type(str, default="exhibits")
    """Folder of exhibit files, relative to mkdocs.yml (outside docs_dir)."""
    prefix = c.Type(str, default="")
    """Folder under the site root for generated pages ('' puts them at the top level)."""
    on_invalid = c.Choice(("skip", "fail"), default="skip")
    """skip: leave invalid exhibits out, with a warning each; fail: abort the build."""
    nav_title = c.Type(str, default="Browse")
    """Title of the section added to an automatic nav."""


class ExhibitsPlugin(BasePlugin[ExhibitsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.result: LoadResult | None = None
        self.archive: GeneratedArchive | None = None
        self.generated: set[str] = set()

    @property
    def root(self) -> Path:
        return Path(os.path.dirname(os.path.abspath(self._config_file)))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._config_file = config.config_file_path or os.path.join(os.getcwd(), "mkdocs.yml")
        prefix = self.config.prefix.strip("/")
        if ".." in prefix.split("/") or os.path.isabs(self.config.prefix):
            raise PluginError("exhibits: 'prefix' must be a folder inside the site")
        problem = exhibits_dir_problem(self.root, self.config.exhibits_dir)
        if problem:
            raise PluginError(f"exhibits: {problem}")
        self.layout = Layout(prefix=prefix, directory_urls=config.use_directory_urls)
        config.extra_css.append(f"{ASSET_DIR}/exhibits.css")
        config.extra_javascript.append(f"{ASSET_DIR}/exhibits.js")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        folder = self.root / self.config.exhibits_dir
        self.result = load_catalog(self.root, find_exhibit_files(self.root, self.config.exhibits_dir))
        for problem in self.result.problems:
            log.warning(str(problem))
        errors = self.result.errors
        if errors and self.config.on_invalid == "fail":
            raise PluginError(f"exhibits: {len(errors)} problem(s) in {folder.name}/; "
                              "see the warnings above")
        self.archive = generate(self.result.catalog, self.layout, site_url=config.site_url or "",
                                site_name=config.site_name, root=self.root)
        for problem in self.archive.problems:
            log.warning(str(problem))
        self.generated = set()
        browse = set(self._browse_pages())
        for page in self.archive.pages:
            if files.get_file_from_path(page.src) is not None:
                log.warning(f"exhibits: generated page {page.src} replaces a file of the same "
                            "name in docs/; rename one of them")
                files.remove(files.get_file_from_path(page.src))
            # Exhibit and group pages are reached through browse pages, never the nav: a nav
            # listing thousands of pages would be rendered into every page (quadratic build).
            inclusion = InclusionLevel.UNDEFINED if page.src in browse else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src, content=page.markdown,
                                        inclusion=inclusion))
            self.generated.add(page.src)
        for path, text in self.archive.files.items():
            files.append(File.generated(config, path, content=text))
        log.info(f"{len(self.result.catalog.exhibits)} exhibits published from "
                 f"{self.result.files} files, {len(self.archive.pages)} pages generated")
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if config.nav is not None:
            return nav  # an explicit nav is the site owner's to arrange
        items = [i for i in nav.items if not self._is_generated(i)]
        children: list[Any] = []
        for src in self._browse_pages():
            file = files.get_file_from_path(src)
            if file is not None:
                page = file.page or Page(None, file, config)
                children.append(page)
        section = Section(self.config.nav_title, children)
        for child in children:
            child.parent = section
        items.append(section)
        pages = [p for p in nav.pages if p.file.src_uri not in self.generated] + children
        return Navigation(items, pages)

    def _browse_pages(self) -> list[str]:
        return [self.layout.browse_index(), self.layout.all_exhibits(),
                *(self.layout.facet_index(f.name) for f in FACETS), self.layout.file("schema.md")]

    def _is_generated(self, item: Any) -> bool:
        if isinstance(item, Page):
            return item.file.src_uri in self.generated
        if isinstance(item, Section):
            item.children = [c for c in item.children if not self._is_generated(c)]
            return not item.children
        return False

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Sitemap dates from the input, not the clock, so that the same input builds
        byte-identical output (issue 6). SOURCE_DATE_EPOCH, when set, is MkDocs' to use."""
        if self.archive is not None and self.archive.updated and \
                "SOURCE_DATE_EPOCH" not in os.environ:
            updated = self.archive.updated
            page.update_date = updated.get(page.file.src_uri, updated[""])
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Keep contributed text in generated titles escaped in the <title> element too.

        MkDocs takes page.title from the h1 as HTML (`&lt;` stays an entity), and the
        theme's <title> runs it through Jinja's `striptags`, which *unescapes* it: a
        counsel named `</title><script>...` would close the title and run. As meta title
        it is printed as it is, still escaped (issue 6; tests/test_hostile_site.py)."""
        if page.file.src_uri in self.generated and page.title and "title" not in page.meta:
            page.meta["title"] = page.title
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Add the core's <head> extras (JSON-LD, OpenGraph, feed links) to the page."""
        # Material's search dialog has no accessible name (axe-core: aria-dialog-name,
        # serious). The theme's header comes before any content, so the first match is it.
        output = output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
        if self.archive is None:
            return output
        src = page.file.src_uri
        if src in self.generated and 'id="__toc"' not in output:
            # Material labels a `__toc` toggle that only pages in the nav have; on exhibit
            # pages (outside the nav) the label would point at nothing (invalid HTML).
            output = output.replace('<label class="md-nav__title" for="__toc">',
                                    '<label class="md-nav__title">')
        extra = self.archive.heads.get(src) or site_feed_link(self.layout, src, config.site_name)
        end = output.find("</head>")  # the first one: page content only comes after it
        return output if end < 0 else f"{output[:end]}{extra}\n{output[end:]}"

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        folder = self.root / self.config.exhibits_dir
        if folder.is_dir():  # watching a missing folder crashes `mkdocs serve` (fresh clone)
            server.watch(str(folder))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        target = Path(config.site_dir) / ASSET_DIR
        target.mkdir(parents=True, exist_ok=True)
        for asset in ASSETS.iterdir():
            if asset.is_file():
                shutil.copyfile(asset, target / asset.name)
