"""`cmaplan init`: make or remake the plan from the interview, an answers file or an example
(commands layer; declared in `commands/declared.py`)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmaplan.commands.common import echo, quote, today
from cmaplan.commands.context import Run
from cmaplan.core.errors import NoTerminalError, NotSaved, PlanExistsError, UsageError
from cmaplan.core.plaintext import plural
from cmaplan.core.shipped import example_names, example_summary
from cmaplan.storage.guard import shown

if TYPE_CHECKING:
    from cmaplan.core.model import Plan, Profile


def examples_epilog() -> str:
    """The shipped examples, one a line (\b keeps click from re-wrapping them)."""
    width = max(len(name) for name in example_names()) + 2
    lines = [f"  {name:{width}}{example_summary(name)}" for name in example_names()]
    return "\b\nExamples for --example NAME:\n" + "\n".join(lines)


def init(
    run: Run,
    answers: Path | None = None,
    example: str | None = None,
    save_answers: Path | None = None,
    force: bool = False,
) -> None:
    """Make or remake the plan: from the interview, --answers FILE or --example NAME."""
    with run.errors():
        from secrets import token_hex

        from cmaplan.core import planner, schedule, tracking
        from cmaplan.storage import store
        from cmaplan.storage.paths import user_path

        path = run.plan_path()
        now = today()
        answers = user_path(answers) if answers is not None else None
        save_answers = user_path(save_answers) if save_answers is not None else None
        if answers is not None and example is not None:
            raise UsageError("give --answers or --example, not both")
        if answers is not None or example is not None:
            # The answers are checked first: the most specific problem is the one to tell.
            profile = _read_answers(run, answers, example, now)
            old = store.load_plan(run.files, path, today()) if path.exists() else None
            if old is not None and not force:
                raise PlanExistsError(
                    f"a plan already exists at {path}",
                    "Use --force to replace it; your done marks and notes carry over.",
                )
        else:
            old = store.load_plan(run.files, path, today()) if path.exists() else None
            profile = _interview(run, old, now, save_answers)
        if save_answers is not None:
            store.check_answers_target(save_answers, plan=path)  # before anything is written
        with store.locked(path, creating=True):
            # Read again: a `cmaplan check` may have landed while the questions were asked.
            current = store.load_plan(run.files, path, today()) if path.exists() else None
            plan, notes = _make_plan(profile, current, now)
            plan = plan._replace(
                uid=current.uid if current else token_hex(8),
                revision=current.revision if current else 0,
            )
            if current is not None:
                plan = tracking.new_answers(current, plan, now)
                plan = tracking.remember(current, plan, "the new answers of cmaplan init.", now)
            if save_answers is not None:  # first: if it fails, the plan is left as it was
                from cmaplan.core.profile import profile_to_dict

                store.save_answers(save_answers, profile_to_dict(profile), plan=path)
                notes.append(f"Saved your answers to {shown(save_answers)}.")
            result = store.save_plan(run.files, path, plan, now)  # as forecast for the file
        finish = result.finish
        reached = result.get(planner.finish_step(plan)).progress.done_on
        run.say(f"Saved your plan to {shown(path)}.", *notes)
        run.say(
            f"{plural(len(plan.steps), 'step')}. {plan.finish_label} "
            + (
                f"reached on {reached}."
                if reached
                else f"expected {finish.expected}"
                + (
                    f" (between {finish.earliest} and {finish.latest})."
                    if finish.earliest != finish.latest
                    else "."
                )
            ),
            *schedule.headline_notes(plan, result),
            "See it with `cmaplan timeline`, or `cmaplan status` for the short view.",
        )


def _read_answers(run: Run, answers: Path | None, example: str | None, now: date) -> Profile:
    from cmaplan.core.profile import parse_profile
    from cmaplan.storage import store

    data: dict[str, Any]
    if example is not None:
        data, where = store.read_example(example, now), f"example {example}: "
    else:
        assert answers is not None
        data, where = store.read_toml(run.files, answers, what="answers"), f"{answers}: "
    return parse_profile(data, today=now, where=where)


def _make_plan(profile: Profile, old: Plan | None, now: date) -> tuple[Plan, list[str]]:
    """The plan for `profile`, keeping the progress of `old`; and what the user should know."""
    from cmaplan.core import planner
    from cmaplan.core.knowledge import load_knowledge
    from cmaplan.core.plaintext import with_article

    notes: list[str] = []
    _check_choice(profile, old)
    if old is None:
        plan = planner.build_plan(profile, today=now)
        if profile.start_date < now:
            notes.append(
                f"Your start date {profile.start_date} has passed, so the plan starts today."
            )
    else:
        if not profile.program_choice and old.profile.program_choice:
            # New answers keep the program chosen with `cmaplan program choose`.
            profile = profile._replace(program_choice=old.profile.program_choice)
        rebuilt = planner.rebuild(old, profile)
        plan = rebuilt.plan
        if rebuilt.kept:
            notes.append("Kept your progress on: " + ", ".join(rebuilt.kept) + ".")
        if rebuilt.added:
            notes.append("New steps: " + ", ".join(rebuilt.added) + ".")
        if rebuilt.dropped:
            notes.append("Steps no longer in your plan: " + ", ".join(rebuilt.dropped) + ".")
    if plan.recommendation is not None:
        name = with_article(load_knowledge().programs[plan.program.value].name)
        notes.append(f"You have not chosen a program yet; the plan assumes {name}.")
    return plan, notes


def _check_choice(profile: Profile, old: Plan | None) -> None:
    """A program_choice answer names one of the programs the plan records; else one sentence
    (exit 65): a later `program add` of that name would switch the plan without a word."""
    from cmaplan.core.errors import AnswersError
    from cmaplan.core.planner import chosen_candidate

    if not profile.program_choice:
        return
    candidates = old.candidates if old is not None else ()
    if chosen_candidate(profile, candidates) is None:
        from cmaplan.core.plaintext import visible

        known = ", ".join(f'"{visible(c.name)}"' for c in candidates) or "none yet"
        raise AnswersError(
            f'program_choice = "{visible(profile.program_choice)}" names no program this plan '
            f"records (recorded: {known})",
            "Record it with `cmaplan program add NAME ...` and `cmaplan program choose NAME`, "
            "or leave program_choice out.",
        )


def _interview(run: Run, old: Plan | None, now: date, saving: Path | None) -> Profile:
    """Ask the questions in the terminal, show the result, and ask to confirm."""
    if not (sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty()):
        if old is not None and saving is not None:  # they want the answers, not the questions
            from cmaplan.storage import store

            store.check_answers_target(saving, plan=run.plan_path())  # a hint that would be refused
            raise NoTerminalError(
                "there is no terminal to ask the questions on",
                "To save the answers your plan has now, run "
                f"`cmaplan export answers -o {quote(str(saving))}`.",
            )
        raise NoTerminalError(
            "there is no terminal to ask the questions on",
            "Use `cmaplan init --answers FILE`, or start from an example with "
            "`cmaplan init --example NAME` (`cmaplan init --help` lists them).",
        )
    from cmaplan.core import schedule, tracking
    from cmaplan.core.knowledge import load_knowledge
    from cmaplan.interview import asking
    from cmaplan.interview import flow as interview
    from cmaplan.views import summary

    kb = load_knowledge()
    ask = asking.ask_in_terminal(kb, now)
    run.say(
        interview.wrap(
            "Shift+Tab goes back a question; Esc or Ctrl-C stops without saving anything."
        )
    )
    if old is not None:
        run.say(
            interview.wrap(
                "You have a plan already: your earlier answers are the defaults, and your "
                "progress is kept for every step that stays in the plan."
            )
        )
    profile = interview.run_interview(
        ask,
        previous=tracking.answers_now(old) if old else None,
        today=now,
        tell=lambda text: echo(interview.wrap(text, "  ")),
        kb=kb,
    )
    plan, _ = _make_plan(profile, old, now)
    echo("")
    for line in summary.summary(profile, plan, schedule.forecast(plan, now), kb):
        if line.startswith("  "):
            echo(interview.wrap(line.strip(), "  ", hanging="    "))
        else:
            echo(interview.wrap(line, hanging="  "))
    if not ask(interview.CONFIRM_SAVE, True, (), {}):
        raise NotSaved("nothing was saved" + ("; your plan is as it was" if old else ""))
    return profile
