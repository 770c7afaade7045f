"""The front matter reader: positions, strict YAML, encodings, and what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.frontmatter import read_exhibit
from tests.conftest import VALID_FRONT_MATTER, exhibit_text


def read(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_exhibit("x.md", raw)


def messages(fm) -> list[str]:
    return [str(p) for p in fm.problems]


def test_values_keep_their_line_and_column() -> None:
    fm = read(exhibit_text())
    assert fm.problems == []
    assert fm.data["issuer"] == "Example Holdings Inc."
    assert fm.data["date"] == dt.date(2001, 6, 19)
    # line 1 is '---'; 'issuer' is the third key
    assert fm.values[("issuer",)].line == 4
    assert fm.values[("issuer",)].column == 9
    assert fm.keys[("file_number",)].line == 9
    assert fm.body.startswith("\nLadies and Gentlemen")
    assert fm.body_line == 12


def test_nested_positions() -> None:
    fm = read("---\nsecurities:\n  - description: x\n    shares: 10\n---\n")
    assert fm.values[("securities", 0, "shares")].line == 4
    assert fm.keys[("securities", 0, "description")].column == 5


@pytest.mark.parametrize("plain", ["NO", "no", "Yes", "on", "OFF", "y", "1:20", "012", "1_000"])
def test_yaml11_surprises_are_reported_with_a_quote_hint(plain: str) -> None:
    fm = read(f"---\nissuer_state: {plain}\n---\n")
    [problem] = fm.problems
    assert (problem.line, problem.column, problem.field) == (2, 15, "issuer_state")
    assert "YAML 1.1" in problem.message
    assert problem.suggestion == f'quote it: "{plain}"'
    assert fm.data["issuer_state"] == plain  # kept as written, never False or 80


def test_yaml12_core_values() -> None:
    fm = read('---\na: true\nb: 12\nc: 5.1\nd: "NO"\ne: ~\nf: 2001-06-19\n---\n')
    assert fm.problems == []
    assert fm.data == {
        "a": True,
        "b": 12,
        "c": 5.1,
        "d": "NO",
        "e": None,
        "f": dt.date(2001, 6, 19),
    }


def test_impossible_date_stays_text_for_the_schema_to_explain() -> None:
    fm = read("---\ndate: 2001-02-30\n---\n")
    assert fm.problems == [] and fm.data["date"] == "2001-02-30"


@pytest.mark.parametrize(
    "value, shown",
    [
        ("!!python/object/apply:os.system ['touch /tmp/x']", "!!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!custom x", "!custom"),
    ],
)
def test_tags_are_refused(value: str, shown: str) -> None:
    fm = read(f"---\nissuer: {value}\n---\n")
    assert any(shown in m and "x.md:2:9: issuer:" in m for m in messages(fm))


def test_anchors_and_aliases_are_refused_without_expanding() -> None:
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n---\n"
    )
    fm = read(bomb)
    assert any("anchors" in m for m in messages(fm))
    assert any("aliases" in m for m in messages(fm))


def test_duplicate_key_names_both_lines() -> None:
    fm = read("---\nissuer: A\nform: S-4\nissuer: B\n---\n")
    [problem] = fm.problems
    assert (problem.line, problem.field) == (4, "issuer")
    assert "first at line 2" in problem.message


def test_deep_nesting_is_refused_quickly() -> None:
    fm = read("---\nissuer: " + "[" * 20000 + "\n---\n")
    assert any("nested too deeply" in m for m in messages(fm))


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"", "file is empty"),
        (b"---\n---\nbody\n", "front matter is empty"),
        (b"---\n- a\n- b\n---\n", "must be a mapping"),
        (b"---\nissuer: x\nbody with no end\n", "never closed"),
        (b"issuer: x\n", "does not start with front matter"),
    ],
)
def test_structural_problems(raw: bytes, expected: str) -> None:
    fm = read(raw)
    assert fm.data is None
    assert any(expected in m for m in messages(fm))


def test_invalid_utf8_names_line_and_byte_offset() -> None:
    fm = read(b"---\nexhibit: '5.1'\nissuer: Soci\xe9t\xe9\n---\n")
    [problem] = fm.problems
    assert (problem.line, problem.column) == (3, 13)
    assert "byte offset 31" in problem.found


def test_crlf_utf8_bom_and_utf16_read_like_plain_utf8() -> None:
    plain = read(exhibit_text())
    for raw in (
        exhibit_text().replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + exhibit_text().encode(),
        exhibit_text().encode("utf-16"),
    ):
        fm = read(raw)
        assert fm.problems == []
        assert fm.data == plain.data
        assert fm.body == plain.body


def test_control_characters_are_reported_escaped() -> None:
    fm = read("---\ncounsel: Jane\x1b[2J Doe\n---\n")
    [problem] = fm.problems
    assert (problem.line, problem.column) == (2, 14)
    assert "\x1b" not in str(problem) and "\\x1b" in str(problem)


def test_nul_in_front_matter() -> None:
    fm = read("---\nissuer: Ex\x00ample\n---\n")
    assert any("NUL" in m and ":2:11:" in m for m in messages(fm))


def test_valid_front_matter_fixture_is_valid() -> None:
    assert read(exhibit_text(VALID_FRONT_MATTER)).problems == []


def test_nul_in_body_is_reported_at_its_line() -> None:
    fm = read(exhibit_text(body="Ladies\n\nand\x00Gentlemen\n"))
    [problem] = fm.problems
    assert (problem.line, problem.column, problem.field) == (15, 4, "body")
