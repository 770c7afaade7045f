"""`ValidationProblem`: one thing wrong with one exhibit file, at one place.

Every stage (decoding, front matter, schema, catalog, rendering) reports through
this one type so that the CLI, CI annotations and MkDocs warnings all say the
same thing the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]

# Messages are shown in terminals and CI logs: keep echoed input short and inert.
_EXCERPT_LIMIT = 80


def printable(text: str, limit: int = _EXCERPT_LIMIT) -> str:
    """Escape control, bidi and invisible characters and cut long text.

    Hostile files must not be able to spoof log lines (ANSI escapes, carriage
    returns) or hide text (bidi overrides) in the error output itself.
    """
    out: list[str] = []
    for ch in text[: limit + 1]:
        if ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    excerpt = "".join(out)
    if len(text) > limit:
        excerpt = excerpt[: limit * 2] + f"... ({len(text)} characters)"
    return excerpt


def describe(value: Any) -> str:
    """Say what a YAML value is, for 'found ...' in messages."""
    import datetime as dt

    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"number {value}"
    if isinstance(value, float):
        return f"number {value!r}"
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    if isinstance(value, str):
        return f"'{printable(value)}'"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


@dataclass(frozen=True, order=True)
class ValidationProblem:
    path: str
    line: int
    column: int
    field: str
    message: str
    expected: str = ""
    found: str = ""
    suggestion: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{printable(self.path, 200)}:{self.line}:{self.column}"
        text = f"{where}: {printable(self.field, 200) or '-'}: {printable(self.message, 300)}"
        details = []
        if self.expected:
            details.append(f"expected {printable(self.expected, 200)}")
        if self.found:
            details.append(f"found {printable(self.found, 200)}")
        if details:
            text += f" ({', '.join(details)})"
        if self.suggestion:
            text += f"; {printable(self.suggestion, 200)}"
        if self.severity == "warning":
            text = text.replace(f"{where}: ", f"{where}: warning: ", 1)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "suggestion": self.suggestion,
            "severity": self.severity,
        }
