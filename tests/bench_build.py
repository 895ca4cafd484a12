"""`make bench`: time a clean build of the whole bilingual site (installation not counted).

Runs `mkdocs build` into a fresh temporary directory several times and prints the figures.
A benchmark, not a test: nothing here passes or fails on time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]
from conftest import html_pages, mkdocs_build  # noqa: E402

RUNS = 5


def main() -> None:
    timings = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            start = time.perf_counter()
            result = mkdocs_build(site)
            timings.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(result.stderr)
            pages = len(html_pages(site))
            size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    print(f"clean build of the bilingual site: {pages} pages, {size / 1024:.0f} KiB on disk")
    print(
        f"wall time over {RUNS} runs: median {statistics.median(timings):.2f} s, "
        f"min {min(timings):.2f} s, max {max(timings):.2f} s "
        "(a new Python process each run, as `make build` does)"
    )


if __name__ == "__main__":
    main()
