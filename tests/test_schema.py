"""The schema as contributors meet it: what passes, what fails, and what the message says."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from plugins.frontmatter import read_exhibit
from plugins.schema import ExhibitMeta, json_schema
from plugins.schema_docs import schema_reference
from plugins.validation import validate_front_matter
from tests.conftest import VALID_FRONT_MATTER, exhibit_text
from tests.sample_exhibits import SEED_FRONT_MATTER


def check(front_matter: str):
    fm = read_exhibit("x.md", exhibit_text(front_matter).encode())
    meta, problems = validate_front_matter(fm)
    return meta, fm.problems + problems


def with_line(front_matter: str, key: str, value: str) -> str:
    lines = [ln for ln in front_matter.splitlines() if not ln.startswith(f"{key}:")]
    return "\n".join([*lines, f"{key}: {value}"]) + "\n"


def test_every_fact_of_the_founding_exhibit_is_captured() -> None:
    meta, problems = check(SEED_FRONT_MATTER)
    assert problems == []
    assert meta is not None
    assert meta.issuer_cik == "0000831001"
    assert meta.file_number == ["333-62144"]
    assert meta.securities[0].shares == 126877791
    assert meta.securities[0].par_value == "$.01"
    assert meta.transaction and meta.transaction.date == dt.date(2001, 5, 17)
    assert "Citibank, N.A." in meta.transaction.parties
    assert meta.governing_law == ["General Corporation Law of the State of Delaware"]
    assert meta.consent is True and meta.opinion_kind == "legality"


def test_the_flat_illustrative_format_is_valid() -> None:
    meta, problems = check(VALID_FRONT_MATTER)
    assert problems == [] and meta is not None
    assert meta.securities[0].description.startswith("1,000,000 shares")


def test_missing_required_fields_are_each_named() -> None:
    meta, problems = check('exhibit: "5.1"\nissuer: Example Holdings Inc.\n')
    assert meta is None
    fields = {p.field for p in problems}
    assert fields == {"date", "securities", "counsel"}
    assert all(p.message.endswith("required") or "missing" in p.message for p in problems)


@pytest.mark.parametrize(
    "key, value, field, expected_text",
    [
        ("date", "2001-02-30", "date", "day is out of range for month"),
        ("date", "2999-01-01", "date", "in the future"),
        ("form", "S4", "form", "did you mean 'S-4'?"),
        ("form", "s-3asr", "form", None),
        ("file_number", '"62144"', "file_number", "333-62144"),
        ("file_number", "62144", "file_number", 'quote it: "62144"'),
        ("issuer_cik", "abc", "issuer_cik", "CIK"),
        ("accession_number", '"123"', "accession_number", "accession number"),
        ("edgar_url", "javascript:alert(1)", "edgar_url", "sec.gov"),
        ("exhibit", "5.1", "exhibit", 'quote it: "5.1"'),
        ("consent", '"yes"', "consent", "true or false"),
        ("slug", "../../etc/passwd", "slug", "lowercase letters"),
        ("kind", "legalty", "kind", "did you mean 'legality'?"),
        ("law_firm", '"Doe \u202eLLP"', "law_firm", "bidi control U+202E"),
        ("issuer", '"Example\u200bHoldings"', "issuer", "invisible character U+200B"),
    ],
)
def test_field_rules(key: str, value: str, field: str, expected_text: str | None) -> None:
    text = with_line(VALID_FRONT_MATTER, key, value)
    meta, problems = check(text)
    if expected_text is None:
        assert problems == [] and meta is not None
        return
    assert meta is None
    [problem] = [p for p in problems if p.field == field]
    assert expected_text in str(problem)
    assert problem.line == len(text.splitlines()) + 1  # the last line, after the opening '---'


def test_form_types_are_normalised() -> None:
    meta, _ = check(with_line(VALID_FRONT_MATTER, "form", "f-10/f-3"))
    assert meta is not None and meta.form == "F-10/F-3"
    meta, _ = check(with_line(VALID_FRONT_MATTER, "form", "S-1/A"))
    assert meta is not None and meta.form == "S-1/A"


def test_unknown_keys_get_did_you_mean_and_reserved_keys_are_refused() -> None:
    text = VALID_FRONT_MATTER + "isuer: Example\ntemplate: ../../etc/passwd\nsecurites: x\n"
    meta, problems = check(text)
    assert meta is None
    shown = {p.field: str(p) for p in problems}
    assert "did you mean 'issuer'?" in shown["isuer"]
    assert "reserved key 'template'" in shown["template"]
    assert "did you mean 'securities'?" in shown["securites"]


def test_nested_unknown_key() -> None:
    text = VALID_FRONT_MATTER.replace(
        "securities: 1,000,000 shares of Common Stock, $.01 par value",
        "securities:\n  - description: x\n    shraes: 10",
    )
    _, problems = check(text)
    [problem] = problems
    assert problem.field == "securities[0].shraes" and "did you mean 'shares'?" in str(problem)
    assert (problem.line, problem.column) == (12, 5)


def test_every_problem_names_expected_and_found() -> None:
    text = with_line(with_line(VALID_FRONT_MATTER, "consent", "maybe"), "issuer", "[a, b]")
    _, problems = check(text)
    for problem in problems:
        assert problem.expected and problem.found, problem


def test_json_schema_is_draft_2020_12_and_agrees_with_the_validator() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(SEED_FRONT_MATTER)
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
    data["transaction"]["date"] = "2001-05-17"
    data["file_number"] = "333-62144"
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "isuer": "x"}, schema)
    without_counsel = {k: v for k, v in data.items() if k != "counsel"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(without_counsel, schema)
    jsonschema.validate({**without_counsel, "law_firm": "Doe LLP"}, schema)
    assert set(schema["properties"]) == set(ExhibitMeta.model_fields)


@pytest.mark.parametrize(
    "extra, needs_securities",
    [
        ({}, True),  # exhibit 5.1: a legality opinion
        ({"exhibit": "8.1"}, False),  # a tax opinion on a merger may name no securities
        ({"exhibit": "8.1", "kind": "legality"}, True),
        ({"exhibit": "5.1", "kind": "tax"}, False),
        ({"exhibit": "23.1"}, False),
        ({"exhibit": "EX-5"}, True),
    ],
)
def test_securities_are_required_for_legality_opinions_only(
    extra: dict[str, str], needs_securities: bool
) -> None:
    """The checker and the JSON Schema for editors agree on when securities are required."""
    data = yaml.safe_load(VALID_FRONT_MATTER)
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
    data.pop("securities")
    data.update(extra)
    text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in data.items())
    meta, problems = check(text)
    missing = [p for p in problems if p.field == "securities"]
    schema_errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data))
    if needs_securities:
        assert meta is None and len(missing) == 1, problems
        assert "required field is missing" in missing[0].message
        assert (missing[0].line, missing[0].column) == (2, 1)  # the file's first field
        assert schema_errors
    else:
        assert meta is not None and not problems, problems
        assert meta.securities == [] and not schema_errors


def test_missing_securities_is_reported_with_the_other_problems() -> None:
    _, problems = check('exhibit: "5.1"\ndate: 2001-02-30\nissuer: X Inc.\n')
    assert {p.field for p in problems} == {"date", "securities", "counsel"}


def test_reference_page_documents_every_field() -> None:
    page = schema_reference()
    for name in ExhibitMeta.model_fields:
        assert f"| `{name}` |" in page
    assert "`S-3ASR`" in page and "`POS AM`" in page
