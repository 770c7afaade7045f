"""Check parsed front matter against the schema and say what is wrong, where, and how to fix it."""

from __future__ import annotations

import difflib
import functools
from typing import Any

from pydantic import ValidationError

from plugins.frontmatter import FrontMatter, Loc
from plugins.problems import ValidationProblem, describe
from plugins.schema import (
    FORM_TYPES,
    MAX_ITEMS,
    RESERVED_KEYS,
    ExhibitMeta,
    field_names,
    opinion_kind,
)

# What each pydantic error type expects, in a contributor's words.
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "too_short": "at least one entry",
    "too_long": f"at most {MAX_ITEMS} entries",
    "greater_than_equal": "a number of zero or more",
    "string_too_long": "shorter text",
    "string_pattern_mismatch": "the documented format",
    "missing": "this field",
}


_MESSAGES = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "too_short": "must not be empty",
    "too_long": "has too many entries",
}


def validate_front_matter(fm: FrontMatter) -> tuple[ExhibitMeta | None, list[ValidationProblem]]:
    """Validate one file's front matter; all problems, each at its own line and column."""
    if fm.data is None and not fm.empty:
        return None, []
    problems = _key_problems(fm)
    data = {k: v for k, v in (fm.data or {}).items() if k not in RESERVED_KEYS}
    try:
        meta = ExhibitMeta.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = _source_loc(fm, tuple(err["loc"]))
            if err["type"] != "extra_forbidden" and not _already_reported(fm, loc):
                problems.append(_from_error(fm, err))
        if (
            not data.get("securities")
            and opinion_kind(
                _text_or_none(data.get("kind")),
                _text_or_none(data.get("exhibit")),
                _text_or_none(data.get("form")),
            )
            == "legality"
            and not any(p.field == "securities" for p in problems)
        ):
            problems.append(_from_error(fm, _SECURITIES_MISSING))
        if (
            not data.get("counsel")
            and not data.get("law_firm")
            and not any(p.field == "counsel" for p in problems)
        ):
            # pydantic runs the model-level rule only once the fields are valid; say it now.
            problems.append(
                _from_error(
                    fm,
                    {
                        "type": "counsel_missing",
                        "loc": (),
                        "input": None,
                        "msg": "counsel or law_firm is required",
                        "ctx": {
                            "expected": "who gave the opinion: counsel (a person) and/or law_firm"
                        },
                    },
                )
            )
        return None, sorted(problems, key=lambda p: (p.line, p.column))
    return meta, problems


def review_warnings(fm: FrontMatter, meta: ExhibitMeta) -> list[ValidationProblem]:
    """Fields an importer marked for review stay warnings until a reviewer clears them."""
    out = []
    for name in meta.review:
        pos = fm.position((name,)) if (name,) in fm.keys else fm.position(("review",))
        out.append(
            ValidationProblem(
                fm.path,
                pos.line,
                pos.column,
                name,
                "needs review: the importer was unsure of this value",
                suggestion="check it against the letter, then remove it from 'review'",
                severity="warning",
            )
        )
    return out


def _already_reported(fm: FrontMatter, loc: Loc) -> bool:
    return any(loc[: len(r)] == r for r in fm.reported)


def _key_problems(fm: FrontMatter) -> list[ValidationProblem]:
    """Unknown and reserved keys, at every level, with a did-you-mean."""
    problems = []
    for loc, pos in fm.keys.items():
        allowed = _allowed_keys(loc[:-1])
        key = loc[-1]
        if allowed is None or not isinstance(key, str) or key in allowed:
            continue
        dotted = _dotted(loc)
        if len(loc) == 1 and key in RESERVED_KEYS:
            problems.append(
                ValidationProblem(
                    fm.path,
                    pos.line,
                    pos.column,
                    dotted,
                    f"reserved key '{key}' is not allowed in an "
                    "exhibit: the archive controls how its pages are rendered",
                    expected="only exhibit metadata fields",
                    found=f"'{key}'",
                    suggestion="remove it",
                )
            )
            continue
        close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
        problems.append(
            ValidationProblem(
                fm.path,
                pos.line,
                pos.column,
                dotted,
                f"unknown key '{key}'",
                expected="one of the documented fields",
                found=f"'{key}'",
                suggestion=f"did you mean '{close[0]}'?" if close else "see the schema reference",
            )
        )
    return problems


@functools.lru_cache(maxsize=1024)  # asked for every key of every file
def _allowed_keys(parent: Loc) -> frozenset[str] | None:
    keys = _allowed_key_set(parent)
    return None if keys is None else frozenset(keys)


def _allowed_key_set(parent: Loc) -> set[str] | None:
    from plugins.schema import Security, Transaction

    if parent == ():
        return set(field_names())
    if parent == ("transaction",):
        return set(Transaction.model_fields)
    if len(parent) == 2 and parent[0] == "securities" and isinstance(parent[1], int):
        return {f.alias or n for n, f in Security.model_fields.items()}
    if parent == ("securities",):  # a single mapping instead of a list
        return {f.alias or n for n, f in Security.model_fields.items()}
    return None


_SECURITIES_MISSING = {"type": "missing", "loc": ("securities",), "input": None, "msg": ""}


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _from_error(fm: FrontMatter, err: Any) -> ValidationProblem:
    if err["type"] == "securities_missing":  # the model-level rule, said like a missing field
        err = _SECURITIES_MISSING
    loc = _source_loc(fm, tuple(err["loc"]))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    field = _dotted(loc)
    pos = fm.position(loc) if loc else fm.position(("exhibit",))
    value = err.get("input")
    expected = str(ctx.get("expected") or _EXPECTED.get(kind, ""))
    message = err["msg"]
    suggestion = ""
    found = "" if kind == "missing" else describe(value)
    if kind == "missing":
        message = "required field is missing"
        pos = fm.keys.get(loc[:-1], pos) if len(loc) > 1 else _first_line(fm)
        expected = _describe_field(loc) or expected
    elif kind == "counsel_missing":
        field, pos, found = "counsel", _first_line(fm), "neither counsel nor law_firm"
    elif kind == "literal_error":
        expected = "one of " + str(ctx.get("expected", ""))
        message = "is not one of the allowed values"
        choices = [
            c.strip(" '") for c in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
        ]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        suggestion = f"did you mean '{close[0]}'?" if close else ""
    elif kind == "form_type":
        suggestion = _form_suggestion(str(value))
    elif (
        kind in ("string_type", "date_type")
        and value is not None
        and not isinstance(value, (list, dict))
    ):
        suggestion = f'quote it: "{_plain(value)}"' if kind == "string_type" else ""
    message = _MESSAGES.get(kind, message)
    if kind.endswith("_type") and value is None:
        message = "has no value"
    return ValidationProblem(
        fm.path,
        pos.line,
        pos.column,
        field,
        message.rstrip("."),
        expected=expected,
        found=found,
        suggestion=suggestion,
    )


def _source_loc(fm: FrontMatter, loc: tuple[Any, ...]) -> Loc:
    """Map pydantic's error location onto the file's structure.

    pydantic adds steps the file does not have (union branches like 'str', a single value
    wrapped into a list), so keep only steps that exist in the data as written.
    """
    out: list[str | int] = []
    node: Any = fm.data
    for step in loc:
        if isinstance(node, dict) and step in node:
            out.append(step)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            out.append(step)
            node = node[step]
        elif (
            isinstance(step, str)
            and step in field_names() + ["class", "agreement", "description"]
            and not isinstance(node, (list, str))
        ):
            out.append(step)  # a missing field: name it under its parent
            node = None
    return tuple(out)


def _first_line(fm: FrontMatter) -> Any:
    return min(fm.keys.values(), key=lambda p: (p.line, p.column), default=fm.position(()))


def _describe_field(loc: Loc) -> str:
    if len(loc) == 1 and isinstance(loc[0], str):
        info = ExhibitMeta.model_fields.get(loc[0])
        if info and info.description:
            return info.description.rstrip(".")
    return ""


def _form_suggestion(value: str) -> str:
    squashed = {f.replace("-", "").replace(" ", "").upper(): f for f in FORM_TYPES}
    key = value.replace("-", "").replace(" ", "").replace("_", "").upper()
    if key in squashed:
        return f"did you mean '{squashed[key]}'?"
    close = difflib.get_close_matches(value.upper(), FORM_TYPES, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _plain(value: Any) -> str:
    return (
        value.isoformat()
        if hasattr(value, "isoformat")
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )


def _dotted(loc: Loc) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text
