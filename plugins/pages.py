"""Generate the archive's pages as engine-neutral Markdown.

Every value that came from a contributor is escaped here, once, by `md_text`;
the opinion body arrives already rendered and sanitised (plugins.render).
Headings and short texts are Markdown; links between generated pages there are
plain Markdown links to `.md` sources, so MkDocs (or Zensical) resolves and
validates them. What grows with the archive (the metadata card, related lists,
listing tables) is raw HTML built here (`Html` blocks, values escaped by `h`,
relative URLs from the layout): Python-Markdown would spend most of a build
parsing thousands of generated table rows and links.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from plugins.catalog import (
    FACET_BY_NAME,
    FACETS,
    KIND_LABELS,
    Catalog,
    Exhibit,
    group_key,
    transaction_label,
)
from plugins.citation import citation_box
from plugins.layout import Layout, page_address
from plugins.registrants import co_issuers, joined_names

if TYPE_CHECKING:
    from plugins.render import RenderedOpinion

_PROBE = "xa-probe-name"
_URL_SAFE = re.compile(r"[A-Za-z0-9._~-]+")  # what quote() leaves as it is
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


# Marks the end of the letter on an exhibit page: what follows (related exhibits) is
# navigation, left out of print and of search indexes.
LETTER_END = '<div class="xa-noprint-rest"></div>'
CARD_START, CARD_END = '<div class="xa-card" data-pagefind-body>', "</table>\n</div>"
OPINION_START = '<div class="xa-opinion" data-pagefind-body>'
# How many related exhibits an exhibit page lists per relation; the group page has them all.
RELATED_LIMIT = 10

# Pagefind (search: pagefind) indexes exhibit pages only, through these attributes:
# the card and the opinion are the searchable body, these are the filters (facets).
PAGEFIND_FILTERS = {
    "form": "Form type",
    "year": "Year",
    "state": "Issuer state",
    "firm": "Law firm",
    "law": "Governing law",
    "kind": "Kind of opinion",
}
_RELATION_IDS = {
    k: re.sub(r"[^a-z]+", "-", v.lower()).strip("-") for k, v in _RELATION_TITLES.items()
}


@dataclass(frozen=True)
class GeneratedPage:
    src: str
    markdown: str
    title: str
    # Raw HTML blocks that `markdown` holds verbatim, in order, each on lines of its own:
    # an adapter may hand its Markdown engine a placeholder instead and put the block back
    # after rendering (the engine would pass raw HTML through unchanged anyway).
    blocks: tuple[str, ...] = ()


class Html(str):
    """A raw HTML block of a page: every contributed value in it went through `h`."""


def h(value: object) -> str:
    """Untrusted text as inert HTML text or attribute value (braces too: no template
    engine downstream may find `{{` or `{%` in contributed text)."""
    return _h(value if isinstance(value, str) else str(value))


@functools.lru_cache(maxsize=65536)  # names and titles recur on thousands of pages
def _h(text: str) -> str:
    text = html.escape(" ".join(text.split()))
    return text.replace("{", "&#123;").replace("}", "&#125;")


def page(src: str, title: str, parts: list[str]) -> GeneratedPage:
    """A page from Markdown lines and `Html` blocks."""
    blocks = tuple(p for p in parts if isinstance(p, Html))
    return GeneratedPage(src, "\n".join(parts) + "\n", title, blocks)


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
        return (
            f"https://www.sec.gov/Archives/edgar/data/{int(m.issuer_cik)}/"
            f"{m.accession_number.replace('-', '')}/{m.accession_number}-index.htm"
        )
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

    def __init__(
        self,
        catalog: Catalog,
        layout: Layout,
        render: Callable[[Exhibit, str], RenderedOpinion],
        site_url: str = "",
    ) -> None:
        self.catalog = catalog
        self.layout = layout
        self.site_url = site_url  # for the permanent address in the citation box
        self.render = render  # (exhibit, page src) -> rendered opinion; cached by the caller
        self._prefixes: dict[tuple[str, bool, str], tuple[str, str]] = {}

    # -- links -------------------------------------------------------------------------
    def link(self, here: str, facet: str, label: str, text: str | None = None) -> str:
        target = self.layout.group(facet, group_key(facet, label))
        return f"[{md_text(text or label)}]({self.layout.md_link(here, target)})"

    def exhibit_link(self, here: str, ex: Exhibit, text: str | None = None) -> str:
        target = self.layout.exhibit(ex.slug)
        return f"[{md_text(text or ex.title)}]({self.layout.md_link(here, target)})"

    # Links in raw HTML blocks: relative URLs computed here (MkDocs does not rewrite them).
    def href(self, here: str, target: str) -> str:
        """`layout.href`, fast: computed once per page and target folder, then by name."""
        folder, _, name = target.rpartition("/")
        if name == "index.md" or not name.endswith(".md") or target == here:
            return self.layout.href(here, target)
        # Pages of one folder (index pages aside) are all as deep: one prefix serves them all.
        where, _, page_name = here.rpartition("/")
        key = (where, page_name == "index.md", folder)
        parts = self._prefixes.get(key)
        if parts is None:
            source = (
                here
                if page_name == "index.md"
                else f"{where}/xa-probe-source.md"
                if where
                else "xa-probe-source.md"
            )
            sample = self.layout.href(source, f"{folder}/{_PROBE}.md" if folder else f"{_PROBE}.md")
            cut = sample.rindex(_PROBE)
            parts = self._prefixes[key] = (sample[:cut], sample[cut + len(_PROBE) :])
        stem = name[:-3]
        if not _URL_SAFE.fullmatch(stem):
            stem = quote(stem, safe="/.#-_~")
        return f"{parts[0]}{stem}{parts[1]}"

    def a(self, here: str, facet: str, label: str, text: str | None = None, attrs: str = "") -> str:
        """An HTML link to the group page of `label`; `attrs` is trusted markup."""
        target = self.layout.group(facet, group_key(facet, label))
        return f'<a href="{self.href(here, target)}"{attrs}>{h(text or label)}</a>'

    def a_exhibit(self, here: str, ex: Exhibit, text: str | None = None) -> str:
        target = self.href(here, self.layout.exhibit(ex.slug))
        return f'<a href="{target}">{h(text or ex.title)}</a>'

    def crumbs(self, here: str, *steps: tuple[str, str | None]) -> str:
        """Breadcrumbs as an HTML paragraph: (text, target page src or None)."""
        return (
            "<p>"
            + " › ".join(
                f'<a href="{self.href(here, src)}">{h(text)}</a>' if src else h(text)
                for text, src in steps
            )
            + "</p>"
        )

    # -- pages -------------------------------------------------------------------------
    def all_pages(self, groups: bool = True) -> Iterator[GeneratedPage]:
        """Every page; without the group pages (one per issuer, firm...) if `groups` is
        false, for a caller that builds them itself (`group_page`) elsewhere."""
        yield self.browse_page()
        yield self.all_exhibits_page()
        for ex in self.catalog.exhibits.values():
            yield self.exhibit_page(ex)
        for facet in FACETS:
            yield self.facet_index_page(facet.name)
            if groups:
                for key in self.catalog.groups[facet.name]:
                    yield self.group_page(facet.name, key)

    def exhibit_page(self, ex: Exhibit) -> GeneratedPage:
        here = self.layout.exhibit(ex.slug)
        m = ex.meta
        rendered = self.render(ex, here)
        first_issuer = co_issuers(m.issuer)[0]  # co-registrants: the crumb leads to the first
        issuer = self.layout.group("issuer", group_key("issuer", first_issuer))
        parts = [
            f"# {md_text(m.issuer)}: Exhibit {md_text(m.exhibit)}",
            "",
            Html(
                '<div class="xa-noprint-next"></div>\n'  # print: the crumbs after it are hidden
                + self.crumbs(
                    here,
                    ("Archive", self.layout.browse_index()),
                    ("Exhibits", self.layout.all_exhibits()),
                    (first_issuer, issuer),
                    (f"Exhibit {m.exhibit}", None),
                )
                + f"\n<p><em>{h(m.opinion_kind.capitalize())} opinion of "
                f"{h(m.law_firm or m.counsel)}, {long_date(m.date)}</em></p>"
            ),
            "",
            self._card(here, ex),
            "",
            Html("\n".join(citation_box(ex, edgar_link(ex), self._address(here)))),
            "",
            "## Opinion text",
            "",
            Html(f"{OPINION_START}\n{rendered.html}</div>"),
            "",
            Html(LETTER_END),  # print: the letter ends here
            "",
            *self._related(here, ex),
        ]
        return page(here, ex.title, parts)

    def _address(self, src: str) -> str | None:
        return page_address(self.layout, self.site_url, src) if self.site_url else None

    def _card(self, here: str, ex: Exhibit) -> Html:
        """The metadata table; it and the opinion are what Pagefind indexes, with filters."""
        m = ex.meta
        f = {k: f' data-pagefind-filter="{v}"' for k, v in PAGEFIND_FILTERS.items()}
        rows: list[tuple[str, str]] = []
        names = [self.a(here, "issuer", name) for name in co_issuers(m.issuer)]
        issuer = joined_names(names)
        if m.issuer_state:
            issuer += f", incorporated in {self.a(here, 'state', m.issuer_state, attrs=f['state'])}"
        if m.issuer_cik:
            issuer += f' · CIK <a href="{h(edgar_company_url(m.issuer_cik))}">{h(m.issuer_cik)}</a>'
        rows.append(("Issuer", issuer))
        if m.counsel:
            who = self.a(here, "counsel", m.counsel)
            if m.counsel_title:
                who += f", {h(m.counsel_title)}"
            if m.counsel_role:
                who += f" ({h(m.counsel_role)} counsel)"
            rows.append(("Counsel", who))
        if m.law_firm:
            rows.append(("Law firm", self.a(here, "firm", m.law_firm, attrs=f["firm"])))
        year = str(m.date.year)
        when = f' data-pagefind-filter="{PAGEFIND_FILTERS["year"]}:{year}"'
        rows.append(("Date", self.a(here, "year", year, long_date(m.date), attrs=when)))
        label = KIND_LABELS[m.opinion_kind]
        which = f' data-pagefind-filter="{PAGEFIND_FILTERS["kind"]}:{h(label)}"'
        kind = self.a(here, "kind", label, f"{m.opinion_kind} opinion", attrs=which)
        rows.append(("Exhibit", f"{h(m.exhibit)} ({kind})"))
        if m.form:
            rows.append(("Form", self.a(here, "form", m.form, attrs=f["form"])))
        if m.file_number:
            rows.append(
                (
                    "File number",
                    " · ".join(
                        f"{self.a(here, 'registration', n)} "
                        f'(<a href="{h(edgar_file_number_url(n))}">EDGAR</a>)'
                        for n in m.file_number
                    ),
                )
            )
        filing = edgar_filing_url(ex)
        if filing or m.accession_number:
            text = h(m.accession_number or "filing on EDGAR")
            rows.append(("Filing", f'<a href="{h(filing)}">{text}</a>' if filing else text))
        if m.securities:
            rows.append(("Securities", "<br>".join(self._security(s) for s in m.securities)))
        if m.transaction:
            t = m.transaction
            value = self.a(here, "transaction", transaction_label(m), t.agreement)
            if t.date:
                value += f", dated {long_date(t.date)}"
            if t.parties:
                value += "; parties: " + ", ".join(self.a(here, "party", p) for p in t.parties)
            rows.append(("Transaction", value))
        if m.governing_law:
            rows.append(
                (
                    "Governing law",
                    "<br>".join(self.a(here, "law", x, attrs=f["law"]) for x in m.governing_law),
                )
            )
        if m.opinions:
            rows.append(
                ("Opinions given", "; ".join(self.a(here, "opinion", o) for o in m.opinions))
            )
        if m.consent is not None:
            rows.append(
                (
                    "Consent",
                    "Counsel consents to the filing of this opinion"
                    if m.consent
                    else "No consent given in the letter",
                )
            )
        if m.tags:
            rows.append(("Tags", ", ".join(h(t) for t in m.tags)))
        body = "\n".join(f"<tr>\n<td>{name}</td>\n<td>{value}</td>\n</tr>" for name, value in rows)
        return Html(
            f"{CARD_START}\n"
            f'<span data-pagefind-meta="title" data-pagefind-ignore hidden>'
            f"{h(ex.title)}</span>\n"
            f"<table>\n<thead>\n<tr>\n<th>Opinion</th>\n<th></th>\n</tr>\n</thead>\n"
            f"<tbody>\n{body}\n</tbody>\n{CARD_END}"
        )

    @staticmethod
    def _security(s) -> str:  # noqa: ANN001 - a schema.Security
        bits = [h(s.description)]
        facts = []
        if s.security_class:
            facts.append(f"class: {h(s.security_class)}")
        if s.shares is not None:
            facts.append(f"{s.shares:,} shares")
        if s.principal_amount is not None:
            facts.append(f"{h(s.currency)} {s.principal_amount:,} principal amount")
        if s.par_value:
            facts.append(f"par value {h(s.par_value)}")
        if facts:
            bits.append(f"({'; '.join(facts)})")
        if s.part_of_total:
            bits.insert(0, "<em>of which</em>")  # inside the total above, not added to it
        if not s.covered:
            bits.append("<em>(registered, but left to another opinion)</em>")
        return " ".join(bits)

    def _related(self, here: str, ex: Exhibit) -> list[str]:
        related = self.catalog.related(ex.slug)
        if not related:
            return []
        parts = []
        for relation, exhibits in related:
            items = [f"<li>{self.a_exhibit(here, e)}</li>" for e in exhibits[:RELATED_LIMIT]]
            if len(exhibits) > RELATED_LIMIT:
                more = f"… and {len(exhibits) - RELATED_LIMIT} more"
                group = self._relation_group(ex, relation)
                items.append(
                    f'<li><a href="{self.href(here, group)}">{more}</a></li>'
                    if group
                    else f"<li>{more}</li>"
                )
            title = _RELATION_TITLES[relation]
            parts.append(
                f'<h3 id="{_RELATION_IDS[relation]}">{title}</h3>\n<ul>\n'
                + "\n".join(items)
                + "\n</ul>"
            )
        return ["## Related exhibits", "", Html("\n".join(parts)), ""]

    def _relation_group(self, ex: Exhibit, relation: str) -> str | None:
        """The group page listing every exhibit of a relation (one group only)."""
        keys = [k for f, k in self.catalog.memberships.get(ex.slug, ()) if f == relation]
        return self.layout.group(relation, keys[0]) if len(keys) == 1 else None

    def _exhibit_table(self, here: str, slugs) -> Html:  # noqa: ANN001
        """A sortable table of exhibits (one row per exhibit: built as HTML, cheaply)."""
        rows = []
        for slug in slugs:
            ex = self.catalog.exhibits[slug]
            m = ex.meta
            rows.append(
                f"<tr>\n<td>{m.date.isoformat()}</td>\n"
                f"<td>{self.a_exhibit(here, ex, m.issuer)}</td>\n"
                f"<td>{h(m.exhibit)}</td>\n<td>{h(m.form or '')}</td>\n"
                f"<td>{h(m.law_firm or m.counsel or '')}</td>\n"
                f"<td>{h(', '.join(m.file_number))}</td>\n</tr>"
            )
        return Html(
            '<div class="xa-sortable"></div>\n<table>\n<thead>\n<tr>\n<th>Date</th>\n'
            "<th>Issuer</th>\n<th>Exhibit</th>\n<th>Form</th>\n<th>Counsel</th>\n"
            "<th>File No.</th>\n</tr>\n</thead>\n<tbody>\n"
            + "\n".join(rows)
            + "\n</tbody>\n</table>"
        )

    def all_exhibits_page(self) -> GeneratedPage:
        here = self.layout.all_exhibits()
        parts = [
            "# All exhibits",
            "",
            Html(
                self.crumbs(here, ("Archive", self.layout.browse_index()), ("All exhibits", None))
                + f"\n<p>{len(self.catalog.exhibits)} opinions, newest first. "
                "Select a column heading to sort.</p>"
            ),
            "",
            self._exhibit_table(here, self.catalog.exhibits),
        ]
        return page(here, "All exhibits", parts)

    def browse_page(self) -> GeneratedPage:
        here = self.layout.browse_index()
        lines = [
            "# Browse the archive",
            "",
            f"- [All exhibits]({self.layout.md_link(here, self.layout.all_exhibits())}) "
            f"({len(self.catalog.exhibits)})",
        ]
        for facet in FACETS:
            count = len(self.catalog.groups[facet.name])
            link = self.layout.md_link(here, self.layout.facet_index(facet.name))
            lines.append(f"- [{facet.title}]({link}) ({count})")
        return GeneratedPage(here, "\n".join(lines) + "\n", "Browse")

    def facet_index_page(self, facet: str) -> GeneratedPage:
        f = FACET_BY_NAME[facet]
        here = self.layout.facet_index(facet)
        lines = [
            f"# {f.title}",
            "",
            Html(self.crumbs(here, ("Archive", self.layout.browse_index()), (f.title, None))),
            "",
        ]
        groups = self.catalog.groups[facet]
        if not groups:
            lines.append(f"No exhibit names a {f.singular.lower()} yet.")
        else:
            rows = "\n".join(
                f'<tr>\n<td><a href="{self.href(here, self.layout.group(facet, k))}">'
                f"{h(g.label)}</a></td>\n<td>{len(g.slugs)}</td>\n</tr>"
                for k, g in groups.items()
            )
            lines.append(
                Html(
                    f'<div class="xa-sortable"></div>\n<table>\n<thead>\n<tr>\n'
                    f"<th>{f.singular}</th>\n<th>Exhibits</th>\n</tr>\n</thead>\n"
                    f"<tbody>\n{rows}\n</tbody>\n</table>"
                )
            )
        return page(here, f.title, lines)

    def group_page(self, facet: str, key: str) -> GeneratedPage:
        f = FACET_BY_NAME[facet]
        group = self.catalog.groups[facet][key]
        here = self.layout.group(facet, key)
        count = len(group.slugs)
        lines = [
            f"# {md_text(group.label)}",
            "",
            Html(
                self.crumbs(
                    here,
                    ("Archive", self.layout.browse_index()),
                    (f.title, self.layout.facet_index(facet)),
                    (group.label, None),
                )
                + f"\n<p>{f.singular}: {count} exhibit{'s' if count != 1 else ''}.</p>"
            ),
            "",
            self._exhibit_table(here, group.slugs),
        ]
        return page(here, f"{f.singular}: {group.label}", lines)
