"""The typer app, made from the declared commands (cli layer).

`commands/declared.py` declares every command once; here each becomes a typer command (or a
group with its subcommands) whose function takes the declared parameters and calls the
declared body. Typer gives what only it gives: the help pages and shell completion.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from cmaplan.cli import completing
from cmaplan.commands.table import Command, Param

_TYPES: dict[str, type] = {
    "text": str,
    "whole": int,
    "number": float,
    "path": Path,
    "command": str,
}
_COMPLETE: dict[str, Callable[[typer.Context, str], list[str]]] = {
    "step": completing.complete_step,
    "target": completing.complete_target,
    "phase": completing.complete_phase,
    "day": completing.complete_day,
    "program": completing.complete_program,
    "area": completing.complete_area,
    "example": completing.complete_example,
    "shell": completing.complete_shell,
    "command": completing.complete_command,
    "format": completing.complete_format,
}


def _annotation(param: Param) -> Any:
    """The parameter's type, annotated with its typer Argument or Option."""
    base: Any = bool if param.kind == "flag" else _TYPES[param.value]
    if param.many:
        base = list[base] | None
    elif not param.required and param.kind != "flag":
        base = base | None
    complete = _COMPLETE[param.complete] if param.complete else None
    if param.kind == "argument":
        info: Any = typer.Argument(
            metavar=param.metavar,
            help=param.help or None,
            autocompletion=complete,
            show_default=False,
        )
    else:
        words = param.words if not param.off else (f"{param.words[0]}/{param.off}",)
        info = typer.Option(
            *words,
            metavar=param.metavar or None,
            help=param.help,
            autocompletion=complete,
            show_default=bool(param.off),
            readable=False,  # a path is checked by cmaplan itself, with its own one-line errors
        )
    return Annotated[base, info]


def _default(param: Param) -> object:
    if param.required:
        return inspect.Parameter.empty
    return param.default if param.kind == "flag" else None


def _function(
    command: Command, run: Callable[[Command, typer.Context, dict[str, Any]], None]
) -> Callable[..., None]:
    """A function typer reads as `command`: a context, then its declared parameters."""

    def function(ctx: typer.Context, **values: Any) -> None:
        run(command, ctx, values)

    parameters = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    ]
    parameters += [
        inspect.Parameter(
            p.name, inspect.Parameter.KEYWORD_ONLY, default=_default(p), annotation=_annotation(p)
        )
        for p in command.params
    ]
    function.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    function.__name__ = command.name
    function.__doc__ = command.help
    return function


def _epilog(command: Command) -> str | None:
    if command.epilog is None:
        return None
    from cmaplan.commands.reading import body_of

    return str(body_of(command.epilog)())


def add_commands(
    app: typer.Typer,
    commands: tuple[Command, ...],
    run: Callable[[Command, typer.Context, dict[str, Any]], None],
    command_class: type[typer.core.TyperCommand],
) -> None:
    """Declare `commands` on `app`; `run(command, ctx, values)` runs one."""
    for command in commands:
        if not command.subcommands:
            app.command(command.name, cls=command_class, epilog=_epilog(command))(
                _function(command, run)
            )
            continue
        group = typer.Typer(help=command.help, no_args_is_help=False)

        def alone(cmd: Command, ctx: typer.Context, values: dict[str, Any]) -> None:
            if ctx.invoked_subcommand is None:  # `cmaplan ceu` alone: the group's own body
                run(cmd, ctx, values)

        group.callback(invoke_without_command=True)(_function(command, alone))
        add_commands(group, command.subcommands, run, command_class)
        app.add_typer(group, name=command.name)
