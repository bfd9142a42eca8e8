"""Reading a command line against the declared commands: what each line asks for, and every
usage error as one sentence worded by cmaplan (exit 2 through both doors)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cmaplan.cli import app
from cmaplan.commands.reading import read
from cmaplan.core.errors import CommandLineError
from tests.conftest import ROOT, cli


def test_a_line_gives_its_body_every_parameter_with_defaults() -> None:
    line = read(["--plan", "p.toml", "check", "a", "--on=2026-01-02", "b", "--note", "-x"])
    assert (line.ask, line.plan, line.command.name) == ("run", "p.toml", "check")
    assert line.params == {
        "targets": ["a", "b"],
        "on": "2026-01-02",
        "undo": False,
        "note": "-x",
        "failed": False,
    }
    added = read(
        ["ceu", "add", "--area", "general", "--points", "1.5", "--title", "t", "--not-approved"]
    )
    assert [c.name for c in added.path] == ["ceu", "add"]
    assert added.params["points"] == 1.5
    assert added.params["approved"] is False
    assert read(["export", "ics", "-oplan.ics"]).params["output"] == "plan.ics"
    assert read(["init", "-a", "x.toml"]).params["answers"] == Path("x.toml")
    assert read(["check", "--note", "a", "--note", "b", "x"]).params["note"] == "b"  # the last


@pytest.mark.parametrize(
    ("args", "ask"),
    [
        ([], "overview"),
        (["help"], "help"),
        (["--help", "check"], "help"),
        (["--version", "status"], "version"),
        (["check", "--help"], "typer"),
        (["program", "--help", "add"], "typer"),
        (["help", "check"], "typer"),
        (["completion", "bash"], "typer"),
        (["program"], "run"),
        (["ceu", "--json"], "run"),
    ],
)
def test_what_a_line_asks_for(args: list[str], ask: str) -> None:
    assert read(args).ask == ask


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["chekc"], 'there is no command "chekc"; did you mean "check"?'),
        (["program", "chose"], '`cmaplan program` has no command "chose"; did you mean "choose"?'),
        (["check", "--bogus"], "`cmaplan check` has no option --bogus"),
        (["export", "ics", "--outptu", "f"], "has no option --outptu; did you mean --output?"),
        (["ceu", "remove", "-1"], "to give a text that starts with -, put -- before it"),
        (["check", "--on"], "--on needs DATE; `cmaplan check --help` says what to give"),
        (["export", "ics", "-o"], "-o needs FILE"),
        (["check", "--undo=1"], "--undo takes no value"),
        (["note", "x"], "`cmaplan note` needs TEXT"),
        (["note", "a", "b", "c"], "`cmaplan note` does not take c"),
        (["ceu", "add", "--points", "1"], "`cmaplan ceu add` needs --area AREA"),
        (["recertify"], "`cmaplan recertify` needs --by ROUTE"),
        (["ceu", "remove", "x"], 'N must be a whole number written with the digits 0-9, not "x"'),
        (
            ["program", "add", "X", "--months", "1_0"],
            'whole number written with the digits 0-9, not "1_0"',
        ),
        (
            ["program", "add", "X", "--pass-rate", "nan"],
            "--pass-rate must be a number written with",
        ),
        (["status", "--plan", "x"], "--plan goes before the command: `cmaplan --plan FILE status`"),
        (["--plan="], '--plan must be a file, not ""'),
        (["--bogus"], "`cmaplan` has no option --bogus"),
        (["completion", "bash", "zsh"], "`cmaplan completion` does not take zsh"),
        (["ceu", "--", "--json"], '"--" goes after `cmaplan ceu` and its options'),
        (["--", "status"], '"--" goes after the command'),
        (["ceu", "--plan", "x", "add"], "`cmaplan --plan FILE ceu add`"),
        (["export", "md", "-o=y.md"], "-o takes its value after a space: -o FILE"),
        (["--plam=secret", "status"], "has no option --plam; did you mean --plan?"),
        (["status", "-hx"], "-h takes no value"),
        (["status", "--help=1"], "--help takes no value"),
        (["ceu", "add", "--bogus"], "has no option --bogus. `cmaplan ceu add --help`"),
        (["choose"], 'did you mean "program choose"?'),
        (["list"], 'did you mean "ceu list" or "program list"?'),
        (["STATUS"], 'did you mean "status"?'),
        (["recertify", "ce"], "needs --by ROUTE (did you mean `cmaplan recertify --by ce`?)"),
        (["recertify", "--by", "ce", "extra"], "`cmaplan recertify` does not take extra"),
        (["recertify", "--by=ce", "extra"], "`cmaplan recertify` does not take extra"),
        (["help", "check", "x"], "`cmaplan check` has no commands of its own"),
        (["init", "--answers", ""], '--answers must be a file, not ""'),
        (["program", "add", "X", "--pass-rate", "1" + "0" * 400], "0…"),
    ],
)
def test_every_usage_error_is_one_sentence_of_cmaplan(args: list[str], said: str) -> None:
    with pytest.raises(CommandLineError) as refused:
        read(args)
    assert said in refused.value.message
    assert refused.value.exit_code == 2
    # The typer door words it the same, as one line on stderr, exit 2.
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("cmaplan: ")


def test_export_help_names_every_registered_format() -> None:
    """A format is declared once, in the registry: `export --help` lists it from there."""
    from cmaplan.views.exports import REGISTRY

    result = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    page = " ".join(result.output.split())  # click wraps at 80 columns whatever COLUMNS says
    for name, spec in REGISTRY.items():
        assert f"{name} ({spec.what})" in page


def test_every_format_and_its_aliases_are_exported_and_in_the_readme(plan_path: Path) -> None:
    """README's table names each format; each of its names exports it (any case)."""
    from cmaplan.views.exports import REGISTRY

    readme = (ROOT / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith("| `cmaplan export"))
    cli("init", "--example", "recent-graduate")
    for name, spec in REGISTRY.items():
        assert f"`{name}`" in row, name
        first = cli("export", name).stdout
        for alias in spec.aliases:
            assert cli("export", alias.upper()).stdout == first, alias
    cli("export", "pdf", code=2)


def test_nothing_of_one_run_reaches_the_next(tmp_path: Path) -> None:
    """Each run gets its own context (the --plan it was given, the files it saved): a later
    run in the same process neither repeats the earlier --plan nor claims its save."""
    plan = tmp_path / "mine.toml"
    runner = CliRunner()
    made = runner.invoke(app, ["--plan", str(plan), "init", "--example", "recent-graduate"])
    assert made.exit_code == 0, made.output
    typo = runner.invoke(app, ["--plan", str(plan), "show", "nope"])
    assert typo.exit_code != 0
    assert "--plan" in typo.stderr  # this run's hint repeats the --plan it was given
    for line in (["show", "nope"], ["chekc"]):  # a body's refusal, and one before any body
        later = runner.invoke(app, line, env={"CMAPLAN_PLAN": str(plan)})
        assert later.exit_code != 0
        assert "`cmaplan " in later.stderr
        assert "--plan" not in later.stderr
        assert "saved" not in later.stderr
