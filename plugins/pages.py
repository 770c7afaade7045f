"""Generate the archive's pages as engine-neutral Markdown.

Every value that came from a contributor is escaped here, once, by `md_text`;
the opinion body arrives already rendered and sanitised (plugins.render).
Links between generated pages are plain Markdown links to `.md` sources, so
MkDocs (or Zensical) resolves and validates them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plugins.catalog import FACET_BY_NAME, FACETS, Catalog, Exhibit, group_key, transaction_label
from plugins.citation import citation_box
from plugins.layout import Layout, page_address

if TYPE_CHECKING:
    from plugins.render import RenderedOpinion

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# Python-Markdown cannot backslash-escape these (it would show the backslash), yet some
# extensions give them meaning (==mark==, ~~del~~, ^sup^, autolinks): character references.
_MD_ENTITY = {ord("="): "&#61;", ord(":"): "&#58;", ord("~"): "&#126;", ord("^"): "&#94;"}
_RELATION_TITLES = {
    "versions": "Other versions (superseded or amended)",
    "registration": "Same registration statement",
    "transaction": "Same transaction",
    "issuer": "Same issuer",
    "firm": "Same law firm",
    "counsel": "Same counsel",
}


@dataclass(frozen=True)
class GeneratedPage:
    src: str
    markdown: str
    title: str


def md_text(value: object) -> str:
    """Untrusted text as inert Markdown: HTML-escaped, Markdown syntax backslash-escaped."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).translate(_MD_ENTITY)


def long_date(value) -> str:  # noqa: ANN001 - a datetime.date
    return f"{value:%B} {value.day}, {value.year}"


def edgar_company_url(cik: str) -> str:
    return f"https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={cik}"


def edgar_file_number_url(number: str) -> str:
    return f"https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&filenum={number}"


def edgar_filing_url(ex: Exhibit) -> str | None:
    m = ex.meta
    if m.edgar_url:
        return m.edgar_url
    if m.accession_number and m.issuer_cik:
        return (f"https://www.sec.gov/Archives/edgar/data/{int(m.issuer_cik)}/"
                f"{m.accession_number.replace('-', '')}/{m.accession_number}-index.htm")
    return None


def edgar_link(ex: Exhibit) -> str:
    """The best EDGAR address for a citation: the filing, else its file number, else issuer."""
    m = ex.meta
    if filing := edgar_filing_url(ex):
        return filing
    if m.file_number:
        return edgar_file_number_url(m.file_number[0])
    return edgar_company_url(m.issuer_cik) if m.issuer_cik else "https://www.sec.gov/edgar/search/"


class PageBuilder:
    """Turns a catalog into pages; one instance per build."""

    def __init__(self, catalog: Catalog, layout: Layout,
                 render: Callable[[Exhibit, str], RenderedOpinion], site_url: str = "") -> None:
        self.catalog = catalog
        self.layout = layout
        self.site_url = site_url  # for the permanent address in the citation box
        self.render = render  # (exhibit, page src) -> rendered opinion; cached by the caller

    # -- links -------------------------------------------------------------------------
    def link(self, here: str, facet: str, label: str, text: str | None = None) -> str:
        target = self.layout.group(facet, group_key(facet, label))
        return f"[{md_text(text or label)}]({self.layout.md_link(here, target)})"

    def exhibit_link(self, here: str, ex: Exhibit, text: str | None = None) -> str:
        target = self.layout.exhibit(ex.slug)
        return f"[{md_text(text or ex.title)}]({self.layout.md_link(here, target)})"

    # -- pages -------------------------------------------------------------------------
    def all_pages(self) -> Iterator[GeneratedPage]:
        yield self.browse_page()
        yield self.all_exhibits_page()
        for ex in self.catalog.exhibits.values():
            yield self.exhibit_page(ex)
        for facet in FACETS:
            yield self.facet_index_page(facet.name)
            for key in self.catalog.groups[facet.name]:
                yield self.group_page(facet.name, key)

    def exhibit_page(self, ex: Exhibit) -> GeneratedPage:
        here = self.layout.exhibit(ex.slug)
        m = ex.meta
        rendered = self.render(ex, here)
        crumbs = " › ".join([
            f"[Archive]({self.layout.md_link(here, self.layout.browse_index())})",
            f"[Exhibits]({self.layout.md_link(here, self.layout.all_exhibits())})",
            self.link(here, "issuer", m.issuer),
            f"Exhibit {md_text(m.exhibit)}",
        ])
        parts = [
            f"# {md_text(m.issuer)}: Exhibit {md_text(m.exhibit)}",
            "",
            '<div class="xa-noprint-next"></div>',  # print: the crumbs after it are hidden
            "",
            crumbs,
            "",
            f"*{md_text(m.opinion_kind.capitalize())} opinion of "
            f"{md_text(m.law_firm or m.counsel)}, {long_date(m.date)}*",
            "",
            *self._card(here, ex),
            "",
            *citation_box(ex, edgar_link(ex), self._address(here)),
            "",
            "## Opinion text",
            "",
            '<div class="xa-opinion">',
            rendered.html,
            "</div>",
            "",
            '<div class="xa-noprint-rest"></div>',  # print: the letter ends here
            "",
            *self._related(here, ex),
        ]
        return GeneratedPage(here, "\n".join(parts) + "\n", ex.title)

    def _address(self, src: str) -> str | None:
        return page_address(self.layout, self.site_url, src) if self.site_url else None

    def _card(self, here: str, ex: Exhibit) -> list[str]:
        m = ex.meta
        rows: list[tuple[str, str]] = []
        issuer = self.link(here, "issuer", m.issuer)
        if m.issuer_state:
            issuer += f", incorporated in {self.link(here, 'state', m.issuer_state)}"
        if m.issuer_cik:
            issuer += f" · CIK [{m.issuer_cik}]({edgar_company_url(m.issuer_cik)})"
        rows.append(("Issuer", issuer))
        if m.counsel:
            who = self.link(here, "counsel", m.counsel)
            if m.counsel_title:
                who += f", {md_text(m.counsel_title)}"
            if m.counsel_role:
                who += f" ({md_text(m.counsel_role)} counsel)"
            rows.append(("Counsel", who))
        if m.law_firm:
            rows.append(("Law firm", self.link(here, "firm", m.law_firm)))
        rows.append(("Date", self.link(here, "year", str(m.date.year), long_date(m.date))))
        rows.append(("Exhibit", f"{md_text(m.exhibit)} ({md_text(m.opinion_kind)} opinion)"))
        if m.form:
            rows.append(("Form", self.link(here, "form", m.form)))
        if m.file_number:
            rows.append(("File number", " · ".join(
                f"{self.link(here, 'registration', n)} ([EDGAR]({edgar_file_number_url(n)}))"
                for n in m.file_number)))
        filing = edgar_filing_url(ex)
        if filing or m.accession_number:
            text = md_text(m.accession_number or "filing on EDGAR")
            rows.append(("Filing", f"[{text}]({filing})" if filing else text))
        rows.append(("Securities", "<br>".join(self._security(s) for s in m.securities)))
        if m.transaction:
            t = m.transaction
            value = self.link(here, "transaction", transaction_label(m), t.agreement)
            if t.date:
                value += f", dated {long_date(t.date)}"
            if t.parties:
                value += "; parties: " + ", ".join(self.link(here, "party", p) for p in t.parties)
            rows.append(("Transaction", value))
        if m.governing_law:
            rows.append(("Governing law", "<br>".join(self.link(here, "law", x) for x in m.governing_law)))
        if m.opinions:
            rows.append(("Opinions given", "; ".join(md_text(o) for o in m.opinions)))
        if m.consent is not None:
            rows.append(("Consent", "Counsel consents to the filing of this opinion" if m.consent
                         else "No consent given in the letter"))
        if m.tags:
            rows.append(("Tags", ", ".join(md_text(t) for t in m.tags)))
        lines = ["| Opinion | |", "|---|---|"]
        lines += [f"| {name} | {value} |" for name, value in rows]
        return lines

    @staticmethod
    def _security(s) -> str:  # noqa: ANN001 - a schema.Security
        bits = [md_text(s.description)]
        facts = []
        if s.security_class:
            facts.append(f"class: {md_text(s.security_class)}")
        if s.shares is not None:
            facts.append(f"{s.shares:,} shares")
        if s.principal_amount is not None:
            facts.append(f"{md_text(s.currency)} {s.principal_amount:,} principal amount")
        if s.par_value:
            facts.append(f"par value {md_text(s.par_value)}")
        if facts:
            bits.append(f"({'; '.join(facts)})")
        return " ".join(bits)

    def _related(self, here: str, ex: Exhibit) -> list[str]:
        related = self.catalog.related(ex.slug)
        if not related:
            return []
        lines = ["## Related exhibits", ""]
        for relation, exhibits in related:
            lines += [f"### {_RELATION_TITLES[relation]}", ""]
            lines += [f"- {self.exhibit_link(here, e)}" for e in exhibits[:50]]
            if len(exhibits) > 50:
                lines.append(f"- … and {len(exhibits) - 50} more")
            lines.append("")
        return lines

    def _exhibit_table(self, here: str, slugs) -> list[str]:  # noqa: ANN001
        lines = ['<div class="xa-sortable"></div>', "",
                 "| Date | Issuer | Exhibit | Form | Counsel | File No. |",
                 "|---|---|---|---|---|---|"]
        for slug in slugs:
            ex = self.catalog.exhibits[slug]
            m = ex.meta
            lines.append(
                f"| {m.date.isoformat()} | {self.exhibit_link(here, ex, m.issuer)} | "
                f"{md_text(m.exhibit)} | {md_text(m.form or '')} | "
                f"{md_text(m.law_firm or m.counsel or '')} | {md_text(', '.join(m.file_number))} |")
        return lines

    def all_exhibits_page(self) -> GeneratedPage:
        here = self.layout.all_exhibits()
        parts = [
            "# All exhibits", "",
            f"[Archive]({self.layout.md_link(here, self.layout.browse_index())}) › All exhibits", "",
            f"{len(self.catalog.exhibits)} opinions, newest first. Select a column heading to sort.",
            "", *self._exhibit_table(here, self.catalog.exhibits),
        ]
        return GeneratedPage(here, "\n".join(parts) + "\n", "All exhibits")

    def browse_page(self) -> GeneratedPage:
        here = self.layout.browse_index()
        lines = ["# Browse the archive", "",
                 f"- [All exhibits]({self.layout.md_link(here, self.layout.all_exhibits())}) "
                 f"({len(self.catalog.exhibits)})"]
        for facet in FACETS:
            count = len(self.catalog.groups[facet.name])
            lines.append(f"- [{facet.title}]({self.layout.md_link(here, self.layout.facet_index(facet.name))}) ({count})")
        return GeneratedPage(here, "\n".join(lines) + "\n", "Browse")

    def facet_index_page(self, facet: str) -> GeneratedPage:
        f = FACET_BY_NAME[facet]
        here = self.layout.facet_index(facet)
        lines = [f"# {f.title}", "",
                 f"[Archive]({self.layout.md_link(here, self.layout.browse_index())}) › {f.title}", ""]
        groups = self.catalog.groups[facet]
        if not groups:
            lines.append(f"No exhibit names a {f.singular.lower()} yet.")
        else:
            lines += ['<div class="xa-sortable"></div>', "", f"| {f.singular} | Exhibits |", "|---|---|"]
            lines += [f"| [{md_text(g.label)}]({self.layout.md_link(here, self.layout.group(facet, k))}) "
                      f"| {len(g.slugs)} |" for k, g in groups.items()]
        return GeneratedPage(here, "\n".join(lines) + "\n", f.title)

    def group_page(self, facet: str, key: str) -> GeneratedPage:
        f = FACET_BY_NAME[facet]
        group = self.catalog.groups[facet][key]
        here = self.layout.group(facet, key)
        count = len(group.slugs)
        lines = [
            f"# {md_text(group.label)}", "",
            f"[Archive]({self.layout.md_link(here, self.layout.browse_index())}) › "
            f"[{f.title}]({self.layout.md_link(here, self.layout.facet_index(facet))}) › {md_text(group.label)}",
            "", f"{f.singular}: {count} exhibit{'s' if count != 1 else ''}.", "",
            *self._exhibit_table(here, group.slugs),
        ]
        return GeneratedPage(here, "\n".join(lines) + "\n", f"{f.singular}: {group.label}")
