"""The typer app every command registers on, and what all commands share (shell layer).

The one error boundary lives here: a problem the user can fix, a usage error, Ctrl-C or Ctrl-D
is one `cmaplan:` sentence on stderr and an exit code, never a traceback. So do today's date (the
only place that reads the clock), the plan's path, and how output reaches the terminal.
"""

from __future__ import annotations

import difflib
import errno
import io
import os
import re
import shlex
import shutil
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from cmaplan import __version__
from cmaplan.errors import CmaplanError, UsageError
from cmaplan.plaintext import visible, visible_lines

if TYPE_CHECKING:
    from rich.console import RenderableType

ENV_TODAY = "CMAPLAN_TODAY"
ENV_DEBUG = "CMAPLAN_DEBUG"
ENV_PLAN = "CMAPLAN_PLAN"
COMPLETE_VAR = "_CMAPLAN_COMPLETE"  # set by the completion scripts when they ask for words
USAGE_EXIT = 2


def fail(message: str, hint: str, code: int) -> typer.Exit:
    """Write one `cmaplan:` sentence (and its hint) on stderr; the Exit to raise."""
    text = message.strip()
    if text and text[-1] not in ".?!":
        text += "."
    if hint:
        text += " " + hint
    # One line, whatever the message quotes (a key or a path with a line break in it).
    sys.stderr.write(f"cmaplan: {visible(with_plan_option(text))}\n")
    return typer.Exit(code)


class Command(TyperCommand):
    """A command whose usage line shows its arguments as its help names them (ID, not {ID})."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [p.replace("{", "").replace("}", "") for p in super().collect_usage_pieces(ctx)]


COMMAND_ORDER = (
    "init",
    "status",
    "timeline",
    "show",
    "check",
    "note",
    "undo",
    "ceu",
    "recertify",
    "program",
    "compare",
    "export",
    "help",
    "completion",
)


class _Closed(io.TextIOBase):
    """Standard output that was closed before cmaplan started."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class Group(TyperGroup):
    """cmaplan's command group: usage errors become one sentence, like every other error, and
    help lists the commands in the order a newcomer meets them."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = super().list_commands(ctx)
        order = {name: n for n, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: order.get(name, len(order)))

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if sys.stdout is None:  # started with stdout closed: writing it fails with one sentence
            sys.stdout = _Closed()
        for stream in (sys.stdout, sys.stderr):
            # A terminal that cannot show a character (PYTHONIOENCODING=ascii) gets "?" for it.
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
        if os.environ.get(COMPLETE_VAR):  # typer's completion classes, only when completing
            from typer._completion_classes import completion_init

            completion_init()
        try:
            result = super().main(
                args, prog_name or "cmaplan", complete_var or COMPLETE_VAR, False, **extra
            )
        except typer.Abort:  # Ctrl-C outside a command's own error boundary
            from cmaplan.store import SAVED

            fail(interrupted(bool(SAVED)), "", 130)
            code = 130
        except typer.TyperException as error:  # click's usage errors, bundled with typer
            fail(usage_message(error, self, args or sys.argv[1:]), "", USAGE_EXIT)
            code = USAGE_EXIT
        else:
            code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def usage_message(error: typer.TyperException, group: TyperGroup, args: Sequence[str]) -> str:
    """A usage error as one sentence, with a "did you mean" where one fits."""
    ctx = getattr(error, "ctx", None)
    text = error.format_message() if hasattr(error, "format_message") else str(error)
    # The command typed, when there is one: its options are the ones to suggest.
    typed = next((a for a in args if a in group.commands), None)
    sub = group.commands.get(typed) if typed else None
    if isinstance(sub, TyperGroup):  # `cmaplan program add`: the subcommand's own options
        rest = args[list(args).index(typed) + 1 :] if typed else []
        inner = next((a for a in rest if a in sub.commands), None)
        if inner is not None:
            sub, typed = sub.commands[inner], f"{typed} {inner}"
    command = f"cmaplan {typed}" if typed else "cmaplan"
    unknown = re.match(r"No such command '(.+?)'", text)
    if unknown:
        name = unknown.group(1)
        names = group.list_commands(ctx) if ctx is not None else []
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f'; did you mean "{close[0]}"?' if close else "."
        return f'there is no command "{name}"{hint} `cmaplan help` lists the commands'
    option = getattr(error, "option_name", None)
    params = list(sub.params if sub is not None else group.params)
    if option and "requires an argument" in text:
        metavar = next((p.metavar for p in params if option in p.opts and p.metavar), "a value")
        return f"{option} needs {metavar}; `{command} --help` says what to give"
    if option:
        if any(option in p.opts for p in group.params):
            return f"{option} goes before the command: `cmaplan {option} FILE {typed}`"
        known = [o for p in params for o in p.opts if o.startswith("-")]
        close = difflib.get_close_matches(option, known, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]}?" if close else "."
        return f"`{command}` has no option {option}{hint} `{command} --help` lists them"
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", text)
    if extra:
        return f"`{command}` does not take {extra.group(1)}; `{command} --help` says what it takes"
    param = getattr(error, "param", None)
    if param is not None and text.startswith("Missing"):
        name = (param.metavar or param.name or "").upper()
        return f"`{command}` needs {name}; `{command} --help` says what to give"
    text = text[:1].lower() + text[1:]
    return f"{text.rstrip('.')}; `{command} --help` says how to use it"


app = typer.Typer(
    name="cmaplan",
    cls=Group,
    help="Plan your way to the Certified Medical Assistant (CMA, AAMA) credential, with dates.",
    epilog="New here? Start with `cmaplan init`, then `cmaplan status` or `cmaplan timeline`.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def interrupted(saved: bool) -> str:
    """What Ctrl-C did: nothing, or nothing more than the save already made."""
    return "interrupted after your plan was saved" if saved else "interrupted; nothing was changed"


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn every failure into one line on stderr and an exit code, never a traceback."""
    try:
        yield
    except CmaplanError as error:
        raise fail(error.message, error.hint, error.exit_code) from None
    except (KeyboardInterrupt, EOFError):
        from cmaplan.store import SAVED

        raise fail(interrupted(bool(SAVED)), "", 130) from None
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly, as other tools do
    except OSError as error:  # the system refused: a folder out of reach, a full disk, no stdout
        from cmaplan.store import SAVED

        saved = "; your plan was saved first" if SAVED else ""
        what = f"cannot use {error.filename}" if error.filename else "cannot write the output"
        raise fail(f"{what}: {error.strerror or error}{saved}", "", 74) from None
    except Exception as error:
        if os.environ.get(ENV_DEBUG):
            raise
        from cmaplan.store import SAVED

        state = "your plan was saved first" if SAVED else "your plan file was not changed"
        raise fail(
            f"internal error ({type(error).__name__}); {state}",
            f"Please report this; set {ENV_DEBUG}=1 to see the details.",
            70,
        ) from None


# --- the day, the plan, the program's name ------------------------------------------------------


def today() -> date:
    """Today's date, or $CMAPLAN_TODAY (YYYY-MM-DD) for what-if questions and tests."""
    override = os.environ.get(ENV_TODAY)
    if override:
        return parse_date(override, ENV_TODAY)
    return datetime.now(UTC).astimezone().date()


RELATIVE_DAYS = {"today": 0, "yesterday": 1}


def parse_date(text: str, what: str) -> date:
    """A YYYY-MM-DD date (or "today", "yesterday"), or one sentence saying why it is not one."""
    from cmaplan.profile import parse_day

    back = RELATIVE_DAYS.get(text.strip().lower())
    if back is not None and what != ENV_TODAY:
        return today() - timedelta(days=back)
    try:
        return parse_day(text)
    except ValueError as error:
        raise UsageError(f"{what} {error}") from None


class _Invocation:
    """What the global options of this run said (set by the callback before every command)."""

    plan: Path | None = None
    typed_plan: bool = False  # --plan was on the command line (not from $CMAPLAN_PLAN)


def plan_path() -> Path:
    """--plan, else $CMAPLAN_PLAN, else plan.toml in the user's data folder."""
    from cmaplan.store import resolve_plan_path

    return resolve_plan_path(_Invocation.plan, os.environ)


def with_plan_option(text: str) -> str:
    """Commands quoted in a message repeat the --plan the user typed, so they work as shown."""
    if not _Invocation.typed_plan or _Invocation.plan is None:
        return text
    return text.replace("`cmaplan ", f"`cmaplan --plan {shlex.quote(str(_Invocation.plan))} ")


def program() -> str:
    """How to call cmaplan again for this plan, for hints inside rendered views."""
    return visible(with_plan_option("`cmaplan ")[1:].rstrip())


# --- output -------------------------------------------------------------------------------------


def warn(line: str) -> None:
    """A warning on stderr (the command still did what it was asked), as visible text."""
    sys.stderr.write(visible(with_plan_option(line)) + "\n")


def say(*lines: str) -> None:
    """Plain lines on stdout; commands they quote repeat the user's --plan.

    On a terminal a long line is folded at spaces (never inside a word, an id or a date); in a
    file or a pipe it is left whole.
    """
    width = shutil.get_terminal_size().columns - 1 if sys.stdout.isatty() else 0
    for line in lines:
        text = visible_lines(with_plan_option(line))
        if width >= 20 and len(text) > width:
            indent = " " * (len(text) - len(text.lstrip(" ")))
            # A command in backticks stays on one line: its spaces do not break.
            kept = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\u00a0"), text)
            text = textwrap.fill(
                kept,
                width,
                subsequent_indent=indent + "  ",
                break_on_hyphens=False,
                break_long_words=False,
            ).replace("\u00a0", " ")
        typer.echo(text)


def show(renderable: RenderableType) -> None:
    """Print a rich renderable: colour and width as the terminal and NO_COLOR say.

    Off a terminal (a file, a pipe) rich pads lines to the width; those spaces are dropped.
    """
    from rich.console import Console

    console = Console(highlight=False)
    if console.is_dumb_terminal:  # rich assumes 80 x 25 there; the terminal knows better
        size = shutil.get_terminal_size()
        console.size = (size.columns, size.lines)
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cmaplan {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            envvar=ENV_PLAN,
            metavar="FILE",
            readable=False,  # cmaplan checks the file itself, with its own one-line errors
            help="Plan file to use (default: plan.toml in your data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Plan your way to the CMA (AAMA) credential, with dates.

    With no command: your plan's status, or how to start when there is no plan yet.
    """
    source = ctx.get_parameter_source("plan")
    _Invocation.plan = plan
    _Invocation.typed_plan = source is not None and source.name == "COMMANDLINE"
    if ctx.invoked_subcommand is not None:
        return
    from cmaplan.cli.views import start_guide, status_of

    with reporting_errors():
        if plan_path().exists():
            status_of(plan_path(), history=False, as_json=False)
        else:
            say(*start_guide())
