"""Mentions of archive things inside opinion text become links to their pages."""

from __future__ import annotations

from pathlib import Path

from plugins.catalog import load_catalog
from plugins.crosslinks import MentionIndex
from plugins.layout import Layout
from plugins.render import render_opinion
from tests.conftest import exhibit_text

SEED = """\
exhibit: "5.1"
date: 2001-06-19
issuer: Citigroup Inc.
counsel: Michael A. Ross
file_number: 333-62144
securities: 126,877,791 shares of Common Stock
transaction:
  agreement: Transaction Agreement
  date: 2001-05-17
  parties: [Citigroup Inc., "Citibank, N.A.", Citibank Mexico]
"""


def index(tmp_path: Path) -> tuple[MentionIndex, str]:
    (tmp_path / "exhibits").mkdir()
    (tmp_path / "exhibits" / "seed.md").write_text(exhibit_text(SEED), encoding="utf-8")
    result = load_catalog(tmp_path, [tmp_path / "exhibits" / "seed.md"])
    assert result.problems == []
    layout = Layout()
    [slug] = result.catalog.exhibits
    return MentionIndex(result.catalog, layout), layout.exhibit(slug)


def links(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)


def test_file_numbers_issuers_and_parties_link_once_each(tmp_path: Path) -> None:
    mentions, page = index(tmp_path)
    text = (
        "Registration Statement (File No. 333-62144) of Citigroup Inc., with Citibank, N.A. "
        "and Citibank Mexico. Citigroup Inc. again; File No. 333-99999 is not ours; "
        "Citibank, N.A. again."
    )
    html = render_opinion(text, find_mentions=mentions.finder(page)).html
    assert links(html) == [
        ("../../registrations/333-62144/", "333-62144"),
        ("../../issuers/citigroup-inc/", "Citigroup Inc."),
        ("../../parties/citibank-n-a/", "Citibank, N.A."),  # the longest name wins
        ("../../parties/citibank-mexico/", "Citibank Mexico"),
    ]


def test_names_inside_longer_words_are_not_linked(tmp_path: Path) -> None:
    mentions, page = index(tmp_path)
    html = render_opinion(
        "Citigroup Inc.X and 333-621445", find_mentions=mentions.finder(page)
    ).html
    assert links(html) == []


def test_text_inside_code_or_existing_links_is_left_alone(tmp_path: Path) -> None:
    mentions, page = index(tmp_path)
    html = render_opinion(
        "`Citigroup Inc.` and [Citigroup Inc.](https://example.com/)",
        find_mentions=mentions.finder(page),
    ).html
    assert "../../issuers/" not in html
