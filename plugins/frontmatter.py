"""Read an exhibit file: decode its bytes, split off the front matter, parse it with positions.

MkDocs' own reader swallows YAML errors and PyYAML's resolver follows YAML 1.1
(`NO` is false, `1:20` is 80), so this module parses the front matter from
libyaml's *events* with its own small, strict resolver:

- no tags, anchors or aliases (no Python objects, no alias bombs);
- nesting depth and block size are capped (no RecursionError, no hang);
- duplicate keys are errors, not "last one wins";
- plain scalars follow the YAML 1.2 core schema, and the ones YAML 1.1 tools
  would read differently (`yes`, `NO`, `on`, `1:20`, `012`) are reported.

Every value keeps the line and column it came from, so later stages can name them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from plugins.problems import ValidationProblem, describe, printable

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_DEPTH = 16

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: check speed

_NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_DATETIME = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]|\s+)\d{1,2}:\d{2}")
# What YAML 1.1 loaders (PyYAML, many editors and tools) read as something other than text.
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_YAML11_NUMBER = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"  # sexagesimal 1:20
    r"|0[0-7_]+|0b[01_]+|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"  # octal 012, 1_000
    r"|\.(?:inf|Inf|INF|nan|NaN|NAN))$"
)
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what the loop below reports
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200e\u200f")


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class FrontMatter:
    """The parsed front matter of one file, with the position of every key and value."""

    path: str
    data: dict[str, Any] | None
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[ValidationProblem] = field(default_factory=list)
    # Values already reported here (a tag, an ambiguous scalar): the schema need not repeat it.
    reported: set[Loc] = field(default_factory=set)
    empty: bool = False  # an empty block (`---` then `---`): data is None, yet fields are due

    def position(self, loc: Loc) -> Position:
        """Where `loc` is written; the nearest enclosing thing that exists otherwise."""
        loc = tuple(loc)
        while loc:
            if loc in self.values:
                return self.values[loc]
            if loc in self.keys:
                return self.keys[loc]
            loc = loc[:-1]
        return Position(1, 1)


def read_exhibit(path: str, raw: bytes) -> FrontMatter:
    """Decode and parse one exhibit file's bytes. Never raises for bad input."""
    result = FrontMatter(path=path, data=None)
    try:
        text = _decode(path, raw, result.problems)
        if text is not None:
            _split_and_parse(text, result)
    except Exception as exc:  # last line of defence: a hostile file must not crash a run
        result.data = None
        result.problems.append(
            ValidationProblem(path, 1, 1, "", f"could not read this file ({type(exc).__name__})")
        )
    return result


def _decode(path: str, raw: bytes, problems: list[ValidationProblem]) -> str | None:
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            ValidationProblem(
                path,
                1,
                1,
                "",
                "file is too large",
                expected=f"at most {MAX_FILE_BYTES // 1024 // 1024} MiB",
                found=f"{len(raw)} bytes",
            )
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            problems.append(
                ValidationProblem(
                    path,
                    1,
                    1,
                    "",
                    "file starts with a UTF-16 byte order mark but is not valid UTF-16",
                    suggestion="save the file as UTF-8",
                )
            )
            return None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            start = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
            line = raw.count(b"\n", 0, start) + 1
            column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
            problems.append(
                ValidationProblem(
                    path,
                    line,
                    column,
                    "",
                    "file is not valid UTF-8",
                    expected="UTF-8 text",
                    found=f"byte 0x{raw[start]:02X} at byte offset {start}",
                    suggestion="save the file as UTF-8 (it looks like Latin-1 or Windows-1252)",
                )
            )
            return None
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_and_parse(text: str, result: FrontMatter) -> None:
    path = result.path
    if not text.strip():
        result.problems.append(
            ValidationProblem(
                path,
                1,
                1,
                "",
                "file is empty",
                expected="front matter between '---' lines followed by the opinion text",
                found="an empty file",
            )
        )
        return
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        result.problems.append(
            ValidationProblem(
                path,
                1,
                1,
                "",
                "file does not start with front matter",
                expected="'---' on the first line",
                found=f"'{printable(lines[0])}'",
            )
        )
        return
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        result.problems.append(
            ValidationProblem(
                path,
                1,
                1,
                "",
                "front matter opened at line 1 is never closed",
                expected="a closing '---' line",
                found="end of file",
            )
        )
        return
    block = "\n".join(lines[1:end])
    result.body = "\n".join(lines[end + 1 :])
    result.body_line = end + 2
    _report_nul_in_body(result)
    if len(block) > MAX_FRONT_MATTER_CHARS:
        result.problems.append(
            ValidationProblem(
                path,
                2,
                1,
                "",
                "front matter is too large",
                expected=f"at most {MAX_FRONT_MATTER_CHARS // 1024} KiB",
                found=f"{len(block)} characters",
            )
        )
        return
    if _report_bad_characters(block, path, 2, result.problems):
        return
    data = _Composer(path, result).compose(block)
    if data is None and not result.problems:
        result.problems.append(
            ValidationProblem(
                path,
                2,
                1,
                "",
                "front matter is empty",
                expected="a mapping of fields",
                found="nothing",
            )
        )
        result.empty = True  # the schema names every missing required field as well
    elif data is not None and not isinstance(data, dict):
        result.problems.append(
            ValidationProblem(
                path,
                2,
                1,
                "",
                "front matter must be a mapping of fields",
                expected="a mapping (key: value lines)",
                found=describe(data),
            )
        )
        data = None
    result.data = data


def _report_nul_in_body(result: FrontMatter, limit: int = 5) -> None:
    """NUL never belongs in a letter; it truncates C strings and breaks XML. Name each line."""
    if "\x00" not in result.body:
        return
    for number, line in enumerate(result.body.split("\n"), start=result.body_line):
        if "\x00" in line and limit:
            limit -= 1
            result.problems.append(
                ValidationProblem(
                    result.path,
                    number,
                    line.index("\x00") + 1,
                    "body",
                    "NUL character not allowed",
                    expected="text",
                    found="U+0000",
                    suggestion="remove it",
                )
            )


def _report_bad_characters(
    block: str, path: str, first_line: int, problems: list[ValidationProblem]
) -> bool:
    """Report characters YAML would choke on (or hide behind) with their exact position."""
    if not _BAD_CHARACTER.search(block):  # the usual case, at C speed
        return False
    found = False
    for number, line in enumerate(block.split("\n"), start=first_line):
        for column, ch in enumerate(line, start=1):
            code = ord(ch)
            if ch == "\t" or (32 <= code < 127):
                continue
            if code < 32 or 127 <= code < 160:
                name = "NUL" if code == 0 else "control character"
                problems.append(
                    ValidationProblem(
                        path,
                        number,
                        column,
                        "",
                        f"{name} U+{code:04X} not allowed in front matter",
                        found=f"'{printable(line[max(0, column - 20) : column + 20])}'",
                        suggestion="remove it",
                    )
                )
                found = True
                break
    return found


class _Composer:
    """Build plain Python data from libyaml events, recording positions as it goes."""

    def __init__(self, path: str, result: FrontMatter) -> None:
        self.path = path
        self.result = result

    def problem(
        self,
        mark: Any,
        message: str,
        field: str = "",
        expected: str = "",
        found: str = "",
        suggestion: str = "",
    ) -> None:
        self.result.problems.append(
            ValidationProblem(
                self.path,
                mark.line + 2,
                mark.column + 1,
                field,
                message,
                expected,
                found,
                suggestion,
            )
        )

    def compose(self, block: str) -> Any:
        # Containers under construction: [container, loc, pending_key or None]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        try:
            for event in yaml.parse(block, Loader=_Loader):
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        self.problem(
                            event.start_mark,
                            "front matter holds more than one YAML document",
                            expected="one mapping",
                            found="'---' inside it",
                        )
                        return None
                    continue
                if isinstance(
                    event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
                ):
                    continue
                if isinstance(event, yaml.AliasEvent):
                    self.problem(
                        event.start_mark,
                        "YAML aliases (*name) are not allowed",
                        field=self._field(stack),
                        found=f"*{event.anchor}",
                        suggestion="write the value out in full",
                    )
                    loc = self._child_loc(stack)
                    self.result.reported.add(loc)
                    if not stack:
                        return None
                    self._add(stack, None)
                    continue
                if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    container = stack.pop()[0]
                    if not stack:
                        root = container
                    continue
                loc = self._child_loc(stack)
                if not self._allowed_node(event, stack):
                    self.result.reported.add(loc)
                if isinstance(event, yaml.ScalarEvent):
                    if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                        self._take_key(stack, event)
                        continue
                    value = self._resolve(event, loc)
                    self.result.values[loc] = self._pos(event.start_mark)
                    if not stack:
                        return value
                    self._add(stack, value)
                    continue
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    self.problem(
                        event.start_mark,
                        "a key must be plain text",
                        field=self._field(stack),
                        expected="key: value",
                        found="a list or mapping used as a key",
                    )
                    return None
                if len(stack) >= MAX_DEPTH:
                    self.problem(
                        event.start_mark,
                        "front matter is nested too deeply",
                        field=self._field(stack),
                        expected=f"at most {MAX_DEPTH} levels",
                        found="deeper nesting",
                    )
                    return None
                opened: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                self.result.values[loc] = self._pos(event.start_mark)
                if stack:
                    self._add(stack, opened)
                stack.append([opened, loc, None])
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = f"invalid YAML: {exc.problem or exc.context}"
            if "nesting depth" in message:  # newer PyYAML counts depth itself, sooner than we do
                message = "front matter is nested too deeply"
            if mark is not None:
                self.problem(mark, message, suggestion=_yaml_hint(exc))
            else:
                self.result.problems.append(ValidationProblem(self.path, 2, 1, "", message))
            return None
        except yaml.YAMLError as exc:
            self.result.problems.append(
                ValidationProblem(self.path, 2, 1, "", f"invalid YAML: {printable(str(exc))}")
            )
            return None
        return root

    def _allowed_node(self, event: Any, stack: list[list[Any]]) -> bool:
        if getattr(event, "anchor", None):
            self.problem(
                event.start_mark,
                "YAML anchors (&name) are not allowed",
                field=self._field(stack),
                found=f"&{event.anchor}",
                suggestion="remove the anchor",
            )
            return False
        tag: str = getattr(event, "tag", None) or ""
        explicit = tag and not (isinstance(event, yaml.ScalarEvent) and tag == "!")
        if explicit and not (isinstance(event, yaml.ScalarEvent) and any(event.implicit)):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(
                event.start_mark,
                f"YAML tag {shown} is not allowed",
                field=self._field(stack),
                expected="a plain value (text, number, date, true/false, list or mapping)",
                found=f"tag {shown}",
                suggestion="remove the tag",
            )
            return False
        return True

    def _take_key(self, stack: list[list[Any]], event: Any) -> None:
        frame = stack[-1]
        key = event.value
        loc = frame[1] + (key,)
        if key in frame[0]:
            first = self.result.keys[loc]
            self.problem(
                event.start_mark,
                f"duplicate key '{printable(key)}' (first at line {first.line})",
                field=self._dotted(loc),
                expected="each key once",
                found="the key again",
                suggestion="keep one of them",
            )
            frame[2] = ("__duplicate__",)
            return
        self.result.keys[loc] = self._pos(event.start_mark)
        frame[2] = key

    def _add(self, stack: list[list[Any]], value: Any) -> None:
        container, _, key = stack[-1]
        if isinstance(container, dict):
            if key != ("__duplicate__",):
                container[key] = value
            stack[-1][2] = None
        else:
            container.append(value)

    def _child_loc(self, stack: list[list[Any]]) -> Loc:
        if not stack:
            return ()
        container, loc, key = stack[-1]
        if isinstance(container, dict):
            return loc + (key,) if isinstance(key, str) else loc
        return loc + (len(container),)

    def _field(self, stack: list[list[Any]]) -> str:
        return self._dotted(self._child_loc(stack)) if stack else ""

    @staticmethod
    def _dotted(loc: Loc) -> str:
        return ".".join(f"[{p}]" if isinstance(p, int) else p for p in loc).replace(".[", "[")

    @staticmethod
    def _pos(mark: Any) -> Position:
        return Position(mark.line + 2, mark.column + 1)

    def _resolve(self, event: Any, loc: Loc) -> Any:
        value = event.value
        if event.style not in (None, ""):  # quoted or block scalar: always text
            return value
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value) and not _YAML11_NUMBER.match(value):
            return int(value, 0) if value[:2].lower() in ("0o", "0x") else int(value)
        if _FLOAT.match(value) and not _YAML11_NUMBER.match(value):
            return float(value)
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat("-".join(p.zfill(2) for p in value.split("-")))
            except ValueError:
                return value  # the schema names the exact calendar error
        if _YAML11_BOOL.match(value) or _YAML11_NUMBER.match(value) or _DATETIME.match(value):
            self.result.reported.add(loc)
            reading = (
                "a boolean"
                if _YAML11_BOOL.match(value)
                else ("a timestamp" if _DATETIME.match(value) else "a number")
            )
            self.problem(
                event.start_mark,
                f"ambiguous value '{printable(value)}': YAML 1.1 tools read it as {reading}",
                field=self._dotted(loc),
                expected="a quoted string or an unambiguous value",
                found=f"unquoted {value}",
                suggestion=f'quote it: "{value}"',
            )
        return value


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    text = f"{exc.problem or ''} {exc.context or ''}"
    if "mapping values are not allowed" in text:
        return "a value containing ': ' must be quoted"
    if "found character '\\t'" in text:
        return "indent with spaces, not tabs"
    return ""


def has_bidi_or_invisible(text: str) -> list[tuple[int, str]]:
    """(offset, character) of bidi controls and invisible format characters in `text`."""
    return [
        (i, ch)
        for i, ch in enumerate(text)
        if ch in _BIDI or (unicodedata.category(ch) == "Cf" and ch != "\u00ad") or ch == "\u00ad"
    ]
