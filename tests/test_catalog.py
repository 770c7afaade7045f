"""The catalog: indexes built once, checks across files, and relations between exhibits."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.catalog import co_issuers, load_catalog
from tests.conftest import exhibit_text


def front(**fields: str) -> str:
    base = {
        "exhibit": '"5.1"',
        "date": "2001-06-19",
        "issuer": "Example Holdings Inc.",
        "law_firm": "Doe & Roe LLP",
        "file_number": "333-90001",
        "securities": "1,000,000 shares of Common Stock",
    }
    base.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)


def load(tmp_path: Path, files: dict[str, str]):
    folder = tmp_path / "exhibits"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return load_catalog(tmp_path, sorted(folder.glob("*.md")))


def test_indexes_group_exhibits_by_every_facet(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "a.md": exhibit_text(front(form="S-4", governing_law="Delaware law")),
            "b.md": exhibit_text(
                front(
                    exhibit='"8.1"',
                    date="2003-01-02",
                    law_firm="Other LLP",
                    form="S-4",
                    file_number="333-90001",
                )
            ),
            "c.md": exhibit_text(
                front(issuer="Second Corp", date="2003-05-05", file_number="333-12345", form="S-3")
            ),
        },
    )
    assert result.problems == []
    cat = result.catalog
    slugs = list(cat.exhibits)
    assert [cat.exhibits[s].meta.date.isoformat() for s in slugs] == [
        "2003-05-05",
        "2003-01-02",
        "2001-06-19",
    ]  # newest first
    assert set(cat.groups["issuer"]) == {"example-holdings-inc", "second-corp"}
    assert len(cat.groups["issuer"]["example-holdings-inc"].slugs) == 2
    assert len(cat.groups["registration"]["333-90001"].slugs) == 2
    assert list(cat.groups["year"]) == ["2003", "2001"]
    assert set(cat.groups["form"]) == {"s-4", "s-3"}
    assert set(cat.groups["firm"]) == {"doe-roe-llp", "other-llp"}
    # related: same registration statement first
    a = next(s for s in slugs if cat.exhibits[s].path.endswith("a.md"))
    relations = dict(cat.related(a))
    assert [e.path for e in relations["registration"]] == ["exhibits/b.md"]


def test_duplicate_filings_are_withheld_naming_both_files(tmp_path: Path) -> None:
    text = exhibit_text(front())
    result = load(tmp_path, {"one.md": text, "two.md": text.replace("counsel.", "counsel!")})
    assert result.catalog.exhibits == {}
    conflicts = [p for p in result.problems if "conflict" in p.message]
    assert {p.path for p in conflicts} == {"exhibits/one.md", "exhibits/two.md"}
    assert all("exhibits/one.md" in str(p) or p.path == "exhibits/one.md" for p in conflicts)


def test_explicit_slug_collision(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "a.md": exhibit_text(front(slug="same")),
            "b.md": exhibit_text(front(issuer="Other Inc.", slug="same")),
        },
    )
    assert result.catalog.exhibits == {}
    assert len([p for p in result.problems if p.field == "slug"]) == 2


def test_supersedes_must_point_at_an_existing_exhibit(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "old.md": exhibit_text(front(slug="old-opinion")),
            "new.md": exhibit_text(
                front(date="2001-07-01", slug="new-opinion", supersedes="old-opinion")
            ),
            "bad.md": exhibit_text(front(date="2001-08-01", slug="bad", amends="no-such-exhibit")),
        },
    )
    assert set(result.catalog.exhibits) == {"old-opinion", "new-opinion"}
    [problem] = result.errors
    assert problem.path == "exhibits/bad.md" and problem.field == "amends"
    assert problem.line == 9  # the 'amends' line
    versions = dict(result.catalog.related("old-opinion"))["versions"]
    assert [e.slug for e in versions] == ["new-opinion"]


def test_invalid_files_do_not_hide_valid_ones(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "good.md": exhibit_text(front()),
            "bad.md": exhibit_text(front(date="2001-02-30", isuer="x")),
            "empty.md": "",
        },
    )
    assert len(result.catalog.exhibits) == 1
    assert {p.path for p in result.errors} == {"exhibits/bad.md", "exhibits/empty.md"}
    assert len([p for p in result.errors if p.path == "exhibits/bad.md"]) == 2


def test_confusable_names_are_reported(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "real.md": exhibit_text(front(issuer="Citigroup Inc.")),
            "fake.md": exhibit_text(front(issuer="\u0421itigroup Inc.", file_number="333-90002")),
        },
    )
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert any(p.path == "exhibits/fake.md" and "mixes scripts" in p.message for p in warnings)
    assert any(p.path == "exhibits/real.md" and "looks the same" in p.message for p in warnings)
    assert all(p.line == 4 for p in warnings)  # the issuer line


def test_files_outside_the_repository_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(exhibit_text(front()), encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "exhibits").mkdir(parents=True)
    (repo / "exhibits" / "link.md").symlink_to(outside)
    result = load_catalog(repo, [repo / "exhibits" / "link.md"])
    assert result.catalog.exhibits == {}
    [problem] = result.errors
    assert "outside the repository" in problem.message


def test_review_fields_are_warnings(tmp_path: Path) -> None:
    result = load(tmp_path, {"a.md": exhibit_text(front(review="[law_firm]"))})
    assert len(result.catalog.exhibits) == 1
    [warning] = result.problems
    assert warning.severity == "warning" and warning.field == "law_firm" and warning.line == 5


@pytest.mark.parametrize(
    "issuer, registrants",
    [
        ("Welltower Inc. and Welltower OP LLC", ["Welltower Inc.", "Welltower OP LLC"]),
        (
            "Vigil Neuroscience, Inc. and Vigil Sub, LLC",
            ["Vigil Neuroscience, Inc.", "Vigil Sub, LLC"],
        ),
        ("A, Inc., B LLC and C Corp.", ["A, Inc.", "B LLC", "C Corp."]),
        # one company whose name has "and" or a comma in it stays whole
        ("Johnson and Johnson Inc.", ["Johnson and Johnson Inc."]),
        ("Smith and Sons Inc.", ["Smith and Sons Inc."]),
        ("Citibank, N.A.", ["Citibank, N.A."]),
        (
            "Grupo Financiero Banamex Accival, S.A. de C.V.",
            ["Grupo Financiero Banamex Accival, S.A. de C.V."],
        ),
    ],
)
def test_a_letter_to_co_registrants_is_listed_under_each(
    issuer: str, registrants: list[str]
) -> None:
    assert co_issuers(issuer) == registrants
