"""Names as people type them (core layer: pure): the ids and names that look like a typo,
the sentence for an unknown step, and what `check ID.N` names (a step or an item of it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from cmaplan.core.errors import CommandLineError, UsageError
from cmaplan.core.model import Plan


def look_alike(typed: str, names: Iterable[str], most: int = 3) -> list[str]:
    """The names that look like what was typed: the closest, and any nearly as close; else the
    names that contain it (or that it contains). Never a name that only shares a few letters."""
    import difflib

    names = list(names)
    scored = sorted(
        ((difflib.SequenceMatcher(None, typed, n).ratio(), n) for n in names), reverse=True
    )
    best = scored[0][0] if scored else 0.0
    close = [n for ratio, n in scored if ratio >= max(0.6, best - 0.1)][:most]
    if close or len(typed) < 3:  # "e" is in half the ids: no suggestion beats a wrong one
        return close
    return [n for n in names if typed in n or n in typed][:most]


def unknown_step_message(plan: Plan, step_id: str) -> str:
    """One sentence for an id the plan does not have, with the closest ids it does have; for a
    step of the exam on a route that does not reach it, why it is not there."""
    from cmaplan.core.eligibility import of_attempts, rules
    from cmaplan.core.knowledge import load_knowledge

    route, closed = of_attempts(plan), rules()
    phases = {t.id: t.phase for t in load_knowledge().steps}
    if not route.reaches_exam and phases.get(step_id) in closed.exam_phases:
        shown = closed.used_step if closed.used_step in plan.ids else closed.closed_step
        return (
            f'this plan has no step "{step_id}": {route.reason} '
            f"`cmaplan show {shown}` lists the routes that remain."
        )
    close = look_alike(step_id, plan.ids)
    quoted = [f'"{c}"' for c in close]
    listed = ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else "".join(quoted)
    hint = f" Did you mean {listed}?" if close else ""
    return f'this plan has no step "{step_id}".{hint} `cmaplan timeline` lists the ids.'


class Target(NamedTuple):
    """A step, or one item of its checklist (numbered from 1): what `check` was given."""

    step: str
    item: int | None = None

    def __str__(self) -> str:
        return self.step if self.item is None else f"{self.step}.{self.item}"


def parse_target(plan: Plan, text: str) -> Target:
    """ "externship" or "choose-program.2"; an unknown step or item is one sentence, and an
    item number not written with the digits 0-9 (`transcripts.١`, `resume.1_0`) is refused as
    the command line's error, never read as another number."""
    typed = text.strip().lower()  # ids are typed in any case: "Transcripts" is transcripts
    if typed in plan.ids:
        return Target(typed)
    step_id, dot, _ = typed.rpartition(".")
    if not dot or step_id not in plan.ids:
        raise UsageError(unknown_step_message(plan, step_id or typed))
    from cmaplan.core.numbers import NotANumber, parse_number  # only when an item is named

    number = text.strip().rpartition(".")[2]  # as typed, not lowered (Ⅰ is not ⅰ)
    try:
        item = parse_number(number)
    except NotANumber as error:
        raise CommandLineError(
            f'the item number after "{step_id}." {error.words()}; '
            f"`cmaplan show {step_id}` numbers the items"
        ) from None
    count = plan.step(step_id).checklist_size
    if not 1 <= item <= count:
        have = f"items 1 to {count}" if count > 1 else "only item 1" if count else "no checklist"
        raise UsageError(
            f'step "{step_id}" has {have}; {text.strip()} is not one of them',
            f"`cmaplan show {step_id}` lists them.",
        )
    return Target(step_id, item)
