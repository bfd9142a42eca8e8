"""The answers files shipped with cmaplan (`cmaplan init --example NAME`): their names and who
each is about (core layer, stdlib only, cheap enough to run while the command line is built)."""

from __future__ import annotations

from importlib import resources


def example_names() -> list[str]:
    """The answers files shipped with cmaplan, by name (`cmaplan init --example NAME`)."""
    folder = resources.files("cmaplan").joinpath("examples")
    names = (p.name for p in folder.iterdir())
    return sorted(n.removesuffix(".toml") for n in names if n.endswith(".toml"))


def example_summary(name: str) -> str:
    """Who an example is about: its first comment line, without the article."""
    text = resources.files("cmaplan").joinpath(f"examples/{name}.toml").read_text("utf-8")
    first = text.splitlines()[0].lstrip("# ").rstrip(",.:")
    return first[0].lower() + first[1:] if first else name
