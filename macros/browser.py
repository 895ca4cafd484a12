"""Which Chromium the browser tests and the audit drive, and how it is started."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "chromium", "google-chrome", "google-chrome-stable")

# No background traffic: this machine (and a privacy test) allows no other origin.
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def find_browser() -> str:
    """$KYR_CHROMIUM if set, then Debian's /usr/bin/chromium, then an installed Chrome."""
    chosen = os.environ.get("KYR_CHROMIUM")
    if chosen:
        return chosen
    for candidate in CANDIDATES:
        found = candidate if Path(candidate).is_file() else shutil.which(candidate)
        if found:
            return found
    raise RuntimeError("no Chromium found: run `make test` (it installs Debian's chromium)")
