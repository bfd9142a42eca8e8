"""Reading a command line against the declared commands (commands layer), without typer.

`read(args)` says what a command line asks for: a command's body with its keyword arguments,
the version, the help, the overview — or that typer's turn has come (a help page, a command
that needs click). A line that cannot be read is one `CommandLineError` sentence, worded here:
the typer app reads every line through this too, so click never words a usage error.

It reads as click does: options anywhere among the arguments, `--opt=VALUE` or `--opt VALUE`,
`-oVALUE` for a short one, the next word as a value even when it starts with "-", the last of
an option given twice, `--` before arguments that start with "-", and `--help` at any level.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cmaplan.commands.declared import COMMANDS, HELP_WORDS, PLAN, VERSION
from cmaplan.commands.table import Command, Param
from cmaplan.core.errors import CommandLineError

if TYPE_CHECKING:  # types only: nothing to build at start-up
    from typing import Literal

    Ask = Literal["run", "version", "help", "overview", "typer"]
    Value = str | int | float | Path | bool | list[str] | None

_VALUE_WORDS = {
    "path": "a file",
    "text": "",
    "command": "a command",
}


class Line(NamedTuple):
    """What a command line asks for: `ask`, and for "run" the command (with its group first)
    and its body's keyword arguments."""

    ask: Ask
    plan: str | None = None
    path: tuple[Command, ...] = ()
    params: Mapping[str, Value] = {}  # never changed: read only

    @property
    def command(self) -> Command:
        return self.path[-1]


def words_of(path: Sequence[Command]) -> str:
    """`cmaplan ceu add`, as messages name a command."""
    return " ".join(["cmaplan", *(c.name for c in path)])


def read(args: Sequence[str]) -> Line:
    """What `args` (the words after `cmaplan`) ask for, or CommandLineError."""
    words = list(args)
    plan: str | None = None
    eager: Ask | None = None
    at = 0
    while at < len(words) and words[at].startswith("-") and words[at] != "-":
        word = words[at]
        if word == "--":
            raise _misplaced_dashes(())
        name, eq, inline = _split(word)
        if name == PLAN.words[0]:
            plan, at = _value(PLAN, name, words, at, inline if eq else None, ())
            if not plan:
                raise _usage(f'{PLAN.label} must be a file, not ""', (), "what to give")
            continue
        if name in (VERSION.words[0], *HELP_WORDS) and not eq:
            eager = eager or ("version" if name == VERSION.words[0] else "help")
            at += 1
            continue
        if eq and name in (VERSION.words[0], *HELP_WORDS):
            raise _usage(f"{name} takes no value", (), "how to use it")
        raise _unknown_option(name, (), [PLAN, VERSION])
    if eager is not None:
        return Line(eager, plan)
    if at == len(words):
        return Line("overview", plan)
    name = words[at]
    command = _command(name, COMMANDS, ())
    if command.name == "help" and at + 1 == len(words):  # `cmaplan help`: the same as --help
        return Line("help", plan)
    return _read_command(words, at + 1, (command,), plan)


def _command(name: str, among: Sequence[Command], path: tuple[Command, ...]) -> Command:
    found = next((c for c in among if c.name == name), None)
    if found is not None:
        return found
    import difflib  # only for a word it does not know

    names = [c.name for c in among]
    close = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
    hint = f'; did you mean "{close[0]}"?' if close else "."
    elsewhere = [f"{c.name} {name}" for c in among if c.sub(name.lower()) is not None]
    if not close and elsewhere:  # `cmaplan choose`: a command of a group
        hint = "; did you mean " + " or ".join(f'"{w}"' for w in elsewhere) + "?"
    name = _shown(name)
    if path:
        listed = f"`{words_of(path)} --help` lists its commands"
        raise CommandLineError(f'`{words_of(path)}` has no command "{name}"{hint} {listed}')
    raise CommandLineError(f'there is no command "{name}"{hint} `cmaplan help` lists the commands')


def command_path(names: Sequence[str]) -> tuple[Command, ...]:
    """The declared command `names` name (`["ceu", "add"]`), or a usage error that says which
    word is not one."""
    path: tuple[Command, ...] = ()
    for name in names:
        if path and not path[-1].subcommands:
            raise CommandLineError(
                f'`{words_of(path)}` has no commands of its own, so not "{_shown(name)}"; '
                f"`cmaplan help {' '.join(c.name for c in path)}` is its help"
            )
        path += (_command(name, path[-1].subcommands if path else COMMANDS, path),)
    return path


def _read_command(words: list[str], at: int, path: tuple[Command, ...], plan: str | None) -> Line:
    command = path[-1]
    options = {w: p for p in command.params if p.kind != "argument" for w in (*p.words, p.off) if w}
    given: dict[str, Value] = {}
    positional: list[str] = []
    helping = False  # --help was given: the rest is read only for what click cannot parse
    while at < len(words):
        word = words[at]
        if word == "--" and command.subcommands:
            raise _misplaced_dashes(path)
        if word == "--":
            positional.extend(words[at + 1 :])
            break
        if word in HELP_WORDS:
            helping = True  # click's help page for this command
            at += 1
            continue
        if not word.startswith("-") or word == "-":
            if command.subcommands:  # a group reads its own options up to its command
                if helping:
                    break
                sub = _command(word, command.subcommands, path)
                if given:  # the group's own options do nothing for one of its commands
                    said = ", ".join(p.words[0] for p in command.params if p.name in given)
                    raise _usage(
                        f"{said} is for `{words_of(path)}` alone, not `{words_of((*path, sub))}`",
                        path,
                        "how to use it",
                    )
                return _read_command(words, at + 1, (*path, sub), plan)
            positional.append(word)
            at += 1
            continue
        name, eq, inline = _split(word)
        param = options.get(name)
        if param is None:
            if name in HELP_WORDS:  # -h=1, -hx, --help=1
                raise _usage(f"{name} takes no value", path, "how to use it")
            if name in (*PLAN.words, *VERSION.words):
                where = f"`cmaplan {name}`"
                if name == PLAN.words[0]:
                    where = f"`cmaplan {name} FILE {_meant(path, words[at:])}`"
                raise CommandLineError(f"{name} goes before the command: {where}")
            raise _unknown_option(name, path, command.params)
        if param.kind == "flag":
            if eq:
                raise _usage(f"{name} takes no value", path, "how to use it")
            given[param.name] = name != param.off
            at += 1
            continue
        text, at = _value(param, name, words, at, inline, path)
        value = _converted(param, text, path)
        if param.many:
            kept = given.setdefault(param.name, [])
            assert isinstance(kept, list)
            kept.append(str(value))
        else:
            given[param.name] = value
    if helping:
        return Line("typer", plan, path)
    arguments = _arguments(command, positional, path, given)
    missing = next(
        (p for p in command.params if p.required and p.name not in {**given, **arguments}), None
    )
    if missing is not None:
        named = f"{missing.label} {missing.metavar}" if missing.words else missing.label
        raise _usage(f"`{words_of(path)}` needs {named}", path, "what to give")
    if command.door == "typer":
        return Line("typer", plan, path)  # its words are checked here all the same
    return Line("run", plan, path, {**_defaults(command), **given, **arguments})


def _split(word: str) -> tuple[str, bool, str | None]:
    """An option word as (its name, whether a value came with it, that value)."""
    if word.startswith("--"):
        name, eq, inline = word.partition("=")
        return name, bool(eq), inline if eq else None
    return word[:2], len(word) > 2, word[2:] or None  # -oFILE, as click reads it


def _value(
    param: Param,
    typed: str,
    words: list[str],
    at: int,
    inline: str | None,
    path: tuple[Command, ...],
) -> tuple[str, int]:
    """An option's value and where reading goes on: the next word, whatever it starts with."""
    if inline is not None and not typed.startswith("--") and inline.startswith("="):
        long = next((w for w in param.words if w.startswith("--")), typed)  # -o=x.md: not "=x.md"
        raise _usage(
            f"{typed} takes its value after a space: {typed} {param.metavar} (or {long}=...)",
            path,
            "how to use it",
        )
    if inline is not None:
        return inline, at + 1
    if at + 1 >= len(words):
        raise _usage(f"{typed} needs {param.metavar}", path, "what to give")
    return words[at + 1], at + 2


def _converted(param: Param, text: str, path: tuple[Command, ...]) -> Value:
    """The value as its body takes it: a whole number, a number, a path, or the text."""
    from cmaplan.core.numbers import NotANumber, parse_number

    try:
        match param.value:
            case "whole":
                return parse_number(text)
            case "number":
                return parse_number(text, fraction=True)
            case "path" if text.strip():
                return Path(text)
            case "text" | "command":
                return text
    except NotANumber as error:  # 1_0, 1e1, nan, ٣: never read as what Python makes of them
        raise _usage(f"{param.label} {error.words()}", path, "what to give") from None
    raise _usage(
        f'{param.label} must be {_VALUE_WORDS[param.value]}, not "{_shown(text)}"',
        path,
        "what to give",
    )


_LONGEST = 40  # a word a message quotes is cut there


def _shown(text: str) -> str:
    """What a message quotes of a word typed: at most `_LONGEST` characters."""
    return text if len(text) <= _LONGEST else text[:_LONGEST] + "…"


def _meant(path: tuple[Command, ...], rest: Sequence[str]) -> str:
    """The command words a line means: the group's command, when one of `rest` names it."""
    names = [c.name for c in path]
    group = path[-1]
    sub = next((group.sub(w) for w in rest if group.sub(w) is not None), None)
    return " ".join([*names, sub.name] if sub is not None else names)


def _misplaced_dashes(path: tuple[Command, ...]) -> CommandLineError:
    where = f"`{words_of(path)}`" if path else "the command"
    return CommandLineError(
        f'"--" goes after {where} and its options, before arguments that start with -; '
        f"`{words_of(path)} --help` says how to use it"
    )


def _defaults(command: Command) -> dict[str, Value]:
    return {p.name: (p.default if p.kind == "flag" else None) for p in command.params}


def _arguments(
    command: Command, words: list[str], path: tuple[Command, ...], given: dict[str, Value]
) -> dict[str, Value]:
    """The arguments by name; a missing one, or one too many, is a usage error (one word too
    many where a required option is not `given` is most likely its value)."""
    values: dict[str, Value] = {}
    rest = list(words)
    for param in (p for p in command.params if p.kind == "argument"):
        if param.many:
            if param.value == "command":  # `help ceu add`: words that must name a command
                command_path([word.lower() for word in rest])
            values[param.name], rest = (list(rest) or None), []
        elif rest:
            values[param.name] = _converted(param, rest.pop(0), path)
    if rest:
        wanted = next(
            (
                p
                for p in command.params
                if p.required and p.kind == "option" and p.name not in given
            ),
            None,
        )
        if wanted is not None and len(rest) == 1:  # `recertify ce`: the value without its option
            raise _usage(
                f"`{words_of(path)}` needs {wanted.label} {wanted.metavar} (did you mean "
                f"`{words_of(path)} {wanted.label} {_shown(rest[0])}`?)",
                path,
                "what to give",
            )
        shown = _shown(" ".join(rest))
        raise _usage(f"`{words_of(path)}` does not take {shown}", path, "what it takes")
    return values


def _usage(text: str, path: tuple[Command, ...], what: str) -> CommandLineError:
    return CommandLineError(f"{text}; `{words_of(path)} --help` says {what}")


def _unknown_option(
    name: str, path: tuple[Command, ...], params: Sequence[Param]
) -> CommandLineError:
    import difflib  # only for a word it does not know

    known = {
        w.lstrip("-"): w for p in params if p.kind != "argument" for w in (*p.words, p.off) if w
    }
    bare = name.lstrip("-").lower()  # the dashes all options share make any two look alike
    close = difflib.get_close_matches(bare, list(known), n=1, cutoff=0.6) if len(bare) > 1 else []
    hint = f"; did you mean {known[close[0]]}?" if close else "."
    if not close and (" " in name or name[1:2].isdigit()):  # a value, not an option
        hint = "; to give a text that starts with -, put -- before it."
    command = words_of(path)
    said = f"`{command}` has no option {_shown(name)}{hint} `{command} --help` lists them"
    return CommandLineError(said)


def body_of(where: tuple[str, str]) -> Callable[..., None]:
    """A command's body, its module imported only for the command run."""
    from importlib import import_module

    module, name = where
    body: Callable[..., None] = getattr(import_module(f"cmaplan.{module}"), name)
    return body
