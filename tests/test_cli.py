"""The `exhibits` command as contributors and CI run it: output formats and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import REPO, VALID_FRONT_MATTER, exhibit_text, run_cli
from tests.sample_exhibits import SEED_FRONT_MATTER

pytestmark = pytest.mark.timeout(300)

# `path:line:column: field: message`, warnings marked after the position.
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?:warning: )?"
    r"(?P<field>[^:\s]+): (?P<message>.+)$"
)
GITHUB_LINE = re.compile(r"^::(?:error|warning) file=[^,:]+,line=\d+,col=\d+(?:,title=[^:]*)?::.+$")


# Broken files, each line numbered as the file is written (line 1 is the opening ---).
BROKEN = {
    "misspelt.md": exhibit_text(
        'exhibit: "5.1"\n'  # 2
        "date: 2001-06-19\n"  # 3
        "isuer: Example Holdings Inc.\n"  # 4
        "counsel: Jane Q. Doe\n"  # 5
        "securities: 1,000 shares\n"
    ),
    "dates-forms-and-norway.md": exhibit_text(
        'exhibit: "5.1"\n'  # 2
        "date: 2001-02-30\n"  # 3
        "issuer: Example Holdings Inc.\n"  # 4
        "counsel: Jane Q. Doe\n"  # 5
        "form: S4\n"  # 6
        "issuer_state: NO\n"  # 7
        "securities: 1,000 shares\n"
    ),
    "duplicate.md": exhibit_text(
        'exhibit: "5.1"\n'  # 2
        "date: 2001-06-19\n"  # 3
        "issuer: Example Holdings Inc.\n"  # 4
        "counsel: Jane Q. Doe\n"  # 5
        "issuer: Another Name Inc.\n"  # 6
        "securities: 1,000 shares\n"
    ),
    "missing.md": exhibit_text("issuer: Example Holdings Inc.\ncounsel: Jane Q. Doe\n"),
}


def problems(stdout: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in map(PROBLEM_LINE.match, stdout.splitlines()) if m]


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def no_traceback(result) -> None:  # noqa: ANN001
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_valid_files_exit_0(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "exhibits",
        {
            "valid.md": exhibit_text(),
            "seed.md": exhibit_text(SEED_FRONT_MATTER),
        },
    )
    result = run_cli("check", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert problems(result.stdout) == []
    assert "2 files" in result.stdout + result.stderr
    no_traceback(result)


def test_the_shipped_archive_passes_its_own_check() -> None:
    result = run_cli("check", "--format", "json", cwd=REPO)  # the folder set in mkdocs.yml
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["files"] == len(list((REPO / "exhibits").rglob("*.md"))) > 0
    assert report["errors"] == 0


def test_every_problem_of_every_file_in_one_run(tmp_path: Path) -> None:
    write(tmp_path / "exhibits", {**BROKEN, "valid.md": exhibit_text()})
    result = run_cli("check", "exhibits", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    no_traceback(result)
    found = problems(result.stdout)
    assert {p["path"] for p in found} == {f"exhibits/{name}" for name in BROKEN}
    at = {(p["path"].removeprefix("exhibits/"), p["field"]): p for p in found}

    misspelt = at[("misspelt.md", "isuer")]
    assert (misspelt["line"], misspelt["column"]) == ("4", "1")
    assert "did you mean 'issuer'" in misspelt["message"]

    date = at[("dates-forms-and-norway.md", "date")]
    assert (date["line"], date["column"]) == ("3", "7")
    assert "2001-02-30" in date["message"] and "expected" in date["message"]

    form = at[("dates-forms-and-norway.md", "form")]
    assert (form["line"], form["column"]) == ("6", "7")
    assert "S-4" in form["message"] and "'S4'" in form["message"]

    norway = at[("dates-forms-and-norway.md", "issuer_state")]
    assert (norway["line"], norway["column"]) == ("7", "15")
    assert "quote" in norway["message"].lower() and "NO" in norway["message"]

    duplicate = at[("duplicate.md", "issuer")]
    assert duplicate["line"] == "6"
    assert "duplicate" in duplicate["message"] and "line 4" in duplicate["message"]

    missing = {field for path, field in at if path == "missing.md"}
    assert {"exhibit", "date", "securities"} <= missing

    # The shape promised to contributors: (expected X, found Y) where there is a value.
    assert re.search(r"\(expected .+, found '2001-02-30'\)", date["message"])
    assert re.search(r"\(expected .+, found 'S4'\)", form["message"])


def test_paths_are_reported_as_given_and_lines_count_from_the_file_start(tmp_path: Path) -> None:
    # Blank lines and comments before a bad value move it down; the report follows.
    text = exhibit_text("# a comment\n\n" + VALID_FRONT_MATTER.replace("2001-06-19", "2001-13-01"))
    write(tmp_path / "nested" / "deeper", {"late.md": text})
    result = run_cli("check", "nested", cwd=tmp_path)
    assert result.returncode == 1
    [problem] = problems(result.stdout)
    assert problem["path"] == "nested/deeper/late.md"
    assert (problem["line"], problem["field"]) == ("5", "date")


def test_check_reads_the_exhibits_folder_from_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - search\n  - exhibits:\n      exhibits_dir: opinions\n",
        encoding="utf-8",
    )
    write(tmp_path / "opinions", {"bad.md": BROKEN["misspelt.md"]})
    write(tmp_path / "exhibits", {"ignored.md": BROKEN["missing.md"]})
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert {p["path"] for p in problems(result.stdout)} == {"opinions/bad.md"}


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "xml"),
        ("check", "no-such-folder"),
        ("check", "--no-such-option"),
        ("frobnicate",),
        (),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip()
    no_traceback(result)


def test_json_format(tmp_path: Path) -> None:
    write(tmp_path / "exhibits", {**BROKEN, "valid.md": exhibit_text()})
    result = run_cli("check", "--format", "json", "exhibits", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["files"] == len(BROKEN) + 1
    assert report["errors"] == sum(p["severity"] == "error" for p in report["problems"]) > 0
    text = run_cli("check", "exhibits", cwd=tmp_path)
    assert len(report["problems"]) == len(problems(text.stdout))
    for p in report["problems"]:
        assert {"path", "line", "column", "field", "message", "expected", "found"} <= set(p)
        assert isinstance(p["line"], int) and p["line"] >= 1
    date = next(p for p in report["problems"] if p["field"] == "date" and p["found"])
    assert (date["path"], date["line"], date["column"]) == (
        "exhibits/dates-forms-and-norway.md",
        3,
        7,
    )


def test_github_format(tmp_path: Path) -> None:
    write(tmp_path / "exhibits", BROKEN)
    result = run_cli("check", "--format", "github", "exhibits", cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith("::notice")]
    assert lines and all(GITHUB_LINE.match(line) for line in lines), lines
    assert any(
        line.startswith("::error file=exhibits/dates-forms-and-norway.md,line=3,col=7")
        for line in lines
    )


def test_hostile_inputs_never_crash_the_checker(shared_dir: Path, tmp_path: Path) -> None:
    result = run_cli("check", str(shared_dir / "bad-inputs" / "cases"), cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    no_traceback(result)
    assert "\x1b" not in result.stdout + result.stderr  # terminal escapes are shown, not sent
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines and all(PROBLEM_LINE.match(line) for line in lines), [
        line for line in lines if not PROBLEM_LINE.match(line)
    ]


# -- exhibits schema ---------------------------------------------------------------------


def front_matter_of(text: str) -> dict:
    """The front matter as an editor's YAML language server sees it (dates as strings)."""
    block = text.split("---\n", 2)[1]

    def plain(value):  # noqa: ANN001, ANN202
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return plain(yaml.safe_load(block))


@pytest.fixture(scope="module")
def printed_schema() -> dict:
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_schema_accepts_real_exhibits(printed_schema: dict) -> None:
    validator = jsonschema.Draft202012Validator(printed_schema)
    texts = {"the founding exhibit": exhibit_text(SEED_FRONT_MATTER)}
    texts |= {
        p.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "exhibits").glob("*.md"))
    }
    for name, text in texts.items():
        errors = [e.message for e in validator.iter_errors(front_matter_of(text))]
        assert errors == [], f"{name}: {errors}"


def test_schema_rejects_a_broken_exhibit(printed_schema: dict) -> None:
    validator = jsonschema.Draft202012Validator(printed_schema)
    broken = front_matter_of(exhibit_text(SEED_FRONT_MATTER))
    broken["isuer"] = broken.pop("issuer")
    broken["exhibit"] = 5.1
    broken["file_number"] = "62144"
    messages = " | ".join(e.message for e in validator.iter_errors(broken))
    assert "'issuer' is a required property" in messages
    assert "isuer" in messages  # unknown key
    assert "5.1 is not of type 'string'" in messages
    assert "62144" in messages


# -- exhibits new ------------------------------------------------------------------------

NEW_ARGS = (
    "new",
    "--no-input",
    "--issuer",
    "Example Holdings Inc.",
    "--exhibit",
    "5.1",
    "--date",
    "2001-06-19",
    "--counsel",
    "Jane Q. Doe",
    "--securities",
    "1,000,000 shares of Common Stock",
    "--form",
    "S-4",
    "--file-number",
    "333-90001",
    "--issuer-state",
    "NO",
)


def test_new_writes_a_file_that_passes_check(tmp_path: Path) -> None:
    result = run_cli(*NEW_ARGS, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    written = tmp_path / result.stdout.strip().splitlines()[-1]
    assert written.is_file() and written.parent == tmp_path / "exhibits"
    check = run_cli("check", str(written.relative_to(tmp_path)), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    meta = front_matter_of(written.read_text(encoding="utf-8"))
    assert meta["issuer_state"] == "NO"  # written quoted, so it stays a string
    assert meta["file_number"] == "333-90001" and meta["exhibit"] == "5.1"


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    first = run_cli(*NEW_ARGS, cwd=tmp_path)
    written = tmp_path / first.stdout.strip().splitlines()[-1]
    written.write_text(
        written.read_text(encoding="utf-8") + "\nCounsel's own words.\n", encoding="utf-8"
    )
    before = written.read_bytes()
    again = run_cli(*NEW_ARGS, cwd=tmp_path)
    assert again.returncode != 0
    assert "--force" in again.stderr
    assert written.read_bytes() == before
    forced = run_cli(*NEW_ARGS, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert written.read_bytes() != before


def test_new_without_a_required_value_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("new", "--no-input", "--issuer", "Example Holdings Inc.", cwd=tmp_path)
    assert result.returncode == 2
    assert "--exhibit" in result.stderr
    assert not (tmp_path / "exhibits").exists()
    no_traceback(result)


def test_new_refuses_invalid_values(tmp_path: Path) -> None:
    args = list(NEW_ARGS)
    args[args.index("S-4")] = "S4"
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert "S-4" in result.stderr  # the did-you-mean
    assert not list(tmp_path.rglob("*.md"))


def test_bodies_reports_what_a_build_would_remove(tmp_path: Path) -> None:
    """`--bodies` renders the opinion texts: their problems show before any build, with the
    file and line, the metadata problems too; without it only files and metadata count."""
    body = (
        "Ladies and Gentlemen:\n\n"
        "We have acted as counsel.\n\n"
        "<script>alert(1)</script>\n\n"
        "See [the filing](javascript:alert(1)).\n"
    )
    files = {"hostile.md": exhibit_text(body=body), "ok.md": exhibit_text(SEED_FRONT_MATTER)}
    write(tmp_path / "exhibits", files)
    plain = run_cli("check", "exhibits", cwd=tmp_path)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert problems(plain.stdout) == []
    result = run_cli("check", "--bodies", "exhibits", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    found = problems(result.stdout)
    assert found and all(p["path"].endswith("hostile.md") for p in found), result.stdout
    body_start = exhibit_text(body=body).split("\n").index("Ladies and Gentlemen:") + 1
    lines = {int(p["line"]) for p in found}
    assert body_start + 4 in lines, result.stdout  # the <script> line
    assert body_start + 6 in lines, result.stdout  # the javascript: link


def test_the_shipped_archive_passes_the_body_check() -> None:
    result = run_cli("check", "--bodies", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["errors"] == 0
