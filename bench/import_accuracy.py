"""Accuracy of `exhibits import --labels` against hand-made labels (*.truth.yaml).

    python bench/import_accuracy.py DIR [--labels-json FILE] [--misses] [--fidelity]
                                        [--min-overall 0.9] [--min-field 0.75]

For each NNN.truth.yaml in DIR, the source beside it (NNN.htm, NNN.txt, ...) is imported
(or its entry is read from a saved `--labels` JSON file). A field counts as right on an
exact match after normalising Unicode forms, typographic quotes, case and whitespace;
lists are compared as sets, and file numbers as sets (a label may write several as one
comma-separated string). `null` must be matched by nothing found. With --fidelity the
words of each source are also compared with the words of its rendered Markdown.

A truth file may also give `alternatives: {field: [value, ...]}`, other readings a careful
labeller accepts where the letter is ambiguous, and may hold a list of records, one per
opinion, for a source that holds several (a full submission with EX-5.1 and EX-5.2),
matched by exhibit number.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plugins.importer import LABEL_KEYS  # noqa: E402

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def normalised(field: str, value: Any) -> Any:
    if value is None or value == [] or value == "":
        return None
    if field == "file_number":
        items = value if isinstance(value, list) else str(value).split(",")
        return frozenset(_text(i) for i in items if str(i).strip())
    if isinstance(value, list):
        return frozenset(_text(v) for v in value)
    if isinstance(value, bool):
        return value
    return _text(value)


def _text(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value)).translate(_QUOTES)
    return " ".join(text.casefold().split())


def _source_for(truth: Path) -> Path | None:
    stem = truth.name.removesuffix(".truth.yaml")
    candidates = [
        p
        for p in truth.parent.iterdir()
        if p.name.startswith(stem + ".") and not p.name.endswith((".yaml", ".yml", ".json", ".md"))
    ]
    return sorted(candidates)[0] if candidates else None


def predicted_labels(source: Path, saved: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    if saved is not None:
        return [
            e for e in saved if Path(str(e.get("source", "")).split(":")[0]).name == source.name
        ]
    from plugins.edgar_source import read_sources
    from plugins.importer import import_document, labels

    documents, _ = read_sources([source])
    return [labels(import_document(document)) for document in documents]


def _predicted_for(truth: dict[str, Any], found: list[dict[str, Any]], several: bool) -> dict:
    if not several:
        return found[0] if found else {}
    return next((f for f in found if str(f.get("exhibit")) == str(truth.get("exhibit"))), {})


def _accepted(key: str, truth: dict[str, Any]) -> list[Any]:
    values = [truth.get(key), *((truth.get("alternatives") or {}).get(key) or [])]
    return [str(v) if key == "date" and v is not None else v for v in values]


def fidelity_of(source: Path) -> tuple[int, int, int]:
    from plugins.edgar_source import read_sources
    from plugins.fidelity import compare, rendered_words, source_words
    from plugins.importer import import_document

    kept = total = added = 0
    for document in read_sources([source])[0]:
        result = compare(
            source_words(document.body, document.is_html),
            rendered_words(import_document(document).markdown),
        )
        kept, total, added = (
            kept + result.kept_in_order,
            total + result.source_words,
            added + result.added_words,
        )
    return kept, total, added


def score(
    directory: Path, saved: list[dict[str, Any]] | None = None
) -> tuple[dict[str, int], int, list[str]]:
    """Fields right per label key, opinions labelled, and a line per miss."""
    right = dict.fromkeys(LABEL_KEYS, 0)
    files = 0
    misses: list[str] = []
    for truth_path in sorted(directory.glob("*.truth.yaml")):
        source = _source_for(truth_path)
        records = yaml.safe_load(truth_path.read_text(encoding="utf-8")) or {}
        records = records if isinstance(records, list) else [records]
        found_all = predicted_labels(source, saved) if source else []
        for truth in records:
            got = _predicted_for(truth, found_all, len(records) > 1)
            files += 1
            for key in LABEL_KEYS:
                accepted = _accepted(key, truth)
                found = got.get(key)
                if normalised(key, found) in [normalised(key, v) for v in accepted]:
                    right[key] += 1
                else:
                    misses.append(
                        f"{truth_path.name:18} {key:14} label={accepted[0]!r}\n"
                        f"{'':33} found={found!r}"
                    )
    return right, files, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument(
        "--labels-json", type=Path, help="saved output of `exhibits import --labels`"
    )
    parser.add_argument("--misses", action="store_true", help="list every wrong field")
    parser.add_argument("--fidelity", action="store_true", help="also count words kept in order")
    parser.add_argument(
        "--min-overall", type=float, help="exit 1 below this overall accuracy (0-1)"
    )
    parser.add_argument("--min-field", type=float, help="exit 1 if any field is below this (0-1)")
    args = parser.parse_args(argv)

    saved = json.loads(args.labels_json.read_text(encoding="utf-8")) if args.labels_json else None
    right, files, misses = score(args.directory, saved)
    words = [0, 0, 0]
    if args.fidelity:
        for truth_path in sorted(args.directory.glob("*.truth.yaml")):
            source = _source_for(truth_path)
            if source:
                words = [a + b for a, b in zip(words, fidelity_of(source), strict=True)]
    if not files:
        print(f"no *.truth.yaml in {args.directory}", file=sys.stderr)
        return 2

    print(f"{'field':16} {'right':>5} {'of':>4} {'accuracy':>9}")
    for key in LABEL_KEYS:
        print(f"{key:16} {right[key]:5} {files:4} {right[key] / files:9.1%}")
    overall = sum(right.values()) / (files * len(LABEL_KEYS))
    print(f"{'overall':16} {sum(right.values()):5} {files * len(LABEL_KEYS):4} {overall:9.1%}")
    if args.fidelity:
        kept, total, added = words
        print(
            f"\nfidelity: {kept} of {total} source words kept in order "
            f"({kept / max(total, 1):.2%}), "
            f"{added} words added"
        )
    if args.misses and misses:
        print("\nmisses:\n" + "\n".join(misses))
    worst = min(right[key] / files for key in LABEL_KEYS)
    failing = (args.min_overall is not None and overall < args.min_overall) or (
        args.min_field is not None and worst < args.min_field
    )
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
