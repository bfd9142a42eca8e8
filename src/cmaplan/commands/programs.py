"""Choosing a program (commands layer): `cmaplan program add|edit|remove|list|compare|choose`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cmaplan.commands.common import echo, parse_date, show, today
from cmaplan.commands.context import Run
from cmaplan.core.errors import UsageError

if TYPE_CHECKING:
    from cmaplan.core.model import Candidate, Plan


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
            continue  # not given (a repeatable option left out may come as an empty list)
        if key == "type":
            if value not in ("certificate", "associate"):
                raise UsageError("--type must be certificate or associate")
            value = Program(value)
        elif key == "starts":
            value = tuple(sorted({parse_date(d, "--starts") for d in value}))
        elif key == "accreditor":
            value = accreditor_name(value, load_knowledge())
        elif key in ("cost", "fees"):  # whole dollars, as a person writes them: 12,500 or $12500
            value = _dollars(value, f"--{key}")
        elif key == "asks":  # repeated, or a list with commas: "background-check,drug-screen"
            words = (w.strip().lower() for v in value for w in v.split(","))
            value = tuple(dict.fromkeys(w for w in words if w))
        values[key] = value
    if "type" not in values:
        raise UsageError("give --type certificate or --type associate")
    return Candidate(**values)


def _dollars(text: str, label: str) -> int:
    from cmaplan.core.money import amount_option, stored

    cents, _ = amount_option(text, label)
    if cents % 100:
        raise UsageError(f"{label} must be whole dollars, not {stored(cents)}: a program's price")
    return cents // 100


def program_add(run: Run, name: str, past: bool = False, **given: Any) -> None:
    """Record a program you are considering, with what the school told you."""
    _change(run, name, given, past, adding=True)


def program_edit(run: Run, name: str, past: bool = False, **given: Any) -> None:
    """Change what you recorded about a program (only the options you give)."""
    _change(run, name, given, past, adding=False)


def _change(run: Run, name: str, given: dict[str, Any], past: bool, *, adding: bool) -> None:
    with run.errors():
        from cmaplan.commands.wording import as_options
        from cmaplan.core import candidates, planner
        from cmaplan.storage import store

        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
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
                store.save_change(
                    run.files, path, plan, after, f"{verb} the program {candidate.name}.", now
                )
                is None
            ):
                run.say(f"{candidate.name} already says that; nothing changed.")
                return
        run.say(f"{verb} the program {candidate.name}.")
        for warning in warnings:
            run.warn(f"Warning: {warning}")
        if adding:
            run.say("Compare your programs with `cmaplan program compare`.")


def program_remove(run: Run, name: str) -> None:
    """Forget a program (`cmaplan undo` brings it back)."""
    with run.errors():
        from cmaplan.core import candidates
        from cmaplan.storage import store

        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            candidate = candidates.find(plan, name, whole=True)  # removing: the whole name
            store.save_change(
                run.files,
                path,
                plan,
                candidates.remove(plan, candidate, now),
                f"Removed {candidate.name}.",
                now,
            )
        run.say(f"Removed the program {candidate.name}.")


def program_list(run: Run) -> None:
    """The programs you are considering, and the one you chose."""
    with run.errors():
        from cmaplan.core.planner import chosen_candidate
        from cmaplan.storage import store

        plan = store.load_plan(run.files, run.plan_path(), today())
        if not plan.candidates:
            run.say("No programs yet. Add one with `cmaplan program add NAME --type certificate`.")
            return
        chosen = chosen_candidate(plan.profile, plan.candidates)
        for c in plan.candidates:
            mark = "▶ " if c is chosen else "  "
            facts = [c.type.value, c.accreditor or "accreditor: ask them"]
            if c.months:
                facts.append(f"{c.months} months")
            run.say(f"{mark}{c.name}: " + ", ".join(facts))
        if plan.profile.program_choice:
            run.say("▶ marks the program your plan uses.")


def program_compare(run: Run, json_out: bool = False) -> None:
    """Your programs side by side: the questions to ask, and the dates each gives you."""
    with run.errors():
        from cmaplan.core.compare import routes
        from cmaplan.storage import store

        plan = store.load_plan(run.files, run.plan_path(), today())
        if not plan.candidates:
            raise UsageError(
                "there is no program to compare yet",
                "Add the programs you consider with `cmaplan program add NAME --type certificate`.",
            )
        chosen = [r for r in routes(plan, today()) if r.candidate is not None]
        if json_out:
            from cmaplan.views.jsonview import program_rows

            echo(json.dumps(program_rows(chosen), indent=2))
            return
        from cmaplan.views.render_programs import comparison_table

        show(
            comparison_table(
                chosen,
                img=plan.profile.foreign_medical_degree,
                part_time=plan.profile.pace == "part-time",
            )
        )


def program_choose(
    run: Run, name: str | None = None, none: bool = False, on: str | None = None
) -> None:
    """Plan on the program you chose: its type, length and intake dates."""
    with run.errors():
        from cmaplan.core import drift, schedule
        from cmaplan.core.compare import choose
        from cmaplan.storage import store

        if (name is None) == (not none):
            raise UsageError("give the program's NAME, or --none to plan from your answers again")
        path = run.plan_path()
        now = today()
        day = parse_date(on, "--on") if on is not None else None
        if day is not None and day > now:
            raise UsageError(f"--on {day} is in the future (today is {now})")
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            after = choose(plan, None if none else name, day=day, today=now)
            what = after.profile.program_choice or "no chosen program"
            now_uses = (
                f"Your plan now uses {what}."
                if after.profile.program_choice
                else "Your plan no longer uses a chosen program: it follows your answers again."
            )
            said = (
                f"Chose {what}."
                if after.profile.program_choice
                else "Stopped using a chosen program."
            )
            if store.save_change(run.files, path, plan, after, said, now) is None:
                run.say(
                    f"Your plan already uses {what}; nothing changed."
                    if after.profile.program_choice
                    else "Your plan already has no chosen program; nothing changed."
                )
                return
        result = schedule.forecast(after, now)
        change = drift.Drift(schedule.forecast(plan, now).finish.expected, result.finish.expected)
        moved = f" ({change.words})" if after.finish_label == plan.finish_label else ""
        late = drift.finish_late(after, result)  # as status says it, not today
        when = f"not yet, {late}" if late else f"{result.finish.expected}{moved}"
        run.say(now_uses, f"{after.finish_label}: {when}.")
        _warn_of_route(run, after)
        for warning in schedule.program_warnings(result):  # unaccredited, intakes too early
            run.warn(f"Warning: {warning}")


def _warn_of_route(run: Run, plan: Plan) -> None:
    """A chosen program whose accreditor is not recorded: no exam, fee or job is planned after
    it, and the person hears why (another body's is said on the coursework's warning)."""
    from cmaplan.core.eligibility import of_plan, rules

    route = of_plan(plan.profile, plan.candidates)
    if route.route == "unknown":
        run.warn(f"Warning: {route.reason} {rules().closed_note}")
