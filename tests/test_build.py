"""Real `mkdocs build` runs: the pages, the links between them, the search index.

Two kinds of site: small temporary projects made for one behaviour (`make_project`), and
the shipped archive itself (`archive_site`, built once with --strict).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser

from plugins.catalog import find_exhibit_files, load_catalog
from tests.conftest import REPO, build_the_archive, exhibit_text, run_mkdocs, write_project
from tests.linkcheck import check_site, resolve_href

pytestmark = pytest.mark.timeout(600)

SITE_URL = "https://archive.test/"
FACET_FOLDERS = (
    "issuers",
    "law-firms",
    "counsel",
    "registrations",
    "transactions",
    "governing-law",
    "forms",
    "years",
    "states",
    "parties",
    "kinds",
    "opinions",
)

MERGER = """\
exhibit: "5.1"
date: 2001-06-19
issuer: Example Holdings Inc.
issuer_state: Delaware
counsel: Jane Q. Doe
counsel_title: Partner
law_firm: Doe & Roe LLP
form: S-4
file_number: 333-90001
securities:
  - description: 1,000,000 shares of Common Stock, $.01 par value
    class: Common Stock
    shares: 1000000
transaction:
  agreement: Agreement and Plan of Merger
  date: 2001-05-01
  parties: [Example Holdings Inc., Target Bank Corp.]
governing_law: [General Corporation Law of the State of Delaware]
opinions: [duly authorized, validly issued, fully paid, nonassessable]
consent: true
"""
TAX = """\
exhibit: "8.1"
date: 2001-06-20
issuer: Example Holdings Inc.
law_firm: Tax Partners LLP
form: S-4
file_number: 333-90001
securities: 1,000,000 shares of Common Stock
"""
SHELF = """\
exhibit: "5.1"
date: 2005-03-01
issuer: Second Corp
issuer_state: Nevada
law_firm: Shelf & Co. LLP
form: S-3
file_number: 333-90002
securities: Debt securities
opinions: [non-assessable]
slug: second-corp-shelf-opinion
"""
SHELF_BODY = """\
Ladies and Gentlemen:

We refer to the registration statement of Example Holdings Inc. (File No. 333-90001) and
to the merger with Target Bank Corp., and we have acted as counsel to Second Corp.

Very truly yours,
"""
SLUGS = {
    "merger.md": "example-holdings-inc-ex-5-1-2001-06-19",
    "tax.md": "example-holdings-inc-ex-8-1-2001-06-20",
    "shelf.md": "second-corp-shelf-opinion",
}


# -- helpers -----------------------------------------------------------------------------


def html(file: Path) -> LexborHTMLParser:
    return LexborHTMLParser(file.read_text(encoding="utf-8"))


def article(file: Path):  # noqa: ANN201 - a selectolax node
    node = html(file).css_first("article")
    assert node is not None, f"{file} has no article"
    return node


def exhibit_page(site: Path, slug: str) -> Path:
    return site / "exhibits" / slug / "index.html"


def targets(site: Path, page: Path, node) -> list[Path]:  # noqa: ANN001
    """Files that the internal links inside `node` land on."""
    out = []
    for a in node.css("a[href]"):
        resolved = resolve_href(site, page, a.attributes["href"] or "", SITE_URL)
        if resolved is not None:
            out.append(resolved[0])
    return out


def section_links(site: Path, page: Path, heading: str) -> list[Path]:
    """Link targets in the list that follows the heading with this text."""
    root = article(page)
    for h in root.css("h2, h3"):
        if h.text(strip=True).rstrip("¶").strip() == heading:
            node = h.next
            while node is not None and node.tag != "ul":
                node = node.next
            assert node is not None, f"no list after '{heading}' in {page}"
            return targets(site, page, node)
    raise AssertionError(f"no heading '{heading}' in {page}")


def search_entries(site: Path, page_url: str) -> list[dict]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [
        d
        for d in index["docs"]
        if d["location"] == page_url or d["location"].startswith(page_url + "#")
    ]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("\u2019", "'").casefold())


def assert_no_broken_links(site: Path, site_url: str = SITE_URL) -> None:
    broken = check_site(site, site_url=site_url)
    assert not broken, "\n".join(map(str, broken[:40]))


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary project with three related exhibits, built with --strict."""
    root = tmp_path_factory.mktemp("small")
    files = {
        "merger.md": exhibit_text(MERGER),
        "tax.md": exhibit_text(TAX),
        "shelf.md": exhibit_text(SHELF, SHELF_BODY),
    }
    project = write_project(root / "project", files)
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


# -- a temporary project -----------------------------------------------------------------


def test_every_exhibit_gets_a_page_at_its_slug(small_site: Path) -> None:
    for slug in SLUGS.values():
        assert exhibit_page(small_site, slug).is_file(), slug
    assert sorted(p.parent.name for p in (small_site / "exhibits").glob("*/index.html")) == sorted(
        SLUGS.values()
    )
    title = html(exhibit_page(small_site, SLUGS["merger.md"])).css_first("h1").text()
    assert "Example Holdings Inc." in title and "5.1" in title


def test_card_values_link_to_browse_pages_that_list_the_exhibit(small_site: Path) -> None:
    page = exhibit_page(small_site, SLUGS["merger.md"])
    card = article(page).css_first("table")
    text = card.text()
    for value in (
        "Example Holdings Inc.",
        "Delaware",
        "Jane Q. Doe",
        "Doe & Roe LLP",
        "June 19, 2001",
        "S-4",
        "333-90001",
        "1,000,000 shares",
        "Agreement and Plan of Merger",
        "Target Bank Corp.",
        "General Corporation Law of the State of Delaware",
        "nonassessable",
    ):
        assert value in text, value
    linked = [t for t in targets(small_site, page, card) if t.is_relative_to(small_site)]
    folders = {t.relative_to(small_site).parts[0] for t in linked}
    assert folders >= set(FACET_FOLDERS), set(FACET_FOLDERS) - folders
    for target in linked:
        assert target.is_file(), target
        back = targets(small_site, target, article(target))
        assert page in back, f"{target} does not list the exhibit"
    edgar = [
        a.attributes["href"]
        for a in card.css("a[href]")
        if "sec.gov" in (a.attributes["href"] or "")
    ]
    assert any("filenum=333-90001" in href for href in edgar)


def test_every_facet_index_links_to_its_group_pages(small_site: Path) -> None:
    browse = small_site / "browse" / "index.html"
    assert browse.is_file()
    from_browse = set(targets(small_site, browse, article(browse)))
    for folder in FACET_FOLDERS:
        index = small_site / folder / "index.html"
        assert index.is_file(), folder
        assert index in from_browse, f"browse page does not link to {folder}/"
        groups = {
            t
            for t in targets(small_site, index, article(index))
            if t.parent.parent == small_site / folder
        }
        on_disk = set((small_site / folder).glob("*/index.html"))
        assert groups == on_disk and groups, folder
    registrations = small_site / "registrations" / "index.html"
    listed = {t.parent.name for t in targets(small_site, registrations, article(registrations))}
    assert {"333-90001", "333-90002"} <= listed


def test_group_page_lists_its_exhibits(small_site: Path) -> None:
    group = small_site / "registrations" / "333-90001" / "index.html"
    linked = set(targets(small_site, group, article(group)))
    assert {exhibit_page(small_site, SLUGS[f]) for f in ("merger.md", "tax.md")} <= linked
    assert exhibit_page(small_site, SLUGS["shelf.md"]) not in linked


def test_kinds_and_opinions_group_the_exhibits_that_share_them(small_site: Path) -> None:
    def listed(*parts: str) -> set[Path]:
        page = small_site.joinpath(*parts, "index.html")
        return {t for t in targets(small_site, page, article(page)) if "exhibits" in t.parts}

    pages = {name: exhibit_page(small_site, slug) for name, slug in SLUGS.items()}
    assert listed("kinds", "tax-opinions") == {pages["tax.md"]}
    assert listed("kinds", "legality-opinions") == {pages["merger.md"], pages["shelf.md"]}
    # "nonassessable" and "non-assessable" are one opinion, spelled two ways
    assert listed("opinions", "nonassessable") == {pages["merger.md"], pages["shelf.md"]}
    assert listed("opinions", "duly-authorized") == {pages["merger.md"]}


def test_exhibits_of_one_registration_statement_link_to_each_other(small_site: Path) -> None:
    merger = exhibit_page(small_site, SLUGS["merger.md"])
    tax = exhibit_page(small_site, SLUGS["tax.md"])
    assert tax in section_links(small_site, merger, "Same registration statement")
    assert merger in section_links(small_site, tax, "Same registration statement")
    shelf = exhibit_page(small_site, SLUGS["shelf.md"])
    assert "Related exhibits" not in article(shelf).text()


def test_mentions_in_the_text_link_to_their_pages(small_site: Path) -> None:
    page = exhibit_page(small_site, SLUGS["shelf.md"])
    opinion = article(page).css_first(".xa-opinion")
    assert opinion is not None
    by_text = {
        a.text(strip=True): resolve_href(small_site, page, a.attributes["href"], SITE_URL)[0]
        for a in opinion.css("a[href]")
    }
    assert by_text.get("333-90001") == small_site / "registrations" / "333-90001" / "index.html"
    assert (
        by_text.get("Example Holdings Inc.")
        == small_site / "issuers" / "example-holdings-inc" / "index.html"
    )
    assert (
        by_text.get("Target Bank Corp.")
        == small_site / "parties" / "target-bank-corp" / "index.html"
    )
    assert all(t.is_file() for t in by_text.values())


def test_search_index_holds_metadata_and_text(small_site: Path) -> None:
    entries = search_entries(small_site, f"exhibits/{SLUGS['shelf.md']}/")
    assert entries
    text = " ".join(f"{e['title']} {e['text']}" for e in entries)
    for term in ("Second Corp", "Shelf &amp; Co. LLP", "333-90002", "Nevada", "Target Bank Corp"):
        assert term in text or term.replace("&amp;", "&") in text, term


def test_no_broken_internal_links_in_a_project(small_site: Path) -> None:
    assert_no_broken_links(small_site)


# -- invalid exhibits ---------------------------------------------------------------------

BAD = exhibit_text(
    'exhibit: "5.1"\n'  # line 2
    "date: 2001-02-30\n"  # line 3
    "issuer: Invalid Example Corp\n"
    "counsel: Jane Q. Doe\n"
    "securities: 10 shares\n"
)


def test_an_invalid_exhibit_fails_strict_naming_file_and_line(make_project) -> None:  # noqa: ANN001
    project = make_project({"good.md": exhibit_text(), "bad.md": BAD})
    result = run_mkdocs(project, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(r"exhibits/bad\.md:3:\d+: date: .*2001-02-30", output), output
    assert "Traceback" not in output


@pytest.mark.parametrize("options", ["", ":\n      on_invalid: skip"], ids=["default", "skip"])
def test_without_strict_the_valid_exhibit_is_built_and_the_invalid_one_withheld(
    make_project, options: str
) -> None:  # noqa: ANN001
    project = make_project({"good.md": exhibit_text(), "bad.md": BAD}, options=options)
    result = run_mkdocs(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"WARNING.*exhibits/bad\.md:3:\d+", output), output
    site = project / "site"
    assert exhibit_page(site, "example-holdings-inc-ex-5-1-2001-06-19").is_file()
    published = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json")]
    leaks = [p for p in published if "Invalid Example Corp" in p.read_text(encoding="utf-8")]
    assert leaks == []
    assert not any("invalid-example-corp" in str(p) for p in site.rglob("*"))


def test_on_invalid_fail_aborts_the_build(make_project) -> None:  # noqa: ANN001
    project = make_project(
        {"good.md": exhibit_text(), "bad.md": BAD}, options=":\n      on_invalid: fail"
    )
    result = run_mkdocs(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "bad.md:3" in output
    assert not exhibit_page(project / "site", "example-holdings-inc-ex-5-1-2001-06-19").exists()


def test_plugin_options_are_validated_by_mkdocs(make_project) -> None:  # noqa: ANN001
    project = make_project({"good.md": exhibit_text()}, options=":\n      on_invalid: maybe")
    result = run_mkdocs(project)
    assert result.returncode != 0
    assert "on_invalid" in result.stdout + result.stderr


# -- the shipped archive -----------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> dict[str, object]:
    """Slugs of the shipped exhibits, read with the same loader the plugin uses."""
    files = find_exhibit_files(REPO, "exhibits")
    result = load_catalog(REPO, files)
    return {"files": files, "catalog": result.catalog, "errors": result.errors}


def test_the_shipped_archive_builds_strict_without_warnings(archive_site: Path) -> None:
    log = (archive_site.parent / "build.log").read_text(encoding="utf-8")
    assert "WARNING" not in log, log
    assert (archive_site / "index.html").is_file()


def test_every_shipped_exhibit_is_published(archive_site: Path, shipped: dict) -> None:
    catalog = shipped["catalog"]
    assert shipped["errors"] == []
    assert len(catalog.exhibits) == len(shipped["files"]) >= 14
    for slug in catalog.exhibits:
        assert exhibit_page(archive_site, slug).is_file(), slug
    all_exhibits = archive_site / "exhibits" / "index.html"
    listed = set(targets(archive_site, all_exhibits, article(all_exhibits)))
    assert {exhibit_page(archive_site, s) for s in catalog.exhibits} <= listed


@pytest.fixture(scope="module")
def seed_page(archive_site: Path) -> Path:
    """The founding exhibit's page, found the way a reader would: by its file number."""
    registration = archive_site / "registrations" / "333-62144" / "index.html"
    assert registration.is_file(), "no page for registration statement 333-62144"
    pages = [
        t
        for t in targets(archive_site, registration, article(registration))
        if t.parent.parent == archive_site / "exhibits"
    ]
    seeds = [p for p in pages if "Michael A. Ross" in article(p).css_first("table").text()]
    assert len(seeds) == 1, pages
    return seeds[0]


def test_the_founding_exhibit_card(seed_page: Path) -> None:
    card = article(seed_page).css_first("table").text()
    for value in (
        "Citigroup Inc.",
        "Delaware",
        "Michael A. Ross",
        "Deputy General Counsel",
        "June 19, 2001",
        "S-4",
        "333-62144",
        "126,877,791",
        "Transaction Agreement",
        "May 17, 2001",
        "Citibank, N.A.",
        "General Corporation Law of the State of Delaware",
        "nonassessable",
    ):
        assert value in card, value


def test_the_founding_exhibit_text_is_word_for_word(seed_page: Path, shared_dir: Path) -> None:
    [seed] = (shared_dir / "seed").glob("*.txt")
    original = words(seed.read_text(encoding="utf-8").replace("<PAGE>", ""))
    opinion = article(seed_page).css_first(".xa-opinion")
    assert opinion is not None
    published = words(opinion.text(separator=" "))
    if " ".join(original) not in " ".join(published):
        start = published.index(original[0]) if original[0] in published else 0
        at = next(
            (
                i
                for i, (a, b) in enumerate(zip(original, published[start:], strict=False))
                if a != b
            ),
            min(len(original), len(published) - start),
        )
        raise AssertionError(
            f"the published text departs from the letter at word {at}: "
            f"letter {original[max(0, at - 6) : at + 6]}, "
            f"page {published[start + max(0, at - 6) : start + at + 6]}"
        )


def test_search_finds_the_founding_exhibit(archive_site: Path, seed_page: Path) -> None:
    url = seed_page.parent.relative_to(archive_site).as_posix() + "/"
    entries = search_entries(archive_site, url)
    assert entries, url
    text = " ".join(f"{e['title']} {e['text']}" for e in entries)
    for term in ("Banamex", "Ross", "333-62144", "Citigroup"):
        assert term in text, term


def test_the_founding_exhibit_links_to_its_registration_statement(
    archive_site: Path, seed_page: Path
) -> None:
    linked = targets(archive_site, seed_page, article(seed_page))
    assert archive_site / "registrations" / "333-62144" / "index.html" in linked
    assert archive_site / "issuers" / "citigroup-inc" / "index.html" in linked


def test_home_page_reaches_every_browse_index(archive_site: Path) -> None:
    home = archive_site / "index.html"
    linked = set(targets(archive_site, home, html(home).body))
    for folder in ("exhibits", *FACET_FOLDERS):
        assert archive_site / folder / "index.html" in linked, folder


def test_no_broken_internal_links_in_the_archive(archive_site: Path) -> None:
    site_url = load_config(str(REPO / "mkdocs.yml")).site_url or ""
    assert_no_broken_links(archive_site, site_url)


def test_the_site_address_can_be_given_when_building(tmp_path: Path) -> None:
    """The publishing workflow builds with SITE_URL set to the Pages address: the feeds,
    canonical links and the catalog must use it, without editing mkdocs.yml."""
    out = tmp_path / "site"
    result = build_the_archive(out, SITE_URL="https://owner.example.io/opinions/")
    assert result.returncode == 0, result.stdout + result.stderr
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["site_url"] == "https://owner.example.io/opinions/"
    assert all(
        r["url"].startswith("https://owner.example.io/opinions/") for r in catalog["exhibits"]
    )
    feed = (out / "feeds" / "exhibits.xml").read_text(encoding="utf-8")
    assert "https://owner.example.io/opinions/" in feed and "exhibit-archive.example" not in feed


def test_a_letter_to_co_registrants_is_listed_under_each_issuer(archive_site: Path) -> None:
    slugs = {
        "welltower-inc-and-welltower-op-llc-ex-5-1-2025-03-28",
        "welltower-inc-and-welltower-op-llc-ex-8-1-2025-03-28",
    }
    for registrant in ("welltower-inc", "welltower-op-llc"):
        group = archive_site / "issuers" / registrant / "index.html"
        listed = {t.parent.name for t in targets(archive_site, group, article(group))}
        assert slugs <= listed, registrant
    page = exhibit_page(archive_site, sorted(slugs)[1])
    card = article(page).css_first("table")
    linked = {t.parent.name for t in targets(archive_site, page, card) if "issuers" in t.parts}
    assert linked == {"welltower-inc", "welltower-op-llc"}


def _merger_with_second_entry(make_project, entry: str, shown: str):  # noqa: ANN001, ANN202
    """Build the merger exhibit with one more securities entry (YAML lines); give the HTML
    of the cell that shows it, split at its line breaks, and the entry's catalog record."""
    front = MERGER.replace("    shares: 1000000\n", "    shares: 1000000\n" + entry)
    project = make_project({"m.md": exhibit_text(front)})
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    page = html(exhibit_page(project / "site", SLUGS["merger.md"]))
    cell = next(td for td in page.css("td") if shown in td.text())
    lines = [" ".join(line.split()) for line in cell.html.split("<br>")]
    data = json.loads((project / "site" / "catalog.json").read_text("utf-8"))
    (record,) = data["exhibits"]
    return lines, record["securities"]


def test_a_class_left_to_another_opinion_says_so(make_project) -> None:
    lines, securities = _merger_with_second_entry(
        make_project,
        "  - description: debt securities\n    class: debt securities\n    covered: false\n",
        "debt securities",
    )
    flagged = [line for line in lines if "left to another opinion" in line]
    assert len(flagged) == 1 and "debt securities" in flagged[0], lines
    assert [s.get("covered", True) for s in securities] == [True, False]


def test_parts_of_a_total_are_shown_inside_it(make_project) -> None:
    lines, securities = _merger_with_second_entry(
        make_project,
        "  - description: 400,000 shares issuable upon exercise of warrants\n"
        "    shares: 400000\n    part_of_total: true\n",
        "400,000 shares issuable",
    )
    (part,) = [line for line in lines if "400,000 shares issuable" in line]
    assert "<em>of which</em> 400,000 shares issuable" in part, lines
    assert [s.get("part_of_total", False) for s in securities] == [False, True]
