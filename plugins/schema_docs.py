"""The schema reference page, written from the JSON Schema so it can never drift from it."""

from __future__ import annotations

from typing import Any

from plugins.pages import md_text
from plugins.schema import FORM_TYPES, RESERVED_KEYS, SCHEMA_VERSION, json_schema

SCHEMA_FILE = "schema/exhibit.schema.json"


def _type_of(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        kinds = [_type_of(s, defs) for s in spec["anyOf"] if s.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds)) or "null"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(spec.get('items', {}), defs)}"
    if kind == "string" and spec.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return {"string": "text", "integer": "whole number", "boolean": "true or false"}.get(kind, kind)


def _table(model: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    required = dict.fromkeys(model.get("required", []), "yes")
    for rule in model.get("allOf", []):  # required only in some cases, as the rule says
        for name in rule.get("then", {}).get("required", []):
            required.setdefault(name, md_text(rule.get("$comment", "in some cases")))
    lines = ["| Field | Type | Required | Description |", "|---|---|---|---|"]
    for name, spec in model.get("properties", {}).items():
        example = spec.get("examples", [None])[0] if spec.get("examples") else None
        text = md_text(spec.get("description", ""))
        if example is not None:
            text += f" Example: `{example}`."
        lines.append(f"| `{name}` | {_type_of(spec, defs)} | {required.get(name, '')} | {text} |")
    return lines


def schema_reference() -> str:
    schema = json_schema()
    defs = schema.get("$defs", {})
    parts = [
        "# Schema reference",
        "",
        f"Front matter of an exhibit, schema version {SCHEMA_VERSION}. This page is generated "
        "from the same schema the checker uses; the JSON Schema for editors is published at "
        f"[{SCHEMA_FILE}]({SCHEMA_FILE}).",
        "",
        "Besides the required fields, an exhibit must name who gave the opinion: `counsel`, "
        "`law_firm`, or both.",
        "",
        "## Exhibit",
        "",
        *_table(schema, defs),
        "",
    ]
    for name, model in defs.items():
        parts += [
            f"## {name}",
            "",
            md_text(model.get("description", "")),
            "",
            *_table(model, defs),
            "",
        ]
    parts += [
        "## Form types",
        "",
        "Combined forms (`F-10/F-3`) and amendments (`S-1/A`) are built from these: "
        + ", ".join(f"`{f}`" for f in FORM_TYPES)
        + ".",
        "",
        "## Reserved keys",
        "",
        "These page-control keys of MkDocs and its plugins are refused in exhibits, so a "
        "contribution cannot change how the site renders: "
        + ", ".join(f"`{k}`" for k in sorted(RESERVED_KEYS))
        + ".",
        "",
        "## Values YAML could misread",
        "",
        "Unquoted `yes`, `no`, `on`, `off`, `y`, `n`, `1:20` and `012` are refused: YAML 1.1 "
        "tools read them as booleans or numbers. Quote them. Exhibit numbers are text: "
        '`exhibit: "5.1"`. Tags (`!!python/...`), anchors and aliases are refused.',
        "",
    ]
    return "\n".join(parts)
