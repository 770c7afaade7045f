"""What readers and re-users get from a built site, each artefact parsed as its consumers do:
catalog.json against its JSON Schema, catalog.csv round-tripped, per-exhibit JSON, the Atom
feeds with feedparser, JSON-LD and OpenGraph from the page head, the citation box, redirect
pages for old slugs, and the sitemap.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest
from selectolax.lexbor import LexborHTMLParser

from plugins import feeds
from plugins.archive import generate
from plugins.catalog import find_exhibit_files, load_catalog
from plugins.exports import read_catalog_csv
from plugins.layout import Layout
from plugins.redirects import redirect_files
from tests.conftest import REPO, exhibit_text, run_mkdocs, write_project
from tests.sample_exhibits import (
    EXHIBITS,
    HOSTILE_ISSUER,
    HOSTILE_STATE,
    SEED_ALIAS,
    SEED_SLUG,
)

pytestmark = pytest.mark.timeout(600)
SITE_URL = "https://archive.test/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("exports") / "project", EXHIBITS)
    result = run_mkdocs(root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def _catalog(site: Path) -> dict:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


def _page(site: Path, url: str) -> Path:
    """The built file a site URL (absolute or site-relative) is served from."""
    path = url.removeprefix(SITE_URL)
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def _by_slug(site: Path) -> dict[str, dict]:
    return {e["slug"]: e for e in _catalog(site)["exhibits"]}


# -- catalog.json, per-exhibit JSON, catalog.csv -------------------------------------------
def test_catalog_json_is_valid_against_its_published_schema(site: Path) -> None:
    catalog = _catalog(site)
    schema = json.loads((site / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(catalog)
    assert catalog["format_version"] == "1.0"
    assert catalog["count"] == len(catalog["exhibits"]) == 3
    record_fields = schema["$defs"]["Exhibit"]["properties"]
    for record in catalog["exhibits"]:
        assert list(record) == list(record_fields)  # every documented field, in order
        assert _page(site, record["url"]).is_file()
        assert record["url"] == SITE_URL + record["path"]


def test_catalog_records_carry_the_metadata(site: Path) -> None:
    seed = _by_slug(site)[SEED_SLUG]
    assert seed["issuer"] == "Citigroup Inc."
    assert seed["file_number"] == ["333-62144"]
    assert seed["securities"][0]["shares"] == 126877791
    assert seed["transaction"]["parties"][1] == "Citibank, N.A."
    assert seed["kind"] == "legality"
    assert seed["added"] == "2026-11-20"
    assert seed["aliases"] == [SEED_ALIAS]
    assert seed["issuer_cik"] == "0000831001"
    hostile = next(r for r in _catalog(site)["exhibits"] if r["issuer"] == HOSTILE_ISSUER)
    assert hostile["added"] == "2010-03-01"  # no `added`, no git: the letter date


def test_one_json_file_per_exhibit_beside_its_page(site: Path) -> None:
    schema = json.loads((site / "schema" / "exhibit-data.schema.json").read_text("utf-8"))
    for slug, record in _by_slug(site).items():
        data = json.loads((site / record["data"]).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema).validate(data)
        assert data["exhibit"] == record
        assert (site / "exhibits" / f"{slug}.json").is_file()
        assert (site / "exhibits" / slug / "index.html").is_file()


def test_csv_round_trips_to_catalog_json(site: Path) -> None:
    text = (site / "catalog.csv").read_text(encoding="utf-8")
    catalog = _catalog(site)
    assert read_catalog_csv(text) == catalog["exhibits"]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["slug"] for r in rows] == [e["slug"] for e in catalog["exhibits"]]
    hostile = next(r for r in rows if r["issuer"] == HOSTILE_ISSUER)
    # A spreadsheet must not run contributed text as a formula.
    assert hostile["issuer_state"] == "'" + HOSTILE_STATE
    assert json.loads(hostile["file_number"]) == ["333-111111"]
    assert hostile["consent"] == "" and hostile["law_firm"] == "Doe & Roe LLP"


# -- feeds ---------------------------------------------------------------------------------
def _feed(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_archive_feed_lists_new_exhibits_newest_added_first(site: Path) -> None:
    feed = _feed(site, "feeds/exhibits.xml")
    slugs = [e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries]
    assert slugs == [
        "example-holdings-inc-ex-5-1-2015-05-05",
        SEED_SLUG,
        next(s for s in _by_slug(site) if s.startswith("acme")),
    ]
    # <updated> is the newest entry's date, never the build time.
    assert feed.feed.updated == "2026-11-22T00:00:00Z"
    assert [e.updated for e in feed.entries] == [
        "2026-11-22T00:00:00Z",
        "2026-11-20T00:00:00Z",
        "2010-03-01T00:00:00Z",
    ]
    titles = {e.title for e in feed.entries}
    assert f"{HOSTILE_ISSUER}: Exhibit 5.1 legality opinion (2010-03-01)" in titles
    for entry in feed.entries:
        assert entry.id == entry.link and _page(site, entry.link).is_file()
    assert feed.feed.links[0].href == SITE_URL + "feeds/exhibits.xml"


def test_feeds_per_issuer_and_per_law_firm(site: Path) -> None:
    firm = _feed(site, "feeds/law-firms/doe-roe-llp.xml")
    assert firm.feed.title.endswith("Law firm Doe & Roe LLP")
    assert len(firm.entries) == 2 and firm.feed.updated == "2026-11-22T00:00:00Z"
    issuer = _feed(site, "feeds/issuers/citigroup-inc.xml")
    assert [e.title for e in issuer.entries] == [
        "Citigroup Inc.: Exhibit 5.1 legality opinion (2001-06-19)"
    ]
    page = LexborHTMLParser((site / "issuers" / "citigroup-inc" / "index.html").read_text())
    alternates = [n.attributes["href"] for n in page.css('head link[type="application/atom+xml"]')]
    assert "../../feeds/issuers/citigroup-inc.xml" in alternates


def test_feed_output_is_deterministic(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", EXHIBITS)
    loaded = load_catalog(root, find_exhibit_files(root, "exhibits"))
    first = generate(loaded.catalog, Layout(), site_url=SITE_URL, root=root).files
    second = generate(loaded.catalog, Layout(), site_url=SITE_URL, root=root).files
    assert first == second
    assert dt.date.today().isoformat() not in first["feeds/exhibits.xml"]


def _git(root: Path, *args: str, date: str = "") -> None:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_added_date_comes_from_git_history_in_one_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "p", {"citigroup.md": EXHIBITS["citigroup.md"]})
    _git(root, "init", "-q")
    hostile = root / "exhibits" / "acme.md"
    hostile.write_text(EXHIBITS["acme.md"], encoding="utf-8")  # no `added`
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "first", date="2024-02-03T12:00:00+00:00")
    (root / "exhibits" / "example.md").write_text(
        EXHIBITS["example.md"].replace("added: 2026-11-22\n", ""), encoding="utf-8"
    )
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "second", date="2025-07-08T23:30:00-05:00")  # 9 July UTC
    hostile.write_text(EXHIBITS["acme.md"] + "\nEdited later.\n", encoding="utf-8")
    _git(root, "commit", "-qam", "edit", date="2026-01-01T00:00:00+00:00")
    (root / "exhibits" / "untracked.md").write_text(
        exhibit_text().replace("2001-06-19", "2003-04-05"), encoding="utf-8"
    )

    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args, **kwargs):  # noqa: ANN001, ANN202 - the real call, counted
        calls.append(list(args))
        return real_run(args, **kwargs)

    monkeypatch.setattr(feeds.subprocess, "run", counting_run)
    loaded = load_catalog(root, find_exhibit_files(root, "exhibits"))
    added = feeds.added_dates(loaded.catalog, root)
    assert len(calls) == 1, "one git log for the whole archive"
    by_file = {loaded.catalog.exhibits[s].path: d for s, d in added.items()}
    assert by_file == {
        "exhibits/citigroup.md": dt.date(2026, 11, 20),  # front matter `added` wins
        "exhibits/acme.md": dt.date(2024, 2, 3),  # first commit, not the later edit
        "exhibits/example.md": dt.date(2025, 7, 9),  # the commit's day in UTC
        "exhibits/untracked.md": dt.date(2003, 4, 5),  # not in git: the letter date
    }


def test_without_git_the_letter_date_is_used(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"acme.md": EXHIBITS["acme.md"]})
    loaded = load_catalog(root, find_exhibit_files(root, "exhibits"))
    assert list(feeds.added_dates(loaded.catalog, root).values()) == [dt.date(2010, 3, 1)]


# -- page head: JSON-LD, OpenGraph, Twitter --------------------------------------------------
def _head(site: Path, slug: str) -> tuple[LexborHTMLParser, str]:
    html = (site / "exhibits" / slug / "index.html").read_text(encoding="utf-8")
    return LexborHTMLParser(html), html


def test_json_ld_parses_and_describes_the_exhibit(site: Path) -> None:
    page, _ = _head(site, SEED_SLUG)
    scripts = page.css('head script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].text())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "DigitalDocument" and data["genre"] == "legal opinion"
    assert data["about"]["name"] == "Citigroup Inc."
    assert data["about"]["identifier"]["value"] == "0000831001"
    assert data["author"] == [
        {"@type": "Person", "name": "Michael A. Ross", "jobTitle": "Deputy General Counsel"}
    ]
    assert data["dateCreated"] == "2001-06-19"
    assert data["identifier"][0]["value"] == "333-62144"
    assert data["url"] == f"{SITE_URL}exhibits/{SEED_SLUG}/"


def test_json_ld_and_meta_tags_stay_inert_with_hostile_values(site: Path) -> None:
    slug = next(s for s in _by_slug(site) if s.startswith("acme"))
    page, html = _head(site, slug)
    head = html[: html.index("</head>")]
    raw = head[head.index('<script type="application/ld+json">') :]
    raw = raw[len('<script type="application/ld+json">') : raw.index("</script>")]
    assert "</" not in raw and "<!--" not in raw
    data = json.loads(raw)
    assert data["about"]["name"] == HOSTILE_ISSUER
    assert {"@type": "Person", "name": "Jane <b>Doe</b>"} in data["author"]
    assert len(page.css('script[type="application/ld+json"]')) == 1
    og = {
        n.attributes["property"]: n.attributes["content"] for n in page.css("head meta[property]")
    }
    assert og["og:title"] == f"{HOSTILE_ISSUER}: Exhibit 5.1 legality opinion"
    assert og["og:type"] == "article" and og["og:url"] == f"{SITE_URL}exhibits/{slug}/"
    assert og["og:site_name"] == "Test Archive"
    twitter = {n.attributes["name"]: n.attributes["content"] for n in page.css("head meta[name]")}
    assert twitter["twitter:card"] == "summary"
    assert HOSTILE_ISSUER in twitter["twitter:description"]
    assert page.css_first("head b") is None  # nothing from the values became markup


# -- citation box ----------------------------------------------------------------------------
def test_cite_this_exhibit_box(site: Path) -> None:
    page, _ = _head(site, "example-holdings-inc-ex-5-1-2015-05-05")
    box = page.css_first("article aside.xa-cite")
    assert box is not None
    text = " ".join(box.css_first(".xa-cite-text").text().split())
    for part in (
        "Example Holdings Inc.",
        "Exhibit 5.1",
        "Form S-3ASR",
        "File Nos. 333-222222, 333-222222-01",
        "May 5, 2015",
        "Doe & Roe LLP",
    ):
        assert part in text
    links = [a.attributes["href"] for a in box.css("a")]
    assert links[0].startswith("https://www.sec.gov/Archives/edgar/data/1234/")
    assert links[1] == f"{SITE_URL}exhibits/example-holdings-inc-ex-5-1-2015-05-05/"
    record = _by_slug(site)["example-holdings-inc-ex-5-1-2015-05-05"]
    assert record["citation"].endswith(links[0] + ".")


# -- redirects -------------------------------------------------------------------------------
def test_old_slug_redirects_to_the_exhibit(site: Path) -> None:
    old_url = f"{SITE_URL}exhibits/{SEED_ALIAS}/"
    page = LexborHTMLParser(_page(site, old_url).read_text(encoding="utf-8"))
    refresh = page.css_first('meta[http-equiv="refresh"]').attributes["content"]
    delay, target = refresh.split(";", 1)
    assert delay == "0"
    new_url = f"{SITE_URL}exhibits/{SEED_SLUG}/"
    assert urljoin(old_url, target.strip().removeprefix("url=")) == new_url
    assert page.css_first('link[rel="canonical"]').attributes["href"] == new_url
    assert urljoin(old_url, page.css_first("body a").attributes["href"]) == new_url
    assert page.css_first('meta[name="robots"]').attributes["content"] == "noindex"
    assert _page(site, new_url).is_file()


def test_redirects_with_file_urls_and_collisions(tmp_path: Path) -> None:
    # An alias whose address a hand-written page already has (the schema refuses 'index').
    alias_taken = EXHIBITS["acme.md"].replace("file_number:", "aliases: [notes]\nfile_number:")
    root = write_project(tmp_path / "p", {**EXHIBITS, "acme.md": alias_taken})
    catalog = load_catalog(root, find_exhibit_files(root, "exhibits")).catalog
    layout = Layout(directory_urls=False)
    taken = {"exhibits/notes.html"}
    files, problems = redirect_files(catalog, layout, taken)
    assert list(files) == [f"exhibits/{SEED_ALIAS}.html"]
    page = LexborHTMLParser(files[f"exhibits/{SEED_ALIAS}.html"])
    assert page.css_first("body a").attributes["href"] == f"{SEED_SLUG}.html"
    assert [(p.field, p.severity) for p in problems] == [("aliases", "warning")]


# -- sitemap ---------------------------------------------------------------------------------
def test_sitemap_lists_generated_pages(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)}
    for record in _catalog(site)["exhibits"]:
        assert record["url"] in locs
    for url in ("browse/", "exhibits/", "issuers/citigroup-inc/", "registrations/333-62144/"):
        assert SITE_URL + url in locs
    assert f"{SITE_URL}exhibits/{SEED_ALIAS}/" not in locs


def test_data_page_documents_every_derived_field() -> None:
    from plugins.exports import FORMAT_VERSION, record_schema
    from plugins.schema import ExhibitMeta

    text = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    table = text.split("these derived fields:", 1)[1].split("\n## ", 1)[0]
    documented = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}
    front_matter = {f.alias or name for name, f in ExhibitMeta.model_fields.items()}
    derived = set(record_schema()["properties"]) - front_matter | {"slug", "kind", "added"}
    assert documented == derived
    assert f"`format_version` (now `{FORMAT_VERSION}`)" in text
