"""What an opinion says besides its securities: transaction, governing law, consent.

Input is the letter's normalised text (one line per block, straight quotes). Every rule
quotes the letter: descriptions and law names are the letter's own words, opinions are
the standard opinion phrases as the letter spells them ("non-assessable" stays so).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from plugins.extraction_securities import without_parentheses

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(rf"(?P<m>{MONTH})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d\d)")
_AGREEMENT = re.compile(
    r"(?:pursuant\s+to|contemplated\s+by|in\s+accordance\s+with)\s+(?:the|that\s+certain|an?)\s+(?P<name>(?:[A-Z][\w&'-]*,?\s+(?:(?:of|and|to)\s+)?){0,8}?"
    r"(?:Agreement|Plan)(?:\s+(?:and|of)\s+(?:Plan\s+of\s+)?(?:Merger|Reorganization|Amalgamation|Arrangement|Exchange))?)"
    r"\s*(?:\([^)]*\))?,?\s*dated\s+(?:as\s+of\s+)?(?P<date>"
    + MONTH
    + r"\s+\d{1,2},?\s+(?:19|20)\d\d)"
    r"(?:\s*\([^)]*\))?,?\s*(?:(?:by\s+and\s+)?(?:among|between)\s+(?P<parties>.+?)"
    # the sentence's end, not a period inside a name: "PCB Merger Sub, Inc. and ...",
    # "Haskell Stanton & Co. LLC"
    r"(?:(?<![A-Z])\.(?!\s+and\b|\s+(?:LLC|L\.?L\.?C|LP|L\.P|Inc|Ltd|plc|N\.A|AG)\b)(?:\s|$)"
    # "... and Lassiter Doane LLC. We have examined" (but not "U.S. Bank")
    r"|\.(?=\s+(?:We|The|In|This|Our|Such|All|Based|Each|It|Any|For|On)\b)|\.$))?"
)
_PARTY_SUFFIX = re.compile(
    r"^(?:N\.A\.|S\.A\.(?:\s+de\s+C\.V\.)?|Inc\.|Ltd\.|L\.P\.|LLC|L\.L\.C\.|plc|N\.V\.|B\.V\.|AG|"
    r"GmbH|S\.p\.A\.|Co\.|Corp\.|LLP|S\.A\.B\.\s+de\s+C\.V\.|S\.A\.S\.|SE)(?:\s+and\s+|$)"
)

_LAW_TRIGGER = re.compile(
    r"limited\s+(?:in\s+all\s+respects\s+)?(?:exclusively\s+|solely\s+|only\s+)?to|confined\s+to"
    r"|address(?:es)?\s+only"
    r"|(?<!not\s)opin(?:ing|e)\s+(?:herein\s+)?(?:only\s+|solely\s+)?(?:as\s+to|on)\b|opine\s+only"
    r"|(?:only\s+relate|relate\s+only)\s+to|(?:solely|only|exclusively)\s+with\s+respect\s+to"
    # "other than" about laws or a jurisdiction, not "a province other than Québec"
    # (from the nearest such word: "practice law in Utah, and I express no opinion concerning
    # any law other than ..." starts at "law other than")
    r"|(?:laws?|jurisdictions?|opinion)\b(?:(?!\b(?:laws?|jurisdictions?|opinion)\b)[^.;]){0,80}?"
    r"\bother\s+than|express\s+no\s+opinion\s+(?:herein\s+)?as\s+to\s+the\s+laws|expressed\s+solely",
    re.I,
)
_PLACE = (
    r"[A-Z][\w.']*(?:\s+(?:of\s+|and\s+(?=(?:Wales|Tobago|Barbuda|Herzegovina|Nevis|Caicos)\b))?"
    r"[A-Z][\w.']*){0,4}"
)
_LAW = re.compile(
    rf"(?P<law>(?:(?:current|internal|federal|Federal|substantive|present|applicable|general|corporate|state"
    rf"|income|tax)\s+)*(?<!case\s)laws?\s+of\s+"
    rf"(?:the\s+)?(?:(?:State|Province|Commonwealth|Republic|Kingdom|Grand\s+Duchy|District)\s+of\s+(?:the\s+)?)?{_PLACE}"
    rf"|(?:[A-Z][\w.]*\s+){{1,4}}(?:federal|state)\s+laws"
    # tax opinions: "limited to the U.S. federal income tax matters addressed herein"
    rf"|(?:U\.S\.|United\s+States)\s+federal\s+income\s+tax(?:ation|\s+laws?|\s+matters)"
    # "limited to Dutch law", "Swiss law" (a capitalised adjective and a lower-case "law")
    rf"|(?<![\w-])(?:[A-Z][a-z]+\s+){{1,2}}law\b(?!\s+of)"
    rf"|(?:(?:[A-Z][\w.'-]*\s+){{1,6}}(?:Laws?|Act|Code|Statutes|Constitution)|Constitution(?=\s+of))"
    rf"(?:\s+of\s+(?:19|20)\d\d)?"
    rf"(?:\s+of\s+(?:the\s+)?(?:(?:State|Commonwealth|Province|Republic)\s+of\s+(?:the\s+)?)?{_PLACE})?"
    rf"(?:\s+of\s+(?:19|20)\d\d)?)"
)
# A statute the letter names once in full and then by a short name: "the Delaware Revised
# Uniform Limited Partnership Act (the "Delaware LP Act")", "... (the "DGCL")".
_LAW_DEFINED = re.compile(
    r"(?P<full>(?:[A-Z][\w.'-]*\s+(?:of\s+(?:the\s+)?)?){1,8}(?:Act|Law|Code|Statutes)"
    r"(?:\s+of\s+(?:19|20)\d\d)?(?:\s+of\s+(?:the\s+)?(?:State|Commonwealth)\s+of\s+[A-Z]\w+)?)"
    r"(?:,\s*as\s+amended,?)?\s*\(\s*(?:the\s+)?\"(?P<term>[A-Z][^\"]{1,40})\"\s*\)"
)
_OTHER_JURISDICTION = re.compile(
    r"laws\s+of\s+any\s+(?:other\s+)?jurisdiction\s+other\s+than\s+(?:those\s+of\s+)?(?P<the>the\s+)?"
    # "the State of New York", or a place named alone: "Bermuda.", "the Cayman Islands and"
    # (a statute named there is a law already: "other than the Colorado Business Corporation Act")
    r"(?!(?-i:(?:[A-Z][\w-]*\s+){1,5}(?:Act|Law|Code|Statutes)\b))"
    r"(?=(?:State|Commonwealth|Province)\s+of\b|(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})(?:[.,;]|\s+(?:and|or)\b|$))",
    re.I,
)
# After the laws it covers, a limitation goes on to what it leaves out.
_LAW_EXCLUSIONS = re.compile(
    r"[,;]?\s+(?:including\b|and\s+(?:we|I)\s+(?:express|do\s+not|make)\b|(?:we|I)\s+express\s+no\b"
    # "... limited to matters of Jersey law and is governed by ... the laws of Jersey": the
    # letter's own governing law, not one it covers
    r"|and\s+(?:is|shall\s+be)\s+governed\s+by\b)"
)

_JURISDICTION_LISTED = re.compile(
    r"(\b(?:and|or)\s+|,\s+)the\s+(?=United\s+States\b|(?:State|Commonwealth|Province)\s+of\b)"
)

_CONSENT = re.compile(
    r"\b(?:I|we|firm)\s+(?:\w+\s+){0,3}?consents?\b(?!\s+is\s+required)|\bconsents?\s+(?:to\s+the\s+"
    r"(?:use|filing|reference|inclusion|incorporation)|thereto)"
    # Dutch and other continental letters permit rather than consent: "The Company may (a)
    # file this opinion letter as an exhibit to the Registration Statement"
    r"|\bmay\s+(?:\(a\)\s+)?file\s+this\s+opinion(?:\s+letter)?\s+as\s+an\s+exhibit",
    re.I,
)

# Consent given in another exhibit is not given here: "Our consent to the reference to our
# firm ... is filed separately as Exhibit 23.2 to the Registration Statement."
_CONSENT_ELSEWHERE = re.compile(
    r"\b(?:is|are|will\s+be)\s+(?:being\s+)?(?:filed|given|contained|included)\s+"
    r"(?:separately\s+)?(?:as|in)\s+Exhibit\s+23\b",
    re.I,
)


def _date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    try:
        return dt.date(
            int(match.group("y")),
            months.index(match.group("m")[:3].lower()) + 1,
            int(match.group("d")),
        )
    except ValueError:
        return None


def transaction(
    body: str, issuer: str | None, defined: dict[str, str] | None = None
) -> dict[str, Any] | None:
    # A registration rights agreement is why shares are registered, not the deal that
    # issued them; the schema's transaction is the latter.
    match = next(
        (
            m
            for m in _AGREEMENT.finditer(body)
            if not re.search(r"registration\s+rights", m.group("name"), re.I)
        ),
        None,
    )
    if not match:
        return None
    deal: dict[str, Any] = {"agreement": " ".join(match.group("name").split()).strip(" ,")}
    when = _date(match.group("date"))
    if when:
        deal["date"] = when
    parties: list[str] = []
    for piece in re.split(r",\s+", without_parentheses(match.group("parties") or "")):
        piece = re.sub(r"^and\s+", "", piece.strip())
        if re.match(r"(?:as|dated|which|including|an?)\b", piece):
            # a role or an amendment, not a party: "as representative of the several
            # underwriters", "as amended by Amendment No. 1 thereto", "dated as of ..."
            # or a descriptor ("a Delaware limited liability company and the general partner
            # of the Partnership"); "certain shareholders of Banacci" is a party
            continue
        suffix = _PARTY_SUFFIX.match(piece) if parties else None
        if suffix:  # "PCB Merger Sub", "Inc. and Yadkin Ridge Financial Corporation"
            parties[-1] += ", " + piece[: suffix.end()].removesuffix(" and ").strip()
            piece = piece[suffix.end() :]
        if piece:
            parties.extend(p for p in re.split(r"\s+and\s+(?=[A-Z]|the\s+[A-Z])", piece) if p)
    if issuer:
        parties = [
            issuer if p.lower() in ("the company", "the issuer", "the registrant") else p
            for p in parties
        ]
    # A party named by the short name the letter gave it: "Beta" -> "Beta Bancorp, Inc."
    defined = defined or {}
    parties = [defined.get(re.sub(r"^the\s+", "", p, flags=re.I).lower(), p) for p in parties]
    if parties:
        deal["parties"] = parties
    return deal


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[a-z0-9)\"'])[.;]\s+(?=[A-Z(])|\n", text)


def _other_than_laws_of(match: re.Match[str]) -> str:
    state = re.match(r"(?:State|Commonwealth|Province)\s+of\b", match.string[match.end() :], re.I)
    return "laws other than the laws of " + ("the " if state else match.group("the") or "")


def _spelt_out(text: str, term: str, full: str) -> str:
    """A statute's short name replaced by its full name where it stands alone ("the Delaware
    LP Act", ", the DGCL"), not where it ends another name ("Virginia Stock Corporation Act"
    when the letter defines "Act")."""

    def replace(match: re.Match[str]) -> str:
        before = text[: match.start()].rsplit(None, 1)[-1:]  # the word before, if any
        alone = not before or not before[-1][:1].isupper() or before[-1].endswith(",")
        return full if alone else match.group(0)

    return re.sub(rf"(?<![\w-]){re.escape(term)}\b", replace, text)


# "(i) the General Corporation Law ..., including the statutory provisions thereof, ... and
# (ii) with respect to paragraphs 2 and 3, the laws of the State of New York": each item
# names a law; "including ..." leaves out only the rest of its own item.
_LAW_ITEM = re.compile(r"[,;]?\s+(?:and\s+)?\((?:ii|iii|iv|b|c|d|2|3|4)\)\s+")


def _limited_to(tail: str) -> str:
    kept = []
    for item in _LAW_ITEM.split(tail):
        text = without_parentheses(item)
        cut = _LAW_EXCLUSIONS.search(text)
        kept.append(text[: cut.start()] if cut else text)
        if cut and not cut.group(0).strip(" ,;").startswith("including"):
            break  # "and we express no opinion ...": nothing after it is a law relied on
    return ", ".join(kept)


# Where a statute is codified, given after its name: ", Title 18, Sections 1001 et seq. of
# the", ", Chapter 156D of the".
_CODIFIED_AT = re.compile(
    r",\s+(?:Title|Chapter)\s+\w+(?:,\s+Sections?\s+[\w.\-]+(?:\s+et\s+seq\.)?)?\s+of\s+(?:the\s+)?$"
)

# A part of a code named alone: "Chapter 78 of the", "Title 8 of the".
_PART_OF_CODE = re.compile(r"(?<![,\w])(?:Title|Chapter)\s+\w+\s+of\s+(?:the\s+)?$")


def governing_law(body: str) -> list[str]:
    """The laws named in the letter's first limitation sentence."""
    short_names = {m.group("term"): m.group("full") for m in _LAW_DEFINED.finditer(body)}
    for sentence in _sentences(body):
        sentence, listed = _OTHER_JURISDICTION.subn(_other_than_laws_of, sentence)
        if listed:  # "... other than the State of New York and the United States of America"
            sentence = _JURISDICTION_LISTED.sub(r"\g<1>the laws of the ", sentence)
        trigger = _LAW_TRIGGER.search(sentence)
        if not trigger:
            continue
        # "(and the federal laws of Canada ...)" adds a law; "(including ...)" does not.
        tail = re.sub(r"\(\s*(and\s+[^()]*)\)", r", \1", sentence[trigger.start() :])
        tail = _limited_to(tail)
        for term, full in short_names.items():
            tail = _spelt_out(tail, term, full)
        laws: list[str] = []
        for match in _LAW.finditer(tail):
            law = re.sub(r"^(?:the|and|of)\s+", "", match.group("law").strip(" ,"), flags=re.I)
            law = re.sub(r"\s+(?:and|or|in|as|to)$|(?<=[a-z]{2})\.$", "", law)
            if laws and _CODIFIED_AT.search(tail[: match.start()]):
                # "the Kentucky Business Corporation Act, Chapter 271B of the Kentucky Revised
                # Statutes": one statute, named twice; its name alone groups letters best
                continue
            part = _PART_OF_CODE.search(tail[: match.start()])
            if part:  # "limited to Chapter 78 of the Nevada Revised Statutes": that chapter only
                law = part.group(0) + law
            if laws and re.match(r"\s+applicable\s+there(?:in|to)\b", tail[match.end() :]):
                # "the laws of the Province of Ontario (and the federal laws of Canada
                # applicable therein)": one body of law, the second within the first.
                joiner = re.search(r"\s+and\s+(?:the\s+)?$", tail[: match.start()])
                laws[-1] += (joiner.group(0) if joiner else " and ") + law + " applicable therein"
                continue
            if law and law not in laws and not re.match(r"laws?\s+of\s+any\b", law, re.I):
                laws.append(law)
        if laws:
            return laws
    return []


def consent_given(body: str) -> bool | None:
    """True when counsel consents to the filing or to being named; None if the letter is silent."""
    for sentence in _sentences(body):
        if (
            _CONSENT.search(sentence)
            and not re.search(r"\b(?:not|no)\s+consent", sentence, re.I)
            and not _CONSENT_ELSEWHERE.search(sentence)
        ):
            return True
    return None
