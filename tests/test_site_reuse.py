"""A `mkdocs serve` rebuild over the last build's files: the same folder a clean build
makes (what was not written again is gone), with files written over in place."""

from __future__ import annotations

import os
import time
from pathlib import Path

from plugins.site_reuse import put_back, remove_stale, set_aside


def test_rebuild_in_place_keeps_inodes_and_drops_what_was_not_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "kept" / "deep").mkdir(parents=True)
    (site / "gone").mkdir()
    (site / "kept" / "deep" / "index.html").write_text("old", encoding="utf-8")
    (site / "gone" / "index.html").write_text("old", encoding="utf-8")
    (site / "top.json").write_text("old", encoding="utf-8")
    inode = (site / "kept" / "deep" / "index.html").stat().st_ino
    time.sleep(0.05)  # the last build ended a moment before this one starts

    aside = set_aside(site)
    assert aside is not None and not any(site.iterdir())  # what MkDocs then empties
    started = put_back(site, aside)
    assert not aside.exists()
    # This build writes two of the three files again (as MkDocs does: open, truncate).
    (site / "kept" / "deep" / "index.html").write_text("new", encoding="utf-8")
    (site / "top.json").write_text("new", encoding="utf-8")
    (site / "fresh.html").write_text("new", encoding="utf-8")
    assert remove_stale(site, started) == 1

    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert files == ["fresh.html", "kept/deep/index.html", "top.json"]
    assert not (site / "gone").exists()  # its folder went with its only file
    assert (site / "kept" / "deep" / "index.html").read_text(encoding="utf-8") == "new"
    assert (site / "kept" / "deep" / "index.html").stat().st_ino == inode


def test_nothing_to_set_aside_on_a_first_build(tmp_path: Path) -> None:
    assert set_aside(tmp_path / "missing") is None
    (tmp_path / "empty").mkdir()
    assert set_aside(tmp_path / "empty") is None
    os.rmdir(tmp_path / "empty")
