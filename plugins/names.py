"""Names that look alike but are not the same: likely mistakes or impersonation.

"Citigroup" typed with a Cyrillic "С" would get its own issuer page beside the
real one; a reviewer cannot see the difference. Names are compared through a
skeleton (homoglyphs folded to Latin, case and punctuation ignored).
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from confusable_homoglyphs import confusables

from plugins.problems import ValidationProblem

if TYPE_CHECKING:
    from plugins.catalog import Exhibit

_NAME_FIELDS = ("issuer", "law_firm", "counsel")


@functools.lru_cache(maxsize=65536)  # names repeat across thousands of exhibits
def skeleton(name: str) -> str:
    """A comparison key: look-alike letters folded to Latin, case and punctuation dropped."""
    folded = []
    for ch in unicodedata.normalize("NFKC", name):
        found = (
            confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True)
            if ord(ch) > 0x7F
            else False
        )
        if isinstance(found, list) and found and found[0]["homoglyphs"]:
            ch = found[0]["homoglyphs"][0]["c"]
        folded.append(ch)
    text = unicodedata.normalize("NFKD", "".join(folded).casefold())
    return "".join(c for c in text if c.isalnum())


def foreign_lookalikes(name: str) -> list[str]:
    """Characters of a mostly-Latin name that belong to another script but look Latin."""
    if name.isascii():  # ASCII is Latin or common: nothing to find (and 10,000 names to check)
        return []
    return list(_foreign_lookalikes(name))


@functools.lru_cache(maxsize=65536)
def _foreign_lookalikes(name: str) -> tuple[str, ...]:
    if not any("LATIN" in unicodedata.name(c, "") for c in name if c.isalpha()):
        return ()
    found = confusables.is_confusable(name, preferred_aliases=["latin"], greedy=True) or []
    return tuple(
        f"U+{ord(f['character']):04X} {unicodedata.name(f['character'], '?')}"
        for f in found
        if f["alias"] not in ("LATIN", "COMMON")
    )


def confusable_problems(exhibits: Iterable[Exhibit]) -> list[ValidationProblem]:
    """Warn where a name mixes scripts or differs from another name only by look-alikes."""
    problems: list[ValidationProblem] = []
    spellings: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    where: dict[tuple[str, str], tuple[int, int]] = {}
    for ex in exhibits:
        for field in _NAME_FIELDS:
            name = getattr(ex.meta, field)
            if not name:
                continue
            spellings[(field, skeleton(name))].setdefault(name, ex.path)
            where.setdefault((ex.path, field), ex.where(field))
            odd = foreign_lookalikes(name)
            if odd:
                problems.append(
                    ValidationProblem(
                        ex.path,
                        *ex.where(field),
                        field,
                        f"'{name}' mixes scripts: {', '.join(odd[:3])} looks like a Latin letter",
                        expected="a name in one script",
                        found=f"'{name}'",
                        suggestion="retype the name; it would get a page of its own",
                        severity="warning",
                    )
                )
    for (field, _), names in spellings.items():
        if len(names) < 2 or not any(foreign_lookalikes(n) for n in names):
            continue
        for name, path in names.items():
            # Name the other spelling that is written in one script first: the suggestion
            # must never point at the look-alike (issue 6).
            others = sorted(
                (n for n in names if n != name), key=lambda n: bool(foreign_lookalikes(n))
            )
            suggestion = (
                f"use '{others[0]}' if it is the same {field.replace('_', ' ')}"
                if not foreign_lookalikes(others[0])
                else f"check '{others[0]}' in {names[others[0]]}: it mixes scripts"
            )
            problems.append(
                ValidationProblem(
                    path,
                    *where[(path, field)],
                    field,
                    f"'{name}' looks the same as '{others[0]}' but is spelt with "
                    "different characters",
                    expected="one spelling per name",
                    found=f"'{name}'",
                    suggestion=suggestion,
                    severity="warning",
                )
            )
    return problems
