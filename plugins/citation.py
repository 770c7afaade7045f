"""A stable citation for one exhibit, the "Cite this exhibit" box, and a one-line summary.

The citation names the filing the way the SEC record does (issuer, exhibit number,
form, file number, date) and ends with the EDGAR address, so it still leads to the
source if this archive moves. It is built from metadata only, never from the body.
"""

from __future__ import annotations

import html

from plugins.catalog import Exhibit


def _long_date(value) -> str:  # noqa: ANN001 - a datetime.date
    return f"{value:%B} {value.day}, {value.year}"


def _citation_words(ex: Exhibit) -> str:
    """Everything but the EDGAR address: issuer, exhibit, form, file number, who, date."""
    m = ex.meta
    words = f"{m.issuer}, Exhibit {m.exhibit}"
    if m.form:
        words += f" to Form {m.form}"
    if m.file_number:
        label = "File No." if len(m.file_number) == 1 else "File Nos."
        words += f", {label} {', '.join(m.file_number)}"
    words += f" ({m.opinion_kind} opinion of {m.law_firm or m.counsel}, {_long_date(m.date)})"
    if m.accession_number:
        words += f", accession no. {m.accession_number}"
    return words


def citation_text(ex: Exhibit, edgar_url: str | None) -> str:
    """Plain-text citation, e.g. for catalog.json and copy-paste."""
    return _citation_words(ex) + (f", {edgar_url}" if edgar_url else "") + "."


def citation_box(ex: Exhibit, edgar_url: str | None, page_url: str | None = None) -> list[str]:
    """Raw-HTML lines for the page. Every value is escaped: metadata is contributor input."""
    text = html.escape(_citation_words(ex))
    if edgar_url:
        url = html.escape(edgar_url, quote=True)
        text += f', <a href="{url}">{url}</a>'
    text += "."
    lines = [
        '<aside class="xa-cite" aria-labelledby="xa-cite-title">',
        '<p class="xa-cite-title" id="xa-cite-title"><strong>Cite this exhibit</strong></p>',
        f'<p class="xa-cite-text">{text}</p>',
    ]
    if page_url:
        url = html.escape(page_url, quote=True)
        lines.append(f'<p class="xa-cite-archive">Exhibit Archive: <a href="{url}">{url}</a></p>')
    lines.append("</aside>")
    return lines


def description(ex: Exhibit) -> str:
    m = ex.meta
    who = m.law_firm or m.counsel
    text = f"Exhibit {m.exhibit} {m.opinion_kind} opinion of {who} for {m.issuer}"
    if m.form:
        text += f", Form {m.form}"
    if m.file_number:
        text += f", File No. {', '.join(m.file_number)}"
    return text + f", dated {m.date.isoformat()}."
