"""Whose debt and who guarantees it, by name, for the summary line of what an opinion
covers (plugins/securities_summary.py): "debt securities of Thomson Reuters Corporation and
TR Finance LLC and guarantees thereof by ...", a guarantor counsel's "guarantees by West
Publishing Corporation of debt securities of ...", notes "..., and guarantees thereof by
subsidiary guarantors"."""

from __future__ import annotations

import re
from typing import Any

from plugins.registrants import COMPANY_SUFFIX


def joined(items: list[str]) -> str:
    """ "a", "b", "c" -> "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


GUARANTEES = re.compile(r"(?:the\s+)?(?:full\s+and\s+unconditional\s+)?guarantees?\b", re.I)


def guarantors_named(who: str, opening: str) -> str:
    """A group of guarantors by what they are: "the Guarantors", defined as the Company's
    subsidiaries, are "subsidiary guarantors"; a named company keeps its name."""
    term = re.sub(r"^the\s+", "", who.strip())
    if not re.fullmatch(r"(?:Subsidiary\s+)?Guarantors", term):
        return who.strip()
    subsidiaries = re.search(
        r"\bsubsidiar(?:y|ies)\b[^.;]{0,160}?\((?:each,?\s+an?|collectively,?\s+the|the)\s+"
        r"\"(?:Subsidiary\s+)?Guarantors?\"",
        opening,
    )
    return (
        "subsidiary guarantors" if subsidiaries or term.startswith("Subsidiary") else "guarantors"
    )


_INDETERMINATE_OF = re.compile(r"^an\s+indeterminate\s+(?:principal\s+)?amount\s+of\s+", re.I)
DEBT = re.compile(r"(?:(?:unsecured|senior|subordinated)\s+)*debt\s+securities\b", re.I)
_ISSUED_BY = re.compile(
    r"^(?:[\w\s]*?)debt\s+securities\s+(?:to\s+be\s+issued\s+by|of)\s+(?:the\s+)?"
    r"(?P<who>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)"
)
# Who gives guarantees: "guarantees of the TRF Debt Securities by TRC and the Subsidiary
# Guarantors", "guarantees by the Subsidiary Guarantors of the TRC Debt Securities".
GUARANTEED_BY = re.compile(
    r"\bby\s+(?P<who>.+?)(?:,?\s+of\s+the\s+(?:[\w-]+\s+)?Debt\s+Securities|,?\s+including\b|$)"
)


def debt_and_guarantees(
    entries: list[dict[str, Any]], issuer: str | None, defined: dict[str, str]
) -> str | None:
    """Debt securities of some companies and guarantees of them by others: who issues and
    who guarantees, by name. A guarantor's own counsel opines on its client's guarantees."""
    texts = [e["description"] for e in entries]
    guarantees = [t for t in texts if GUARANTEES.match(t)]
    # "an indeterminate amount of debt securities of the Parent": whose debt, not how much
    debts = [_INDETERMINATE_OF.sub("", t) for t in texts if t not in guarantees]
    if not issuer or not guarantees or not all(DEBT.match(t) for t in debts):
        return None
    # debt securities "to be issued by TRC", "of the Parent"; of the issuer when unnamed
    debtors = [m.group("who") if (m := _ISSUED_BY.search(t)) else issuer for t in debts]
    names = list(dict.fromkeys(_full_name(d, defined) for d in debtors)) or [issuer]
    own_terms = ["Company", *(term for term, name in defined.items() if name == issuer)]
    by_issuer = rf"\bby\s+the\s+(?:{'|'.join(re.escape(t) for t in own_terms)})\b"
    if issuer not in names and any(re.search(by_issuer, t, re.I) for t in guarantees):
        return f"guarantees by {issuer} of debt securities of {joined(names)}"
    guarantors = [
        who
        for t in guarantees
        if (by := GUARANTEED_BY.search(t))
        for who in re.split(r",\s+(?:and\s+)?|\s+and\s+", by.group("who"))
    ]
    if not guarantors:
        return None
    # a guarantor the letter names by a short name is named in full ("the Corporation")
    own = re.compile(rf"(?:the\s+)?(?:{'|'.join(re.escape(t) for t in own_terms)})", re.I)
    guarantors = [
        issuer
        if own.fullmatch(who)
        else defined.get(re.sub(r"^the\s+", "", who, flags=re.I).lower(), who)
        for who in guarantors
    ]
    by_whom = joined(list(dict.fromkeys(guarantors)))
    return f"debt securities of {joined(names)} and guarantees thereof by {by_whom}"


def _full_name(short: str, defined: dict[str, str]) -> str:
    """The name a short name stands for: "TRF" for "TR Finance LLC" defined as "TR Finance"
    (letters abbreviate a defined name further) is matched by the name's capitals."""
    if short.lower() in defined:
        return defined[short.lower()]
    capitals = {
        "".join(re.findall(r"[A-Z]", re.sub(rf",?\s+(?:{COMPANY_SUFFIX})$", "", name))): name
        for name in defined.values()
    }
    return capitals.get(short, short)
