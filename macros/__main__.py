"""Command line: `python -m macros check [FILE]` checks a data file;
`python -m macros schema` writes affiliate.schema.json for editors;
`python -m macros offline-zip SITE ZIP` packs an offline build (see `make offline`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .affiliate import SCHEMA_FILE, AffiliateError, affiliate_path, json_schema, load_affiliate
from .offline import make_offline_zip

PROJECT_DIR = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "schema":
        text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
        (PROJECT_DIR / SCHEMA_FILE).write_text(text, encoding="utf-8")
        return 0
    if command == "check":
        path = Path(argv[1]) if len(argv) > 1 else affiliate_path(PROJECT_DIR)
        try:
            affiliate = load_affiliate(path)
        except AffiliateError as error:
            for problem in error.problems:
                print(f"ERROR: {problem}", file=sys.stderr)
            return 1
        if affiliate.example:
            print(f"{path}: valid, but it is the bundled EXAMPLE (example: true)")
            return 2 if "--publish" in argv else 0
        print(f"{path}: valid")
        return 0
    if command == "offline-zip" and len(argv) == 3:
        print(make_offline_zip(Path(argv[1]), Path(argv[2])))
        return 0
    print(
        "usage: python -m macros [check [FILE] [--publish] | schema | offline-zip SITE ZIP]",
        file=sys.stderr,
    )
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
