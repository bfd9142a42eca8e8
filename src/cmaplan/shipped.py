"""The files shipped inside the package: the knowledge data and the example answers files
(core layer, stdlib only, cheap enough to run while the command line is built).

They are found beside this module. importlib.resources would also find them inside a zip, but
cmaplan is always installed unpacked, and its import and readers cost about 8 ms per command.
"""

from __future__ import annotations

import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))


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


def example_summary(name: str) -> str:
    """Who an example is about: its first comment line, without the article."""
    first = example_text(name).splitlines()[0].lstrip("# ").rstrip(",.:")
    return first[0].lower() + first[1:] if first else name
