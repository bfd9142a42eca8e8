"""Choosing a program: `cmaplan program add|edit|remove|list|compare|choose` and `cmaplan
compare` (cli layer)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cmaplan.cli.app import app
from cmaplan.cli.completing import complete_program
from cmaplan.commands.common import (
    echo,
    parse_date,
    plan_path,
    reporting_errors,
    say,
    show,
    today,
    warn,
)
from cmaplan.core.errors import UsageError

if TYPE_CHECKING:
    from cmaplan.core.model import Candidate

program_app = typer.Typer(no_args_is_help=False)
app.add_typer(program_app, name="program")

Opt = typer.Option


def _candidate(name: str, given: dict[str, Any], base: Candidate | None) -> Candidate:
    """A candidate from the options given (None: not given), over `base` when editing."""
    from cmaplan.core.knowledge import load_knowledge
    from cmaplan.core.model import Candidate, Program
    from cmaplan.core.rules import accreditor_name

    values: dict[str, Any] = {} if base is None else base._asdict()
    typed = given.pop("new_name", None) or (base.name if base else name)
    values["name"] = " ".join(typed.split())  # spaces as a person means them: one between words
    for key, value in given.items():
        if value is None or (isinstance(value, list | tuple) and not value):
            continue  # not given (typer passes a repeatable option left out as an empty tuple)
        if key == "type":
            if value not in ("certificate", "associate"):
                raise UsageError("--type must be certificate or associate")
            value = Program(value)
        elif key == "starts":
            value = tuple(sorted({parse_date(d, "--starts") for d in value}))
        elif key == "accreditor":
            value = accreditor_name(value, load_knowledge())
        values[key] = value
    if "type" not in values:
        raise UsageError("give --type certificate or --type associate")
    return Candidate(**values)


def _given(ctx: typer.Context) -> dict[str, Any]:
    """The program options given on the command line, by field name (`type_` is `type`)."""
    return {
        key.rstrip("_"): value for key, value in ctx.params.items() if key not in ("name", "past")
    }


# Each option is declared once and shared by `add` and `edit` (edit changes only those given).
TypeOpt = Annotated[str | None, Opt("--type", metavar="TYPE", help="certificate or associate.")]
BodyOpt = Annotated[str | None, Opt("--accreditor", metavar="BODY", help="CAAHEP or ABHES.")]
MonthsOpt = Annotated[
    int | None, Opt("--months", metavar="N", help="Full-time length, externship included.")
]
PartTimeOpt = Annotated[
    int | None, Opt("--part-time-months", metavar="N", help="Part-time length.")
]
FormatOpt = Annotated[
    str | None, Opt("--format", metavar="FORMAT", help="on-campus, hybrid or online-hybrid.")
]
CostOpt = Annotated[int | None, Opt("--cost", metavar="USD", help="What the whole program costs.")]
PassRateOpt = Annotated[
    float | None, Opt("--pass-rate", metavar="PCT", help="First-time CMA pass rate, %.")
]
ExternshipOpt = Annotated[
    str | None, Opt("--externship", metavar="TEXT", help="Where students do it.")
]
ImgOpt = Annotated[str | None, Opt("--img-support", metavar="ANSWER", help="yes, no or unknown.")]
CityOpt = Annotated[str | None, Opt("--city", metavar="TEXT", help="Where it is.")]
UrlOpt = Annotated[str | None, Opt("--url", metavar="URL", help="Its web page.")]
NoteOpt = Annotated[str | None, Opt("--note", metavar="TEXT", help="Anything else to remember.")]
PastOpt = Annotated[bool, Opt("--past", help="Accept intake dates that have passed.")]


@program_app.command("add")
def program_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="What you call the program.")],
    type_: TypeOpt = None,
    accreditor: BodyOpt = None,
    months: MonthsOpt = None,
    part_time_months: PartTimeOpt = None,
    starts: Annotated[
        list[str] | None, Opt("--starts", metavar="DATE", help="An intake date (repeat).")
    ] = None,
    format_: FormatOpt = None,
    cost: CostOpt = None,
    pass_rate: PassRateOpt = None,
    externship: ExternshipOpt = None,
    img_support: ImgOpt = None,
    city: CityOpt = None,
    url: UrlOpt = None,
    note: NoteOpt = None,
    past: PastOpt = False,
) -> None:
    """Record a program you are considering, with what the school told you."""
    _change(name, _given(ctx), past, adding=True)


@program_app.command("edit")
def program_edit(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="The program to change.", autocompletion=complete_program
        ),
    ],
    new_name: Annotated[str | None, Opt("--name", metavar="NEW", help="A new name.")] = None,
    type_: TypeOpt = None,
    accreditor: BodyOpt = None,
    months: MonthsOpt = None,
    part_time_months: PartTimeOpt = None,
    starts: Annotated[
        list[str] | None,
        Opt("--starts", metavar="DATE", help="An intake date (repeat); replaces the dates."),
    ] = None,
    format_: FormatOpt = None,
    cost: CostOpt = None,
    pass_rate: PassRateOpt = None,
    externship: ExternshipOpt = None,
    img_support: ImgOpt = None,
    city: CityOpt = None,
    url: UrlOpt = None,
    note: NoteOpt = None,
    past: PastOpt = False,
) -> None:
    """Change what you recorded about a program (only the options you give)."""
    _change(name, _given(ctx), past, adding=False)


def _change(name: str, given: dict[str, Any], past: bool, *, adding: bool) -> None:
    with reporting_errors():
        from cmaplan.commands.wording import as_options
        from cmaplan.core import candidates, planner
        from cmaplan.storage import store

        path = plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(path)
            base = None if adding else candidates.find(plan, name)
            candidate = _candidate(name, given, base)
            with as_options():
                warnings = candidates.check(candidate, today=now, past_ok=past)
            if adding:
                after = candidates.add(plan, candidate, now)
            else:
                assert base is not None
                after = candidates.edit(plan, base, candidate, now)
            # The chosen program's new facts reach the plan at once.
            after = (
                planner.rebuild(after, after.profile).plan
                if after.profile.program_choice
                else after
            )
            verb = "Added" if adding else "Updated"
            if (
                store.save_change(path, plan, after, f"{verb} the program {candidate.name}.", now)
                is None
            ):
                say(f"{candidate.name} already says that; nothing changed.")
                return
        say(f"{verb} the program {candidate.name}.")
        for warning in warnings:
            warn(f"Warning: {warning}")
        if adding:
            say("Compare your programs with `cmaplan program compare`.")


@program_app.command("remove")
def program_remove(
    name: Annotated[str, typer.Argument(metavar="NAME", autocompletion=complete_program)],
) -> None:
    """Forget a program (`cmaplan undo` brings it back)."""
    with reporting_errors():
        from cmaplan.core import candidates
        from cmaplan.storage import store

        path = plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(path)
            candidate = candidates.find(plan, name, whole=True)  # removing: the whole name
            store.save_change(
                path,
                plan,
                candidates.remove(plan, candidate, now),
                f"Removed {candidate.name}.",
                now,
            )
        say(f"Removed the program {candidate.name}.")


@program_app.callback(invoke_without_command=True)
def program(ctx: typer.Context) -> None:
    """The programs you are considering, compared, and the one you chose.

    Alone, `cmaplan program` lists them, as `cmaplan program list` does.
    """
    if ctx.invoked_subcommand is None:
        program_list()


@program_app.command("list")
def program_list() -> None:
    """The programs you are considering, and the one you chose."""
    with reporting_errors():
        from cmaplan.core.planner import chosen_candidate
        from cmaplan.storage import store

        plan = store.load_plan(plan_path())
        if not plan.candidates:
            say("No programs yet. Add one with `cmaplan program add NAME --type certificate`.")
            return
        chosen = chosen_candidate(plan.profile, plan.candidates)
        for c in plan.candidates:
            mark = "▶ " if c is chosen else "  "
            facts = [c.type.value, c.accreditor or "accreditor: ask them"]
            if c.months:
                facts.append(f"{c.months} months")
            say(f"{mark}{c.name}: " + ", ".join(facts))
        if plan.profile.program_choice:
            say("▶ marks the program your plan uses.")


@program_app.command("compare")
def program_compare(
    json_out: Annotated[bool, Opt("--json", help="One JSON object instead.")] = False,
) -> None:
    """Your programs side by side: the questions to ask, and the dates each gives you."""
    with reporting_errors():
        from cmaplan.core.compare import routes
        from cmaplan.storage import store

        plan = store.load_plan(plan_path())
        if not plan.candidates:
            raise UsageError(
                "there is no program to compare yet",
                "Add the programs you consider with `cmaplan program add NAME --type certificate`.",
            )
        chosen = [r for r in routes(plan, today()) if r.candidate is not None]
        from cmaplan.views.jsonview import program_rows

        rows = program_rows(chosen)
        if json_out:
            echo(json.dumps(rows, indent=2))
            return
        from cmaplan.views.render_programs import comparison_table

        show(
            comparison_table(
                rows,
                img=plan.profile.foreign_medical_degree,
                part_time=plan.profile.pace == "part-time",
            )
        )


@program_app.command("choose")
def program_choose(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME", help="The program you chose.", autocompletion=complete_program
        ),
    ] = None,
    none: Annotated[
        bool, Opt("--none", help="Stop using a chosen program: plan from your answers again.")
    ] = False,
    on: Annotated[
        str | None, Opt("--on", metavar="DATE", help="When you chose (default today).")
    ] = None,
) -> None:
    """Plan on the program you chose: its type, length and intake dates."""
    with reporting_errors():
        from cmaplan.core import schedule
        from cmaplan.core.compare import choose
        from cmaplan.storage import store

        if (name is None) == (not none):
            raise UsageError("give the program's NAME, or --none to plan from your answers again")
        path = plan_path()
        now = today()
        day = parse_date(on, "--on") if on is not None else None
        if day is not None and day > now:
            raise UsageError(f"--on {day} is in the future (today is {now})")
        with store.locked(path):
            plan = store.load_plan(path)
            after = choose(plan, None if none else name, day=day, today=now)
            what = after.profile.program_choice or "no chosen program"
            now_uses = (
                f"Your plan now uses {what}."
                if after.profile.program_choice
                else "Your plan no longer uses a chosen program: it follows your answers again."
            )
            if store.save_change(path, plan, after, f"Chose {what}.", now) is None:
                say(
                    f"Your plan already uses {what}; nothing changed."
                    if after.profile.program_choice
                    else "Your plan already has no chosen program; nothing changed."
                )
                return
        result = schedule.forecast(after, now)
        change = schedule.Drift(
            schedule.forecast(plan, now).finish.expected, result.finish.expected
        )
        say(now_uses, f"{after.finish_label}: {result.finish.expected} ({change.words}).")
        if "coursework" in after.ids:  # an unaccredited choice, intakes that come too early
            for warning in result.get("coursework").warnings:
                warn(f"Warning: {warning}")


@app.command("compare")
def compare_routes(
    json_out: Annotated[bool, Opt("--json", help="One JSON object instead.")] = False,
    pace: Annotated[
        str | None, Opt("--pace", metavar="PACE", help="full-time or part-time only.")
    ] = None,
    program: Annotated[
        str | None, Opt("--program", metavar="NAME", help="Only this program.")
    ] = None,
    start: Annotated[
        str | None, Opt("--start", metavar="DATE", help="As if you started then.")
    ] = None,
) -> None:
    """What if: every route side by side, without changing your plan."""
    from cmaplan.commands.routes import compare

    compare(json_out, pace, program, start)
