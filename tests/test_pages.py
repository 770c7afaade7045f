"""Page generation pieces: URLs between pages, escaping of metadata, mentions in text."""

from __future__ import annotations

import markdown
import pytest

from plugins.layout import Layout
from plugins.pages import md_text


@pytest.mark.parametrize(
    "directory_urls, source, target, expected",
    [
        (True, "exhibits/a.md", "issuers/b.md", "../../issuers/b/"),
        (True, "exhibits/a.md", "exhibits/index.md", "../"),
        (True, "exhibits/index.md", "exhibits/a.md", "a/"),
        (True, "browse.md", "years/index.md", "../years/"),
        (False, "exhibits/a.md", "issuers/b.md", "../issuers/b.html"),
        (False, "exhibits/a.md", "exhibits/index.md", "index.html"),
        (False, "browse.md", "years/index.md", "years/index.html"),
    ],
)
def test_relative_urls_between_pages(
    directory_urls: bool, source: str, target: str, expected: str
) -> None:
    assert Layout(directory_urls=directory_urls).href(source, target) == expected


def test_prefix_moves_every_generated_page() -> None:
    layout = Layout(prefix="archive")
    assert layout.exhibit("x") == "archive/exhibits/x.md"
    assert layout.facet_index("issuer") == "archive/issuers/index.md"
    assert layout.md_link(layout.exhibit("x"), layout.group("issuer", "y")) == "../issuers/y.md"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('XSS')</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
        "</title><script>alert(1)</script>",
        "Doe & Roe | LLP *bold* _em_ `code` <!--",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
)
def test_metadata_values_render_as_plain_text(hostile: str) -> None:
    html = markdown.markdown(
        f"| a |\n|---|\n| {md_text(hostile)} |\n\n# {md_text(hostile)}", extensions=["tables"]
    )
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<em>" not in html and "<strong>" not in html and "<code>" not in html
    assert "<!--" not in html
    assert html.count("<td>") == 1  # a '|' in a value does not split the table cell
