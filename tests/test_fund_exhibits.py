"""Opinions numbered by other forms than Item 601: an N-2's exhibit "(l)", an N-1A's "(i)",
an N-14's "(11)" and "(12)", a Regulation A offering statement's Exhibit 12. They are taken
out of submissions by form, accepted by the schema and counted as legality or tax opinions."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from plugins.importer import run
from plugins.schema import ExhibitMeta, opinion_kind
from tests.conftest import run_mkdocs
from tests.test_import import _submission as filing

FUND_LETTER = """\
<p style="text-align:right"><b>Exhibit (l)</b></p>
<p>June 2, 2025</p>
<p>Larchmont Credit Fund<br>200 Pine Street<br>New York, New York 10005</p>
<p>Ladies and Gentlemen:</p>
<p>We have acted as counsel to Larchmont Credit Fund, a Delaware statutory trust (the
&#8220;Fund&#8221;), in connection with the Registration Statement on Form N-2 (File Nos.
333-281100 and 811-23990) relating to the common shares of beneficial interest, par value
$0.01 per share, of the Fund (each, a &#8220;Common Share&#8221; and collectively, the
&#8220;Common Shares&#8221;).</p>
<p>This opinion is limited to the Delaware Statutory Trust Act.</p>
<p>Based upon the foregoing, we are of the opinion that the up to 4,000,000 Common Shares
to be issued by the Fund have been duly authorized and, when issued and paid for as
described in the Registration Statement, will be validly issued, fully paid and
nonassessable.</p>
<p>We consent to the filing of this opinion as an exhibit to the Registration Statement.</p>
<p>Very truly yours,</p>
<p>/s/ Marlow Finch LLP</p>
"""

CAPITAL_AGREEMENT = """\
<p>Exhibit (l)</p><p>PURCHASE AGREEMENT. Larchmont Index Fund hereby sells to Larchmont
Advisers LLC 10,000 shares of beneficial interest for $100,000.</p>
"""


def _submission(form: str, *documents: tuple[str, str]) -> str:
    """A filing of `form` holding (type, text) documents."""
    named = [(kind, f"d{i}.htm", text) for i, (kind, text) in enumerate(documents, 1)]
    return filing(*named, form=form)


def _import(tmp_path: Path, content: str, *, labels: bool = False) -> tuple[int, str, str]:
    source = tmp_path / "filing.txt"
    source.write_text(content, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run([source], tmp_path / "exhibits", print_labels=labels, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("exhibit", "form", "kind"),
    [
        ("(l)", "N-2", "legality"),
        ("(l)(2)", "N-2/A", "legality"),
        ("99.(l)", "N-2", "legality"),
        ("(i)", "N-1A", "legality"),
        ("(11)", "N-14", "legality"),
        ("(12)", "N-14", "tax"),
        ("(l)", "N-1A", "other"),  # an N-1A's (l) is its initial capital agreement
        ("(i)", "N-2", "other"),
        ("12.1", "1-A", "legality"),  # Regulation A
        ("12.1", "S-1", "other"),
        ("5.1", "S-3", "legality"),
        ("8.1", "S-11", "tax"),
    ],
)
def test_the_form_decides_which_lettered_item_is_an_opinion(
    exhibit: str, form: str, kind: str
) -> None:
    assert opinion_kind(None, exhibit, form) == kind


def test_a_fund_legality_opinion_needs_its_securities_like_an_exhibit_5() -> None:
    base = {"exhibit": "(l)", "date": "2025-06-02", "issuer": "Larchmont Credit Fund"}
    base |= {"law_firm": "Marlow Finch LLP"}
    with pytest.raises(ValueError, match="securities is required"):
        ExhibitMeta.model_validate(base | {"form": "N-2"})
    # under a form whose (l) is no opinion, nothing more is asked
    assert ExhibitMeta.model_validate(base | {"form": "N-1A"}).opinion_kind == "other"


def test_an_n2_opinion_is_imported_from_its_submission(tmp_path: Path) -> None:
    content = _submission(
        "N-2", ("N-2", "<p>Prospectus of the Fund</p>"), ("EX-99.(L)", FUND_LETTER)
    )
    code, out, err = _import(tmp_path, content, labels=True)
    assert code == 0, err
    (labels,) = json.loads(out)
    assert labels["exhibit"] == "(l)" and labels["form"] == "N-2"
    assert labels["issuer"] == "Larchmont Credit Fund" and labels["issuer_state"] == "Delaware"
    assert labels["share_count"] == 4000000  # counted only in the opinion paragraph
    assert labels["opinion"] == ["duly authorized", "validly issued", "fully paid", "nonassessable"]


def test_an_imported_n2_opinion_is_published_as_a_legality_opinion(make_project) -> None:
    project = make_project({})
    source = project / "filing.txt"
    source.write_text(_submission("N-2", ("EX-99.(L)", FUND_LETTER)), encoding="utf-8")
    err = io.StringIO()
    assert run([source], project / "exhibits", stdout=io.StringIO(), stderr=err) == 0, err
    (written,) = (project / "exhibits").glob("*.md")
    assert 'exhibit: "(l)"' in written.read_text(encoding="utf-8")

    result = run_mkdocs(project)  # not --strict: the review warning is still to be cleared
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "exhibits" / written.stem / "index.html").read_text("utf-8")
    assert "Exhibit (l)" in page and "4,000,000" in page
    kind = (project / "site" / "kinds" / "legality-opinions" / "index.html").read_text("utf-8")
    assert f"{written.stem}/" in kind


def test_lettered_items_that_are_not_opinions_are_left_in_the_filing(tmp_path: Path) -> None:
    # An N-1A amendment files its capital agreement as (l) and its legal opinion as (i).
    opinion = FUND_LETTER.replace("Exhibit (l)", "Exhibit (i)").replace("N-2", "N-1A")
    content = _submission("485BPOS", ("EX-99.(L)", CAPITAL_AGREEMENT), ("EX-99.(I)", opinion))
    code, out, err = _import(tmp_path, content, labels=True)
    assert code == 0, err
    assert [r["exhibit"] for r in json.loads(out)] == ["(i)"]
    # an N-2's (l) that is not a letter of opinion is not taken either
    code, out, err = _import(tmp_path, _submission("N-2", ("EX-99.L", CAPITAL_AGREEMENT)))
    assert code == 1 and "no opinion exhibit" in err


REG_A_LETTER = """\
<p>Exhibit 12.1</p><p>March 3, 2025</p><p>Bluestem Farms, Inc.<br>Ames, Iowa</p>
<p>Ladies and Gentlemen:</p><p>We have acted as counsel to Bluestem Farms, Inc., a Delaware
corporation (the &#8220;Company&#8221;), in connection with its Offering Statement on Form 1-A
(File No. 024-12345) relating to the offering of up to 2,000,000 shares of the Company's
common stock, par value $0.001 per share (the &#8220;Shares&#8221;).</p>
<p>This opinion is limited to the General Corporation Law of the State of Delaware.</p>
<p>Based on the foregoing, we are of the opinion that the Shares have been duly authorized
and, when issued against payment, will be validly issued, fully paid and non-assessable.</p>
<p>We consent to the filing of this opinion as an exhibit to the Offering Statement.</p>
<p>Very truly yours,</p><p>/s/ Prairie Wind LLP</p>
"""


def test_a_regulation_a_opinion_is_taken_from_its_offering_statement(tmp_path: Path) -> None:
    content = _submission(
        "1-A", ("PART II AND III", "<p>Offering circular</p>"), ("EX1A-12 OPN CNSL", REG_A_LETTER)
    )
    code, out, err = _import(tmp_path, content, labels=True)
    assert code == 0, err
    (labels,) = json.loads(out)
    assert (labels["exhibit"], labels["form"], labels["file_number"]) == (
        "12.1",
        "1-A",
        "024-12345",
    )
    assert labels["share_count"] == 2_000_000 and "exhibit" not in labels["review"]
    assert opinion_kind(None, labels["exhibit"], labels["form"]) == "legality"


def test_an_n14_tax_opinion_typed_without_brackets(tmp_path: Path) -> None:
    letter = (
        FUND_LETTER.replace("Exhibit (l)", "Exhibit (12)")
        .replace("Form N-2", "Form N-14")
        .replace("validly issued, fully paid and", "treated as a reorganization within the")
    )
    # in an N-14 filing "EX-99.12" is item (12), the tax opinion; elsewhere it is not taken
    code, out, err = _import(tmp_path, _submission("N-14", ("EX-99.12", letter)), labels=True)
    assert code == 0, err
    (labels,) = json.loads(out)
    assert labels["exhibit"] == "(12)" and opinion_kind(None, "(12)", "N-14") == "tax"
    code, _, err = _import(tmp_path, _submission("S-4", ("EX-99.12", letter)), labels=True)
    assert code == 1 and "no opinion exhibit" in err
