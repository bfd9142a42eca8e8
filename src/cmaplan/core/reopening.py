"""What reopening a step takes back besides its done mark (core layer: pure).

A step can record more than "done": choosing a program (`cmaplan program choose`) marks the
choice step done and records the program in the answers. Reopening that step with `check
--undo` says the choice is open again, so the recorded program goes with it.
"""

from __future__ import annotations

from datetime import date

from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Plan


def drop_reopened_choice(
    before: Plan, after: Plan, *, today: date, kb: Knowledge | None = None
) -> tuple[Plan, str]:
    """`after` without its chosen program when the program-choice step was done in `before`
    and is open in `after`, and the name of the program dropped; else `after` and ""."""
    kb = kb or load_knowledge()
    step = kb.roles.program_choice
    was, now = before.progress.get(step), after.progress.get(step)
    name = after.profile.program_choice
    if not name or was is None or was.done_on is None or (now is not None and now.done_on):
        return after, ""
    from cmaplan.core.compare import choose  # only when a choice is taken back

    return choose(after, None, day=None, today=today), name
