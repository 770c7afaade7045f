"""The opinion renderer renders legal letters faithfully (and its interface stays put).

Hostile input is tested in test_render_hostile.py; here: page breaks, signature blocks,
headings, literal template text, tables, links, cross-link mentions, plain text, line
numbers in problems.
"""

from __future__ import annotations

import dataclasses

import pytest
from selectolax.lexbor import LexborHTMLParser

from plugins.render import (
    MAX_BODY_CHARS,
    Mention,
    RenderedOpinion,
    render_opinion,
)

pytestmark = pytest.mark.timeout(10)


def visible_text(html: str) -> str:
    """What a browser shows (character references decoded)."""
    body = LexborHTMLParser(html).body
    return body.text() if body else ""


def tags(html: str) -> list[str]:
    root = LexborHTMLParser(html).body
    return [n.tag for n in root.traverse() if n.is_element_node][1:] if root else []


# ------------------------------------------------------------------------ interface


def test_interface_types() -> None:
    result = render_opinion("Ladies and Gentlemen:")
    assert isinstance(result, RenderedOpinion)
    assert result.html == "<p>Ladies and Gentlemen:</p>\n"
    assert result.text == "Ladies and Gentlemen:"
    assert result.problems == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.html = ""  # type: ignore[misc]
    assert dataclasses.fields(Mention)[0].name == "start"


def test_empty_body() -> None:
    assert render_opinion("") == RenderedOpinion("", "", ())


def test_deterministic() -> None:
    body = "# A\n\n[x](../y) <b>b</b> \u202e\x1b\n\n<PAGE>\n\n| a |\n|---|\n| b |\n"
    first = render_opinion(body, path="p.md", first_line=5)
    assert all(render_opinion(body, path="p.md", first_line=5) == first for _ in range(3))


# ------------------------------------------------------------------------ page breaks


def test_page_marker_becomes_visible_page_break() -> None:
    result = render_opinion("Page one ends.\n\n<PAGE>\n\nPage two begins.")
    assert result.html == (
        "<p>Page one ends.</p>\n"
        '<hr class="page-break" aria-label="Page break">\n'
        "<p>Page two begins.</p>\n"
    )
    assert result.text == "Page one ends.\n\nPage two begins."
    assert result.problems == ()


def test_page_marker_interrupts_a_paragraph_and_ignores_case_and_spaces() -> None:
    html = render_opinion("end of page\n  <page>  \nnext page").html
    assert html == (
        '<p>end of page</p>\n<hr class="page-break" aria-label="Page break">\n<p>next page</p>\n'
    )


@pytest.mark.parametrize(
    "body",
    [
        "```\n<PAGE>\n```",  # fenced code keeps it as text
        "    <PAGE>",  # so does indented code
        "Text <PAGE> inside a line",
        "<PAGE> 2",
    ],
)
def test_page_marker_only_on_its_own_line(body: str) -> None:
    assert "page-break" not in render_opinion(body).html


def test_page_break_inside_a_list_item() -> None:
    html = render_opinion("1. first\n\n   <PAGE>\n\n   continued").html
    assert '<li>\n<p>first</p>\n<hr class="page-break"' in html


# ------------------------------------------------------------------- letter layout


def test_signature_block_keeps_its_lines() -> None:
    body = "Very truly yours,\n\n/s/ Jane Q. Doe\\\nJane Q. Doe\\\nDoe & Roe LLP  \nNew York"
    result = render_opinion(body)
    assert result.html == (
        "<p>Very truly yours,</p>\n<p>/s/ Jane Q. Doe<br>\nJane Q. Doe<br>\n"
        "Doe &amp; Roe LLP<br>\nNew York</p>\n"
    )
    assert result.text == (
        "Very truly yours,\n\n/s/ Jane Q. Doe\nJane Q. Doe\nDoe & Roe LLP\nNew York"
    )


def test_addressee_block_soft_breaks_stay_one_paragraph() -> None:
    # CommonMark: only a trailing backslash or two spaces keep a line apart.
    assert render_opinion("Citigroup Inc.\n399 Park Avenue").html == (
        "<p>Citigroup Inc.\n399 Park Avenue</p>\n"
    )


@pytest.mark.parametrize(
    ("markdown", "tag"),
    [
        ("# Opinion", "h2"),
        ("## Opinion", "h3"),
        ("### Opinion", "h4"),
        ("#### Opinion", "h5"),
        ("##### Opinion", "h6"),
        ("###### Opinion", "h6"),
        ("Opinion\n=======", "h2"),
        ("Opinion\n-------", "h3"),
    ],
)
def test_headings_are_demoted_because_the_page_owns_h1(markdown: str, tag: str) -> None:
    assert render_opinion(markdown).html == f"<{tag}>Opinion</{tag}>\n"


def test_raw_h1_loses_its_tag_but_not_its_words() -> None:
    result = render_opinion("<h1>Opinion</h1>")
    assert "<h1" not in result.html and "Opinion" in result.html


@pytest.mark.parametrize(
    "text",
    [
        "{{ config }}",
        "{{ config.extra }}",
        "{% include 'mkdocs.yml' %}",
        "{# of the Indenture",
        "{% endraw %}",
        "{{Series A}}",
        '{{ "{% Vimeo ID}" }}',
        "${{ secrets.TOKEN }}",
    ],
)
def test_template_syntax_shows_literally(text: str) -> None:
    result = render_opinion(f"Holders of the {text} shall receive.")
    assert text in visible_text(result.html)
    assert text in result.text
    # and no template engine that later sees the page can find it
    assert "{" not in result.html and "}" not in result.html
    assert result.problems == ()


def test_template_syntax_in_code_and_attributes_is_encoded_too() -> None:
    result = render_opinion('`{{ a }}`\n\n```\n{% b %}\n```\n\n[x](https://e.test/{{c}} "{{d}}")')
    assert "{" not in result.html and "}" not in result.html
    assert "{{ a }}" in visible_text(result.html) and "{% b %}" in visible_text(result.html)


@pytest.mark.parametrize(
    "text",
    [
        '--8<-- "/etc/passwd"',
        "--8<--",
        '--8<-- "C:\\Windows\\win.ini"',
        "*[SEC]: Securities and Exchange Commission",
    ],
)
def test_site_extension_syntax_is_just_text(text: str) -> None:
    result = render_opinion(f"{text}\n\nThe SEC.")
    assert text in result.text
    assert "<abbr" not in result.html


def test_md_in_html_is_not_processed() -> None:
    html = render_opinion('<div markdown="1">\n**Bold** text\n</div>').html
    assert "**Bold**" in html and "<strong>" not in html and "markdown=" not in html


def test_tables_strikethrough_and_alignment() -> None:
    body = "| Shares | Price |\n|:--|--:|\n| 1,000 | $1.00 |\n\n~~void~~"
    result = render_opinion(body)
    assert '<th class="align-left">Shares</th>' in result.html
    assert '<td class="align-right">$1.00</td>' in result.html
    assert "<s>void</s>" in result.html
    assert "style" not in result.html
    assert result.text == "Shares Price\n1,000 $1.00\n\nvoid"


def test_lists_quotes_code_and_emphasis() -> None:
    body = "1. *first*\n2. **second**\n\n> quoted\n\n```\n  kept   as is\n```"
    result = render_opinion(body)
    assert tags(result.html) == ["ol", "li", "em", "li", "strong", "blockquote", "p", "pre", "code"]
    assert result.text == "first\n\nsecond\n\nquoted\n\n  kept   as is"


def test_raw_html_that_letters_use_survives() -> None:
    body = (
        '<table><tr><td colspan="2">A<sup>1</sup></td></tr></table>\n\n'
        '<u>under</u> <ol type="a" start="3"><li>c</li></ol>'
    )
    html = render_opinion(body).html
    assert '<td colspan="2">A<sup>1</sup></td>' in html
    assert "<u>under</u>" in html and '<ol type="a" start="3">' in html


def test_crlf_and_cr_line_endings_render_like_lf() -> None:
    lf = render_opinion("# T\n\nA\\\nB\n\n<PAGE>\n\nC\n", path="a.md")
    assert render_opinion("# T\r\n\r\nA\\\r\nB\r\n\r\n<PAGE>\r\n\r\nC\r\n", path="a.md") == lf
    assert render_opinion("# T\r\rA\\\rB\r\r<PAGE>\r\rC\r", path="a.md") == lf
    assert "\r" not in lf.html and "&#13;" not in lf.html


# -------------------------------------------------------------------------- links


def test_ordinary_links_get_safe_rel() -> None:
    html = render_opinion(
        '[EDGAR](https://www.sec.gov/) <a href="mailto:a@b.test" '
        'target="_blank">mail</a> [doc](d123dex51.htm) [top](#top)'
    ).html
    assert '<a href="https://www.sec.gov/" rel="noopener noreferrer nofollow">EDGAR</a>' in html
    assert 'href="mailto:a@b.test"' in html and "target" not in html
    assert 'href="d123dex51.htm"' in html and 'href="#top"' in html


@pytest.mark.parametrize(
    "destination",
    [
        "../../../etc/passwd",
        "../x.md",
        "/etc/passwd",
        "file:///etc/passwd",
        "//evil.example/x",
        "\\\\\\\\host\\\\share",
        "C:/Windows/win.ini",
        "%2e%2e/secret",
        "a/../../b",
    ],
)
def test_links_outside_the_site_are_removed_and_reported(destination: str) -> None:
    body = f"Intro.\n\nSee [the exhibit]({destination}) now."
    result = render_opinion(body, path="exhibits/a.md", first_line=12)
    assert "the exhibit" in result.text and "<a" not in result.html
    (problem,) = result.problems
    assert (problem.path, problem.line, problem.severity) == ("exhibits/a.md", 14, "error")
    assert "link removed" in problem.message


def test_problem_line_counts_lines_inside_a_paragraph() -> None:
    result = render_opinion("one\ntwo\\\nthree [x](/etc/passwd)", first_line=7)
    assert [p.line for p in result.problems] == [9]


def test_images_relative_kept_external_linked_data_dropped() -> None:
    body = (
        "![seal](seal.png)\n\n![pixel](https://track.example/p.gif)\n\n"
        "![x](data:image/png;base64,iVBORw0KGgo=)"
    )
    result = render_opinion(body, path="a.md")
    assert '<img src="seal.png" alt="seal">' in result.html
    assert '<a href="https://track.example/p.gif"' in result.html
    assert '<img src="https' not in result.html and "data:" not in result.html
    assert [(p.line, p.severity) for p in result.problems] == [(3, "warning"), (5, "error")]


# ----------------------------------------------------------------------- mentions


def finder(names: dict[str, str]):
    def find(text: str):
        for name, href in names.items():
            start = text.find(name)
            if start >= 0:
                yield Mention(start, start + len(name), href, f"Issuer: {name}")

    return find


def test_mentions_become_links() -> None:
    body = "# Citigroup Inc.\n\nWe acted for Citigroup Inc. in File No. 333-62144."
    result = render_opinion(
        body,
        find_mentions=finder(
            {
                "Citigroup Inc.": "../../issuers/citigroup-inc/",
                "333-62144": "../../registrations/333-62144/",
            }
        ),
    )
    assert (
        '<a href="../../issuers/citigroup-inc/" title="Issuer: Citigroup Inc." '
        'rel="noopener noreferrer nofollow">Citigroup Inc.</a> in File No. '
        '<a href="../../registrations/333-62144/"'
    ) in result.html
    assert result.text == "Citigroup Inc.\n\nWe acted for Citigroup Inc. in File No. 333-62144."
    assert result.problems == ()


def test_mentions_not_inside_links_code_or_raw_links() -> None:
    seen: list[str] = []

    def find(text: str):
        seen.append(text)
        return []

    body = 'a [b](https://x.test) `c` <a href="y">d</a> e <code>f</code> <PRE>g</PRE> h'
    render_opinion(body, find_mentions=find)
    assert not {"b", "c", "d", "f", "g"} & set(seen)
    assert "a " in seen and " e " in seen and " h" in seen


@pytest.mark.parametrize(
    "mentions",
    [
        [Mention(0, 3, "../a/", "t"), Mention(2, 5, "../b/", "t")],  # overlapping: first wins
        [Mention(-1, 3, "../a/", "t"), Mention(0, 3, "../a/", "t")],  # out of range skipped
        [Mention(3, 2, "x", "t"), Mention(0, 99, "x", "t"), Mention(0, 3, "../a/", "t")],
        [Mention(0, 3, "javascript:alert(1)", "t"), Mention(0, 3, "../a/", "t")],
    ],
)
def test_bad_mentions_are_skipped(mentions: list[Mention]) -> None:
    result = render_opinion("abcdef", find_mentions=lambda text: mentions)
    assert result.html.count("<a ") == 1 and 'href="../a/"' in result.html
    assert "javascript" not in result.html
    assert result.text == "abcdef"


def test_a_failing_finder_costs_the_links_not_the_opinion() -> None:
    def broken(text: str):
        raise KeyError(text)

    result = render_opinion("Some text.", path="a.md", find_mentions=broken)
    assert result.text == "Some text." and "<a" not in result.html
    (problem,) = result.problems
    assert problem.severity == "warning" and "cross-links" in problem.message


def test_mention_title_is_escaped() -> None:
    html = render_opinion(
        "abc", find_mentions=lambda t: [Mention(0, 3, "../a/", '"><script>x</script>')]
    ).html
    assert "<script" not in html and 'title="&quot;&gt;&lt;script&gt;' in html


# ----------------------------------------------------------------------- problems


def test_problems_name_the_file_line_and_column() -> None:
    result = render_opinion("first\n\nsecond \u202e line\n", path="exhibits/x.md", first_line=20)
    (problem,) = result.problems
    assert (problem.path, problem.line, problem.column) == ("exhibits/x.md", 22, 8)
    assert "U+202E" in problem.message and problem.severity == "warning"
    assert str(problem).startswith("exhibits/x.md:22:8: warning:")


def test_body_over_the_size_cap_is_refused_quickly() -> None:
    result = render_opinion("x" * (MAX_BODY_CHARS + 1), path="big.md", first_line=12)
    assert result.html == "" and result.text == ""
    (problem,) = result.problems
    assert (problem.path, problem.line, problem.severity) == ("big.md", 12, "error")
    assert "too long" in problem.message and len(str(problem)) < 400


def test_not_text_is_a_problem_not_an_exception() -> None:
    result = render_opinion(b"bytes", path="a.md")  # type: ignore[arg-type]
    assert result.html == "" and result.problems[0].severity == "error"
