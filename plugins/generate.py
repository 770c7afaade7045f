"""`exhibits generate OUT_DIR`: the whole archive as plain files, for any site builder.

Writes OUT_DIR/docs (the hand-written docs, every generated page as Markdown, the
exports, feeds, schemas, redirect pages and the plugin's assets) and OUT_DIR/mkdocs.yml:
the project's own configuration without the exhibits plugin, so Zensical, MkDocs
without plugins, or any builder that reads Markdown can publish the archive after
MkDocs' plugin API is gone.

OUT_DIR must be empty, or a folder this command wrote before (it holds MARKER);
then its previous output is replaced, so removed exhibits do not linger.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pathspec
import yaml

from plugins.archive import generate
from plugins.catalog import FACETS, find_exhibit_files, load_catalog
from plugins.head import json_ld_script
from plugins.layout import Layout, page_address
from plugins.pages import edgar_filing_url
from plugins.problems import ValidationProblem

MARKER = ".exhibits-generate"
ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/exhibits"  # same place as the MkDocs plugin puts them
# Settings that only mean something to MkDocs' Python side, or to the original folder.
_DROPPED_KEYS = ("plugins", "hooks", "watch", "site_dir", "docs_dir", "INHERIT")
_DEFAULT_EXCLUDES = [".*", "/templates/"]  # MkDocs never publishes these either


class SourceLinkLayout(Layout):
    """Links in generated HTML written relative to the page's Markdown source.

    Zensical resolves every relative link against the source file, raw HTML included,
    and rewrites it for its output; MkDocs leaves raw HTML alone, so the plugin route
    writes output URLs instead. Links from static files (feeds) stay output URLs.
    """

    def href(self, from_src: str, to_src: str) -> str:
        if not from_src.endswith(".md"):
            return super().href(from_src, to_src)
        return quote(self.md_link(from_src, to_src), safe="/.#-_~")


class GenerateError(Exception):
    """The output folder cannot be used; nothing was written."""


@dataclass
class GenerateResult:
    problems: list[ValidationProblem]
    pages: int = 0
    files: int = 0
    copied: list[str] = field(default_factory=list)  # hand-written docs, relative paths


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag (`!ENV`, `!!python/name:...`): kept as written, never run."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _load_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _dump_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("", _load_tagged)  # type: ignore[no-untyped-call]
_Dumper.add_representer(Tagged, _dump_tagged)


def read_config(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - inert
    return data if isinstance(data, dict) else {}


def _setting(value: Any) -> str:
    """A plain setting, with `!ENV VAR` / `!ENV [VAR, ..., default]` resolved as MkDocs does."""
    if isinstance(value, Tagged) and value.tag == "!ENV":
        names = value.value if isinstance(value.value, list) else [value.value]
        found = next((os.environ[str(n)] for n in names if str(n) in os.environ), None)
        value = found if found is not None else (names[-1] if len(names) > 1 else None)
    return "" if value is None or isinstance(value, Tagged) else str(value)


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("exhibits"), dict):
            return dict(entry["exhibits"])
    return {}


def _plain_config(config: dict[str, Any], nav: list[Any] | None) -> dict[str, Any]:
    """The project's settings for a builder without our plugin."""
    out = {k: v for k, v in config.items() if k not in _DROPPED_KEYS}
    out["docs_dir"] = "docs"
    plugins = [
        p
        for p in config.get("plugins") or []
        if p == "search" or (isinstance(p, dict) and "search" in p)
    ]
    out["plugins"] = plugins or ["search"]
    out["extra_css"] = [*(config.get("extra_css") or []), f"{ASSET_DIR}/exhibits.css"]
    out["extra_javascript"] = [*(config.get("extra_javascript") or []), f"{ASSET_DIR}/exhibits.js"]
    if "nav" not in config and nav is not None:
        # Without the plugin nothing keeps thousands of exhibit pages out of an automatic
        # nav, so write the nav the plugin would show: the docs, then the browse pages.
        out["nav"] = nav
    return out


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise GenerateError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise GenerateError(
                f"{out} is not empty and was not written by `exhibits "
                "generate`; choose an empty or new folder"
            )
        for name in ("docs", "overrides"):
            shutil.rmtree(out / name, ignore_errors=True)
        (out / "mkdocs.yml").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        "Written by `exhibits generate`; the folder is replaced on the next run.\n",
        encoding="utf-8",
    )


def _write(docs: Path, rel: str, text: str) -> None:
    target = (docs / rel).resolve()
    # Paths come from validated slugs and keys; refuse anything else all the same.
    if not target.is_relative_to(docs.resolve()):
        raise GenerateError(f"refusing to write outside {docs}: {rel}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="")


def generate_site(
    config_path: Path, out: Path, *, strict: bool = False, html_links: str = "source"
) -> GenerateResult:
    """`html_links`: "source" for builders that resolve links in HTML against the Markdown
    source, as Zensical does; "output" for those that copy HTML as is (plain MkDocs)."""
    root = config_path.resolve().parent
    config = read_config(config_path)
    options = _plugin_options(config)
    loaded = load_catalog(
        root, find_exhibit_files(root, str(options.get("exhibits_dir", "exhibits")))
    )
    if strict and loaded.problems:
        return GenerateResult(loaded.problems)
    layout_type = SourceLinkLayout if html_links == "source" else Layout
    layout = layout_type(
        prefix=str(options.get("prefix", "")).strip("/"),
        directory_urls=bool(config.get("use_directory_urls", True)),
    )
    site_url = _setting(config.get("site_url"))
    archive = generate(
        loaded.catalog,
        layout,
        site_url=site_url,
        site_name=_setting(config.get("site_name")) or "Exhibit Archive",
        root=root,
    )
    problems = sorted(loaded.problems + archive.problems)
    if strict and problems:
        return GenerateResult(problems)

    _prepare(out)
    docs = out / "docs"
    source_docs = root / str(config.get("docs_dir") or "docs")
    excludes = pathspec.GitIgnoreSpec.from_lines(
        [*_DEFAULT_EXCLUDES, *str(config.get("exclude_docs") or "").splitlines()]
    )
    generated = {p.src for p in archive.pages} | set(archive.files)
    result = GenerateResult(problems, len(archive.pages), len(archive.files))
    for path in sorted(source_docs.rglob("*")) if source_docs.is_dir() else []:
        rel = path.relative_to(source_docs).as_posix()
        if path.is_file() and not excludes.match_file(rel) and rel not in generated:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / rel)
            result.copied.append(rel)
    json_ld = {layout.exhibit(ex.slug): ex for ex in loaded.catalog.exhibits.values()}
    for page in archive.pages:
        text = page.markdown
        ex = json_ld.get(page.src)
        if ex is not None:  # no <head> hook here: JSON-LD is valid in the body too
            url = page_address(layout, site_url, page.src) if site_url else None
            text += "\n" + json_ld_script(ex, page_url=url, edgar_url=edgar_filing_url(ex)) + "\n"
        _write(docs, page.src, text)
    for rel, text in archive.files.items():
        _write(docs, rel, text)
    for asset in sorted(ASSETS.iterdir()):
        if asset.is_file():
            _write(docs, f"{ASSET_DIR}/{asset.name}", asset.read_text(encoding="utf-8"))
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        shutil.copytree(root / theme["custom_dir"], out / "overrides")
        config = {**config, "theme": {**theme, "custom_dir": "overrides"}}
    nav = [
        *_nav_docs(result.copied),
        {
            "Browse": [
                layout.browse_index(),
                layout.all_exhibits(),
                *(layout.facet_index(f.name) for f in FACETS),
                layout.file("schema.md"),
            ]
        },
    ]
    plain = _plain_config(config, nav)
    (out / "mkdocs.yml").write_text(
        "# Written by `exhibits generate` from the project's mkdocs.yml, without the plugin.\n"
        + yaml.dump(plain, Dumper=_Dumper, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return result


def _nav_docs(copied: list[str]) -> list[str]:
    pages = [p for p in copied if p.endswith(".md")]
    return sorted(pages, key=lambda p: (p != "index.md", p.count("/"), p))
