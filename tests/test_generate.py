"""`exhibits generate OUT_DIR`: the archive as plain files, built by Zensical (no plugins)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import run_cli, write_project
from tests.sample_exhibits import EXHIBITS, SEED_ALIAS, SEED_SLUG

pytestmark = pytest.mark.timeout(600)


def _zensical() -> list[str]:
    exe = shutil.which("zensical") or str(Path(sys.executable).parent / "zensical")
    assert Path(exe).exists(), "zensical is not installed (pip install zensical)"
    return [exe]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("generate")
    root = write_project(
        base / "project",
        EXHIBITS,
        docs={
            "index.md": "# Home\n\nSee [the founding exhibit](registrations/333-62144.md).\n",
            "dev/notes.md": "# Developer notes\n",
        },
    )
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(
            "exclude_docs: |\n  dev/\nmarkdown_extensions:\n  - tables\n  - toc:\n"
            "      permalink: true\n"
        )
    out = base / "out"
    result = run_cli("generate", str(out), "--config", str(root / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def zensical_site(generated: Path) -> Path:
    result = subprocess.run(
        [*_zensical(), "build", "-f", str(generated / "mkdocs.yml")],
        cwd=generated,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return generated / "site"


def test_output_is_markdown_files_and_a_config_without_the_plugin(generated: Path) -> None:
    docs = generated / "docs"
    assert (
        (docs / "exhibits" / f"{SEED_SLUG}.md")
        .read_text("utf-8")
        .startswith("# Citigroup Inc\\.: Exhibit 5\\.1")
    )
    assert (docs / "index.md").is_file() and not (docs / "dev").exists()
    for path in (
        "catalog.json",
        "catalog.csv",
        "feeds/exhibits.xml",
        "schema/exhibit.schema.json",
        f"exhibits/{SEED_ALIAS}/index.html",
        "assets/exhibits/exhibits.css",
        "browse.md",
        "issuers/index.md",
    ):
        assert (docs / path).is_file(), path
    config = yaml.safe_load((generated / "mkdocs.yml").read_text("utf-8"))
    assert config["plugins"] == ["search"] and config["docs_dir"] == "docs"
    assert config["site_url"] == "https://archive.test/"
    assert "assets/exhibits/exhibits.css" in config["extra_css"]
    assert config["nav"][0] == "index.md" and "browse.md" in config["nav"][-1]["Browse"]


def test_zensical_builds_the_seed_page_browse_pages_and_cross_links(zensical_site: Path) -> None:
    page_file = zensical_site / "exhibits" / SEED_SLUG / "index.html"
    page = LexborHTMLParser(page_file.read_text(encoding="utf-8"))
    assert page.css_first("h1").text().startswith("Citigroup Inc.: Exhibit 5.1")
    card = page.css_first("article table").text()
    assert "Michael A. Ross" in card and "333-62144" in card
    # A cross-link in the opinion text reaches the registration statement's page.
    page_url = f"https://archive.test/exhibits/{SEED_SLUG}/"
    hrefs = [urljoin(page_url, a.attributes["href"]) for a in page.css(".xa-opinion a")]
    assert "https://archive.test/registrations/333-62144/" in hrefs
    assert "https://archive.test/issuers/citigroup-inc/" in hrefs
    for href in hrefs:
        target = zensical_site / href.removeprefix("https://archive.test/") / "index.html"
        assert target.is_file(), href
    registration = zensical_site / "registrations" / "333-62144" / "index.html"
    listing = LexborHTMLParser(registration.read_text(encoding="utf-8"))
    linked = [
        urljoin("https://archive.test/registrations/333-62144/", a.attributes["href"])
        for a in listing.css("article table a")
    ]
    assert page_url in linked
    for browse in ("browse", "exhibits", "issuers", "law-firms", "years"):
        assert (zensical_site / browse / "index.html").is_file(), browse
    data = json.loads(page.css_first('script[type="application/ld+json"]').text())
    assert data["about"]["name"] == "Citigroup Inc."


def test_zensical_publishes_exports_and_redirects(zensical_site: Path) -> None:
    catalog = json.loads((zensical_site / "catalog.json").read_text(encoding="utf-8"))
    assert {e["slug"] for e in catalog["exhibits"]} >= {SEED_SLUG}
    old = LexborHTMLParser((zensical_site / "exhibits" / SEED_ALIAS / "index.html").read_text())
    target = urljoin(
        f"https://archive.test/exhibits/{SEED_ALIAS}/", old.css_first("body a").attributes["href"]
    )
    assert target == f"https://archive.test/exhibits/{SEED_SLUG}/"
    assert (zensical_site / "feeds" / "exhibits.xml").is_file()


def test_generate_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a.md": EXHIBITS["citigroup.md"]})
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("generate", str(out), "--config", str(root / "mkdocs.yml"))
    assert result.returncode == 2 and "not empty" in result.stderr
    assert (out / "precious.txt").read_text(encoding="utf-8") == "keep me"


def test_generate_replaces_its_own_earlier_output(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p", {"a.md": EXHIBITS["citigroup.md"], "b.md": EXHIBITS["example.md"]}
    )
    out = tmp_path / "out"
    assert run_cli("generate", str(out), "--config", str(root / "mkdocs.yml")).returncode == 0
    gone = out / "docs" / "exhibits" / "example-holdings-inc-ex-5-1-2015-05-05.md"
    assert gone.is_file()
    (root / "exhibits" / "b.md").unlink()
    assert run_cli("generate", str(out), "--config", str(root / "mkdocs.yml")).returncode == 0
    assert not gone.exists()
    assert (out / "docs" / "exhibits" / f"{SEED_SLUG}.md").is_file()


def test_generate_strict_writes_nothing_when_an_exhibit_is_invalid(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p", {"a.md": EXHIBITS["citigroup.md"], "bad.md": "---\nexhibit: 5.1\n---\n"}
    )
    out = tmp_path / "out"
    result = run_cli("generate", str(out), "--strict", "--config", str(root / "mkdocs.yml"))
    assert result.returncode == 1 and "bad.md" in result.stderr
    assert not out.exists()


def test_plain_mkdocs_builds_the_output_with_output_links(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", EXHIBITS)
    out = tmp_path / "out"
    result = run_cli(
        "generate", str(out), "--html-links", "output", "--config", str(root / "mkdocs.yml")
    )
    assert result.returncode == 0, result.stderr
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(out / "mkdocs.yml")],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    page_url = f"https://archive.test/exhibits/{SEED_SLUG}/"
    page = LexborHTMLParser((out / "site" / "exhibits" / SEED_SLUG / "index.html").read_text())
    hrefs = [urljoin(page_url, a.attributes["href"]) for a in page.css(".xa-opinion a")]
    assert "https://archive.test/registrations/333-62144/" in hrefs


def test_config_tags_are_kept_and_env_settings_resolved(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a.md": EXHIBITS["citigroup.md"]})
    config = (
        (root / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace(
            "site_url: https://archive.test/",
            'site_url: !ENV [XA_TEST_SITE_URL, "https://x.test/"]',
        )
    )
    config += (
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plugins.cli",
            "generate",
            str(out),
            "--config",
            str(root / "mkdocs.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "XA_TEST_SITE_URL": "https://env.test/"},
    )
    assert result.returncode == 0, result.stderr
    catalog = json.loads((out / "docs" / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["site_url"] == "https://env.test/"
    written = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!ENV" in written and "XA_TEST_SITE_URL" in written  # still read at build time
    assert "!!python/name:material.extensions.emoji.twemoji" in written
