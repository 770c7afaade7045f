"""The package as a user gets it: `python -m build` makes a wheel and an sdist; the wheel,
installed into a fresh virtual environment with its dependencies from the registry, works
in a brand-new MkDocs project that lists only `plugins: [exhibits]`."""

from __future__ import annotations

import email
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from plugins import __version__
from tests.conftest import REPO, exhibit_text

pytestmark = pytest.mark.timeout(1800)


def _run(*cmd: str | Path, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH: the installed package must stand on its own, not the working tree.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env |= {"NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, REPO, cwd=out)
    return out


def test_wheel_carries_code_assets_license_and_one_version(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(info))
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert {
        "plugins/assets/exhibits.css",
        "plugins/assets/exhibits.js",
        "plugins/mkdocs_plugin.py",
        "plugins/cli.py",
    } <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert metadata["Version"] == __version__ == wheel.name.split("-")[1]
    assert metadata["License-Expression"] == "MIT"
    assert "exhibits = plugins.mkdocs_plugin:ExhibitsPlugin" in entry_points
    assert "exhibits = plugins.cli:main" in entry_points


def test_sdist_carries_what_a_packager_needs(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    assert sdist.name == f"exhibit_archive-{__version__}.tar.gz"
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert {
        "LICENSE",
        "CHANGELOG.md",
        "README.md",
        "pyproject.toml",
        "plugins/assets/exhibits.css",
        "plugins/__init__.py",
    } <= names


def test_wheel_works_in_a_brand_new_mkdocs_project(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)

    project = tmp_path / "fresh"
    (project / "docs").mkdir(parents=True)
    (project / "exhibits").mkdir()
    (project / "docs" / "index.md").write_text("# My archive\n", encoding="utf-8")
    (project / "exhibits" / "one.md").write_text(exhibit_text(), encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Fresh\nplugins:\n  - exhibits\n", encoding="utf-8"
    )

    where = _run(
        bin_dir / "python", "-c", "import plugins; print(plugins.__file__)", cwd=project
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    version = _run(bin_dir / "exhibits", "--version", cwd=project).stdout.strip()
    assert version == f"exhibits {__version__}"
    _run(bin_dir / "exhibits", "check", cwd=project)
    _run(bin_dir / "mkdocs", "build", "--strict", cwd=project)

    page = project / "site" / "exhibits" / "example-holdings-inc-ex-5-1-2001-06-19" / "index.html"
    assert page.is_file()
    html = LexborHTMLParser(page.read_text(encoding="utf-8"))
    assert "Example Holdings Inc." in html.css_first("h1").text()
    card = {
        row.css("td")[0].text(): row.css("td")[1].text()
        for row in html.css("table tr")
        if len(row.css("td")) == 2
    }
    assert card["Issuer"].startswith("Example Holdings Inc.")
    assert card["Law firm"] == "Doe & Roe LLP"
    assert (project / "site" / "assets" / "exhibits" / "exhibits.css").is_file()
    assert (project / "site" / "catalog.json").is_file()
