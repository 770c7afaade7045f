"""One line saying what an opinion covers, in the archive's house style.

The front matter keeps each class the letter names in the letter's own words; a reader
scanning a list (and the `--labels` output, compared with hand-made labels) wants one line:

- a total and its parts: "41,668,500 shares of common stock, $0.0001 par value per share
  (21,592,000 outstanding shares and 20,076,500 shares issuable upon exercise of pre-funded
  warrants), for resale by selling stockholders";
- a shelf: "up to $150,000,000 aggregate offering price of common stock, preferred stock,
  warrants, senior and subordinated debt securities, subscription rights and units";
- a guarantor's opinion: "guarantees by West Publishing Corporation of debt securities of
  Thomson Reuters Corporation and TR Finance LLC".

Every fact in it is read from the entries or the letter; only the joining words are the
summary's own.
"""

from __future__ import annotations

import re
from typing import Any

from plugins.extraction_securities import CLASS_NAME, without_parentheses
from plugins.registrants import COMPANY_SUFFIX
from plugins.securities_debt import (
    DEBT,
    GUARANTEED_BY,
    GUARANTEES,
    debt_and_guarantees,
    guarantors_named,
    joined,
)

# Whose the securities are, where the issuer is meant ("shares of the Company's common stock",
# "under the Company's 2021 Plan"); an item led by its owner in a list of several owners'
# securities ("the Company's debt securities; Welltower OP's debt securities") keeps it.
_OWNER = re.compile(
    r"\b(?:(?P<of>of)|(?P<prep>to|under|by))\s+(?:the\s+(?:Company|Corporation|Registrant|Issuer)'s|its|your)\s+"
)
_OF_ISSUER = re.compile(
    r"(?:(?<=shares)|(?<=stock)|(?<=units)|(?<=securities)|(?<=,)),?"
    r"\s+of\s+the\s+(?:Company|Corporation|Registrant|Issuer)\b"
    # "common units representing limited partner interests in the Partnership"
    r"|(?<=interests)\s+in\s+the\s+(?:Partnership|Company|Fund|Trust)\b"
    # "common shares of beneficial interest, par value $0.01 per share, of the Trust"
    r"|(?<=share),?\s+of\s+the\s+(?:Trust|Partnership|Fund|Company|Corporation)\b"
)
_PAR_PHRASE = re.compile(
    r",?\s*(?:each\s+)?with\s+a\s+(?:nominal|par)\s+value\s+of\s+\S+(?:\s+\S+)?\s+each"
    r"|,?\s*(?:each\s+)?with\s+a\s+(?:nominal|par)\s+value\s+of\s+[A-Z]{3}\s?[\d.]+"
    r"|,?\s*(?:\$\s?[\d.]+\s+par\s+value|par\s+value\s+\$\s?[\d.]+)(?:\s+per\s+share)?"
    r"|,?\s*(?:no|without)\s+par\s+value(?:\s+per\s+share)?",
    re.I,
)
_SELLING = re.compile(
    r"\b(?P<a>a\s+)?selling\s+(?P<who>(?:stock|share|security|unit)holders?)\b", re.I
)
_SOLD_BY_ONE = re.compile(r"\bto\s+be\s+sold\s+by\s+a\s+selling\s+\w+holder\b", re.I)
# "upon the exercise of the outstanding": said "upon exercise of"
_EXERCISE = re.compile(r"upon\s+(?:the\s+)?exercise\s+of\s+(?:the\s+)?(?:outstanding\s+)?", re.I)
_ISSUABLE = re.compile(rf"issuable\s+{_EXERCISE.pattern}", re.I)
_DOLLARS = r"\$\s?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s+(?:million|billion))?"
_UP_TO = r"(?:up\s+to\s+|not\s+to\s+exceed\s+)?"
_PRICE_KIND = r"(?:initial\s+)?offering\s+price"
# "up to $75,000,000 aggregate initial offering price", "... having an aggregate initial
# offering price not to exceed $250,000,000"
_PRICE_IN_TEXT = re.compile(
    rf"(?:up\s+to\s+)?{_DOLLARS}\s+(?:in\s+)?aggregate\s+{_PRICE_KIND}"
    rf"|(?:an?\s+)?aggregate\s+{_PRICE_KIND}\s+(?:of\s+)?{_UP_TO}{_DOLLARS}",
    re.I,
)
# an automatic shelf's "indeterminate amount" (no total)
_INDETERMINATE = re.compile(
    r"\ban\s+indeterminate\s+(?:aggregate\s+)?(?:principal\s+|initial\s+offering\s+price\s+or\s+)?"
    r"(?:number\s+or\s+amount|amount\s+or\s+number|amount|number)\b",
    re.I,
)
_TOTAL_PRICE = re.compile(
    rf"^(?:an?\s+)?(?:aggregate\s+)?(?P<kind>{_PRICE_KIND}|principal\s+amount)"
    rf"\s+(?:of\s+)?(?P<amount>{_UP_TO}{_DOLLARS})$",
    re.I,
)


def securities_summary(
    entries: list[dict[str, Any]],
    opening: str,
    issuer: str | None = None,
    defined: dict[str, str] | None = None,
    headed: list[str] | None = None,
) -> str | None:
    """The summary line for `entries` (as the importer reads them from a letter whose text
    before the opinion paragraphs is `opening`), or None when there is nothing to say.
    Classes the letter leaves to another opinion (`covered: false`) follow in parentheses:
    "... of securities: debt securities, ... and units (shelf also covering common and
    preferred stock)"; the classes it covers are named as its opinion paragraphs are headed
    (`headed`), if they are."""
    entries = _without_issuer_names(entries, issuer, defined or {})
    covered = [e for e in entries if e.get("covered", True)]
    if not covered:
        return None
    left = [e for e in entries if not e.get("covered", True)]
    text, shelf = _summary(covered, opening, issuer, defined or {}, partial=bool(left))
    if not left:
        return text
    if shelf and headed and ": " in text:
        total = text[: text.index(": ") + 2]
        text = total + joined([" ".join(name.lower().split()) for name in headed])
    by_name: dict[str, str] = {}
    for entry in left:
        name = _class_item(entry, bare=True)
        by_name.setdefault(name.lower(), name)
    # two classes of one kind read as one: "common and preferred stock"
    names = _contracted(joined(list(by_name.values())))
    also = f" (shelf also covering {names})" if shelf else f" (registration also covering {names})"
    return text + also


def _summary(
    entries: list[dict[str, Any]],
    opening: str,
    issuer: str | None,
    defined: dict[str, str],
    partial: bool,
) -> tuple[str, bool]:
    """The line, and whether it lists a shelf's classes."""
    guaranteed = debt_and_guarantees(entries, issuer, defined)
    if guaranteed:
        return guaranteed, False
    head, parts = entries[0], [e for e in entries[1:] if e.get("part_of_total")]
    others = [e for e in entries[1:] if not e.get("part_of_total")]
    shelf = False
    if parts and head.get("shares") is None and "class" not in head:
        # a total of debt and its guarantees: whose debt, guaranteed by whom
        owned = debt_and_guarantees(parts, issuer, defined)
        shelf = not owned
        text = (
            f"{_price(_tidy(head['description']))} of {owned}"
            if owned
            else _shelf(head, parts, partial)
        )
    elif (others or partial) and _classes_only(entries):
        # classes without amounts ("(i) shares of common stock ..., (ii) warrants ..."): a list,
        # after the dollar total the letter gives for all of them, if it gives one
        total = _PRICE_IN_TEXT.search(opening)
        unlimited = _INDETERMINATE.search(opening)
        lead = (
            f"{_price(total.group(0))} of "
            if total
            else f"{' '.join(unlimited.group(0).lower().split())} of "
            if unlimited
            else ""
        )
        return lead + joined([_class_item(e) for e in entries]) + _resale(opening), True
    else:
        # one class of shares: what they are issued for (several: each says it itself)
        text = _equity(head, parts) + (
            _merger(opening) if head.get("shares") and not others else ""
        )
    # notes "and the guarantees of the Notes by the Guarantors": said after the notes
    guarantees = [e for e in others if GUARANTEES.match(e["description"])]
    debt = entries[:-1]
    if (
        len(guarantees) == 1
        and guarantees[0] is others[-1]
        and all("principal_amount" in e or DEBT.search(e["description"]) for e in debt)
    ):
        others = others[:-1]
    else:
        guarantees, debt = [], entries
    listed = [text, *(_tidy(e["description"]) for e in others)]
    # several series of debt read as one list ("$400,000,000 ... due 2029 and $350,000,000
    # ... due 2034"); anything else is kept apart
    series = len(debt) > 1 and all("principal_amount" in e for e in debt)
    line = joined(listed) if series else "; ".join(listed)
    if guarantees:
        # "... due 2034, and guarantees thereof by subsidiary guarantors"
        by = GUARANTEED_BY.search(guarantees[0]["description"])
        line += (
            f", and guarantees thereof by {guarantors_named(by.group('who'), opening)}"
            if by
            else ""
        )
    return line + _resale(opening), shelf


_ROLES = {"company", "corporation", "registrant", "issuer", "parent", "bank", "trust", "fund"}


def _without_issuer_names(
    entries: list[dict[str, Any]], issuer: str | None, defined: dict[str, str]
) -> list[dict[str, Any]]:
    """The issuer is its own field: "shares of Pinecrest common stock" are shares of common
    stock, and a part "under the Olympic Crest Foods, Inc. 2019 Equity Incentive Plan" is
    under the 2019 Equity Incentive Plan (a total keeps its plan's name as the letter gives
    it)."""
    if not issuer:
        return entries
    bare = re.sub(rf",?\s+(?:{COMPANY_SUFFIX})$", "", issuer)
    # its own short name ("Pinecrest"), not a role ("the Company's" is left to _tidy)
    shorts = [t for t, name in defined.items() if name == issuer and t not in _ROLES]
    names = sorted({issuer, bare}, key=len, reverse=True)
    after_class = re.compile(
        rf",?\s+of\s+(?:{'|'.join(re.escape(n) for n in [*names, *shorts])})(?=,|$)", re.I
    )
    before_class = re.compile(
        rf"\b(?:{'|'.join(re.escape(n) for n in [*names, *shorts])})(?:'s)?\s+"
        r"(?=(?:Class\s+[A-Z]\s+)?(?:common|preferred|ordinary)\s)",
        re.I,
    )
    before_plan = re.compile(
        rf"\bthe\s+(?:{'|'.join(re.escape(n) for n in names)})\s+(?=[^.;()]*?\bPlan\b)"
    )
    out = []
    for index, entry in enumerate(entries):
        text = after_class.sub("", before_class.sub("", entry["description"]))
        if index and entry.get("part_of_total"):
            text = before_plan.sub("the ", text)
        out.append({**entry, "description": text})
    return out


def _classes_only(entries: list[dict[str, Any]]) -> bool:
    """Each entry a different class, none with an amount before its name."""
    names = []
    for entry in entries:
        name = CLASS_NAME.search(entry["description"])
        if not name or re.search(r"\d", entry["description"][: name.start()]):
            return False
        if name.group(0).lower().startswith("guarantee"):
            return False  # whose guarantees of whose debt is the point: not a class list
        names.append(name.group(0).lower())
    return len(set(names)) == len(names)


def _tidy(description: str) -> str:
    """Drop whose the securities are ("the Company's"): the issuer is its own field."""
    # "shares of the Company's common stock" -> "shares of common stock"; "pursuant to the
    # Company's 2020 Plan" -> "pursuant to the 2020 Plan"
    text = _OWNER.sub(lambda m: "of " if m.group("of") else f"{m.group('prep')} the ", description)
    text = _OF_ISSUER.sub("", text)
    # "ordinary shares in the capital" (its "of the Company" gone with the issuer's name)
    return " ".join(re.sub(r"\s+in\s+the\s+capital(?!\s+of\b)", "", text).split())


def _equity(head: dict[str, Any], parts: list[dict[str, Any]]) -> str:
    # "an aggregate of 41,668,500 shares" is 41,668,500 shares; "up to an aggregate of" is
    # a ceiling, kept as written
    text = re.sub(r"^an\s+aggregate\s+of\s+(?=\d)", "", _tidy(head["description"]), flags=re.I)
    pars = {p.get("par_value") for p in parts}
    par = head.get("par_value") or (pars.pop() if len(pars) == 1 else None)
    if par and not _PAR_PHRASE.search(text):
        text += ", " + _par_phrase(par)
    if not parts:
        return text
    option = _option(parts[0]) if len(parts) == 1 else None
    if option:
        return f"{text} ({option})"
    names = [_warrants_exercised(_part_words(p)) for p in parts]
    if all(names):
        # every part is "... issuable upon exercise of series C warrants": one clause
        return f"{text}, issuable upon exercise of {joined(_shared_tail(names))}"
    return f"{text} ({joined([_part(p, head) for p in parts])})"


def _option(part: dict[str, Any]) -> str | None:
    """ "up to 1,125,000 Shares that may be sold pursuant to the exercise of an option to
    purchase additional shares granted to the underwriters" -> "including up to 1,125,000
    shares subject to the underwriters' option"."""
    text = part["description"]
    count = re.match(r"(?:up\s+to\s+)?\d[\d,]*", text)
    if not count or not re.search(
        r"\bunderwriters?\b|over-allotment|option\s+to\s+purchase\s+additional", text, re.I
    ):
        return None
    noun = (
        "units" if re.search(r"\bunits\b", text[: text.lower().find("option")], re.I) else "shares"
    )
    kind = "over-allotment option" if re.search(r"over-allotment", text, re.I) else "option"
    return f"including {count.group(0)} {noun} subject to the underwriters' {kind}"


def _warrants_exercised(part: str) -> str:
    """ "450,000 shares issuable upon exercise of series A warrants" -> "series A warrants"."""
    found = _ISSUABLE.search(part)
    ends = re.search(r"\bwarrants$", part, re.I)
    return part[found.end() :] if found and ends else ""


def _par_phrase(par: str) -> str:
    if re.fullmatch(r"(?:no|without)\s+par\s+value", par, re.I):
        return par
    if par.startswith("$"):
        return f"par value {par} per share"
    return f"nominal value {par} each"


# A part's terms, not what it is: "... Notes due 2012 in the aggregate principal amount of
# $5,000,000, at a conversion price of $1.20 per share", "..., each having an exercise price".
_TERMS = re.compile(
    r",?\s+(?:in\s+the\s+(?:aggregate\s+)?(?:original\s+)?principal\s+amount\s+of"
    r"|(?:each\s+)?(?:having\s+|with\s+)?(?:at\s+)?an?\s+(?:conversion|exercise|purchase)\s+price\s+of"
    r"|in\s+each\s+case|exercisable\s+at|as\s+approved\s+by|(?:and\s+)?stated\s+value)\b.*$"
    # whose warrants: "warrants issued in the Private Placement"
    r"|(?<=warrants)\s+issued\s+(?:in|to|pursuant\s+to|on)\b.*$",
    re.I,
)


_ISSUED = re.compile(
    r"(?P<noun>shares|units)\s+(?:(?:currently\s+|presently\s+)?(?:issued\s+and\s+)?outstanding"
    r"|issued\s+and\s+sold(?:\s+by\s+the\s+\w+)?(?:\s+to\s+[\w\s]+)?)"
    # "outstanding shares issued and sold ... in a private placement that closed on ..."
    r"|outstanding\s+(?P<noun2>shares|units)\b.*",
    re.I,
)
# The warrants' own name says again what the head says: "common stock purchase warrants"
_PURCHASE_WARRANTS = re.compile(
    r"\b(?:common|ordinary)\s+(?:stock|shares?)\s+purchase\s+(?=warrants)", re.I
)


def _part_words(part: dict[str, Any]) -> str:
    text = _TERMS.sub("", without_parentheses(part["description"]))
    text = _PURCHASE_WARRANTS.sub("", _PAR_PHRASE.sub("", _tidy(text)))
    text = re.sub(r"^up\s+to\s+", "", text.strip(" ,"), flags=re.I)
    return " ".join(text.split())


def _part(part: dict[str, Any], head: dict[str, Any]) -> str:
    """ "20,076,500 shares of Common Stock issuable upon the exercise of outstanding
    pre-funded warrants" -> "20,076,500 shares issuable upon exercise of pre-funded warrants":
    the head already says the class, so a part says only how many and what kind."""
    text = _part_words(part)
    cls = str(head.get("class") or "")
    count = re.match(r"[\d,]+\s+", text)
    rest = text[count.end() :] if count else text
    if cls:
        # the class where the part names what it is, not in "common stock purchase warrants"
        what = re.match(
            rf"(?:\w+\s+)?(?:(?:shares|units)\s+of\s+{re.escape(cls)}|{re.escape(cls)})\b",
            rest,
            re.I,
        )
        if what and not re.fullmatch(re.escape(cls), rest, re.I):
            named = re.sub(rf"(?:\s+of)?\s*\b{re.escape(cls)}$", "", what.group(0), flags=re.I)
            if not re.search(r"\b(?:shares|units)$", named, re.I):
                named = f"{named} {_noun(cls)}".strip()
            rest = named + rest[what.end() :]
    rest = _EXERCISE.sub("upon exercise of ", rest)
    # "4,250,000 Shares issuable under the 2019 Plan", "... reserved for issuance pursuant to
    # the ESPP": so many shares under a plan
    rest = _UNDER_PLAN.sub(lambda m: f"{m.group('more') or ''}shares under ", rest)
    # shares already issued are outstanding shares: "shares currently issued and
    # outstanding", "shares issued and sold to the Selling Stockholders"
    issued = _ISSUED.fullmatch(rest)
    if issued:
        rest = f"outstanding {issued.group('noun') or issued.group('noun2')}"
    return (count.group(0) if count else "") + rest


_UNDER_PLAN = re.compile(
    r"^(?P<more>additional\s+)?shares\s+(?:issuable|reserved\s+for\s+(?:future\s+)?issuance"
    r"|to\s+be\s+issued|available\s+for\s+issuance)\s+"
    r"(?:pursuant\s+to\s+(?:awards|options)\s+(?:granted\s+or\s+to\s+be\s+granted|granted)\s+)?"
    r"(?:under|pursuant\s+to)\s+(?=the\b[^;]*\bPlan\b)",
    re.I,
)


def _noun(cls: str) -> str:
    """ "common stock" -> "shares", "common shares" -> "shares", "common units" -> "units"."""
    last = cls.split()[-1].lower()
    return "shares" if last == "stock" else last


def _shared_tail(names: list[str]) -> list[str]:
    """ "series C warrants", "series D warrants" -> "series C", "series D warrants": the words
    all of them end with are said once, at the end."""
    names = list(dict.fromkeys(names))
    words = [n.split() for n in names]
    shared = 0
    while all(len(w) > shared + 1 for w in words) and len({w[-1 - shared] for w in words}) == 1:
        shared += 1
    if len(names) < 2 or not shared:
        return names
    return [" ".join(w[:-shared]) for w in words[:-1]] + [names[-1]]


def _shelf(head: dict[str, Any], parts: list[dict[str, Any]], partial: bool = False) -> str:
    total = _price(_tidy(head["description"]))
    generic = re.search(r"\bsecurities$", total, re.I)
    if partial:
        # the classes this letter covers, out of the shelf's: "... of securities: ..."
        joiner = ": " if generic else " of securities: "
    else:
        joiner = " including " if generic else " of "
    return total + joiner + joined(list(dict.fromkeys(_class_item(p) for p in parts)))


def _price(total: str) -> str:
    """ "an aggregate offering price of up to $150,000,000" -> "up to $150,000,000 aggregate
    offering price", the order a list of classes reads after."""
    price = _TOTAL_PRICE.match(total)
    if not price:
        return total
    amount = re.sub(r"^not\s+to\s+exceed\s+", "up to ", price.group("amount"), flags=re.I)
    return f"{amount} aggregate {price.group('kind')}"


def _class_item(part: dict[str, Any], bare: bool = False) -> str:
    """A shelf's class by its name; a par value kept only where the letter gives the class
    as no more than name and par ("common stock, no par value"), and not when `bare`."""
    description = _contracted(_tidy(without_parentheses(part["description"])))
    # in a list of one issuer's classes, "the Company's First Mortgage Bonds" are its bonds
    description = re.sub(
        r"^(?:the\s+)?(?:Company|Corporation|Registrant|Issuer)'s\s+", "", description
    )
    name = CLASS_NAME.search(description)
    if not name:
        return description
    cls = name.group(0)
    cls = re.sub(r"^(?:senior|subordinated)\s+or\s+(?:senior|subordinated)\s+", "", cls, flags=re.I)
    # a class the letter names in capitals keeps its whole name: "First Mortgage Bonds"
    named = re.search(r"(?:\b[A-Z][\w-]*\s+){1,3}$", description[: name.start()])
    if cls[:1].isupper() and named:
        return named.group(0) + cls
    rest = description[name.end() :].strip(" ,")
    if not bare and name.start() == 0 and rest and _PAR_PHRASE.fullmatch(", " + rest):
        return f"{cls} ({rest})"
    return cls


def _contracted(text: str) -> str:
    """ "senior debt securities and subordinated debt securities" -> "senior and subordinated
    debt securities"."""
    both = re.fullmatch(r"(\w+)\s+(.+?)\s+and\s+(\w+)\s+\2", text)
    return f"{both.group(1)} and {both.group(3)} {both.group(2)}" if both else text


# A company's name as letters write it: capitalised words, "of", "and", "&", ", Inc."
_NAME = r"[A-Z][\w&'.-]*(?:,?\s+(?:[A-Z][\w&'.-]*|of|and|&)(?=[\s,.]))*"
_MERGER_OF = re.compile(
    r"\bto\s+be\s+issued\s+(?:by\s+the\s+\w+\s+)?in\s+connection\s+with\s+the\s+(?:proposed\s+)?"
    rf"merger\s*(?:\(the\s+\"Merger\"\)\s*)?of\s+(?P<a>{_NAME})"
    # its description: ", a Delaware corporation ("Anne Arundel"),"
    r"(?:,\s+an?\s+[^()]{0,150}?(?:\s*\([^()]{0,80}\))?,?)?\s+with\s+and\s+into\s+"
    rf"(?P<b>the\s+(?:Company|Corporation)\b|{_NAME})"
)
_MERGER_TO = re.compile(
    rf"\bto\s+be\s+issued\s+to\s+the\s+(?P<holders>(?:share|stock)holders)\s+of\s+(?P<who>{_NAME})"
)


def _merger(opening: str) -> str:
    """What merger shares are for, as the letter puts it: "to be issued in the merger of A
    with and into B", "to be issued to shareholders of A in the merger"."""
    of = _MERGER_OF.search(opening)
    if of:
        merging, into = _name(of.group("a")), _name(of.group("b"))
        return f", to be issued in the merger of {merging} with and into {into}"
    to = _MERGER_TO.search(opening)
    if to and re.search(r"\bmerger\b", opening, re.I):
        return f", to be issued to {to.group('holders')} of {_name(to.group('who'))} in the merger"
    return ""


def _name(text: str) -> str:
    """A name without a sentence's full stop ("Corporation.") or comma; "Inc." keeps its."""
    text = text.strip(" ,")
    return text if re.search(r"\b(?:Inc|Corp|Co|Ltd|L\.P|N\.A|S\.A)\.$", text) else text.rstrip(".")


def _resale(opening: str) -> str:
    found = _SELLING.search(opening)
    if not found:
        return ""
    who = found.group("who").lower()
    if found.group("a") or not who.endswith("s"):
        verb = "to be sold by" if _SOLD_BY_ONE.search(opening) else "for resale by"
        return f", {verb} a selling {who.removesuffix('s')}"
    return f", for resale by selling {who}"
