"""The internal link checker finds what a reader would find broken, and nothing else."""

from __future__ import annotations

from pathlib import Path

from tests.linkcheck import check_site

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../assets/site.css">
<link rel="canonical" href="https://archive.test/a/">
<script src="../assets/missing.js"></script>
</head><body><h1 id="top">A</h1>
<a href="../">home</a> <a href="../b/">b</a> <a href="../b/#part">part of b</a>
<a href="#top">top</a> <a href="#">top too</a> <a href="?q=1">this page</a>
<a href="../b/#nowhere">no such anchor</a> <a href="../c/">no page c</a>
<a href="../../../etc/passwd">outside</a> <a href="/b/">root-relative</a>
<a href="https://archive.test/c/">absolute, on this site, missing</a>
<a href="https://www.sec.gov/">external</a> <a href="mailto:x@example.com">mail</a>
<a href="b%20c.html">percent-encoded, present</a>
</body></html>"""


def test_check_site_reports_exactly_the_broken_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for path, text in {
        "index.html": '<a href="a/">a</a>',
        "a/index.html": PAGE,
        "a/b c.html": "<p>x</p>",
        "b/index.html": '<h2 id="part">Part</h2><a href="../a/#top">back</a>',
        "assets/site.css": "",
    }.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    broken = {(b.page, b.href) for b in check_site(site, site_url="https://archive.test/")}
    assert broken == {
        ("a/index.html", "../assets/missing.js"),
        ("a/index.html", "../b/#nowhere"),
        ("a/index.html", "../c/"),
        ("a/index.html", "../../../etc/passwd"),
        ("a/index.html", "https://archive.test/c/"),
    }
    without_anchors = check_site(site, site_url="https://archive.test/", anchors_too=False)
    assert "../b/#nowhere" not in {b.href for b in without_anchors}
