"""The command line (shell layer): typer wiring, today's date, and the one error boundary.

Each command maps its switches to the core and the store. Heavy modules (rich rendering, the
interview) are imported inside the command that needs them, so that `cmaplan check` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cmaplan import __version__
from cmaplan.errors import CmaplanError, NoTerminalError, NotSaved, PlanExistsError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from cmaplan import tracking
    from cmaplan.model import Forecast, Plan, Profile

ENV_TODAY = "CMAPLAN_TODAY"
ENV_DEBUG = "CMAPLAN_DEBUG"

app = typer.Typer(
    name="cmaplan",
    help="Plan your way to the Certified Medical Assistant (CMA, AAMA) credential, with dates.",
    no_args_is_help=True,
    epilog="New here? Start with `cmaplan init`, then `cmaplan timeline` or `cmaplan status`.",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _fail(message: str, hint: str, code: int) -> typer.Exit:
    text = message.strip()
    if text and text[-1] not in ".?!":
        text += "."
    if hint:
        text += " " + hint
    sys.stderr.write(f"cmaplan: {text}\n")
    return typer.Exit(code)


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn every failure into one line on stderr and an exit code, never a traceback."""
    try:
        yield
    except CmaplanError as error:
        raise _fail(error.message, error.hint, error.exit_code) from None
    except KeyboardInterrupt:
        raise _fail("interrupted; nothing was changed", "", 130) from None
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly, as other tools do
    except Exception as error:
        if os.environ.get(ENV_DEBUG):
            raise
        raise _fail(
            f"internal error ({type(error).__name__}); your plan file was not changed",
            f"Please report this; set {ENV_DEBUG}=1 to see the details.",
            70,
        ) from None


def today() -> date:
    """Today's date, or $CMAPLAN_TODAY (YYYY-MM-DD) for what-if questions and tests."""
    override = os.environ.get(ENV_TODAY)
    if override:
        return parse_date(override, f"{ENV_TODAY}")
    return datetime.now(UTC).astimezone().date()


def parse_date(text: str, what: str) -> date:
    """A YYYY-MM-DD date, or one sentence saying why it is not one."""
    from cmaplan.profile import parse_day

    try:
        return parse_day(text)
    except ValueError as error:
        raise UsageError(f"{what} {error}") from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cmaplan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            envvar="CMAPLAN_PLAN",
            help="Plan file to use (default: plan.toml in your data folder).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Plan your way to the CMA (AAMA) credential, with dates."""
    ctx.obj = plan


def _plan_path(ctx: typer.Context) -> Path:
    from cmaplan.store import resolve_plan_path

    option = ctx.obj if isinstance(ctx.obj, Path) else None
    return resolve_plan_path(option, os.environ)


@app.command()
def init(
    ctx: typer.Context,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            help="Read your answers from this TOML file instead of asking (see examples/).",
            dir_okay=False,
        ),
    ] = None,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            metavar="FILE",
            help="Also write your answers to FILE, to keep, edit or reuse with --answers.",
            dir_okay=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="With --answers: replace an existing plan (progress carries over)."
        ),
    ] = False,
) -> None:
    """Make your plan: answer a few questions (or give --answers FILE), then it is saved."""
    with reporting_errors():
        from cmaplan import schedule, store

        path = _plan_path(ctx)
        now = today()
        old = store.load_plan(path) if path.exists() else None
        if answers is not None:
            from cmaplan.profile import parse_profile

            if old is not None and not force:
                raise PlanExistsError(
                    f"a plan already exists at {path}",
                    "Use --force to replace it; your done marks and notes carry over.",
                )
            data = store.read_toml(answers, what="answers")
            profile = parse_profile(data, today=now, where=f"{answers}: ")
        else:
            profile = _interview(old, now)
        with store.locked(path):
            # Read again: a `cmaplan check` may have landed while the questions were asked.
            current = store.load_plan(path) if path.exists() else None
            plan, notes = _make_plan(profile, current, now)
            store.save_plan(path, plan, now)
        if save_answers is not None:
            from cmaplan.profile import profile_to_dict

            store.save_document(
                save_answers,
                profile_to_dict(profile),
                header="# cmaplan answers: use with `cmaplan init --answers THIS_FILE`.\n",
            )
            notes.append(f"Saved your answers to {save_answers}.")
        result = schedule.forecast(plan, now)
        finish = result.finish
        lines = [f"Saved your plan to {path}.", *notes]
        lines.append(
            f"{len(plan.steps)} steps. {plan.finish_label} expected {finish.expected} "
            f"(between {finish.earliest} and {finish.latest})."
        )
        lines.extend(schedule.headline_notes(plan, result))
        lines.append("See it with `cmaplan timeline`.")
        typer.echo("\n".join(lines))


def _make_plan(profile: Profile, old: Plan | None, now: date) -> tuple[Plan, list[str]]:
    """The plan for `profile`, keeping the progress of `old`; and what the user should know."""
    from cmaplan import planner
    from cmaplan.knowledge import load_knowledge

    notes: list[str] = []
    if old is None:
        plan = planner.build_plan(profile, today=now)
        if profile.start_date < now:
            notes.append(
                f"Your start date {profile.start_date} has passed, so the plan starts today."
            )
    else:
        rebuilt = planner.rebuild(old, profile)
        plan = rebuilt.plan
        if rebuilt.kept:
            notes.append("Kept your progress on: " + ", ".join(rebuilt.kept) + ".")
        if rebuilt.added:
            notes.append("New steps: " + ", ".join(rebuilt.added) + ".")
        if rebuilt.dropped:
            notes.append("Steps no longer in your plan: " + ", ".join(rebuilt.dropped) + ".")
    if plan.recommendation is not None:
        name = planner.with_article(load_knowledge().programs[plan.program.value].name)
        notes.append(f"You have not chosen a program yet; the plan assumes {name}.")
    return plan, notes


def _interview(old: Plan | None, now: date) -> Profile:
    """Ask the questions in the terminal, show the result, and ask to confirm."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NoTerminalError(
            "there is no terminal to ask the questions on",
            "Use `cmaplan init --answers FILE` instead; examples/ has answers files to copy.",
        )
    from cmaplan import interview, schedule
    from cmaplan.knowledge import load_knowledge

    kb = load_knowledge()
    ask = interview.ask_in_terminal(kb, now)
    if old is not None:
        typer.echo("You have a plan already: your earlier answers are the defaults, and your")
        typer.echo("progress is kept for every step that stays in the plan.")
    profile = interview.run_interview(
        ask,
        previous=old.profile if old else None,
        today=now,
        tell=lambda text: typer.echo(interview.wrap(text, "  ")),
        kb=kb,
    )
    plan, _ = _make_plan(profile, old, now)
    typer.echo("")
    for line in interview.summary(profile, plan, schedule.forecast(plan, now), kb):
        typer.echo(line)
    if not ask(interview.CONFIRM_SAVE, True, (), {}):
        raise NotSaved("nothing was saved; your plan is as it was")
    return profile


@app.command()
def timeline(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list the steps of phases finished long ago.")
    ] = False,
    phase: Annotated[
        list[str] | None,
        typer.Option(
            "--phase",
            metavar="NAME",
            help="Show only this phase (repeatable): prepare, program, exam, work, next, keep.",
        ),
    ] = None,
    no_bars: Annotated[bool, typer.Option("--no-bars", help="Leave out the bar chart.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the plan as one JSON object instead.")
    ] = False,
) -> None:
    """Show your plan phase by phase: dates, status and a bar chart of the months ahead."""
    with reporting_errors():
        from cmaplan.codec import forecast_to_json

        path, plan, result = _load_forecast(ctx)
        if json_out:
            typer.echo(json.dumps(forecast_to_json(plan, result, str(path)), indent=2))
            return
        phases = _phases(phase)
        from cmaplan import render

        _console().print(
            render.Timeline(plan, result, bars=not no_bars, phases=phases, show_all=show_all)
        )


def _load_forecast(ctx: typer.Context) -> tuple[Path, Plan, Forecast]:
    """The plan file's path, the plan in it, and its forecast as of today."""
    from cmaplan import schedule, store

    path = _plan_path(ctx)
    plan = store.load_plan(path)
    return path, plan, schedule.forecast(plan, today())


def _phases(names: list[str] | None) -> list[str] | None:
    if not names:
        return None
    from cmaplan.knowledge import load_knowledge

    known = list(load_knowledge().phases)
    for name in names:
        if name not in known:
            raise UsageError(f"there is no phase {name!r}; the phases are {', '.join(known)}")
    return names


def _console() -> Console:
    """A console for stdout: colour and width as the terminal and NO_COLOR say."""
    from rich.console import Console

    return Console(highlight=False)


@app.command()
def status(
    ctx: typer.Context,
    history: Annotated[
        bool, typer.Option("--history", help="Also list the latest changes to the plan.")
    ] = False,
) -> None:
    """The short daily view: progress, what is next, anything overdue, the finish."""
    with reporting_errors():
        from cmaplan import render

        path, plan, result = _load_forecast(ctx)
        console = _console()
        console.print(render.status_view(plan, result, path))
        if history:
            console.print(render.history_view(plan))


@app.command()
def show(
    ctx: typer.Context,
    step_id: Annotated[str, typer.Argument(metavar="ID", help="A step id, e.g. externship.")],
) -> None:
    """One step in full: why it matters for you, its checklist, dates, note and sources."""
    with reporting_errors():
        from cmaplan import render, tracking

        _, plan, result = _load_forecast(ctx)
        target = tracking.parse_target(plan, step_id)  # same checks and hints as `check`
        _console().print(render.step_view(plan, result, target.step))


@app.command()
def check(
    ctx: typer.Context,
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID|ID.N]...",
            help="Steps (externship) or checklist items (choose-program.2); none: a list.",
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", metavar="DATE", help="The day you did it (YYYY-MM-DD); default today."
        ),
    ] = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="Reopen the steps, or untick the items.")
    ] = False,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Keep a note on the steps.")
    ] = None,
) -> None:
    """Mark steps done or tick checklist items; the rest of the plan moves to match."""
    with reporting_errors():
        from cmaplan import store, tracking

        path = _plan_path(ctx)
        now = today()
        if undo and on is not None:
            raise UsageError("--on and --undo do not go together: --undo reopens a step")
        day = parse_date(on, "--on") if on else None
        if not targets:
            _check_interactively(path, now)
            return
        with store.locked(path):
            plan = store.load_plan(path)
            chosen = [tracking.parse_target(plan, text) for text in targets]
            outcome = tracking.record(plan, chosen, today=now, on=day, undo=undo, note=note)
            if outcome.plan != plan:
                store.save_plan(path, outcome.plan, now)
        _report(plan, outcome, now)
        _offer_to_close(path, outcome.complete, now)


@app.command()
def note(
    ctx: typer.Context,
    step_id: Annotated[str, typer.Argument(metavar="ID", help="The step to keep a note on.")],
    text: Annotated[str, typer.Argument(help='The note; "" clears it.')],
) -> None:
    """Keep a note on a step without marking it done."""
    with reporting_errors():
        from cmaplan import store, tracking

        path = _plan_path(ctx)
        now = today()
        with store.locked(path):
            plan = store.load_plan(path)
            target = tracking.parse_target(plan, step_id)
            outcome = tracking.record(plan, [target], today=now, note=text, mark_steps=False)
            if outcome.plan != plan:
                store.save_plan(path, outcome.plan, now)
        for line in outcome.said or (f"{step_id} already has that note.",):
            typer.echo(line)


def _report(before: Plan, outcome: tracking.Outcome, now: date) -> None:
    """What changed, then one line: how the finish moved, and the next step."""
    from cmaplan import schedule

    for line in outcome.said:
        typer.echo(line)
    result = schedule.forecast(outcome.plan, now)
    change = schedule.Drift(schedule.forecast(before, now).finish.expected, result.finish.expected)
    label = outcome.plan.finish_label
    if not change.days:
        moved = f"{label}: {change.forecast} (unchanged)"
    else:
        later = "later" if change.days > 0 else "earlier"
        moved = f"{label}: {change.planned} → {change.forecast} ({abs(change.days)} days {later})"
    nxt = schedule.next_open(result)
    if nxt is None:
        typer.echo(f"{moved}. Every step is done. Congratulations!")
    else:
        typer.echo(f"{moved}; next: {nxt.step.title} ({nxt.step.id}), due {nxt.due}.")


def _is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _offer_to_close(path: Path, steps: tuple[str, ...], now: date) -> None:
    """A step whose checklist is all ticked: ask to mark it done (or say how, off a terminal)."""
    if not steps:
        return
    if not _is_interactive():
        for step_id in steps:
            typer.echo(f"Every item of {step_id} is ticked; `cmaplan check {step_id}` closes it.")
        return
    from cmaplan import interview, store, tracking

    for step_id in steps:
        if not interview.confirm(f"Every item of {step_id} is ticked. Mark the step done?"):
            continue
        with store.locked(path):
            plan = store.load_plan(path)
            outcome = tracking.record(plan, [tracking.Target(step_id)], today=now)
            store.save_plan(path, outcome.plan, now)
        _report(plan, outcome, now)


def _check_interactively(path: Path, now: date) -> None:
    """`cmaplan check` alone: tick steps and items in a list (a terminal is needed)."""
    if not _is_interactive():
        raise NoTerminalError(
            "say which step to mark, for example `cmaplan check transcripts`",
            "`cmaplan timeline` lists the ids.",
        )
    from cmaplan import interview, schedule, store, tracking

    plan = store.load_plan(path)
    entries = tracking.picker_entries(schedule.forecast(plan, now))
    if not entries:
        typer.echo("Every step is done. Congratulations!")
        return
    chosen = set(interview.pick(entries))
    with store.locked(path):
        fresh = store.load_plan(path)
        ticks, unticks = tracking.picked_changes(fresh, entries, chosen)
        outcome = tracking.record(fresh, ticks, today=now)
        if unticks:
            undone = tracking.record(outcome.plan, unticks, today=now, undo=True)
            outcome = tracking.Outcome(undone.plan, outcome.said + undone.said, outcome.complete)
        if outcome.plan != fresh:
            store.save_plan(path, outcome.plan, now)
    if not outcome.said:
        typer.echo("Nothing changed.")
        return
    _report(fresh, outcome, now)
    _offer_to_close(path, outcome.complete, now)


def main() -> None:
    """Console-script entry point."""
    app()
