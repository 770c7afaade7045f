"""Find mentions of archive things in opinion text: file numbers, issuers, parties.

Built once per catalog. Matching is a single pass over word starts with a lookup
by first word, so its cost grows with the text, not with the number of names
(one regex alternation of thousands of names would be scanned at every position).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from plugins.catalog import Catalog
from plugins.layout import Layout
from plugins.render import Mention

_WORD = re.compile(r"\w[\w.&'-]*")
_FILE_NUMBER = re.compile(r"\b\d{1,3}-\d{1,6}(?:-\d{1,3})?\b")
_MIN_NAME = 4


@dataclass(frozen=True)
class Target:
    src: str  # Markdown source path of the page a mention links to
    title: str


class MentionIndex:
    """Names and file numbers that have pages, ready to be looked up in text."""

    def __init__(self, catalog: Catalog, layout: Layout) -> None:
        self.layout = layout
        self.file_numbers = {
            key: Target(layout.group("registration", key), f"Registration statement {key}")
            for key in catalog.groups.get("registration", {})
        }
        by_first: dict[str, list[tuple[str, Target]]] = defaultdict(list)
        for facet, noun in (("issuer", "Issuer"), ("party", "Party")):
            for key, group in catalog.groups.get(facet, {}).items():
                name = group.label
                first = _WORD.match(name)
                if len(name) < _MIN_NAME or not first:
                    continue
                by_first[first.group()].append(
                    (name, Target(layout.group(facet, key), f"{noun}: {name}"))
                )
        # Longest name first, so "Citibank, N.A." wins over "Citibank".
        self.names = {k: sorted(v, key=lambda nt: -len(nt[0])) for k, v in by_first.items()}
        # Everything a finder's output depends on besides the text and the page: caches of
        # rendered opinions key on it, so a new or renamed issuer re-renders every opinion.
        digest = hashlib.sha256(
            repr((layout, sorted(self.file_numbers.items()), sorted(self.names.items()))).encode()
        )
        self.fingerprint = digest.hexdigest()

    def finder(self, page_src: str):  # noqa: ANN201 - a closure for render_opinion
        """A `find_mentions` callback linking each target once per page."""
        linked: set[str] = {page_src}

        def find(text: str) -> Iterator[Mention]:
            for start, end, target in self._scan(text):
                if target.src in linked:
                    continue
                linked.add(target.src)
                yield Mention(start, end, self.layout.href(page_src, target.src), target.title)

        return find

    def _scan(self, text: str) -> list[tuple[int, int, Target]]:
        found = [
            (m.start(), m.end(), self.file_numbers[m.group()])
            for m in _FILE_NUMBER.finditer(text)
            if m.group() in self.file_numbers
        ]
        names = self.names
        for word in _WORD.finditer(text):
            # The first word may carry trailing punctuation that the name does not ("Inc.,").
            whole = word.group()
            bare = whole.rstrip(".,;:'")
            candidates = names.get(whole, ())
            if bare != whole and bare in names:
                candidates = (*candidates, *names[bare])
            if not candidates:  # most words start no name: one dict lookup or two, no more
                continue
            start = word.start()
            for name, target in candidates:
                end = start + len(name)
                if text.startswith(name, start) and (end == len(text) or not text[end].isalnum()):
                    found.append((start, end, target))
                    break
        spans, until = [], 0
        for start, end, target in sorted(found, key=lambda f: (f[0], -f[1])):
            if start >= until:
                spans.append((start, end, target))
                until = end
        return spans
