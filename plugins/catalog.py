"""The catalog: every valid exhibit, and the browse indexes over them, built once.

`load_catalog` is the one entry point the adapters (MkDocs plugin, CLI) use: it
reads every file, validates each, checks the archive as a whole (unique slugs,
references that resolve, duplicate filings), and returns the `Catalog` plus every
problem found. Files with errors are left out of the catalog, never half-published.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from plugins.frontmatter import FrontMatter, read_exhibit
from plugins.names import confusable_problems
from plugins.problems import ValidationProblem, printable
from plugins.registrants import co_issuers
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
    Facet("kind", "kinds", "Kinds of opinion", "Kind of opinion"),
    Facet("opinion", "opinions", "Opinions given", "Opinion given"),
)
KIND_LABELS = {"legality": "Legality opinions", "tax": "Tax opinions", "other": "Other opinions"}
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
        for issuer in co_issuers(m.issuer):
            yield "issuer", issuer
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
        yield "kind", KIND_LABELS[m.opinion_kind]
        for given in m.opinions:
            yield "opinion", given


def transaction_label(meta: ExhibitMeta) -> str:
    t = meta.transaction
    assert t is not None
    return f"{t.agreement} ({t.date.isoformat()})" if t.date else f"{t.agreement} ({meta.issuer})"


@functools.lru_cache(maxsize=131072)  # slugify is slow, and labels repeat across exhibits
def group_key(facet: str, label: str) -> str:
    if facet in ("registration", "year"):
        return label
    if facet == "opinion":  # "non-assessable" and "nonassessable" are one opinion
        label = label.replace("-", "")
    key = slugify(label, max_length=80, word_boundary=True) or "unnamed"
    # A name that slugifies to "index" ("INDEX", "Index") would replace the facet's list
    # page (issuers/index.md): it gets a key of its own (issue 6).
    return f"{key}-{facet}" if key == "index" else key


def derived_slug(meta: ExhibitMeta) -> str:
    return meta.slug or slugify(
        f"{meta.issuer} ex {meta.exhibit} {meta.date.isoformat()}",
        max_length=110,
        word_boundary=True,
    )


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
    # slug -> slugs of the exhibits that supersede or amend it (a lookup, not a scan per page)
    replaced_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def group_of(self, facet: str, label: str) -> Group | None:
        return self.groups.get(facet, {}).get(group_key(facet, label))

    def related(self, slug: str) -> list[tuple[str, list[Exhibit]]]:
        """Other exhibits sharing a group with this one, by relation, nearest first."""
        out = []
        ex = self.exhibits[slug]
        for facet in ("registration", "transaction", "issuer", "firm", "counsel"):
            seen: dict[str, None] = {}  # slugs, in group order; a set for membership
            for f, key in self.memberships.get(slug, ()):
                if f == facet:
                    seen.update((s, None) for s in self.groups[f][key].slugs if s != slug)
            if seen:
                out.append((facet, [self.exhibits[s] for s in seen]))
        versions = [
            self.exhibits[s] for s in (*ex.meta.supersedes, *ex.meta.amends) if s in self.exhibits
        ]
        versions += [self.exhibits[s] for s in self.replaced_by.get(slug, ())]
        if versions:
            out.insert(0, ("versions", versions))
        return out


def build_catalog(exhibits: Iterable[Exhibit]) -> Catalog:
    ordered = sorted(exhibits, key=lambda e: (-e.meta.date.toordinal(), e.meta.issuer, e.slug))
    # group -> its slugs in order (dict keys: ordered, with O(1) membership)
    members: dict[str, dict[str, dict[str, None]]] = defaultdict(lambda: defaultdict(dict))
    labels: dict[tuple[str, str], str] = {}
    memberships: dict[str, list[tuple[str, str]]] = defaultdict(list)
    replaced_by: dict[str, list[str]] = defaultdict(list)
    for ex in ordered:
        for facet, label in ex.facet_values():
            key = group_key(facet, label)
            if ex.slug not in members[facet][key]:
                members[facet][key][ex.slug] = None
                memberships[ex.slug].append((facet, key))
            labels.setdefault((facet, key), label)
        for target in dict.fromkeys((*ex.meta.supersedes, *ex.meta.amends)):
            replaced_by[target].append(ex.slug)
    groups = {
        f.name: {
            key: Group(f.name, key, labels[(f.name, key)], tuple(slugs))
            for key, slugs in sorted(
                members[f.name].items(), key=lambda kv: _sort_label(f.name, labels[(f.name, kv[0])])
            )
        }
        for f in FACETS
    }
    aliases = {a: ex.slug for ex in ordered for a in ex.meta.aliases}
    return Catalog(
        {e.slug: e for e in ordered},
        groups,
        {s: tuple(m) for s, m in memberships.items()},
        aliases,
        {s: tuple(r) for s, r in replaced_by.items()},
    )


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


def exhibits_dir_problem(root: Path, directory: str) -> str | None:
    """Why `directory` (the exhibits_dir option) is not a folder inside the project, or None.

    A hostile or mistaken setting ('../..', '/', a link leading out) would otherwise walk
    folders outside the repository, or the whole disk."""
    text = str(directory)
    if (
        not text.strip()
        or os.path.isabs(text)
        or re.match(r"^[A-Za-z]:", text)
        or ".." in re.split(r"[\\/]", text)
    ):
        return (
            f"exhibits_dir '{printable(text)}' must be a relative folder inside the "
            "project, without '..'"
        )
    top = Path(os.path.realpath(root))
    real = Path(os.path.realpath(root / text))
    if real == top or not real.is_relative_to(top):
        return (
            f"exhibits_dir '{printable(text)}' must be a folder inside the project "
            "(it leads to the project itself or outside it)"
        )
    return None


def find_exhibit_files(root: Path, directory: str) -> list[Path]:
    base = root / directory
    if exhibits_dir_problem(root, directory) or not base.is_dir():
        return []
    found = {p for p in base.rglob("*.md") if p.is_file() or p.is_symlink()}
    # Folders reached through a symbolic link are never walked; name them so that the files
    # in them are not silently missing (issue 6).
    found |= {p for p in base.rglob("*") if p.is_symlink() and p.is_dir()}
    return sorted(found)


# One file's outcome: its problems, and the exhibit when it may be published.
FileResult = tuple[list[ValidationProblem], "Exhibit | None"]


def load_catalog(
    root: Path,
    paths: Iterable[Path],
    *,
    jobs: int | None = 1,
    cache: dict[tuple[str, str], FileResult] | None = None,
) -> LoadResult:
    """Read, validate and index exhibit files under `root`.

    `jobs` > 1 (None: one per core) reads and validates files in that many processes.
    `cache` (kept by the caller across rebuilds, e.g. by `mkdocs serve`) maps a file's shown
    path and the SHA-256 of its bytes to its outcome, so unchanged files are not parsed
    again; on return it holds this run's files only.
    """
    from plugins.workers import map_chunks

    paths = list(paths)
    results: list[FileResult | None] = [None] * len(paths)
    keys: list[tuple[str, str] | None] = [None] * len(paths)
    todo = list(range(len(paths)))
    if cache is not None:
        todo = []
        for i, path in enumerate(paths):
            keys[i] = _key(root, path)
            results[i] = cache.get(keys[i]) if keys[i] else None  # type: ignore[arg-type]
            if results[i] is None:
                todo.append(i)
    fresh = map_chunks(_load_files, [paths[i] for i in todo], state=root, jobs=jobs)
    for i, (key, result) in zip(todo, fresh, strict=True):
        keys[i], results[i] = key, result
    if cache is not None:  # exactly this run's files: edited and removed ones are forgotten
        cache.clear()
        cache.update(
            (k, r) for k, r in zip(keys, results, strict=True) if k is not None and r is not None
        )
    problems: list[ValidationProblem] = []
    candidates: list[Exhibit] = []
    for file_problems, exhibit in filter(None, results):
        problems += file_problems
        if exhibit is not None:
            candidates.append(exhibit)
    accepted, archive_problems = _archive_checks(candidates)
    problems += archive_problems
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.field))
    return LoadResult(build_catalog(accepted), problems, len(paths))


def _load_files(
    root: Path, paths: Iterable[Path]
) -> list[tuple[tuple[str, str] | None, FileResult]]:
    return [_load_file(root, path) for path in paths]


def _key(root: Path, path: Path) -> tuple[str, str] | None:
    """A file's cache key: its shown path and the SHA-256 of its bytes (None: unreadable)."""
    shown = _display(root, path)
    raw, problem = _read_inside(root, path, shown)
    return None if problem else (shown, hashlib.sha256(raw).hexdigest())


def _load_file(root: Path, path: Path) -> tuple[tuple[str, str] | None, FileResult]:
    """(cache key: shown path and SHA-256 of the bytes, or None if unreadable), outcome."""
    shown = _display(root, path)
    raw, problem = _read_inside(root, path, shown)
    if problem:
        return None, ([problem], None)
    digest = hashlib.sha256(raw).hexdigest()
    fm = read_exhibit(shown, raw)
    meta, schema_problems = validate_front_matter(fm)
    file_problems = fm.problems + schema_problems
    problems = _capped(file_problems, shown)
    if meta is not None:
        problems += review_warnings(fm, meta)
    exhibit = None
    if meta is not None and not any(p.severity == "error" for p in file_problems):
        exhibit = _exhibit(fm, meta, digest)
    return (shown, digest), (problems, exhibit)


MAX_PROBLEMS_PER_FILE = 50


def _capped(problems: list[ValidationProblem], shown: str) -> list[ValidationProblem]:
    """At most MAX_PROBLEMS_PER_FILE problems of one file, then one that counts the rest:
    a file with 10,000 unknown keys must not flood a terminal or a CI log."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    kept = sorted(problems, key=lambda p: (p.line, p.column, p.field))[:MAX_PROBLEMS_PER_FILE]
    rest = len(problems) - MAX_PROBLEMS_PER_FILE
    last = kept[-1]
    return [
        *kept,
        ValidationProblem(
            shown,
            last.line,
            last.column,
            "",
            f"{rest} more problems in this file not shown",
            suggestion="fix the ones above and check again",
        ),
    ]


def _exhibit(fm: FrontMatter, meta: ExhibitMeta, digest: str) -> Exhibit:
    lines = {str(loc[0]): (p.line, p.column) for loc, p in fm.keys.items() if len(loc) == 1}
    return Exhibit(meta, derived_slug(meta), fm.path, fm.body, fm.body_line, digest, lines)


def _display(root: Path, path: Path) -> str:
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(root)))
    except ValueError:
        return str(path)


def _read_inside(root: Path, path: Path, shown: str) -> tuple[bytes, ValidationProblem | None]:
    """Read a file only if it really lies inside the repository (symlinks resolved)."""
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if not real.is_relative_to(top):
        return b"", ValidationProblem(
            shown,
            1,
            1,
            "",
            "file points outside the repository",
            expected=f"a file under {top.name}/",
            found="a symbolic link or path leading outside",
            suggestion="copy the file into the exhibits folder",
        )
    if real.is_dir():
        return b"", ValidationProblem(
            shown,
            1,
            1,
            "",
            "a symbolic link to a folder is not followed",
            expected="exhibit files in the exhibits folder",
            found="a link to a folder",
            suggestion="move the files into the exhibits folder",
        )
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
    for name, group in [
        *(("slug " + k, v) for k, v in claims.items()),
        *(
            ("filing " + f"{k[1] or 'no file number'}, Exhibit {k[0]}", v)
            for k, v in identity.items()
        ),
    ]:
        paths = sorted({e.path for e in group})
        if len(paths) < 2:
            continue
        for ex in group:
            if ex.path in withheld and name.startswith("filing"):
                continue
            withheld.add(ex.path)
            others = ", ".join(p for p in paths if p != ex.path)
            problems.append(
                ValidationProblem(
                    ex.path,
                    *ex.where("slug" if name.startswith("slug") else "exhibit"),
                    "slug" if name.startswith("slug") else "exhibit",
                    f"conflict: {name.split(' ', 1)[1]} is also claimed by {others}; "
                    "neither is published",
                    expected="each exhibit once, with a unique slug",
                    found=f"{len(paths)} files",
                    suggestion="remove the duplicate or give each a distinct slug",
                )
            )
    known = {e.slug for e in candidates if e.path not in withheld}
    for ex in candidates:
        for relation in ("supersedes", "amends"):
            for target in getattr(ex.meta, relation):
                if target not in known:
                    withheld.add(ex.path)
                    problems.append(
                        ValidationProblem(
                            ex.path,
                            *ex.where(relation),
                            relation,
                            f"'{target}' is not an exhibit in the archive",
                            expected="the slug of an existing exhibit",
                            found=f"'{target}'",
                        )
                    )
    accepted = [e for e in candidates if e.path not in withheld]
    problems += confusable_problems(accepted)
    return accepted, problems
