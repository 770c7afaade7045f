"""The MkDocs adapter: a plugin over the engine-neutral core.

Event handlers translate between MkDocs objects and the core: load the catalog, log its
problems as warnings (so `--strict` fails), add generated pages as in-memory files, and
put a Browse section in an automatic nav.

The rest of this module is what keeps a build of thousands of exhibits within reach of
a bare mkdocs-material build (docs/performance.md), and it is MkDocs-specific, so it
lives here, the one module that imports MkDocs: generated raw HTML kept away from
Python-Markdown (`_without_blocks`), exhibit pages rendered from page shells (`_Shells`),
listing pages written by another process (`_Listings`), opinions rendered in the
background (`BackgroundOpinions`), what search indexes read (`_search_view`), caches
across `mkdocs serve` rebuilds, and Pagefind indexing (`search: pagefind`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import html
import multiprocessing
import os
import posixpath
import re
import secrets
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from typing import Any

import markdown
from jinja2 import ChoiceLoader, DictLoader
from markdown import Markdown
from markdown.extensions.toc import slugify as toc_slugify
from mkdocs.commands.build import _build_theme_template, get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils import write_file

from plugins.archive import ArchiveCache, BackgroundOpinions, GeneratedArchive, generate
from plugins.catalog import (
    FACETS,
    LoadResult,
    exhibits_dir_problem,
    find_exhibit_files,
    load_catalog,
)
from plugins.head import site_feed_link
from plugins.layout import Layout
from plugins.pagefind_search import (
    PART_PAGES,
    SEARCH_PAGE,
    PagefindUnavailable,
    index_site,
    search_page,
)
from plugins.pages import (
    CARD_END,
    CARD_START,
    LETTER_END,
    OPINION_START,
    GeneratedPage,
    PageBuilder,
    h,
    md_text,
)
from plugins.site_reuse import put_back, remove_stale, set_aside
from plugins.workers import can_fork

log = get_plugin_logger("exhibits")
_TAG = re.compile(r"<[^>]*>")

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/exhibits"
SHELL_TEMPLATE = "exhibits-page-shell.html"
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
    search = c.Choice(("material", "pagefind"), default="material")
    """material: the theme's search plugin indexes the pages (one index file, fine for a
    few thousand exhibits); pagefind: Pagefind indexes the built exhibit pages into a
    chunked index with filters, and a search page is added (see docs/performance.md)."""
    pagefind_part_size = c.Type(int, default=PART_PAGES)
    """search: pagefind: index at most this many exhibits at a time (Pagefind's indexer
    holds about 0.3 MB per exhibit in memory); the search page merges the parts."""
    page_shell = c.Type(bool, default=True)
    """Render generated pages from one rendering of the theme's template per page shape
    (fast; listing pages are then written by the plugin); false: MkDocs renders each."""


class ExhibitsPlugin(BasePlugin[ExhibitsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.result: LoadResult | None = None
        self.archive: GeneratedArchive | None = None
        self.generated: set[str] = set()
        # Kept across `mkdocs serve` rebuilds (MkDocs reuses the plugin instance): parsed
        # files and rendered opinions by content hash, so an edit re-does one exhibit's work.
        self.file_cache: dict[Any, Any] = {}
        self.serving = False
        self.render_cache: dict[Any, Any] = {}
        self.archive_cache = ArchiveCache()
        self.skeletons: dict[str, tuple[GeneratedPage, str]] = {}
        # (Markdown settings, exhibit page Markdown) -> (HTML, toc, title, anchor ids)
        self.rendered_markdown: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.markdown_hits: dict[str, tuple[str, Any]] = {}
        self.markdown_used: set[tuple[str, str]] = set()
        self.rests: dict[str, tuple[str, str]] = {}  # page src -> (its Markdown, after the title)
        self.rest_cache: dict[tuple[str, str], tuple[str, list[Any], set[str]]] = {}
        self.markdown_key = ""
        self.listing_cache: dict[str, tuple[Any, bytes]] = {}
        self.blocks: dict[str, tuple[str, ...]] = {}  # page src -> its raw HTML blocks
        self.listings: set[str] = set()  # all-exhibits, facet index and group pages
        # group pages written from a page shell: src -> (heading, its raw HTML blocks or
        # None if _Listings is to build them, facet, group key)
        self.shell_pages: dict[str, tuple[str, tuple[str, ...] | None, str, str]] = {}
        self.writer: _Listings | None = None
        self.shells: _Shells | None = None
        self.hidden: dict[str, str] = {}  # page src -> its content, while search reads it
        self.opinions: BackgroundOpinions | None = None
        self.opinion_pages: dict[str, str] = {}  # exhibit page src -> slug
        self.env: Any = None
        self.token = f"xa{secrets.token_hex(8)}b"  # placeholders no contributed text can guess
        self.dirty = False
        self.aside: Path | None = None  # the last build's files, while MkDocs empties site/
        self.started: int | None = None  # when this build's writes began (serve)

    @property
    def root(self) -> Path:
        return Path(os.path.dirname(os.path.abspath(self._config_file)))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Caches pay off across the rebuilds of `mkdocs serve`; a one-off build skips them.
        self.serving = command == "serve"
        self.dirty = dirty

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, keep the last build's files out of the way of MkDocs
        emptying the site folder, to be written over in place (see plugins.site_reuse)."""
        self.started = None
        if self.serving and not self.dirty:
            self.aside = set_aside(Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves no background work behind for the next one (serve)."""
        self._stop_background()
        if self.aside is not None:
            shutil.rmtree(self.aside, ignore_errors=True)
            self.aside = None

    def _stop_background(self) -> None:
        if self.writer is not None:
            self.writer.abandon()
        if self.opinions is not None and self.opinions.stream is not None:
            self.opinions.stream.abandon()
        self.writer, self.shells, self.opinions = None, None, None
        self.hidden, self.markdown_hits, self.rests = {}, {}, {}

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
        if self.config.search == "pagefind":
            config.extra_javascript.append(f"{ASSET_DIR}/pagefind-search.js")
            if any(name in config.plugins for name in ("search", "material/search")):
                log.info(
                    "search: pagefind builds its own index; remove the theme's "
                    "'search' plugin from mkdocs.yml to skip building a second one"
                )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._stop_background()  # nothing of an earlier build that did not finish
        if self.aside is not None:  # MkDocs has emptied the site folder by now
            self.started = put_back(Path(config.site_dir), self.aside)
            self.aside = None
        folder = self.root / self.config.exhibits_dir
        self.files = files
        paths = find_exhibit_files(self.root, self.config.exhibits_dir)
        self.result = load_catalog(
            self.root, paths, jobs=None, cache=self.file_cache if self.serving else None
        )
        for problem in self.result.problems:
            log.warning(str(problem))
        errors = self.result.errors
        if errors and self.config.on_invalid == "fail":
            raise PluginError(
                f"exhibits: {len(errors)} problem(s) in {folder.name}/; see the warnings above"
            )
        # Opinions are rendered by a background process while MkDocs renders pages; each
        # exhibit page gets its opinion just before the theme's search and template see it.
        self.opinions = BackgroundOpinions(
            self.render_cache if self.serving else None, token=f"{self.token}o"
        )
        self.archive = generate(
            self.result.catalog,
            self.layout,
            site_url=config.site_url or "",
            site_name=config.site_name,
            root=self.root,
            opinions=self.opinions,
            previous=self.archive_cache if self.serving else None,
            # Group pages (most of an archive's pages) are then built where they are
            # written, in another process (see _Listings); `mkdocs serve` reuses them.
            group_pages=self.serving or not self.config.page_shell,
        )
        self.opinion_pages = {
            self.layout.exhibit(slug): slug for slug in self.result.catalog.exhibits
        }
        for problem in self.archive.problems:
            log.warning(str(problem))
        pages = list(self.archive.pages)
        if self.config.search == "pagefind":
            pages.append(
                search_page(
                    self.layout,
                    len(self.result.catalog.exhibits),
                    self.config.pagefind_part_size,
                )
            )
        self.generated = set()
        self.blocks = {}
        browse = set(self._browse_pages())
        exhibit_pages = {self.layout.exhibit(slug) for slug in self.result.catalog.exhibits}
        self.listings = (
            {p.src for p in pages}
            - exhibit_pages
            - {
                self.layout.browse_index(),
                self.layout.file("schema.md"),
                self.layout.file(SEARCH_PAGE),
            }
        )
        catalog = self.result.catalog
        groups = (
            {
                self.layout.group(facet, key): (group.label, facet, key)
                for facet, by_key in catalog.groups.items()
                for key, group in by_key.items()
            }
            if self.config.page_shell
            else {}
        )
        built = {p.src: p for p in pages}
        order: list[str] = []  # every page, group pages after their facet's index page
        for page in pages:
            if page.src not in groups:
                order.append(page.src)
            for facet in FACETS if groups else ():
                if page.src == self.layout.facet_index(facet.name):
                    keys = catalog.groups[facet.name]
                    order += [self.layout.group(facet.name, key) for key in keys]
        self.shell_pages = {}
        skeletons, self.skeletons = self.skeletons, {}
        for src in order:
            existing = files.get_file_from_path(src)
            if existing is not None:
                log.warning(
                    f"exhibits: generated page {src} replaces a file of the same "
                    "name in docs/; rename one of them"
                )
                files.remove(existing)
            self.generated.add(src)
            if src in groups:  # written by _Listings, not rendered by MkDocs
                files.append(_ListingFile.generated(config, src, content=""))
                label, facet_name, key = groups[src]
                blocks = built[src].blocks if src in built else None  # None: built there
                self.shell_pages[src] = (label, blocks, facet_name, key)
                continue
            page = built[src]
            # Exhibit and group pages are reached through browse pages, never the nav: a nav
            # listing thousands of pages would be rendered into every page (quadratic build).
            inclusion = (
                InclusionLevel.UNDEFINED if page.src in browse else InclusionLevel.NOT_IN_NAV
            )
            old = skeletons.get(page.src)  # the same page object as in the last build?
            skeleton = old[1] if old and old[0] is page else self._without_blocks(page)
            if self.serving:
                self.skeletons[page.src] = (page, skeleton)
                self.blocks[page.src] = page.blocks
            files.append(File.generated(config, page.src, content=skeleton, inclusion=inclusion))
        for path, text in self.archive.files.items():
            files.append(File.generated(config, path, content=text))
        log.info(
            f"{len(self.result.catalog.exhibits)} exhibits published from "
            f"{self.result.files} files, {len(pages)} pages generated"
        )
        if not self.serving:  # MkDocs' files hold them now (a large archive's memory)
            self.archive.pages = []
        self.markdown_key = repr((config.markdown_extensions, config.mdx_configs))
        self.rendered_markdown, self.markdown_hits = (
            ({}, {})
            if not self.serving
            else (
                {k: v for k, v in self.rendered_markdown.items() if k[0] == self.markdown_key},
                {},
            )
        )
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
        search = [self.layout.file(SEARCH_PAGE)] if self.config.search == "pagefind" else []
        return [
            *search,
            self.layout.browse_index(),
            self.layout.all_exhibits(),
            *(self.layout.facet_index(f.name) for f in FACETS),
            self.layout.file("schema.md"),
        ]

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
        if (
            self.archive is not None
            and self.archive.updated
            and "SOURCE_DATE_EPOCH" not in os.environ
        ):
            updated = self.archive.updated
            page.update_date = updated.get(page.file.src_uri, updated[""])
        return page

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Listing pages stay out of the theme's search index: they repeat what the exhibit
        pages say, and the All exhibits table alone would add a row per exhibit to it."""
        if page.file.src_uri in self.listings:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if self.config.page_shell and page.file.src_uri in self.opinion_pages:
            page.meta["template"] = SHELL_TEMPLATE
        if self.serving and page.file.src_uri in self.opinion_pages:
            # Under `mkdocs serve`, an exhibit page whose Markdown is what it was in the
            # last build (the letter is a placeholder in it) gets that build's HTML.
            hit = self.rendered_markdown.get((self.markdown_key, markdown))
            self.markdown_hits[page.file.src_uri] = (markdown, hit)
            if hit is not None:
                return ""
        if self.config.page_shell and page.file.src_uri in self.opinion_pages:
            # An exhibit page's Markdown is its title, then the same lines on every page
            # of its shape (placeholders and headings): MkDocs renders the title line,
            # the rest is rendered once per shape (see _rest).
            head, _, rest = markdown.partition("\n")
            if head.startswith("# ") and rest.strip():
                self.rests[page.file.src_uri] = (markdown, rest)
                return head + "\n"
        return markdown

    def _rest(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's HTML: its title, as MkDocs rendered it, and the rest of its shape.

        Python-Markdown renders blocks one by one and joins them with a new line, so this
        is what it makes of the whole, unless the title's id is one of the rest's (it
        would then number one of them): that page is rendered whole."""
        markdown, rest = self.rests.pop(page.file.src_uri)
        key = (self.markdown_key, rest)
        if key not in self.rest_cache:
            md = Markdown(
                extensions=config.markdown_extensions, extension_configs=config.mdx_configs
            )
            rest_html = md.convert(rest)
            children = list(get_toc(getattr(md, "toc_tokens", [])))
            ids = {item.id for item in _walk_toc(children)}
            self.rest_cache[key] = (rest_html, children, ids)
        rest_html, children, ids = self.rest_cache[key]
        toc = list(page.toc)
        if len(toc) == 1 and toc[0].level == 1 and not toc[0].children and toc[0].id not in ids:
            toc[0].children = list(children)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
            return f"{html}\n{rest_html}"
        page.markdown = markdown
        page.render(config, files)
        return page.content or ""

    def _without_blocks(self, page: GeneratedPage) -> str:
        """The page's Markdown with each raw HTML block replaced by a placeholder line.

        Python-Markdown would pass the blocks through unchanged, after parsing them with
        its (slow, pure Python) HTML parser; `on_page_content` puts them back instead."""
        if not page.blocks:
            return page.markdown
        out, at = [], 0
        for i, block in enumerate(page.blocks):
            start = page.markdown.index(block, at)
            out += [page.markdown[at:start], f"{self.token}{i}x"]
            at = start + len(block)
        out.append(page.markdown[at:])
        self.blocks[page.src] = page.blocks
        return "".join(out)

    def _with_blocks(self, html: str, src: str) -> str:
        for i, block in enumerate(self.blocks.pop(src, ())):
            token = f"{self.token}{i}x"
            wrapped = f"<p>{token}</p>"
            if wrapped in html:
                html = html.replace(wrapped, block, 1)
            elif token in html:
                html = html.replace(token, block, 1)
            else:
                raise PluginError(
                    f"exhibits: a Markdown extension changed the page {src} "
                    "beyond recognition (a generated block went missing)"
                )
        return html

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Keep contributed text in generated titles escaped in the <title> element too.

        MkDocs takes page.title from the h1 as HTML (`&lt;` stays an entity), and the
        theme's <title> runs it through Jinja's `striptags`, which *unescapes* it: a
        counsel named `</title><script>...` would close the title and run. As meta title
        it is printed as it is, still escaped (issue 6; tests/test_hostile_site.py)."""
        src = page.file.src_uri
        if src in self.rests:
            html = self._rest(html, page, config, files)
        if src in self.markdown_hits:
            markdown, hit = self.markdown_hits.pop(src)
            if hit is None:  # rendered now: keep it for the next build
                hit = (html, page.toc, page.title, page.present_anchor_ids)
                self.rendered_markdown[(self.markdown_key, markdown)] = hit
            self.markdown_used.add((self.markdown_key, markdown))
            html, page.toc, page.meta["title"], page.present_anchor_ids = hit
        html = self._with_blocks(html, page.file.src_uri)  # generated raw HTML back in place
        if page.file.src_uri in self.generated and page.title and "title" not in page.meta:
            page.meta["title"] = page.title
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Exhibit pages are rendered from page shells (see _Shells): their template just
        prints what `_page_view` put in the context."""
        self.env = env
        env.loader = ChoiceLoader(
            [DictLoader({SHELL_TEMPLATE: "{{ xa_page_output|safe }}"}), env.loader]
        )
        return env

    @event_priority(100)  # before the theme's search plugin reads the page
    def _search_view(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        """What search indexes read of an exhibit page: its title, the metadata card as
        one paragraph of the same words (an HTML parser in pure Python spends far longer
        on a table's cells and links), and the letter. Breadcrumbs, the citation box and
        the related exhibits only repeat or name other pages, and would match searches
        for them."""
        content = page.content or ""
        slug = self.opinion_pages.get(page.file.src_uri)
        if slug is not None and self.opinions is not None:
            content = content.replace(
                self.opinions.placeholder(slug), self.opinions.get(slug).html, 1
            )
            page.content = content
        end = content.find(LETTER_END) if page.file.src_uri in self.generated else -1
        if end >= 0:
            self.hidden[page.file.src_uri] = content
            view = content[:end]
            start, letter = view.find(CARD_START), view.find(OPINION_START)
            title_end = view.find("</h1>")
            if 0 <= title_end < start < letter:
                stop = view.index(CARD_END, start) + len(CARD_END)
                words = " ".join(_TAG.sub(" ", view[start:stop]).split())
                heading = view.rfind("<h2", stop, letter)  # "Opinion text"
                view = (
                    f"{view[: title_end + 5]}\n<p>{words}</p>\n"
                    f"{view[heading if heading >= 0 else letter :]}"
                )
            page.content = view
        return context

    @event_priority(-100)  # after every other plugin, before the template
    def _page_view(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if page.file.src_uri in self.hidden:
            page.content = self.hidden.pop(page.file.src_uri)
        if self.shells is None:  # the first page MkDocs renders: the nav is final now
            self.shells = _Shells(config, self.files, nav, self.env)
        if page.meta.get("template") == SHELL_TEMPLATE:
            context["xa_page_output"] = self.shells.output(page, context)
        return self._start_listings(page, config, nav, context)

    on_page_context = CombinedEvent(_search_view, _page_view)

    def _start_listings(
        self, page: Page, config: MkDocsConfig, nav: Navigation, context: Any
    ) -> Any:
        """With the first page MkDocs renders (the nav is final now), start the listings."""
        if self.shell_pages and self.writer is None and self.shells is not None:
            self.writer = _Listings(self, self.shells)
            page.active = False  # the shell must not show this page as the current one
            try:
                self.writer.start(self.shell_pages)
            finally:
                page.active = True
        return context

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
            output = output.replace(
                '<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">'
            )
        if src in self.opinion_pages:
            page.content = None  # written out: an archive's pages need not stay in memory
        extra = self.archive.heads.get(src) or site_feed_link(self.layout, src, config.site_name)
        end = output.find("</head>")  # the first one: page content only comes after it
        return output if end < 0 else f"{output[:end]}{extra}\n{output[end:]}"

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        folder = self.root / self.config.exhibits_dir
        if folder.is_dir():  # watching a missing folder crashes `mkdocs serve` (fresh clone)
            server.watch(str(folder))
        return server

    def _sitemap(self, writer: _Listings) -> None:
        """MkDocs' sitemap lists documentation pages only: render it again with the
        listing pages too (same template, same plugin events)."""
        config, shells = writer.config, writer.shells
        if "sitemap.xml" not in config.theme.static_templates:
            return

        class WithListings(Files):
            def documentation_pages(
                self, *, inclusion: Any = InclusionLevel.is_included
            ) -> Sequence[File]:
                return [
                    f
                    for f in self
                    if (isinstance(f, _ListingFile) and f.page is not None)
                    or (f.is_documentation_page() and inclusion(f.inclusion))
                ]

        _build_theme_template(
            "sitemap.xml", shells.env, WithListings(list(shells.files)), config, shells.nav
        )

    @event_priority(-100)  # after every plugin has written its files
    def _remove_stale(self, *, config: MkDocsConfig) -> None:
        if self.started is not None:
            remove_stale(Path(config.site_dir), self.started)
            self.started = None

    def _post_build(self, *, config: MkDocsConfig) -> None:
        if self.serving:  # keep what this build used, no more
            used = self.markdown_used
            self.rendered_markdown = {k: v for k, v in self.rendered_markdown.items() if k in used}
            self.markdown_used = set()
        if self.opinions is not None:
            for problem in self.opinions.finish():
                log.warning(str(problem))
            self.opinions = None
        self.shells = None
        if self.writer is not None:
            writer, self.writer = self.writer, None
            writer.finish()
            self._sitemap(writer)
        target = Path(config.site_dir) / ASSET_DIR
        target.mkdir(parents=True, exist_ok=True)
        for asset in ASSETS.iterdir():
            if asset.is_file():
                shutil.copyfile(asset, target / asset.name)
        if self.config.search == "pagefind":
            self.shell_pages, self.blocks, self.hidden = {}, {}, {}
            _release_memory()  # Pagefind's indexer needs what this process can give back
            try:
                slugs = list(self.result.catalog.exhibits) if self.result else []
                report = index_site(
                    Path(config.site_dir), self.layout, slugs, self.config.pagefind_part_size
                )
            except (PagefindUnavailable, OSError, RuntimeError) as exc:
                raise PluginError(f"exhibits: {exc}") from exc
            log.info(
                f"Pagefind indexed {report.pages} exhibit pages in {report.parts} "
                f"part(s): {report.files} files, {report.bytes / 1e6:.1f} MB"
            )

    on_post_build = CombinedEvent(_post_build, _remove_stale)


def _release_memory() -> None:
    """Hand freed memory back to the system (glibc keeps it for the process otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _no_opinion(ex: Any, src: str) -> Any:
    raise AssertionError("group pages show no opinion")


class _ListingFile(File):
    """A listing page (one issuer's, firm's, file number's... exhibits) that the plugin
    writes itself (see `_Listings`): MkDocs resolves links to it like any other page, and
    puts it in the sitemap, but does not render it."""

    def _get_dest_path(self, use_directory_urls: bool | None = None) -> str:
        """Where MkDocs would write the page built from this Markdown source."""
        parent = posixpath.dirname(self.src_uri)
        if use_directory_urls is None:
            use_directory_urls = self.use_directory_urls
        if not use_directory_urls or self.name == "index":
            return posixpath.join(parent, self.name + ".html")
        return posixpath.join(parent, self.name, "index.html")

    dest_uri = cached_property(_get_dest_path)  # type: ignore[assignment]

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        """Written by `_Listings`, not copied."""


class _Shells:
    """The theme's page template, rendered once per page shape around sentinels.

    MkDocs spends about a millisecond rendering the theme's template for every page: for
    an archive that is most of the build. Generated pages of one shape (same depth, same
    table of contents below the title, same metadata, outside the nav) differ only in
    title, address and content, so the template is rendered once for a probe page holding
    sentinels instead, and each page is that shell with its own values put in.

    A shell is only used if every sentinel came through the template unchanged: the
    sentinels hold markup and an entity, so a filter that would escape, strip or rewrite
    a value shows. Otherwise, and for pages of any other shape, the page is rendered in
    full as MkDocs would. Tests build the same archive both ways and compare every file.
    """

    TITLE, TOC_TITLE = "xaTitleSentinel&amp;<i>x</i>", "xaTocSentinel&amp;<i>x</i>"
    PAGE_ID, PLACE = "xa-id-sentinel", "xa-folder-sentinel/xa-page-sentinel"
    CONTENT = "<h1>xaContentSentinel&amp;<i>x</i></h1>"

    def __init__(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> None:
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.shells: dict[str, list[str] | None] = {}

    def shell_of(self, page: Page) -> tuple[str, ...] | None:
        """The shell the page would be made from (None: rendered in full), as a value."""
        toc = list(page.toc)
        shape = self._shape(page, toc)
        if shape is None:
            return None
        if shape not in self.shells:
            self.shells[shape] = self._make(page, toc, None)
        shell = self.shells[shape]
        return None if shell is None else tuple(shell)

    def output(self, page: Page, context: Any = None) -> str:
        """The page as the theme's template renders it (`context`: the page's own, if
        MkDocs made one; the hooks have run on it)."""
        toc = list(page.toc)
        shape = self._shape(page, toc)
        if shape is None:
            return self._render(page, context)
        if shape not in self.shells:
            self.shells[shape] = self._make(page, toc, context)
        shell = self.shells[shape]
        if shell is None:
            return self._render(page, context)
        place = "/".join(posixpath.splitext(page.file.src_uri)[0].split("/")[-2:])
        values = {
            self.TITLE: page.meta["title"],
            self.TOC_TITLE: toc[0].title,
            self.PAGE_ID: toc[0].id,
            self.PLACE: place,
            self.CONTENT: page.content,
        }
        return "".join(values.get(part, part) for part in shell)

    def _shape(self, page: Page, toc: list[Any]) -> str | None:
        """What the template's output depends on besides the sentinel values; None for a
        page that cannot use a shell."""
        if (
            not toc
            or toc[0].level != 1
            or "title" not in page.meta
            or page.edit_url
            or page.previous_page
            or page.next_page
            or page.parent is not None
        ):
            return None
        meta = {k: v for k, v in page.meta.items() if k != "title"}
        children = [(c.level, c.id, c.title, len(c.children)) for c in _walk_toc(toc[0].children)]
        depth = page.file.src_uri.count("/")
        return repr((depth, page.file.name == "index", sorted(meta.items()), children))

    def _make(self, page: Page, toc: list[Any], context: Any) -> list[str] | None:
        folder = posixpath.dirname(posixpath.dirname(page.file.src_uri))
        src = posixpath.join(folder, f"{self.PLACE}.md")
        probe = Page(self.TITLE, _ListingFile.generated(self.config, src, content=""), self.config)
        probe.meta = {**page.meta, "title": self.TITLE}
        probe.content = self.CONTENT
        head = AnchorLink(self.TOC_TITLE, self.PAGE_ID, 1)
        head.children = toc[0].children
        probe.toc = TableOfContents([head])  # type: ignore[arg-type]
        if context is None:
            output = self._render(probe, None)
        else:
            template = self.env.get_template("main.html")
            output = template.render({**context, "page": probe})
        sentinels = (self.TITLE, self.TOC_TITLE, self.PAGE_ID, self.PLACE, self.CONTENT)
        for sentinel in sentinels:
            stem = sentinel.removeprefix("<h1>")[:12]  # unique to each sentinel
            if output.count(stem) != output.count(sentinel):
                log.info(
                    "the theme rewrites page titles or addresses in a way page shells "
                    "cannot follow; generated pages are rendered one by one"
                )
                return None
        return re.split(f"({'|'.join(map(re.escape, sentinels))})", output)

    def _render(self, page: Page, context: Any) -> str:
        """What MkDocs does for a page once its content is ready."""
        if context is None:
            context = get_context(self.nav, self.files, self.config, page)
            context = self.config.plugins.on_page_context(
                context, page=page, config=self.config, nav=self.nav
            )
        template = self.env.get_template("main.html")
        return template.render(context)


def _walk_toc(items: Any) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _walk_toc(item.children)


class _Listings:
    """Write the listing pages (more pages than there are exhibits) from page shells.

    They are not MkDocs pages (see _ListingFile): each is a shell with its values put in,
    passed through `on_post_page`, and written while MkDocs renders the exhibit pages: by
    a forked process when that is safe (no other thread here, and no other plugin handles
    `on_post_page`, which would then run in that process), else on background threads.
    """

    def __init__(self, plugin: ExhibitsPlugin, shells: _Shells) -> None:
        self.plugin, self.shells = plugin, shells
        self.config, self.files = shells.config, shells.files
        self.pool: ThreadPoolExecutor | None = None
        self.process: Any = None
        self.pending: list[Future[None]] = []
        self.heading = self._heading_maker()

    def start(self, listings: dict[str, Any]) -> None:
        handlers = self.config.plugins.events.get("post_page", [])
        if can_fork() and all(getattr(h, "__self__", None) is self.plugin for h in handlers):
            context = multiprocessing.get_context("fork")
            self.process = context.Process(target=self._write_here, args=(listings,), daemon=True)
            self.process.start()
        else:
            self.pool = ThreadPoolExecutor(2, thread_name_prefix="exhibits-write")
            self.write_all(listings)

    def _write_here(self, listings: dict[str, Any]) -> None:
        # Second in line for a core: the build waits for the opinions and the exhibit
        # pages, and only at its very end for these.
        os.nice(10)
        self.write_all(listings)

    def write_all(self, listings: dict[str, Any]) -> None:
        """Render and write every listing page: src -> (heading text, blocks).

        Under `mkdocs serve` (our own `on_post_page` the only one), a page whose heading,
        blocks, head extras and shell are those of the last build is written again as it
        was, not made again."""
        handlers = self.config.plugins.events.get("post_page", [])
        reuse = self.plugin.serving and all(
            getattr(h, "__self__", None) is self.plugin for h in handlers
        )
        old, new = self.plugin.listing_cache, {}
        heads = self.plugin.archive.heads if self.plugin.archive else {}
        builder = None
        for src, (label, blocks, facet, key) in listings.items():
            if blocks is None:  # built here, in this process
                if builder is None:
                    plugin, catalog = self.plugin, self.plugin.result.catalog  # type: ignore[union-attr]
                    builder = PageBuilder(
                        catalog, plugin.layout, _no_opinion, site_url=self.config.site_url or ""
                    )
                blocks = builder.group_page(facet, key).blocks
            file = self.files.get_file_from_path(src)
            assert isinstance(file, _ListingFile)
            page = Page(label, file, self.config)
            self.plugin.on_pre_page(page, config=self.config, files=self.files)
            h1_id, h1 = self.heading(label)
            # The escaped title is what the theme prints (see on_page_content); listings
            # stay out of the theme's search index (see on_page_markdown).
            page.meta = {"title": h(label), "search": {"exclude": True}}
            page.toc = get_toc([{"level": 1, "id": h1_id, "name": h(label), "children": []}])
            if reuse:
                key = (label, blocks, heads.get(src), self.shells.shell_of(page))
                if key[3] is not None and src in old and old[src][0] == key:
                    new[src] = old[src]
                    self._write(old[src][1], file)
                    continue
            page.content = h1 + "\n" + "\n".join(blocks)
            output = self.shells.output(page)
            output = self.config.plugins.on_post_page(output, page=page, config=self.config)
            data = output.encode("utf-8", errors="xmlcharrefreplace")
            if reuse:
                new[src] = (key, data)
            self._write(data, file)
            page.content = None  # the file holds it now
        if reuse:
            self.plugin.listing_cache = new

    def _write(self, data: bytes, file: File) -> None:
        if self.pool is None:
            write_file(data, file.abs_dest_path)
        else:
            self.pending.append(self.pool.submit(write_file, data, file.abs_dest_path))

    def abandon(self) -> None:
        """Stop writing (the build failed)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def finish(self) -> None:
        if self.process is not None:
            self.process.join()
            if self.process.exitcode != 0:
                raise PluginError("exhibits: writing the listing pages failed (see above)")
            for file in self.files:  # for the sitemap: the pages were made in that process
                if isinstance(file, _ListingFile) and file.page is None:
                    page = Page(None, file, self.config)
                    self.plugin.on_pre_page(page, config=self.config, files=self.files)
        if self.pool is not None:
            try:
                for job in self.pending:
                    job.result()  # re-raises a failed write
            finally:
                self.pool.shutdown()

    def _heading_maker(self) -> Callable[[str], tuple[str, str]]:
        """label -> (id, the h1 MkDocs' Markdown would make of `# label`), fast."""
        md = markdown.Markdown(
            extensions=self.config.markdown_extensions, extension_configs=self.config.mdx_configs
        )
        toc_config = self.config.mdx_configs.get("toc", {})
        slugify = toc_config.get("slugify", toc_slugify)
        separator = toc_config.get("separator", "-")
        text = "Xaheadingprobe"
        probe = md.convert(f"# {text}")
        probe_id = slugify(text, separator)
        if probe_id != text and probe.count(text) == 1 and probe_id in probe:
            before, after = probe.split(text)

            def heading(label: str) -> tuple[str, str]:
                page_id = slugify(html.unescape(h(label)), separator) or "_"
                return page_id, (
                    before.replace(probe_id, page_id) + h(label) + after.replace(probe_id, page_id)
                )

            return heading

        def convert(label: str) -> tuple[str, str]:  # the exact, slower way
            md.reset()
            out = md.convert(f"# {md_text(label)}")
            match = re.search(r'id="([^"]*)"', out)
            return (match.group(1) if match else ""), out

        return convert
