"""Benchmark the archive at scale against bare mkdocs-material, and write docs/performance.md.

    python bench/benchmark.py                      # N = 1,000 / 5,000 / 10,000 (about 15 min)
    python bench/benchmark.py --sizes 200,1000     # a quick run
    python bench/benchmark.py --no-write           # print the tables, leave the docs alone

For every N, in one run:

- `generate_exhibits.py` writes N exhibits; the plugin project builds them, and a bare
  project builds the SAME Markdown files with mkdocs-material alone (front matter left in
  place, material's search on, no plugin, nav limited to the home page). Both build into
  a fresh folder; reported: wall time, CPU time (user + system, every process), peak
  memory of the build's process tree (resident memory of all its processes, sampled every
  25 ms), output size, and the ratio plugin / bare.
- the same exhibits with `search: pagefind` (and no material search): build time and
  memory with indexing, the index size, and what a visitor downloads for one search
  query in headless Chromium (bytes over the network, cold cache), next to the same for
  material's search on the default build;
- `exhibits check` on the N files (files per second), and `exhibits check --bodies`;
- at 5,000 exhibits (or the largest size below it), `mkdocs serve` for both projects:
  one exhibit is edited and the time until the rebuilt site is ready is measured, then a
  mistake is written into it and the warning must show in the terminal.

Timings depend on the machine and on what else runs on it: the load average before and
after the run is reported with the tables.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import importlib.metadata
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import generate_exhibits as gen  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
BEGIN, END = "<!-- benchmark:begin -->", "<!-- benchmark:end -->"
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONWARNINGS": "ignore",
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
}

BARE_YML = """\
site_name: Bare mkdocs-material ({n} pages)
site_url: https://archive.example/
theme:
  name: material
plugins:
  - search
nav:
  - Home: index.md
"""


# ------------------------------------------------------------------ measuring processes


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of every process of the run
    peak: int  # bytes: the largest sum of resident memory of the process tree
    returncode: int
    stderr: str = ""


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        todo += tree.get(p, [])
        with contextlib.suppress(OSError, ValueError, IndexError):
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
    return total


def measure(cmd: list[str], cwd: Path, timeout: float = 3600) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.025)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, err = proc.communicate(timeout=timeout)
    finally:
        done.set()
        sampler.join()
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, peak, proc.returncode, err)


# ext4 skips inodes freed in the last 30 s when it allocates new ones, scanning past them:
# a build that writes thousands of files right after thousands were deleted spends
# seconds in the kernel (measured: 4 s of system time became 18 s). Builds here write into
# folders that never existed, and deleting old ones is followed by this long a pause.
_DELETED_INODES_SETTLE = 31.0
_last_delete = 0.0


def remove_sites(*folders: Path) -> None:
    global _last_delete
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
            _last_delete = time.monotonic()


def settle() -> None:
    """Wait until no recently deleted files can slow the next build down (see above)."""
    wait = _last_delete + _DELETED_INODES_SETTLE - time.monotonic()
    if wait > 0:
        time.sleep(wait)


def build(project: Path, site: Path) -> Run:
    if site.exists():  # a fresh folder: cleaning one is not the build
        remove_sites(site)
    settle()
    run = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], project)
    if run.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{run.stderr[-3000:]}")
    return run


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


# ------------------------------------------------------------------------------ projects


def make_projects(root: Path, n: int, seed: int) -> dict[str, Path]:
    """The plugin project, the same exhibits with search: pagefind, and the bare project."""
    plugin, pagefind, bare = root / "plugin", root / "pagefind", root / "bare"
    for folder in (plugin, pagefind, bare):
        shutil.rmtree(folder, ignore_errors=True)
    gen.write_project(plugin, n, seed)
    pagefind.mkdir(parents=True)
    shutil.copytree(plugin / "docs", pagefind / "docs")
    shutil.copytree(plugin / "exhibits", pagefind / "exhibits", copy_function=os.link)
    (pagefind / "mkdocs.yml").write_text(
        gen.MKDOCS_YML.format(n=n, options="\n      search: pagefind").replace("  - search\n", ""),
        encoding="utf-8",
    )
    (bare / "docs").mkdir(parents=True)
    shutil.copy(plugin / "docs" / "index.md", bare / "docs" / "index.md")
    shutil.copytree(plugin / "exhibits", bare / "docs" / "exhibits", copy_function=os.link)
    (bare / "mkdocs.yml").write_text(BARE_YML.format(n=n), encoding="utf-8")
    return {"plugin": plugin, "pagefind": pagefind, "bare": bare}


# ------------------------------------------------------------------ search in a browser


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static file server that compresses text as any CDN or web server would."""

    COMPRESS = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", "/")

    sent: list[tuple[str, int]]  # (path, bytes written to the socket), set per server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def setup(self) -> None:
        super().setup()
        self.wfile = _Counting(self.wfile)  # type: ignore[assignment]

    def finish(self) -> None:
        with contextlib.suppress(AttributeError):
            self.sent.append((getattr(self, "path", ""), self.wfile.count))  # type: ignore[attr-defined]
        super().finish()

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        local = Path(self.translate_path(path))
        if local.is_dir():
            local = local / "index.html"
        if not (
            path.endswith(self.COMPRESS)
            and local.is_file()
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            super().do_GET()
            return
        body = _gzipped(str(local), local.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Counting:
    """A socket writer that counts what it writes: the bytes that cross the network."""

    def __init__(self, raw) -> None:  # noqa: ANN001
        self.raw, self.count = raw, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.raw, name)


@functools.lru_cache(maxsize=4096)
def _gzipped(path: str, mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


@contextlib.contextmanager
def serve_site(site: Path, sent: list[tuple[str, int]] | None = None) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"sent": sent if sent is not None else []})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@dataclass
class Transfer:
    search: int  # bytes of the search machinery: library, index, filters, excerpts
    page: int  # bytes of everything else: the page, the theme's CSS and JavaScript
    search_requests: int
    before_query: int  # bytes of it all received before the first key was typed
    external: int  # requests to other hosts (blocked)
    results: int  # results shown


def is_search(url: str) -> bool:
    return (
        re.search(r"/pagefind(-\d+)?/", url) is not None
        or "pagefind-search" in url
        or "search_index.json" in url
        or "/workers/search." in url
    )


def search_transfer(site: Path, kind: str, query: str, start: str = "") -> Transfer:
    """What a visitor downloads for one query: fresh browser profile, so a cold cache."""
    from playwright.sync_api import sync_playwright

    received: list[tuple[str, int]] = []  # (path, bytes sent), by the server: workers too
    with serve_site(site, received) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        external = [0]

        def route(r) -> None:  # noqa: ANN001
            if r.request.url.startswith(base):
                r.continue_()
            else:
                external[0] += 1
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(base + start, wait_until="networkidle")
        before = sum(size for _, size in received)
        if kind == "material":
            box = page.locator("input[data-md-component='search-query']")
            results = page.locator(".md-search-result__item")
        else:
            box = page.locator(".xa-search-input")
            results = page.locator(".xa-search-result")
        box.click()
        box.press_sequentially(query, delay=40)  # as a visitor types (the UIs listen for keys)
        results.first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)  # let late chunk requests finish
        shown = results.count()
        browser.close()
    search = [size for url, size in received if is_search(url)]
    return Transfer(
        sum(search),
        sum(size for _, size in received) - sum(search),
        len(search),
        before,
        external[0],
        shown,
    )


# ------------------------------------------------------------------------ mkdocs serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Serve:
    initial: float
    rebuilds: list[float] = field(default_factory=list)  # edit saved -> site rebuilt
    warning_shown: bool = False


def serve_rebuilds(project: Path, exhibit: Path, edits: int = 2) -> Serve:
    """Start `mkdocs serve`, edit one exhibit `edits` times, then write a mistake into it."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines: list[tuple[float, str]] = []
    arrived = threading.Condition()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            with arrived:
                lines.append((time.monotonic(), line))
                arrived.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_for(pattern: str, since: float, timeout: float = 1200) -> tuple[float, str]:
        deadline = time.monotonic() + timeout
        with arrived:
            while True:
                for stamp, line in lines:
                    if stamp >= since and re.search(pattern, line):
                        return stamp, line
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        "mkdocs serve stopped or hung:\n" + "".join(line for _, line in lines[-30:])
                    )
                arrived.wait(1)

    original = exhibit.read_text(encoding="utf-8")
    try:
        start = time.monotonic()
        ready, _ = wait_for(r"Serving on", start)
        result = Serve(ready - start)
        for i in range(edits):
            time.sleep(1.5)
            saved = time.monotonic()
            exhibit.write_text(
                original.replace("Very truly yours,", f"Very truly yours ({i}),"), encoding="utf-8"
            )
            done, _ = wait_for(r"Documentation built in", saved)
            result.rebuilds.append(done - saved)
        time.sleep(1.5)
        saved = time.monotonic()
        broken = re.sub(r"^date: .*$", "date: 2001-02-30", original, count=1, flags=re.M)
        exhibit.write_text(broken, encoding="utf-8")
        wait_for(r"Documentation built in", saved)
        result.warning_shown = any(
            stamp >= saved and exhibit.name in line and "date" in line for stamp, line in lines
        )
        return result
    finally:
        exhibit.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# ------------------------------------------------------------------------------ machine


def machine() -> dict[str, str]:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    versions = {}
    for package in (
        "mkdocs",
        "mkdocs-material",
        "pagefind",
        "pagefind-bin-extended",
        "markdown",
        "markdown-it-py",
        "pydantic",
        "playwright",
    ):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[package] = importlib.metadata.version(package)
    chromium = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "chromium": chromium,
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# ---------------------------------------------------------------------------------- run


def bench_size(work: Path, n: int, args: argparse.Namespace) -> dict:
    root = work / str(n)
    projects = make_projects(root, n, args.seed)
    result: dict = {"n": n}
    names = ("bare", "plugin", "pagefind")
    # Interleaved (bare, plugin, pagefind, bare, ...): a change in the machine's load
    # then weighs on every variant alike; the best of the repeats is kept.
    all_runs: dict[str, list[Run]] = {name: [] for name in names}
    loads = []
    for repeat in range(args.repeat):
        for name in names:
            loads.append(os.getloadavg()[0])
            all_runs[name].append(build(projects[name], root / f"site-{name}-{repeat}"))
    for name in names:  # the last build of each is kept, for the search measurements
        remove_sites(root / f"site-{name}")
        (root / f"site-{name}-{args.repeat - 1}").rename(root / f"site-{name}")
        remove_sites(*(root / f"site-{name}-{r}" for r in range(args.repeat - 1)))
    result["load"] = max(loads)
    for name in names:
        runs = all_runs[name]
        best = min(runs, key=lambda r: r.wall)
        files, size = folder_size(root / f"site-{name}")
        result[name] = {
            **asdict(best),
            "stderr": "",
            "files": files,
            "bytes": size,
            "cpu": min(r.cpu for r in runs),
            "peak": max(r.peak for r in runs),
        }
        print(
            f"  N={n} {name}: {best.wall:.1f} s wall, {result[name]['cpu']:.1f} s CPU, "
            f"peak {result[name]['peak'] / 2**20:.0f} MiB, {size / 1e6:.0f} MB in {files} files",
            file=sys.stderr,
        )
    result["ratio"] = result["plugin"]["wall"] / result["bare"]["wall"]
    result["cpu_ratio"] = result["plugin"]["cpu"] / result["bare"]["cpu"]
    material_index = root / "site-plugin" / "search" / "search_index.json"
    result["material_index"] = material_index.stat().st_size
    bundles = sorted((root / "site-pagefind").glob("pagefind*"))
    result["pagefind_index"] = sum(folder_size(b)[1] for b in bundles if b.is_dir())
    result["pagefind_parts"] = len([b for b in bundles if b.is_dir()])
    # The exhibit and the query: an issuer's name, and a word every legality opinion has.
    first = sorted((projects["plugin"] / "exhibits").glob("*.md"))[n // 2]
    issuer = re.search(r"^issuer: (.*)$", first.read_text(encoding="utf-8"), re.M)
    query = f"{issuer.group(1).split()[0] if issuer else 'merger'} nonassessable"
    result["query"] = query
    if not args.no_browser:
        result["material_search"] = asdict(search_transfer(root / "site-plugin", "material", query))
        result["pagefind_search"] = asdict(
            search_transfer(root / "site-pagefind", "pagefind", query, start="search/")
        )
        print(
            f"  N={n} search: material {result['material_search']}, "
            f"pagefind {result['pagefind_search']}",
            file=sys.stderr,
        )
    check = measure([sys.executable, "-m", "plugins.cli", "check"], projects["plugin"])
    result["check"] = {"wall": check.wall, "cpu": check.cpu, "returncode": check.returncode}
    bodies = measure([sys.executable, "-m", "plugins.cli", "check", "--bodies"], projects["plugin"])
    result["check_bodies"] = {"wall": bodies.wall, "cpu": bodies.cpu}
    print(
        f"  N={n} exhibits check: {check.wall:.1f} s, with --bodies {bodies.wall:.1f} s",
        file=sys.stderr,
    )
    if n == args.serve_size:
        name = first.name
        result["serve"] = {
            "bare": asdict(
                serve_rebuilds(projects["bare"], projects["bare"] / "docs" / "exhibits" / name)
            ),
            "plugin": asdict(
                serve_rebuilds(projects["plugin"], projects["plugin"] / "exhibits" / name)
            ),
        }
        print(f"  N={n} serve: {result['serve']}", file=sys.stderr)
    if not args.keep:
        remove_sites(*(root / f"site-{name}" for name in ("bare", "plugin", "pagefind")))
    return result


def mb(value: float) -> str:
    return f"{value / 1e6:.1f} MB" if value < 10e9 else f"{value / 1e9:.1f} GB"


def mib(value: float) -> str:
    return f"{value / 2**20:.0f} MiB"


def kb(value: float) -> str:
    return f"{value / 1e3:.0f} KB"


def tables(results: list[dict], info: dict[str, str], load_after: str) -> str:
    out = [
        f"Measured {info['date']} by `python bench/benchmark.py"
        f"{' --sizes ' + ','.join(str(r['n']) for r in results)}` on: {info['cpu']}, "
        f"{info['memory']} RAM, {info['system']}, Python {info['python']}; "
        f"{info['packages']}; {info['chromium']}. Load average (1/5/15 min) "
        f"{info['load']} before the run, {load_after} after: timings from a busy machine "
        "are slower, and the CPU-time columns less affected than the wall-clock ones.",
        "",
        "### Build: the plugin against bare mkdocs-material, same exhibits",
        "",
        "| Exhibits | Bare build | Plugin build | Ratio | CPU bare / plugin (ratio) "
        "| Peak memory bare / plugin | Output bare / plugin | Files bare / plugin "
        "| Load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b, p = r["bare"], r["plugin"]
        out.append(
            f"| {r['n']:,} | {b['wall']:.1f} s | {p['wall']:.1f} s | **{r['ratio']:.2f}x** | "
            f"{b['cpu']:.1f} s / {p['cpu']:.1f} s ({r['cpu_ratio']:.2f}x) | "
            f"{mib(b['peak'])} / {mib(p['peak'])} | {mb(b['bytes'])} / {mb(p['bytes'])} | "
            f"{b['files']:,} / {p['files']:,} | {r.get('load', 0):.1f} |"
        )
    out += [
        "",
        "Per exhibit, plugin build: "
        + ", ".join(f"{r['plugin']['wall'] / r['n'] * 1000:.1f} ms at {r['n']:,}" for r in results)
        + ". Best of the runs; *Load*: the highest 1-minute load average seen when a build "
        "started (2 cores: above 2, other work was competing for them). The bare build uses "
        "one core, the plugin's both (it renders opinions and writes listing pages in other "
        "processes), so other work on the machine slows the plugin more.",
        "",
        "### Search",
        "",
        "| Exhibits | Pagefind build (wall, peak memory) | Index: material / Pagefind "
        "| First search, material: search + page | First search, Pagefind: search + page |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        f = r["pagefind"]
        row = (
            f"| {r['n']:,} | {f['wall']:.1f} s, {mib(f['peak'])} | "
            f"{mb(r['material_index'])} / {mb(r['pagefind_index'])} in "
            f"{r['pagefind_parts']} part{'s' if r['pagefind_parts'] != 1 else ''} | "
        )
        if "material_search" in r:
            m, q = r["material_search"], r["pagefind_search"]
            row += (
                f"**{kb(m['search'])}** + {kb(m['page'])} ({m['search_requests']} search "
                f"requests) | **{kb(q['search'])}** + {kb(q['page'])} "
                f"({q['search_requests']} search requests, {q['results']} results shown) |"
            )
        else:
            row += "not measured | not measured |"
        out.append(row)
    out += [
        "",
        "A first search on a cold cache: open the page (home page for material, the "
        "search page for Pagefind), type the query, wait for the results. Bytes are as "
        "received by Chromium (headers included) from a local server that gzips text as "
        "a CDN would. *Search* is what the search costs: material's search worker and "
        "`search_index.json`; Pagefind's library, WebAssembly, metadata, the index chunks "
        "of the words typed and the excerpts of the five results shown (the filter data "
        "loads when the visitor opens the filters). *Page* is the rest (HTML, the theme's "
        f"CSS and JavaScript). Query: an issuer's name and a word of every legality "
        f"opinion, such as `{results[-1]['query']}`."
        + (
            " External requests (blocked): "
            + ", ".join(
                f"{r['material_search']['external'] + r['pagefind_search']['external']} at "
                f"{r['n']:,}"
                for r in results
                if "material_search" in r
            )
            + "."
            if any("material_search" in r for r in results)
            else ""
        ),
        "",
        "### `exhibits check`",
        "",
        "| Exhibits | Wall time | Files per second | CPU time | With `--bodies` (wall, CPU) |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        c, b = r["check"], r.get("check_bodies")
        with_bodies = f"{b['wall']:.1f} s, {b['cpu']:.1f} s" if b else "not measured"
        out.append(
            f"| {r['n']:,} | {c['wall']:.1f} s | {r['n'] / c['wall']:,.0f} | {c['cpu']:.1f} s "
            f"| {with_bodies} |"
        )
    serve = [r for r in results if "serve" in r]
    if serve:
        out += [
            "",
            "### `mkdocs serve`: edit one exhibit",
            "",
            "| Exhibits | | Initial build | Rebuild after an edit (each) | Warning for a "
            "mistake shown |",
            "|---|---|---|---|---|",
        ]
        for r in serve:
            for name in ("bare", "plugin"):
                s = r["serve"][name]
                out.append(
                    f"| {r['n']:,} | {name} | {s['initial']:.1f} s | "
                    f"{', '.join(f'{x:.1f} s' for x in s['rebuilds'])} | "
                    f"{'yes' if s['warning_shown'] else 'no'} |"
                )
    return "\n".join(out) + "\n"


def write_doc(path: Path, text: str) -> None:
    doc = path.read_text(encoding="utf-8") if path.exists() else f"{BEGIN}\n{END}\n"
    if BEGIN not in doc or END not in doc:
        doc += f"\n{BEGIN}\n{END}\n"
    head, rest = doc.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{BEGIN}\n{text}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,5000,10000",
        help="comma-separated numbers of exhibits (default 1000,5000,10000)",
    )
    parser.add_argument(
        "--serve-size",
        type=int,
        default=None,
        help="N at which to measure mkdocs serve (default: 5000, or the largest size below it)",
    )
    parser.add_argument("--repeat", type=int, default=2, help="builds per project (best kept)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium runs")
    parser.add_argument("--no-write", action="store_true", help="do not write the docs page")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "performance.md")
    parser.add_argument(
        "--from-json",
        type=Path,
        default=None,
        help="write the tables of an earlier run's results.json, run nothing",
    )
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        text = tables(saved["results"], saved["machine"], saved.get("load_after", "?"))
        print(text)
        if not args.no_write:
            write_doc(args.out, text)
        return 0
    sizes = [int(x.replace("_", "")) for x in args.sizes.split(",") if x.strip()]
    if args.serve_size is None:
        below = [n for n in sizes if n <= 5000]
        args.serve_size = max(below) if below else min(sizes)
    work = args.work or Path(tempfile.mkdtemp(prefix="exhibits-bench-"))
    info = machine()
    print(f"benchmark in {work} on {info['cpu']}, load {info['load']}", file=sys.stderr)
    results = [bench_size(work, n, args) for n in sizes]
    load_after = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    text = tables(results, info, load_after)
    print(text)
    (work / "results.json").write_text(
        json.dumps({"machine": info, "results": results, "load_after": load_after}, indent=2),
        encoding="utf-8",
    )
    if not args.no_write:
        write_doc(args.out, text)
        print(f"wrote {args.out}", file=sys.stderr)
    if not args.work and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
