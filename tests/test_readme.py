"""README.md is the user's first contact: its commands must be the ones that work."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_the_two_commands() -> None:
    first, second = _shell_blocks()[:2]
    assert "cmaplan" in first
    assert "init --example " in first
    assert "timeline" in first
    assert "'.[test]'" in second
    assert "pytest" in second
    assert README.index(first) < README.index("---")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _shell_blocks()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_every_example_is_listed() -> None:
    for example in (ROOT / "src" / "cmaplan" / "examples").glob("*.toml"):
        assert f"`{example.stem}`" in README
