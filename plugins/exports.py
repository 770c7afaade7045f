"""Machine-readable exports: catalog.json, catalog.csv and one JSON file per exhibit.

The format is versioned by FORMAT_VERSION ("major.minor": a minor version only adds
fields; anything else is a new major version) and described by JSON Schemas derived
from the front matter schema (plugins.schema), so the two cannot drift apart. The
schemas are published beside the front matter schema, in schema/.

CSV is flat and round-trips to exactly the JSON records (`read_catalog_csv`): text
as is, empty cell = null, booleans true/false, lists and objects as compact JSON.
Text cells that a spreadsheet would run as a formula (starting with = + - @ or tab)
get a leading apostrophe, as does text already starting with one; the reader strips it.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from typing import Any

from plugins.catalog import Catalog, Exhibit
from plugins.citation import citation_text
from plugins.layout import Layout, page_address
from plugins.pages import edgar_filing_url, edgar_link
from plugins.schema import SCHEMA_VERSION, ExhibitMeta

FORMAT_VERSION = "1.0"
CATALOG_JSON = "catalog.json"
CATALOG_CSV = "catalog.csv"
CATALOG_SCHEMA_FILE = "schema/catalog.schema.json"
EXHIBIT_DATA_SCHEMA_FILE = "schema/exhibit-data.schema.json"
SCHEMA_BASE = "https://exhibit-archive.invalid/schema/"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def exhibit_record(ex: Exhibit, layout: Layout, site_url: str, added: dt.date) -> dict[str, Any]:
    """One exhibit as published: its front matter plus derived fields (see record_schema)."""
    page = layout.exhibit(ex.slug)
    filing = edgar_filing_url(ex)
    record = {
        "slug": ex.slug,
        "title": ex.title,
        "url": page_address(layout, site_url, page) if site_url else None,
        "path": layout.url(page),
        "data": layout.exhibit_data(ex.slug),
        **ex.meta.model_dump(mode="json", by_alias=True),
        "edgar_filing_url": filing,
        "citation": citation_text(ex, edgar_link(ex)),
    }
    # Derived values replace the optional front matter ones, keeping their position.
    record |= {"slug": ex.slug, "kind": ex.meta.opinion_kind, "added": added.isoformat()}
    return record


def catalog_records(
    catalog: Catalog, layout: Layout, site_url: str, added: dict[str, dt.date]
) -> list[dict[str, Any]]:
    return [
        exhibit_record(ex, layout, site_url, added[slug]) for slug, ex in catalog.exhibits.items()
    ]


def _head(site_url: str) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "site_url": site_url or None,
    }


def record_schema() -> dict[str, Any]:
    """JSON Schema of one exhibit record, from the front matter model's output schema."""
    meta = ExhibitMeta.model_json_schema(by_alias=True, mode="serialization")
    props = meta["properties"]
    string = {"type": "string"}
    nullable_url = {"anyOf": [{"type": "string", "format": "uri"}, {"type": "null"}]}
    derived = {
        "kind": {
            "type": "string",
            "enum": list(props["kind"]["anyOf"][0]["enum"]),
            "description": "Kind of opinion, derived from the exhibit number if not given.",
        },
        "slug": {
            **string,
            "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
            "description": "Permanent name of the exhibit in URLs.",
        },
        "added": {
            **string,
            "format": "date",
            "description": "Date added to the archive: "
            "front matter `added`, else first commit in git, else the letter date.",
        },
    }
    properties = {
        "slug": derived["slug"],
        "title": {**string, "description": "Title of the exhibit page."},
        "url": {
            **nullable_url,
            "description": "Absolute address of the page (null when the site has no site_url).",
        },
        "path": {**string, "description": "Address of the page, relative to the site root."},
        "data": {
            **string,
            "description": "This record as its own JSON file, relative to the site root.",
        },
        **{name: derived.get(name, spec) for name, spec in props.items()},
        "edgar_filing_url": {
            **nullable_url,
            "description": "The filing on EDGAR (edgar_url, "
            "or built from issuer_cik and accession_number).",
        },
        "citation": {**string, "description": "A stable citation of the exhibit."},
    }
    return {
        "title": "Exhibit record",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": True,
    }


def _schema(name: str, title: str, properties: dict[str, Any]) -> dict[str, Any]:
    defs = copy.deepcopy(
        ExhibitMeta.model_json_schema(by_alias=True, mode="serialization").get("$defs", {})
    )
    head = {
        "format_version": {
            "type": "string",
            "pattern": r"^1\.\d+$",
            "description": "Version of this format: major.minor.",
        },
        "schema_version": {"type": "string", "description": "Version of the front matter schema."},
        "site_url": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{name}",
        "title": title,
        "type": "object",
        "properties": {**head, **properties},
        "required": [*head, *properties],
        "$defs": {"Exhibit": record_schema(), **defs},
    }


def catalog_schema() -> dict[str, Any]:
    return _schema(
        "catalog-1.json",
        "Exhibit Archive catalog (catalog.json)",
        {
            "count": {"type": "integer", "minimum": 0},
            "exhibits": {"type": "array", "items": {"$ref": "#/$defs/Exhibit"}},
        },
    )


def exhibit_data_schema() -> dict[str, Any]:
    return _schema(
        "exhibit-data-1.json",
        "One exhibit (exhibits/<slug>.json)",
        {"exhibit": {"$ref": "#/$defs/Exhibit"}},
    )


# -- CSV ----------------------------------------------------------------------------------
def _cell_kind(spec: dict[str, Any]) -> str:
    options = spec.get("anyOf", [spec])
    kinds = {o.get("type", "object") for o in options if o.get("type") != "null"}
    if kinds & {"array", "object"}:
        return "json"
    return "bool" if "boolean" in kinds else "int" if "integer" in kinds else "text"


def _csv_columns() -> dict[str, str]:
    return {name: _cell_kind(spec) for name, spec in record_schema()["properties"].items()}


def _to_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if kind == "bool":
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _from_cell(cell: str, kind: str) -> Any:
    if cell == "":
        return None
    if kind == "json":
        return json.loads(cell)
    if kind == "bool":
        return cell == "true"
    if kind == "int":
        return int(cell)
    return cell[1:] if cell.startswith("'") else cell


def catalog_csv(records: list[dict[str, Any]]) -> str:
    columns = _csv_columns()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(_to_cell(record[name], kind) for name, kind in columns.items())
    return out.getvalue()


def read_catalog_csv(text: str) -> list[dict[str, Any]]:
    """catalog.csv back to the records of catalog.json."""
    columns = _csv_columns()
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return [
        {name: _from_cell(row[name], columns.get(name, "text")) for name in row} for row in rows
    ]


def _json(data: Any, indent: int | None = None) -> str:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators) + "\n"


def export_files(
    catalog: Catalog, layout: Layout, added: dict[str, dt.date], site_url: str = ""
) -> dict[str, str]:
    """Every export file: site path -> text."""
    records = catalog_records(catalog, layout, site_url, added)
    files = {
        layout.file(CATALOG_JSON): _json(
            {**_head(site_url), "count": len(records), "exhibits": records}
        ),
        layout.file(CATALOG_CSV): catalog_csv(records),
        layout.file(CATALOG_SCHEMA_FILE): _json(catalog_schema(), 2),
        layout.file(EXHIBIT_DATA_SCHEMA_FILE): _json(exhibit_data_schema(), 2),
    }
    for record in records:  # compact: the C encoder (indenting is pure Python, 5x slower)
        files[record["data"]] = _json({**_head(site_url), "exhibit": record})
    return files
