"""The words of a plan's steps, written once from the dated plan (core layer: pure, no I/O).

The planner chooses the steps and their lengths; `schedule.forecast` dates them and works out
the exam terms (category and fee follow the day of the application); then `word_steps` writes
every step's title, reasons, checklist and sources from knowledge.toml's templates for this
person and those terms. It is the only writer of step text: the plan file, every view and every
export show what it wrote for the same day.

A template inserts facts (`{exam_questions}`), answers (`{specialty}`), the exam terms
(`{category}`, `{fee}`, `{applying}`) and the length of a step (`{length[exam-prep]}`). Which
checklist items apply may not depend on the exam terms (knowledge.py refuses a dated condition
there; their text may state the terms): their number is known before dating, so a tick is
numbered on the plan itself (`checklist_size`, kept as `Step.checklist_size`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping

from cmaplan.core.candidates import asks_words
from cmaplan.core.conditions import OWN_HOURS, PACED_AFTER, STEP_DONE, holds
from cmaplan.core.durations import (
    hours_words,
    length_basis,
    length_words,
    own_hours_long,
    step_duration,
    study_hours,
    work_week_hours,
)
from cmaplan.core.eligibility import Eligibility, missing_words, of_plan, work_short_hours
from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.knowledge import Knowledge, StepTemplate, Text, choose, load_knowledge
from cmaplan.core.model import (
    ExamTerms,
    Pace,
    Plan,
    Profile,
    Program,
    Progress,
    Recommendation,
    Step,
    WordedStep,
)
from cmaplan.core.plaintext import with_article
from cmaplan.core.rules import fee_key
from cmaplan.core.states import state_name, state_rule


def word_steps(
    plan: Plan, terms: ExamTerms | None, kb: Knowledge | None = None
) -> dict[str, WordedStep]:
    """Every step of `plan` with its words, for the exam `terms` of its dated application (None
    only for a plan without one: a template that states the terms is then an error)."""
    kb = kb or load_knowledge()
    templates = {t.id: t for t in kb.steps}
    category = terms.category if terms is not None else None
    route = of_plan(plan.profile, plan.candidates, kb)
    values = _values(plan.profile, plan.program, terms, plan.recommendation, route, kb)
    values["asks"] = asks_words(plan.profile, plan.candidates)
    context = _Context(values, kb)
    return {
        s.id: _worded(
            s,
            templates[s.id],
            plan.profile,
            plan.program,
            category,
            context,
            is_done=plan.progress.get(s.id, Progress()).done_on is not None,
        )
        for s in plan.steps
    }


def unworded(plan: Plan) -> dict[str, WordedStep]:
    """Every step named by its id alone, with no words: for a forecast that only compares
    dates (`compare`'s routes)."""
    return {s.id: WordedStep(s, s.id, (), (), ()) for s in plan.steps}


def checklist_size(
    template: StepTemplate, profile: Profile, program: Program, kb: Knowledge
) -> int:
    """How many items the checklist of `template`'s step has for this person: one per item that
    applies, and one per entry of an item that is just a list fact."""
    entries = [_list_fact(t, kb) for t in template.checklist if holds(t.when, profile, program)]
    return sum(1 if e is None else len(e) for e in entries)


def fields(text: str) -> list[str]:
    """The names a template inserts ("exam_fee" for "{exam_fee[2-member]}")."""
    return [
        re.split(r"[.\[]", name)[0]
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None and name
    ]


def lengths_named(text: str) -> list[str]:
    """The step ids whose length a template states ("exam-prep" for "{length[exam-prep]}")."""
    return re.findall(r"\{length\[([^\]]+)\]\}", text)


# --- writing ------------------------------------------------------------------------------------


class _Context(dict[str, object]):
    """Template values, with the knowledge base they came from."""

    def __init__(self, values: Mapping[str, object], kb: Knowledge) -> None:
        super().__init__(values)
        self.kb = kb


class _Lengths:
    """`{length[STEP]}`: how long that step takes this person, in words ("3–6 weeks")."""

    def __init__(self, profile: Profile, program: Program, kb: Knowledge) -> None:
        self.profile, self.program, self.kb = profile, program, kb

    def __getitem__(self, step_id: str) -> str:
        template = next(t for t in self.kb.steps if t.id == step_id)
        return length_words(step_duration(template, self.profile, self.program, self.kb))


def _values(
    profile: Profile,
    program: Program,
    terms: ExamTerms | None,
    recommendation: Recommendation | None,
    route: Eligibility,
    kb: Knowledge,
) -> dict[str, object]:
    values: dict[str, object] = dict(kb.values())
    part_time_note = ""
    if profile.pace is Pace.PART_TIME:
        part_time_note = f", or about {kb.fact('part_time_factor').render()} that part-time"
    suggestion = ""
    if recommendation is not None:
        name = kb.programs[recommendation.program.value].name
        suggestion = f"{with_article(name)}, because {recommendation.reason}"
    if terms is not None:
        values.update(
            category=f"Category {terms.category}",
            fee=eligibility_rules().alternative_fee
            if terms.fee is None
            else kb.fact(kb.rules.exam_fee.fact).render(
                fee_key(terms.category, profile.aama_member)
            ),
            applying=("Having applied on " if terms.applied else "Applying on ")
            + terms.apply_on.isoformat(),
        )
    values.update(
        alternative_missing=missing_words(profile, kb),
        work_given="no hours"
        if profile.ma_work_hours is None
        else hours_words(profile.ma_work_hours),
        work_missing=f"{work_short_hours(profile):,} hours",
        work_week_hours="{:g}–{:g} hours".format(*work_week_hours(profile, kb)),
        route_reason=route.reason,
        graduate_note=kb.fill(
            eligibility_rules().graduate_open
            if route.reaches_exam
            else eligibility_rules().graduate_closed
        ),
        program_name=kb.programs[program.value].name,
        part_time_note=part_time_note,
        recommendation=suggestion,
        diploma_by=profile.diploma_by.isoformat() if profile.diploma_by else "",
        study_hours=hours_words(study_hours(profile, kb)),
        length=_Lengths(profile, program, kb),
        specialty=profile.specialty,
        in_state=f" in {state_name(profile.state)}" if profile.state else "",
        state=state_name(profile.state or ""),
        **_state_values(profile.state or ""),
    )
    return values


def _state_values(state: str) -> dict[str, str]:
    """`{state_name}` and `{state_rule}`: the state's name and its rule for MAs, if it has one."""
    rule = state_rule(state)
    return {"state_name": state_name(state), "state_rule": rule.text if rule else ""}


def _list_fact(item: Text, kb: Knowledge) -> tuple[str, ...] | None:
    """The entries of a checklist item that is just a list fact ("{job_search_steps}"): it
    becomes one item per entry. None for any other item."""
    names = fields(item.text)
    if len(names) == 1 and item.text.strip() == f"{{{names[0]}}}" and names[0] in kb.facts:
        fact = kb.fact(names[0])
        if fact.unit == "list":
            return tuple(fact.items())
    return None


def _fill(texts: Iterable[Text], context: _Context, ok: Iterable[bool]) -> list[str]:
    out: list[str] = []
    for item, applies in zip(texts, ok, strict=True):
        if applies:
            entries = _list_fact(item, context.kb)
            out.extend((item.text.format_map(context),) if entries is None else entries)
    return out


def _worded(
    step: Step,
    template: StepTemplate,
    profile: Profile,
    program: Program,
    category: int | None,
    context: _Context,
    *,
    is_done: bool = False,
) -> WordedStep:
    kb = context.kb

    # "waits_paced": the step waits for its paced steps too (the planner found the hours short)
    paced = bool(template.after_paced) and set(template.after_paced) <= set(step.after)
    long = own_hours_long(template, step.duration, profile, program, kb)
    answered = {STEP_DONE: is_done, PACED_AFTER: paced, OWN_HOURS: long}

    def applies(when: tuple[str, ...]) -> bool:
        # this step's own progress and waits are answered here, the rest by the conditions
        for name in when:
            if name.lstrip("!") in answered and name.startswith("!") == answered[name.lstrip("!")]:
                return False
        rest = tuple(name for name in when if name.lstrip("!") not in answered)
        return holds(rest, profile, program, category)

    why_ok = [applies(t.when) for t in template.why]
    checklist_ok = [applies(t.when) for t in template.checklist]
    used = [
        name
        for item, ok in zip(
            (*template.why, *template.checklist), (*why_ok, *checklist_ok), strict=True
        )
        if ok
        for name in fields(item.text)
    ]
    facts, cited = length_basis(template, step.duration, profile, program, kb)
    sources = [*template.sources, *cited]
    rule = state_rule(profile.state or "")
    if rule is not None and {"state_rule", "state_name"} & set(used):
        sources.extend(rule.sources)
    for name in (*used, *facts):
        if name in kb.facts:
            sources.extend(kb.fact(name).sources)
    checklist = tuple(_fill(template.checklist, context, checklist_ok))
    assert len(checklist) == step.checklist_size, step.id  # no item depends on the dates
    return WordedStep(
        step=step,
        title=choose(template.title, applies),
        why=tuple(_fill(template.why, context, why_ok)),
        checklist=checklist,
        sources=tuple(dict.fromkeys(sources)),
    )
