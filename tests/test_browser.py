"""The shipped archive in a real browser (Debian's Chromium, Playwright), as a reader uses it.

Never skipped: without Chromium the `browser` fixture fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.timeout(300)

TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def base_url(archive_site: Path, serve) -> str:  # noqa: ANN001
    return serve(archive_site)


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def content(page):  # noqa: ANN001, ANN201 - the page's main article
    return page.locator("article.md-content__inner")


def assert_founding_exhibit(page) -> None:  # noqa: ANN001
    assert re.search(r"/exhibits/[^/]+/$", urlsplit(page.url).path), page.url
    card = content(page).locator("table").first
    card.wait_for()
    text = card.inner_text()
    for value in ("Citigroup Inc.", "Michael A. Ross", "333-62144"):
        assert value in text, value
    assert "Exhibit 5.1" in content(page).locator("h1").inner_text()


def test_browse_from_home_to_the_founding_exhibit(page) -> None:  # noqa: ANN001
    page.goto("./")
    content(page).get_by_role("link", name="Issuers", exact=True).first.click()
    page.wait_for_url(re.compile(r"/issuers/$"))
    assert content(page).locator("h1").inner_text().strip().rstrip("¶").strip() == "Issuers"
    content(page).get_by_role("link", name="Citigroup Inc.", exact=True).click()
    page.wait_for_url(re.compile(r"/issuers/citigroup-inc/$"))
    row = content(page).locator("table tr", has_text="2001-06-19")
    row.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/exhibits/[^/]+/$"))
    assert_founding_exhibit(page)

    # Every card value is a way on: the file number leads to the registration statement.
    content(page).locator("table").first.get_by_role("link", name="333-62144", exact=True).click()
    page.wait_for_url(re.compile(r"/registrations/333-62144/$"))
    assert "Citigroup Inc." in content(page).inner_text()


def test_browse_through_the_navigation(page) -> None:  # noqa: ANN001
    page.goto("./")
    nav = page.locator("nav.md-nav--primary")
    nav.get_by_role("link", name="Registration statements", exact=True).first.click()
    page.wait_for_url(re.compile(r"/registrations/$"))
    content(page).get_by_role("link", name="333-62144", exact=True).click()
    page.wait_for_url(re.compile(r"/registrations/333-62144/$"))
    content(page).locator("table tr", has_text="Citigroup Inc.").get_by_role("link").first.click()
    assert_founding_exhibit(page)


def test_search_banamex_finds_the_founding_exhibit(page) -> None:  # noqa: ANN001
    page.goto("./")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Banamex", delay=30)  # typed, as a reader does: search runs on keys
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for()
    hits = {results.nth(i).get_attribute("href"): results.nth(i) for i in range(results.count())}
    exhibits = [
        link
        for href, link in hits.items()
        if re.search(r"/exhibits/[^/]+/(\?[^#]*)?$", href or "")
        and "Citigroup" in link.inner_text()
    ]
    assert exhibits, list(hits)
    exhibits[0].click()
    page.wait_for_url(re.compile(r"/exhibits/[^/]+/"))
    assert_founding_exhibit(page)
    assert page.locator("article mark", has_text=re.compile("Banamex", re.I)).count() >= 1


def column(table, index: int) -> list[str]:  # noqa: ANN001
    return [t.strip() for t in table.locator(f"tbody tr td:nth-child({index})").all_inner_texts()]


def test_the_exhibit_table_sorts_by_the_clicked_column(page) -> None:  # noqa: ANN001
    page.goto("exhibits/")
    table = content(page).locator("table").first
    headers = table.locator("thead th")
    names = [h.strip() for h in headers.all_inner_texts()]
    date_col, issuer_col = names.index("Date") + 1, names.index("Issuer") + 1
    dates = column(table, date_col)
    assert len(dates) >= 2
    assert dates == sorted(dates, reverse=True)  # newest first until a reader chooses

    headers.nth(date_col - 1).click()
    assert column(table, date_col) == sorted(dates)
    assert headers.nth(date_col - 1).get_attribute("data-xa-sort") == "asc"
    headers.nth(date_col - 1).click()
    assert column(table, date_col) == sorted(dates, reverse=True)
    assert headers.nth(date_col - 1).get_attribute("data-xa-sort") == "desc"

    headers.nth(issuer_col - 1).click()
    issuers = column(table, issuer_col)
    first_words = [re.sub(r"\W", "", i.split()[0]).casefold() for i in issuers]
    assert first_words == sorted(first_words), issuers
    # The rows move whole: each date still sits beside its issuer.
    pairs = set(zip(column(table, date_col), issuers, strict=True))
    headers.nth(date_col - 1).click()
    assert set(zip(column(table, date_col), column(table, issuer_col), strict=True)) == pairs
