"""The one-line summary of what an opinion covers (the `securities` of `--labels`), made from
the entries the importer reads and the letter's opening. Entries are built with the
importer's own `security_entry`, so each case is what a letter of that kind produces."""

from __future__ import annotations

from typing import Any

import pytest

from plugins.extraction_securities import securities_entries, security_entry
from plugins.securities_summary import securities_summary


def _entries(head: str, *parts: str) -> list[dict[str, Any]]:
    return [security_entry(head), *({**security_entry(p), "part_of_total": True} for p in parts)]


RESALE = "the offer and resale by the selling stockholders named in the Registration Statement"


def test_a_total_and_its_parts_in_short_with_the_resale() -> None:
    entries = _entries(
        "an aggregate of 4,000,000 shares of the Company's common stock, $0.001 par value"
        " per share",
        "2,500,000 outstanding shares of Common Stock",
        "1,500,000 shares of Common Stock issuable upon the exercise of outstanding pre-funded"
        " warrants",
    )
    # "an aggregate of" before a single number says nothing more
    assert securities_summary(entries, RESALE) == (
        "4,000,000 shares of common stock, $0.001 par value per share"
        " (2,500,000 outstanding shares and 1,500,000 shares issuable upon exercise of"
        " pre-funded warrants), for resale by selling stockholders"
    )


def test_parts_all_issuable_on_warrants_become_one_clause() -> None:
    entries = _entries(
        "up to 900,000 shares of the Company's common stock, par value $0.01 per share",
        "up to 450,000 shares of Common Stock issuable upon exercise of series A warrants",
        "up to 450,000 shares of Common Stock issuable upon exercise of series B warrants",
    )
    assert securities_summary(entries, "") == (
        "up to 900,000 shares of common stock, par value $0.01 per share, issuable upon"
        " exercise of series A and series B warrants"
    )


def test_parts_say_what_they_are_not_their_terms() -> None:
    entries = _entries(
        "up to 6,000 shares of common stock, $0.01 par value per share",
        "4,000 shares of Common Stock issuable upon conversion of 10% Notes due 2012 in the"
        " aggregate principal amount of $5,000,000, at a conversion price of $1.20 per share",
        "2,000 shares of Common Stock issuable upon exercise of warrants issued in the Private"
        " Placement, exercisable at $1.85 per share through June 30, 2009",
    )
    assert securities_summary(entries, "") == (
        "up to 6,000 shares of common stock, $0.01 par value per share (4,000 shares issuable"
        " upon conversion of 10% Notes due 2012 and 2,000 shares issuable upon exercise of"
        " warrants)"
    )


@pytest.mark.parametrize(
    "first",
    [
        "1,000 shares of Common Stock currently issued and outstanding",
        "1,000 shares of Common Stock issued and sold by the Company to the Selling Stockholders",
        "1,000 outstanding shares of Common Stock",
        "1,000 shares of Common Stock presently issued and outstanding",
    ],
)
def test_shares_already_issued_are_outstanding_shares(first: str) -> None:
    entries = _entries(
        "up to 1,500 shares of common stock, par value $0.001 per share",
        first,
        "500 shares of Common Stock issuable upon the exercise of outstanding common stock"
        " purchase warrants",
    )
    assert securities_summary(entries, "") == (
        "up to 1,500 shares of common stock, par value $0.001 per share (1,000 outstanding"
        " shares and 500 shares issuable upon exercise of warrants)"
    )


def test_warrant_series_share_their_last_words() -> None:
    entries = _entries(
        "up to 900 shares of common stock, par value $0.01 per share",
        "600 shares of Common Stock issuable upon exercise of Series A-1 pre-funded"
        " warrants, each having an exercise price of $0.001 per share",
        "300 shares of Common Stock issuable upon exercise of Series A-2 pre-funded warrants",
    )
    assert securities_summary(entries, "") == (
        "up to 900 shares of common stock, par value $0.01 per share, issuable upon exercise of"
        " Series A-1 and Series A-2 pre-funded warrants"
    )


def test_the_par_value_of_the_parts_is_the_totals() -> None:
    """A foreign issuer's total without its nominal value, given in each part."""
    entries = _entries(
        "up to 3,000,000 ordinary shares",
        "2,000,000 ordinary shares of the Company, each with a nominal value of EUR 0.12",
        "1,000,000 ordinary shares with a nominal value of EUR 0.12 issuable upon exercise of"
        " warrants",
    )
    assert securities_summary(entries, "sale by a selling shareholder") == (
        "up to 3,000,000 ordinary shares, nominal value EUR 0.12 each (2,000,000 ordinary shares"
        " and 1,000,000 shares issuable upon exercise of warrants), for resale by a selling"
        " shareholder"
    )


@pytest.mark.parametrize(
    "opening, tail",
    [
        (
            "The Shares are to be sold by a selling stockholder of the Company.",
            ", to be sold by a selling stockholder",
        ),
        ("resale by the Selling Stockholders", ", for resale by selling stockholders"),
        ("offered by the selling unitholders", ", for resale by selling unitholders"),
        ("issuable under the 2024 Equity Incentive Plan", ""),
    ],
)
def test_who_sells(opening: str, tail: str) -> None:
    entries = [security_entry("500,000 shares of common stock, par value $0.01 per share")]
    assert securities_summary(entries, opening) == (
        "500,000 shares of common stock, par value $0.01 per share" + tail
    )


def test_a_shelf_total_and_its_classes_by_name() -> None:
    """Classes given as a long list are named only; one written as name and par keeps it;
    "senior X and subordinated X" is said once; a total's words read before the list."""
    entries = _entries(
        "an aggregate offering price of up to $200,000,000",
        "shares of the Company's common stock, par value $0.001 per share, in one or more series",
        "warrants to purchase the Company's Common Stock",
        "senior debt securities and subordinated debt securities",
        "units comprised of one or more of the foregoing",
    )
    assert securities_summary(entries, "") == (
        "up to $200,000,000 aggregate offering price of common stock, warrants, senior and"
        " subordinated debt securities and units"
    )
    inline = _entries(
        "up to $300,000,000 of securities",
        "common stock, no par value",
        "depositary shares representing preferred stock",
        "senior or subordinated debt securities",
    )
    assert securities_summary(inline, "") == (
        "up to $300,000,000 of securities including common stock (no par value), depositary"
        " shares and debt securities"
    )


def test_classes_without_a_total_take_the_letters_total() -> None:
    entries = [
        security_entry("shares of common stock, par value $0.01 per share"),
        security_entry("shares of preferred stock, without par value"),
        security_entry("warrants to purchase Common Stock"),
    ]
    opening = (
        "securities having an aggregate initial offering price not to exceed $250,000,000,"
        " consisting of"
    )
    assert securities_summary(entries, opening) == (
        "up to $250,000,000 aggregate initial offering price of common stock, preferred stock"
        " and warrants"
    )
    assert securities_summary(entries, "") == "common stock, preferred stock and warrants"


def test_a_guarantors_counsel_summarises_its_clients_guarantees() -> None:
    """Local counsel to a guarantor: whose guarantees of whose debt, by full name, also
    where the letter abbreviates a defined name further ("Acme Finance" then "AF")."""
    entries = [
        security_entry("debt securities to be issued by Parentco"),
        security_entry("debt securities to be issued by AF"),
        security_entry("guarantees of the Debt Securities by the Company and the other Guarantors"),
    ]
    defined = {"parentco": "Parent Holdings Corp.", "acme finance": "Acme Finance LLC"}
    assert securities_summary(entries, "", "Widget Supply Inc.", defined) == (
        "guarantees by Widget Supply Inc. of debt securities of Parent Holdings Corp. and"
        " Acme Finance LLC"
    )


def test_a_debt_shelf_total_and_its_guarantees() -> None:
    entries = _entries(
        "up to US$2,500,000,000 aggregate initial offering price",
        "unsecured debt securities",
        "unsecured debt securities of Ridge Finance",
        "full and unconditional guarantees by the Corporation of the Finance Debt Securities",
    )
    defined = {"ridge finance": "Ridge Finance LLC", "corporation": "Ridge Energy Corp."}
    assert securities_summary(entries, "", "Ridge Energy Corp.", defined) == (
        "up to US$2,500,000,000 aggregate initial offering price of debt securities of Ridge"
        " Energy Corp. and Ridge Finance LLC and guarantees thereof by Ridge Energy Corp."
    )


def test_an_issuers_debt_and_who_guarantees_it() -> None:
    entries = [
        security_entry("debt securities"),
        security_entry(
            "guarantees of the Debt Securities by one or more of the Subsidiary Guarantors"
        ),
    ]
    assert securities_summary(entries, "", "Crestline Tools, Inc.", {}) == (
        "debt securities of Crestline Tools, Inc. and guarantees thereof by one or more of the"
        " Subsidiary Guarantors"
    )


def test_several_owners_keep_their_names() -> None:
    """ "(a) the Company's debt securities ... (b) Welltower OP's debt securities": whose
    each item is stays; the issuer's own "of the Company's" is dropped elsewhere."""
    entries = [
        security_entry("the Company's debt securities"),
        security_entry("Acme OP's debt securities"),
    ]
    assert securities_summary(entries, "") == (
        "the Company's debt securities; Acme OP's debt securities"
    )


@pytest.mark.parametrize(
    "opening, purpose",
    [
        (
            'shares to be issued in connection with the merger (the "Merger") of Anne Arundel'
            ' Bancorp, Inc., a Delaware corporation ("Anne Arundel"), with and into the Company'
            " pursuant to the Agreement and Plan of Merger",
            ", to be issued in the merger of Anne Arundel Bancorp, Inc. with and into the Company",
        ),
        (
            "shares to be issued to the shareholders of Lehigh Crest Bancorp, Inc. pursuant to"
            " the Agreement and Plan of Merger, which provides for the merger of Lehigh Crest"
            " with and into the Company",
            ", to be issued to shareholders of Lehigh Crest Bancorp, Inc. in the merger",
        ),
        ("shares to be issued to the shareholders of Acme Corp. in an exchange offer", ""),
    ],
)
def test_what_merger_shares_are_issued_for(opening: str, purpose: str) -> None:
    entries = [security_entry("up to 1,000 shares of common stock, par value $1.00 per share")]
    assert securities_summary(entries, opening) == (
        "up to 1,000 shares of common stock, par value $1.00 per share" + purpose
    )


def test_series_of_notes_read_as_one_list() -> None:
    entries = [
        security_entry(
            "$400,000,000 aggregate principal amount of its 5.250% Senior Notes due 2029"
        ),
        security_entry(
            "$350,000,000 aggregate principal amount of its 5.600% Senior Notes due 2034"
        ),
    ]
    assert securities_summary(entries, "") == (
        "$400,000,000 aggregate principal amount of 5.250% Senior Notes due 2029 and"
        " $350,000,000 aggregate principal amount of 5.600% Senior Notes due 2034"
    )


def test_an_automatic_shelf_is_an_indeterminate_amount() -> None:
    entries = [
        security_entry("shares of common stock, par value $0.01 per share"),
        security_entry("debt securities"),
    ]
    opening = "relating to the offering of an indeterminate amount of the following securities"
    assert securities_summary(entries, opening) == (
        "an indeterminate amount of common stock and debt securities"
    )


def test_nothing_to_say() -> None:
    assert securities_summary([], "resale by selling stockholders") is None


@pytest.mark.timeout(30)
def test_a_hostile_part_does_not_stall_the_summary() -> None:
    """A part repeating "issuable upon the exercise of" tens of thousands of times (a hang
    guard: each look for the warrants clause must be one pass, not one per repetition)."""
    entries = _entries(
        "up to 1,000 shares of common stock",
        "500 shares of Common Stock " + "issuable upon the exercise of outstanding " * 20_000,
        "500 shares of Common Stock issuable upon exercise of warrants",
    )
    summary = securities_summary(entries, "selling " * 20_000) or ""
    assert summary.startswith("up to 1,000 shares of common stock (500 shares issuable")


def test_the_underwriters_option_is_part_of_the_total() -> None:
    """The letter's "including up to 1,125,000 Shares that may be sold pursuant to the
    exercise of an option to purchase additional shares granted to the underwriters" is
    an entry inside the total, said in short."""
    entries, _ = securities_entries(
        "relating to the issuance and sale by the Company of up to 8,625,000 shares (the"
        ' "Shares") of the Company\'s Class A common stock, par value $0.0001 per share (the'
        ' "Class A Common Stock"), including up to 1,125,000 Shares that may be sold pursuant'
        " to the exercise of an option to purchase additional shares granted to the"
        " underwriters. The Shares are to be sold under an underwriting agreement.\n"
    )
    assert [(e.get("shares"), e.get("part_of_total", False)) for e in entries] == [
        (8_625_000, False),
        (1_125_000, True),
    ]
    assert securities_summary(entries, "") == (
        "up to 8,625,000 shares of Class A common stock, par value $0.0001 per share"
        " (including up to 1,125,000 shares subject to the underwriters' option)"
    )


def test_the_issuer_is_not_named_again_in_its_securities() -> None:
    """ "Pinecrest common stock" is common stock; a part's plan loses the issuer's name."""
    defined = {"pinecrest": "Pinecrest Financial Corporation"}
    merger = [security_entry("up to 6,843,215 shares of Pinecrest common stock, par value $1.00")]
    assert securities_summary(merger, "", "Pinecrest Financial Corporation", defined) == (
        "up to 6,843,215 shares of common stock, par value $1.00"
    )
    s8 = _entries(
        "5,000,000 shares of the Company's common stock, no par value per share",
        "4,250,000 Shares issuable under the Olympic Crest Foods, Inc. 2019 Equity Incentive Plan",
        "750,000 Shares reserved for issuance under the Olympic Crest Foods, Inc. 2019 Employee"
        " Stock Purchase Plan",
    )
    assert securities_summary(s8, "", "Olympic Crest Foods, Inc.") == (
        "5,000,000 shares of common stock, no par value per share (4,250,000 shares under the"
        " 2019 Equity Incentive Plan and 750,000 shares under the 2019 Employee Stock Purchase"
        " Plan)"
    )


def test_a_class_named_in_capitals_keeps_its_whole_name() -> None:
    """ "the Company's First Mortgage Bonds" are First Mortgage Bonds, not bonds; "an
    indeterminate principal amount" leads the list; "interests in the Partnership" need not
    say whose."""
    entries = [
        security_entry("the Company's First Mortgage Bonds"),
        security_entry("the Company's Senior Notes"),
    ]
    opening = "relating to the registration of an indeterminate principal amount of (i) the"
    assert securities_summary(entries, opening) == (
        "an indeterminate principal amount of First Mortgage Bonds and Senior Notes"
    )
    units = [
        security_entry(
            "up to 12,500,000 common units representing limited partner interests in the"
            " Partnership"
        )
    ]
    assert securities_summary(units, "") == (
        "up to 12,500,000 common units representing limited partner interests"
    )
