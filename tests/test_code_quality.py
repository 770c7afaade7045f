"""Ruff (lint and format) and mypy, as CI runs them: the code base stays clean."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.timeout(600)
PATHS = [p for p in ("plugins", "tests", "bench") if (REPO / p).is_dir()]


def _tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_ruff_lint_is_clean() -> None:
    result = _tool("ruff", "check", "--no-cache", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _tool("ruff", "format", "--check", "--no-cache", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_plugins() -> None:
    result = _tool("mypy", "plugins")
    assert result.returncode == 0, result.stdout + result.stderr
