"""Generate N realistic, valid, varied exhibit files for benchmarks and scale tests.

    python bench/generate_exhibits.py 5000 /tmp/archive   # mkdocs.yml, docs/, exhibits/
    python bench/generate_exhibits.py 300 DIR --exhibits-only      # just DIR/*.md

The archive looks like a slice of EDGAR: a few hundred law firms and their partners,
issuers (mostly Delaware, some Maryland REITs, Nevada, foreign private issuers) that
file several registration statements over the years, registration statements that carry
a legality opinion (Exhibit 5.x), often a tax opinion (Exhibit 8.x) and re-filed opinions
in amendments, and mergers whose parties are other issuers of the archive. Opinion text
(~3 KB each) names the issuer, the file number and the parties, so cross-links are dense.

Everything is drawn from a seeded random generator: the same N and seed give the same files.
`metadata(...)` returns the generated front matter as Python data, so tests can compute
what every browse page must list independently of the plugin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TODAY = dt.date.today()
FIRST_YEAR = 1996

_SURNAMES = """Abbott Ainsworth Aldridge Ashby Bancroft Barlow Beckett Bellamy Blackwood Bradford
Brennan Calloway Carrington Chadwick Cortland Crawford Dalton Davenport Delancey Dunmore Eastman
Ellsworth Fairchild Fenwick Fitzgerald Forsythe Galloway Garrison Gilmore Grayson Hadley Halloran
Harrington Hastings Hawthorne Holloway Huxley Ingram Jennings Kendrick Kingsley Lancaster Langford
Lockhart Mallory Marlowe Mercer Merriweather Montague Northcott Oakley Pemberton Prescott Quincy
Radcliffe Ramsey Redfield Rutherford Sackett Sheffield Sinclair Stanhope Sterling Thackeray
Thornton Underwood Vance Wakefield Warrington Westbrook Whitaker Winslow Wyndham Yardley""".split()
_GIVEN = """Alice Andrew Benjamin Caroline Catherine Charles Daniel David Deborah Edward Eleanor
Elizabeth Emily Frances George Hannah Henry Jacob James Jane Jennifer John Jonathan Julia Karen
Laura Margaret Maria Mark Martha Matthew Michael Nancy Nicholas Patricia Paul Peter Rachel Richard
Robert Ruth Samuel Sarah Stephen Susan Thomas Victoria William""".split()
_INITIALS = "ABCDEFGHJKLMNPRSTW"
_FIRM_CITIES = [
    "New York",
    "Chicago",
    "Boston",
    "Los Angeles",
    "San Francisco",
    "Houston",
    "Dallas",
    "Washington",
    "Philadelphia",
    "Atlanta",
    "Denver",
    "Seattle",
    "Miami",
    "Minneapolis",
    "Baltimore",
    "Toronto",
    "London",
]
_WORDS_A = """Atlantic Pacific Summit Meridian Keystone Pioneer Granite Cascade Liberty Frontier
Harbor Northern Southern Western Eastern Continental National American United First Central
Coastal Heritage Horizon Crescent Evergreen Silver Golden Sterling Beacon Vanguard Patriot Apex
Orion Polaris Sentinel Cardinal Falcon Redwood Cedar Willow Aspen Magnolia Prairie Mesa Ridge
Lakeshore Bayview Riverbend Canyon Delta Gulf Highland Union Empire Capital Republic
Allied""".split()
_WORDS_B = """Energy Bancorp Financial Pharmaceuticals Therapeutics Technologies Systems Networks
Semiconductor Software Realty Properties Industries Resources Minerals Petroleum Utilities Power
Communications Media Entertainment Foods Brands Retail Logistics Airlines Shipping Healthcare
Biosciences Insurance Holdings Materials Chemicals Steel Aerospace Motors Devices Labs Gaming
Hospitality Water Gas Pipeline Timber Apparel Data""".split()
_SUFFIXES = [
    "Inc.",
    "Inc.",
    "Inc.",
    "Corporation",
    "Corp.",
    "Holdings, Inc.",
    "Company",
    "Group, Inc.",
    "Trust",
    "Ltd.",
    "plc",
    "N.V.",
    "L.P.",
    "LLC",
]
# (state or country, weight, governing law of a stock opinion)
_STATES = [
    ("Delaware", 52, "General Corporation Law of the State of Delaware"),
    ("Maryland", 8, "Maryland General Corporation Law"),
    ("Nevada", 6, "Nevada Revised Statutes"),
    ("New York", 5, "Business Corporation Law of the State of New York"),
    ("California", 3, "General Corporation Law of the State of California"),
    ("Texas", 3, "Texas Business Organizations Code"),
    ("Pennsylvania", 2, "Pennsylvania Business Corporation Law of 1988"),
    ("New Jersey", 2, "New Jersey Business Corporation Act"),
    ("Ohio", 2, "Ohio General Corporation Law"),
    ("Massachusetts", 2, "Massachusetts Business Corporation Act"),
    ("Florida", 2, "Florida Business Corporation Act"),
    ("Virginia", 2, "Virginia Stock Corporation Act"),
    ("Minnesota", 1, "Minnesota Business Corporation Act"),
    ("Washington", 1, "Washington Business Corporation Act"),
    ("Georgia", 1, "Georgia Business Corporation Code"),
    ("Cayman Islands", 2, "laws of the Cayman Islands"),
    ("Bermuda", 2, "laws of Bermuda"),
    ("Canada", 1, "Canada Business Corporations Act"),
    ("Ontario", 1, "Business Corporations Act (Ontario)"),
    ("England and Wales", 1, "Companies Act 2006 of England and Wales"),
    ("Netherlands", 1, "laws of the Netherlands"),
]
_NY_LAW = "laws of the State of New York"
_FEDERAL = "federal laws of the United States of America"
_DOMESTIC_FORMS = [
    ("S-3", 22),
    ("S-8", 20),
    ("S-1", 12),
    ("S-4", 12),
    ("S-3ASR", 12),
    ("S-11", 3),
    ("SB-2", 3),
    ("POS AM", 4),
    ("424B5", 4),
    ("8-K", 5),
]
_FOREIGN_FORMS = [("F-3", 30), ("F-1", 20), ("F-4", 20), ("S-8", 15), ("F-10", 10), ("6-K", 5)]
_AGREEMENTS = [
    "Agreement and Plan of Merger",
    "Agreement and Plan of Merger and Reorganization",
    "Transaction Agreement",
    "Share Exchange Agreement",
    "Business Combination Agreement",
    "Arrangement Agreement",
    "Stock Purchase Agreement",
    "Asset Purchase Agreement",
]
_OPINIONS_STOCK = ["duly authorized", "validly issued", "fully paid", "nonassessable"]
_OPINIONS_DEBT = ["valid and binding obligations", "enforceable in accordance with their terms"]
_OPINIONS_TAX = [
    "reorganization within the meaning of Section 368(a)",
    "discussion under Material U.S. Federal Income Tax Consequences is accurate",
]
_TAGS = [
    "merger",
    "spin-off",
    "reit",
    "spac",
    "at-the-market",
    "shelf",
    "employee-plan",
    "exchange-offer",
    "convertible",
    "preferred-stock",
    "warrants",
    "bank-holding",
]


@dataclass
class Firm:
    name: str
    city: str
    partners: list[str]


@dataclass
class Issuer:
    name: str
    state: str
    cik: str
    law: str
    foreign: bool
    counsel: list[tuple[str, str]] = field(default_factory=list)  # in-house (name, title)
    firms: list[int] = field(default_factory=list)  # usual outside counsel


def _weighted(rng: random.Random, pairs):  # noqa: ANN001, ANN202
    values, weights = zip(*[(p[:-1] if len(p) > 2 else p[0], p[-1]) for p in pairs], strict=True)
    return rng.choices(values, weights)[0]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_GIVEN)} {rng.choice(_INITIALS)}. {rng.choice(_SURNAMES)}"


def _firms(rng: random.Random, count: int) -> list[Firm]:
    firms, seen = [], set()
    while len(firms) < count:
        names = rng.sample(_SURNAMES, rng.choice((1, 2, 2, 3, 3, 4)))
        if len(names) == 1:
            name = f"{names[0]} LLP"
        else:
            name = (
                ", ".join(names[:-1])
                + f" & {names[-1]} "
                + rng.choice(("LLP", "LLP", "P.C.", "LLC"))
            )
        if name in seen:
            continue
        seen.add(name)
        firms.append(
            Firm(name, rng.choice(_FIRM_CITIES), [_person(rng) for _ in range(rng.randint(3, 12))])
        )
    return firms


def _issuers(rng: random.Random, count: int, firms: int) -> list[Issuer]:
    issuers, seen, ciks = [], set(), set()
    states = [(s, w) for s, w, _ in _STATES]
    law = {s: x for s, _, x in _STATES}
    while len(issuers) < count:
        a, b = rng.choice(_WORDS_A), rng.choice(_WORDS_B)
        state = _weighted(rng, states)
        foreign = state in (
            "Cayman Islands",
            "Bermuda",
            "Canada",
            "Ontario",
            "England and Wales",
            "Netherlands",
        )
        suffix = (
            rng.choice(("Ltd.", "plc", "N.V.", "Limited", "Inc."))
            if foreign
            else rng.choice(_SUFFIXES[:10])
        )
        if b == "Bancorp":
            suffix = rng.choice(("", "", "Inc."))
        name = " ".join(x for x in (a, b, suffix) if x)
        if name.casefold() in seen:
            name = f"{a} {rng.choice(_WORDS_A)} {b} {suffix}".strip()
            if name.casefold() in seen:
                continue
        seen.add(name.casefold())
        cik = str(rng.randint(700000, 2000000))
        while cik in ciks:
            cik = str(rng.randint(700000, 2000000))
        ciks.add(cik)
        issuer = Issuer(name, state, cik, law[state], foreign)
        issuer.counsel = [
            (
                _person(rng),
                rng.choice(
                    (
                        "General Counsel",
                        "Deputy General Counsel",
                        "Associate General Counsel",
                        "Corporate Secretary",
                    )
                ),
            )
            for _ in range(rng.randint(1, 2))
        ]
        issuer.firms = rng.sample(range(firms), min(firms, rng.randint(1, 3)))
        issuers.append(issuer)
    return issuers


def _date(rng: random.Random, year: int | None = None) -> dt.date:
    year = year or rng.randint(FIRST_YEAR, TODAY.year)
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), TODAY - dt.timedelta(days=1))
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _security(rng: random.Random, form: str, debt: bool) -> list[dict]:
    if debt:
        amount = rng.choice((250, 300, 400, 500, 600, 750, 1000, 1250, 1500, 2000)) * 1_000_000
        rate = rng.choice(("2.250", "3.125", "3.500", "4.000", "4.750", "5.250", "6.125", "7.000"))
        year = rng.randint(2026, 2055)
        return [
            {
                "description": f"${amount:,} aggregate principal amount of {rate}% "
                f"Senior Notes due {year}",
                "class": f"{rate}% Senior Notes due {year}",
                "principal_amount": amount,
                "currency": "USD",
            }
        ]
    shares = rng.randint(2, 400) * rng.choice((5_000, 25_000, 100_000))
    par = rng.choice(("$.01", "$0.001", "$0.0001", "$1.00", "no par value"))
    kind = "Common Stock"
    if form == "S-8":
        plan = rng.choice(
            (
                "2004 Stock Incentive Plan",
                "Employee Stock Purchase Plan",
                "2019 Omnibus Incentive Plan",
                "Amended and Restated Equity Plan",
            )
        )
        description = (
            f"{shares:,} shares of Common Stock, par value {par} per share, "
            f"issuable under the {plan}"
        )
    else:
        description = f"{shares:,} shares of the {kind}, par value {par} per share"
    entry = {"description": description, "class": kind, "shares": shares, "currency": "USD"}
    if par != "no par value":
        entry["par_value"] = par
    out = [entry]
    if rng.random() < 0.12:
        warrants = shares // rng.randint(2, 10)
        out.append(
            {
                "description": f"warrants to purchase {warrants:,} shares of Common Stock",
                "class": "Warrants",
                "shares": warrants,
                "currency": "USD",
            }
        )
    return out


_PARAGRAPHS = [
    "We have examined originals or copies, certified or otherwise identified to our satisfaction, "
    "of the certificate of incorporation and by-laws of {issuer}, resolutions of its board of "
    "directors, the Registration Statement (File No. {fileno}) and such other records, agreements, "
    "instruments and certificates of public officials and "
    "officers of the Company as we have deemed "
    "necessary or appropriate as a basis for the opinions set forth below.",
    "In our examination, we have assumed the genuineness of "
    "all signatures, the legal capacity of all "
    "natural persons, the authenticity of all documents "
    "submitted to us as originals, the conformity "
    "to original documents of all documents submitted to us as certified, conformed or photostatic "
    "copies and the authenticity of the originals of such copies. As to any facts material to the "
    "opinions expressed herein that we did not independently "
    "establish or verify, we have relied upon "
    "statements and representations of officers and other "
    "representatives of the Company and others.",
    "We have also assumed that the Registration Statement, and any amendments thereto (including "
    "post-effective amendments), will have become effective under the Securities Act of 1933, as "
    'amended (the "Securities Act"), and that the {securities} '
    "will be issued and sold in compliance "
    "with applicable federal and state securities laws and in "
    "the manner stated in the Registration "
    "Statement and the applicable prospectus supplement.",
    "The opinions expressed herein are limited to the {law} and, to the extent relevant, the "
    "{federal}, and we express no opinion as to the effect of the laws of any other jurisdiction. "
    "This opinion letter speaks only as of its date, and we assume no obligation to update it.",
    "Our opinion set forth above is subject to the effects of bankruptcy, insolvency, fraudulent "
    "conveyance, reorganization, moratorium and other similar laws relating to or affecting "
    "creditors' rights generally, general equitable principles "
    "(whether considered in a proceeding in "
    "equity or at law) and an implied covenant of good faith and fair dealing.",
    "We are furnishing this opinion letter to you solely in connection with the filing of the "
    "Registration Statement, and it is not to be relied upon, "
    "quoted or otherwise referred to for any "
    "other purpose without our prior written consent. We do not "
    "undertake to advise you of any changes "
    "in the law or the facts that may hereafter be brought to our attention.",
]
_TRANSACTION = (
    "The {securities} are to be issued pursuant to the "
    "{agreement}, dated as of {tdate}, by and among "
    '{parties} (the "Agreement"), in connection with the transactions described in the joint proxy '
    "statement/prospectus forming a part of the Registration "
    "Statement. Upon completion of the merger, "
    "holders of common stock of {target} will receive the consideration described in the Agreement."
)
_TAX = (
    "Based upon and subject to the foregoing, and to the "
    "assumptions, qualifications and limitations "
    "set forth herein and in the Registration Statement, we are of the opinion that, under current "
    "United States federal income tax law, the merger will "
    'qualify as a "reorganization" within the '
    "meaning of Section 368(a) of the Internal Revenue Code of "
    "1986, as amended, and the discussion set "
    'forth under the caption "Material U.S. Federal Income Tax Consequences" in the Registration '
    "Statement, insofar as it relates to statements of law or "
    "legal conclusions, is accurate in all "
    "material respects."
)


def _long(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def _body(rng: random.Random, m: dict, firm_or_counsel: str, kind: str, target: str | None) -> str:
    issuer = m["issuer"]
    numbers = m.get("file_number") or []
    numbers = [numbers] if isinstance(numbers, str) else numbers
    fileno = numbers[0] if numbers else "(not yet assigned)"
    securities = "Notes" if any("principal_amount" in s for s in m["securities"]) else "Shares"
    law = (m.get("governing_law") or ["laws of the State of New York"])[0]
    date = dt.date.fromisoformat(str(m["date"]))
    out = [
        _long(date),
        "",
        issuer,
        f"{rng.randint(1, 9999)} {rng.choice(_WORDS_A)} "
        f"{rng.choice(('Avenue', 'Street', 'Boulevard', 'Parkway'))}",
        "",
        "Ladies and Gentlemen:",
        "",
    ]
    form = m.get("form") or "registration statement"
    out.append(
        f"We have acted as {'special counsel' if kind == 'outside' else 'counsel'} to {issuer}, a "
        f"{'corporation' if 'Trust' not in issuer else 'real estate investment trust'} "
        f"organized under the laws of {m.get('issuer_state') or 'its jurisdiction'} "
        f'(the "Company"), in connection with '
        f"the Registration Statement on Form {form} (File No. "
        f'{fileno}) (the "Registration Statement") '
        f"filed by the Company with the Securities and Exchange Commission relating to "
        f'{m["securities"][0]["description"]} (the "{securities}").'
    )
    out.append("")
    if m.get("transaction"):
        t = m["transaction"]
        out += [
            _TRANSACTION.format(
                securities=securities,
                agreement=t["agreement"],
                tdate=_long(dt.date.fromisoformat(t["date"])),
                parties=", ".join(t["parties"][:-1]) + " and " + t["parties"][-1],
                target=target or t["parties"][-1],
            ),
            "",
        ]
    paragraphs = rng.sample(_PARAGRAPHS, 5)
    fmt = {
        "issuer": issuer,
        "fileno": fileno,
        "securities": securities,
        "law": law,
        "federal": _FEDERAL,
    }
    out += [paragraphs[0].format(**fmt), "", paragraphs[1].format(**fmt), ""]
    if rng.random() < 0.3:
        out += ["<PAGE>", ""]
    if m["kind"] == "tax":
        out += [_TAX, ""]
    else:
        out.append("Based upon and subject to the foregoing, we are of the opinion that:")
        out.append("")
        if securities == "Notes":
            out.append(
                f"1. When the Notes have been duly executed, "
                f"authenticated, issued and delivered in "
                f"accordance with the indenture, the Notes will constitute valid and binding "
                f"obligations of {issuer}, enforceable against it in accordance with their terms."
            )
        else:
            out.append(
                f"1. The Shares have been duly authorized by all necessary corporate action of "
                f"{issuer}."
            )
            out.append(
                "2. When issued and delivered against payment therefor as described in the "
                "Registration Statement, the Shares will be validly issued, fully paid and "
                "nonassessable."
            )
        out.append("")
    out += [p.format(**fmt) + "\n" for p in paragraphs[2:]]
    out.append(
        "We hereby consent to the filing of this opinion as an exhibit to the Registration "
        'Statement and to the reference to us under the caption "Legal Matters" in the '
        "prospectus forming a part of the Registration Statement. In giving this consent, we do "
        "not admit that we are within the category of persons whose consent is required under "
        "Section 7 of the Securities Act."
    )
    out += ["", "Very truly yours,", "", f"/s/ {firm_or_counsel}", ""]
    return "\n".join(out)


def metadata(n: int, seed: int = 5) -> list[tuple[str, dict, str]]:
    """[(file name, front matter, body)] for n exhibits."""
    rng = random.Random(seed)
    firms = _firms(rng, max(8, min(400, n // 25)))
    issuers = _issuers(rng, max(10, n // 4), len(firms))
    out: list[tuple[str, dict, str]] = []
    used_slugs: set[str] = set()
    used_numbers: set[str] = set()
    accession = rng.randint(100000, 400000)

    def new_file_number() -> str:
        while True:
            number = f"333-{rng.randint(10000, 289999)}"
            if number not in used_numbers:
                used_numbers.add(number)
                return number

    while len(out) < n:
        issuer = rng.choice(issuers)
        forms = _FOREIGN_FORMS if issuer.foreign else _DOMESTIC_FORMS
        form = _weighted(rng, forms)
        date = _date(rng)
        debt = form in ("S-3", "S-3ASR", "F-3", "424B5") and rng.random() < 0.45
        number = [] if form in ("8-K", "6-K") else [new_file_number()]
        if number and rng.random() < 0.05:
            number.append(new_file_number())  # a combined prospectus covering an older statement
        transaction = None
        target = None
        if form in ("S-4", "F-4"):
            other = rng.choice(issuers)
            target = (
                other.name
                if other is not issuer
                else f"{rng.choice(_WORDS_A)} {rng.choice(_WORDS_B)} Inc."
            )
            sub = f"{rng.choice(_WORDS_A)} Merger Sub, Inc."
            tdate = date - dt.timedelta(days=rng.randint(20, 120))
            transaction = {
                "agreement": rng.choice(_AGREEMENTS),
                "date": tdate.isoformat(),
                "parties": [issuer.name, sub, target],
            }
        outside = rng.random() < 0.78
        firm = firms[rng.choice(issuer.firms)] if outside else None
        counsel, title = (rng.choice(firm.partners), None) if firm else rng.choice(issuer.counsel)
        laws = [issuer.law] if not debt else [_NY_LAW, issuer.law]
        # The registration statement's filings: the legality opinion, often a tax opinion (mergers,
        # REITs, debt), and opinions re-filed with amendments.
        exhibits = [("5.1", "legality", date)]
        if transaction or "Trust" in issuer.name or (debt and rng.random() < 0.3):
            exhibits.append(("8.1", "tax", date))
        if number and rng.random() < 0.18:
            exhibits.append(
                (
                    "5.1",
                    "legality",
                    min(
                        TODAY - dt.timedelta(days=1), date + dt.timedelta(days=rng.randint(10, 90))
                    ),
                )
            )
        first_slug = None
        securities = _security(rng, form, debt)
        for exhibit, kind, when in exhibits:
            if len(out) >= n:
                break
            if kind == "tax" and not outside:
                tax_firm = firms[rng.choice(issuer.firms)]
                who_firm, who = tax_firm, rng.choice(tax_firm.partners)
            else:
                who_firm, who = firm, counsel
            slug = _slugify(f"{issuer.name} ex {exhibit} {when.isoformat()}")
            if slug in used_slugs:
                continue  # same issuer, exhibit and day: an unlikely draw, skip it
            used_slugs.add(slug)
            accession += rng.randint(1, 40)
            m: dict = {
                "exhibit": exhibit if rng.random() < 0.93 else exhibit.split(".")[0],
                "kind": kind,
                "date": when.isoformat(),
                "issuer": issuer.name,
                "issuer_state": issuer.state,
                "issuer_cik": issuer.cik,
                "counsel": who,
            }
            if m["exhibit"] != exhibit:
                slug = _slugify(f"{issuer.name} ex {m['exhibit']} {when.isoformat()}")
                if slug in used_slugs:
                    continue
                used_slugs.add(slug)
            if who_firm is None:
                m["counsel_title"] = title
                m["counsel_role"] = "in-house"
            else:
                m["counsel_role"] = "outside"
                m["law_firm"] = who_firm.name
            m["form"] = form if when == date else f"{form}/A"
            if len(number) == 1:
                m["file_number"] = number[0]
            elif number:
                m["file_number"] = list(number)
            m["accession_number"] = f"{int(issuer.cik):010d}-{when.year % 100:02d}-{accession:06d}"
            m["securities"] = securities
            if transaction:
                m["transaction"] = transaction
            m["governing_law"] = laws if kind == "legality" else ["Internal Revenue Code of 1986"]
            m["opinions"] = (
                _OPINIONS_TAX if kind == "tax" else _OPINIONS_DEBT if debt else _OPINIONS_STOCK
            )
            m["consent"] = True
            tags = [
                t
                for t in (
                    "merger" if transaction else "",
                    "reit" if "Trust" in issuer.name else "",
                    "shelf" if form in ("S-3", "S-3ASR", "F-3") else "",
                    "employee-plan" if form == "S-8" else "",
                )
                if t
            ]
            if rng.random() < 0.1:
                tags.append(rng.choice(_TAGS))
            if tags:
                m["tags"] = sorted(set(tags))
            if first_slug and kind == "legality" and exhibit == "5.1":
                m["supersedes"] = [first_slug]
            if kind == "legality" and first_slug is None:
                first_slug = slug
            m["slug"] = slug
            m["added"] = (TODAY - dt.timedelta(days=rng.randint(0, 700))).isoformat()
            body = _body(
                rng, m, who_firm.name if who_firm else f"{who}, {title}", m["counsel_role"], target
            )
            out.append((f"{slug}.md", m, body))
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):  # noqa: ANN202
    # Quote what a YAML reader could take for something else (numbers, dates, 5.1, yes/no).
    plain = (
        re.fullmatch(r"[A-Za-z][\w .,&'()/$%-]*", value)
        and value.lower() not in ("yes", "no", "on", "off", "y", "n", "true", "false", "null")
        and ": " not in value
        and not value.endswith(":")
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _str)


def exhibit_file(meta: dict, body: str) -> str:
    front = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    # Dates are written as plain YYYY-MM-DD (the schema reads them as dates), not quoted strings.
    front = re.sub(r'^(\s*(?:date|added): )"(\d{4}-\d{2}-\d{2})"$', r"\1\2", front, flags=re.M)
    return f"---\n{front}---\n\n{body}"


MKDOCS_YML = """\
site_name: Generated Exhibit Archive ({n} exhibits)
site_url: https://archive.example/
theme:
  name: material
plugins:
  - search
  - exhibits:
      exhibits_dir: exhibits{options}
nav:
  - Home: index.md
"""


def write_project(
    root: Path, n: int, seed: int = 5, options: str = "", exhibits_only: bool = False
) -> list[tuple[str, dict, str]]:
    """Write a project (mkdocs.yml, docs/index.md, exhibits/) or only the exhibit files."""
    items = metadata(n, seed)
    folder = root if exhibits_only else root / "exhibits"
    folder.mkdir(parents=True, exist_ok=True)
    for name, meta, body in items:
        (folder / name).write_text(exhibit_file(meta, body), encoding="utf-8")
    if not exhibits_only:
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / "index.md").write_text(
            "# Generated archive\n\n[Browse the archive](browse.md)\n", encoding="utf-8"
        )
        (root / "mkdocs.yml").write_text(MKDOCS_YML.format(n=n, options=options), encoding="utf-8")
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of exhibits")
    parser.add_argument("out", type=Path, help="output folder (created)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--exhibits-only", action="store_true", help="write only the .md files")
    parser.add_argument("--search", choices=("material", "pagefind"), default="material")
    args = parser.parse_args(argv)
    options = "" if args.search == "material" else f"\n      search: {args.search}"
    items = write_project(args.out, args.n, args.seed, options, args.exhibits_only)
    size = sum(len(exhibit_file(m, b).encode()) for _, m, b in items)
    print(
        f"wrote {len(items)} exhibits ({size / len(items) / 1024:.1f} KiB each) to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
