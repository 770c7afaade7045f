"""A letter given to several registrants names them in one issuer field ("Welltower Inc.
and Welltower OP LLC"): joined when a letter is imported, split back into each registrant
for its own issuer page and for matching EDGAR's filers."""

from __future__ import annotations

import functools
import re

COMPANY_SUFFIX = (  # how a company name ends: "Inc.", "LLC", "N.A." ...
    r"(?:Inc|Corp|Corporation|Company|Co|LLC|L\.L\.C|LP|L\.P|Ltd|Limited|plc|N\.A|S\.A|SA|AG"
    r"|N\.V|B\.V|GmbH|SE|Trust|Bancorp)\.?"
)
_ENTITY_END = re.compile(rf"\b{COMPANY_SUFFIX}$")
_SUFFIX_ONLY = re.compile(COMPANY_SUFFIX)


def joined_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def co_issuers(issuer: str) -> list[str]:
    """The registrants named in `issuer`; a single name ("Johnson and Johnson Inc.") stays
    whole: it is split only when every part is a company name of its own."""
    return list(_split(issuer))


@functools.lru_cache(maxsize=65536)  # asked for every exhibit, by the catalog and the pages
def _split(issuer: str) -> tuple[str, ...]:
    pieces: list[str] = []
    for token in re.split(r",\s+(?=[A-Z])|,?\s+and\s+", issuer):
        if pieces and _SUFFIX_ONLY.fullmatch(token):
            pieces[-1] += ", " + token  # "Vigil Neuroscience, Inc."
        else:
            pieces.append(token)
    if len(pieces) > 1 and all(_ENTITY_END.search(p) for p in pieces):
        return tuple(pieces)
    return (issuer,)
