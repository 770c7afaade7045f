"""Issue 6 at the level of the whole archive: every bad input, through `exhibits check` and a
real `mkdocs build` of a project that holds the hostile file beside a valid exhibit.

For each case of tests/data/bad-inputs (CASES.tsv says what it tries and what must happen):

- `exhibits check` exits 0 (accepted) or 1 (a clear error naming exhibits/<file>:<line>),
  never with a traceback, raw control bytes or unbounded output;
- `mkdocs build` finishes (exit 0: invalid files are skipped with a warning naming them)
  and `mkdocs build --strict` fails on an invalid file;
- the valid neighbour's page is byte for byte the page built without the hostile file;
- the whole site is inert (tests/sitewalk.py, and plugins.inert): no script that a clean
  build does not have, no event handler, no script/data URL, nothing executable or
  loading from content, no marker in an executable place, no control characters, none of
  the planted canaries anywhere under site/;
- no /tmp/corpus-pwned-* file appears.

Body attacks are run twice: as the file is, and with the body under the project's own
valid front matter, so they reach the renderer rather than stopping at validation.
"""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from tests.conftest import exhibit_text
from tests.hostile import (
    BY_NUMBER,
    CASES,
    NEIGHBOUR_FILE,
    NEIGHBOUR_SLUG,
    Canaries,
    Case,
    Run,
    assert_clean_output,
    assert_inert,
    assert_names,
    hostile_front_matter,
    make_hostile_project,
    problem_lines,
    pwned,
    run_all,
)
from tests.sitewalk import theme_scripts

pytestmark = pytest.mark.skipif(not CASES, reason="tests/data/bad-inputs is missing")

# Cases whose file must be refused: (lines that must be named, words the messages must hold).
REJECTED: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "01": ((3,), ("!!python/object/apply",)),
    "02": ((5,), ("!!python/object/new",)),
    "03": ((5, 6), ("!!python/name", "!!python/module")),
    "05": ((3,), ("nested too deeply",)),
    "06": ((4, 8), ("issuer_state", "form", "quote")),
    "08": ((7,), ("day is out of range for month",)),
    "09": ((11,), ("duplicate key 'issuer'", "line 3")),
    "11": ((2, 3, 4, 5, 6, 10), ("!!binary", "!!set", "!!float", "must be text")),
    "12": ((1,), ("never closed",)),
    "16": ((1,), ("empty",)),
    "17": ((2,), ("front matter is empty", "exhibit", "issuer", "date", "securities")),
    "18": ((2,), ("must be a mapping", "list")),
    "21": ((3,), ("not valid UTF-8", "byte offset")),
    "23": ((3,), ("NUL",)),
    "25": ((6,), ("bidi control", "U+202E", "law_firm")),
    "27": ((5,), ("control character", "U+001B", "counsel")),
    "37": ((8,), ("form",)),
    "56": ((), ("date", "securities", "counsel or law_firm")),
    "58": (
        (11, 12, 13, 14, 15, 16, 17),
        ("did you mean 'issuer'", "template", "render_macros", "hide", "search", "status", "title"),
    ),
}
# Cases that must be accepted and published as they are.
ACCEPTED = {"14", "15", "55"}
# The body holds the attack: these also run under the project's valid front matter.
BODY_CATEGORIES = {"markdown-xss", "markdown-dos", "path", "template"}
BODY_ALSO = {"15", "23", "25", "27", "28"}
METADATA_ONLY = {"37"}  # a markdown-xss case whose payload is in the front matter
PAIR = ("59", "60")

SINGLE = [c for c in CASES if c.number not in PAIR]
BODY = [
    c
    for c in CASES
    if (c.category in BODY_CATEGORIES or c.number in BODY_ALSO)
    and c.number not in METADATA_ONLY
    and c.number not in PAIR
]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, frozenset[str]]:
    """The neighbour alone: its page bytes, and the scripts a clean build has."""
    canaries = Canaries()
    project = make_hostile_project(tmp_path_factory.mktemp("baseline") / "project", {}, canaries)
    run = run_all(project, canaries)
    assert run.build.returncode == 0, run.build_output
    assert run.check.returncode == 0, run.check_output
    assert run.exhibit_slugs() == {NEIGHBOUR_SLUG}
    assert_inert(run.site, canaries, theme_scripts(run.site))
    return run.page(NEIGHBOUR_SLUG), theme_scripts(run.site)


def judge_common(
    run: Run, canaries: Canaries, baseline: tuple[bytes, frozenset[str]], file: str
) -> None:
    """What holds for every hostile file, accepted or not."""
    assert_clean_output(run.check_output, "exhibits check")
    assert_clean_output(run.build_output, "mkdocs build")
    assert run.check.returncode in (0, 1), run.check_output
    assert run.build.returncode == 0, f"the build did not finish:\n{run.build_output[-3000:]}"
    assert NEIGHBOUR_SLUG in run.exhibit_slugs(), "the valid neighbour was not published"
    assert run.page(NEIGHBOUR_SLUG) == baseline[0], (
        "the neighbour's page differs from the page built without the hostile file"
    )
    assert NEIGHBOUR_FILE not in run.check_output, "the neighbour was reported"
    assert_inert(run.site, canaries, baseline[1])
    assert not pwned(), f"a payload ran a command: {pwned()}"
    if run.check.returncode == 1:
        assert_names(run.check_output, file, what="exhibits check")
    for output, what in ((run.check_output, "check"), (run.build_output, "build")):
        assert "<built-in function" not in output and "<module '" not in output, (
            f"the {what} output shows a live Python object"
        )


def judge_rejected(run: Run, file: str, lines: tuple[int, ...], words: tuple[str, ...]) -> None:
    assert run.check.returncode == 1, f"exhibits check accepted {file}:\n{run.check_output}"
    assert_names(run.check_output, file, lines, "exhibits check")
    assert_names(run.build_output, file, lines, "mkdocs build")
    messages = " ".join(m for ms in problem_lines(run.check_output, file).values() for m in ms)
    for word in words:
        assert word.lower() in messages.lower(), f"no message about {word!r}: {messages}"
    assert run.exhibit_slugs() == {NEIGHBOUR_SLUG}, (
        f"an invalid file was published: {run.exhibit_slugs()}"
    )
    assert run.strict is not None and run.strict.returncode == 1, (
        "mkdocs build --strict passed with an invalid exhibit"
    )
    assert_clean_output(run.strict.stdout + run.strict.stderr, "mkdocs build --strict")
    assert_names(run.strict.stdout + run.strict.stderr, file, lines, "mkdocs build --strict")


def site_text(site: Path) -> str:
    return "\n".join(
        p.read_text("utf-8", errors="replace")
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt", ".csv")
    )


def opinion_html(run: Run, slug: str) -> str:
    """The published opinion of one exhibit (the <div class="xa-opinion">), re-serialised."""
    tree = html5lib.parse(run.page(slug), treebuilder="etree", namespaceHTMLElements=False)
    for el in tree.iter():
        if isinstance(el.tag, str) and "xa-opinion" in (el.get("class") or "").split():
            return html5lib.serializer.serialize(el, tree="etree")
    raise AssertionError(f"no opinion text on the page of {slug}")


def the_other_slug(run: Run) -> str | None:
    others = run.exhibit_slugs() - {NEIGHBOUR_SLUG}
    assert len(others) <= 1, others
    return next(iter(others), None)


# ------------------------------------------------------------------ every case as it is


@pytest.mark.timeout(600)
@pytest.mark.parametrize("case", SINGLE, ids=str)
def test_case_as_is(case: Case, tmp_path: Path, baseline: tuple[bytes, frozenset[str]]) -> None:
    canaries = Canaries()
    project = make_hostile_project(tmp_path / "project", {case.file: case.raw}, canaries)
    run = run_all(project, canaries, strict=case.number in REJECTED)
    judge_common(run, canaries, baseline, case.file)
    if case.number in REJECTED:
        judge_rejected(run, case.file, *REJECTED[case.number])
    elif case.number in ACCEPTED:
        assert run.check.returncode == 0, run.check_output
        assert the_other_slug(run) is not None, "an acceptable file was not published"
    else:  # accepted, or refused with a clear message naming the file (CASES.tsv says either)
        if the_other_slug(run) is None:
            assert_names(run.build_output, case.file, what="mkdocs build")
    extra = CASE_CHECKS.get(case.number)
    if extra:
        extra(run, canaries)


# ---------------------------------------------------- body attacks under valid metadata


@pytest.mark.timeout(600)
@pytest.mark.parametrize("case", BODY, ids=str)
def test_body_attack(case: Case, tmp_path: Path, baseline: tuple[bytes, frozenset[str]]) -> None:
    body = case.body()
    assert body is not None, f"{case.file}: no body found"
    # Same number of front matter lines as the cases, so the body keeps its line numbers.
    text = f"---\n{hostile_front_matter(f'333-900{case.number}')}---\n{body}"
    canaries = Canaries()
    project = make_hostile_project(tmp_path / "project", {case.file: text}, canaries)
    run = run_all(project, canaries)
    judge_common(run, canaries, baseline, case.file)
    slug = the_other_slug(run)
    if slug is None:  # refused: the build must say which file and where
        assert_names(run.build_output, case.file, what="mkdocs build")
    # Anything the renderer changed or removed is reported at the file's line.
    for message in re.findall(rf"exhibits/{re.escape(case.file)}[^\n]*", run.build_output):
        assert re.match(rf"exhibits/{re.escape(case.file)}:\d+:\d+: ", message), message
    extra = BODY_CHECKS.get(case.number)
    if extra:
        extra(run, canaries, slug)


# -------------------------------------------- metadata payloads in valid front matter

XSS_METADATA = {
    "issuer": "\"<img src=x onerror=alert('XSS-37-1')>\"",
    "issuer_state": "'Delaware\"><svg onload=alert(''XSS-37-2'')>'",
    "counsel": "\"</title><script>alert('XSS-37-3')</script>\"",
    "law_firm": "\"Doe & Roe LLP</script><script>alert('XSS-37-4')</script>\"",
    "securities": "\"javascript:alert('XSS-37-5')\"",
}
XSS_EXTRA = """\
counsel_title: "<a href=javascript:alert('XSS-37-6')>General Counsel</a>"
transaction:
  agreement: "Merger <iframe src=javascript:alert('XSS-37-7')></iframe> Agreement"
  date: 2001-05-17
  parties:
    - "<svg><set attributeName=onmouseover to=alert('XSS-37-8')/></svg>"
    - "{{ config.extra }}"
governing_law: ["<style>@import 'https://evil.example/XSS-37-9';</style>Delaware law"]
opinions: ["\\"' onfocus=alert('XSS-37-10') autofocus x='", "[x](javascript:alert('XSS-37-11'))"]
"""


@pytest.mark.timeout(600)
def test_metadata_payloads_are_escaped_everywhere(
    tmp_path: Path, baseline: tuple[bytes, frozenset[str]]
) -> None:
    """Case 37's values moved into otherwise valid front matter (plus more fields): they are
    published as text (title, headings, card, tables, browse pages, search index, feeds,
    JSON-LD) and nothing of them runs."""
    front = hostile_front_matter("333-90037", **XSS_METADATA) + XSS_EXTRA
    canaries = Canaries()
    project = make_hostile_project(
        tmp_path / "project", {"37-metadata.md": exhibit_text(front)}, canaries
    )
    run = run_all(project, canaries)
    judge_common(run, canaries, baseline, "37-metadata.md")
    assert run.check.returncode == 0, run.check_output
    slug = the_other_slug(run)
    assert slug is not None, run.build_output
    page = html5lib.parse(run.page(slug), treebuilder="etree", namespaceHTMLElements=False)
    title = page.find(".//title")
    assert title is not None and "<img src=x onerror=alert('XSS-37-1')>" in (title.text or "")
    heading = page.find(".//h1")
    assert heading is not None and "<img src=x onerror=alert('XSS-37-1')>" in "".join(
        heading.itertext()
    )
    text = (
        "".join(page.getroot().itertext()) if hasattr(page, "getroot") else "".join(page.itertext())
    )
    for shown in (
        "</title><script>alert('XSS-37-3')</script>",
        "Doe & Roe LLP</script><script>alert('XSS-37-4')</script>",
        "javascript:alert('XSS-37-5')",
    ):
        assert shown in text, f"{shown!r} is not shown as text on the exhibit page"
    # The issuer's browse page and the all-exhibits table show it as text too.
    listing = html5lib.parse(
        (run.site / "exhibits" / "index.html").read_bytes(),
        treebuilder="etree",
        namespaceHTMLElements=False,
    )
    assert "<img src=x onerror=alert('XSS-37-1')>" in "".join(listing.itertext())
    assert (
        "{{ config.extra }}" in site_text(run.site)
        or "{{ config.extra }}" in text
        or "&#123;&#123; config.extra &#125;&#125;" in site_text(run.site)
    )


# --------------------------------------------------------------- cases 59 and 60 together


@pytest.mark.timeout(600)
def test_duplicate_pair_publishes_neither(
    tmp_path: Path, baseline: tuple[bytes, frozenset[str]]
) -> None:
    a, b = BY_NUMBER[PAIR[0]], BY_NUMBER[PAIR[1]]
    canaries = Canaries()
    project = make_hostile_project(tmp_path / "project", {a.file: a.raw, b.file: b.raw}, canaries)
    run = run_all(project, canaries, strict=True)
    judge_common(run, canaries, baseline, a.file)
    assert run.check.returncode == 1, run.check_output
    for this, other in ((a, b), (b, a)):
        for output in (run.check_output, run.build_output):
            messages = " ".join(m for ms in problem_lines(output, this.file).values() for m in ms)
            assert "conflict" in messages and other.file in messages, (
                f"{this.file} is not reported as conflicting with {other.file}:\n{output}"
            )
    assert run.exhibit_slugs() == {NEIGHBOUR_SLUG}, "a conflicting exhibit was published"
    published = site_text(run.site)
    assert "VERSION A" not in published and "VERSION B" not in published
    assert "333-90059" not in published
    assert run.strict is not None and run.strict.returncode == 1


# ------------------------------------------------------------------- case-specific checks


def _crlf(run: Run, canaries: Canaries) -> None:
    slug = the_other_slug(run)
    assert slug is not None
    page = run.page(slug)
    assert b"\r" not in page and b"&#13;" not in page and b"&#xd;" not in page.lower()
    tree = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    assert "".join(tree.find(".//h1").itertext()).startswith("Example Holdings Inc.: ")


def _dashes(run: Run, canaries: Canaries) -> None:
    slug = the_other_slug(run)
    assert slug is not None
    published = site_text(run.site)
    assert "333-90015" in published
    assert not (run.site / "issuers" / "evil-shell-corp").exists()
    assert not (run.site / "registrations" / "333-00000").exists()
    opinion = opinion_html(run, slug)
    assert "<hr" in opinion or "<h2" in opinion, "the body's --- was not rendered as a break"
    assert "Evil Shell Corp" in opinion, "the second YAML-looking block is not shown as text"


def _unclosed(run: Run, canaries: Canaries) -> None:
    assert "333-90012" not in site_text(run.site), "raw front matter was published"


def _nul(run: Run, canaries: Canaries) -> None:
    assert 19 in problem_lines(run.check_output, BY_NUMBER["23"].file), (
        "the NUL in the body (line 19) is not reported"
    )


def _literal_templates(run: Run, canaries: Canaries, slug: str | None = None) -> None:
    slug = slug or the_other_slug(run)
    assert slug is not None, "template-looking text made the file fail"
    opinion = opinion_html(run, slug)
    text = "".join(
        html5lib.parseFragment(opinion, treebuilder="etree", namespaceHTMLElements=False).itertext()
    )
    assert "{{Series A}}" in text and "{% if %}" in text, text[:500]


CASE_CHECKS = {"14": _crlf, "15": _dashes, "12": _unclosed, "23": _nul, "55": _literal_templates}


def _jinja_leak(run: Run, canaries: Canaries, slug: str | None) -> None:
    assert slug is not None
    text = "".join(
        html5lib.parseFragment(
            opinion_html(run, slug), treebuilder="etree", namespaceHTMLElements=False
        ).itertext()
    )
    assert "{{ config }}" in text and "{% include 'mkdocs.yml' %}" in text, text[:500]
    assert "site_name" not in text


def _snippets(run: Run, canaries: Canaries, slug: str | None) -> None:
    assert slug is not None
    text = "".join(
        html5lib.parseFragment(
            opinion_html(run, slug), treebuilder="etree", namespaceHTMLElements=False
        ).itertext()
    )
    assert '--8<-- "/etc/passwd"' in text, "the snippet line is not shown literally"


def _outside_links(run: Run, canaries: Canaries, slug: str | None) -> None:
    # Links and images to files outside the site are removed and reported at their lines.
    found = problem_lines(run.build_output, BY_NUMBER["50"].file)
    for line in (19, 21, 23, 25, 27, 29, 33, 35):
        assert line in found, f"the link on line {line} is not reported: {sorted(found)}"
    if slug is not None:
        opinion = opinion_html(run, slug)
        for bad in ("file:", "etc/passwd", "CANARY_OUTSIDE_DOCS", ".git/config", "\\\\"):
            assert bad not in opinion, f"{bad!r} is still linked: {opinion[:2000]}"


def _long_line(run: Run, canaries: Canaries, slug: str | None) -> None:
    # Either published or refused; any echo of the line is a short excerpt (judge_common
    # bounds every output line).
    pass


def _bidi_body(run: Run, canaries: Canaries, slug: str | None) -> None:
    if slug is not None:
        page = run.page(slug).decode("utf-8")
        flagged = problem_lines(run.build_output, BY_NUMBER["25"].file)
        assert "\u202e" not in opinion_html(run, slug) or flagged, (
            "a bidi override in the body is published without a word"
        )
        del page


def _style_and_tabnabbing(run: Run, canaries: Canaries, slug: str | None) -> None:
    assert slug is not None
    opinion = opinion_html(run, slug)
    assert "evil.example/track.gif" not in opinion, "the tracking pixel is still loaded"
    assert "WITHDRAWN" in opinion, "the text of the styled overlay was lost"


BODY_CHECKS = {
    "52": _jinja_leak,
    "55": _literal_templates,
    "48": _snippets,
    "50": _outside_links,
    "28": _long_line,
    "25": _bidi_body,
    "39": _style_and_tabnabbing,
}
