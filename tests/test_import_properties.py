"""Property-based tests (Hypothesis) for the importer: letters spliced together from the
sentences of real and composed opinions (tests/data), with numbers, names and clauses
changed, are imported without an internal error (a holdout letter once raised KeyError and
could not be imported at all), every word kept in order, as plain text and as HTML."""

from __future__ import annotations

import html
import os
import re
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.edgar_source import SourceDocument, read_sources
from plugins.fidelity import compare, rendered_words, source_words
from plugins.importer import import_document, labels
from plugins.letter_html import html_to_blocks
from plugins.letter_markdown import block_text

DATA = Path(__file__).parent / "data"
SETTINGS = settings(
    max_examples=int(os.environ.get("XA_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def _sentences() -> tuple[str, ...]:
    """The sentences of every letter in tests/data, as plain text."""
    documents, _ = read_sources([DATA / "composed", DATA / "edgar"])
    found: list[str] = []
    for document in documents:
        text = (
            "\n".join(block_text(block) for block in html_to_blocks(document.body))
            if document.is_html
            else document.body
        )
        found += [s.strip() for s in re.split(r"(?<=[.;:])\s+", text) if 3 < len(s) < 600]
    return tuple(dict.fromkeys(found))


_CHANGES = st.sampled_from(
    [
        ("", ""),
        (r"\d[\d,]*", "1,000"),
        (r"\d[\d,]*", "0"),
        (r"\b(?:common stock|ordinary shares|units)\b", "registered shares"),
        (r"\bthe Company\b", "the Issuer"),
        (r"\(", ""),
        (r"\)", ""),
        (r"\"", ""),
        (r"\b(?:and|or)\b", ","),
        (r"\.", ""),
    ]
)


@st.composite
def totals_and_parts(draw: st.DrawFn) -> str:
    """ "... of up to 3,000 <class> (the "Shares"). The Shares consist of (i) 2,000 <class>
    and (ii) 1,000 <class> issuable upon exercise of warrants": parts that add up, in
    classes the importer names and ones it does not."""
    classes = st.sampled_from(
        [
            "shares of common stock",
            "ordinary shares",
            "registered shares",
            "common units",
            "bearer shares",
            "interests",
            "shares",
            "Class A shares",
        ]
    )
    counts = draw(st.lists(st.integers(1, 10**8), min_size=2, max_size=3))
    parts = [f"({'i' * (n + 1)}) {c:,} {draw(classes)}" for n, c in enumerate(counts)]
    parts[-1] += draw(st.sampled_from(["", " issuable upon exercise of warrants"]))
    return (
        f"We have acted as counsel in connection with the registration of up to"
        f' {sum(counts):,} {draw(classes)} (the "Shares"). The Shares consist of'
        f" {' and '.join(parts)}."
    )


@st.composite
def letters(draw: st.DrawFn) -> str:
    pool = _sentences()
    picked = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=40))
    changed = []
    for sentence in picked:
        pattern, replacement = draw(_CHANGES)
        changed.append(re.sub(pattern, replacement, sentence) if pattern else sentence)
    if draw(st.booleans()):
        changed.insert(draw(st.integers(0, len(changed))), draw(totals_and_parts()))
    return "\n\n".join(changed)


def _check(document: SourceDocument) -> None:
    opinion = import_document(document)  # raises on an internal error: the test fails
    labels(opinion)
    result = compare(
        source_words(document.body, document.is_html), rendered_words(opinion.markdown)
    )
    assert result.complete and not result.added_words, result


@SETTINGS
@given(letters())
def test_spliced_letters_import_as_text(text: str) -> None:
    _check(SourceDocument(Path("spliced.txt"), text, False, "utf-8", "EX-5.1"))


@SETTINGS
@given(letters())
def test_spliced_letters_import_as_html(text: str) -> None:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n"))
    _check(SourceDocument(Path("spliced.htm"), f"<html><body>{body}</body></html>", True, "utf-8"))
