"""The files shipped inside the package: the knowledge data and the example answers files
(core layer, stdlib only, cheap enough to run while the command line is built).

They are found beside this module. importlib.resources would also find them inside a zip, but
cmaplan is always installed unpacked, and its import and readers cost about 8 ms per command.

A wheel also ships the knowledge data precompiled (data/knowledge.marshal, written by
hatch_build.py): loading it takes a fraction of a millisecond where parsing the TOML takes
about 6 ms. It carries a checksum of the TOML it came from and is used only while the two
agree, so it can never be stale; without it (a source checkout) the TOML is parsed.
"""

from __future__ import annotations

import marshal
import os
import zlib
from datetime import date, timedelta
from functools import cache
from typing import Any

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # src/cmaplan


def shipped_bytes(*parts: str) -> bytes:
    """The bytes of a file shipped in the package, e.g. ("data", "knowledge.toml")."""
    with open(os.path.join(PACKAGE, *parts), "rb") as file:
        return file.read()


def example_names() -> list[str]:
    """The answers files shipped with cmaplan, by name (`cmaplan init --example NAME`)."""
    names = os.listdir(os.path.join(PACKAGE, "examples"))
    return sorted(n.removesuffix(".toml") for n in names if n.endswith(".toml"))


def example_text(name: str) -> str:
    """The text of a shipped answers file (`name` is one of `example_names()`)."""
    return shipped_bytes("examples", f"{name}.toml").decode("utf-8")


# The day the examples' dates were written for. Each example is a person described relative to
# the day it is used: its dates move on with today, in whole weeks (so a Monday start stays a
# Monday), and the example makes the same valid plan on any day.
EXAMPLES_WRITTEN_FOR = date(2026, 11, 26)


def example_as_of(answers: dict[str, Any], today: date) -> dict[str, Any]:
    """An example's answers as of `today`: every date in it moved on by the whole weeks from
    EXAMPLES_WRITTEN_FOR to `today`."""
    weeks = (today - EXAMPLES_WRITTEN_FOR).days // 7
    return {
        key: value + timedelta(weeks=weeks) if isinstance(value, date) else value
        for key, value in answers.items()
    }


def example_summary(name: str) -> str:
    """Who an example is about: its first comment line, without the article."""
    first = example_text(name).splitlines()[0].lstrip("# ").rstrip(",.:")
    return first[0].lower() + first[1:] if first else name


SOURCE = ("data", "knowledge.toml")
COMPILED = ("data", "knowledge.marshal")


def compile_knowledge(source: bytes) -> bytes:
    """The precompiled form of the knowledge TOML `source`: its checksum, then its data."""
    import tomllib  # the build runs this with the standard library alone

    return zlib.crc32(source).to_bytes(4, "big") + marshal.dumps(tomllib.loads(source.decode()))


def read_knowledge(source: bytes, compiled: bytes | None) -> dict[str, Any]:
    """The knowledge data: from `compiled` when it was made from this very `source` (and this
    Python can read it), else parsed from the TOML."""
    if compiled is not None and compiled[:4] == zlib.crc32(source).to_bytes(4, "big"):
        try:
            data = marshal.loads(compiled[4:])
        except (EOFError, ValueError, TypeError):
            data = None
        if isinstance(data, dict):
            return data
    import tomllib

    return tomllib.loads(source.decode("utf-8"))


@cache
def knowledge_data() -> dict[str, Any]:
    """The knowledge data shipped with this version of cmaplan, in its quickest valid form:
    read once a process (the knowledge, the states, eligibility and Category 4's hours all
    start from it), and only read, never changed, by those who ask."""
    try:
        compiled: bytes | None = shipped_bytes(*COMPILED)
    except OSError:
        compiled = None
    return read_knowledge(shipped_bytes(*SOURCE), compiled)
