"""The site walker (tests/sitewalk.py) must itself catch what it is there to catch: a checker
that never fails proves nothing. Each payload below is placed in a page the way a broken
renderer or template would leave it, and must be found."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitewalk import check_fragment, check_html, check_site, normalise_script

THEME_SCRIPT = '<script>__md_scope=new URL("../..",location)</script>'
ALLOWED = frozenset(
    {
        "src  /assets/javascripts/bundle.js",
        # the theme script above, as seen from any depth
        *(
            f"inline  {__import__('hashlib').sha256(normalise_script(s).encode()).hexdigest()}"
            for s in ('__md_scope=new URL("../..",location)',)
        ),
    }
)


def page(content: str, head: str = "", outside: str = "") -> str:
    return (
        f"<!doctype html><html><head><title>t</title>{head}</head><body>{outside}"
        f"<form class='md-search__form'><input class='md-search__input'></form>"
        f"<article class='md-content__inner'>{content}</article>"
        f"<script src='../../assets/javascripts/bundle.js'></script>{THEME_SCRIPT}"
        f"</body></html>"
    )


def test_a_clean_page_passes() -> None:
    assert (
        check_html(
            page(
                "<h1>Title</h1><p><a href='https://example.com/'>x</a> "
                "<img src='data:image/png;base64,AAAA' alt=''></p>"
            ),
            "exhibits/x/index.html",
            ALLOWED,
        )
        == []
    )


@pytest.mark.parametrize(
    "content",
    [
        "<script>alert('XSS-1-1')</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=' JaVa&#x09;ScRiPt:alert(1)'>x</a>",
        "<a href='vbscript:msgbox(1)'>x</a>",
        "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
        "<img src='data:image/svg+xml,<svg onload=alert(1)>'>",
        "<iframe src='https://example.com/'></iframe>",
        "<object data='x'></object>",
        "<embed src='x'>",
        "<form action='https://evil.example/'><input name=p></form>",
        "<style>body{display:none}</style>",
        "<div style='position:fixed'>x</div>",
        "<base href='https://evil.example/'>",
        "<meta http-equiv='refresh' content='0;url=https://evil.example/'>",
        "<link rel=stylesheet href='https://evil.example/x.css'>",
        "<svg><set attributeName=onmouseover to=alert(1) /></svg>",
        "<math><maction xlink:href='javascript:alert(1)'>x</maction></math>",
        "<a href='https://evil.example/' target=_blank>x</a>",
        "<img src='https://evil.example/pixel.gif'>",
        "<img src='\\\\evil.example\\share\\x.png'>",
        "<a href='file:///etc/passwd'>x</a>",
        "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
        "<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'></iframe>",
        "<button formaction='javascript:alert(1)'>x</button>",
    ],
)
def test_content_payloads_are_found(content: str) -> None:
    found = check_html(page(content), "exhibits/x/index.html", ALLOWED)
    assert found, f"not found: {content}"


@pytest.mark.parametrize(
    "outside",
    [
        "<script>alert(1)</script>",  # a script the theme does not have, outside the content
        "<script src='https://evil.example/x.js'></script>",
        "<form action='https://evil.example/'></form>",  # not the theme's search form
        "<div onclick='x()'>x</div>",
    ],
)
def test_payloads_outside_the_content_are_found(outside: str) -> None:
    assert check_html(page("<p>x</p>", outside=outside), "exhibits/x/index.html", ALLOWED)


def test_title_breakout_is_found() -> None:
    text = page("<p>x</p>").replace(
        "<title>t</title>", "<title></title><script>alert('XSS-37-3')</script></title>"
    )
    assert any("script" in f.what for f in check_html(text, "exhibits/x/index.html", ALLOWED))


def test_a_marker_in_a_url_attribute_is_found_but_not_in_a_plain_link() -> None:
    assert check_html(page("<img src='/x.png?XSS-39-8' alt=''>"), "exhibits/x/index.html", ALLOWED)
    assert not check_html(
        page("<a href='https://example.com/?XSS-39-7' rel='noopener noreferrer'>x</a>"),
        "exhibits/x/index.html",
        ALLOWED,
    )


def test_json_ld_is_data_but_a_broken_one_is_found() -> None:
    good = page(
        "<p>x</p>",
        head='<script type="application/ld+json">{"name": "\\u003c/script'
        '\\u003e XSS-37-3"}</script>',
    )
    assert check_html(good, "exhibits/x/index.html", ALLOWED) == []
    broken = page(
        "<p>x</p>",
        head='<script type="application/ld+json">{"name": "</script>'
        '<script>alert(1)</script>"}</script>',
    )
    assert check_html(broken, "exhibits/x/index.html", ALLOWED)


def test_search_records_are_checked_as_html() -> None:
    assert check_fragment("<img src=x onerror=alert(1)>", "search/search_index.json")
    assert not check_fragment(
        "&lt;img src=x onerror=alert(1)&gt; and <code>x</code>", "search/search_index.json"
    )


def test_canaries_control_characters_and_search_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "404.html").write_text(page("<p>x</p>"), encoding="utf-8")
    (site / "a.txt").write_text("CORPUS-CANARY-ENV-123 root:x:0:0", encoding="utf-8")
    (site / "b.html").write_text(page("<p>bell \x07 NUL &#0;</p>"), encoding="utf-8")
    (site / "search" / "search_index.json").write_text(
        '{"docs": [{"location": "", "title": "<svg onload=alert(1)>", "text": ""}]}',
        encoding="utf-8",
    )
    found = "\n".join(map(str, check_site(site, canaries=["CORPUS-CANARY-ENV-123"])))
    assert "canary" in found and "passwd" in found
    assert "U+0007" in found and "&#0;" in found
    assert "search_index.json" in found and "onload" in found


def test_a_redirect_stub_may_refresh_inside_the_site_only() -> None:
    stub = (
        "<!doctype html><html><head><title>Moved</title>"
        "<meta http-equiv='refresh' content='0; url={}'></head><body></body></html>"
    )
    assert not check_html(stub.format("../x/"), "exhibits/old/index.html", ALLOWED)
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "../../../x/",
        "/\\evil.example",
    ):
        assert check_html(stub.format(target), "exhibits/old/index.html", ALLOWED), target
