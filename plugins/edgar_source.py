"""Read EDGAR exhibit sources: a bare letter (text or HTML), a `<DOCUMENT>` block, a full
submission file holding many documents, or a directory of any of these.

Only opinion exhibits (EX-5*, EX-8*, a Regulation A offering statement's EX1A-12, and the
opinion items of investment company forms, such as an N-2's EX-99.(L)) are taken out of
multi-document files. Bytes are
decoded without ever failing: EDGAR holds UTF-8, Windows-1252 and Latin-1 files, and
sometimes a UTF-8 file with a few stray cp1252 bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from plugins.schema import fund_form, may_be_fund_opinion

# Suffixes of files a directory scan picks up; labels, notes and Markdown are not sources.
SOURCE_SUFFIXES = frozenset({".txt", ".htm", ".html", ".sgm", ".sgml", ".nc"})
MAX_SOURCE_BYTES = 64 * 1024 * 1024

# EX-5*, EX-8*, and a Regulation A offering statement's "EX1A-12 OPN CNSL"
_OPINION_TYPE = re.compile(r"^(?:EX-0?[58]|EX1A-12)(?:$|[.\-(\s])", re.IGNORECASE)
_OPINION_WORDS = re.compile(
    r"\b(?:our opinion|of (?:the )?opinion that|opinion of counsel)\b", re.I
)
_DOCUMENT = re.compile(
    r"<DOCUMENT>(.*?)(?:</DOCUMENT>|(?=<DOCUMENT>)|\Z)", re.IGNORECASE | re.DOTALL
)
_TEXT = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_HINT = re.compile(
    r"<(?:html|body|p|div|font|br|span|table\s+[a-z]|td|h[1-6])\b[^>]*>", re.IGNORECASE
)
_BINARY_TEXT = re.compile(r"^\s*(?:<PDF>|begin \d{3} \S)", re.IGNORECASE)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# Single-byte code pages charset-normalizer proposes for Western text; cp1252 is the one
# EDGAR filers actually used, and it decodes Latin-1 text identically except for C1 bytes.
_CP1252_PUNCTUATION = frozenset(
    bytes([b]) for b in (0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97)
)
_WESTERN = re.compile(
    r"^(?:cp125[0247]|windows_125[0247]|latin_1|iso8859_(?:1|2|9|15)|mac_(?:roman|latin2)|cp850|cp437)$"
)


@dataclass(frozen=True)
class SubmissionHeader:
    """Facts from a full submission's SEC header (the filing, not the letter)."""

    accession_number: str | None = None
    form_type: str | None = None
    filer_names: tuple[str, ...] = ()
    filer_ciks: tuple[str, ...] = ()
    filer_file_numbers: tuple[str | None, ...] = ()  # one per filer, in the same order


@dataclass(frozen=True)
class SourceDocument:
    """One opinion letter as found on disk, still in its source markup."""

    path: Path
    body: str
    is_html: bool
    encoding: str
    doc_type: str | None = None
    filename: str | None = None
    description: str | None = None
    header: SubmissionHeader = field(default_factory=SubmissionHeader)

    @property
    def label(self) -> str:
        """How to name this document in messages: the path, plus the filename inside it."""
        return f"{self.path}:{self.filename}" if self.filename else str(self.path)


@dataclass
class SourceProblem:
    path: Path
    message: str


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode exhibit bytes; returns (text, encoding name). Never raises."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace"), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    in_utf8_sequences = sum(len(m) for m in _UTF8_MULTIBYTE.findall(raw))
    if in_utf8_sequences * 2 > len(_HIGH_BYTE.findall(raw)):  # mostly UTF-8, a few stray bytes
        return _utf8_with_cp1252_strays(raw), "utf-8+cp1252"
    if raw.count(b"\x00") * 4 > len(raw):  # UTF-16 saved without a byte order mark
        nul_at_odd = raw[1::2].count(b"\x00") > raw[0::2].count(b"\x00")
        return raw.decode("utf-16-le" if nul_at_odd else "utf-16-be", errors="replace"), "utf-16"
    guess = from_bytes(raw[:1_000_000]).best()
    # A non-Western guess is only trusted on enough text and with little chaos: on short
    # English snippets charset-normalizer happily proposes UTF-16 or Cyrillic code pages.
    # Curly quotes and dashes saved by Word (cp1252 0x91-0x97) read as letters in DOS code
    # pages ("ôCompanyö" in cp852); when they are most of the high bytes, the text is cp1252.
    high = _HIGH_BYTE.findall(raw)
    typographic = sum(1 for byte in high if byte in _CP1252_PUNCTUATION)
    if (
        typographic * 2 < len(high)
        and guess is not None
        and not _WESTERN.match(guess.encoding)
        and len(raw) >= 256
        and not guess.encoding.startswith(("utf_16", "utf_32"))
        and guess.chaos <= 0.05
    ):
        return raw.decode(guess.encoding, errors="replace"), guess.encoding
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _utf8_with_cp1252_strays(raw: bytes) -> str:
    """UTF-8 text with a few bytes that are not UTF-8: read those as cp1252 (else Latin-1)."""
    parts: list[str] = []
    start = 0
    while start < len(raw):
        try:
            parts.append(raw[start:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(raw[start : start + exc.start].decode("utf-8"))
            bad = raw[start + exc.start : start + exc.end]
            try:
                parts.append(bad.decode("cp1252"))
            except UnicodeDecodeError:
                parts.append(bad.decode("latin-1"))
            start += exc.end
    return "".join(parts)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:20000]))


def _tag_value(block: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}>([^\n<]*)", block, re.IGNORECASE)
    return match.group(1).strip() or None if match else None


def _header(text: str) -> SubmissionHeader:
    head = text[: text.upper().find("<DOCUMENT>")] if "<DOCUMENT>" in text.upper() else ""

    def values(label: str) -> list[str]:
        return [v.strip() for v in re.findall(rf"^\s*{label}:\s*(.+)$", head, re.MULTILINE)]

    accession = values("ACCESSION NUMBER")
    form = values("CONFORMED SUBMISSION TYPE")
    # Each FILER block pairs a company with the file number it filed under.
    filers = re.split(r"^\s*(?:FILER|FILED BY|SUBJECT COMPANY):\s*$", head, flags=re.MULTILINE)[1:]

    def each(label: str) -> tuple[str | None, ...]:
        found = (re.search(rf"^\s*{label}:\s*(.+)$", block, re.MULTILINE) for block in filers)
        return tuple(m.group(1).strip() if m else None for m in found)

    names, ciks = each("COMPANY CONFORMED NAME"), each("CENTRAL INDEX KEY")
    known = [i for i, (name, cik) in enumerate(zip(names, ciks, strict=True)) if name and cik]
    numbers = each("SEC FILE NUMBER")
    return SubmissionHeader(
        accession_number=accession[0] if accession else None,
        form_type=form[0] if form else None,
        filer_names=tuple(str(names[i]) for i in known),
        filer_ciks=tuple(str(ciks[i]) for i in known),
        filer_file_numbers=tuple(numbers[i] for i in known),
    )


def split_documents(path: Path, text: str, encoding: str) -> Iterator[SourceDocument]:
    """The opinion documents in one decoded file."""
    blocks = _DOCUMENT.findall(text)
    if not blocks:
        yield SourceDocument(
            path, text, looks_like_html(text) or path.suffix.lower() in {".htm", ".html"}, encoding
        )
        return
    header = _header(text)
    for block in blocks:
        doc_type = _tag_value(block, "TYPE")
        if not doc_type:
            continue
        text_match = _TEXT.search(block)
        body = text_match.group(1) if text_match else block
        if _BINARY_TEXT.match(body) or not _is_opinion(doc_type, header.form_type, body):
            continue
        yield SourceDocument(
            path,
            body,
            looks_like_html(body),
            encoding,
            doc_type=doc_type.upper(),
            filename=_tag_value(block, "FILENAME"),
            description=_tag_value(block, "DESCRIPTION"),
            header=header,
        )


def _is_opinion(doc_type: str, form: str | None, body: str) -> bool:
    if _OPINION_TYPE.match(doc_type):
        return True
    # Investment company exhibits are lettered by form ("(l)" is an N-2's opinion but an
    # N-1A's capital agreement), so the filing's form decides, and the text must read as one.
    if fund_form(form) == "N-14":  # N-14 filers often type its items bare: "EX-99.11"
        doc_type = re.sub(r"^(EX-99\.?)(1[12])$", r"\1(\2)", doc_type, flags=re.I)
    return may_be_fund_opinion(doc_type, form) and bool(_OPINION_WORDS.search(body))


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and source files found (recursively, sorted) under directories named."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SOURCE_SUFFIXES
                    and not child.name.lower().startswith("readme")
                ):
                    yield child
        else:
            yield path


def read_sources(paths: Iterable[Path]) -> tuple[list[SourceDocument], list[SourceProblem]]:
    """All opinion documents under `paths`, and a problem for each path that held none."""
    documents: list[SourceDocument] = []
    problems: list[SourceProblem] = []
    for path in expand_paths(paths):
        try:
            if path.stat().st_size > MAX_SOURCE_BYTES:
                problems.append(
                    SourceProblem(path, f"larger than {MAX_SOURCE_BYTES} bytes; skipped")
                )
                continue
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(SourceProblem(path, f"cannot read: {exc.strerror or exc}"))
            continue
        text, encoding = decode_bytes(raw)
        found = list(split_documents(path, text, encoding))
        if not found:
            problems.append(
                SourceProblem(
                    path, "no opinion exhibit (EX-5, EX-8, an N-2's EX-99.(L), ...) in this file"
                )
            )
        documents.extend(found)
    return documents, problems
