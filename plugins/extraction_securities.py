"""The securities an opinion covers, in the letter's own words.

Input is the letter's normalised text (one line per block, straight quotes). A letter
names its securities as one description with an amount ("up to 500,000 shares of common
stock, par value $0.0001 per share"), a total followed by its classes or parts, or a
numbered list; each becomes an entry with what can be read from it (class, shares,
principal amount, par value).
"""

from __future__ import annotations

import re
from typing import Any

from plugins.extraction_opinions import OPINION_START

_DEFINITION = (
    r"\((?:the\s+|collectively,?\s+(?:the\s+)?|together,?\s+(?:the\s+)?|each,?\s+(?:a|an)\s+"
    r"|an?\s+|such\s+)?\""
)
_AMOUNT = (
    # an automatic shelf's "an indeterminate amount of debt securities of the Parent"
    r"(?:an\s+indeterminate\s+(?:aggregate\s+)?(?:principal\s+)?(?:amount|number)(?=\s+of\s+(?-i:[a-z]))"
    r"|(?:US)?\$\s?\d[\d,]*(?:\.\d+)?(?:\s+(?:million|billion))?"
    r"|(?:CHF|EUR|GBP|CAD|USD|€|£)\s?\d[\d,]*(?:\.\d+)?(?:\s+(?:million|billion))?"
    # (not the tail of a decimal: an exchange ratio of "0.8250 shares" is no amount)
    r"|(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?=\s+(?:[\w'-]+\s+)?(?:shares|units|warrants)\b)))"
)
_NOUN = (
    r"(?:shares|stock|units|warrants|rights|depositary|notes|debentures|bonds|debt|securities|"
    r"guarantees|ADSs|\d+(?:\.\d+)?%|\d+\s+\d/\d+%)"
)
_DESCRIPTION = re.compile(
    rf"(?P<desc>(?:up\s+to\s+)?(?:(?:an|the)\s+aggregate\s+(?:of\s+)?|a\s+total\s+of\s+|an\s+additional\s+)?"
    rf"{_AMOUNT}\s+(?:[\w$.,%/'-]+\s+){{0,8}}?{_NOUN}(?:(?<=%)|\b)"
    # a parenthesis that defines nothing is part of the description: "(liquidation amount
    # $25 per preferred security)", "(including 3,000,000 units subject to ...)"
    rf"(?:\([^()\"]*\)|[^\"();])*?)"
    rf"\s*(?={_DEFINITION}|;|\.\s|\.$|,\s+(?:which|that|to\s+be|pursuant|in\s+connection|filed)\b|$"
    rf"|,?\s+(?:consisting\s+of|comprising|including)\b|\s*\((?:i|a|1)\)\s)",
    re.I | re.M,
)
_AGGREGATE = re.compile(
    r"(?P<total>(?:an\s+aggregate\s+(?:offering\s+price|principal\s+amount)\s+of\s+)?(?:up\s+to\s+)?(?:an\s+aggregate\s+of\s+)?(?:US)?\$\s?\d[\d,]*(?:\.\d+)?(?:\s+(?:million|billion))?"
    r"(?:\s+(?:in\s+)?(?:(?:aggregate|maximum|initial)\s+){1,2}(?:offering|principal|public\s+offering)\s+(?:price|amount))?)"
    # "... aggregate offering price of the Company's (i) common shares ..."
    r"(?:\s+of)?(?:\s+the\s+(?:Company|Corporation|Registrant|Issuer)'s|\s+its)?[\s:]*$",
    re.I,
)
_PLAN = re.compile(
    r"\s*(?:\([^()]*\)\s*)*,?\s*(?:of\s+the\s+(?:Company|Corporation|Registrant)\s+)?(?:and\s+)?"
    r"(?P<plan>(?:(?:(?:issuable|to\s+be\s+issued|reserved\s+for\s+issuance|(?:that|which)\s+may\s+be"
    r"\s+issued|offered|to\s+be\s+offered)(?:\s+and\s+sold)?\s+)?(?:from\s+time\s+to\s+time\s+)?"
    r"(?:pursuant\s+to|under|in\s+accordance\s+with)"
    # "which may be acquired by participants in the ... 401(k) Plan"
    r"|(?:that|which)\s+may\s+be\s+(?:acquired|purchased)\s+by\s+participants\s+in)\s+(?:the\s+(?:terms\s+of\s+(?:the\s+)?)?)?"
    r"(?:[^\"();.]|\(k\)|(?:(?<=Inc)|(?<=Ltd)|(?<=Corp)|(?<=\bCo))\.){0,160}?\b(?:Plan|Program)\b"
    r"(?:\s+and\s+(?:the\s+)?[A-Z][^\"();.]{0,80}?\b(?:Plan|Program)\b)?"
    r"(?:,\s+as\s+amended(?:\s+and\s+restated)?)?)",
)
_OFFERING_PRICE = re.compile(
    r"\b(?P<what>(?:shares\s+(?:\([^()]*\)\s+)?of|common\s+units\s+representing)\s+(?:[^.;]|\.(?=\d)){0,200}?),?\s+having\s+an\s+aggregate\s+"
    r"(?P<kind>offering|sales|gross\s+sales)\s+price\s+of\s+(?P<total>(?:up\s+to\s+)?\$\s?\d(?:[\d,.]*\d)?"
    r"(?:\s+(?:million|billion))?)",
    re.I,
)
_LIST_START = re.compile(r"\((?:i|a|1)\)\s")
_LIST_END = re.compile(r"(?<![A-Z])\.\s+(?=[A-Z])|[.:;]?\s*$", re.M)
_ITEM_TAIL = re.compile(
    r",?\s+(?:to\s+be\s+issued\s+(?:pursuant|under|by\s+(?:it|them|the\s+(?:Company|Issuer)))|(?:of\s+)?which|that\s+(?:may|will)|and\s+a\s+form\s+of"
    # (not "pursuant to awards granted under the Omnibus Plan": what the shares are for)
    r"|pursuant\s+to(?![^();]*\bPlan\b)|as\s+(?:provided|described)|in\s+connection\s+with)\b.*$",
    re.I,
)
# Words joining an item to the next: "... per share and, (y) warrants", "..., consisting of (x)".
_LIST_LEAD = re.compile(r"^(?:and|or)\s+|,?\s+(?:and|or|consisting\s+of|comprising)$", re.I)
_OWNER = re.compile(r"(?:the\s+)?(?:[A-Z][\w.&-]*\s+){0,4}[A-Z][\w.&-]*'s")
_ITEM_SPLIT = re.compile(r"(?:^|\s)\((?:[ivx]{1,5}|[a-h]|[yz])\)\s+")  # (x), (y): nested
# The class vocabulary, shared by the case-insensitive search for a class anywhere and the
# lower-case form that marks where a new class starts in a list.
_EQUITY = r"(?:common|ordinary|preferred|preference)\s+(?:stock|shares)"
_GRADE = r"(?:(?:senior|subordinated|convertible)(?:\s+(?:and|or)\s+|\s+))*"
_OTHER_CLASSES = (
    r"depositary\s+shares|pre-funded\s+warrants|warrants|units|subscription\s+rights|rights"
    r"|purchase\s+contracts|guarantees"
)
_CLASS = re.compile(
    rf"(?:Class\s+[A-Z]\s+)?{_EQUITY}"
    rf"|(?:\d+(?:\.\d+|\s+\d/\d+)?%\s+)?{_GRADE}(?:notes|debentures|bonds)(?:\s+due\s+\d{{4}})?"
    rf"|American\s+Depositary\s+Shares|debt\s+securities|{_OTHER_CLASSES}",
    re.I,
)
_INCLUDING = re.compile(r",?\s*(?:including|consisting\s+of|comprising|comprised\s+of)\s+", re.I)
_LOWER_CLASS = (
    rf"(?:class\s+[a-z]\s+)?{_EQUITY}|{_GRADE}(?:debt\s+securities|notes|debentures|bonds)"
    rf"|{_OTHER_CLASSES}"
)
# A class by its name alone, with its grades ("senior and subordinated debt securities").
CLASS_NAME = re.compile(rf"{_LOWER_CLASS}|American\s+Depositary\s+Shares", re.I)
# Where a part of a total stops saying what it is: who holds it, who issued the warrants.
_PART_TAIL = re.compile(
    r",?\s+(?:that\s+(?:are|were|is|may|will)|which|held\s+by|issued\s+by"
    r"|pursuant\s+to(?![^();]*\bPlan\b))\b.*$"
    r"|(?<=warrants)\s+to\s+purchase\b.*$",
    re.I,
)
_OF_ISSUER = re.compile(
    r",?\s+of\s+(?:the\s+(?:Company|Issuer|Registrant)\b"
    r"|(?:[A-Z][\w.&'-]*,?\s+){0,6}?[A-Z][\w.&'-]*?(?:,?\s+(?:Inc|Corp|Co|Ltd|LLC|plc|N\.V|S\.A|AG|SE)\.?"
    r"(?=,|\s|$)(?:,\s+an?\s+(?:[A-Z][\w-]*\s+){1,3}(?:corporation|company|limited\s+liability"
    r"\s+company|limited\s+partnership|trust))?|,\s+an?\s+(?:[A-Z][\w-]*\s+){1,3}(?:corporation"
    r"|company|limited\s+liability\s+company|limited\s+partnership|trust)))(?=,|\s|$)"
)
_SHARES = re.compile(
    r"(?<![\d,.$])(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\w'-]+\s+){0,3}?(?:shares|units|ADSs)\b", re.I
)
_PRINCIPAL = re.compile(
    r"\$\s?(\d[\d,]*(?:\.\d+)?)(?:\s+(million|billion))?\s+(?:in\s+)?(?:aggregate\s+)?principal\s+amount",
    re.I,
)
_DEBT_AMOUNT = re.compile(
    r"(?:up\s+to\s+)?(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)(?:\s+(million|billion))?\s+(?:of\s+)?"
    r"(?:(?:its|their|the|our)\s+)?(?:\d+(?:\.\d+|\s+\d/\d+)?%\s+)?(?:[A-Z][\w-]*\s+){0,4}"
    r"(?:Notes|Debentures|Bonds|Debt\s+Securities)\b",
    re.I,
)
_PAR = re.compile(
    r"(\$\s?\d*\.?\d+(?:-\d/\d)?)\s+par\s+value|par\s+value\s+(?:of\s+)?(\$\s?\d*\.?\d+(?:-\d/\d)?)"
    r"|\b(no\s+par\s+value)"
    r"|nominal\s+value\s+of\s+([A-Z]{3}\s?\d*\.?\d+)",
    re.I,
)


def without_parentheses(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\s*\([^()]*\)", "", text)
    return text


def _balanced(text: str) -> str:
    """Cut at the first "(" that is never closed (a definition the item split cut off)."""
    open_at: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            open_at.append(index)
        elif char == ")" and open_at:
            open_at.pop()
    return text[: open_at[0]].rstrip(" ,;") if open_at else text


def _amount(number: str, scale: str | None) -> int | None:
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return None
    return int(value * {"million": 10**6, "billion": 10**9}.get((scale or "").lower(), 1))


def security_entry(description: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"description": description}
    cls = _CLASS.search(description)
    if cls:
        entry["class"] = cls.group(0)
    shares = _SHARES.search(description)
    if shares:
        entry["shares"] = int(shares.group(1).replace(",", ""))
    principal = _PRINCIPAL.search(description)
    if not principal and cls and re.search(r"notes|debentures|bonds|debt", cls.group(0), re.I):
        # "$350,000,000 7 3/8% Senior Notes due 2016": an amount of notes is their principal
        principal = None if "price" in description else _DEBT_AMOUNT.match(description)
    if principal:
        entry["principal_amount"] = _amount(principal.group(1), principal.group(2))
    par = _PAR.search(description)
    if par:
        entry["par_value"] = next(g for g in par.groups() if g)
    return {k: v for k, v in entry.items() if v is not None}


def before_opinion(body: str) -> str:
    """The letter before its opinion paragraphs, where it says what is registered."""
    start = OPINION_START.search(body)
    return body[: start.start()] if start else body[:6000]


_ISSUER_AFTER = re.compile(r",?\s+of\s+the\s+(?:Company|Issuer|Registrant|Corporation)$")


# "the securities described in clauses (i) through (vii)": a reference, not an item
_CLAUSE_REFERENCE = re.compile(
    r"\bclauses?\s+\((?:[ivx]{1,5}|[a-h])\)(?:\s+(?:through|to|and)\s+\((?:[ivx]{1,5}|[a-h])\))?"
)


def _without_tail(item: str) -> str:
    """The item without what follows its description ("to be issued under ..."); a second
    class named after that tail stays ("senior debt securities, to be issued under ...,
    and subordinated debt securities, to be issued under ...")."""
    tail = _ITEM_TAIL.search(item)
    if not tail:
        return item
    more = re.search(rf",\s+and\s+(?=(?:{_LOWER_CLASS})\b)", without_parentheses(tail.group(0)))
    head = item[: tail.start()]
    if more:
        second = without_parentheses(tail.group(0))[more.end() :]
        return f"{head} and {_ITEM_TAIL.sub('', second)}"
    return head


def _list_items(text: str) -> list[str]:
    text = _CLAUSE_REFERENCE.sub("clauses", text)
    items = [
        _balanced(without_parentheses(_without_tail(item))).strip(" ,;")
        for item in _ITEM_SPLIT.split(text)
    ]
    items = [_ISSUER_AFTER.sub("", _LIST_LEAD.sub("", item).strip(" ,;")) for item in items]
    # "(a) the Company's (i) debt securities; ... (b) Welltower OP's (i) debt securities":
    # the owner heads a nested list and belongs to each of its items.
    owned, owner = [], ""
    for item in items:
        if _OWNER.fullmatch(item):
            owner = item + " "
        elif item and (len(item.split()) > 2 or _CLASS.search(item)):
            owned.append(owner + item)
    return owned


def _is_securities_list(items: list[str]) -> bool:
    """A list of securities, not of documents reviewed: most items name a class early on."""
    return (
        bool(items)
        and sum(bool(_CLASS.search(" ".join(i.split()[:12]))) for i in items) * 10 >= len(items) * 6
    )


def _securities_list(text: str) -> list[dict[str, Any]]:
    items = _list_items(text)
    return [security_entry(item) for item in items] if _is_securities_list(items) else []


_FOLLOWING = re.compile(
    r"\s+of\s+the\s+following\s+securities(?:\s+of\s+the\s+(?:Company|Issuer|Registrant))?\s*:?$",
    re.I,
)


def _list_at(opening: str, position: int) -> list[dict[str, Any]]:
    """The securities listed "(a) ..., (b) ..." starting at `position` of the opening."""
    for start, text in _candidate_lists(opening):
        if position <= start <= position + 5:
            return _securities_list(text)
    return []


def _candidate_lists(opening: str) -> list[tuple[int, str]]:
    """Enumerations "(i) ... (ii) ..." written inside a paragraph or as one paragraph per
    item (page furniture between items is stepped over), with where each starts."""
    found = []
    for start in _LIST_START.finditer(opening):
        if start.start() == 0 or opening[start.start() - 1] == "\n":
            continue  # a list written as paragraphs: gathered below
        end = _LIST_END.search(opening, start.end())
        found.append((start.start(), opening[start.start() : end.start() if end else None]))
    paragraphs = opening.split("\n")
    offset = 0
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if _LIST_START.match(paragraph) and index and paragraphs[index - 1].rstrip().endswith(":"):
            items, gap, last = [paragraph], 0, index
            for later in range(index + 1, min(len(paragraphs), index + 60)):
                if _ITEM_SPLIT.match(paragraphs[later]):
                    items.append(paragraphs[later])
                    gap, last = 0, later
                elif (gap := gap + 1) > 4:
                    break
            found.append((offset, " ".join(items)))
            offset += sum(len(p) + 1 for p in paragraphs[index : last + 1])
            index = last + 1
            continue
        offset += len(paragraph) + 1
        index += 1
    return sorted(found)


def _sentence_rest(text: str) -> str:
    """The text up to the end of its sentence, stepping over parentheses and quotes."""
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "." and depth == 0 and re.match(r"\.(?:\s+[A-Z(]|\s*$)", text[index:]):
            if not re.search(r"(?:\b[A-Z]|Inc|Corp|Co|Ltd|No)$", text[:index]):
                return text[:index]
    return text


def _named_classes(desc: str, rest: str) -> list[dict[str, Any]]:
    """ "$300,000,000 of securities including common stock, no par value, preferred stock,
    ... and units": each class the sentence names after a generic total."""
    lead = _INCLUDING.match(rest)
    if not lead or not re.search(r"\bsecurities$", desc, re.I):
        return []
    text = without_parentheses(_sentence_rest(rest[lead.end() :]))
    # The issuer named after a class ("of the Company", "of Acme Corp., a Hawaii corporation").
    text = _OF_ISSUER.sub("", text)
    text = re.split(r",\s+(?:I|we)\s+", text, maxsplit=1)[0]  # the sentence's own clause
    # A new class starts where a lower-case class name follows a comma or "and"; capitalised
    # names are references to defined terms ("warrants to purchase Common Stock, Preferred Stock").
    # "senior and subordinated debt securities" is one class: only a part that names a class
    # ends before the next.
    items, start = [], 0
    for cut in re.finditer(rf"(?:,\s+(?:and\s+)?|\s+and\s+)(?=(?:{_LOWER_CLASS})\b)", text):
        if _CLASS.search(text[start : cut.start()]):
            items.append(text[start : cut.start()])
            start = cut.end()
    items.append(_ITEM_TAIL.sub("", text[start:]))
    items = [item.strip(" ,;") for item in items]
    items = [item for item in items if re.match(_LOWER_CLASS, item, re.I)]
    return [security_entry(item) for item in items] if len(items) > 1 else []


def _breakdown(whole: dict[str, Any], rest: str) -> list[dict[str, Any]]:
    """ "41,668,500 shares ... The Shares consist of (i) 21,592,000 outstanding shares and
    (ii) 20,076,500 shares issuable upon exercise of pre-funded warrants": the parts, taken
    only when their counts add up to the total."""
    start = _LIST_START.search(rest[:1500])
    if whole.get("shares") is None or not start:
        return []
    end = _LIST_END.search(rest, start.end())
    text = rest[start.start() : end.start() if end else None]
    items = [without_parentheses(item) for item in _ITEM_SPLIT.split(text)]
    items = [_LIST_LEAD.sub("", item.strip(" ,;")) for item in items]
    items = [_PART_TAIL.sub("", item) for item in items if item]
    counts = [_SHARES.match(re.sub(r"^up\s+to\s+", "", item)) for item in items]
    if len(items) < 2 or not all(counts):
        return []
    if sum(int(c.group(1).replace(",", "")) for c in counts if c) != whole.get("shares"):
        return []
    parts = [security_entry(item) for item in items]
    for part in parts:  # "21,592,000 outstanding shares of Common Stock": the whole's class
        if whole.get("class") and str(part.get("class", "")).lower() == whole["class"].lower():
            part["class"] = whole["class"]
            if "par_value" in whole:
                part.setdefault("par_value", whole["par_value"])
    return parts


# What a unit is: 'up to 1,500,000 units (the "Units") at a price of $0.40 per Unit, each Unit
# consisting of one share of the Company's common stock ... and one warrant ... to purchase
# one share of Common Stock at an exercise price of $0.75 per share'
_UNIT_OF = re.compile(
    r"(?:\s*\([^()]*\))*(?:,?\s+at\s+a\s+price\s+of\s+\$[\d.]+\s+per\s+Unit)?,?\s+each\s+(?:Unit\s+)?"
    r"consisting\s+of\s+(?P<what>(?:[^.;()]|\([^()]*\)|\.(?=\d)){1,400}?)(?=,\s+(?:exercisable|as\s+well\s+as)\b|[.;](?!\d)|$)",
    re.I,
)


# "..., including up to 3,000,000 Shares issuable pursuant to the exercise of the
# underwriters' option to purchase additional Shares"
_INCLUDING_OPTION = re.compile(
    r"\s*(?:\([^()]*\)\s*)*(?:,?\s+of\s+the\s+(?:Company|Issuer|Registrant))?,?\s+including\s+"
    r"(?P<part>(?:up\s+to\s+)?\d[\d,]*\s+(?:[\w-]+\s+){0,3}?(?:shares|units)\b"
    r"(?:[^.;\"]|\.(?=\d)){0,200}?\b(?:option|over-allotment)\b(?:[^.;,\"]){0,80})",
    re.I,
)


def _option_part(whole: dict[str, Any], rest: str) -> list[dict[str, Any]]:
    """The shares of a total the underwriters have an option on, as a part of it."""
    found = _INCLUDING_OPTION.match(rest)
    if not found or whole.get("shares") is None:
        return []
    part = security_entry(" ".join(found.group("part").split()))
    return [part] if part.get("shares", whole["shares"]) < whole["shares"] else []


def _offering_price(opening: str) -> list[dict[str, Any]]:
    """ "shares (the "Shares") of the Company's common stock, $0.0001 par value per share,
    having an aggregate offering price of up to $100,000,000" (an at-the-market offering)."""
    found = _OFFERING_PRICE.search(opening)
    if not found:
        return []
    what = " ".join(without_parentheses(found.group("what")).split()).strip(" ,")
    kind = " ".join(found.group("kind").split())
    return [security_entry(f"{what}, having an aggregate {kind} price of {found.group('total')}")]


# What the charter allows, not what is registered: "the Charter authorizes the Company to
# issue 950,000,000 shares", "Articles ..., which authorize 150,000,000 Common Shares".
_AUTHORIZED = re.compile(
    r"\bauthori[sz](?:e|es|ed|ing)\s+(?:(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+)?"
    r"(?:to\s+issue\s+)?(?:(?:a\s+)?total\s+of\s+|up\s+to\s+)?$"
    r"|\bauthori[sz]ed\s+(?:share\s+)?capital(?:\s+stock)?\s+(?:of\s+the\s+\w+\s+)?"
    r"(?:consists|consisting|is)\s+(?:of\s+)?$",
    re.I,
)


# ... or said after the count ("will not exceed the 800,000,000 shares of Common Stock ...
# authorized under the Articles"); or an earlier registration's unsold securities carried
# into this one ("include $112,650,000 of unsold securities previously registered").
_AUTHORIZED_AFTER = re.compile(
    r"\bauthori[sz]ed\s+(?:under|by|in)\s+(?:the\s+)?(?:[\w']+\s+)?(?:Articles|Charter|Certificate"
    r"|Memorandum|articles|charter|certificate)\b|\bunsold\s+[Ss]ecurities\b|\bpreviously\s+registered\b"
    r"|\bremain(?:s|ing)?\s+unsold\b"
)
_NOT_EXCEEDING = re.compile(r"\b(?:exceed|in\s+excess\s+of)\s+(?:the\s+)?$", re.I)


# what is outstanding already: "As of the date hereof, 31,204,577 Shares were issued and
# outstanding."
_OUTSTANDING = re.compile(r"\b(?:were|are|was|is)\s+(?:issued\s+and\s+)?outstanding\b")


def _authorized(opening: str, match: re.Match[str]) -> bool:
    before = opening[max(0, match.start() - 80) : match.start()]
    return bool(
        _AUTHORIZED.search(before)
        or _NOT_EXCEEDING.search(before)
        or _AUTHORIZED_AFTER.search(match.group("desc"))
        or _OUTSTANDING.search(match.group("desc"))
    )


def _parts(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries inside the total before them, marked so that nobody adds them to it."""
    return [{**entry, "part_of_total": True} for entry in entries]


_RE_LINE = re.compile(r"^[ \t]*Re:[^\n]*", re.M)
_AND_AFTER_TERM = re.compile(rf"\s*{_DEFINITION}[^\"]*\"\s*\)\s*,?\s*and\s+")


# "... (the "Debt Securities") and the full and unconditional guarantees of the Debt
# Securities by the Guarantor (the "Guarantees")"
_AND_GUARANTEES = re.compile(
    r"\s*(?:\([^()]*\)\s*)*,?\s*and\s+(?P<g>(?:the\s+)?(?:full\s+and\s+unconditional\s+)?"
    r"guarantees?\s+(?:thereof|of\s+(?:the|such)\s+[A-Z][\w\s]*?)\s+by\s+[^();.]*?)\s*(?=\(|[;.]|,\s+(?:pursuant|to\s+be)|$)"
)


_DEBT_CLASS = re.compile(r"\b(?:debt\s+securities|notes|debentures|bonds)\b", re.I)


def _guarantees_after(rest: str) -> list[dict[str, Any]]:
    found = _AND_GUARANTEES.match(rest)
    return [security_entry(" ".join(found.group("g").split()))] if found else []


def _more_series(rest: str) -> list[dict[str, Any]]:
    """ "$400,000,000 ... Notes due 2029 (the "2029 Notes") and $350,000,000 ... Notes due 2034
    (the "2034 Notes" ...)": each series of debt the letter names in the same breath."""
    found: list[dict[str, Any]] = []
    position = 0
    while len(found) < 10 and (joined := _AND_AFTER_TERM.match(rest, position)):
        more = _DESCRIPTION.match(rest, joined.end())
        if not more:
            break
        entry = security_entry(more.group("desc").strip(" ,"))
        if "principal_amount" not in entry:
            break
        found.append(entry)
        position = more.end()
    return found + _guarantees_after(rest[position:])


def securities_entries(body: str, opening: str | None = None) -> tuple[list[dict[str, Any]], bool]:
    """The securities the letter covers, and whether a weaker rule found them. `opening` is
    the letter before its opinion paragraphs (`before_opinion`), if already known."""
    opening = before_opinion(body) if opening is None else opening
    found = [m for m in _DESCRIPTION.finditer(opening) if not _authorized(opening, m)]
    # the "Re:" line names the securities in short; the letter's own sentence says more
    re_line = _RE_LINE.search(opening)
    in_body = [m for m in found if not (re_line and re_line.start() <= m.start() < re_line.end())]
    found = in_body or found
    match = found[0] if found else None
    priced = _offering_price(opening)
    # an at-the-market program's letter opines on the shares sold under its agreement, not
    # on the base shelf the same registration statement also covers
    at_the_market = re.search(
        r"\b(?:sales|equity\s+distribution|distribution|at[-\s]the[-\s]market)\s+agreements?\b",
        opening,
        re.I,
    )
    if priced and (not match or at_the_market):
        return priced, False
    atm_prospectus = re.search(
        r"\b(?:sales\s+agreement|ATM|at[-\s]the[-\s]market)\s+prospectus\b", opening, re.I
    )
    if atm_prospectus and match and match.start() < atm_prospectus.start():
        # "(i) a base prospectus covering up to $200,000,000 ...; and (ii) a sales agreement
        # prospectus covering up to $50,000,000 of common stock": the second
        match = next((m for m in found if m.start() > atm_prospectus.start()), match)
    if match and re.search(r"\((?:i|a|1)\)\s*$", opening[: match.start()]):
        # "(i) 4,250,000 shares ... under the 2021 Plan and (ii) 850,000 shares ... under the
        # ESPP": the first of several, all of them wanted.
        for start, text in _candidate_lists(opening):
            items = _list_items(text)
            if start < match.start() <= start + 4 and len(items) > 1 and _is_securities_list(items):
                return [security_entry(item) for item in items], False
    following = _FOLLOWING.search(match.group("desc")) if match else None
    if match and following:
        # "up to $175,000,000 aggregate initial offering price of the following securities of
        # the Company: (a) shares of common stock ...; (b) ...": the total, then its list
        listed = _list_at(opening, match.end())
        if listed:
            total = match.group("desc")[: following.start()]
            return [{"description": " ".join(total.split())}, *_parts(listed)], False
    if match:
        desc = match.group("desc")
        rest = opening[match.end() :]
        defined = re.match(
            rf"\s*{_DEFINITION}[^\"]*\"\s*\)\s*(?P<more>of\s+[^\"();]*?)\s*(?={_DEFINITION}|;|\.\s|$)",
            rest,
        )
        after = rest
        if defined and re.search(r"\bshares?\b$", desc, re.I):
            desc += " " + defined.group("more")
            after = rest[defined.end() :]  # '... per share (the "Common Stock"), issuable ...'
        desc = re.sub(r",?\s+of\s+(?:the\s+)?(?:Company|Issuer|Registrant)$", "", desc.strip(" ,"))
        # '... par value $.10 per share (the "Shares"), issuable pursuant to the 2002 Stock
        # Incentive Plan': the plan says what the shares are for (an S-8's main fact).
        plan = _PLAN.match(after)
        if plan and not re.search(r"\bPlans?\b", desc):
            desc = f"{desc.strip(' ,')}, {' '.join(plan.group('plan').split())}"
        made_of = _UNIT_OF.match(after) if re.search(r"\bunits$", desc, re.I) else None
        if made_of:
            what = " ".join(without_parentheses(made_of.group("what")).split())
            desc = f"{desc.strip(' ,')}, each consisting of {what.strip(' ,')}"
        entry = security_entry(desc.strip(" ,"))
        named = _named_classes(desc, rest) or _breakdown(entry, rest) or _option_part(entry, after)
        if not named and ("principal_amount" in entry or _DEBT_CLASS.search(desc)):
            return [entry, *_more_series(rest)], False
        return [entry, *_parts(named)], False
    for start, text in _candidate_lists(opening):
        entries = _securities_list(text)
        if entries:
            # "up to $350,000,000 aggregate offering amount of (i) ...": the letter's total.
            total = _AGGREGATE.search(opening[max(0, start - 160) : start])
            if total:
                lead = {"description": " ".join(total.group("total").split())}
                entries = [lead, *_parts(entries)]
            return entries, True
    return _in_opinion(body), True


# Where a description in an opinion paragraph stops: "... Common Shares (including ...) to be
# issued by the Trust ... will be validly issued".
_OPINION_DESC_END = re.compile(
    r"\s+(?:to\s+be\s+(?:issued|sold|offered)|(?:have|has)\s+been|will\s+be|when|upon|are|is)\b",
    re.I,
)


def _cut_outside_parentheses(text: str, end: re.Pattern[str]) -> str:
    for found in end.finditer(text):
        before = text[: found.start()]
        if before.count("(") == before.count(")"):
            return before
    return text


_BEFORE_TERM = r"(?:[^.;\"]|\.(?=\d)){0,200}"  # the sentence before a definition, "$0.01" kept


def _in_opinion(body: str) -> list[dict[str, Any]]:
    """Securities counted only in the opinion itself ("2. The up to 11,500,000 Common Shares
    (including ...) to be issued by the Trust ... will be validly issued"), with the par value
    of the class the letter defined them as."""
    start = OPINION_START.search(body)
    if not start:
        return []
    found = _DESCRIPTION.search(body[start.end() : start.end() + 4000])
    if not found:
        return []
    desc = _cut_outside_parentheses(found.group("desc"), _OPINION_DESC_END).strip(" ,")
    entry = security_entry(desc)
    term = re.search(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)\s*(?:\(|$)", without_parentheses(desc))
    if term and "par_value" not in entry:
        singular = re.escape(term.group(1).removesuffix("s"))
        defined = re.search(rf"({_BEFORE_TERM}){_DEFINITION}{singular}s?\"", body[: start.start()])
        par = _PAR.search(defined.group(1)) if defined else None
        if par:
            entry["par_value"] = next(g for g in par.groups() if g)
    return [entry]
