"""Read the archive's settings from mkdocs.yml without importing MkDocs.

mkdocs.yml may hold tags such as `!!python/name:...` (Material's emoji settings) or
`!ENV`; they are read as inert placeholders, never executed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _InertLoader(yaml.SafeLoader):
    pass


def _inert(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_InertLoader.add_multi_constructor("", _inert)  # type: ignore[no-untyped-call]


def read_plugin_options(config: Path) -> dict[str, Any]:
    """The `exhibits` plugin's options in a mkdocs.yml, or {} if it has none."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_InertLoader)  # noqa: S506
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    for entry in (data or {}).get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("exhibits"), dict):
            return dict(entry["exhibits"])
    return {}
