"""Shared pieces of the hostile-input tests: a project holding one hostile file beside a
valid neighbour, planted canaries, one `exhibits check` and real `mkdocs build`s, and the
judgements every case shares (clear error, neighbour untouched, inert site, no leak).

The bad inputs live in tests/data/bad-inputs/ (a byte-for-byte copy of
../shared/bad-inputs/); CASES.tsv there says what each tries and what must happen.
"""

from __future__ import annotations

import csv
import glob
import os
import re
import secrets
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import (
    DATA,
    SHARED,
    VALID_FRONT_MATTER,
    exhibit_text,
    run_cli,
    run_mkdocs,
    write_project,
)
from tests.sitewalk import Finding, check_site

BAD = DATA / "bad-inputs" if (DATA / "bad-inputs" / "CASES.tsv").exists() else SHARED / "bad-inputs"


@dataclass(frozen=True)
class Case:
    file: str
    category: str
    tries: str
    expected: str

    @property
    def number(self) -> str:
        return self.file[:2]

    @property
    def raw(self) -> bytes:
        return (BAD / "cases" / self.file).read_bytes()

    def body(self) -> str | None:
        """The case's body (what follows its front matter), for body attacks."""
        try:
            text = self.raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = self.raw.decode("utf-16") if self.raw[:2] in (b"\xff\xfe", b"\xfe\xff") else None
        if text is None:
            return None
        text = text.replace("\r\n", "\n")
        match = re.match(r"---\n.*?\n---\n", text, re.DOTALL)
        return text[match.end() :] if match else None

    def __str__(self) -> str:
        return self.file


def load_cases() -> list[Case]:
    with open(BAD / "CASES.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [Case(r["file"], r["category"], r["what_it_tries"], r["expected"]) for r in rows]


CASES = load_cases() if (BAD / "CASES.tsv").exists() else []
BY_NUMBER = {c.number: c for c in CASES}


def hostile_front_matter(file_number: str = "333-90001", **replace: str) -> str:
    """The project's valid front matter with this case's own file number (and any values
    replaced), so a body attack reaches the renderer."""
    text = VALID_FRONT_MATTER.replace("333-90001", file_number)
    for key, value in replace.items():
        text = re.sub(
            rf"^{key}:.*$", lambda _m, k=key, v=value: f"{k}: {v}", text, flags=re.MULTILINE
        )
    return text


# A valid exhibit that shares nothing with the hostile files (issuer, counsel, firm, state,
# form, year, file number), so its page must come out byte for byte the same beside them.
NEIGHBOUR_FILE = "0-neighbour.md"
NEIGHBOUR_SLUG = "neighbour-industries-corp-ex-5-1-1999-03-04"
NEIGHBOUR = exhibit_text(
    """\
exhibit: "5.1"
date: 1999-03-04
issuer: Neighbour Industries Corp.
issuer_state: Ohio
counsel: Rita Roe
law_firm: Roe Partners LLP
form: S-3
file_number: 333-11111
securities: 2,000,000 shares of Common Stock, no par value
""",
    "Ladies and Gentlemen:\n\nWe have acted as counsel to the Company in connection with the "
    "Registration Statement.\n\nThe shares have been duly authorized.\n\nVery truly yours,\n",
)


@dataclass
class Canaries:
    """Secrets planted where a hostile file might reach: outside docs/, in a sibling
    folder whose name shares a prefix with docs, in the environment, in mkdocs.yml."""

    outside: str = field(default_factory=lambda: "CORPUS-CANARY-OUTSIDE-" + secrets.token_hex(6))
    sibling: str = field(default_factory=lambda: "CORPUS-CANARY-SIBLING-" + secrets.token_hex(6))
    env: str = field(default_factory=lambda: "CORPUS-CANARY-ENV-" + secrets.token_hex(6))
    config: str = field(default_factory=lambda: "CORPUS-CANARY-CONFIG-" + secrets.token_hex(6))

    @property
    def tokens(self) -> list[str]:
        # The shared prefix catches a token even if a test mixes them up.
        return [self.outside, self.sibling, self.env, self.config, "CORPUS-CANARY-"]

    def plant(self, project: Path) -> None:
        (project / "CANARY_OUTSIDE_DOCS.txt").write_text(self.outside + "\n", encoding="utf-8")
        (project / "docs_secret").mkdir(exist_ok=True)
        (project / "docs_secret" / "CANARY_SIBLING.txt").write_text(
            self.sibling + "\n", encoding="utf-8"
        )
        with open(project / "mkdocs.yml", "a", encoding="utf-8") as handle:
            handle.write(f"extra:\n  corpus_secret: {self.config}\n")


@dataclass
class Run:
    project: Path
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]
    strict: subprocess.CompletedProcess[str] | None

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def build_output(self) -> str:
        return self.build.stdout + self.build.stderr

    @property
    def check_output(self) -> str:
        return self.check.stdout + self.check.stderr

    def exhibit_slugs(self) -> set[str]:
        folder = self.site / "exhibits"
        return {p.parent.name for p in folder.glob("*/index.html")} if folder.is_dir() else set()

    def page(self, slug: str) -> bytes:
        return (self.site / "exhibits" / slug / "index.html").read_bytes()


def make_hostile_project(
    root: Path,
    files: dict[str, str | bytes],
    canaries: Canaries,
    neighbour: bool = True,
    options: str = "",
) -> Path:
    exhibits: dict[str, str | bytes] = {NEIGHBOUR_FILE: NEIGHBOUR} if neighbour else {}
    exhibits.update(files)
    project = write_project(root, exhibits, options)
    canaries.plant(project)
    return project


def run_all(
    project: Path, canaries: Canaries, *, strict: bool = False, timeout: float = 300
) -> Run:
    """`exhibits check`, a normal build and (optionally) a --strict build into another dir."""
    env_before = os.environ.get("CORPUS_CANARY_ENV")
    os.environ["CORPUS_CANARY_ENV"] = canaries.env
    try:
        check = run_cli("check", cwd=project, timeout=timeout)
        build = run_mkdocs(project, timeout=timeout)
        strict_run = None
        if strict:
            strict_run = subprocess.run(
                [*_mkdocs_cmd(project), "--strict", "-d", str(project / "site-strict")],
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=project,
                check=False,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"},
            )
    finally:
        if env_before is None:
            os.environ.pop("CORPUS_CANARY_ENV", None)
        else:
            os.environ["CORPUS_CANARY_ENV"] = env_before
    return Run(project, check, build, strict_run)


def _mkdocs_cmd(project: Path) -> list[str]:
    import sys

    return [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]


# ------------------------------------------------------------------------ judgements

# Raw control characters (ESC, BEL, NUL, C1) and bidi controls: they would spoof or hide
# text in a terminal or a CI log; messages must show them escaped (\x1b, \u202e).
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_OUTPUT = 64 * 1024  # bytes of output for a project holding one hostile file
MAX_LINE = 2000


def assert_clean_output(text: str, what: str, limit: int = MAX_OUTPUT) -> None:
    """No traceback, no raw control or bidi characters, bounded size and lines."""
    assert "Traceback" not in text, f"{what} shows a traceback:\n{text[-3000:]}"
    bad = _RAW_CONTROL.search(text)
    assert bad is None, (
        f"{what} echoes a raw control character U+{ord(bad.group()):04X}: "
        f"{text[max(0, bad.start() - 80) : bad.start() + 40]!r}"
    )
    assert len(text.encode("utf-8")) <= limit, f"{what} is {len(text)} characters long"
    long_line = max(text.splitlines() or [""], key=len)
    assert len(long_line) <= MAX_LINE, (
        f"{what} has a {len(long_line)}-character line: {long_line[:200]}..."
    )


def problem_lines(output: str, file: str) -> dict[int, list[str]]:
    """line -> messages naming `exhibits/<file>:<line>:<column>` in a check or build output."""
    found: dict[int, list[str]] = {}
    for match in re.finditer(rf"exhibits/{re.escape(file)}:(\d+):(\d+): (.*)", output):
        found.setdefault(int(match.group(1)), []).append(match.group(3))
    return found


def assert_names(output: str, file: str, lines: tuple[int, ...] = (), what: str = "") -> None:
    found = problem_lines(output, file)
    assert found, (
        f"{what or 'output'} does not name exhibits/{file}:<line>:<column>:\n{output[-3000:]}"
    )
    for line in lines:
        assert line in found, (
            f"{what or 'output'} does not name exhibits/{file}:{line}; "
            f"it names lines {sorted(found)}:\n{output[-3000:]}"
        )


def assert_inert(site: Path, canaries: Canaries, allowed: frozenset[str]) -> list[Finding]:
    findings = check_site(site, allowed, canaries.tokens)
    assert not findings, f"{len(findings)} finding(s) in the built site:\n" + "\n".join(
        map(str, findings[:40])
    )
    return findings


def pwned() -> list[str]:
    return glob.glob("/tmp/corpus-pwned-*")
