"""Redirect pages at the old URLs of exhibits whose slug changed (`aliases`).

Plain static HTML (meta refresh, canonical link and a visible link), so any web host
and any site builder serves them; no server configuration, no JavaScript. Old slugs
are checked by the schema's slug pattern, so the page can only land inside exhibits/.
"""

from __future__ import annotations

import html
import posixpath

from plugins.catalog import Catalog
from plugins.layout import Layout, page_address
from plugins.problems import ValidationProblem


def output_path(layout: Layout, src: str) -> str:
    """The file a browser fetches for the page built from `src`."""
    url = layout.url(src)
    return url + "index.html" if url.endswith("/") or not url else url


def redirect_path(layout: Layout, old_slug: str) -> str:
    return output_path(layout, layout.exhibit(old_slug))


def redirect_html(target: str, canonical: str, title: str) -> str:
    href = html.escape(target, quote=True)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {html.escape(title)}</title>\n"
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n<body>\n"
        f'<p>This exhibit has moved to <a href="{href}">{html.escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def redirect_files(
    catalog: Catalog, layout: Layout, taken: set[str], site_url: str = ""
) -> tuple[dict[str, str], list[ValidationProblem]]:
    """Redirect path -> HTML, and a problem for each alias whose path is already in use.

    `taken`: site paths of every other published file and page output, so an alias can
    never overwrite a real page (e.g. `index` next to the exhibits list).
    """
    files: dict[str, str] = {}
    problems: list[ValidationProblem] = []
    for old, slug in sorted(catalog.aliases.items()):
        ex = catalog.exhibits.get(slug)
        if ex is None:
            continue
        path = redirect_path(layout, old)
        if path in taken or path in files:
            problems.append(
                ValidationProblem(
                    ex.path,
                    *ex.where("aliases"),
                    "aliases",
                    f"alias '{old}' would replace another page, so no redirect is made",
                    expected="a former slug of this exhibit",
                    found=f"'{old}'",
                    severity="warning",
                )
            )
            continue
        new = layout.exhibit(slug)
        # Relative from the redirect file's own folder, so it works under any site root.
        target = posixpath.relpath(layout.url(new) or ".", posixpath.dirname(path) or ".")
        if layout.url(new).endswith("/"):
            target += "/"
        canonical = page_address(layout, site_url, new) if site_url else target
        files[path] = redirect_html(target, canonical, ex.title)
    return files, problems
