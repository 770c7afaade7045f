"""Time plugins.render on every body case of tests/data/bad-inputs and on worst cases at the caps.

    python bench/render_timings.py            # best of 3 per input, in milliseconds

Tests never assert timings (machines differ); this script is where they are measured.
The renderer's limits are budgets (size, markup characters, nesting, raw HTML tags), so
the worst cases below sit just under them: they show the longest a file can take.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plugins.render import MAX_BODY_CHARS, MAX_MARKUP, render_opinion  # noqa: E402
from plugins.render_markdown import MAX_RAW_HTML_TAGS  # noqa: E402

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "bad-inputs" / "cases"
N = MAX_MARKUP - 100
WORST = {
    "![ (link label scans)": "![" * (N // 2),
    "[ (link label scans)": "[" * N,
    "one-line list items": "- a\n" * (N // 3),
    "paragraphs": "a\n\n" * (N // 4),
    "lines": "a\n" * (N // 2),
    "table cells": "|"
    + "a|" * 1000
    + "\n|"
    + "-|" * 1000
    + "\n"
    + ("|" + "b|" * 1000 + "\n") * (N // 1000 - 3),
    "raw HTML at the tag cap": "- x " + "<div>" * (MAX_RAW_HTML_TAGS - 2) + "\n" + "- a\n" * 20000,
    "plain words at the size cap": ("lorem ipsum dolor " * 100 + "\n") * (MAX_BODY_CHARS // 1801),
}


def best_of(body: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        render_opinion(body, path="bench.md")
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    for path in sorted(CASES.glob("*.md")):
        try:
            lines = path.read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n")
            end = lines.index("---", 1)
        except (UnicodeDecodeError, ValueError):
            continue  # not a body case: the loader refuses it before rendering
        body = "\n".join(lines[end + 1 :])
        print(f"{path.name:44s} {len(body):9d} chars {best_of(body):9.1f} ms")
    for name, body in WORST.items():
        print(f"worst: {name:37s} {len(body):9d} chars {best_of(body, 1):9.1f} ms")


if __name__ == "__main__":
    main()
