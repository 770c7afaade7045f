"""Shared fixtures: temporary archive projects, real mkdocs builds, a static server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(REPO / "bench"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (shared with the benchmark)

VALID_FRONT_MATTER = """\
exhibit: "5.1"
date: 2001-06-19
issuer: Example Holdings Inc.
issuer_state: Delaware
counsel: Jane Q. Doe
law_firm: Doe & Roe LLP
form: S-4
file_number: 333-90001
securities: 1,000,000 shares of Common Stock, $.01 par value
"""

MKDOCS_YML = """\
site_name: Test Archive
site_url: https://archive.test/
theme:
  name: material
plugins:
  - search
  - exhibits{options}
"""


def exhibit_text(
    front_matter: str = VALID_FRONT_MATTER,
    body: str = "Ladies and Gentlemen:\n\nWe have acted as counsel.\n\nVery truly yours,\n",
) -> str:
    return f"---\n{front_matter}---\n\n{body}"


def write_project(
    root: Path,
    exhibits: dict[str, str | bytes],
    options: str = "",
    docs: dict[str, str] | None = None,
) -> Path:
    """A minimal MkDocs project using the plugin, in `root` (for module-scoped builds too)."""
    (root / "docs").mkdir(parents=True)
    (root / "exhibits").mkdir()
    for file, text in (docs or {"index.md": "# Home\n"}).items():
        (root / "docs" / file).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / file).write_text(text, encoding="utf-8")
    for file, content in exhibits.items():
        path = root / "exhibits" / file
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(options=options), encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path):
    """Create a minimal MkDocs project using the plugin, with the given exhibit files."""

    def make(
        exhibits: dict[str, str | bytes],
        options: str = "",
        docs: dict[str, str] | None = None,
        name: str = "project",
    ) -> Path:
        return write_project(tmp_path / name, exhibits, options, docs)

    return make


def run_mkdocs(project: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build` in a subprocess, as a contributor or CI runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(project / "site"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=project,
        check=False,
    )


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 300, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The `exhibits` command in a subprocess, exactly as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "plugins.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or REPO,
        check=False,
        input=stdin,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def build_the_archive(out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the shipped archive (this repository) into `out`."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="session")
def archive_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped archive (this repository), built once with --strict.

    The build's output is kept beside it, in `archive_site.parent / "build.log"`."""
    out = tmp_path_factory.mktemp("archive") / "site"
    result = build_the_archive(out)
    assert result.returncode == 0, result.stdout + result.stderr
    (out.parent / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve a built site on 127.0.0.1; returns a function site_dir -> base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(site: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright. Missing Chromium is a failure, not a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
