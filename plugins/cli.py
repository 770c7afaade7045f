"""The `exhibits` command: a thin adapter over the core, for contributors and CI.

Exit codes: 0 clean, 1 problems found, 2 usage error. No traceback reaches a user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from plugins import __version__
from plugins.problems import ValidationProblem, printable


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        return int(args.run(args) or 0)
    except SystemExit as exc:  # argparse: usage errors are 2, --help is 0
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the promise is "no traceback, ever"
        print(
            f"exhibits: internal error: {type(exc).__name__}: {printable(str(exc), 300)}",
            file=sys.stderr,
        )
        print("exhibits: please report this with the file that caused it", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exhibits",
        description="Exhibit Archive: check, scaffold, import and publish legal opinion exhibits.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check exhibit files against the schema")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders (default: the exhibits folder configured in mkdocs.yml)",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (path:line:column: ...), json, or GitHub annotations",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--bodies",
        action="store_true",
        help="also render every opinion text and report what a build would remove or "
        "refuse in it (raw HTML, unsafe links, control characters, oversized texts); "
        "about twice as slow",
    )
    check.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="mkdocs.yml to read the exhibits folder from",
    )
    check.set_defaults(run=_run_check)

    schema = sub.add_parser("schema", help="print the JSON Schema of exhibit front matter")
    schema.set_defaults(run=_run_schema)

    gen = sub.add_parser(
        "generate",
        help="write the whole archive as plain Markdown and files "
        "for a site builder without plugins (Zensical, plain MkDocs)",
    )
    gen.add_argument(
        "out_dir",
        type=Path,
        metavar="OUT_DIR",
        help="empty or new folder; a folder written by an earlier run is replaced",
    )
    gen.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the project's mkdocs.yml"
    )
    gen.add_argument(
        "--strict", action="store_true", help="write nothing if any exhibit has a problem"
    )
    gen.add_argument(
        "--html-links",
        choices=("source", "output"),
        default="source",
        help="links inside generated HTML relative to the Markdown source "
        "(Zensical, default) or to the built page (plain MkDocs, other builders)",
    )
    gen.set_defaults(run=_run_generate)

    from plugins.scaffold import add_new_arguments

    new = sub.add_parser("new", help="create a new exhibit file from flags or questions")
    add_new_arguments(new)

    try:
        from plugins.importer import add_import_arguments
    except ImportError:
        pass
    else:
        imp = sub.add_parser("import", help="import EDGAR exhibits (text, HTML, submissions)")
        add_import_arguments(imp)
    return parser


def exhibits_folder(config: Path) -> tuple[Path, str]:
    """(project root, exhibits folder) from mkdocs.yml, without running MkDocs."""
    from plugins.project import read_plugin_options

    root = config.resolve().parent if config.exists() else Path.cwd()
    options = read_plugin_options(config) if config.exists() else {}
    return root, str(options.get("exhibits_dir", "exhibits"))


def _run_check(args: argparse.Namespace) -> int:
    from plugins.catalog import exhibits_dir_problem, find_exhibit_files, load_catalog

    root, folder = exhibits_folder(args.config)
    problem = exhibits_dir_problem(root, folder)
    if problem and not args.paths:
        print(f"exhibits check: {problem} ({printable(str(args.config))})", file=sys.stderr)
        return 2
    if args.paths:
        files: list[Path] = []
        for path in args.paths:
            if path.is_dir():
                files += sorted(path.rglob("*.md"))
            elif path.exists() or path.is_symlink():
                files.append(path)
            else:
                print(
                    f"exhibits check: no such file or folder: {printable(str(path))}",
                    file=sys.stderr,
                )
                return 2
        root = Path.cwd() if all(_inside(Path.cwd(), f) for f in files) else root
    else:
        files = find_exhibit_files(root, folder)
    result = load_catalog(root, files, jobs=None)  # every core: 10,000 files in seconds
    problems = result.problems
    if args.bodies:
        from plugins.archive import body_problems

        problems = sorted(problems + body_problems(result.catalog, jobs=None))
    _report(problems, args.format, result.files)
    failing = problems if args.strict else [p for p in problems if p.severity == "error"]
    return 1 if failing else 0


def _inside(root: Path, path: Path) -> bool:
    return path.absolute().is_relative_to(root.absolute())


def _report(problems: list[ValidationProblem], fmt: str, files: int) -> None:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if fmt == "json":
        json.dump(
            {
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "problems": [p.to_dict() for p in problems],
            },
            sys.stdout,
            indent=2,
        )
        print()
        return
    for p in problems:
        print(_github(p) if fmt == "github" else str(p))
    summary = (
        f"checked {files} file{'s' if files != 1 else ''}: {errors} error"
        f"{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    )
    print(
        summary if fmt == "text" else f"::notice::{summary}",
        file=sys.stderr if fmt == "text" else sys.stdout,
    )


def _github(p: ValidationProblem) -> str:
    """A GitHub Actions workflow command, so the problem shows on the line of the diff."""

    def prop(value: str) -> str:
        return (
            value.replace("%", "%25")
            .replace("\r", "%0D")
            .replace("\n", "%0A")
            .replace(":", "%3A")
            .replace(",", "%2C")
        )

    message = str(p).split(": ", 1)[1] if ": " in str(p) else str(p)
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # printable(): a file or key name must not put raw escapes or bidi controls in a CI log
    title = prop(f"exhibits: {printable(p.field, 200) or 'file'}")
    return (
        f"::{p.severity} file={prop(printable(p.path, 500))},line={p.line},col={p.column},"
        f"title={title}::{message}"
    )


def _run_generate(args: argparse.Namespace) -> int:
    from plugins.generate import GenerateError, generate_site

    if not args.config.is_file():
        print(f"exhibits generate: no such file: {printable(str(args.config))}", file=sys.stderr)
        return 2
    try:
        result = generate_site(
            args.config, args.out_dir, strict=args.strict, html_links=args.html_links
        )
    except GenerateError as exc:
        print(f"exhibits generate: {printable(str(exc), 300)}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if args.strict and result.problems:
        print("exhibits generate: nothing written (--strict)", file=sys.stderr)
        return 1
    print(
        f"wrote {result.pages} pages, {result.files} files and {len(result.copied)} docs to "
        f"{printable(str(args.out_dir), 200)}; build it with `zensical build -f "
        f"{printable(str(args.out_dir / 'mkdocs.yml'), 200)}`",
        file=sys.stderr,
    )
    return 0


def _run_schema(args: argparse.Namespace) -> int:
    from plugins.schema import json_schema

    json.dump(json_schema(), sys.stdout, indent=2, sort_keys=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
