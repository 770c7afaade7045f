"""Contributor tooling: GitHub annotations from `exhibits check`, the workflows, the
pre-commit hook. Each file is parsed as the tool that reads it would."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, exhibit_text, run_cli, write_project

pytestmark = pytest.mark.timeout(300)

# A workflow command: ::level key=value,key=value::message (GitHub Actions documentation).
ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _unescape(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def _annotations(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in stdout.splitlines():
        match = ANNOTATION.match(line)
        assert match, f"not a workflow command: {line!r}"
        level, props, message = match.groups()
        fields = dict(p.split("=", 1) for p in props.split(",")) if props else {}
        out.append((level, {k: _unescape(v) for k, v in fields.items()}, _unescape(message)))
    return out


def test_github_format_puts_each_problem_on_its_line(tmp_path: Path) -> None:
    bad = (
        exhibit_text()
        .replace("date: 2001-06-19", "date: 2001-13-45")
        .replace("form: S-4", "form: S-99")
    )
    root = write_project(
        tmp_path / "p", {"bad, name: 100%.md": bad, "fine.md": exhibit_text().replace("5.1", "5.2")}
    )
    as_json = run_cli("check", "--format", "json", cwd=root)
    problems = json.loads(as_json.stdout)["problems"]
    result = run_cli("check", "--format", "github", cwd=root)
    assert result.returncode == 1
    annotations = _annotations(result.stdout)
    *findings, (level, props, summary) = annotations
    assert level == "notice" and props == {} and summary.startswith("checked 2 files: ")
    assert len(findings) == len(problems) >= 2
    for (level, props, message), problem in zip(findings, problems, strict=True):
        assert level == problem["severity"]
        assert props["file"] == "exhibits/bad, name: 100%.md" == problem["path"]
        assert (int(props["line"]), int(props["col"])) == (problem["line"], problem["column"])
        assert props["title"] == f"exhibits: {problem['field']}"
        assert problem["message"] in message and "\n" not in message
    lines = {int(props["line"]) for _, props, _ in findings}
    assert lines == {3, 8}  # date is on line 3 of the file, form on line 8


def _workflow(name: str) -> dict:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads a bare `on` as true
    return data


def _commands(workflow: dict) -> list[str]:
    return [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]


def test_pull_request_workflow_checks_and_builds_strictly() -> None:
    workflow = _workflow("check.yml")
    assert "pull_request" in workflow["on"]
    commands = _commands(workflow)
    assert "exhibits check --bodies --format github" in commands
    assert any(shlex.split(c)[:3] == ["mkdocs", "build", "--strict"] for c in commands)
    assert any("pip install" in c for c in commands)


def test_pages_workflow_deploys_main() -> None:
    workflow = _workflow("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    assert any(c.startswith("mkdocs build --strict") for c in _commands(workflow))
    uses = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_pre_commit_hook_definition_and_local_config(tmp_path: Path) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "exhibits-check")
    assert hook["entry"] == "exhibits check --bodies" and hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search("exhibits/citigroup-inc-ex-5-1.md")
    assert not files.search("docs/index.md") and not files.search("exhibits/notes.txt")
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = next(r for r in config["repos"] if r["repo"] == "local")
    mine = next(h for h in local["hooks"] if h["id"] == "exhibits-check")
    assert (mine["entry"], mine["files"]) == (hook["entry"], hook["files"])

    # What pre-commit runs: the entry, with the staged files that match `files`.
    root = write_project(
        tmp_path / "p", {"good.md": exhibit_text(), "bad.md": "---\nexhibit: 5.1\n---\n"}
    )
    entry = shlex.split(hook["entry"])
    assert entry[0] == "exhibits"
    good = run_cli(*entry[1:], "exhibits/good.md", cwd=root)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = run_cli(*entry[1:], "exhibits/good.md", "exhibits/bad.md", cwd=root)
    assert bad.returncode == 1 and "exhibits/bad.md:2:" in bad.stdout


def test_readme_documents_every_plugin_option() -> None:
    """The README's option table is what site owners read: no option may be missing from it,
    nor any it lists be gone from the plugin."""
    from plugins.mkdocs_plugin import ExhibitsConfig

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The MkDocs plugin", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))
    assert documented == {name for name, _ in ExhibitsConfig._schema}
