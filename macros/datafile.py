"""Upstream's own data files (the quiz, the family-plan form, the agendas): read with the
affiliate file's strict YAML loader, checked by a pydantic model, and every problem told in
one line naming the file and the key."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .affiliate import _PLAIN_MESSAGES, _format_path, _UniqueKeyLoader, display_path

Model = TypeVar("Model", bound=BaseModel)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class DataFileError(Exception):
    """A data file cannot be used; `problems` holds one line per problem, naming file and key."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# A model's own check starts its message with the key it is about, below the model's place:
# "right: 'd' is not one of the answers" belongs at questions[2].right.
_KEY_FIRST = re.compile(r"^(?P<key>[\w-]+(?:\.[\w-]+|\[\d+\])*): (?P<message>.*)$", re.S)


def _problem(name: str, error: dict[str, Any]) -> str:
    loc = tuple(part for part in error["loc"] if part != "[key]")  # a mapping's key: its own
    where = _format_path(loc) if loc else ""
    if error["type"] == "value_error":
        message = error["msg"].removeprefix("Value error, ")
        if found := _KEY_FIRST.match(message):
            key, message = found["key"], found["message"]
            where = f"{where}.{key}" if where else key
    elif error["type"] == "extra_forbidden":
        message = "unknown key"
    else:
        message = _PLAIN_MESSAGES.get(error["type"], error["msg"])
    return f"{name}: {where or '(top level)'}: {message}"


def load(path: Path, model: type[Model], name: str | None = None) -> Model:
    """The file, checked; `name` is how the problems name it (by default, its path as typed)."""
    name = name or display_path(path)
    try:
        raw = path.read_text(encoding="utf-8")
        data = yaml.load(raw, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except OSError as error:
        raise DataFileError([f"{name}: cannot be read ({error.strerror})"]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        reason = error.problem or error.context or "not valid YAML"
        raise DataFileError([f"{where}: YAML syntax error: {reason}"]) from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise DataFileError([_problem(name, e) for e in error.errors(include_url=False)]) from None


def modified(path: Path) -> int:
    """A cache key for a file: `make serve` rebuilds in the same process when a data file
    changes, and must show the change."""
    return path.stat().st_mtime_ns if path.exists() else 0


def stop(problems: list[str]) -> None:
    """Stop the build with one line per problem and no traceback, as for the affiliate's file."""
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    raise SystemExit(1)


@cache
def _cached(path: Path, model: type[Model], name: str | None, stamp: int) -> Model:
    return load(path, model, name)


def load_cached(path: Path, model: type[Model], name: str | None = None) -> Model:
    """`load`, once per version of the file."""
    return _cached(path, model, name, modified(path))
