"""Command line, for the Makefile and the workflows:

python -m macros check [FILE] [--publish]  check a data file (the one the build uses by
                                           default); --publish also refuses the example
                                           and values left from it
python -m macros new                       start local/affiliate.yml from the example
python -m macros build [-d SITE]           build the site (default site/), check every page
                                           and only then replace SITE: all or nothing
python -m macros gate SITE                 check a built site before it is published
python -m macros schema                    write affiliate.schema.json for editors
python -m macros offline-zip SITE ZIP      pack an offline build (see `make offline`) into
                                           one folder named like ZIP
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from .affiliate import (
    EXAMPLE_FILE,
    LOCAL_FILE,
    SCHEMA_FILE,
    AffiliateError,
    affiliate_path,
    display_path,
    json_schema,
    load_affiliate,
    placeholders,
    publish_problems,
    untranslated_values,
)
from .build import BuildFailed, build
from .gate import gate_problems
from .offline import START_HERE, make_offline_zip
from .site import PROJECT_DIR, site_languages


def _print_errors(problems: list[str]) -> int:
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    return 1


def check(file: Path | None, publish: bool) -> int:
    path = file or affiliate_path(PROJECT_DIR)
    try:
        if publish and (problems := publish_problems(path, PROJECT_DIR)):
            return _print_errors(problems)
        affiliate = load_affiliate(path, PROJECT_DIR)
    except AffiliateError as error:
        return _print_errors(error.problems)
    for gap in untranslated_values(affiliate, site_languages()):
        print(f"NOTE: {display_path(path)}: {gap}: not translated; readers see the default")
    if not publish and not affiliate.example:
        for left in placeholders(affiliate, display_path(path)):
            print(f"WARNING: {left} (publishing refuses this)")
    if affiliate.example:
        print(f"{display_path(path)}: valid, but it is the bundled EXAMPLE (example: true)")
    else:
        print(f"{display_path(path)}: valid" + (", ready to publish" if publish else ""))
    return 0


def new() -> int:
    target = PROJECT_DIR / LOCAL_FILE
    if target.exists():
        return _print_errors([f"{LOCAL_FILE}: already exists; edit it (nothing was changed)"])
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(EXAMPLE_FILE, target)
    print(f"{LOCAL_FILE}: started from the example. Put in your data, delete `example: true`,")
    print("then run `make check`.")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="check a data file")
    check_parser.add_argument("file", nargs="?", type=Path, help="default: the build's file")
    check_parser.add_argument("--publish", action="store_true", help="refuse placeholders too")
    commands.add_parser("new", help="start local/affiliate.yml from the example")
    build_parser = commands.add_parser("build", help="build, check, then replace the site")
    build_parser.add_argument("-d", "--site-dir", type=Path, default=Path("site"))
    build_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    gate_parser = commands.add_parser("gate", help="check a built site before publishing")
    gate_parser.add_argument("site", type=Path)
    commands.add_parser("schema", help="write affiliate.schema.json")
    zip_parser = commands.add_parser("offline-zip", help="pack an offline build")
    zip_parser.add_argument("site", type=Path)
    zip_parser.add_argument("zip", type=Path)
    args = parser.parse_args(argv)

    if args.command == "check":
        return check(args.file, args.publish)
    if args.command == "new":
        return new()
    if args.command == "build":
        try:
            problems = build(args.site_dir, args.config_file)
        except BuildFailed:
            problems = []
        else:
            if not problems:
                print(f"{args.site_dir}: built, every page checked")
                return 0
        _print_errors(problems)
        print(f"Nothing was changed in {args.site_dir}/.", file=sys.stderr)
        return 1
    if args.command == "gate":
        if problems := gate_problems(args.site):
            return _print_errors(problems)
        print(f"{args.site}: every page has the hotline and the CSP; nothing loads from elsewhere")
        return 0
    if args.command == "schema":
        text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
        (PROJECT_DIR / SCHEMA_FILE).write_text(text, encoding="utf-8")
        return 0
    if not (args.site / START_HERE).is_file():
        return _print_errors([f"{args.site}: not an offline build: run `make offline`"])
    print(make_offline_zip(args.site, args.zip))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
