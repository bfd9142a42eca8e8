"""What `cmaplan init` shows before it asks to save: the answers and the plan in a few lines
(views layer: pure, text only)."""

from __future__ import annotations

from cmaplan.core.eligibility import of_plan
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Forecast, Plan, Profile
from cmaplan.core.schedule import headline_notes, next_actions
from cmaplan.core.states import state_name

BACKGROUND = {
    "none": "new to healthcare",
    "cna": "nursing assistant (CNA)",
    "uncertified-ma": "medical assistant without a credential",
    "military": "military medic",
}


def summary(
    profile: Profile, plan: Plan, result: Forecast, kb: Knowledge | None = None
) -> list[str]:
    """What the person answered and what the plan says, in a few lines, before saving."""
    kb = kb or load_knowledge()
    facts = ["physician trained abroad"] if profile.foreign_medical_degree else []
    if profile.experience.value != "none" or not facts:
        facts.append(BACKGROUND[profile.experience.value])
    if profile.specialty:
        facts.append(f"field: {profile.specialty}")
    if profile.state:
        facts.append(f"working in {state_name(profile.state)}")
    lines = [f"You: {profile.name or 'no name given'} · {' · '.join(facts)}."]
    route = of_plan(profile, plan.candidates, kb)
    if profile.graduated_on:
        lines.append(f"Graduated from an accredited program on {profile.graduated_on}.")
    elif route.route == "alternative":
        lines.append(f"Route: {route.words}; goal: {profile.goal}.")
    else:
        program = kb.programs[plan.program.value].name
        chosen = " (our suggestion)" if plan.recommendation else ""
        lines.append(f"Program: {program}{chosen}, {profile.pace}; goal: {profile.goal}.")
    lines.append(f"Start: {profile.start_date}.")
    finish = result.finish
    between = (
        f" (between {finish.earliest} and {finish.latest})"
        if finish.earliest != finish.latest
        else ""
    )
    lines.append(f"{plan.finish_label} expected {finish.expected}{between}.")
    lines.extend(headline_notes(plan, result, kb))
    upcoming = next_actions(result, 3)[:3]
    if upcoming:
        lines.append("Your next steps:")
        lines.extend(f"  {s.step.title} ({s.step.id}), due {s.due}" for s in upcoming)
    return lines
