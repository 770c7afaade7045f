"""Issue 6 beyond the list: the bad inputs are a sample, and the archive meets files that are
not in it. Each test here is a kind of hostile or broken contribution, run through
`exhibits check` and a real `mkdocs build` of a temporary project (tests/hostile.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import exhibit_text, run_cli, run_mkdocs, write_project
from tests.hostile import (
    BY_NUMBER,
    CASES,
    NEIGHBOUR,
    NEIGHBOUR_FILE,
    NEIGHBOUR_SLUG,
    Canaries,
    assert_clean_output,
    assert_inert,
    assert_names,
    hostile_front_matter,
    make_hostile_project,
    problem_lines,
    pwned,
    run_all,
)
from tests.sitewalk import theme_scripts


def valid(number: int, issuer: str | None = None, extra: str = "", body: str | None = None) -> str:
    """A valid exhibit of its own (distinct file number and issuer: no conflicts)."""
    front = hostile_front_matter(f"333-8{number:04d}", issuer=f'"{issuer or f"Issuer {number}"}"')
    return exhibit_text(front + extra) if body is None else exhibit_text(front + extra, body)


def tree(root: Path, skip: tuple[str, ...] = ("site", "site-strict")) -> dict[str, bytes]:
    """Every file under `root` (not following links) with its bytes, except build output."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if set(rel.parts[:2]) & set(skip) or path.is_dir() or path.is_symlink():
            continue
        out[rel.as_posix()] = path.read_bytes()
    return out


# ------------------------------------------------------------------ files and folders


@pytest.mark.timeout(300)
def test_symbolic_links_out_of_the_repository_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = "CORPUS-CANARY-LINKED-FILE"
    (outside / "secret.md").write_text(valid(1, body=f"{secret}\n"), encoding="utf-8")
    (outside / "more.md").write_text(valid(2, body=f"{secret}\n"), encoding="utf-8")
    canaries = Canaries()
    project = make_hostile_project(tmp_path / "project", {}, canaries)
    exhibits = project / "exhibits"
    os.symlink(outside / "secret.md", exhibits / "link.md")
    os.symlink("/etc/passwd", exhibits / "passwd.md")
    os.symlink(outside, exhibits / "linked-folder")
    os.symlink(exhibits, exhibits / "loop")
    os.symlink(exhibits / "missing.md", exhibits / "dangling.md")
    run = run_all(project, canaries, strict=True)
    assert_clean_output(run.check_output, "exhibits check")
    assert run.check.returncode == 1
    for name in ("link.md", "passwd.md", "linked-folder", "loop", "dangling.md"):
        assert_names(run.check_output, name, (1,), "exhibits check")
        assert_names(run.build_output, name, (1,), "mkdocs build")
    messages = run.check_output
    assert "points outside the repository" in messages and "not followed" in messages
    assert run.build.returncode == 0 and run.exhibit_slugs() == {NEIGHBOUR_SLUG}
    assert run.strict is not None and run.strict.returncode == 1
    assert_inert(run.site, canaries, theme_scripts(run.site))
    for file in run.site.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert secret.encode() not in data and b"root:x:0:" not in data, file


ODD_NAMES = [
    "space name.md",
    "ünïcödé.md",
    "日本語.md",
    "-rf.md",
    "--help.md",
    ".hidden.md",
    "evil\x1b[31mred.md",
    "new\nline.md",
    "tab\there.md",
    "bidi\u202efdp.md",
    "<img src=x onerror=alert('XSS-99-1')>.md",
    "quote'\"`.md",
    "semi;colon&amp.md",
    "percent%2e%2e%2f.md",
    "back\\slash.md",
    "x" * 200 + ".md",
    "a.md.md",
    "CON.md",
]


@pytest.mark.timeout(300)
def test_file_names_with_odd_characters(tmp_path: Path) -> None:
    """Names are shown escaped in messages, never reach the site as markup, and do not
    change what is published (slugs come from the metadata)."""
    canaries = Canaries()
    files: dict[str, str | bytes] = {}
    for number, name in enumerate(ODD_NAMES, start=1):
        files[name] = valid(number)
    files["broken\x1b]8;;evil.example\x07name.md"] = "---\nissuer: [\n---\n"
    project = make_hostile_project(tmp_path / "project", files, canaries)
    (project / "exhibits" / os.fsdecode(b"latin1-\xe9.md")).write_text(valid(90), encoding="utf-8")
    run = run_all(project, canaries)
    assert_clean_output(run.check_output, "exhibits check")
    assert_clean_output(run.build_output, "mkdocs build")
    assert run.check.returncode == 1  # only the broken one
    assert "broken\\x1b]8;;evil.example\\x07name.md:" in run.check_output
    assert len(run.exhibit_slugs()) == len(ODD_NAMES) + 2, run.build_output
    assert_inert(run.site, canaries, theme_scripts(run.site))


# ------------------------------------------------------------ slugs, aliases, options


@pytest.mark.timeout(300)
def test_slugs_and_aliases_cannot_leave_the_site(tmp_path: Path) -> None:
    canaries = Canaries()
    bad = valid(
        1,
        extra='slug: "../../../etc/cron.d/evil"\naliases: ["../index", "/abs", '
        '"a/b", "C:\\\\x", "..", "%2e%2e", "index\\u0000", "-"]\n',
    )
    windows = valid(2, extra='slug: "..\\\\..\\\\evil"\n')
    taken = valid(3, extra='aliases: ["index", "exhibits"]\n')
    ok = valid(4, extra='aliases: ["an-old-name"]\n')
    project = make_hostile_project(
        tmp_path / "project",
        {"bad.md": bad, "windows.md": windows, "taken.md": taken, "ok.md": ok},
        canaries,
    )
    before = tree(project.parent)
    run = run_all(project, canaries, strict=True)
    assert_clean_output(run.check_output, "exhibits check")
    assert run.check.returncode == 1
    assert_names(run.check_output, "bad.md", (11, 12), "exhibits check")
    assert_names(run.check_output, "windows.md", (11,), "exhibits check")
    for message in problem_lines(run.check_output, "bad.md")[12]:
        assert "badly formed" in message, message
    after = tree(project.parent)
    changed = sorted(k for k in set(after) | set(before) if after.get(k) != before.get(k))
    assert not changed, f"the build wrote outside its site folder: {changed}"
    assert run.build.returncode == 0
    # The good alias redirects; aliases that would replace a real page do not.
    assert (run.site / "exhibits" / "an-old-name").exists() or (
        run.site / "exhibits" / "an-old-name.html"
    ).exists()
    assert b"All exhibits" in (run.site / "exhibits" / "index.html").read_bytes(), (
        "an alias replaced the list of all exhibits"
    )
    for path in run.site.rglob("*"):
        assert path.resolve().is_relative_to(run.site.resolve()), path
    assert_inert(run.site, canaries, theme_scripts(run.site))


@pytest.mark.timeout(300)
def test_contributed_names_cannot_replace_archive_pages(tmp_path: Path) -> None:
    """`slug: index` would be exhibits/index.md (the list of all exhibits); an issuer named
    "INDEX" would be issuers/index.md (the list of issuers). Neither may replace them."""
    canaries = Canaries()
    names = (
        'issuer: "INDEX"\ncounsel: "Index"\nlaw_firm: "index"\nissuer_state: "Index"\n'
        'governing_law: ["Index"]\ntransaction:\n  agreement: "Index"\n  parties: ["Index"]\n'
    )
    front = "\n".join(
        line
        for line in hostile_front_matter("333-80001").splitlines()
        if not line.startswith(("issuer:", "counsel:", "law_firm:", "issuer_state:"))
    )
    files: dict[str, str | bytes] = {
        "slug-index.md": valid(2, extra="slug: index\n"),
        "alias-index.md": valid(3, extra="aliases: [index]\n"),
        "named-index.md": exhibit_text(front + "\n" + names),
    }
    project = make_hostile_project(tmp_path / "project", files, canaries)
    run = run_all(project, canaries)
    assert run.check.returncode == 1
    assert_names(run.check_output, "slug-index.md", (11,), "exhibits check")
    assert_names(run.check_output, "alias-index.md", (11,), "exhibits check")
    assert "named-index.md" not in run.check_output, run.check_output
    assert "replaces a file" not in run.build_output, run.build_output
    listing = (run.site / "exhibits" / "index.html").read_text(encoding="utf-8")
    assert "All exhibits" in listing and "Neighbour Industries Corp." in listing
    for folder, neighbour in (
        ("issuers", "Neighbour Industries Corp."),
        ("counsel", "Rita Roe"),
        ("law-firms", "Roe Partners LLP"),
        ("states", "Ohio"),
    ):
        page = (run.site / folder / "index.html").read_text(encoding="utf-8")
        assert neighbour in page, f"{folder}/index.html lost its list"
        assert "INDEX" in page or "Index" in page or "index" in page
    assert_inert(run.site, canaries, theme_scripts(run.site))


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "folder", ["../..", "/", ".", "/etc", "C:\\\\Windows", "exhibits/../..", "link-out"]
)
def test_hostile_exhibits_dir_option_is_refused(tmp_path: Path, folder: str) -> None:
    project = write_project(
        tmp_path / "project",
        {"a.md": NEIGHBOUR},
        options=f"\n      exhibits_dir: '{folder}'".replace("exhibits{", ""),
    )
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        text.replace("  - exhibits\n", f"  - exhibits:\n      exhibits_dir: '{folder}'\n"),
        encoding="utf-8",
    )
    os.symlink(tmp_path, project / "link-out")
    check = run_cli("check", cwd=project, timeout=60)
    assert check.returncode == 2, check.stdout + check.stderr
    assert "exhibits_dir" in check.stderr
    build = run_mkdocs(project, timeout=60)
    output = build.stdout + build.stderr
    assert build.returncode == 1 and "exhibits_dir" in output, output
    assert_clean_output(check.stdout + check.stderr, "exhibits check")
    assert_clean_output(output, "mkdocs build")


# --------------------------------------------------------------------- YAML and sizes


def _keys(count: int) -> list[str]:
    names = (
        "".join(t)
        for n in itertools.count(1)
        for t in itertools.product(string.ascii_lowercase, repeat=n)
    )
    return list(itertools.islice(names, count))


SIZE_CASES = {
    "alias-bomb.md": (
        '---\nexhibit: "5.1"\na: &a ["lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n"
            for p, k in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "---\nbody\n",
        "YAML anchors",
    ),
    "merge-bomb.md": ("---\nbase: &b {issuer: x}\nother:\n  <<: *b\n---\nbody\n", "anchors"),
    "huge-front-matter.md": (
        '---\nissuer: "' + "A" * (2 << 20) + '"\n---\nbody\n',
        "front matter is too large",
    ),
    "ten-thousand-keys.md": (
        "---\n" + "".join(f"{k}:\n" for k in _keys(10_000)) + "---\nb\n",
        "more problems in this file not shown",
    ),
    "five-megabytes.md": (
        valid(5, body="Lorem ipsum dolor sit amet. " * 190_000),
        "file is too large",
    ),
    "deep-mapping.md": (
        "---\nissuer:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 100)) + "---\nb\n",
        "nested too deeply",
    ),
    "deep-flow.md": ("---\nissuer: " + "{a: " * 10_000 + "\n---\nb\n", "nested too deeply"),
    "many-documents.md": ("---\nissuer: x\n--- \nissuer: y\n---\nb\n", ""),
    "long-key.md": ("---\n" + "k" * 60_000 + ": 1\n---\nb\n", "must be a mapping"),
    "tabs.md": ('---\nexhibit:\t"5.1"\n\tissuer: x\n---\nb\n', "invalid YAML"),
    # one file must not fan out into thousands of browse pages (one per party)
    "many-parties.md": (
        valid(
            9,
            extra="transaction:\n  agreement: Merger\n  parties: ["
            + ", ".join(f"P{k}" for k in _keys(3000))
            + "]\n",
        ),
        "too many entries",
    ),
    "binary.md": (bytes(range(256)) * 64, "not valid UTF-8"),
    "utf16-be.md": ("\ufeff" + valid(6)).encode("utf-16-be"),
    "utf8-bom-crlf.md": (b"\xef\xbb\xbf" + valid(7).replace("\n", "\r\n").encode()),
    "cr-only.md": valid(8).replace("\n", "\r").encode(),
    "lone-surrogate.md": (b"---\nissuer: \xed\xa0\x80\n---\n", "not valid UTF-8"),
    "overlong-utf8.md": (b"---\nissuer: \xc0\xaf\n---\n", "not valid UTF-8"),
}


@pytest.mark.timeout(600)
def test_sizes_bombs_and_encodings_in_one_run(tmp_path: Path) -> None:
    """All of them together: every file gets its own clear message, the output stays small,
    the valid neighbour and the acceptable encodings are published, nothing crashes."""
    canaries = Canaries()
    files = {
        name: spec[0] if isinstance(spec, tuple) else spec for name, spec in SIZE_CASES.items()
    }
    project = make_hostile_project(tmp_path / "project", files, canaries)
    run = run_all(project, canaries)
    assert_clean_output(run.check_output, "exhibits check", limit=256 * 1024)
    assert_clean_output(run.build_output, "mkdocs build", limit=256 * 1024)
    assert run.check.returncode == 1
    for name, spec in SIZE_CASES.items():
        if isinstance(spec, tuple):
            assert_names(run.check_output, name, what="exhibits check")
            assert_names(run.build_output, name, what="mkdocs build")
            messages = " ".join(
                m for ms in problem_lines(run.check_output, name).values() for m in ms
            )
            assert spec[1] in messages, f"{name}: {messages[:500]}"
            assert len(problem_lines(run.check_output, name)) <= 51
    published = run.exhibit_slugs()
    assert NEIGHBOUR_SLUG in published
    for number in (6, 7, 8):  # UTF-16 with BOM, UTF-8 with BOM and CRLF, old Mac CR
        assert f"issuer-{number}-ex-5-1-2001-06-19" in published, run.check_output
    assert_inert(run.site, canaries, theme_scripts(run.site))


@pytest.mark.timeout(900)
def test_every_bad_input_at_once(tmp_path: Path) -> None:
    """One run with all the bad inputs beside valid exhibits: one bad file never hides
    another, every rejected file is named, the valid ones are published."""
    from tests.test_hostile_site import REJECTED

    canaries = Canaries()
    files: dict[str, str | bytes] = {c.file: c.raw for c in CASES}
    files.update({f"valid-{n}.md": valid(n) for n in (1, 2, 3)})
    project = make_hostile_project(tmp_path / "project", files, canaries)
    run = run_all(project, canaries, strict=True)
    assert_clean_output(run.check_output, "exhibits check", limit=512 * 1024)
    assert_clean_output(run.build_output, "mkdocs build", limit=512 * 1024)
    assert run.check.returncode == 1 and run.build.returncode == 0
    assert run.strict is not None and run.strict.returncode == 1
    for number, (lines, _) in REJECTED.items():
        assert_names(run.check_output, BY_NUMBER[number].file, lines, "exhibits check")
        assert_names(run.build_output, BY_NUMBER[number].file, lines, "mkdocs build")
    for number in ("59", "60"):
        assert_names(run.check_output, BY_NUMBER[number].file, what="exhibits check")
    published = run.exhibit_slugs()
    assert {NEIGHBOUR_SLUG, *(f"issuer-{n}-ex-5-1-2001-06-19" for n in (1, 2, 3))} <= published
    assert NEIGHBOUR_FILE not in run.check_output
    assert_inert(run.site, canaries, theme_scripts(run.site))
    assert not pwned()


# ------------------------------------------------------------------------- Unicode


@pytest.mark.timeout(300)
def test_unicode_tricks_in_names(tmp_path: Path) -> None:
    canaries = Canaries()
    files = {
        "real.md": valid(1, "Citigroup Inc."),
        "cyrillic.md": valid(2, "\u0421itigroup Inc."),  # Cyrillic capital Es
        # Greek small omicron; another exhibit number, as its slug transliterates to the
        # real one's (that alone would be a conflict withholding both)
        "greek.md": valid(3, "Citigr\u03bfup Inc.").replace('exhibit: "5.1"', 'exhibit: "5.2"'),
        "zero-width.md": valid(4, "Citi\u200bgroup Inc."),
        "tag-chars.md": valid(5, "Citigroup\U000e0049\U000e0047\U000e004e Inc."),
        "bidi.md": valid(6, "Citigroup \u202eInc."),
        "isolate.md": valid(7, "Citigroup \u2067Inc.\u2069"),
        "hangul-filler.md": valid(8, "Citigroup\u3164Inc."),
        "line-separator.md": valid(9, "Citigroup\u2028Inc."),
    }
    project = make_hostile_project(tmp_path / "project", files, canaries)
    run = run_all(project, canaries, strict=True)
    assert_clean_output(run.check_output, "exhibits check")
    assert "\u202e" not in run.check_output and "\u2067" not in run.check_output
    for name in (
        "zero-width.md",
        "tag-chars.md",
        "bidi.md",
        "isolate.md",
        "hangul-filler.md",
        "line-separator.md",
    ):
        messages = " ".join(m for ms in problem_lines(run.check_output, name).values() for m in ms)
        assert ("invisible" in messages or "bidi" in messages) and "issuer" in messages, (
            f"{name}: {messages}"
        )
        assert not messages.startswith("warning"), messages
    for name, other in (("cyrillic.md", "Citigroup Inc."), ("greek.md", "Citigroup Inc.")):
        messages = " ".join(m for ms in problem_lines(run.check_output, name).values() for m in ms)
        assert "warning" in messages and "mixes scripts" in messages and other in messages, messages
        assert f"use '{other}'" in messages, messages
    real = " ".join(m for ms in problem_lines(run.check_output, "real.md").values() for m in ms)
    assert "use '\u0421itigroup" not in real, "the suggestion points at the look-alike"
    assert run.strict is not None and run.strict.returncode == 1
    assert run.build.returncode == 0
    assert_inert(run.site, canaries, theme_scripts(run.site))


# --------------------------------------------------------------------- determinism


def _build(project: Path, out: Path, **env: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.mark.timeout(600)
def test_the_same_input_builds_byte_identical_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two checkouts at different paths, files written in different orders, built twice:
    every output file is byte-identical, and the build date appears nowhere (sitemap dates
    come from the exhibits; SOURCE_DATE_EPOCH, when set, is used instead)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    files: dict[str, str | bytes] = {
        "a.md": NEIGHBOUR,
        "b.md": valid(1, "Citigroup Inc."),
        "c.md": valid(2, "Zeta Corp."),
        "d.md": BY_NUMBER["15"].raw if BY_NUMBER else valid(3),
        "e.md": valid(4, "Alpha & Omega, Inc.", extra="aliases: [alpha-old]\n"),
    }
    one = write_project(tmp_path / "one", files)
    two = write_project(tmp_path / "a-different" / "checkout", dict(reversed(files.items())))
    _build(one, tmp_path / "out-1")
    _build(two, tmp_path / "out-2")
    _build(one, tmp_path / "out-3")
    first, second, third = (_files(tmp_path / f"out-{n}") for n in (1, 2, 3))
    assert first.keys() == second.keys() == third.keys()
    differ = sorted(k for k in first if not first[k] == second[k] == third[k])
    assert not differ, f"files differ between identical builds: {differ}"
    today = dt.date.today().isoformat().encode()
    assert not [k for k, v in first.items() if today in v], "the build date is in the output"
    assert str(tmp_path).encode() not in b"".join(first.values()), "a local path leaked"
    _build(one, tmp_path / "out-epoch", SOURCE_DATE_EPOCH="978307200")
    assert b"<lastmod>2001-01-01</lastmod>" in (tmp_path / "out-epoch" / "sitemap.xml").read_bytes()


# --------------------------------------------------------------- never overwrite


@pytest.mark.timeout(300)
def test_new_and_import_never_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "exhibits"
    args = [
        "new",
        "--no-input",
        "--issuer",
        "Acme Widgets Corp.",
        "--exhibit",
        "5.1",
        "--date",
        "1999-03-03",
        "--law-firm",
        "Doe & Roe LLP",
        "--securities",
        "2,500,000 shares of Common Stock",
        "--out",
        str(out),
    ]
    first = run_cli(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    [target] = out.glob("*.md")
    target.write_text(target.read_text(encoding="utf-8") + "\nHAND EDIT\n", encoding="utf-8")
    again = run_cli(*args, cwd=tmp_path)
    assert again.returncode == 1 and "--force" in again.stderr
    assert "HAND EDIT" in target.read_text(encoding="utf-8")
    forced = run_cli(*args, "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "HAND EDIT" not in target.read_text(encoding="utf-8")
    assert [p.name for p in out.iterdir()] == [target.name], "a temporary file was left behind"

    help_text = run_cli("import", "--help", cwd=tmp_path)
    if help_text.returncode != 0:
        pytest.fail("`exhibits import` is missing")
    source = tmp_path / "ex5.txt"
    source.write_text(IMPORT_LETTER, encoding="utf-8")
    imported = run_cli("import", str(source), "--out", str(out), cwd=tmp_path)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    written = sorted(set(out.glob("*.md")) - {target})
    assert len(written) == 1, written
    written[0].write_text(
        written[0].read_text(encoding="utf-8") + "\nHAND EDIT\n", encoding="utf-8"
    )
    again = run_cli("import", str(source), "--out", str(out), cwd=tmp_path)
    assert again.returncode == 1 and "--force" in again.stdout + again.stderr
    assert "HAND EDIT" in written[0].read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


IMPORT_LETTER = """\
                                                                 EXHIBIT 5.1

                                                              March 3, 1998

Zenith Tools Corp.
100 Main Street
Springfield, Illinois  62701

Ladies and Gentlemen:

     We have acted as counsel to Zenith Tools Corp., an Illinois corporation (the
"Company"), in connection with the Registration Statement on Form S-8 (File No.
333-70002) relating to 1,000,000 shares of the Company's Common Stock, no par value
(the "Shares").

     Based upon the foregoing, we are of the opinion that the Shares have been duly
authorized and, when issued, will be validly issued, fully paid and nonassessable.

                                        Very truly yours,

                                        /s/ Doe & Roe LLP
"""


# ------------------------------------------------------------------------ time bound

WORST_BODIES = {
    # The renderer's own budgets (size, markup, nesting, raw HTML) bound the work per file;
    # these sit just under or over them, where a regression would show as a hang.
    "wide-table.md": "|"
    + "a|" * 1600
    + "\n|"
    + "-|" * 1600
    + "\n"
    + ("|" + "x|" * 1600 + "\n") * 28,
    "plain-2mib.md": "word " * 400_000,
    "deep-lists.md": "".join(" " * (2 * i) + "- a\n" for i in range(1400)),
    "emphasis.md": "*a **a " * 14_000 + "b" + " a** a*" * 14_000,
    "brackets.md": "[" * 45_000 + "a" + "]" * 45_000,
    "raw-html.md": "<span>" * 900 + "x" + "</span>" * 900,
    "comments.md": "<!--" * 200_000,
    "refs.md": "".join(f"[a{i}]: /u{i}\n" for i in range(20_000)) + "[a1] " * 10_000,
    "mentions.md": "Issuer 1 and 333-80001 and Issuer 2. " * 20_000,
}


@pytest.mark.timeout(300)
def test_pathological_bodies_do_not_stall_the_build(tmp_path: Path) -> None:
    """Bodies at the renderer's limits, all in one build: it finishes (the timeout mark is
    the bound, never a measured time), each file is published or refused by name, and the
    neighbour is unaffected."""
    canaries = Canaries()
    files: dict[str, str | bytes] = {
        name: valid(10 + i, body=body) for i, (name, body) in enumerate(WORST_BODIES.items())
    }
    files["Issuer-1.md"] = valid(1)
    files["Issuer-2.md"] = valid(2)
    project = make_hostile_project(tmp_path / "project", files, canaries)
    run = run_all(project, canaries)
    assert_clean_output(run.check_output, "exhibits check", limit=256 * 1024)
    assert_clean_output(run.build_output, "mkdocs build", limit=256 * 1024)
    assert run.build.returncode == 0
    published = run.exhibit_slugs()
    for i, name in enumerate(WORST_BODIES):
        if f"issuer-{10 + i}-ex-5-1-2001-06-19" not in published:
            assert_names(run.build_output, name, what="mkdocs build")
    assert NEIGHBOUR_SLUG in published
    assert_inert(run.site, canaries, theme_scripts(run.site))


# Classic sanitiser bypasses (mutation XSS, parser differentials, obfuscated schemes), from
# the public test suites of HTML sanitisers; each body carries its own marker.
BYPASSES = [
    "<noscript><p title=\"</noscript><img src=x onerror=alert('XSS-98-1')>\"></noscript>",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert('XSS-98-2')>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS-98-3')></style>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert('XSS-98-4')>",
    "<!--><img src=x onerror=alert('XSS-98-5')>-->",
    "<![CDATA[><img src=x onerror=alert('XSS-98-6')>]]>",
    "<title><img src=x onerror=alert('XSS-98-7')></title>",
    "<textarea><img src=x onerror=alert('XSS-98-8')></textarea>",
    "<xmp><img src=x onerror=alert('XSS-98-9')></xmp>",
    "<template><img src=x onerror=alert('XSS-98-10')></template>",
    "<a href=\"jav&#x09;ascript:alert('XSS-98-11')\">x</a>",
    "<a href=\"&#0000106avascript:alert('XSS-98-12')\">x</a>",
    "<a href=\"java\0script:alert('XSS-98-13')\">x</a>",
    "<img srcset=\"javascript:alert('XSS-98-14') 1x\">",
    "<div style=\"background:url(javascript:alert('XSS-98-15'))\">x</div>",
    "<table background=\"javascript:alert('XSS-98-16')\"><tr><td>x</td></tr></table>",
    "<isindex type=image src=1 onerror=alert('XSS-98-17')>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#XSS-98-18">x</a>',
    "[x](<javascript&#58;alert('XSS-98-19')>)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+#XSS-98-20)",
    '<a href="#" id="__config" name="__config">clobber XSS-98-21</a>',
    '<img name="getElementById" src="x" alt="XSS-98-22">',
    "<details open ontoggle=alert('XSS-98-23')>",
    "<svg><animate attributeName=href values=\"javascript:alert('XSS-98-24')\"/></svg>",
    '<a href="https://example.com" target="_blank">XSS-98-25</a>',
    "`<img src=x onerror=alert('XSS-98-26')>`",
    "```\n<script>alert('XSS-98-27')</script>\n```",
    "<div>{{ config.extra.corpus_secret }} XSS-98-28</div>",
]


@pytest.mark.timeout(300)
def test_sanitiser_bypasses_stay_inert(tmp_path: Path) -> None:
    canaries = Canaries()
    files: dict[str, str | bytes] = {
        f"bypass-{i}.md": valid(
            200 + i, body=f"Ladies and Gentlemen:\n\n{body}\n\nVery truly yours,\n"
        )
        for i, body in enumerate(BYPASSES)
    }
    project = make_hostile_project(tmp_path / "project", files, canaries)
    run = run_all(project, canaries)
    assert_clean_output(run.check_output, "exhibits check", limit=256 * 1024)
    assert_clean_output(run.build_output, "mkdocs build", limit=256 * 1024)
    assert run.build.returncode == 0
    published = run.exhibit_slugs()
    for i in range(len(BYPASSES)):  # published (inert) or refused by name (the NUL one)
        if f"issuer-{200 + i}-ex-5-1-2001-06-19" not in published:
            assert_names(run.check_output, f"bypass-{i}.md", what="exhibits check")
    assert_inert(run.site, canaries, theme_scripts(run.site))
    # DOM clobbering: no contributed id or name may shadow the theme's globals.
    for slug in run.exhibit_slugs() - {NEIGHBOUR_SLUG}:
        page = run.page(slug).decode("utf-8")
        assert page.count('id="__config"') == 1 and 'name="getElementById"' not in page
