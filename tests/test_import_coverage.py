"""Split opinions on one shelf, and the letter details unseen letters (tests/data/composed,
batches x, y, o, z and aa) brought up: which registered classes a letter opines on, a list
after "the following securities:", consent given in another exhibit, a form of opinion's
bracketed firm, guarantees named after the notes, the client as issuer, units."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from plugins.extraction_coverage import mark_covered, opinion_headings
from plugins.extraction_opinions import opinions_given
from plugins.extraction_securities import securities_entries
from plugins.extraction_terms import consent_given
from plugins.importer import run
from plugins.securities_summary import securities_summary
from tests.test_import import _written

OPENING = (
    'We have acted as special counsel to Lakeview Bancorp, an Indiana corporation (the "Company"),'
    " in connection with a registration statement on Form S-3 relating to up to $200,000,000"
    " aggregate initial offering price of the following securities of the Company: (a) shares"
    ' of common stock, no par value (the "Common Stock"); (b) shares of preferred stock, no par'
    ' value (the "Preferred Stock"); (c) senior debt securities (the "Senior Debt Securities"),'
    " to be issued under an indenture between the Company and a trustee, and subordinated debt"
    ' securities (the "Subordinated Debt Securities" and, together with the Senior Debt'
    ' Securities, the "Debt Securities"), to be issued under a subordinated indenture; (d)'
    ' warrants (the "Warrants"); and (e) units comprised of two or more of the foregoing (the'
    ' "Units" and, together with the securities described in clauses (a) through (d), the'
    ' "Securities").\n'
)
OPINION = (
    "Based on the foregoing, we are of the opinion that:\n"
    "1. Debt Securities. When issued, the Debt Securities will constitute valid and binding"
    " obligations of the Company.\n"
    "2. Warrants and Units. When issued, the Warrants and the Units will constitute valid and"
    " binding obligations of the Company.\n"
)


def _classes(entries: list[dict]) -> list[tuple[str, bool]]:
    return [(e["class"], e.get("covered", True)) for e in entries if e.get("class")]


def test_a_list_after_the_following_securities_is_read_with_its_total() -> None:
    """The total is the dollar amount, each lettered item a class; "clauses (a) through (d)"
    is a reference, not two more items; a second class named after the first one's
    indenture ("..., and subordinated debt securities") is kept."""
    entries, unsure = securities_entries(OPENING + OPINION)
    assert not unsure
    assert entries[0] == {"description": "up to $200,000,000 aggregate initial offering price"}
    assert [e.get("class") for e in entries[1:]] == [
        "common stock",
        "preferred stock",
        "debt securities",
        "warrants",
        "units",
    ]
    assert entries[3]["description"] == "senior debt securities and subordinated debt securities"
    assert all(e.get("part_of_total") for e in entries[1:])


@pytest.mark.parametrize(
    ("says", "uncovered"),
    [
        ("This opinion addresses only the Debt Securities, the Warrants and the Units.\n", True),
        (
            "The Debt Securities, Warrants and Units are referred to herein collectively as the"
            ' "Opinion Securities."\n',
            True,
        ),
        (
            "We express no opinion herein as to the Common Stock or the Preferred Stock, which"
            " are addressed in the opinion of Indiana counsel filed as Exhibit 5.1.\n",
            True,
        ),
        (
            "The validity of the Common Stock and the Preferred Stock is addressed in the"
            " opinion of Indiana counsel.\n",
            True,
        ),
        ("We have examined such documents as we have deemed necessary.\n", False),
    ],
)
def test_the_classes_a_letter_leaves_to_another_opinion(says: str, uncovered: bool) -> None:
    body = OPENING + says + OPINION
    entries, _ = securities_entries(body)
    marked = mark_covered(entries, body, "5.1")
    stock = [("common stock", not uncovered), ("preferred stock", not uncovered)]
    assert _classes(marked) == [
        *stock,
        ("debt securities", True),
        ("warrants", True),
        ("units", True),
    ]


def test_headed_opinion_paragraphs_limit_a_second_opinion_only() -> None:
    """Paragraphs headed "1. Debt Securities." and "2. Warrants and Units." say what an
    Exhibit 5.2 covers; an Exhibit 5.1 may just not head every class, so its are all kept."""
    body = OPENING + OPINION
    entries, _ = securities_entries(body)
    assert [c for c, covered in _classes(mark_covered(entries, body, "5.2")) if not covered] == [
        "common stock",
        "preferred stock",
    ]
    assert all(covered for _, covered in _classes(mark_covered(entries, body, "5.1")))


def test_the_summary_names_the_classes_covered_and_then_the_rest_of_the_shelf() -> None:
    body = OPENING + OPINION
    entries, _ = securities_entries(body)
    marked = mark_covered(entries, body, "5.2")
    assert securities_summary(marked, OPENING) == (
        "up to $200,000,000 aggregate initial offering price of securities: senior and"
        " subordinated debt securities, warrants and units (shelf also covering common and"
        " preferred stock)"
    )
    # a second opinion's paragraphs headed by class name what it covers, in their order
    headed = opinion_headings(body, "5.2")
    assert headed == ["Debt Securities", "Warrants", "Units"]
    assert securities_summary(marked, OPENING, headed=headed) == (
        "up to $200,000,000 aggregate initial offering price of securities: debt securities,"
        " warrants and units (shelf also covering common and preferred stock)"
    )
    assert opinion_headings(body, "5.1") == []
    assert securities_summary(entries, OPENING) == (
        "up to $200,000,000 aggregate initial offering price of common stock, preferred stock,"
        " senior and subordinated debt securities, warrants and units"
    )


def test_classes_left_to_another_opinion_are_written_and_still_valid(tmp_path: Path) -> None:
    letter = (
        "EXHIBIT 5.2\n\nMarch 3, 2024\n\nLakeview Bancorp\n1 Main Street\nIndianapolis, Indiana\n\n"
        "Ladies and Gentlemen:\n\n"
        + OPENING.replace(" (", "\n(", 0)
        + "\n"
        + OPINION.replace("\n", "\n\n")
        + "\nThis opinion is limited to the laws of the State of New York.\n\n"
        "We consent to the filing of this opinion as an exhibit to the Registration Statement.\n\n"
        "Very truly yours,\n\n/s/ Hartley Brook LLP\n"
    )
    source = tmp_path / "ex52.txt"
    source.write_text(letter, "utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run([source], tmp_path / "exhibits", stdout=out, stderr=err) == 0, err.getvalue()
    ((data, _),) = _written(tmp_path).values()
    assert [s.get("covered", True) for s in data["securities"][1:]] == [
        False,
        False,
        True,
        True,
        True,
    ]


def test_consent_filed_as_another_exhibit_is_not_given_here() -> None:
    elsewhere = (
        "This opinion may not be quoted without our prior written consent. Our consent to the"
        ' reference to our firm under the caption "Legal Matters" is filed separately as'
        " Exhibit 23.2 to the Registration Statement."
    )
    assert consent_given(elsewhere) is None
    given = 'We consent to the reference to our firm under the caption "Legal Matters".'
    assert consent_given(given) is True


FORM_OF_OPINION = """\
<DOCUMENT>
<TYPE>EX-5.1
<TEXT>
                         [LETTERHEAD OF MERCER HOLLIS LLP]

                                     [DATE]

Tallgrass Analytics Holdings, Inc.
Omaha, Nebraska

Ladies and Gentlemen:

     We have acted as counsel to Tallgrass Analytics Holdings, Inc., a Delaware
corporation (the "Company"), in connection with the Registration Statement on
Form S-1 relating to up to 8,625,000 shares of the Company's Class A common
stock, par value $0.0001 per share (the "Shares"). The 2,000,000 shares
originally reserved were registered on the Company's Registration Statement on
Form S-8 (File No. 333-151902).

     We are of the opinion that, upon completion of the proceedings to be taken
prior to the issuance of the Shares, the Shares have been duly authorized and,
when issued, will be validly issued, fully paid and non-assessable.

     We express no opinion herein as to the law of any jurisdiction other than
the General Corporation Law of the State of Delaware. This opinion may not be
relied upon without our prior written consent. Our consent to the reference
to our firm in the prospectus is filed separately as Exhibit 23.2.

                                        Very truly yours,

                                        [MERCER HOLLIS LLP]
</TEXT>
</DOCUMENT>
"""


def test_a_form_of_opinion_is_read_for_what_it_says(tmp_path: Path) -> None:
    """The firm in brackets is the firm ("LLP" kept); a consent given in Exhibit 23.2 is none
    ("consent": false in the labels, for review in the front matter); an S-8 that "originally
    reserved" shares were registered on is not this registration; the opinion after
    "upon completion of the proceedings ..., the Shares have been duly authorized" is one."""
    source = tmp_path / "form.txt"
    source.write_text(FORM_OF_OPINION, "utf-8")
    out, err = io.StringIO(), io.StringIO()
    run([source], tmp_path / "x", print_labels=True, stdout=out, stderr=err)
    (record,) = json.loads(out.getvalue())
    assert record["law_firm"] == "Mercer Hollis LLP"
    assert record["consent"] is False and "consent" in record["review"]
    assert record["file_number"] is None
    assert record["opinion"] == [
        "duly authorized",
        "validly issued",
        "fully paid",
        "non-assessable",
    ]


def test_the_code_is_named_as_the_letter_names_a_section() -> None:
    text = (
        "we are of the opinion that:\nthe Merger will qualify as a reorganization within the"
        " meaning of Section 368(a) of the Internal Revenue Code of 1986, as amended."
    )
    assert opinions_given(text) == [
        "reorganization within the meaning of Section 368(a) of the Code"
    ]


def test_debt_entitled_to_the_benefits_of_either_instrument() -> None:
    text = (
        "I am of the opinion that such Debt Securities will constitute legally valid and binding"
        " obligations of the Company and will be entitled to the benefits of the Mortgage or the"
        " Indenture, as applicable."
    )
    assert opinions_given(text) == [
        "legally valid and binding obligations",
        "entitled to the benefits of the Mortgage or the Indenture",
    ]


def test_shares_outstanding_and_unsold_securities_carried_forward_are_not_registered() -> None:
    """ "31,204,577 Shares were issued and outstanding" and "$86,250,000 of unsold Securities
    registered under the Company's Registration Statement on Form F-3" are not what this
    letter covers: the shelf's own total and list are."""
    entries, _ = securities_entries(
        "relating to the offering of up to $300,000,000 aggregate offering price of the"
        ' Company\'s (i) common shares, par value $0.01 per share (the "Common Shares"); (ii)'
        ' preferred shares (the "Preferred Shares"); and (iii) warrants (the "Warrants"). The'
        " Registration Statement also carries forward $86,250,000 of unsold Securities"
        " registered under the Company's Registration Statement on Form F-3 (File No."
        " 333-213345). As of the date hereof, 31,204,577 Common Shares were issued and"
        " outstanding.\n"
    )
    assert entries[0]["description"] == "up to $300,000,000 aggregate offering price"
    assert [e.get("class") for e in entries[1:]] == [
        "common shares",
        "preferred shares",
        "warrants",
    ]


def test_a_plan_named_with_401k_and_awards_under_a_plan() -> None:
    entries, _ = securities_entries(
        "relating to the registration of 2,500,000 shares of the Company's common stock, par"
        ' value $0.10 per share (the "Shares"), which may be acquired by participants in the'
        ' Keystone Valley Foods Retirement Savings and 401(k) Plan (the "Plan").\n'
    )
    assert entries[0]["description"].endswith(
        "which may be acquired by participants in the Keystone Valley Foods Retirement Savings"
        " and 401(k) Plan"
    )
    entries, _ = securities_entries(
        "relating to the registration of an aggregate of 4,750,000 common shares without par"
        ' value (the "Shares"), consisting of (i) 3,600,000 Shares issuable pursuant to awards'
        " granted or to be granted under the Company's Omnibus Equity Incentive Plan (the"
        ' "Omnibus Plan"), and (ii) 1,150,000 Shares issuable under the Company\'s Employee'
        ' Share Purchase Plan (the "ESPP").\n'
    )
    assert securities_summary(entries, "") == (
        "4,750,000 common shares without par value (3,600,000 shares under the Omnibus Equity"
        " Incentive Plan and 1,150,000 shares under the Employee Share Purchase Plan)"
    )


def test_guarantees_named_with_the_debt_they_guarantee() -> None:
    """Two series of notes "and the guarantees of the Notes by the Guarantors" (the
    Company's subsidiaries) are three entries and one line; a guarantor's own counsel, on
    "an indeterminate amount of debt securities of the Parent and the full and
    unconditional guarantees of the Debt Securities by the Guarantor", names both."""
    opening = (
        'We have acted as counsel to Tamarack Holdings, Inc. (the "Company") and the subsidiaries'
        ' of the Company listed on Schedule I (each, a "Guarantor" and collectively, the'
        ' "Guarantors"), in connection with the issuance of $500,000,000 aggregate principal'
        ' amount of its 5.350% Senior Notes due 2029 (the "2029 Notes") and $650,000,000'
        ' aggregate principal amount of its 5.800% Senior Notes due 2034 (the "2034 Notes"'
        ' and, together with the 2029 Notes, the "Notes"), and the guarantees of the Notes by'
        ' the Guarantors (the "Guarantees").\n'
    )
    entries, _ = securities_entries(opening)
    assert [e.get("principal_amount") for e in entries] == [500_000_000, 650_000_000, None]
    assert entries[2]["description"] == "the guarantees of the Notes by the Guarantors"
    assert securities_summary(entries, opening, "Tamarack Holdings, Inc.") == (
        "$500,000,000 aggregate principal amount of 5.350% Senior Notes due 2029 and"
        " $650,000,000 aggregate principal amount of 5.800% Senior Notes due 2034, and"
        " guarantees thereof by subsidiary guarantors"
    )
    guarantor = (
        "We have acted as special Tennessee counsel to Cumberland Supply, Inc., a Tennessee"
        ' corporation (the "Guarantor"), and a subsidiary of Meridian Provisions Group, Inc., a'
        ' Delaware corporation (the "Parent"), relating to the offering from time to time of an'
        ' indeterminate amount of debt securities of the Parent (the "Debt Securities") and the'
        " full and unconditional guarantees of the Debt Securities by the Guarantor (the"
        ' "Guarantees").\n'
    )
    entries, _ = securities_entries(guarantor)
    defined = {"guarantor": "Cumberland Supply, Inc.", "parent": "Meridian Provisions Group, Inc."}
    assert securities_summary(entries, guarantor, "Cumberland Supply, Inc.", defined) == (
        "guarantees by Cumberland Supply, Inc. of debt securities of Meridian Provisions"
        " Group, Inc."
    )


def test_an_opinion_limited_to_some_classes_by_name() -> None:
    body = OPENING + (
        "This opinion is limited to the Debt Securities, the Warrants and the Units"
        ' (collectively, the "Opinion Securities").\n'
        "This opinion is limited to the General Corporation Law of the State of Delaware.\n"
    )
    entries, _ = securities_entries(body)
    assert [c for c, covered in _classes(mark_covered(entries, body)) if not covered] == [
        "common stock",
        "preferred stock",
    ]


def test_case_law_of_a_country_s_courts_is_no_law_of_a_place() -> None:
    from plugins.extraction_terms import governing_law

    assert governing_law(
        "This opinion letter is limited to the laws of the Netherlands, as they are presently"
        " interpreted under published authoritative case law of the Dutch courts."
    ) == ["laws of the Netherlands"]


def test_what_a_unit_consists_of_stays_with_it() -> None:
    entries, _ = securities_entries(
        'relating to the offering of up to 1,500,000 units (the "Units") at a price of $0.40'
        " per Unit, each Unit consisting of one share of the Company's common stock, par value"
        ' $0.001 per share (the "Common Stock"), and one warrant (the "Warrants") to purchase'
        " one share of Common Stock at an exercise price of $0.75 per share, exercisable until"
        " August 31, 2019.\n"
    )
    assert entries[0]["description"] == (
        "up to 1,500,000 units, each consisting of one share of the Company's common stock, par"
        " value $0.001 per share, and one warrant to purchase one share of Common Stock at an"
        " exercise price of $0.75 per share"
    )


def test_an_at_the_market_program_under_several_agreements() -> None:
    """ "Equity Distribution Agreements" (plural) make an at-the-market letter, and the price
    is the kind the letter names; the terminated program's "$200,000,000 of Common Stock" is
    not this one."""
    entries, _ = securities_entries(
        "arising out of the registration of the offer and sale from time to time of shares (the"
        ' "Shares") of common stock, $0.01 par value per share (the "Common Stock"), of the'
        " Company, having an aggregate gross sales price of up to $300,000,000, in an at the"
        " market offering, pursuant to separate Equity Distribution Agreements. The Equity"
        " Distribution Agreements replace the agreements providing for the sale of up to"
        " $200,000,000 of Common Stock, which have been terminated.\n"
    )
    assert [e["description"] for e in entries] == [
        "shares of common stock, $0.01 par value per share, of the Company, having an aggregate"
        " gross sales price of up to $300,000,000"
    ]


@pytest.mark.parametrize(
    ("opening", "issuer", "state"),
    [
        (
            "We have acted as special Virginia counsel to Blue Ridge Freight Services, Inc., a"
            ' Virginia corporation ("Blue Ridge"), and Tidewater Cold Storage, LLC, a Virginia'
            ' limited liability company ("Tidewater"), each a subsidiary of Meridian Coastal'
            ' Logistics, Inc., a Delaware corporation (the "Company"), in connection with the'
            " Registration Statement on Form S-4.",
            "Blue Ridge Freight Services, Inc. and Tidewater Cold Storage, LLC",
            "Virginia",
        ),
        (
            "We have acted as counsel to Kestrel Specialty Materials, Inc., a Delaware"
            ' corporation ("SpinCo"), in connection with the Registration Statement on Form S-1'
            " relating to the distribution by Ardent Chemical Holdings Corporation, a"
            ' Pennsylvania corporation ("Parent"), of 42,315,880 shares of SpinCo.',
            "Kestrel Specialty Materials, Inc.",
            "Delaware",
        ),
    ],
)
def test_the_client_is_the_issuer_when_the_defined_company_is_its_parent(
    opening: str, issuer: str, state: str
) -> None:
    from plugins.extraction import extract_facts
    from plugins.letter_html import html_to_blocks

    facts = extract_facts(html_to_blocks(f"<p>June 1, 2020</p><p>{opening}</p>"))
    assert (facts.values["issuer"], facts.values["issuer_state"]) == (issuer, state)


def test_a_certificate_after_the_signature_is_not_the_signer() -> None:
    """A Cayman firm's name has no suffix; the director's certificate annexed after it (in
    the first person) makes it neither a person nor "Director's Certificate" a title."""
    from plugins.extraction import extract_facts
    from plugins.letter_html import html_to_blocks

    facts = extract_facts(
        html_to_blocks(
            "<p>9 July 2021</p><p>Dear Sirs</p><p>We have acted as Cayman Islands legal advisers"
            " to Lumora Holdings Limited (the &#8220;Company&#8221;). We hereby consent to the"
            " filing of this opinion as an exhibit to the Registration Statement.</p>"
            "<p>Yours faithfully</p><p>/s/ Lockhart Tennant</p><p>Lockhart Tennant</p>"
            "<p>Director&#8217;s Certificate</p><p>I hereby certify that the resolutions are in"
            " full force and effect.</p>"
        )
    )
    assert facts.values.get("law_firm") == "Lockhart Tennant"
    assert "counsel" not in facts.values and "counsel_title" not in facts.values


def test_a_part_s_preferred_stock_without_its_stated_value() -> None:
    entries, _ = securities_entries(
        'relating to the resale of up to 18,642,105 shares (the "Shares") of the Company\'s'
        ' common stock, par value $0.0001 per share (the "Common Stock"), consisting of (i) up to'
        " 12,500,000 shares"
        " of Common Stock issuable upon conversion of 12,500 shares of the Company's Series B"
        " Convertible Preferred Stock, par value $0.0001 per share and stated value $1,000 per"
        " share, and (ii) up to 6,142,105 shares of Common Stock issuable upon exercise of"
        " warrants.\n"
    )
    assert securities_summary(entries, "") == (
        "up to 18,642,105 shares of common stock, par value $0.0001 per share (12,500,000 shares"
        " issuable upon conversion of 12,500 shares of Series B Convertible Preferred Stock and"
        " 6,142,105 shares issuable upon exercise of warrants)"
    )
