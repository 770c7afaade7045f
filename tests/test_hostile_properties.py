"""Property-based tests (Hypothesis) for issue 6: whatever a contributed file holds,
`exhibits check` answers with exit code 0 or 1 and clear messages (never a traceback or an
internal error), and a real build publishes nothing executable.

- random YAML-ish text and random structured front matter (dicts dumped to YAML), and
  random bytes, through `exhibits check` in-process (plugins.cli.main);
- random Markdown (with HTML and URL fragments) as the body of a valid exhibit, through
  `exhibits check`, and a smaller number through a real `mkdocs build` walked by
  tests/sitewalk.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.cli import main as exhibits
from plugins.schema import field_names
from tests.conftest import exhibit_text, run_mkdocs, write_project
from tests.hostile import assert_clean_output, hostile_front_matter
from tests.sitewalk import check_site

# XA_HYPOTHESIS_EXAMPLES=2000 for a longer hunt than CI's.
SETTINGS = settings(
    max_examples=int(os.environ.get("XA_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MESSAGE = re.compile(r"^exhibits/x\.md:(\d+):(\d+): ")

# ----------------------------------------------------------------------- strategies

YAML_PIECES = [
    "---",
    "...",
    ":",
    ": ",
    "- ",
    "-",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object/apply:os.system ",
    "!",
    "|",
    ">",
    "'",
    '"',
    "#",
    "%YAML 1.1",
    "\t",
    " ",
    "  ",
    "\n",
    "\n  ",
    "\r\n",
    "\\",
    "@",
    "`",
    "~",
    "null",
    "yes",
    "NO",
    "on",
    "1:20",
    "012",
    "0x1F",
    ".inf",
    "2001-02-30",
    "2001-06-19",
    "1e9",
    "<<: *a",
    "exhibit",
    "issuer",
    "date",
    "securities",
    "counsel",
    "law_firm",
    "slug",
    "../..",
    "\u202e",
    "\u200b",
    "\x00",
    "\x1b[2J",
    "\ufeff",
    "é",
    "С",
    "\U0001f600",
]
yaml_ish = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=8)), max_size=60).map(
    "".join
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.sampled_from(
        [
            "5.1",
            "S-4",
            "333-62144",
            "Delaware",
            "Citigroup Inc.",
            "<script>x</script>",
            "javascript:alert(1)",
            "{{ config }}",
            "NO",
            "1:20",
            "\u202eevil",
        ]
    ),
)
keys = st.one_of(
    st.sampled_from(field_names() + ["title", "template", "isuer", "class"]),
    st.text(min_size=1, max_size=12),
)
structured = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)
front_matter_dicts = st.dictionaries(keys, structured, max_size=14)

MARKDOWN_PIECES = [
    "\n",
    "\n\n",
    "    ",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "* ",
    "_",
    "*",
    "**",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&#",
    "&#x6A;",
    ";",
    "|",
    "|---|",
    "---",
    "===",
    "\\",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=x>",
    "<a href='javascript:alert(1)'>",
    "javascript:",
    "vbscript:",
    "data:text/html,",
    "<iframe>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?",
    "<PAGE>",
    "{{ config }}",
    "{%",
    "%}",
    "--8<--",
    "*[HTML]: x",
    "[^1]",
    "[ref]: javascript:x",
    "https://evil.example/",
    "../../etc/passwd",
    "file:///etc/passwd",
    "\\\\host\\share",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\u202e",
    "\u2066",
    "\u200b",
    "\r\n",
    "\r",
    "\t",
    "word ",
    "Example Holdings Inc.",
    "333-90001",
    "onerror=",
    '" onmouseover="',
    "' onfocus='",
    "<details open ontoggle=x>",
    "<math>",
    "<noscript>",
]
markdown_ish = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=10)), max_size=120
).map("".join)


# --------------------------------------------------------------------------- helpers


def check_in_process(
    raw: bytes, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "exhibits").mkdir()
        (Path(folder) / "exhibits" / "x.md").write_bytes(raw)
        monkeypatch.chdir(folder)
        capsys.readouterr()
        code = exhibits(["check", "exhibits/x.md"])
        out, err = capsys.readouterr()
    return code, out, err


def judge(code: int, out: str, err: str) -> None:
    assert code in (0, 1), f"exit code {code}:\n{out}\n{err}"
    assert "internal error" not in err and "Traceback" not in out + err, err
    assert_clean_output(out + err, "exhibits check")
    lines = [line for line in out.splitlines() if line.strip()]
    for line in lines:
        assert MESSAGE.match(line), f"a message without path:line:column: {line!r}"
    assert (code == 1) == any(": warning: " not in line for line in lines), (code, out)
    assert re.search(r"checked 1 file: \d+ errors?, \d+ warnings?", err), err


# ----------------------------------------------------------------- exhibits check


@pytest.mark.timeout(600)
@SETTINGS
@given(text=yaml_ish, body=st.text(max_size=50))
def test_random_yaml_text_as_front_matter(
    text: str, body: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = f"---\n{text}\n---\n{body}".encode("utf-8", errors="surrogatepass")
    judge(*check_in_process(raw, capsys, monkeypatch))


@pytest.mark.timeout(600)
@SETTINGS
@given(data=front_matter_dicts, flow=st.booleans())
def test_random_structured_front_matter(
    data: dict, flow: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    raw = f"---\n{text}---\n\nLadies and Gentlemen:\n".encode("utf-8", errors="surrogatepass")
    judge(*check_in_process(raw, capsys, monkeypatch))


@pytest.mark.timeout(600)
@SETTINGS
@given(data=front_matter_dicts)
def test_random_fields_over_valid_front_matter(
    data: dict, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid front matter with random values replacing or joining its fields."""
    base = yaml.safe_load(hostile_front_matter())
    base.update(data)
    text = yaml.safe_dump(base, allow_unicode=True, sort_keys=False)
    raw = f"---\n{text}---\n\nLadies and Gentlemen:\n".encode("utf-8", errors="surrogatepass")
    judge(*check_in_process(raw, capsys, monkeypatch))


@pytest.mark.timeout(600)
@SETTINGS
@given(
    raw=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=200).map(lambda b: b"---\nissuer: " + b + b"\n---\n"),
        st.text(max_size=200).map(lambda t: t.encode("utf-16")),
    )
)
def test_random_bytes(
    raw: bytes, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    judge(*check_in_process(raw, capsys, monkeypatch))


@pytest.mark.timeout(600)
@SETTINGS
@given(body=markdown_ish)
def test_random_markdown_bodies_check(
    body: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = exhibit_text(hostile_front_matter(), body).encode("utf-8", errors="surrogatepass")
    code, out, err = check_in_process(raw, capsys, monkeypatch)
    judge(code, out, err)


# --------------------------------------------------------------- real builds


@pytest.mark.timeout(900)
@settings(
    max_examples=int(os.environ.get("XA_HYPOTHESIS_BUILDS", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bodies=st.lists(markdown_ish, min_size=4, max_size=4))
def test_random_markdown_builds_inert(bodies: list[str]) -> None:
    """Each example: four random bodies under valid front matter in one real build; the
    build finishes and the walker finds nothing executable anywhere in the site."""
    with tempfile.TemporaryDirectory() as folder:
        files: dict[str, str | bytes] = {
            f"r{i}.md": exhibit_text(
                hostile_front_matter(f"333-7{i:04d}", issuer=f'"Random {i} Corp."'), body
            ).encode("utf-8", errors="surrogatepass")
            for i, body in enumerate(bodies)
        }
        project = write_project(Path(folder) / "project", files)
        build = run_mkdocs(project, timeout=600)
        output = build.stdout + build.stderr
        assert build.returncode == 0, output[-3000:]
        assert_clean_output(output, "mkdocs build", limit=512 * 1024)
        findings = check_site(project / "site")
        assert not findings, (
            "\n".join(map(str, findings[:20]))
            + "\n\nbodies:\n"
            + "\n-----\n".join(map(repr, bodies))
        )
