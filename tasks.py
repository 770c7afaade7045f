#!/usr/bin/env python3
"""Exhibit Archive task runner: `python3 tasks.py serve|build|test [ARGS...]`.

Standard library only, so it runs on a machine that has nothing but Python 3.11:

    serve   install into .venv if needed, then `mkdocs serve` (extra ARGS go to mkdocs)
    build   install into .venv if needed, then `mkdocs build --strict`
    test    install into .venv, install Debian's chromium (and a Java runtime for the HTML
            validator) with apt-get when missing, then run pytest (extra ARGS go to pytest).
            "No tests collected" counts as a failure.

The virtual environment is reinstalled whenever pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".exhibits-installed"
EXTRAS = "test,search"
CHROMIUM = Path("/usr/bin/chromium")
# Debian package -> the command that tells it is already there.
SYSTEM_PACKAGES = {"chromium": str(CHROMIUM), "default-jre-headless": "java"}


def say(message: str) -> None:
    print(f"tasks.py: {message}", flush=True)


def run(cmd: list[str], **kwargs: object) -> int:
    say("$ " + " ".join(cmd))
    return subprocess.run(cmd, check=False, **kwargs).returncode  # type: ignore[call-overload]


def must(cmd: list[str], what: str, **kwargs: object) -> None:
    code = run(cmd, **kwargs)
    if code != 0:
        say(f"{what} failed (exit code {code})")
        raise SystemExit(code or 1)


def install_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(f"{EXTRAS}|{sys.version_info[:2]}|{ROOT}".encode())
    return digest.hexdigest()


def venv_works() -> bool:
    if not PYTHON.exists():
        return False
    return (
        subprocess.run(
            [str(PYTHON), "-c", "import sys"], check=False, capture_output=True
        ).returncode
        == 0
    )


def ensure_venv() -> None:
    """Create .venv and install the project with its test and search extras into it."""
    if not venv_works():
        if VENV.exists():
            say(f"{VENV.name} is broken; creating it again")
            shutil.rmtree(VENV)
        say(f"creating {VENV.name} with {sys.executable}")
        venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(VENV)
    stamp = install_stamp()
    if STAMP.exists() and STAMP.read_text(encoding="utf-8").strip() == stamp:
        return
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    must([str(PYTHON), "-m", "pip", "install", "--upgrade", "pip"], "upgrading pip", env=env)
    must(
        [str(PYTHON), "-m", "pip", "install", "-e", f".[{EXTRAS}]"],
        "installing the project into .venv",
        cwd=ROOT,
        env=env,
    )
    STAMP.write_text(stamp + "\n", encoding="utf-8")


def missing_system_packages() -> list[str]:
    return [
        pkg
        for pkg, probe in SYSTEM_PACKAGES.items()
        if not (Path(probe).exists() if probe.startswith("/") else shutil.which(probe))
    ]


def ensure_system_packages() -> None:
    """Debian's chromium for the browser tests, a Java runtime for the HTML validator."""
    missing = missing_system_packages()
    if not missing:
        return
    if not shutil.which("apt-get"):
        say(
            f"missing {', '.join(missing)} and there is no apt-get to install them; "
            "install them by hand"
        )
        raise SystemExit(1)
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if not shutil.which("sudo"):
            say(f"missing {', '.join(missing)}; run as root or install them by hand")
            raise SystemExit(1)
        prefix = ["sudo", "-E"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    must([*prefix, "apt-get", "update"], "apt-get update", env=env, stdin=subprocess.DEVNULL)
    must(
        [*prefix, "apt-get", "install", "-y", "--no-install-recommends", *missing],
        f"apt-get install {' '.join(missing)}",
        env=env,
        stdin=subprocess.DEVNULL,
    )
    still = missing_system_packages()
    if still:
        say(f"{', '.join(still)} still missing after apt-get install")
        raise SystemExit(1)


def mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def task_serve(args: list[str]) -> int:
    ensure_venv()
    return run([str(PYTHON), "-m", "mkdocs", "serve", *args], cwd=ROOT, env=mkdocs_env())


def task_build(args: list[str]) -> int:
    ensure_venv()
    return run(
        [str(PYTHON), "-m", "mkdocs", "build", "--strict", *args], cwd=ROOT, env=mkdocs_env()
    )


def task_test(args: list[str]) -> int:
    ensure_venv()
    ensure_system_packages()
    code = run(
        [str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=mkdocs_env(), stdin=subprocess.DEVNULL
    )
    if code == 5:
        say("pytest collected no tests: that is a failure, not a pass")
        return 1
    return code


TASKS = {"serve": task_serve, "build": task_build, "test": task_test}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        return TASKS[argv[0]](argv[1:])
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
