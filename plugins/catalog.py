"""The catalog: every valid exhibit, and the browse indexes over them, built once.

`load_catalog` is the one entry point the adapters (MkDocs plugin, CLI) use: it
reads every file, validates each, checks the archive as a whole (unique slugs,
references that resolve, duplicate filings), and returns the `Catalog` plus every
problem found. Files with errors are left out of the catalog, never half-published.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from plugins.frontmatter import FrontMatter, read_exhibit
from plugins.names import confusable_problems
from plugins.problems import ValidationProblem
from plugins.schema import ExhibitMeta
from plugins.validation import review_warnings, validate_front_matter


@dataclass(frozen=True)
class Facet:
    """One way to browse the archive: a folder of group pages plus an index page."""

    name: str
    folder: str
    title: str
    singular: str


FACETS: tuple[Facet, ...] = (
    Facet("issuer", "issuers", "Issuers", "Issuer"),
    Facet("firm", "law-firms", "Law firms", "Law firm"),
    Facet("counsel", "counsel", "Counsel", "Counsel"),
    Facet("registration", "registrations", "Registration statements", "Registration statement"),
    Facet("transaction", "transactions", "Transactions", "Transaction"),
    Facet("law", "governing-law", "Governing law", "Governing law"),
    Facet("form", "forms", "Form types", "Form type"),
    Facet("year", "years", "Years", "Year"),
    Facet("state", "states", "States of incorporation", "State of incorporation"),
    Facet("party", "parties", "Transaction parties", "Party"),
)
FACET_BY_NAME = {f.name: f for f in FACETS}


@dataclass(frozen=True)
class Exhibit:
    meta: ExhibitMeta
    slug: str
    path: str  # as given to the loader, for messages
    body: str
    body_line: int
    digest: str  # content hash of the file: caches key on it
    lines: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, hash=False)

    def where(self, key: str) -> tuple[int, int]:
        """(line, column) of a top-level field in the file, for messages."""
        return self.lines.get(key) or min(self.lines.values(), default=(2, 1))

    @property
    def title(self) -> str:
        m = self.meta
        return f"{m.issuer}: Exhibit {m.exhibit} {m.opinion_kind} opinion ({m.date.isoformat()})"

    def facet_values(self) -> Iterator[tuple[str, str]]:
        """(facet name, label) pairs this exhibit is listed under."""
        m = self.meta
        yield "issuer", m.issuer
        if m.law_firm:
            yield "firm", m.law_firm
        if m.counsel:
            yield "counsel", m.counsel
        for number in m.file_number:
            yield "registration", number
        if m.transaction:
            yield "transaction", transaction_label(m)
            for party in m.transaction.parties:
                yield "party", party
        for law in m.governing_law:
            yield "law", law
        if m.form:
            yield "form", m.form
        yield "year", str(m.date.year)
        if m.issuer_state:
            yield "state", m.issuer_state


def transaction_label(meta: ExhibitMeta) -> str:
    t = meta.transaction
    assert t is not None
    return f"{t.agreement} ({t.date.isoformat()})" if t.date else f"{t.agreement} ({meta.issuer})"


def group_key(facet: str, label: str) -> str:
    if facet in ("registration", "year"):
        return label
    return slugify(label, max_length=80, word_boundary=True) or "unnamed"


def derived_slug(meta: ExhibitMeta) -> str:
    return meta.slug or slugify(f"{meta.issuer} ex {meta.exhibit} {meta.date.isoformat()}",
                                max_length=110, word_boundary=True)


@dataclass(frozen=True)
class Group:
    facet: str
    key: str
    label: str
    slugs: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    exhibits: dict[str, Exhibit]  # slug -> exhibit, newest first
    groups: dict[str, dict[str, Group]]  # facet -> key -> group, keys sorted by label
    memberships: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # old slug -> slug

    def group_of(self, facet: str, label: str) -> Group | None:
        return self.groups.get(facet, {}).get(group_key(facet, label))

    def related(self, slug: str) -> list[tuple[str, list[Exhibit]]]:
        """Other exhibits sharing a group with this one, by relation, nearest first."""
        out = []
        ex = self.exhibits[slug]
        for facet in ("registration", "transaction", "issuer", "firm", "counsel"):
            seen: list[Exhibit] = []
            for f, key in self.memberships.get(slug, ()):
                if f == facet:
                    seen += [self.exhibits[s] for s in self.groups[f][key].slugs
                             if s != slug and self.exhibits[s] not in seen]
            if seen:
                out.append((facet, seen))
        versions = [self.exhibits[s] for s in (*ex.meta.supersedes, *ex.meta.amends)
                    if s in self.exhibits]
        versions += [e for e in self.exhibits.values()
                     if slug in e.meta.supersedes or slug in e.meta.amends]
        if versions:
            out.insert(0, ("versions", versions))
        return out


def build_catalog(exhibits: Iterable[Exhibit]) -> Catalog:
    ordered = sorted(exhibits, key=lambda e: (-e.meta.date.toordinal(), e.meta.issuer, e.slug))
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[tuple[str, str], str] = {}
    memberships: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ex in ordered:
        for facet, label in ex.facet_values():
            key = group_key(facet, label)
            if ex.slug not in members[facet][key]:
                members[facet][key].append(ex.slug)
                memberships[ex.slug].append((facet, key))
            labels.setdefault((facet, key), label)
    groups = {
        f.name: {
            key: Group(f.name, key, labels[(f.name, key)], tuple(slugs))
            for key, slugs in sorted(members[f.name].items(),
                                     key=lambda kv: _sort_label(f.name, labels[(f.name, kv[0])]))
        }
        for f in FACETS
    }
    aliases = {a: ex.slug for ex in ordered for a in ex.meta.aliases}
    return Catalog({e.slug: e for e in ordered}, groups,
                   {s: tuple(m) for s, m in memberships.items()}, aliases)


def _sort_label(facet: str, label: str) -> tuple[int, str]:
    if facet == "year":
        return (-int(label), label)
    return (0, label.casefold())


@dataclass
class LoadResult:
    catalog: Catalog
    problems: list[ValidationProblem]
    files: int

    @property
    def errors(self) -> list[ValidationProblem]:
        return [p for p in self.problems if p.severity == "error"]


def find_exhibit_files(root: Path, directory: str) -> list[Path]:
    base = root / directory
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*.md") if p.is_file() or p.is_symlink())


def load_catalog(root: Path, paths: Iterable[Path]) -> LoadResult:
    """Read, validate and index exhibit files under `root`."""
    problems: list[ValidationProblem] = []
    candidates: list[Exhibit] = []
    count = 0
    for path in paths:
        count += 1
        shown = _display(root, path)
        raw, problem = _read_inside(root, path, shown)
        if problem:
            problems.append(problem)
            continue
        fm = read_exhibit(shown, raw)
        meta, schema_problems = validate_front_matter(fm)
        file_problems = fm.problems + schema_problems
        problems += file_problems
        if meta is not None:
            problems += review_warnings(fm, meta)
        if meta is None or any(p.severity == "error" for p in file_problems):
            continue
        candidates.append(_exhibit(fm, meta, raw))
    accepted, archive_problems = _archive_checks(candidates)
    problems += archive_problems
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.field))
    return LoadResult(build_catalog(accepted), problems, count)


def _exhibit(fm: FrontMatter, meta: ExhibitMeta, raw: bytes) -> Exhibit:
    lines = {str(loc[0]): (p.line, p.column) for loc, p in fm.keys.items() if len(loc) == 1}
    return Exhibit(meta, derived_slug(meta), fm.path, fm.body, fm.body_line,
                   hashlib.sha256(raw).hexdigest(), lines)


def _display(root: Path, path: Path) -> str:
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(root)))
    except ValueError:
        return str(path)


def _read_inside(root: Path, path: Path, shown: str) -> tuple[bytes, ValidationProblem | None]:
    """Read a file only if it really lies inside the repository (symlinks resolved)."""
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if not real.is_relative_to(top):
        return b"", ValidationProblem(shown, 1, 1, "", "file points outside the repository",
                                      expected=f"a file under {top.name}/",
                                      found="a symbolic link or path leading outside",
                                      suggestion="copy the file into the exhibits folder")
    try:
        with open(real, "rb") as handle:
            raw = handle.read(4 * 1024 * 1024 + 1)
    except OSError as exc:
        return b"", ValidationProblem(shown, 1, 1, "", f"cannot read file: {exc.strerror}")
    return raw, None


def _archive_checks(candidates: list[Exhibit]) -> tuple[list[Exhibit], list[ValidationProblem]]:
    """Checks across files. Conflicting files are all withheld: never last-writer-wins."""
    problems: list[ValidationProblem] = []
    withheld: set[str] = set()
    claims: dict[str, list[Exhibit]] = defaultdict(list)
    for ex in candidates:
        claims[ex.slug].append(ex)
        for alias in ex.meta.aliases:
            claims[alias].append(ex)
    identity: dict[tuple[object, ...], list[Exhibit]] = defaultdict(list)
    for ex in candidates:
        m = ex.meta
        for number in m.file_number or [""]:
            identity[(m.exhibit, number, m.issuer.casefold(), m.date)].append(ex)
    for name, group in [*(("slug " + k, v) for k, v in claims.items()),
                        *(("filing " + f"{k[1] or 'no file number'}, Exhibit {k[0]}", v)
                          for k, v in identity.items())]:
        paths = sorted({e.path for e in group})
        if len(paths) < 2:
            continue
        for ex in group:
            if ex.path in withheld and name.startswith("filing"):
                continue
            withheld.add(ex.path)
            others = ", ".join(p for p in paths if p != ex.path)
            problems.append(ValidationProblem(
                ex.path, *ex.where("slug" if name.startswith("slug") else "exhibit"),
                "slug" if name.startswith("slug") else "exhibit",
                f"conflict: {name.split(' ', 1)[1]} is also claimed by {others}; neither is published",
                expected="each exhibit once, with a unique slug", found=f"{len(paths)} files",
                suggestion="remove the duplicate or give each a distinct slug"))
    known = {e.slug for e in candidates if e.path not in withheld}
    for ex in candidates:
        for relation in ("supersedes", "amends"):
            for target in getattr(ex.meta, relation):
                if target not in known:
                    withheld.add(ex.path)
                    problems.append(ValidationProblem(
                        ex.path, *ex.where(relation), relation,
                        f"'{target}' is not an exhibit in the archive",
                        expected="the slug of an existing exhibit", found=f"'{target}'"))
    accepted = [e for e in candidates if e.path not in withheld]
    problems += confusable_problems(accepted)
    return accepted, problems
