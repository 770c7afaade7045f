"""What an exhibit page adds to its HTML <head>: schema.org JSON-LD and social metadata.

Engine-neutral: returns HTML text; the MkDocs adapter inserts it before </head>.
All values are contributor input. Attribute values are HTML-escaped; the JSON-LD is
JSON with `<`, `>` and `&` written as \\u escapes, so no value can close the <script>
element (`</script>`) or open an HTML comment (`<!--`) that changes how it parses.

schema.org has no type for a legal opinion letter (`Legislation` is enacted law), so
the page is a `DigitalDocument` (a CreativeWork) with genre "legal opinion".
"""

from __future__ import annotations

import html
import json
from typing import Any

from plugins.catalog import FACET_BY_NAME, Catalog, Exhibit
from plugins.citation import citation_text, description
from plugins.feeds import FEED_FACETS, feed_path
from plugins.layout import Layout, page_address
from plugins.pages import edgar_filing_url, edgar_link


def script_json(data: Any) -> str:
    """JSON safe to place verbatim inside <script>: still valid JSON, never HTML markup."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _party(name: str, kind: str) -> dict[str, Any]:
    return {"@type": kind, "name": name}


def json_ld(ex: Exhibit, page_url: str | None, edgar_url: str | None) -> dict[str, Any]:
    m = ex.meta
    authors: list[dict[str, Any]] = []
    if m.law_firm:
        authors.append(_party(m.law_firm, "Organization"))
    if m.counsel:
        person = _party(m.counsel, "Person")
        if m.counsel_title:
            person["jobTitle"] = m.counsel_title
        authors.append(person)
    issuer = _party(m.issuer, "Organization")
    if m.issuer_cik:
        issuer["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "SEC CIK",
            "value": m.issuer_cik,
        }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DigitalDocument",
        "genre": "legal opinion",
        "name": ex.title,
        "headline": f"{m.issuer}: Exhibit {m.exhibit}",
        "description": description(ex),
        "inLanguage": "en",
        "dateCreated": m.date.isoformat(),
        "author": authors,
        "about": issuer,
        "identifier": [
            {"@type": "PropertyValue", "propertyID": "SEC file number", "value": n}
            for n in m.file_number
        ],
        "creditText": citation_text(ex, edgar_link(ex)),
        "keywords": [m.opinion_kind, *([m.form] if m.form else []), *m.tags],
    }
    if m.governing_law:  # the law the opinion is limited to
        data["mentions"] = [{"@type": "Legislation", "name": law} for law in m.governing_law]
    if page_url:
        data["url"] = page_url
    if edgar_url or m.accession_number:
        filing: dict[str, Any] = {
            "@type": "DigitalDocument",
            "name": f"Form {m.form}" if m.form else "SEC filing",
            "publisher": _party(
                "U.S. Securities and Exchange Commission", "GovernmentOrganization"
            ),
        }
        if m.accession_number:
            filing["identifier"] = {
                "@type": "PropertyValue",
                "propertyID": "SEC accession number",
                "value": m.accession_number,
            }
        if edgar_url:
            filing["url"] = edgar_url
            data["sameAs"] = edgar_url
        data["isPartOf"] = filing
    return data


def json_ld_script(ex: Exhibit, *, page_url: str | None, edgar_url: str | None) -> str:
    data = script_json(json_ld(ex, page_url, edgar_url))
    return f'<script type="application/ld+json">{data}</script>'


def _meta(attr: str, name: str, content: str) -> str:
    return f'<meta {attr}="{name}" content="{html.escape(content, quote=True)}">'


def exhibit_head(
    ex: Exhibit, *, page_url: str | None, edgar_url: str | None, site_name: str = ""
) -> str:
    """JSON-LD, OpenGraph and Twitter tags for one exhibit page."""
    m = ex.meta
    title = f"{m.issuer}: Exhibit {m.exhibit} {m.opinion_kind} opinion"
    tags = [
        json_ld_script(ex, page_url=page_url, edgar_url=edgar_url),
        _meta("property", "og:type", "article"),
        _meta("property", "og:title", title),
        _meta("property", "og:description", description(ex)),
        _meta("property", "article:published_time", m.date.isoformat()),
        _meta("name", "twitter:card", "summary"),
        _meta("name", "twitter:title", title),
        _meta("name", "twitter:description", description(ex)),
    ]
    if site_name:
        tags.insert(2, _meta("property", "og:site_name", site_name))
    if page_url:
        tags.insert(2, _meta("property", "og:url", page_url))
    return "\n".join(tags)


def feed_link(href: str, title: str) -> str:
    return (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{html.escape(title, quote=True)}" href="{html.escape(href, quote=True)}">'
    )


def site_feed_link(layout: Layout, src: str, site_name: str = "Exhibit Archive") -> str:
    """The archive-wide feed, for the head of any page (`src`: the page's source path)."""
    return feed_link(layout.href(src, feed_path(layout)), f"{site_name}: new exhibits")


def page_heads(
    catalog: Catalog, layout: Layout, *, site_url: str = "", site_name: str = "Exhibit Archive"
) -> dict[str, str]:
    """Source path of a generated page -> what its <head> gains."""
    heads: dict[str, str] = {}
    for ex in catalog.exhibits.values():
        src = layout.exhibit(ex.slug)
        heads[src] = "\n".join(
            [
                exhibit_head(
                    ex,
                    page_url=page_address(layout, site_url, src) if site_url else None,
                    edgar_url=edgar_filing_url(ex),
                    site_name=site_name,
                ),
                site_feed_link(layout, src, site_name),
            ]
        )
    for facet in FEED_FACETS:
        noun = FACET_BY_NAME[facet].singular
        for key, group in catalog.groups.get(facet, {}).items():
            src = layout.group(facet, key)
            heads[src] = "\n".join(
                [
                    feed_link(
                        layout.href(src, feed_path(layout, facet, key)),
                        f"{site_name}: {noun} {group.label}",
                    ),
                    site_feed_link(layout, src, site_name),
                ]
            )
    return heads
