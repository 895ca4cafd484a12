"""All or nothing: build the site into a fresh folder beside the target, check what was
built (macros/gate.py), and only then put it in the target's place. A failure at any step
(a data value that crashes a tool, a strict-mode warning, a page the guard refuses) leaves
the previous site exactly as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .gate import gate_problems

# What builds the site: MkDocs, or ProperDocs (its maintained continuation, which runs the
# same plugins) with `make test RUNNER=properdocs` (README: Platform plan).
RUNNER = os.environ.get("KYR_RUNNER", "mkdocs")


def build_command(site_dir: Path, config_file: Path) -> list[str]:
    """The command line that builds the site into `site_dir` with the chosen runner."""
    return [sys.executable, "-m", RUNNER, "build", "-f", str(config_file), "-d", str(site_dir)]


def build(site_dir: Path, config_file: Path) -> list[str]:
    """Build into `site_dir`. Returns the guard's problems with the built pages; raises
    BuildFailed when the build itself failed (it has printed why). Either way `site_dir` is
    replaced only when the list is empty."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # Beside the target, so that the final rename is on one file system and instant.
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        finished = subprocess.run(build_command(staging, config_file), stdin=subprocess.DEVNULL)
        if finished.returncode != 0:
            raise BuildFailed(finished.returncode)
        if problems := gate_problems(staging):
            return problems
        _replace(site_dir, staging)
        return []
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class BuildFailed(Exception):
    """MkDocs (or our hooks) stopped the build and printed why, one line per problem."""


def _replace(site_dir: Path, staging: Path) -> None:
    old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
    if site_dir.exists():
        os.replace(site_dir, old / site_dir.name)
    os.replace(staging, site_dir)
    shutil.rmtree(old, ignore_errors=True)
