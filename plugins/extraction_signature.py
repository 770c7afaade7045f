"""Who signed an opinion letter: the law firm, the lawyer, and the lawyer's title.

The signature block comes first (a firm line, a typed name, a title, possibly over two
lines); the letter's own words ("I am General Counsel of ...") fill a title the block
lacks. A name typed in capitals is written as the letter spells it elsewhere, else
title-cased and listed for review.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plugins.extraction import Letter, LetterFacts

_WE_SPEAK = re.compile(
    r"\b[Ww]e\s+(?:have\s+acted|hereby\s+consent|consent|are\s+of\s+the\s+opinion)\b"
)
_I_SPEAK = re.compile(r"\bI\s+(?:have\s+acted|am|hereby|consent|have\s+examined)\b")
_FIRM = re.compile(
    r"(?:\bL\.?L\.?P\.?|\bP\.?L\.?L\.?C\.?|\bL\.?L\.?C\.?|\bP\.\s?C\.|\bP\.\s?A\.|\bPC\b|\bPA\b|"
    r"Professional\s+(?:Corporation|Association|Law\s+Corporation)|\bChartered\b|\bAG\b|\bS\.C\.|"
    r"\bLPA\b|\bLtd\b|\bLimited\b|\sLaw\s+(?:Firm|Offices?|Group)\b|\bAttorneys\b|\s&\s"
    # continental firms: "NautaDutilh N.V.", "Arendt & Medernach SA", "... S.à r.l."
    r"|\bN\.V\.|\bB\.V\.|\bS\.A\.|\bSA$|\bS\.à\s?r\.l\.|\bP\.?L\.?C\.?$)",
    re.I,
)
_FIRM_SUFFIX_LINE = re.compile(
    r"^(?:a\s+)?(?:Professional\s+(?:Corporation|Association|Law\s+Corporation)|"
    r"P\.\s?C\.|P\.\s?A\.|L\.?L\.?P\.?|Limited\s+Liability\s+Partnership)$",
    re.I,
)
_TITLE = re.compile(
    r"\b(?:General\s+Counsel|Counsel|Legal\s+Officer|Secretary|President|Officer|Director|"
    r"Partner|Member|Principal|Shareholder|Attorney|Associate|Esq\.?)\b",
    re.I,
)
_TITLE_IN_TEXT = re.compile(
    r"\b(?:I\s+am|As|in\s+my\s+capacity\s+as)\s+(?:the\s+|a\s+|an\s+)?(?P<title>(?:[A-Z][\w-]*\s+){0,5}?"
    r"(?:General\s+Counsel|Counsel|Legal\s+Officer|Secretary|President|Officer|(?i:partner)))"
    r"\s+(?:of|to|for|in)\b"
)
_PERSON_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’-]+|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{1,2}"
    r"|de|van|von|der|den|ter|ten|la|le|du|da|di|del|dos|Jr\.?|Sr\.?|II|III|IV|Esq\.?),?$"
)
_NOT_A_NAME = re.compile(
    r"\b(?:Street|Avenue|Suite|Floor|Page|Exhibit|Signature|Follows|Road|Plaza|Boulevard|"
    r"Drive|Registration|Statement|Company|Corporation|Inc|Gentlemen|Ladies|Counsel|Re)\b",
    re.I,
)
# Office lists under a firm's name ("Austin Dallas Denver Houston London") are no signer.
_OFFICE_CITIES = frozenset(
    "austin atlanta baltimore beijing boston brussels charlotte chicago cleveland dallas denver"
    " detroit dubai frankfurt houston london miami milwaukee minneapolis munich nashville paris"
    " philadelphia phoenix pittsburgh richmond seattle shanghai singapore tokyo toronto"
    " washington wilmington edinburgh dublin glasgow belfast amsterdam luxembourg zurich geneva"
    " madrid milan rome vienna warsaw prague stockholm moscow sydney melbourne seoul mumbai"
    " montreal vancouver calgary ottawa doha riyadh orlando tampa columbus cincinnati"
    " indianapolis louisville omaha sacramento portland honolulu anchorage"
    # second words of two-word cities: "New York", "Los Angeles", "San Francisco", "Palo Alto",
    # "Hong Kong", "San Diego", "Tel Aviv", "Abu Dhabi", "Salt Lake City"
    " york angeles francisco alto kong diego aviv dhabi lake".split()
)
_UPPER_WORDS = {
    "LLP",
    "LLC",
    "PLLC",
    "LP",
    "PC",
    "PA",
    "AG",
    "SA",
    "NV",
    "BV",
    "II",
    "III",
    "IV",
    "N.A.",
    "P.C.",
    "P.A.",
    "L.P.",
    "L.L.P.",
    "P.L.L.C.",
    "L.L.C.",
    "S.A.",
    "N.V.",
    "B.V.",
    "LPA",
    "S.C.",
}
_ESQUIRE = re.compile(r",?\s*Esq(?:uire|\.)?$", re.I)


def restore_case(value: str, text: str) -> tuple[str, bool]:
    """An all-capitals name as the letter writes it elsewhere, else title-cased (unsure)."""
    letters = [c for c in value if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or len(letters) < 4:
        return value, False
    pattern = r"\s+".join(re.escape(part) for part in value.split())
    for match in re.finditer(pattern, text, re.I):
        found = match.group(0)
        if not all(c.isupper() for c in found if c.isalpha()):
            return " ".join(found.split()), False
    words = []
    for word in value.split():
        bare = word.strip(",")
        if bare in _UPPER_WORDS or re.fullmatch(r"(?:[A-Z]\.)+", bare):
            words.append(word)
        elif bare in ("AND", "OF", "THE") and words:
            words.append(word.lower())
        else:
            words.append(word.title())
    return " ".join(words), True


def _is_person(line: str) -> bool:
    line = _ESQUIRE.sub("", line.strip(" ,"))  # "Robert J. Allen, Esq." is a person
    tokens = line.split()
    return (
        2 <= len(tokens) <= 5
        and all(_PERSON_TOKEN.match(t) for t in tokens)
        and not _FIRM.search(" " + line)
        and not _TITLE.search(line)
        and not _NOT_A_NAME.search(line)
        and sum(t.lower().strip(",") in _OFFICE_CITIES for t in tokens) < 2
        and sum(1 for t in tokens if len(t.strip(".,")) > 1) >= 2
    )


def _firm_line(lines: list[str]) -> int | None:
    return next(
        (
            i
            for i, line in enumerate(lines)
            if _FIRM.search(" " + line)
            and len(line.split()) <= 12
            and not re.search(r"\d{3}", line)
        ),
        None,
    )


def _firm_name(lines: list[str], at: int, body: str) -> tuple[str, bool]:
    """The firm line, with a suffix typed on the next line ("Smith & Jones" / "P.C.")."""
    # a form of opinion brackets the firm it will be signed by: "[MERCER HOLLIS LLP]"
    firm, unsure = restore_case(re.sub(r"^\[(.+)\]$", r"\1", lines[at].strip()), body)
    following = [line for line in lines[at + 1 :] if line.upper() != lines[at].upper()]
    if (
        following
        and _FIRM_SUFFIX_LINE.match(following[0])
        and following[0].lower() not in firm.lower()
        # "... LOWE LLP" / "A Limited Liability Partnership": what the name already says
        and not re.search(r"\b(?:L\.?L\.?P|P\.\s?C|P\.\s?A|LLC)\.?$", firm, re.I)
    ):
        firm += ", " + restore_case(following[0], "")[0]
    return firm, unsure


_ANNEX = re.compile(r"\bCertificate\b|^(?:Schedule|Annex|Appendix|Exhibit)\b", re.I)


def _title_after(lines: list[str], at: int) -> str | None:
    """The signer's title in the lines under the name, possibly over two lines."""
    signed = _ESQUIRE.sub("", lines[at].strip(" ,"))
    for line in lines[at + 1 : at + 5]:
        if _ESQUIRE.sub("", line.strip(" ,")).lower() == signed.lower():
            continue  # the name again, typed under the signature
        if _ANNEX.search(line):
            break  # "Director's Certificate": a document attached after the signature
        labelled = re.match(r"^(?:Its|Title):?\s*(.+)$", line, re.I)
        if not labelled and not (
            _TITLE.search(line) and len(line.split()) <= 12 and not _FIRM.search(" " + line)
        ):
            continue
        title = (labelled.group(1) if labelled else line).strip(" ,")
        # "Sebastian R. Sperber, a Partner" -> "Partner"
        title = re.sub(rf"^{re.escape(lines[at].strip(','))},?\s*", "", title, flags=re.I)
        title = re.sub(r"^(?:a|an|the)\s+", "", title, flags=re.I)
        # A title broken over lines: "Vice President, General Counsel" / "and Secretary",
        # "Senior Vice President," / "General Counsel and Secretary", "... and" / "General Counsel"
        end = lines.index(line)
        while end + 1 < len(lines) and (
            re.match(r"^(?:and|&)\s+\S", lines[end + 1])
            or (
                re.search(r"(?:,|\s(?:and|&|of))$", lines[end].rstrip())
                and _TITLE.search(lines[end + 1])
                and len(lines[end + 1].split()) <= 8
            )
        ):
            end += 1
            joiner = ", " if lines[end - 1].rstrip().endswith(",") else " "
            title += joiner + lines[end].strip(" ,")
        return title
    return None


def _name_and_title(line: str) -> list[str]:
    """ "Eleanor J. Whitford, a Partner" -> the name, then the title, as if on two lines."""
    match = re.match(r"^(.+?),\s+(?:(?:a|an)\s+)?(.+)$", _ESQUIRE.sub("", line))
    if (
        match
        and _is_person(match.group(1))
        and _TITLE.search(match.group(2))
        and len(match.group(2).split()) <= 6
    ):
        return [match.group(1), match.group(2)]
    return [line]


def signatories(letter: Letter, facts: LetterFacts) -> None:
    lines = [
        re.sub(r"^(?:/s/|s/|\(signed\)|By:?|Name:)\s*", "", line, flags=re.I).strip()
        for line in letter.signature
    ]
    lines = [re.sub(r"^(?:/s/|s/)\s*", "", line, flags=re.I).strip() for line in lines]
    lines = [part for line in lines for part in _name_and_title(line)]
    firm_index = _firm_line(lines)
    if firm_index is not None:
        firm, unsure = _firm_name(lines, firm_index, letter.body)
        facts.set("law_firm", firm, unsure=unsure)
    elif any(re.fullmatch(r"(?:for|on\s+behalf\s+of)\s+the\s+firm", line, re.I) for line in lines):
        # "/s/ Susan K. Marchetti" / "For the Firm": the firm is the letterhead's
        head = letter.head.split("\n")
        at = _firm_line(head)
        if at is not None:
            facts.set("law_firm", _firm_name(head, at, letter.body)[0], unsure=True)
    # who speaks in the letter itself, not in a certificate attached after the signature
    signed_at = letter.body.find(letter.signature[0]) if letter.signature else -1
    letter_text = letter.body[:signed_at] if signed_at > 0 else letter.body
    people = [i for i, line in enumerate(lines) if _is_person(line)]
    person_index = people[0] if people else None
    names = {_ESQUIRE.sub("", lines[i].strip(" ,")).lower() for i in people}
    if firm_index is None and len(names) >= 2 and _WE_SPEAK.search(letter_text):
        # "Laidlaw Brennan" / "/s/ Fiona McAllister" / "Partner": the first name over a
        # signing lawyer's is the firm's, though it has no suffix
        facts.set(
            "law_firm", restore_case(lines[people[0]].strip(" ,"), letter.body)[0], unsure=True
        )
        person_index = people[1]
    title = _title_after(lines, person_index) if person_index is not None else None
    in_text = _TITLE_IN_TEXT.search(letter.body)
    if title is None and in_text and person_index is not None:
        title = in_text.group("title")
        title = title[:1].upper() + title[1:]  # "I am a partner of ..." -> "Partner"
    if (
        person_index is not None
        and title is None
        and "law_firm" not in facts.values
        and _WE_SPEAK.search(letter_text)
        and not _I_SPEAK.search(letter_text)
        and not re.search(r"\b[A-Z]\.", lines[person_index])
    ):
        # "We ... consent" over "/s/ Conyers Hale Barrow": a firm whose name has no suffix,
        # not a person signing alone. Uncertain either way, so a reviewer is asked.
        facts.set(
            "law_firm", restore_case(lines[person_index].strip(" ,"), letter.body)[0], unsure=True
        )
        person_index = None
    if person_index is not None:
        signed = _ESQUIRE.sub("", lines[person_index].strip(" ,"))
        name, unsure = restore_case(signed, letter.body)
        facts.set("counsel", name, unsure=unsure)
    facts.set("counsel_title", title)
    if facts.values.get("law_firm"):
        facts.set("counsel_role", "outside")
    elif (
        facts.values.get("counsel")
        and (in_text or (title and _TITLE.search(title)))
        and not re.fullmatch(r"(?:partner|associate|member|shareholder)", title or "", re.I)
    ):
        facts.set("counsel_role", "in-house")  # a firm's partner signing alone is not
    if not facts.values.get("law_firm") and not facts.values.get("counsel"):
        facts.flag("counsel")
        facts.flag("law_firm")
