"""The named conditions that knowledge.toml's `when` lists use (core layer, stdlib only).

A condition is a question about a person's situation: their profile, the program the plan uses,
and the exam category they apply in. "!name" in a `when` list negates one. The category is known
only once the plan is dated (it follows the day of the exam application): a condition on it is
in DATED, and asking one without a category is an error, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cmaplan.core.model import (
    CmaStatus,
    Experience,
    Goal,
    Pace,
    Profile,
    Program,
    RecertRoute,
    Usmle,
)
from cmaplan.core.pathway import meets_hours, work_short
from cmaplan.core.states import has_kind, state_rule

Condition = Callable[[Profile, Program, int | None], bool]


def works_to_close(p: Profile) -> bool:
    """A working MA, not yet a graduate, whose finished program lacks only MA work hours."""
    return (
        p.graduated_on is None
        and p.experience is Experience.UNCERTIFIED_MA
        and work_short(p) is not None
    )


CONDITIONS: dict[str, Condition] = {
    "img": lambda p, prog, cat: p.foreign_medical_degree,
    "in_english": lambda p, prog, cat: p.transcripts_in_english,
    "evaluated": lambda p, prog, cat: p.credentials_evaluated,
    "diploma": lambda p, prog, cat: p.diploma,
    "diploma_by": lambda p, prog, cat: p.diploma_by is not None,
    "graduated": lambda p, prog, cat: p.graduated_on is not None,
    "certificate": lambda p, prog, cat: prog is Program.CERTIFICATE,
    "associate": lambda p, prog, cat: prog is Program.ASSOCIATE,
    "undecided": lambda p, prog, cat: p.program is Program.UNDECIDED,
    "part_time": lambda p, prog, cat: p.pace is Pace.PART_TIME,
    "goal_residency": lambda p, prog, cat: p.goal is Goal.RESIDENCY,
    "goal_nursing": lambda p, prog, cat: p.goal is Goal.NURSING,
    "goal_management": lambda p, prog, cat: p.goal is Goal.MANAGEMENT,
    "goal_nursing_or_management": lambda p, prog, cat: p.goal in (Goal.NURSING, Goal.MANAGEMENT),
    "new_to_healthcare": lambda p, prog, cat: p.experience is Experience.NONE,
    "experienced": lambda p, prog, cat: p.experience is not Experience.NONE,
    "experienced_ma": lambda p, prog, cat: (
        p.experience in (Experience.UNCERTIFIED_MA, Experience.MILITARY)
    ),
    # Already working as a medical assistant, without the credential.
    "working_ma": lambda p, prog, cat: p.experience is Experience.UNCERTIFIED_MA,
    # Likely to hold a healthcare job while studying.
    "working": lambda p, prog, cat: p.experience in (Experience.CNA, Experience.UNCERTIFIED_MA),
    "military": lambda p, prog, cat: p.experience is Experience.MILITARY,
    "member": lambda p, prog, cat: p.aama_member,
    "category2": lambda p, prog, cat: cat == 2,
    "specialty": lambda p, prog, cat: bool(p.specialty),
    "state": lambda p, prog, cat: bool(p.state),
    # The state's rule for MAs, as knowledge.toml's [states.*] give it (core/states.py).
    "state_listed": lambda p, prog, cat: state_rule(p.state or "") is not None,
    "state_credential": lambda p, prog, cat: has_kind(p.state or "", "credential"),
    "state_tasks": lambda p, prog, cat: has_kind(p.state or "", "tasks"),
    "recert_ce": lambda p, prog, cat: p.recertify_by is RecertRoute.CE,
    "recert_exam": lambda p, prog, cat: p.recertify_by is RecertRoute.EXAM,
    # Holds the CMA (AAMA) already, as the cma_status answer says (core/held.py).
    "cma_holder": lambda p, prog, cat: p.cma_status is not CmaStatus.NONE,
    "cma_current": lambda p, prog, cat: p.cma_status is CmaStatus.CURRENT,
    "cma_lapsed": lambda p, prog, cat: p.cma_status is CmaStatus.LAPSED,
    "usmle_not_started": lambda p, prog, cat: p.usmle is Usmle.NOT_STARTED,
    "usmle_step1": lambda p, prog, cat: p.usmle is Usmle.STEP1,
    "usmle_step2": lambda p, prog, cat: p.usmle is Usmle.STEP2,
    "usmle_certified": lambda p, prog, cat: p.usmle is Usmle.ECFMG_CERTIFIED,
    # Finished a non-accredited MA program (Category 4's question), and whose hours meet it.
    "finished_program": lambda p, prog, cat: p.finished_ma_program and p.graduated_on is None,
    # A working MA whose finished program lacks only the work hours: the plan has them work
    # the rest, then takes Category 4 (the hours grow; a program's class hours cannot).
    "work_short": lambda p, prog, cat: works_to_close(p),
    "alternative": lambda p, prog, cat: (
        p.graduated_on is None and (meets_hours(p) or works_to_close(p))
    ),
}
# Whether the step being worded is done: known only to the writer of step text
# (core/steptext.py), which answers it itself; here so that `when` lists may name it.
STEP_DONE = "step_done"
CONDITIONS[STEP_DONE] = lambda p, prog, cat: False
# A step that, at the person's hours a week, also waits for its `after_paced` steps (the
# externship takes all of those hours): answered by core/steptext.py from the step itself.
PACED_AFTER = "waits_paced"
CONDITIONS[PACED_AFTER] = lambda p, prog, cat: False
# A step with hours of its own (the externship's practicum) that those hours, at the person's
# hours a week, make longer than its usual length: answered by core/steptext.py.
OWN_HOURS = "own_hours_long"
CONDITIONS[OWN_HOURS] = lambda p, prog, cat: False
# The conditions on the exam category (and the step's own progress): only text written after
# dating may use them.
DATED = frozenset({"category2", STEP_DONE, PACED_AFTER, OWN_HOURS})


def holds(
    when: Iterable[str], profile: Profile, program: Program, category: int | None = None
) -> bool:
    """Whether every condition in `when` holds ("!name" negates one). A condition in DATED
    needs the exam `category`: without it, ValueError."""
    for name in when:
        negate = name.startswith("!")
        if category is None and name.lstrip("!") in DATED:
            raise ValueError(f"{name} depends on the exam category, known only once dated")
        if CONDITIONS[name.lstrip("!")](profile, program, category) == negate:
            return False
    return True
