"""`exhibits new`: write a valid exhibit file from flags, asking for what is missing."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from plugins.catalog import derived_slug
from plugins.frontmatter import read_exhibit
from plugins.problems import printable
from plugins.validation import validate_front_matter

_QUESTIONS = (
    ("issuer", "Issuer (the registrant)", True),
    ("exhibit", "Exhibit number as labelled (e.g. 5.1)", True),
    ("date", "Date of the letter (YYYY-MM-DD)", True),
    ("law_firm", "Law firm (leave empty for in-house counsel)", False),
    ("counsel", "Signing counsel (a person; leave empty if only the firm signed)", False),
    ("securities", "Securities covered (as the letter describes them)", False),
    ("form", "Form (e.g. S-1, S-3, S-4, S-8)", False),
    ("file_number", "SEC file number (e.g. 333-62144)", False),
    ("issuer_state", "State or country of incorporation", False),
)


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    for key, question, _ in _QUESTIONS:
        parser.add_argument(f"--{key.replace('_', '-')}", dest=key, help=question)
    parser.add_argument("--out", type=Path, default=Path("exhibits"), help="folder to write to")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--no-input", action="store_true", help="never ask; fail if a required value is missing"
    )
    parser.set_defaults(run=run_new)


def _ask(question: str) -> str:
    print(f"{question}: ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


def run_new(args: argparse.Namespace) -> int:
    values: dict[str, Any] = {}
    interactive = not args.no_input and sys.stdin.isatty()
    for key, question, required in _QUESTIONS:
        value = getattr(args, key) or (_ask(question) if interactive else "")
        if value:
            values[key] = value
        elif required:
            print(f"exhibits new: --{key.replace('_', '-')} is required", file=sys.stderr)
            return 2
    text = render_new_exhibit(values)
    fm = read_exhibit("new exhibit", text.encode())
    meta, problems = validate_front_matter(fm)
    if meta is None or fm.problems or any(p.severity == "error" for p in problems):
        for problem in fm.problems + problems:
            print(str(problem).replace("new exhibit:", "value:", 1), file=sys.stderr)
        return 1
    target = args.out / f"{derived_slug(meta)}.md"
    if target.exists() and not args.force:
        print(
            f"exhibits new: {printable(str(target))} exists; use --force to replace it",
            file=sys.stderr,
        )
        return 1
    write_atomically(target, text)
    print(target)
    return 0


def render_new_exhibit(values: dict[str, Any]) -> str:
    """Front matter with every text value double-quoted (JSON strings are valid YAML), so
    no YAML 1.1 reader can turn a state called NO into false."""
    lines = [f"exhibit: {json.dumps(str(values['exhibit']))}"]
    for key in ("issuer", "issuer_state", "counsel", "law_firm", "form", "file_number"):
        if values.get(key):
            lines.append(f"{key}: {json.dumps(str(values[key]), ensure_ascii=False)}")
    lines += [
        f"date: {values['date']}"
        if _ISO_DATE.fullmatch(str(values["date"]))
        else f"date: {json.dumps(str(values['date']))}",
    ]
    if values.get("securities"):  # required for legality opinions: the check says so
        lines += [
            "securities:",
            f"  - description: {json.dumps(str(values['securities']), ensure_ascii=False)}",
        ]
    lines += [
        "consent: true",
        f"added: {dt.date.today().isoformat()}",
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\nPaste the text of the opinion letter here.\n"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def write_atomically(target: Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
