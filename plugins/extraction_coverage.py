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
_ONLY = re.compile(
    r"\bThis\s+opinion(?:\s+letter)?\s+(?:addresses|relates|is\s+limited|is\s+given|speaks)"
    rf"\s+(?:only|solely)\s+(?:to\s+|as\s+to\s+|with\s+respect\s+to\s+)?{_TERMS}",
    re.I,
)
_NAMED_SET = re.compile(
    rf"{_TERMS}\s+(?:are|is)\s+(?:referred\s+to\s+)?(?:herein\s+)?(?:collectively\s+)?"
    r"(?:referred\s+to\s+)?(?:herein\s+)?as\s+the\s+\"(?:Opinion|Covered)\s+Securities[.,]?\"",
    re.I,
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


def mark_covered(
    entries: list[dict[str, Any]], body: str, exhibit: str | None = None
) -> list[dict[str, Any]]:
    """`entries` with `covered: False` on each class the letter leaves to another opinion."""
    classed = [e for e in entries if e.get("class")]
    if len(classed) < 2:
        return entries
    only = _ONLY.search(body) or _NAMED_SET.search(body)
    if only:
        inside = _names(only.group("terms"))
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
