"""The print stylesheet, in Chromium with print media: an exhibit page prints as the letter
and its metadata block, without site chrome, breadcrumbs or related-exhibit lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_mkdocs, write_project
from tests.sample_exhibits import EXHIBITS

pytestmark = pytest.mark.timeout(600)
SLUG = "example-holdings-inc-ex-5-1-2015-05-05"  # shares a law firm: has related exhibits


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("print") / "project", EXHIBITS)
    result = run_mkdocs(root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


SHOWN = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  let node = el;
  for (; node; node = node.parentElement) {
    if (getComputedStyle(node).display === "none") return false;
  }
  return true;
}"""


def test_exhibit_prints_as_a_clean_letter(site: Path, serve, browser) -> None:  # noqa: ANN001
    page = browser.new_page()
    try:
        page.goto(f"{serve(site)}exhibits/{SLUG}/")
        page.emulate_media(media="print")
        for selector in ("article h1", "article table", "article .xa-cite", ".xa-opinion"):
            assert page.evaluate(SHOWN, selector) is True, selector
        for selector in (
            ".md-header",
            ".md-sidebar--primary",
            ".md-footer",
            ".xa-noprint-next + p",
            "#related-exhibits",
            "article h2 + h3",
        ):
            assert page.evaluate(SHOWN, selector) is False, selector
        assert page.evaluate(SHOWN, "#opinion-text") is False  # the letter needs no heading
        style = page.evaluate("getComputedStyle(document.querySelector('.xa-opinion')).breakBefore")
        assert style == "page"  # the letter starts on a page of its own
        text = page.evaluate("document.querySelector('.xa-opinion').innerText")
        assert "Ladies and Gentlemen" in text
        pdf = page.pdf(format="Letter")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pdf.startswith(b"%PDF") and pages == 2  # metadata block, then the letter
    finally:
        page.close()
