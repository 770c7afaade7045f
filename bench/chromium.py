"""Debian's Chromium as the benchmark and the browser tests launch it (headless, no
sandbox as root, nothing fetched in the background). No browser download is possible
here: `apt-get install chromium`."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
