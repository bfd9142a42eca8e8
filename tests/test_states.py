"""The state a person works in changes the plan where its rules do (core/states.py and the
[states.*] tables of knowledge.toml): a step for a state credential, a heads-up for tasks that
need one, and everywhere else a plain "your state sets what MAs may do; check it"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cmaplan.core.planner import build_plan
from cmaplan.core.profile import US_STATES
from cmaplan.core.schedule import forecast
from cmaplan.core.shipped import knowledge_data
from cmaplan.core.states import parse_states, state_names, state_rules
from tests.conftest import TODAY, answers_file, cli, init_on, make_profile


def _dated(state: str | None) -> Any:
    plan = build_plan(make_profile(state=state), today=TODAY)
    return forecast(plan, TODAY)


def _words(dated: Any, step_id: str) -> str:
    item = dated.get(step_id).step
    return " ".join([*item.why, *item.checklist])


@pytest.mark.parametrize("state", ["WA", "SD"])
def test_a_state_credential_is_a_step_before_the_job_search(state: str) -> None:
    dated = _dated(state)
    credential = dated.get("state-credential")
    job = dated.get("job-search")
    assert "state-credential" in job.step.step.after
    assert credential.window.expected <= job.start
    assert credential.start >= dated.get("exam").window.expected
    rule = state_rules()[state]
    assert rule.name in _words(dated, "state-credential")
    assert set(rule.sources) <= set(credential.step.sources)


def test_washington_names_the_ma_c_and_the_department_of_health() -> None:
    words = _words(_dated("WA"), "state-credential")
    assert "Medical Assistant-Certified (MA-C)" in words
    assert "Department of Health" in words
    assert "(check with the state)" in words


def test_new_jersey_gets_a_heads_up_not_a_step() -> None:
    dated = _dated("NJ")
    assert "state-credential" not in {s.step.step.id for s in dated.steps}
    words = _words(dated, "job-search")
    assert "injections and blood draws" in words
    assert "nj-bme-injections" in dated.get("job-search").step.sources


@pytest.mark.parametrize("state", ["TX", "CA", "NY", None], ids=["TX", "CA", "NY", "none"])
def test_elsewhere_the_plan_says_to_check_the_states_rules(state: str | None) -> None:
    dated = _dated(state)
    assert "state-credential" not in {s.step.step.id for s in dated.steps}
    words = _words(dated, "job-search")
    assert "scope-of-practice" in words
    assert "aama-state-laws" in dated.get("job-search").step.sources


@pytest.mark.parametrize("state", sorted(US_STATES))
def test_no_state_is_told_it_has_no_rules(state: str) -> None:
    dated = _dated(state)
    text = " ".join(_words(dated, s.step.step.id) for s in dated.steps).lower()
    for claim in ("no rules", "no state rules", "does not regulate", "unregulated"):
        assert claim not in text, (state, claim)


def test_every_state_rule_is_a_known_state_with_sources() -> None:
    data = knowledge_data()
    for code, rule in state_rules().items():
        assert code in US_STATES
        assert rule.sources
        assert all(s in data["sources"] for s in rule.sources)
        assert "(check with the state)" in rule.text


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"name": "X", "kind": "licence", "text": "t", "sources": ["cmaplan"]}, "kind must be"),
        ({"name": "X", "kind": "tasks", "text": "t", "sources": ["nowhere"]}, "known sources"),
        ({"name": "X", "kind": "tasks", "text": "t"}, "known sources"),
    ],
    ids=["kind", "unknown-source", "no-source"],
)
def test_a_broken_state_table_is_refused(table: dict[str, Any], message: str) -> None:
    data = {"sources": {"cmaplan": {}}, "states": {"XX": table}}
    with pytest.raises(ValueError, match=message):
        parse_states(data)


@pytest.mark.parametrize("year", [2026, 2029, 2032])
def test_the_cli_shows_washingtons_step_in_any_year(tmp_path: Path, year: int) -> None:
    answers = answers_file(tmp_path, f"{year}-03-01", state="wa")
    env = {"CMAPLAN_TODAY": f"{year}-02-01"}
    cli("init", "--answers", str(answers), "--force", env=env)
    shown = " ".join(cli("show", "state-credential", env=env).stdout.split())
    assert "Medical Assistant-Certified (MA-C)" in shown
    assert "RCW 18.360" in shown
    timeline = cli("timeline", env=env).stdout
    assert timeline.index("state-credential") < timeline.index("job-search")
    cli("check", "state-credential", env=env)
    answers.write_text(answers.read_text().replace('"wa"', '"TX"'))
    cli("init", "--answers", str(answers), "--force", env=env)
    assert "state-credential" not in cli("timeline", env=env).stdout
    cli("show", "state-credential", env=env, code=64)


@pytest.mark.parametrize(
    ("state", "name", "year"),
    [("NJ", "New Jersey", 2026), ("OH", "Ohio", 2029), ("TX", "Texas", 2033)],
)
def test_the_plan_names_the_state_never_its_code(
    tmp_path: Path, state: str, name: str, year: int
) -> None:
    """Review of #22: "apply across clinics and offices in NJ/OH" (the code, not the name)."""
    start = f"{year}-12-07"
    env = init_on(tmp_path, start, state=state)
    shown = " ".join(cli("show", "job-search", env=env).stdout.split())
    assert f"clinics and offices in {name}." in shown
    assert f" {state} " not in shown
    assert f" {state}." not in shown
    text = " ".join(cli("export", "markdown", env=env).stdout.split())
    assert f"in {state}" not in text


def test_every_state_code_has_its_name_in_the_data() -> None:
    names = state_names()
    assert set(names) == US_STATES
    assert names["DC"] == "the District of Columbia"
    for rule in state_rules().values():
        assert names[rule.code] == rule.name
    assert "sources" in knowledge_data()["state_names"]
