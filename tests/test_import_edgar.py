"""The importer on real EDGAR opinions that are not in the labelled corpus (tests/data/edgar:
EX-5 and EX-8 `<DOCUMENT>` blocks from public filings). The expected values were read from
each letter by hand; the rules were written for letters in general, so these letters check
that they carry over: co-registrants, an interrupted place of incorporation, a tax opinion,
local-counsel opinions on power, authorization and no violation."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from plugins.edgar_source import read_sources
from plugins.extraction_opinions import opinions_given
from plugins.fidelity import compare, rendered_words, source_words
from plugins.importer import import_document, run

EDGAR = Path(__file__).resolve().parent / "data" / "edgar"

EXPECTED: dict[str, dict[str, object]] = {
    "credit-suisse-ex5-1.htm": {
        "exhibit": "5.1",
        "issuer": "Credit Suisse AG",
        # "a corporation organized under the laws of, and duly licensed as a bank in, Switzerland"
        "issuer_state": "Switzerland",
        "counsel": "Sebastian R. Sperber",
        "counsel_title": "Partner",
        "law_firm": "Cleary Gottlieb Steen & Hamilton LLP",
        "date": "2023-06-08",
        "form": "F-3",
        "governing_law": [
            "federal law of the United States of America",
            "law of the State of New York",
        ],
        "opinion": [
            "valid, binding and enforceable obligations",
            "entitled to the benefits of the Senior Indenture",
            "entitled to the benefits of the Subordinated Indenture",
        ],
        "consent": True,
    },
    "credit-suisse-ex5-2.htm": {
        "exhibit": "5.2",
        "law_firm": "Homburger AG",
        "date": "2023-06-08",
        # "Credit Suisse AG (CS)" ... "1. CS is a corporation (Aktiengesellschaft) duly
        # incorporated and validly existing under the laws of Switzerland."
        "issuer_state": "Switzerland",
        # "(i) ... debt securities (the "Debt Securities") to be issued by it on or after ..."
        "entries": ["one or more series of senior or subordinated debt securities", "warrants"],
        "securities": "debt securities and warrants",  # the summary line
        "governing_law": ["laws of Switzerland"],
        "opinion": [
            "duly incorporated",
            "validly existing",
            "corporate power and authority",
            "corporate action taken",
            "valid and legally binding obligations",
        ],
    },
    "gcm-grosvenor-ex5-1.htm": {
        "issuer": "GCM Grosvenor Inc.",
        "issuer_state": "Delaware",
        "counsel": None,
        "law_firm": "Latham & Watkins LLP",
        "date": "2025-06-27",
        "form": "S-3",
        "opinion": [
            "validly issued",
            "fully paid",
            "nonassessable",
            "legally valid and binding obligations",
        ],
    },
    "vigil-ex5-1.htm": {
        "issuer": "Vigil Neuroscience, Inc.",
        "law_firm": "Goodwin Procter LLP",
        "date": "2025-03-31",
        "share_count": 5376340,
        "governing_law": ["Delaware General Corporation Law"],
        "opinion": ["duly authorized", "validly issued", "fully paid", "non-assessable"],
    },
    "vincerx-ex5-1.htm": {
        "issuer": "Vincerx Pharma, Inc.",
        "law_firm": "Pillsbury Winthrop Shaw Pittman LLP",
        "date": "2025-01-24",
        "governing_law": [
            "General Corporation Law of the State of Delaware",
            "law of the State of New York",
        ],
        # common stock "validly issued", preferred stock "legally issued": both are given;
        # "such Receipts will be duly authorized and validly issued": the receipts opinion
        "opinion": [
            "valid and legally binding obligations",
            "duly authorized",
            "validly issued",
            "legally issued",
            "fully paid",
            "nonassessable",
            "depositary receipts validly issued",
        ],
    },
    "welltower-ex5-1.htm": {
        # "counsel to Welltower Inc., a Delaware corporation (the "Company"), and Welltower
        # OP LLC, a Delaware limited liability company ("Welltower OP")": co-registrants
        "issuer": "Welltower Inc. and Welltower OP LLC",
        "law_firm": "Gibson, Dunn & Crutcher LLP",
        # "other than the State of New York and the United States of America and, ..., the
        # Delaware General Corporation Law"
        "governing_law": [
            "laws of the State of New York",
            "laws of the United States of America",
            "Delaware General Corporation Law",
        ],
    },
    "welltower-ex8-1.htm": {
        "exhibit": "8.1",
        "date": "2025-03-28",
        # "(a) the Company's (i) debt securities; ... and (b) Welltower OP's (i) debt securities"
        "securities": "; ".join(
            [
                "the Company's debt securities",
                "the Company's common stock, par value $1.00 per share",
                "the Company's preferred stock, par value $1.00 per share",
                "the Company's depositary shares representing interests in preferred stock",
                "the Company's guarantees of debt securities issued by Welltower OP",
                "the Company's warrants to purchase debt securities, preferred stock, depositary"
                " shares or common stock",
                "the Company's units consisting of one or more debt securities or other"
                " securities, including preferred stock, depositary shares, common stock and"
                " warrants, or any combination thereof",
                "Welltower OP's debt securities",
                "Welltower OP's guarantees of debt securities issued by the Company",
            ]
        ),
        "governing_law": ["U.S. federal income tax matters"],
        "opinion": ["qualification and taxation as a REIT", "fairly and accurately summarizes"],
        "consent": True,
    },
}


def _labels(name: str) -> dict[str, object]:
    out = io.StringIO()
    assert run([EDGAR / name], EDGAR, print_labels=True, stdout=out, stderr=io.StringIO()) == 0
    (labels,) = json.loads(out.getvalue())
    return labels


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fields_read_from_unseen_letters(name: str) -> None:
    labels = _labels(name)
    [document] = read_sources([EDGAR / name])[0]
    # the front matter's entries, in the letter's words; `securities` is the summary line
    labels["entries"] = [
        e["description"] for e in import_document(document).facts.values["securities"]
    ]
    for field, expected in EXPECTED[name].items():
        got = labels[field]
        if isinstance(expected, list):
            assert sorted(got) == sorted(expected), (field, got)  # type: ignore[arg-type]
        else:
            assert got == expected, (field, got)


def test_every_unseen_letter_keeps_every_word_in_order() -> None:
    documents, problems = read_sources([EDGAR])
    assert not problems and len(documents) == len(EXPECTED)
    for document in documents:
        result = compare(
            source_words(document.body, document.is_html),
            rendered_words(import_document(document).markdown),
        )
        assert result.complete and not result.added_words, (document.label, result)


def test_unseen_letters_import_as_valid_exhibits(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run([EDGAR], tmp_path, stdout=io.StringIO(), stderr=err) == 0, err.getvalue()
    assert len(list(tmp_path.glob("*.md"))) == len(EXPECTED)


LOCAL_COUNSEL = """Based upon the foregoing, we are of the opinion that:
1. The Company has the requisite limited liability company power and authority to execute
the Indenture.
2. The Company has taken all necessary limited liability company action to authorize the Indenture.
3. The execution and delivery by the Company of the Indenture do not:
a. violate the Certificate of Formation of the Company, or
b. the Delaware Limited Liability Company Act.
We hereby consent to the filing of this opinion."""


def test_local_counsel_opinions_are_named() -> None:
    assert opinions_given(LOCAL_COUNSEL) == [
        "limited liability company power and authority",
        "limited liability company action taken",
        "no violation",
    ]


def test_power_and_action_in_assumptions_are_not_opinions() -> None:
    letter = (
        "We have assumed that the Trustee has the corporate power and authority to enter into "
        "the Indenture and has taken all corporate action to authorize it.\n"
        "Based upon the foregoing, we are of the opinion that the Notes, when issued, will be "
        "valid and binding obligations of the Company.\n"
        "We consent to the filing of this opinion."
    )
    assert opinions_given(letter) == ["valid and binding obligations"]


def test_enforceability_counts_in_its_standard_words_only() -> None:
    opening = "Based on the foregoing, we are of the opinion that the Notes will constitute "
    assert opinions_given(
        opening + "valid and binding obligations of the Company, in each case enforceable in "
        "accordance with their terms.\nWe consent to the filing of this opinion."
    ) == ["valid and binding obligations", "enforceable in accordance with their terms"]
    assert opinions_given(
        opening + "legally valid and binding obligations of the Company, enforceable against "
        "the Company in accordance with their terms.\nWe consent to the filing of this opinion."
    ) == ["legally valid and binding obligations"]


def test_depositary_receipts_opinion_is_its_own() -> None:
    letter = (
        "We are of the opinion that, when so issued, the depositary receipts evidencing the "
        "Depositary Shares will be validly issued and will entitle the holders thereof to the "
        "rights specified therein.\nWe consent to the filing of this opinion."
    )
    assert opinions_given(letter) == ["depositary receipts validly issued"]
    shares = letter.replace(
        "the depositary receipts evidencing the Depositary Shares", "the Shares"
    )
    assert opinions_given(shares) == ["validly issued"]


def test_tax_opinions_are_named() -> None:
    letter = (
        "Based on the foregoing, it is our opinion that:\n"
        "(a) commencing with its taxable year ended December 31, 2020, the Company has been "
        "organized and has operated in conformity with the requirements for qualification and "
        "taxation as a REIT under the Code;\n"
        "(b) the Operating Partnership will be treated as a partnership for U.S. federal income "
        "tax purposes; and\n"
        "(c) the Merger will qualify as a reorganization within the meaning of Section 368(a) "
        "of the Code.\n"
        "The foregoing opinions are limited to the U.S. federal income tax matters addressed "
        "herein."
    )
    assert opinions_given(letter) == [
        "qualification and taxation as a REIT",
        "reorganization within the meaning of Section 368(a) of the Code",
        "treated as a partnership",
    ]
