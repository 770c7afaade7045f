"""The exhibit metadata schema: the single source of truth.

The validator (pydantic), the JSON Schema that `exhibits schema` prints and
editors use, and the schema reference page in docs/ all derive from these models.
Field descriptions and examples here are what contributors read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = "1.3"
SCHEMA_ID = "https://exhibit-archive.invalid/schema/exhibit-1.0.json"

# Form types as EDGAR names them. Combined forms ("F-10/F-3") and amendments ("S-1/A") are
# built from these; anything else is likely a typo and gets a suggestion.
FORM_TYPES: tuple[str, ...] = (
    "S-1",
    "S-1MEF",
    "S-2",
    "S-3",
    "S-3ASR",
    "S-3D",
    "S-3DPOS",
    "S-3MEF",
    "S-4",
    "S-4EF",
    "S-4MEF",
    "S-4 POS",
    "S-8",
    "S-8 POS",
    "S-11",
    "S-11MEF",
    "S-20",
    "SF-1",
    "SF-3",
    "F-1",
    "F-1MEF",
    "F-3",
    "F-3ASR",
    "F-3D",
    "F-3DPOS",
    "F-3MEF",
    "F-4",
    "F-4EF",
    "F-4MEF",
    "F-4 POS",
    "F-6",
    "F-7",
    "F-8",
    "F-9",
    "F-10",
    "F-10EF",
    "F-10POS",
    "F-80",
    "F-N",
    "N-1A",
    "N-2",
    "N-14",
    "8-K",
    "6-K",
    "10-K",
    "10-Q",
    "20-F",
    "40-F",
    "10",
    "1-A",
    "424A",
    "424B1",
    "424B2",
    "424B3",
    "424B4",
    "424B5",
    "424B7",
    "424B8",
    "POS AM",
    "POSASR",
    "POS EX",
    "POS 8C",
    "POS462B",
    "POS462C",
    "S-B",
    "SB-2",
    "F-X",
)
KINDS = ("legality", "tax", "other")
COUNSEL_ROLES = ("in-house", "outside")

# Keys that MkDocs, Material or macros read from page front matter. Contributors must not
# steer page rendering (template paths, re-enabling Jinja, hiding or de-indexing pages).
RESERVED_KEYS = frozenset(
    {
        "title",
        "template",
        "render_macros",
        "hide",
        "search",
        "status",
        "meta",
        "icon",
        "subtitle",
        "description",
        "comments",
        "nav",
        "toc",
        "ignore_macros",
        "redirect",
    }
)

_FORBIDDEN_CHARS = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\u061c\ufeff\u00ad"
    # Invisible or blank-looking (issue 6): line/paragraph separators, fillers, variation
    # selectors, deprecated format controls, private use, and the tag characters of
    # "ASCII smuggling" (U+E0000 block), which display as nothing at all.
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2028\u2029\u206a-\u206f\u2800\u3164"
    "\ufe00-\ufe0f\uffa0\ufff0-\ufffb\ue000-\uf8ff\U000e0000-\U000e0fff"
    "\U000f0000-\U0010ffff]"
)
_FILE_NUMBER = re.compile(r"^\d{1,3}-\d{1,6}(?:-\d{1,3})?$")
_ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEGALITY_EXHIBIT = re.compile(r"^(?:EX-)?5(?:\..*)?$")
TAX_EXHIBIT = re.compile(r"^(?:EX-)?8(?:\..*)?$")
# Investment companies number exhibits by their form's item letters, not Item 601's numbers:
# "(l)" (or "99.(l)", as EDGAR types it) is N-2's opinion of counsel. Numbers need brackets.
FUND_EXHIBIT = re.compile(
    r"^(?:EX-)?(?:99\.?)?(?:\(([A-Za-z]|\d{1,2})\)|(?<=\.)([A-Za-z]))(?:\(\w{1,3}\))*$"
)
_EXHIBIT = re.compile(
    r"^(?:EX-)?\d{1,3}(?:\.\d{1,3})?[A-Za-z]?(?:\(\w{1,3}\))?$|" + FUND_EXHIBIT.pattern
)
# Which of those items is an opinion, by form: the legality opinion is N-1A's (i), N-2's (l)
# and N-14's (11); N-14's (12) is the tax opinion on the reorganization.
FUND_OPINION_EXHIBITS: dict[str, dict[str, str]] = {
    "N-1A": {"i": "legality"},
    "N-2": {"l": "legality"},
    "N-14": {"11": "legality", "12": "tax"},
}
# A Regulation A offering statement (Form 1-A, Item 17) files its legality opinion as
# Exhibit 12 (EDGAR type "EX1A-12 OPN CNSL").
REG_A_OPINION = re.compile(r"^(?:EX1A-)?12(?:\.\d{1,2})?$", re.I)
# EDGAR submission types that carry those forms' exhibits (post-effective amendments, ...).
_FUND_SUBMISSIONS = {
    "N-2ASR": "N-2",
    "N-2MEF": "N-2",
    "POS 8C": "N-2",
    "486APOS": "N-2",
    "486BPOS": "N-2",
    "485APOS": "N-1A",
    "485BPOS": "N-1A",
    "485BXT": "N-1A",
    "N-14 8C": "N-14",
}


def _text_error(error_type: str, template: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(error_type, template, ctx)


def _clean_text(value: str) -> str:
    bad = _FORBIDDEN_CHARS.search(value)
    if bad:
        ch = bad.group()
        kind = (
            "bidi control"
            if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200e\u200f"
            else ("invisible character" if ord(ch) >= 0xA0 else "control character")
        )
        raise _text_error(
            "forbidden_character",
            "{kind} U+{code} not allowed",
            kind=kind,
            code=f"{ord(ch):04X}",
            expected="visible text",
        )
    if "\n" in value.strip():
        raise _text_error("single_line", "must be a single line", expected="one line of text")
    value = " ".join(value.split())
    if not value:
        raise _text_error("empty_text", "must not be empty", expected="some text")
    return value


def _as_list(value: Any) -> Any:
    """Allow a single value where a list is expected (`governing_law: Delaware`)."""
    return value if isinstance(value, list) or value is None else [value]


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise _text_error("date_type", "must be a date without a time", expected="YYYY-MM-DD")
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
        y, m, d = (int(p) for p in value.strip().split("-"))
        try:
            return dt.date(y, m, d)
        except ValueError as exc:
            raise _text_error(
                "date_value",
                "{reason}",
                reason=str(exc),
                expected="a real calendar date (YYYY-MM-DD)",
            ) from None
    if not isinstance(value, dt.date):
        raise _text_error("date_type", "must be a date", expected="a date written YYYY-MM-DD")
    return value


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise _text_error(
            "date_future",
            "date is in the future",
            expected=f"a date on or before {dt.date.today().isoformat()}",
        )
    return value


def _form_type(value: str) -> str:
    known = {f.upper(): f for f in FORM_TYPES}
    parts = [p.strip() for p in value.split("/")]
    if all(p.upper() in known or (i > 0 and p.upper() == "A") for i, p in enumerate(parts)):
        return "/".join(known.get(p.upper(), p.upper()) for p in parts)
    raise _text_error(
        "form_type",
        "unknown form type",
        expected="an EDGAR form type such as S-1, S-3, S-4, S-8, F-3, 424B5 or POS AM",
    )


def _matching(regex: re.Pattern[str], kind: str, expected: str) -> AfterValidator:
    """Check text against `regex`, saying what was expected in words."""

    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise _text_error(kind, "badly formed", expected=expected)
        return value

    return AfterValidator(check)


def _cik(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value > 0:
        value = str(value)
    if isinstance(value, str) and re.fullmatch(r"\d{1,10}", value.strip()):
        return value.strip().zfill(10)
    if isinstance(value, str):
        raise _text_error("cik", "badly formed", expected="an SEC CIK of 1 to 10 digits")
    return value


def _edgar_url(value: str) -> str:
    if not re.fullmatch(r"https://(?:www\.)?sec\.gov/[A-Za-z0-9/._~%?&=+#:-]+", value):
        raise _text_error(
            "edgar_url",
            "must be an https address on sec.gov",
            expected="https://www.sec.gov/Archives/edgar/data/...",
        )
    return value


Text = Annotated[str, Field(strict=True, max_length=500), AfterValidator(_clean_text)]
LongText = Annotated[str, Field(strict=True, max_length=2000), AfterValidator(_clean_text)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
PastDate = Annotated[IsoDate, AfterValidator(_not_future)]
# Each pattern is in the JSON Schema for editors; the validator says it in words.
Slug = Annotated[
    str,
    Field(
        strict=True,
        max_length=120,
        json_schema_extra={"pattern": _SLUG.pattern},
        examples=["citigroup-inc-ex-5-1-2001-06-19"],
    ),
    _matching(_SLUG, "slug", "lowercase letters, digits and single hyphens"),
]
FileNumber = Annotated[
    str,
    Field(strict=True, json_schema_extra={"pattern": _FILE_NUMBER.pattern}, examples=["333-62144"]),
    _matching(_FILE_NUMBER, "file_number", "an SEC file number like 333-62144"),
]
ExhibitNumber = Annotated[
    str,
    Field(strict=True, max_length=20, json_schema_extra={"pattern": _EXHIBIT.pattern}),
    _matching(_EXHIBIT, "exhibit", "an exhibit number like 5.1, 5, 8.1, 23.1 or (l)"),
]
Accession = Annotated[
    str,
    Field(strict=True, json_schema_extra={"pattern": _ACCESSION.pattern}),
    _matching(_ACCESSION, "accession", "an accession number like 0000950123-01-500123"),
]
# A single value is accepted where a list is expected; the JSON Schema says so too.
# One file may not fan out into thousands of browse pages (each list item of a name field
# gets a page of its own): real letters have a handful; this is far above any of them.
MAX_ITEMS = 200
TextList = Annotated[
    list[Text],
    BeforeValidator(_as_list, json_schema_input_type=str | list[Text]),
    Field(max_length=MAX_ITEMS),
]
SlugList = Annotated[
    list[Slug],
    BeforeValidator(_as_list, json_schema_input_type=Slug | list[Slug]),
    Field(max_length=MAX_ITEMS),
]
# Slugs an exhibit page may not take: exhibits/index.md is the list of all exhibits, and a
# contributor's `slug: index` would replace it (issue 6).
RESERVED_SLUGS = frozenset({"index"})


def _not_reserved(value: str) -> str:
    if value in RESERVED_SLUGS:
        raise _text_error(
            "slug_reserved",
            "'{slug}' is the name of a page of the archive",
            slug=value,
            expected="another slug",
        )
    return value


PageSlug = Annotated[
    Slug,
    AfterValidator(_not_reserved),
    Field(json_schema_extra={"not": {"enum": sorted(RESERVED_SLUGS)}}),
]
PageSlugList = Annotated[
    list[PageSlug],
    BeforeValidator(_as_list, json_schema_input_type=PageSlug | list[PageSlug]),
    Field(max_length=MAX_ITEMS),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Security(_Strict):
    """One class of securities the opinion covers."""

    description: LongText = Field(
        description="The securities as the letter describes them.",
        examples=["126,877,791 shares of the Common Stock, $.01 par value per share"],
    )
    security_class: Text | None = Field(
        None,
        alias="class",
        description="Class, e.g. Common Stock, Senior Notes due 2030, Warrants.",
    )
    shares: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Number of shares or units covered."
    )
    principal_amount: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Aggregate principal amount of debt securities, in whole currency units."
    )
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(
        "USD", description="ISO 4217 code."
    )
    par_value: Text | None = Field(
        None, description="Par value as stated, e.g. $.01 or no par value."
    )
    part_of_total: bool = Field(
        False,
        description="A part of the total given by the entry above (the shares issuable on "
        "exercise of warrants within a resale total, a class a shelf's dollar total includes): "
        "not to be added to it.",
    )
    covered: bool = Field(
        True,
        description="False for a class the registration statement includes but this letter "
        "leaves to another counsel's opinion (local counsel on the stock of a shelf whose debt "
        "New York counsel covers).",
    )

    model_config = ConfigDict(populate_by_name=True)


def _security(value: Any) -> Any:
    return {"description": value} if isinstance(value, str) else value


class Transaction(_Strict):
    """The transaction the securities are issued in, when the letter names one."""

    agreement: LongText = Field(
        description="Name of the agreement, e.g. Agreement and Plan of Merger."
    )
    date: IsoDate | None = Field(None, description="Date of the agreement.")
    parties: TextList = Field(default_factory=list, description="Parties to the agreement.")


class ExhibitMeta(_Strict):
    """Front matter of one opinion exhibit."""

    model_config = ConfigDict(
        title="Exhibit Archive opinion front matter",
        json_schema_extra={
            "$id": SCHEMA_ID,
            "anyOf": [{"required": ["counsel"]}, {"required": ["law_firm"]}],
            # A legality opinion is about securities; a tax opinion on a merger may name none.
            "allOf": [
                {
                    "$comment": "for legality opinions (exhibit 5)",
                    "if": {
                        "anyOf": [
                            {"properties": {"kind": {"const": "legality"}}, "required": ["kind"]},
                            {
                                "properties": {
                                    "kind": {"const": None},
                                    "exhibit": {"pattern": LEGALITY_EXHIBIT.pattern},
                                }
                            },
                        ]
                    },
                    "then": {"required": ["securities"]},
                }
            ],
        },
    )

    exhibit: ExhibitNumber = Field(
        description='Exhibit number as labelled in the filing. Quote it: "5.1".', examples=["5.1"]
    )
    kind: Literal[KINDS] | None = Field(  # type: ignore[valid-type]
        None,
        description="Kind of opinion. Defaults from the exhibit number: 5.x legality, 8.x tax; "
        "for investment companies (l) of an N-2, (i) of an N-1A and (11) of an N-14 legality, "
        "(12) of an N-14 tax; 12.x of a Form 1-A (Regulation A) legality.",
    )
    date: PastDate = Field(description="Date of the letter (YYYY-MM-DD).", examples=["2001-06-19"])
    issuer: Text = Field(
        description="The registrant the opinion is given to.", examples=["Citigroup Inc."]
    )
    issuer_state: Text | None = Field(
        None, description="State or country of incorporation.", examples=["Delaware"]
    )
    issuer_cik: Annotated[str, BeforeValidator(_cik, json_schema_input_type=str | int)] | None = (
        Field(None, description="SEC Central Index Key of the issuer.", examples=["831001"])
    )
    counsel: Text | None = Field(
        None, description="The person who signed the opinion.", examples=["Michael A. Ross"]
    )
    counsel_title: Text | None = Field(
        None, description="Title of the signing person.", examples=["Deputy General Counsel"]
    )
    counsel_role: Literal[COUNSEL_ROLES] | None = Field(  # type: ignore[valid-type]
        None, description="in-house (the issuer's own lawyer) or outside counsel."
    )
    law_firm: Text | None = Field(None, description="The law firm that gave the opinion.")
    form: Annotated[Text, AfterValidator(_form_type)] | None = Field(
        None, description="Form of the registration statement or filing.", examples=["S-4"]
    )
    file_number: Annotated[
        list[FileNumber],
        BeforeValidator(_as_list, json_schema_input_type=FileNumber | list[FileNumber]),
        Field(max_length=MAX_ITEMS),
    ] = Field(default_factory=list, description="SEC file number(s) of the registration statement.")
    accession_number: Accession | None = Field(
        None, description="EDGAR accession number of the filing."
    )
    edgar_url: Annotated[str, Field(strict=True), AfterValidator(_edgar_url)] | None = Field(
        None, description="Address of the filing or exhibit on EDGAR."
    )
    securities: Annotated[
        list[
            Annotated[
                Security, BeforeValidator(_security, json_schema_input_type=LongText | Security)
            ]
        ],
        BeforeValidator(
            _as_list, json_schema_input_type=LongText | Security | list[LongText | Security]
        ),
        Field(max_length=MAX_ITEMS),  # not empty for legality opinions: see _cross_field_rules
    ] = Field(
        default_factory=list,
        description="What the opinion covers: one description, or a list of entries. "
        "Required for legality opinions.",
    )
    transaction: Transaction | None = Field(
        None, description="The transaction, if the letter names one."
    )
    governing_law: TextList = Field(
        default_factory=list, description="The law(s) the opinion is limited to."
    )
    opinions: TextList = Field(
        default_factory=list,
        description="The opinions given, e.g. duly "
        "authorized, legally issued, fully paid, nonassessable.",
    )
    consent: bool | None = Field(
        None, description="Whether counsel consents to the filing of the opinion."
    )
    tags: SlugList = Field(default_factory=list, description="Free tags (lowercase-hyphenated).")
    supersedes: SlugList = Field(
        default_factory=list, description="Slugs of exhibits this one replaces."
    )
    amends: SlugList = Field(default_factory=list, description="Slugs of exhibits this one amends.")
    slug: PageSlug | None = Field(
        None,
        description="Permanent URL name. Derived from issuer, exhibit "
        "and date when absent; never change it once published (use aliases).",
    )
    aliases: PageSlugList = Field(
        default_factory=list, description="Former slugs that must keep working."
    )
    added: IsoDate | None = Field(
        None, description="Date the exhibit was added to the archive (feeds)."
    )
    review: Annotated[
        list[str], BeforeValidator(_as_list, json_schema_input_type=str | list[str])
    ] = Field(
        default_factory=list,
        description="Fields an importer was unsure of; reported as warnings "
        "until a reviewer removes them.",
    )

    @model_validator(mode="after")
    def _cross_field_rules(self) -> ExhibitMeta:
        if not self.counsel and not self.law_firm:
            raise PydanticCustomError(
                "counsel_missing",
                "counsel or law_firm is required",
                {"expected": "who gave the opinion: counsel (a person) and/or law_firm"},
            )
        if not self.securities and self.opinion_kind == "legality":
            raise PydanticCustomError(
                "securities_missing",
                "securities is required for a legality opinion",
                {"expected": "the securities the opinion covers"},
            )
        unknown = [f for f in self.review if f not in type(self).model_fields]
        if unknown:
            raise PydanticCustomError(
                "review_field",
                "review names unknown field '{name}'",
                {"name": unknown[0], "expected": "field names of this schema"},
            )
        return self

    @property
    def opinion_kind(self) -> str:
        return opinion_kind(self.kind, self.exhibit, self.form)


def opinion_kind(kind: str | None, exhibit: str | None, form: str | None = None) -> str:
    """The kind given, else the one its exhibit number implies: 5.x legality, 8.x tax, 12.x
    of a Regulation A offering statement (Form 1-A) legality, and the opinion items of
    investment company forms (N-2's "(l)" is a legality opinion)."""
    if kind:
        return kind
    if exhibit is None or LEGALITY_EXHIBIT.match(exhibit):
        return "legality"  # with no exhibit number, hold it to the stricter rules
    if TAX_EXHIBIT.match(exhibit):
        return "tax"
    if REG_A_OPINION.match(exhibit) and (form or "").split("/")[0].strip().upper() == "1-A":
        return "legality"
    return fund_opinion_kind(exhibit, form) or "other"


def fund_form(form: str | None) -> str | None:
    """The investment company form a form or submission type belongs to ("N-2/A" -> "N-2")."""
    base = (form or "").split("/")[0].strip().upper()
    base = _FUND_SUBMISSIONS.get(base, base)
    return base if base in FUND_OPINION_EXHIBITS else None


def fund_opinion_kind(exhibit: str | None, form: str | None) -> str | None:
    """ "legality" or "tax" when `exhibit` is an opinion item of `form` ("(l)" of an N-2)."""
    match = FUND_EXHIBIT.match(exhibit or "")
    family = fund_form(form)
    if not match or not family:
        return None
    return FUND_OPINION_EXHIBITS[family].get((match.group(1) or match.group(2)).lower())


def may_be_fund_opinion(exhibit: str | None, form: str | None) -> bool:
    """Whether `exhibit` is an opinion item of `form`, or, when `form` is no investment
    company form (a bare letter, a "POS EX" filing), of any of them."""
    forms = [form] if fund_form(form) else list(FUND_OPINION_EXHIBITS)
    return any(fund_opinion_kind(exhibit, f) for f in forms)


def field_names() -> list[str]:
    return list(ExhibitMeta.model_fields)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the front matter, for editors and the docs."""
    schema = ExhibitMeta.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["x-schema-version"] = SCHEMA_VERSION
    return schema
