"""`exhibits import SOURCE... [--out DIR] [--force] [--labels]`: EDGAR exhibits -> archive files.

One Markdown file per opinion: front matter in the archive schema, extracted from the
letter (nothing invented; unsure fields listed in `review`), then the letter itself as
faithful Markdown. Files are validated before they are written, written atomically, and
never overwritten without --force. `--labels` prints the extraction as JSON in the flat
keys of the labelled corpus instead of writing, so accuracy can be measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from plugins.edgar_source import SourceDocument, read_sources
from plugins.extraction import LetterFacts, extract_facts, is_registration_number
from plugins.letter_html import html_to_blocks
from plugins.letter_markdown import Block, blocks_to_markdown, text_to_blocks
from plugins.registrants import co_issuers
from plugins.schema import opinion_kind

# Front matter key order: how a reviewer reads a letter (what, when, who, filing, what covered).
FIELD_ORDER = (
    "exhibit",
    "date",
    "issuer",
    "issuer_state",
    "issuer_cik",
    "counsel",
    "counsel_title",
    "counsel_role",
    "law_firm",
    "form",
    "file_number",
    "accession_number",
    "edgar_url",
    "securities",
    "transaction",
    "governing_law",
    "opinions",
    "consent",
    "slug",
    "added",
    "review",
)
LABEL_KEYS = (
    "exhibit",
    "issuer",
    "issuer_state",
    "counsel",
    "counsel_title",
    "law_firm",
    "date",
    "form",
    "file_number",
    "securities",
    "share_count",
    "governing_law",
    "opinion",
    "consent",
)
_REQUIRED = ("exhibit", "date", "issuer", "securities")


@dataclass
class ImportedOpinion:
    source: SourceDocument
    facts: LetterFacts
    markdown: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Why the document could not be read at all (an error in the importer, not in the letter).
    error: str | None = None

    @property
    def review(self) -> list[str]:
        return list(self.front_matter.get("review", []))


def letter_blocks(document: SourceDocument) -> list[Block]:
    return html_to_blocks(document.body) if document.is_html else text_to_blocks(document.body)


def _same_name(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(
            r"[^a-z0-9]", "", re.sub(r"\b(?:inc|corp|corporation|co|ltd|llc|the)\b", "", s.lower())
        )

    return bool(a and b) and key(a) == key(b)


def _filing_facts(document: SourceDocument, facts: LetterFacts) -> None:
    """Facts of the filing itself (SEC header of a full submission), not of the letter."""
    header = document.header
    if header.accession_number:
        facts.set("accession_number", header.accession_number)
    issuer = facts.values.get("issuer", "")
    parts = co_issuers(issuer) if issuer else ()  # co-registrants: each is a filer
    filers = list(
        zip(header.filer_names, header.filer_ciks, header.filer_file_numbers, strict=False)
    )
    matches = [
        (cik, number) for name, cik, number in filers if any(_same_name(name, p) for p in parts)
    ]
    if len(matches) == 1:  # co-registrants have a CIK each: none is "the" issuer's
        facts.set("issuer_cik", matches[0][0].lstrip("0") or "0")
    if header.accession_number and filers:
        # The filing's address on EDGAR works under any of its filers' CIKs.
        cik = (matches[0][0] if matches else filers[0][1]).lstrip("0") or "0"
        folder = header.accession_number.replace("-", "")
        facts.set(
            "edgar_url",
            f"https://www.sec.gov/Archives/edgar/data/{cik}/{folder}/{header.accession_number}.txt",
        )
    numbers = [n for _, n in matches if n and is_registration_number(n)]
    if "file_number" not in facts.values and numbers:
        facts.set("file_number", numbers)
        facts.from_filing.add("file_number")
    if "form" not in facts.values and header.form_type:
        facts.set("form", header.form_type, unsure=True)
        facts.from_filing.add("form")


def front_matter(facts: LetterFacts, added: dt.date) -> dict[str, Any]:
    values = dict(facts.values)
    numbers = values.get("file_number") or []
    if numbers:
        values["file_number"] = numbers[0] if len(numbers) == 1 else numbers
    values["added"] = added
    if facts.review:
        values["review"] = [name for name in FIELD_ORDER if name in facts.review]
    return {key: values[key] for key in FIELD_ORDER if values.get(key) not in (None, "", [])}


def _validated(data: dict[str, Any], body: str) -> tuple[dict[str, Any], list[str]]:
    """Validate against the archive schema; an optional field that fails is left out and
    marked for review rather than published wrong. Returns (front matter, errors)."""
    from plugins.catalog import derived_slug
    from plugins.frontmatter import read_exhibit
    from plugins.validation import validate_front_matter

    for _attempt in range(len(data) + 1):
        fm = read_exhibit("import", render_exhibit(data, body).encode("utf-8"))
        meta, problems = validate_front_matter(fm)
        errors = [p for p in fm.problems + problems if p.severity == "error"]
        if meta is not None and not errors:
            if "slug" not in data:
                data = {**data, "slug": derived_slug(meta)}
                data = {key: data[key] for key in FIELD_ORDER if key in data}
                continue
            return data, []
        failing = {p.field.split(".")[0].split("[")[0] for p in errors if p.field}
        droppable = [
            name for name in failing if name in data and name not in _REQUIRED and name != "review"
        ]
        if not droppable:
            return data, [str(p).removeprefix("import:").strip() for p in errors]
        for name in droppable:
            data.pop(name)
            review = [n for n in data.get("review", []) if n != name] + [name]
            data["review"] = [n for n in FIELD_ORDER if n in review]
    return data, ["the front matter could not be made valid"]


class _QuotedDumper(yaml.SafeDumper):
    """Every string double-quoted: no YAML 1.1 reader can take "5.1", NO or on for
    anything but text. Dates stay plain YAML dates."""


_QuotedDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)
# Keys are the schema's own names: written plain, as a person would type them.
_QuotedDumper.add_representer(
    dict,
    lambda dumper, mapping: yaml.MappingNode(
        "tag:yaml.org,2002:map",
        [
            (dumper.represent_scalar("tag:yaml.org,2002:str", str(k)), dumper.represent_data(v))
            for k, v in mapping.items()
        ],
        flow_style=False,
    ),
)


def render_exhibit(data: dict[str, Any], body: str) -> str:
    text = yaml.dump(data, Dumper=_QuotedDumper, sort_keys=False, allow_unicode=True, width=4096)
    return f"---\n{text}---\n\n{body}"


def import_document(document: SourceDocument, added: dt.date | None = None) -> ImportedOpinion:
    blocks = letter_blocks(document)
    facts = extract_facts(blocks, document.doc_type)
    _filing_facts(document, facts)
    markdown = blocks_to_markdown(blocks)
    opinion = ImportedOpinion(document, facts, markdown)
    missing = [name for name in _REQUIRED if name not in facts.values]
    if (
        "securities" in missing
        and opinion_kind(None, facts.values.get("exhibit"), facts.values.get("form")) != "legality"
    ):
        missing.remove("securities")  # a tax opinion on a merger may name no securities
    if "counsel" not in facts.values and "law_firm" not in facts.values:
        missing.append("counsel or law_firm")
    if missing:
        opinion.problems.append(
            f"the letter does not show {', '.join(missing)}; nothing written "
            "(add it by hand with `exhibits new`)"
        )
        return opinion
    data, errors = _validated(front_matter(facts, added or dt.date.today()), markdown)
    opinion.front_matter = data
    opinion.problems.extend(errors)
    return opinion


def _import_guarded(document: SourceDocument) -> ImportedOpinion:
    """One hostile or broken document fails alone, with its name; the others go on."""
    try:
        return import_document(document)
    except Exception as exc:  # noqa: BLE001 - reported per document, never a traceback
        failed = ImportedOpinion(document, LetterFacts(), "")
        failed.error = f"could not be imported ({type(exc).__name__}: {str(exc)[:200]})"
        failed.problems.append(failed.error)
        return failed


def _share_count(entries: list[dict[str, Any]]) -> int | None:
    """One class's count; a total whose parts follow it ("41,668,500 shares ... (i)
    21,592,000 outstanding shares and (ii) 20,076,500 shares issuable ..."); or the sum of
    one class's shares under several plans ("(i) 4,250,000 shares ... and (ii) 850,000")."""
    if len(entries) > 1 and all(e.get("part_of_total") for e in entries[1:]):
        return entries[0].get("shares")  # the total; its parts are inside it
    if not entries or any(e.get("shares") is None for e in entries):
        return None
    counts: list[int] = [e["shares"] for e in entries]
    first, parts = counts[0], counts[1:]
    if not parts or sum(parts) == first:
        return first
    if len({str(e.get("class", "")).lower() for e in entries}) == 1:
        return sum(counts)
    return None


def labels(opinion: ImportedOpinion) -> dict[str, Any]:
    """The extraction in the flat keys of the labelled corpus (*.truth.yaml)."""
    values = opinion.facts.values
    entries = values.get("securities") or []
    date = values.get("date")
    # The labels are what the letter says; facts taken from the SEC header are left out.
    values = {k: v for k, v in values.items() if k not in opinion.facts.from_filing}
    numbers = values.get("file_number") or []
    out: dict[str, Any] = {key: values.get(key) for key in LABEL_KEYS}
    out.update(
        {
            "date": date.isoformat() if date else None,
            "file_number": ", ".join(numbers) if numbers else None,
            "securities": opinion.facts.securities_summary,
            "share_count": _share_count(entries),
            "governing_law": values.get("governing_law") or [],
            "opinion": values.get("opinions") or [],
            # a letter that never consents does not consent (the front matter still asks a
            # reviewer to confirm it)
            "consent": bool(values.get("consent")),
            "source": opinion.source.label,
            "review": opinion.facts.review,
        }
    )
    return out


def write_opinion(opinion: ImportedOpinion, out_dir: Path, force: bool) -> Path | None:
    from plugins.scaffold import write_atomically

    target = out_dir / f"{opinion.front_matter['slug']}.md"
    if target.exists() and not force:
        opinion.problems.append(f"{target} exists; use --force to replace it")
        return None
    write_atomically(target, render_exhibit(opinion.front_matter, opinion.markdown))
    return target


def run(
    sources: list[Path],
    out_dir: Path,
    *,
    force: bool = False,
    print_labels: bool = False,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Import every opinion under `sources`; the exit code is 1 if anything was not imported."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    documents, source_problems = read_sources(sources)
    failed = bool(source_problems)
    for unreadable in source_problems:
        print(f"{unreadable.path}: {unreadable.message}", file=stderr)
    opinions = [_import_guarded(document) for document in documents]
    if print_labels:
        json.dump([labels(o) for o in opinions], stdout, indent=2, ensure_ascii=False)
        print(file=stdout)
        for opinion in opinions:  # an empty record must not pass for a letter that says nothing
            if opinion.error:
                failed = True
                print(f"{opinion.source.label}: {opinion.error}", file=stderr)
        return 1 if failed else 0
    written: set[Path] = set()
    for opinion in opinions:
        target = None
        if not opinion.problems:
            planned = out_dir / f"{opinion.front_matter['slug']}.md"
            if planned in written:
                opinion.problems.append(
                    f"{planned} was already written from another source in this run"
                )
            else:
                target = write_opinion(opinion, out_dir, force)
        if target is None:
            failed = True
            for problem in opinion.problems:
                print(f"{opinion.source.label}: {problem}", file=stderr)
            continue
        written.add(target)
        review = opinion.review
        note = f" (check by hand: {', '.join(review)})" if review else ""
        print(f"{opinion.source.label} -> {target}{note}", file=stdout)
    return 1 if failed else 0


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="SOURCE",
        help="EDGAR exhibit (text or HTML), full submission file, or a folder of them",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("exhibits"), help="folder to write to (default: exhibits)"
    )
    parser.add_argument("--force", action="store_true", help="replace files that already exist")
    parser.add_argument(
        "--labels",
        action="store_true",
        help="print the extracted metadata as JSON (flat label keys; `securities` as one"
        " summary line) instead of writing",
    )
    parser.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    return run(args.sources, args.out, force=args.force, print_labels=args.labels)
