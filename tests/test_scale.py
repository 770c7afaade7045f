"""The archive at scale: a generated archive of a few hundred exhibits, checked for
correctness (timings live in bench/benchmark.py, never here).

- it builds, and every browse page lists exactly the exhibits it should: compared with
  what the generator wrote into the files, not with anything the plugin computes;
- the fast paths give the very bytes of the slow ones: page shells against MkDocs
  rendering every page, a `mkdocs serve` rebuild against a fresh build;
- Pagefind's filters (search: pagefind, in several parts) return the right exhibits in
  Chromium, and the search page shows results with excerpts and filters.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import sys
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import REPO, run_cli, run_mkdocs

sys.path.insert(0, str(REPO / "bench"))
import generate_exhibits as gen  # noqa: E402

pytestmark = pytest.mark.timeout(900)

N = 300
FOLDERS = {
    "issuer": "issuers", "firm": "law-firms", "counsel": "counsel",
    "registration": "registrations", "transaction": "transactions", "party": "parties",
    "law": "governing-law", "form": "forms", "year": "years", "state": "states",
    "kind": "kinds", "opinion": "opinions",
}  # fmt: skip
KINDS = {"legality": "Legality opinions", "tax": "Tax opinions", "other": "Other opinions"}


def expected_groups(items: list[tuple[str, dict, str]]) -> dict[str, dict[str, set[str]]]:
    """facet -> label -> slugs, straight from the generated front matter."""
    groups: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _, m, _ in items:
        slug = m["slug"]
        numbers = m.get("file_number") or []
        values = {
            "issuer": [m["issuer"]],
            "firm": [m["law_firm"]] if m.get("law_firm") else [],
            "counsel": [m["counsel"]],
            "registration": [numbers] if isinstance(numbers, str) else numbers,
            "law": m.get("governing_law", []),
            "form": [m["form"]],
            "year": [m["date"][:4]],
            "state": [m["issuer_state"]],
            "kind": [KINDS[m["kind"]]],
            "opinion": m.get("opinions", []),
        }
        if m.get("transaction"):
            t = m["transaction"]
            values["transaction"] = [f"{t['agreement']} ({t['date']})"]
            values["party"] = t["parties"]
        for facet, labels in values.items():
            for label in labels:
                groups[facet][label].add(slug)
    return groups


def build(project: Path, *args: str) -> Path:
    result = run_mkdocs(project, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("scale") / "archive"
    items = gen.write_project(root, N, seed=11)
    return root, items


@pytest.fixture(scope="module")
def site(archive: tuple[Path, list]) -> Path:
    return build(archive[0], "--strict")


def page(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def listed_slugs(doc: LexborHTMLParser) -> list[str]:
    """Exhibits linked from the rows of a page's listing table."""
    slugs = []
    for row in doc.css("article table tbody tr"):
        link = row.css_first("td a")
        assert link is not None
        slugs.append(link.attributes["href"].rstrip("/").rsplit("/", 1)[-1])
    return slugs


def heading(doc: LexborHTMLParser) -> str:
    h1 = doc.css_first("article h1")
    assert h1 is not None
    return h1.text().rstrip("¶").strip()


def test_generated_archive_is_valid(archive: tuple[Path, list]) -> None:
    result = run_cli("check", cwd=archive[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"checked {N} files: 0 errors, 0 warnings" in result.stderr


def test_every_exhibit_has_its_page(site: Path, archive: tuple[Path, list]) -> None:
    slugs = {m["slug"] for _, m, _ in archive[1]}
    built = {p.parent.name for p in (site / "exhibits").glob("*/index.html")}
    assert built == slugs
    assert sorted(listed_slugs(page(site / "exhibits" / "index.html"))) == sorted(slugs)


def test_every_browse_page_lists_exactly_its_exhibits(site: Path, archive: tuple) -> None:
    expected = expected_groups(archive[1])
    for facet, folder in FOLDERS.items():
        found: dict[str, set[str]] = {}
        for path in (site / folder).glob("*/index.html"):
            doc = page(path)
            slugs = listed_slugs(doc)
            assert len(slugs) == len(set(slugs)), f"{path}: an exhibit listed twice"
            found[heading(doc)] = set(slugs)
        assert found == expected[facet], facet
        index = page(site / folder / "index.html")
        counts = {
            row.css("td")[0].text().strip(): int(row.css("td")[1].text())
            for row in index.css("article table tbody tr")
        }
        assert counts == {label: len(s) for label, s in expected[facet].items()}, facet


def test_related_exhibits_share_a_group(site: Path, archive: tuple) -> None:
    expected = expected_groups(archive[1])
    near = defaultdict(set)  # slug -> the slugs sharing a group or a version with it
    for facet in ("registration", "transaction", "issuer", "firm", "counsel"):
        for slugs in expected[facet].values():
            for slug in slugs:
                near[slug] |= slugs
    for _, m, _ in archive[1]:
        for old in m.get("supersedes", []):
            near[m["slug"]].add(old)
            near[old].add(m["slug"])
    for _, m, _ in archive[1][:80]:
        doc = page(site / "exhibits" / m["slug"] / "index.html")
        related = {
            a.attributes["href"].rstrip("/").rsplit("/", 1)[-1]
            for a in doc.css("#related-exhibits ~ ul a")
            if "/exhibits/" in a.attributes["href"]
        }
        assert m["slug"] not in related
        assert related <= near[m["slug"]], m["slug"]


def test_page_shells_give_the_bytes_of_full_rendering(site: Path, archive: tuple) -> None:
    root = archive[0]
    full = root.parent / "full"
    full.mkdir(exist_ok=True)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs-full.yml").write_text(
        text.replace("exhibits_dir: exhibits", "exhibits_dir: exhibits\n      page_shell: false"),
        encoding="utf-8",
    )
    result = run_mkdocs(root, "--strict", "-f", str(root / "mkdocs-full.yml"), "-d", str(full))
    assert result.returncode == 0, result.stdout + result.stderr
    assert_same_tree(site, full)


def assert_same_tree(a: Path, b: Path) -> None:
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    assert files_a == files_b
    different = [str(p) for p in sorted(files_a) if not filecmp.cmp(a / p, b / p, shallow=False)]
    assert not different, different[:10]


def test_a_serve_rebuild_equals_a_fresh_build(archive: tuple, tmp_path: Path) -> None:
    """What `mkdocs serve` does on an edit, in this process: the same plugin instance
    (caches warm), a thread running (as the web server's), then the result against a
    fresh build of the edited files: the text of a letter, then its metadata."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = archive[0]
    served = tmp_path / "served"
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, daemon=True)
    server.start()
    exhibit = sorted((root / "exhibits").glob("*.md"))[N // 2]
    original = exhibit.read_text(encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(root)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(served))
        config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config)
        for edited in (
            original.replace("Very truly yours,", "Very truly yours (edited),"),
            re.sub(r"^counsel: .*$", "counsel: Edited Counsel", original, count=1, flags=re.M),
        ):
            assert edited != original
            exhibit.write_text(edited, encoding="utf-8")
            mkdocs_build(load_config(str(root / "mkdocs.yml"), site_dir=str(served)))
            fresh = tmp_path / "fresh"
            build_result = run_mkdocs(root, "-d", str(fresh))
            assert build_result.returncode == 0, build_result.stderr
            assert_same_tree(fresh, served)
    finally:
        exhibit.write_text(original, encoding="utf-8")
        os.chdir(cwd)
        stop.set()
        config.plugins.on_startup(command="build", dirty=False)


def test_fast_links_equal_layout_links() -> None:
    import itertools

    from plugins.layout import Layout
    from plugins.pages import PageBuilder

    for directory_urls, prefix in itertools.product((True, False), ("", "archive", "a/b")):
        layout = Layout(prefix=prefix, directory_urls=directory_urls)
        builder = PageBuilder(None, layout, None)  # type: ignore[arg-type]
        sources = [
            layout.exhibit("x-1"),
            layout.all_exhibits(),
            layout.group("issuer", "acme"),
            layout.facet_index("issuer"),
            layout.browse_index(),
            "index.md",
            "top.md",
        ]
        targets = [
            layout.exhibit("z-9"),
            layout.exhibit("x-1"),
            layout.group("firm", "doe"),
            layout.group("registration", "333-1"),
            layout.facet_index("year"),
            layout.all_exhibits(),
            "top.md",
            layout.group("party", "caf%C3%A9"),
        ]
        for here, target in itertools.product(sources, targets):
            assert builder.href(here, target) == layout.href(here, target), (here, target)


def test_check_on_every_core_reports_what_one_core_does(tmp_path: Path) -> None:
    folder = tmp_path / "exhibits"
    gen.write_project(folder, 250, seed=3, exhibits_only=True)
    broken = sorted(folder.glob("*.md"))
    broken[10].write_text(broken[10].read_text().replace("date: ", "date: 2001-02-30 #", 1))
    broken[99].write_text("---\nexhibit: 5.1\n---\n")
    every_core = run_cli("check", "--format", "json", str(folder), cwd=tmp_path)
    os.environ["EXHIBITS_JOBS"] = "1"
    try:
        one_core = run_cli("check", "--format", "json", str(folder), cwd=tmp_path)
    finally:
        del os.environ["EXHIBITS_JOBS"]
    report = json.loads(every_core.stdout)
    assert report["files"] == 250 and report["errors"] > 0
    assert report == json.loads(one_core.stdout)


# ------------------------------------------------------------------------------ Pagefind


@pytest.fixture(scope="module")
def pagefind_site(archive: tuple) -> Path:
    root = archive[0].parent / "pagefind"
    gen.write_project(
        root, N, seed=11, options="\n      search: pagefind\n      pagefind_part_size: 120"
    )
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("  - search\n", ""), encoding="utf-8")
    site = build(root, "--strict")
    assert {p.name for p in site.glob("pagefind*")} == {"pagefind", "pagefind-2", "pagefind-3"}
    return site


def test_every_pagefind_bundle_is_written_whole(pagefind_site: Path, tmp_path: Path) -> None:
    """Pagefind replies before its last writes land and its service is then killed: the
    build waits for whole bundles (an empty pagefind-entry.json broke search at 10,000)."""
    import shutil

    from plugins.pagefind_search import bundle_problem

    bundles = sorted(pagefind_site.glob("pagefind*"))
    assert [bundle_problem(b) for b in bundles] == [None] * 3
    for b in bundles:  # the files the search page needs first, none of them empty
        entry = json.loads((b / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] > 0
    # And the check sees the damage it is there for.
    broken = tmp_path / "broken"
    shutil.copytree(bundles[0], broken)
    (broken / "pagefind-entry.json").write_bytes(b"")
    assert "pagefind-entry.json" in (bundle_problem(broken) or "")
    shutil.rmtree(broken)
    shutil.copytree(bundles[1], broken)
    chunk = next(broken.glob("index/*.pf_index"))
    chunk.write_bytes(chunk.read_bytes()[:10])
    assert chunk.name in (bundle_problem(broken) or "")


FILTERS = {"form": "Form type", "year": "Year", "state": "Issuer state", "firm": "Law firm",
           "law": "Governing law", "kind": "Kind of opinion"}  # fmt: skip

SEARCH = """async ([filters, term]) => {
  if (!window.xaPagefind) {  // once per page: a module is imported once, merged once
    window.xaPagefind = (async () => {
      const box = document.getElementById("xa-search");
      const pf = await import(new URL(box.dataset.bundle + "pagefind.js", location.href).href);
      await pf.options({ baseUrl: new URL(box.dataset.root, location.href).pathname });
      for (const part of JSON.parse(box.dataset.parts)) {
        await pf.mergeIndex(new URL(part, location.href).href);
      }
      return pf;
    })();
  }
  const pf = await window.xaPagefind;
  const found = await pf.search(term, { filters });
  const pages = await Promise.all(found.results.map((r) => r.data()));
  return pages.map((p) => p.url);
}"""


def test_pagefind_filters_return_the_right_exhibits(
    pagefind_site: Path,
    archive: tuple,
    serve,
    browser,  # noqa: ANN001
) -> None:
    expected = expected_groups(archive[1])
    base = serve(pagefind_site)
    page_ = browser.new_page()
    try:
        page_.goto(base + "search/")
        for facet, name in FILTERS.items():
            groups = sorted(expected[facet].items(), key=lambda kv: (-len(kv[1]), kv[0]))
            for label, slugs in [groups[0], groups[-1]]:  # the largest and the smallest
                urls = page_.evaluate(SEARCH, [{name: label}, None])
                assert sorted(u.rstrip("/").rsplit("/", 1)[-1] for u in urls) == sorted(slugs)
        # A word of the letters and a filter together.
        form, slugs = max(expected["form"].items(), key=lambda kv: len(kv[1]))
        urls = page_.evaluate(SEARCH, [{"Form type": form}, "nonassessable"])
        assert urls and {u.rstrip("/").rsplit("/", 1)[-1] for u in urls} <= slugs
    finally:
        page_.close()


def test_search_page_shows_results_with_excerpts_and_filters(
    pagefind_site: Path,
    archive: tuple,
    serve,
    browser,  # noqa: ANN001
) -> None:
    expected = expected_groups(archive[1])
    external: list[str] = []
    base = serve(pagefind_site)
    page_ = browser.new_page()
    page_.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    try:
        page_.goto(base + "search/")
        box = page_.locator(".xa-search-input")
        # A field a visitor can see: framed, across the content column (the theme resets
        # form fields to bare text).
        style = box.evaluate(
            "e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopWidth,"
            " e.getBoundingClientRect().width, e.parentElement.getBoundingClientRect().width] }"
        )
        assert style[0] != "none" and style[1] != "0px", style
        assert style[2] >= 0.9 * style[3], style
        box.click()
        box.press_sequentially("nonassessable", delay=20)
        page_.locator(".xa-search-result").first.wait_for()
        assert page_.locator(".xa-search-result").count() == 5
        assert page_.locator(".xa-search-excerpt mark").count() >= 1
        box.fill("")
        page_.locator(".xa-search-filters summary").click()
        form, slugs = max(expected["form"].items(), key=lambda kv: len(kv[1]))
        page_.locator(f".xa-search-filter input[value='{form}']").check()
        page_.wait_for_function(
            "n => document.querySelector('.xa-search-status').textContent.startsWith(n + ' ')",
            arg=len(slugs),
        )
        assert not [u for u in external if "fonts.g" not in u], external  # the theme's fonts
    finally:
        page_.close()
