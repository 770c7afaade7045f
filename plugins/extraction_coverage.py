"""Which of the registered classes this letter opines on.

A shelf registers several classes, and its opinions are often split: local counsel opines
on the stock under the law of the state of incorporation, New York counsel on the debt and
the contracts. Each letter still lists every class the registration statement covers, then
says which it speaks to, in one of a few ways:

- "This opinion addresses only the Common Stock and the Preferred Stock";
- "The Debt Securities, ... and Units are referred to herein collectively as the "Opinion
  Securities"";
- "We express no opinion herein as to the Common Stock, the Preferred Stock or the Depositary
  Shares", "The validity of the Debt Securities ... is addressed in the opinion of ...";
- in a second opinion (Exhibit 5.2), opinion paragraphs headed by class: "(1) Debt
  Securities. When ...", "(2) Warrants. ...".

The classes it leaves to another opinion are marked `covered: false`; nothing is dropped.
"""

from __future__ import annotations

import re
from typing import Any

from plugins.extraction_opinions import OPINION_START

# A list of defined terms: "the Common Stock, the Preferred Stock or the Depositary Shares"
_TERM = r"(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
_TERMS = rf"(?P<terms>(?:the\s+)?{_TERM}(?:(?:,\s+|,?\s+(?:and|or)\s+)(?:the\s+)?{_TERM})*)"
_ONLY = (
    re.compile(
        r"\bThis\s+opinion(?:\s+letter)?\s+(?:addresses|relates|is\s+limited|is\s+given|speaks"
        r"|covers)\s+(?:only\s+|solely\s+)?(?:to\s+|as\s+to\s+|with\s+respect\s+to\s+)?"
        rf"{_TERMS}",
        re.I,
    ),
    re.compile(
        rf"{_TERMS}\s+(?:are|is)\s+(?:referred\s+to\s+)?(?:herein\s+)?(?:collectively\s+)?"
        r"(?:referred\s+to\s+)?(?:herein\s+)?as\s+the\s+\"(?:Opinion|Covered)\s+Securities[.,]?\"",
        re.I,
    ),
    # "the Debt Securities, the Warrants and the Units (collectively, the "Opinion Securities")"
    re.compile(
        rf"{_TERMS}\s*\(\s*(?:collectively|together),?\s+the\s+\"(?:Opinion|Covered)\s+Securities\"",
        re.I,
    ),
)
_NOT_HERE = (
    re.compile(
        r"\bexpress(?:es)?\s+no\s+opinion\s+(?:herein\s+|in\s+this\s+(?:letter|opinion)\s+)?"
        rf"(?:as\s+to|with\s+respect\s+to|regarding|concerning|on)\s+{_TERMS}",
        re.I,
    ),
    re.compile(
        rf"\bvalidity\s+of\s+{_TERMS}\s+(?:is|are|will\s+be)\s+(?:being\s+)?addressed\s+in\b",
        re.I,
    ),
)
_HEADING = re.compile(rf"^\(?\d{{1,2}}[.)]\s+{_TERMS}\.\s+(?=[A-Z])", re.M)


def _names(terms: str) -> list[str]:
    return [
        re.sub(r"^the\s+", "", t, flags=re.I)
        for t in re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", terms)
    ]


def _singular(text: str) -> str:
    return " ".join(text.lower().split()).removesuffix("s")


def _matches(term: str, cls: str) -> bool:
    """ "Senior Debt Securities" names the class "debt securities"; "Warrants", "warrants"."""
    a, b = _singular(term), _singular(cls)
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def opinion_headings(body: str, exhibit: str | None) -> list[str]:
    """The classes a second opinion (Exhibit 5.2, 5.3) heads its opinion paragraphs with
    ("(1) Debt Securities. When ..."), in its order; none for a first opinion, whose
    headings may simply leave a class out."""
    start = OPINION_START.search(body)
    if not start or not (exhibit and re.fullmatch(r"5\.(?:[2-9]|\d\d)", exhibit)):
        return []
    found = [n for m in _HEADING.finditer(body, start.end()) for n in _names(m.group("terms"))]
    return found if len(found) >= 2 else []


def _stated_scope(body: str, classed: list[dict[str, Any]]) -> list[str]:
    """The classes of the first statement of scope that names one ("This opinion is limited to
    the General Corporation Law" names none)."""
    for pattern in _ONLY:
        for found in pattern.finditer(body):
            names = _names(found.group("terms"))
            if any(_matches(t, e["class"]) for t in names for e in classed):
                return names
    return []


def mark_covered(
    entries: list[dict[str, Any]], body: str, exhibit: str | None = None
) -> list[dict[str, Any]]:
    """`entries` with `covered: False` on each class the letter leaves to another opinion."""
    classed = [e for e in entries if e.get("class")]
    if len(classed) < 2:
        return entries
    inside = _stated_scope(body, classed)
    if inside:
        left = [e for e in classed if not any(_matches(t, e["class"]) for t in inside)]
    else:
        headed = opinion_headings(body, exhibit)
        if headed:
            left = [e for e in classed if not any(_matches(t, e["class"]) for t in headed)]
        else:
            outside = [
                name
                for pattern in _NOT_HERE
                for m in pattern.finditer(body)
                for name in _names(m.group("terms"))
            ]
            left = [e for e in classed if any(_matches(t, e["class"]) for t in outside)]
    if not left or len(left) == len(classed):
        return entries  # all or none: nothing to tell apart
    return [{**e, "covered": False} if any(e is x for x in left) else e for e in entries]
