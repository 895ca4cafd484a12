"""`make test-time`: how long the tests take, measured the way a contributor runs them.

Runs `make test-fast` (no browser, no builds of its own beyond the shared example build),
then `make test` (lint and every test), each from a warm virtual environment, and prints
the wall-clock time of each against its target and the 15 slowest tests of the full run.
The README's figures come from here; a timed test would only measure itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Issue 15's targets on the project's 2-core machine.
TARGETS = {"make test-fast": 60, "make test": 6 * 60}
SLOWEST = 15


def timed(command: str, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.monotonic()
    result = subprocess.run(
        command.split(), cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    return time.monotonic() - start, result


def slowest(output: str) -> list[str]:
    """The lines of pytest's --durations report ("12.34s call     tests/...")."""
    return re.findall(r"^\d+\.\d+s (?:call|setup|teardown) .*$", output, flags=re.MULTILINE)


def minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {seconds % 60:04.1f} s"


def main() -> int:
    # --durations only changes what pytest prints; both targets run as they always do.
    env = {**os.environ, "PYTEST_ADDOPTS": f"--durations={SLOWEST} --durations-min=0"}
    failed = False
    report, outputs = [], {}
    for command, target in TARGETS.items():
        print(f"running {command} ...", flush=True)
        seconds, result = timed(command, env)
        # pytest's own last line ("484 passed in 361.87s"), not make's "Leaving directory".
        found = re.findall(r"^=* ?(\d+ (?:passed|failed).*?) ?=*$", result.stdout, re.MULTILINE)
        summary = found[-1] if found else "(no pytest summary)"
        verdict = "within" if seconds <= target else "OVER"
        report.append(f"{command:15} {minutes(seconds):>12}  ({verdict} {target} s)  {summary}")
        if result.returncode != 0:
            failed = True
            print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
        outputs[command] = result.stdout
    print()
    print(f"on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print("\n".join(report))
    print(f"\nthe {SLOWEST} slowest tests of `make test`:")
    print("\n".join(slowest(outputs["make test"])[:SLOWEST]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
