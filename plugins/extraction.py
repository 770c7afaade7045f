"""Metadata from the words of an opinion letter: general rules, not rules for known files.

The letter is read as blocks (see plugins.letter_markdown). Rules look where lawyers put
things: the date and exhibit number head the letter, the issuer is defined as the
"Company", the signature block names the firm or the lawyer, the limitation sentence
names the law. Whatever no rule finds is left out; whatever a weaker rule found is
listed in `review`. `extraction_terms` reads what the opinion covers and says.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from plugins.extraction_coverage import mark_covered, opinion_headings
from plugins.extraction_opinions import opinions_given
from plugins.extraction_securities import before_opinion, securities_entries
from plugins.extraction_signature import signatories
from plugins.extraction_terms import MONTH, consent_given, governing_law, transaction
from plugins.letter_markdown import Block, block_text
from plugins.registrants import COMPANY_SUFFIX, joined_names
from plugins.schema import may_be_fund_opinion
from plugins.securities_summary import securities_summary

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
DATE = re.compile(
    rf"\b(?:(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?P<m2>{MONTH}),?\s+(?P<y2>(?:19|20)\d\d))\b"
)
# a paragraph of its own: "DATED this 3rd day of May, 2002." (not "the Indenture dated ...")
_DATED = re.compile(r"^\s*(?i:dated)[:,]?\s+(?:(?i:as\s+of|this)\s+)?" + DATE.pattern, re.M)
_SALUTATION = re.compile(
    r"^(?:ladies and gentlemen|gentlemen|dear\b|to the addressees|to whom|sirs\b|mesdames)", re.I
)
_EXHIBIT = re.compile(
    r"\bExhibit\s+(?:No\.?\s*)?(\d{1,3}(?:\.\d{1,3})?(?:\([a-z0-9]{1,3}\))?)(?![\d.]*\d)", re.I
)
_EXHIBIT_TYPE = re.compile(r"^EX(?:1A)?-(\d{1,3}(?:\.\d{1,3})?)", re.I)
# An investment company's lettered item: "EX-99.(L)", "99.l", "(l)(2)", "(11)".
_FUND_ITEM = re.compile(r"^(?:EX-)?(?:99\.?)?\(?([A-Za-z]|\d{1,2})\)?((?:\(\w{1,3}\))*)$", re.I)
_FUND_EXHIBIT = re.compile(r"\bExhibit\s+((?:99\.?)?\(\w{1,2}\)(?:\(\w{1,3}\))*|99\.[a-z]\b)", re.I)
_COMPANY_DEFINED = re.compile(
    r"\(\s*(?:\"you\"\s+or\s+)?(?:the\s+|hereinafter(?:\s+referred\s+to\s+as)?,?\s+(?:the\s+)?)?\"?\s*"
    # a guarantor named for its place: ("Wisconsin Guarantor")
    r"(?:[A-Z][a-z]+\s+(?=Guarantor))?"
    r"(?:Company|Issuer|Registrant|Corporation|Bank|Trust|Partnership|Fund|Guarantor|Parent"
    r"|Issuing\s+Entity)\s*\"?\s*\)"  # an asset-backed deal's trust is its "Issuing Entity"
)
_ENTITY_NOUN = (
    r"(?:corporation|company|partnership|trust|association|bank|banking\s+corporation|"
    r"société\s+anonyme|sociedad\s+an[oó]nima|limited|plc|societas\s+europaea|cooperative|entity)"
)
_DESCRIPTOR = re.compile(
    rf",?\s+(?:a|an)\s+(?P<desc>(?:[\w.'-]+\s+){{0,5}}?{_ENTITY_NOUN}\b"
    # ("a sociedad anónima bursátil de capital variable organized under ...")
    rf"(?:(?:\s+[^\W\d_]+){{0,4}}?\s+(?:duly\s+)?(?:organized|incorporated|formed|existing|amalgamated"
    rf"|continued|registered)"
    # "organized under the laws of, and duly licensed as a bank in, Switzerland"
    rf"\s+(?:under\s+the\s+laws\s+of(?:\s*,[^,()\";]{{1,80}},)?|(?<=incorporated\s)in|(?<=registered\s)in)"
    rf"\s+(?P<place>[^()\";]+?))?)\s*,?\s*$",
    re.I,
)
_PLACE_NAME = (
    r"(?:the\s+)?(?P<place>(?:(?:State|Commonwealth|Province|Republic|Grand\s+Duchy|Kingdom)\s+of\s+"
    r"(?:the\s+)?)?[A-Z][\w.'-]*(?:\s+(?:of\s+)?[A-Z][\w'-]*){0,3}(?:\s+and\s+Wales)?)"
)
# The opinion on the issuer itself: "The Company has been duly incorporated as an exempted
# company ... under the laws of the Cayman Islands"; or its description: "counsel to the
# Company, a public limited company incorporated under the laws of Ireland".
_INCORPORATED_UNDER = (
    r"(?:\s+(?:has\s+been|is)|,\s+(?:a|an))\b[^.;]{0,120}?\b(?:incorporated|organized|organised"
    # "... under the laws of Switzerland", "incorporated with limited liability in Jersey"
    rf"|formed|registered)\b(?:[^.;]{{0,200}}?\bunder\s+the\s+laws?\s+of|(?:\s+with\s+limited"
    rf"\s+liability)?\s+in)\s+{_PLACE_NAME}"
)


def incorporated_in(body: str, issuer: str, defined: dict[str, str] | None = None) -> str | None:
    """Where the opinion says the issuer was incorporated, under "the Company" or the short
    name the letter gives it (`defined`: see defined_entities) ("CS is a corporation ... duly
    incorporated and validly existing under the laws of Switzerland")."""
    names = ["Company", "Issuer", "Registrant", "Corporation"]
    defined = defined_entities(body) if defined is None else defined
    names += [term for term, name in defined.items() if name == issuer]
    # "Credit Suisse AG (CS)": a short name given without quotes
    short = re.search(rf"{re.escape(issuer)}\s*\(\s*\"?([A-Z][\w&.-]{{0,30}})\"?\s*\)", body)
    names += [short.group(1)] if short else []
    subject = "|".join(re.escape(n) for n in names)
    found = re.search(rf"\b(?i:(?:the\s+)?(?:{subject})){_INCORPORATED_UNDER}", body)
    return _place(found.group("place")) if found else None


_A_DEFINITION = re.compile(r"\(\s*(?:the\s+)?\"[^\"]*\"\s*\)")
_DESCRIPTOR_START = re.compile(
    rf",\s+(?:a|an)\s+(?P<desc>(?:[\w.'-]+\s+){{0,5}}?{_ENTITY_NOUN})\b", re.I
)
_DESCRIPTOR_AFTER = re.compile(
    rf"\s*,\s*(?:a|an)\s+(?P<desc>(?:[\w.'-]+\s+){{0,5}}?{_ENTITY_NOUN})\b"
    # "... company limited by shares registered in Victoria, Australia"
    r"(?:(?:\s+[\w-]+){0,3}?\s+(?:duly\s+)?"
    r"(?:organized|incorporated|formed|existing|amalgamated|continued|registered|governed)\s+"
    rf"(?:(?:(?:under|by)\s+the\s+laws\s+of|in)\s+{_PLACE_NAME}"
    rf"|(?:under|by)\s+the\s+(?:[A-Z][\w-]*\s+){{1,4}}Act\s+\((?P<act>[A-Z][\w\s]+?)\)"
    # a federal Canadian corporation: "governed by the Canada Business Corporations Act"
    r"|(?:under|by)\s+the\s+(?P<federal>Canada)\s+Business\s+Corporations\s+Act\b))?"
)
_COUNSEL_FOR = re.compile(r"\bcounsel\s+(?:to|for)\s+(?P<rest>.{3,600})", re.I)
_SUFFIX_END = re.compile(rf"^{COMPANY_SUFFIX}$")
_NAME_CONNECTORS = {"&", "de", "du", "des", "la", "le", "del", "der", "van", "von", "y", "e"}
_OF_OK_BEFORE = {
    "bank",
    "trust",
    "company",
    "corporation",
    "republic",
    "commonwealth",
    "state",
    "province",
    "kingdom",
    "city",
    "county",
    "university",
    "association",
    "society",
    "authority",
    "district",
    "institute",
    "fund",
    "group",
    "church",
}
_ATTACHMENT = re.compile(
    r"^(?:(?:Schedule|Annex|Appendix|Attachment|Exhibit)\s+(?:[A-Z]|[IVX]+|\d+(?:\.\d+)?)\b"
    r"|(?:Schedule|Annex|Appendix|Attachment)\s*$)",
    re.I,
)
_ENDS_SIGNATURE = re.compile(
    rf"{_ATTACHMENT.pattern}|{_SALUTATION.pattern}|To:|b?cc:|copies\s+to\b|enclosures?\b"
    rf"|(?:{DATE.pattern})$",
    re.I,
)
_CLOSING = re.compile(
    r"^(?:very truly yours|yours (?:very )?truly|sincerely(?: yours)?"
    r"|respectfully(?: submitted| yours)?"
    r"|yours faithfully|faithfully yours|cordially(?: yours)?|(?:best|kind) regards|regards),?$",
    re.I,
)
_FORM = re.compile(
    r"\bForms?\s+(?P<a>(?:(?:S|F|N|SF|SB)-\d{1,2}[A-Z]{0,3}|1-A)(?:/A)?)"
    r"(?:\s*(?:and|&|/|or)\s*(?:Form\s+)?(?P<b>(?:S|F)-\d{1,2}[A-Z]{0,3}))?\b"
)
_REPORT_FORM = re.compile(r"\bForm\s+(?P<r>10-K|10-Q|20-F|40-F)\b")
_EARLIER_REGISTRATION = re.compile(
    r"\bunsold\s+(?:securities|shares)\b|\b(?:previously|earlier|originally)\s+(?:registered|reserved)\b|\b(?:prior|earlier)\s+"
    r"registration\s+statements?\b|\bremain(?:s|ing)?\s+unsold\b|\bRule\s+429\b"
    # "registered ... pursuant to a separate registration statement on Form F-6 (File No. ...)"
    r"|\b(?:separate|another)\s+registration\s+statement"
    # "the warrant agreement ... in connection with the Company's initial public offering
    # registered on Form S-1 (File No. ...)": an earlier offering's registration
    r"|\b(?:offering|were|was)\s+registered\s+on\s+Form\b"
    # "the shares under which were registered on the Company's registration statements on
    # Form S-8 (File Nos. ...)"
    r"|\b(?:were|was)\s+registered\s+on\s+(?:the\s+)?(?:[\w']+\s+)?registration\s+statements?\s+on"
    r"\s+Form\b"
    # "will replace the Company's registration statement on Form S-3 (File No. ...)"
    r"|\b(?:replace|replaces|supersede|supersedes)\s+(?:the\s+)?(?:[\w']+\s+)?registration\s+statement",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"\.\s+(?=[A-Z(])")  # not "No. 333-..."
_EARLIER_DEFINED = re.compile(
    r"\(\s*(?:collectively,?\s+)?the\s+\"(?:Prior|Earlier|Existing)\s+Registration"
)
_FILE_NO = re.compile(
    r"(?:\b(?:File|Registration|Commission\s+File|SEC\s+File|Reg\.)\s+(?:Nos?\.|Numbers?|Nos?\b)"
    r"|\(Nos?\.(?=\s*333-))\s*:?\s*"  # "on Form S-3 (No. 333-178845)"
    r"(?P<list>(?:\d{1,3}-\d{3,6}(?:-\d{1,3})?(?:\s*(?:,|and|&)\s*)*)+)",
    re.I,
)


@dataclass
class LetterFacts:
    """What the letter says, in the archive's field names; `review` lists uncertain fields."""

    values: dict[str, Any] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)
    # Fields filled from the submission's SEC header because the letter does not say them.
    from_filing: set[str] = field(default_factory=set)
    # One line for lists and labels (see securities_summary); the entries are the record.
    securities_summary: str | None = None

    def set(self, name: str, value: Any, *, unsure: bool = False) -> None:
        if value in (None, "", []):
            if unsure:
                self.flag(name)
            return
        self.values[name] = value
        if unsure:
            self.flag(name)

    def flag(self, name: str) -> None:
        if name not in self.review:
            self.review.append(name)


def normalise(text: str) -> str:
    """Text for matching: compatibility forms, straight quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033]", '"', text)
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032]", "'", text)
    return re.sub(r"[ \t]+", " ", text)


def flat(text: str) -> str:
    return " ".join(normalise(text).split())


def parse_date(match: re.Match[str]) -> dt.date | None:
    month = (match.group("m1") or match.group("m2"))[:3].lower()
    day, year = match.group("d1") or match.group("d2"), match.group("y1") or match.group("y2")
    try:
        value = dt.date(int(year), MONTHS[month], int(day))
    except (ValueError, KeyError):
        return None
    return value if dt.date(1990, 1, 1) <= value <= dt.date.today() else None


# ------------------------------------------------------------------ letter layout


@dataclass
class Letter:
    blocks: list[Block]
    head: str  # everything before the salutation
    body: str  # the whole letter, one line per block, normalised
    signature: list[str]

    @classmethod
    def read(cls, blocks: list[Block]) -> Letter:
        texts: list[str] = []
        after_page = False
        for block in blocks:
            if block.kind == "page":
                after_page = True
                continue
            text = normalise(block_text(block))
            # A sentence the page break cut in two is read as one paragraph again.
            if (
                after_page
                and texts
                and block.kind == "paragraph"
                and re.search(r"[a-z0-9,]$", texts[-1])
            ):
                texts[-1] += " " + text
            else:
                texts.append(text)
            after_page = False
        salutation = next((i for i, t in enumerate(texts) if _SALUTATION.match(t.strip())), None)
        head_end = salutation if salutation is not None else min(len(texts), 12)
        return cls(
            blocks,
            "\n".join(texts[:head_end]),
            "\n".join(" ".join(t.split()) for t in texts),
            _signature_lines(texts),
        )


def _signature_lines(texts: list[str]) -> list[str]:
    lines = [line.strip() for text in texts for line in text.split("\n") if line.strip()]
    closing = max((i for i, line in enumerate(lines) if _CLOSING.match(line)), default=None)
    if closing is not None:
        block = lines[closing + 1 : closing + 14]
        # A schedule after the signature ("Schedule I" / "Subsidiary Guarantors") is not in it,
        # nor a certificate attached as a letter of its own (its date, "To:", "Dear Sirs"),
        # nor those copied ("cc: Rolf E. Hanson, Esq." / "Lindahl Marsh & Keating P.L.L.P.").
        end = next((i for i, line in enumerate(block) if _ENDS_SIGNATURE.match(line)), len(block))
        return block[:end]
    signed = [i for i, line in enumerate(lines) if re.match(r"^/s/", line, re.I)]
    return lines[signed[0] : signed[0] + 8] if signed else lines[-6:]


# ------------------------------------------------------------------------- fields


def _fund_item(value: str | None, form: str | None) -> str | None:
    """ "(l)" for "EX-99.(L)", "99.l" or "(l)" when that item is an opinion of `form` (of any
    investment company form when the letter names none)."""
    match = _FUND_ITEM.match(value or "")
    if not match:
        return None
    item = f"({match.group(1).lower()}){match.group(2).lower()}"
    return item if may_be_fund_opinion(item, form) else None


def exhibit_number(letter: Letter, doc_type: str | None, facts: LetterFacts) -> None:
    opening = (letter.head, letter.body[:3000])
    in_letter = _EXHIBIT.search(opening[0]) or _EXHIBIT.search(opening[1])
    typed = _EXHIBIT_TYPE.match(doc_type or "")
    stated = in_letter.group(1) if in_letter else None
    filed = typed.group(1) if typed else None
    form = facts.values.get("form")
    fund_filed = _fund_item(doc_type, form)
    if fund_filed or not (stated or filed):
        fund_stated = _FUND_EXHIBIT.search(opening[0]) or _FUND_EXHIBIT.search(opening[1])
        stated = _fund_item(fund_stated.group(1), form) if fund_stated else None
        filed = fund_filed
        if stated and filed and stated.startswith(filed):
            filed = stated  # "(l)(2)" is the second opinion filed as item (l)
    agree = not (stated and filed) or stated == filed or stated.startswith(filed + ".")
    facts.set("exhibit", stated or filed, unsure=not agree or not (stated or filed))


def letter_date(letter: Letter, facts: LetterFacts) -> None:
    for match in DATE.finditer(letter.head):
        value = parse_date(match)
        if value:
            facts.set("date", value)
            return
    # "DATED this 3rd day of May, 2002." closing the letter says so outright.
    dated = (parse_date(m) for m in _DATED.finditer(letter.body))
    stated = next((d for d in dated if d), None)
    if stated:
        facts.set("date", stated)
        return
    later = next((d for d in map(parse_date, DATE.finditer(letter.body)) if d), None)
    facts.set("date", later, unsure=True)


def _strip_trailing_parentheses(text: str) -> str:
    text = text.rstrip(" ,")
    while text.endswith(")"):
        depth, i = 0, len(text) - 1
        while i >= 0:
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                break
            i -= 1
        if i < 0:
            break
        text = text[:i].rstrip(" ,")
    return text


def entity_name_before(text: str) -> str | None:
    """The proper name ending `text`: capitalised words, initials, '&', corporate suffixes."""
    tokens = _strip_trailing_parentheses(text).split()[-14:]
    start = len(tokens)
    while start > 0:
        token = tokens[start - 1].strip(",")
        if token.lower() == "of":
            # "Bank of America" is a name; "General Counsel of Citigroup" is not.
            if start < 2 or tokens[start - 2].strip(",").lower() not in _OF_OK_BEFORE:
                break
        elif token == "and":
            # "Tippecanoe Gas and Electric Company" is one name (two capitalised words before
            # "and", a company suffix at the end); "Acme Corp. and Beta Inc." is two, and
            # "the Board of Directors and Acme Inc." names only Acme.
            before = tokens[max(0, start - 3) : start - 1]
            if not (
                len(before) == 2
                and all(t[:1].isupper() and not t.endswith(",") for t in before)
                and not _SUFFIX_END.search(before[-1])
                and _SUFFIX_END.search(tokens[-1].strip(","))
            ):
                break
        elif not (
            token[:1].isupper()
            or _SUFFIX_END.search(token)  # "plc"
            or token[:1].isdigit()
            or token in _NAME_CONNECTORS
            or (token.startswith("(") and token[1:2].isupper())
            or token.endswith(")")
        ):
            break
        start -= 1
    name = tokens[start:]
    while name and (name[0].strip(",") in _NAME_CONNECTORS or name[0].lower() in {"the", "of"}):
        name.pop(0)
    result = " ".join(name).strip(" ,\"'")
    # "Kestrel Bio Limited ACN 612 094 377": a register number is not part of the name
    result = re.sub(
        r"\s+(?:ACN|ABN|ARBN|CRN|Company\s+No\.?|Reg(?:istered)?\.?\s+No\.?)[\s\d]+$", "", result
    )
    if result.count("(") > result.count(")"):
        result = result.split("(")[-1].strip(" ,")
    return result or None


def _place(text: str) -> str:
    text = re.sub(
        r"^(?:the\s+)?(?:State|Commonwealth|Province|Republic|Grand\s+Duchy|Kingdom)\s+of\s+(?:the\s+)?",
        "",
        text.strip(),
        flags=re.I,
    )
    return text.strip(" ,.")


def _state_from(desc: str, place: str | None) -> str | None:
    if place:
        # "Ireland with registered number 612458", "Bermuda, having its registered office"
        place = re.split(r",?\s+(?:with|having|and\s+having|under|whose)\b", place)[0]
        return _place(place) or None
    words = re.match(r"^((?:[A-Z][\w.'-]*\s+){1,4})", desc)
    return words.group(1).strip() if words else None


def _entities_named(text: str) -> tuple[list[str], str | None]:
    """Entities in "counsel for A, a ... ("A") and B, a ... ("B"), and each of C, D ...":
    the co-issuers A and B (guarantors introduced by "each of" are not issuers), and the
    state of the first."""
    text = re.split(
        r",?\s+and\s+each\s+of\b|,?\s+in\s+connection\s+with\b|\s*\((?:together|collectively)\b",
        text,
    )[0]
    names: list[str] = []
    state: str | None = None
    for chunk in re.split(r"\(\s*\"[^\"]{1,60}\"\s*\)", text):
        chunk = re.sub(r"^[\s,]*(?:and\s+)?", "", chunk)
        cut = re.search(r",?\s+(?:a|an)\s+", chunk)
        if not cut:
            continue
        name = entity_name_before(chunk[: cut.start()])
        # ("Finance Corp." and, together with the Company, the "Issuers"): not the descriptor
        descriptor = _DESCRIPTOR.search(_strip_trailing_parentheses(chunk))
        if not name or not descriptor:
            break
        names.append(name)
        if state is None:
            state = _state_from(descriptor.group("desc"), descriptor.group("place"))
    return names, state


_DEFINED_TERM = re.compile(r"\(\s*(?:the\s+)?\"\s*(?P<term>[A-Z][^\"()]{0,40}?)\s*\"\s*\)")
_ENTITY_SUFFIX = re.compile(rf"\b(?:{COMPANY_SUFFIX}|Holdings\.?)$")


def defined_entities(body: str) -> dict[str, str]:
    """Short names the letter defines for entities: "Gamma Financial Corp., a Delaware
    corporation ("Gamma")" gives {"gamma": "Gamma Financial Corp."}."""
    found: dict[str, str] = {}
    for match in _DEFINED_TERM.finditer(body):
        before = body[max(0, match.start() - 300) : match.start()]
        before = re.split(r"(?<=[a-z0-9\"'])[.;:]\s+(?=[A-Z])|\n", before)[-1]
        before = _A_DEFINITION.split(before)[-1]  # what follows the last definition
        # "KVB Acquisition Corp., a Pennsylvania corporation and a wholly-owned subsidiary of
        # the Corporation ("Merger Sub")": the name is before the first descriptor.
        descriptor = _DESCRIPTOR_START.search(before) or _DESCRIPTOR.search(before)
        name = entity_name_before(before[: descriptor.start()] if descriptor else before)
        term = match.group("term")
        if name and name != term and (descriptor or _ENTITY_SUFFIX.search(name)):
            found.setdefault(term.lower(), name)
    return found


def _client_first(body: str, defined: re.Match[str]) -> bool:
    """Counsel's client, named before the defined company, is the issuer when that company
    is its parent: "counsel to Blue Ridge ... and Tidewater ..., each a subsidiary of
    Meridian ... (the "Company")" (guarantor counsel), "counsel to Kestrel ... ("SpinCo")
    ... distribution by Ardent ... ("Parent")" (a spin-off)."""
    counsel_for = _COUNSEL_FOR.search(body[: defined.start()])
    if not counsel_for:
        return False
    between = body[counsel_for.start() : defined.start()]
    return bool(
        re.search(r"\bParent\b", defined.group(0))
        or re.search(r"\bsubsidiar(?:y|ies)\s+of\s+[^()]{0,120}$", between)
    )


def issuer(letter: Letter, facts: LetterFacts) -> None:
    body = letter.body
    defined = _COMPANY_DEFINED.search(body)
    if defined and _client_first(body, defined):
        defined = None  # the client, named after "counsel to", below
    if defined:
        before = body[max(0, defined.start() - 500) : defined.start()]
        before = re.split(r"(?<=[a-z0-9\"'])[.;:]\s+(?=[A-Z])|\n", before)[-1]
        descriptor = _DESCRIPTOR.search(before)
        # "Ardenvale Logistics S.A., a public limited liability company ... registered ...
        # under number B 241.776 (the "Company")": the name is before the first descriptor.
        inner = None if descriptor else _DESCRIPTOR_START.search(before)
        cut = descriptor or inner
        name_part = before[: cut.start()] if cut else before
        name = entity_name_before(name_part)
        if name:
            # "counsel to A, a Delaware corporation (the "Company"), and B, a Delaware
            # limited liability company ("B")": co-registrants, both the letter's issuers.
            after = body[defined.end() : defined.end() + 600]
            also = _entities_named(after)[0] if re.match(r"\s*,?\s*and\s+[A-Z]", after) else []
            names = [name, *also]
            facts.set(
                "issuer",
                joined_names(names),
                unsure=bool(also),
            )
            # ... or after the definition: '(the "Company"), a Marshall Islands corporation'
            later = None if descriptor else _DESCRIPTOR_AFTER.match(after)
            found = descriptor or later
            if found:
                place = found.group("place") or (
                    (later.group("act") or later.group("federal")) if later else None
                )
                # of the first registrant only, when there are several
                facts.set(
                    "issuer_state", _state_from(found.group("desc"), place), unsure=bool(also)
                )
            elif inner:
                place = re.search(
                    rf"under\s+the\s+laws\s+of\s+{_PLACE_NAME}", before[inner.start() :]
                )
                # '..., a Texas corporation and registered bank holding company (the "Company")'
                state = (
                    _place(place.group("place"))
                    if place
                    else _state_from(inner.group("desc"), None)
                )
                facts.set("issuer_state", state)
            return
    counsel_for = _COUNSEL_FOR.search(body)
    if counsel_for:
        names, state = _entities_named(counsel_for.group("rest"))
        if names:
            facts.set(
                "issuer",
                joined_names(names),
                unsure=True,
            )
            facts.set("issuer_state", state, unsure=state is not None)
            return
    addressee = next(
        (
            line
            for line in letter.head.split("\n")[1:]
            if re.search(
                r"\b(?:Inc|Corp|Corporation|Company|LLC|Ltd|plc|N\.A|S\.A|SA|AG|N\.V)\b\.?$",
                line.strip(),
            )
        ),
        None,
    )
    facts.set("issuer", addressee.strip() if addressee else None, unsure=True)


def is_registration_number(number: str) -> bool:
    """333-, 2-, 33-, 811-: a registration statement's file number. 0-, 1-, 000-, 001-: the
    issuer's Exchange Act number (of a Form 8-K or 10-K it is filed with), which is not; nor
    is 70-, a utility holding company's application under the 1935 Act, nor 814-, a business
    development company's election under the 1940 Act."""
    prefix = int(number.split("-")[0])
    return prefix > 1 and prefix not in (70, 814)


def form_and_file_numbers(letter: Letter, facts: LetterFacts) -> None:
    form = _FORM.search(letter.body)
    report = _REPORT_FORM.search(letter.body)
    if report and (not form or report.start() < form.start()):
        # "in connection with the filing of the Company's Annual Report on Form 10-K": the
        # opinion is filed with the report (a tax opinion, say), whatever it is later
        # incorporated into.
        facts.set("form", report.group("r"))
        # the registration statements it is incorporated into are other filings
        facts.set("file_number", [])
        return
    elif form:
        facts.set("form", form.group("a") + (f"/{form.group('b')}" if form.group("b") else ""))
    else:
        facts.flag("form")
    numbers: list[str] = []
    for match in _FILE_NO.finditer(letter.body):
        # the sentence around the number: "Shares previously reserved ... were registered on
        # ... (File No. 333-260731), ... (File No. 333-277468) (collectively, the "Prior
        # Registration Statements")" names earlier registrations before and after them
        before = _SENTENCE_BREAK.split(letter.body[max(0, match.start() - 600) : match.start()])[-1]
        after = _SENTENCE_BREAK.split(letter.body[match.end() : match.end() + 300])[0]
        if _EARLIER_REGISTRATION.search(before) or _EARLIER_DEFINED.search(after):
            # "shares ... previously registered on (File Nos. 333-249871 and ...)", "shares
            # that remain unsold under the Company's Registration Statement (No. ...)"
            continue
        for number in re.findall(r"\d{1,3}-\d{3,6}(?:-\d{1,3})?", match.group("list")):
            if number not in numbers and is_registration_number(number):
                numbers.append(number)
    facts.set("file_number", numbers)


def extract_facts(blocks: list[Block], doc_type: str | None = None) -> LetterFacts:
    """Everything the letter states, under the archive's front matter names."""
    letter = Letter.read(blocks)
    facts = LetterFacts()
    letter_date(letter, facts)
    defined = defined_entities(letter.body)
    issuer(letter, facts)
    if "issuer" in facts.values and "issuer_state" not in facts.values:
        # Not found anywhere: a reviewer should look (or confirm the letter does not say).
        state = incorporated_in(letter.body, facts.values["issuer"], defined)
        facts.set("issuer_state", state, unsure=state is None)
    signatories(letter, facts)
    form_and_file_numbers(letter, facts)
    exhibit_number(letter, doc_type, facts)  # after the form: it decides lettered items
    opening = before_opinion(letter.body)
    entries, unsure = securities_entries(letter.body, opening)
    entries = mark_covered(entries, letter.body, facts.values.get("exhibit"))
    facts.set("securities", entries, unsure=unsure or not entries)
    facts.securities_summary = securities_summary(
        entries,
        opening,
        facts.values.get("issuer"),
        defined,
        opinion_headings(letter.body, facts.values.get("exhibit")),
    )
    deal = transaction(letter.body, facts.values.get("issuer"), defined)
    facts.set("transaction", deal, unsure=deal is not None)
    laws = governing_law(letter.body)
    facts.set("governing_law", laws, unsure=not laws)
    given = opinions_given(letter.body)
    facts.set("opinions", given, unsure=not given)
    consent = consent_given(letter.body)
    facts.set("consent", consent, unsure=consent is None)
    return facts
