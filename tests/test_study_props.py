"""Property tests for what comes from outside the study plan (issue #24): score records as the
plan file keeps them and as `undo` takes them back, what a person types as a percent, and the
week-by-week plan for any person on any day of eight years."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmaplan.core.model import Plan
from cmaplan.core.planner import build_plan
from cmaplan.core.practice import AREAS, SCORE_SOURCES, Score, Study
from cmaplan.core.schedule import forecast
from cmaplan.core.studylog import add_score, remove_score
from cmaplan.core.studyplan import study_plan
from cmaplan.storage.codec import document_to_plan, plan_to_document
from tests.conftest import cli, init_on, make_profile

TODAY = date(2027, 6, 1)
percents = st.none() | st.integers(min_value=0, max_value=100)
scores = st.builds(
    Score,
    on=st.dates(min_value=date(2020, 1, 1), max_value=TODAY),
    source=st.sampled_from(SCORE_SOURCES),
    overall=percents,
    general=percents,
    administrative=percents,
    clinical=percents,
).filter(lambda s: not s.is_empty)


def base_plan() -> Plan:
    return build_plan(make_profile(), today=date(2027, 1, 4))


def through_the_file(plan: Plan) -> Plan:
    text = tomli_w.dumps(plan_to_document(plan, TODAY))
    return document_to_plan(tomllib.loads(text))


@given(st.lists(scores, max_size=12), st.integers(min_value=1, max_value=100) | st.none())
@settings(max_examples=60, deadline=None)
def test_any_scores_come_back_from_the_file_as_recorded(
    added: list[Score], aim: int | None
) -> None:
    plan = base_plan()
    for score in added:
        plan = add_score(plan, score, TODAY)
    plan = plan._replace(study=plan.study._replace(target=aim))
    back = through_the_file(plan)
    assert back.study == plan.study
    assert [s.on for s in back.study.scores] == sorted(s.on for s in added)


@given(st.lists(scores, min_size=1, max_size=8), st.data())
@settings(max_examples=40, deadline=None)
def test_undo_through_the_file_takes_back_each_change_in_turn(
    added: list[Score], data: st.DataObject
) -> None:
    """Each score added and one removed, saved with what undo needs and read back from the
    file: undoing them one by one restores each earlier study exactly."""
    from cmaplan.core.tracking import remember, undo

    plan = base_plan()
    states = [plan.study]
    for score in added:
        plan = through_the_file(remember(plan, add_score(plan, score, TODAY), "added", TODAY))
        states.append(plan.study)
    number = data.draw(st.integers(min_value=1, max_value=len(added)))
    removed, _ = remove_score(plan, number, TODAY)
    plan = through_the_file(remember(plan, removed, "removed", TODAY))
    for expected in reversed(states):
        plan, _ = undo(plan)
        assert plan.study == expected


@given(st.text(max_size=8))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_typed_percent_is_taken_exactly_or_refused_with_nothing_written(
    tmp_path: Path, plan_path: Path, typed: str
) -> None:
    if not plan_path.exists():
        init_on(tmp_path, TODAY.isoformat())
    env = {"CMAPLAN_TODAY": TODAY.isoformat()}
    before = plan_path.read_bytes()
    result = cli("study", "score", "--", typed, env=env, code=None)
    stripped = typed.strip().removesuffix("%").strip()
    valid = (
        stripped.isascii() and stripped.isdigit() and len(stripped) <= 3 and int(stripped) <= 100
    )
    if result.exit_code == 0:
        assert valid, typed
        assert plan_path.read_bytes() != before
        cli("undo", env=env)
    else:
        assert not valid or not typed.strip(), typed
        assert result.stderr.startswith("cmaplan: ")
        assert result.stderr.count("\n") == 1
        assert plan_path.read_bytes() == before


@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2034, 12, 31)),
    st.integers(min_value=0, max_value=3000),
    st.sampled_from([{}, {"foreign_medical_degree": True}, {"experience": "cna"}]),
    st.integers(min_value=1, max_value=80),
    st.lists(scores, max_size=3),
)
@settings(max_examples=60, deadline=None)
def test_the_weeks_hold_together_for_anyone_on_any_day(
    start: date, later: int, answers: dict[str, object], hours: int, added: list[Score]
) -> None:
    from cmaplan.core.profile import parse_profile
    from tests.conftest import BASE

    data = {**BASE, "start_date": start, "study_hours": hours, **answers}
    profile = parse_profile(data, today=start)
    plan = build_plan(profile, today=start)
    plan = plan._replace(study=Study(scores=tuple(sorted(added, key=lambda s: s.on))))
    today = start + timedelta(days=later)
    weeks = study_plan(plan, forecast(plan, today))
    assert weeks is not None
    assert weeks.weeks[0].starts == weeks.starts
    assert weeks.weeks[-1].kind == "final"
    assert abs(sum(weeks.weights.values()) - 1) < 1e-9
    for before, after in zip(weeks.weeks, weeks.weeks[1:], strict=False):
        assert after.starts.weekday() == 0  # Monday to Sunday, after a first week from its day
        assert after.starts - before.ends == timedelta(days=1)
        assert before.starts <= before.ends < after.starts
    for week in weeks.weeks:
        assert (week.kind == "learn") == (week.area is not None) == bool(week.topics)
    assert all(a in weeks.weights for a in AREAS)
