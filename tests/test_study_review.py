"""Issue #24, after a newcomer's months with `cmaplan study` and a hostile-input run: weeks
once begun stay as they were, every area gets weeks enough for its topics, scores replace the
background's guess, readiness names its tests and their days, status warns when the exam is
near and the scores are low, and the edges of input and of undo hold."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.planner import build_plan
from cmaplan.core.practice import AREAS, Score, Study
from cmaplan.core.readiness import readiness
from cmaplan.core.schedule import forecast
from cmaplan.core.studyplan import MAX_TOPICS, areas, study_plan, weights
from tests.conftest import BASE, cli, init_on, make_profile

YEARS = [2026, 2029, 2032]


def words(text: str) -> str:
    return " ".join(text.split())


def weeks_of(env: dict[str, str]) -> list[dict[str, object]]:
    plan = json.loads(cli("study", "--json", env=env).stdout)["plan"]
    assert isinstance(plan, dict)
    weeks: list[dict[str, object]] = plan["weeks"]
    return weeks


def graduate(tmp_path: Path, year: int, **answers: object) -> dict[str, str]:
    """A graduate of two months whose study starts on the plan's first day."""
    return init_on(tmp_path, f"{year}-01-05", graduated_on=date(year - 1, 11, 5), **answers)


@pytest.mark.parametrize("year", YEARS)
def test_weeks_once_begun_stay_as_they_were(tmp_path: Path, year: int) -> None:
    env = graduate(tmp_path, year, study_hours=8, experience="cna")
    first = weeks_of(env)
    third = {"CMAPLAN_TODAY": str(first[2]["starts"])}
    cli("study", "score", "58", "--administrative", "40", "--clinical", "72", env=third)
    begun = weeks_of(third)[:3]
    assert [w["starts"] for w in begun] == [w["starts"] for w in first[:3]]
    cli("study", "score", "60", "--general", "30", "--administrative", "95", env=third)
    cli("check", "resume", env=third)  # another change the same day
    assert weeks_of(third)[:3] == begun  # this week and those before it, as they were
    later = {"CMAPLAN_TODAY": str(date.fromisoformat(str(first[2]["starts"])) + timedelta(14))}
    assert weeks_of(later)[:3] == begun


@pytest.mark.parametrize("year", YEARS)
def test_weeks_of_a_plan_that_slipped_before_its_study_start_anew(
    tmp_path: Path, year: int
) -> None:
    """Weeks written at init whose days pass while nothing is ticked: the program has not even
    begun, so the study is years ahead again, from exam-prep's start, not the old weeks."""
    env = init_on(tmp_path, f"{year}-01-04", foreign_medical_degree=True, study_hours=12)
    first = weeks_of(env)
    later = {"CMAPLAN_TODAY": str(date.fromisoformat(str(first[3]["starts"])) + timedelta(1))}
    dated = {s["id"]: s for s in json.loads(cli("timeline", "--json", env=later).stdout)["steps"]}
    assert dated["exam-prep"]["start"] > later["CMAPLAN_TODAY"]  # the plan has slipped
    plan = json.loads(cli("study", "--json", env=later).stdout)["plan"]
    assert plan["weeks"][0]["starts"] == dated["exam-prep"]["start"]
    assert plan["begun_weeks"] == 0
    assert len(plan["weeks"]) < 30  # the months of study, not the years the plan slipped


@pytest.mark.parametrize("year", YEARS)
def test_the_practice_exam_week_stays_once_the_application_is_made(
    tmp_path: Path, year: int
) -> None:
    env = graduate(tmp_path, year, study_hours=6)
    weeks = weeks_of(env)
    practice = next(w for w in weeks if w["kind"] == "practice")
    during = {"CMAPLAN_TODAY": str(practice["ends"])}
    cli("study", "score", "70", "--source", "aama", env=during)
    cli("check", "exam-apply", "--on", str(practice["ends"]), env=during)
    after = weeks_of(during)
    assert after[int(str(practice["number"])) - 1]["kind"] == "practice"


@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2033, 12, 31)),
    st.sampled_from([{}, {"foreign_medical_degree": True}, {"experience": "cna"}]),
    st.integers(min_value=1, max_value=80),
    st.lists(
        st.tuples(st.sampled_from(AREAS), st.integers(min_value=0, max_value=100)), max_size=3
    ),
)
@settings(max_examples=80, deadline=None)
def test_every_area_gets_weeks_enough_for_its_topics(
    start: date, answers: dict[str, object], hours: int, scored: list[tuple[object, int]]
) -> None:
    from cmaplan.core.profile import parse_profile

    profile = parse_profile(
        {**BASE, "start_date": start, "study_hours": hours, **answers}, today=start
    )
    plan = build_plan(profile, today=start)
    marks = {a.value: v for a, v in scored}  # type: ignore[attr-defined]
    if marks:
        plan = plan._replace(study=Study(scores=(Score(start, "other", None, **marks),)))
    study = study_plan(plan, forecast(plan, start))
    assert study is not None
    learning = [w for w in study.weeks if w.kind == "learn"]
    needed = sum(-(-len(areas()[a].topics) // MAX_TOPICS) for a in AREAS)
    for area in AREAS:
        planned = {t for w in learning if w.area is area for t in w.topics}
        assert planned == set(areas()[area].topics)  # every topic, scores or not
    if len(learning) >= needed:  # weeks enough: none holds more than a few topics
        assert all(len(w.topics) <= MAX_TOPICS for w in learning)
    if len(learning) >= 3:
        assert {w.area for w in learning} == set(AREAS)


def test_a_score_replaces_the_backgrounds_guess_for_its_area() -> None:
    kb = load_knowledge()
    img = make_profile(foreign_medical_degree=True)
    strong = weights(img, Study(scores=(Score(date(2027, 1, 1), "aama", None, 88),)), kb)
    share = kb.fact("exam_area_share")
    assert strong["general"] >= 0.5 * share.number("general") / 100  # type: ignore[index]
    cna = make_profile(experience="cna")
    mixed = weights(cna, Study(scores=(Score(date(2027, 1, 1), "aama", None, None, 45, 70),)), kb)
    assert mixed["clinical"] > mixed["administrative"]  # type: ignore[index]  # 59% of the exam


def test_a_first_week_without_scores_opens_with_a_timed_test(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2027-01-04")
    first = weeks_of(env)[0]
    assert first["kind"] == "learn"
    assert first["opens_with_test"] is True
    shown = words(cli("study", env=env).stdout)
    assert "First a timed practice test to see where you stand (record it), then" in shown
    begun = {"CMAPLAN_TODAY": str(first["starts"])}
    for step in ("choose-program", "apply-program", "coursework"):
        cli("check", step, "--on", str(first["starts"]), env=begun, code=None)
    cli("study", "score", "70", env=begun)
    assert weeks_of(begun)[0]["opens_with_test"] is True  # begun: kept as it was


def test_weeks_beside_the_externship_say_so(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2027-01-04")
    weeks = weeks_of(env)
    assert any(w["beside"] == "externship" for w in weeks)
    assert "(beside your externship: fewer hours for this)" in cli("study", env=env).stdout


def test_readiness_names_the_tests_behind_it() -> None:
    kb = load_knowledge()
    study = Study(
        target=75,
        scores=(
            Score(date(2027, 2, 26), "aama", 70, 78, 76, 60),
            Score(date(2027, 3, 15), "other", None, None, None, 77),
            Score(date(2027, 3, 20), "other", 79),
        ),
    )
    met = readiness(study, kb)
    assert met.verdict == "met"
    assert "overall 79% (2027-03-20)" in met.words
    assert "clinical competency 77% (2027-03-15)" in met.words
    assert "the full test before (on 2027-02-26, 70%) was under it" in met.words
    only_overall = readiness(
        study._replace(scores=(*study.scores[:2], Score(date(2027, 3, 20), "other", 74))), kb
    )
    assert only_overall.verdict == "below"
    assert "No area's latest score is under it" in only_overall.words
    assert "give those areas more" not in only_overall.words


def test_status_warns_when_the_exam_is_near_and_the_scores_are_low(tmp_path: Path) -> None:
    env = graduate(tmp_path, 2027)
    exam_on = date.fromisoformat(str(weeks_of(env)[-1]["ends"])) + timedelta(days=1)
    near = {"CMAPLAN_TODAY": str(exam_on - timedelta(days=20))}
    cli("study", "score", "60", "--administrative", "48", env=near)
    said = words(cli("status", env=near).stdout)
    assert "Your latest practice scores are below your target of 80% (overall 60%" in said
    far = {"CMAPLAN_TODAY": "2027-01-06"}
    assert "Your latest practice scores are below" not in cli("status", env=far).stdout


def test_undo_after_a_hand_edit_keeps_the_scores_in_order(tmp_path: Path, plan_path: Path) -> None:
    env = init_on(tmp_path, "2027-06-01")
    cli("study", "score", "60", "--on", "2027-05-20", env=env)
    cli("study", "score", "70", env=env)
    cli("study", "remove", "1", env=env)
    text = plan_path.read_text(encoding="utf-8")
    edited = text.replace(
        "scores = [\n", 'scores = [\n    { on = 2027-05-01, source = "aama", overall = 50 },\n', 1
    )
    assert edited != text
    plan_path.write_text(edited, encoding="utf-8")
    cli("undo", env=env)
    days = [s["on"] for s in json.loads(cli("study", "--json", env=env).stdout)["scores"]]
    assert days == sorted(days)
    cli("status", env=env)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["study", "target", "101"], "from 1 to 100"),
        (["study", "target", "0"], "from 1 to 100, not 0"),
        (["study", "score", "70", "--source", ""], "--source must be one of aama, other, exam"),
        (["study", "score", "9" * 500], "…"),
    ],
)
def test_edges_of_input_are_one_short_sentence(
    tmp_path: Path, plan_path: Path, args: list[str], said: str
) -> None:
    env = init_on(tmp_path, "2027-06-01")
    before = plan_path.read_bytes()
    refused = cli(*args, env=env, code=64).stderr
    assert said in refused
    assert len(refused) < 300
    assert plan_path.read_bytes() == before


def test_the_calendar_switch_says_when_nothing_changes(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2027-06-01")
    assert "from now on" in cli("study", "calendar", "on", env=env).stdout
    assert "already in" in cli("study", "calendar", "on", env=env).stdout
    cli("study", "calendar", "off", env=env)
    assert "already left out of" in cli("study", "calendar", "off", env=env).stdout


def test_the_written_exports_carry_the_scores_and_readiness(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2027-06-01")
    cli("study", "score", "66", "--clinical", "61", env=env)
    text = cli("export", "markdown", env=env).stdout
    assert "Practice score of 2027-06-01: 66% overall; clinical competency 61%" in text
    assert "Below your target of 80%" in text


@pytest.mark.parametrize(
    "args",
    [
        ["study", "--json", "score", "70"],
        ["study", "--json", "target", "85"],
        ["ceu", "--json", "list"],
        ["costs", "--json", "add", "Laptop", "600"],
    ],
)
def test_a_groups_own_option_before_one_of_its_commands_is_refused(
    tmp_path: Path, plan_path: Path, args: list[str]
) -> None:
    env = init_on(tmp_path, "2027-06-01")
    before = plan_path.read_bytes()
    refused = cli(*args, env=env, code=2).stderr
    assert f"--json is for `cmaplan {args[0]}` alone, not `cmaplan {args[0]} {args[2]}`" in refused
    assert plan_path.read_bytes() == before


# --- the second newcomer -----------------------------------------------------------------------


def test_passing_then_undo_keeps_the_weeks_studied(tmp_path: Path) -> None:
    env = graduate(tmp_path, 2027)
    weeks = weeks_of(env)
    last = {"CMAPLAN_TODAY": str(weeks[-1]["starts"])}
    cli("check", "exam-apply", "--on", str(weeks[0]["ends"]), env=last)
    before = weeks_of(last)
    cli("check", "exam", env=last)
    cli("undo", env=last)
    assert weeks_of(last) == before


@pytest.mark.parametrize("year", YEARS)
def test_next_week_previewed_is_the_week_it_becomes(tmp_path: Path, year: int) -> None:
    env = graduate(tmp_path, year, study_hours=8, experience="cna")
    weeks = weeks_of(env)
    for week in weeks[1:6]:
        monday = date.fromisoformat(str(week["starts"]))
        sunday = {"CMAPLAN_TODAY": str(monday - timedelta(days=1))}
        preview = next(w for w in weeks_of(sunday) if w["number"] == week["number"])
        now = next(
            w for w in weeks_of({"CMAPLAN_TODAY": str(monday)}) if w["number"] == week["number"]
        )
        assert (preview["kind"], preview["area"], preview["topics"]) == (
            now["kind"],
            now["area"],
            now["topics"],
        )


def test_a_retake_gets_its_own_practice_exam_and_the_old_one_keeps_its_words(
    tmp_path: Path,
) -> None:
    env = graduate(tmp_path, 2027, study_hours=6)
    weeks = weeks_of(env)
    practice = next(w for w in weeks if w["kind"] == "practice")
    applied = str(practice["ends"])
    day = {"CMAPLAN_TODAY": applied}
    cli("check", "exam-apply", "--on", applied, env=day)
    sat = date.fromisoformat(str(weeks[-1]["starts"]))
    after = {"CMAPLAN_TODAY": str(sat)}
    cli("check", "exam", "--failed", "--on", str(sat), env=after)
    again = weeks_of(after)
    kinds = [w["kind"] for w in again]
    assert kinds.count("practice") == 2  # the first attempt's, and one before the retake's
    shown = cli("study", env=after).stdout
    first = next(line for line in shown.splitlines() if f" {practice['number']}  " in line)
    assert "application is due" not in first  # a week studied keeps its own words


def test_weeks_beside_the_externship_keep_saying_so_once_it_is_done(tmp_path: Path) -> None:
    env = graduate(tmp_path, 2027)
    cli("check", "exam-apply", "--on", "2027-01-05", env=env)
    assert not any(w["beside"] for w in weeks_of(env))  # a graduate's externship is behind them
    student = init_on(tmp_path, "2027-01-04")
    weeks = weeks_of(student)
    first = next(w for w in weeks if w["beside"] == "externship")
    day = {"CMAPLAN_TODAY": str(first["ends"])}
    for step in ("choose-program", "apply-program", "coursework", "externship"):
        cli("check", step, "--on", str(first["ends"]), env=day)
    after = next(w for w in weeks_of(day) if w["number"] == first["number"])
    assert after["beside"] == "externship"  # done that week: it still shared its hours


def test_an_overdue_exam_prep_step_is_explained(tmp_path: Path) -> None:
    env = graduate(tmp_path, 2027, study_hours=20)
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    prep = next(s for s in data["steps"] if s["id"] == "exam-prep")
    late = {"CMAPLAN_TODAY": str(date.fromisoformat(prep["due"]) + timedelta(days=3))}
    cli("check", "exam-apply", "--on", late["CMAPLAN_TODAY"], env=late)
    shown = words(cli("study", env=late).stdout)
    assert f"The exam-prep step was due on {prep['due']}: mark it done" in shown


@given(st.integers(min_value=0, max_value=6), st.integers(min_value=1, max_value=80))
@settings(max_examples=40, deadline=None)
def test_a_first_week_has_three_days_at_least_and_short_plans_share_topics(
    weekday: int, hours: int
) -> None:
    from cmaplan.core.profile import parse_profile

    start = date(2027, 3, 1) + timedelta(days=weekday)
    graduated = {"graduated_on": start - timedelta(days=60)}
    profile = parse_profile(
        {**BASE, "start_date": start, "study_hours": hours, **graduated}, today=start
    )
    plan = build_plan(profile, today=start)
    study = study_plan(plan, forecast(plan, start))
    assert study is not None
    first = study.weeks[0]
    assert (first.ends - first.starts).days >= 2 or len(study.weeks) == 1
    learning = [w for w in study.weeks if w.kind == "learn"]
    if len(learning) >= len(AREAS):  # as few topics a week as one area a week allows
        sizes = [len(areas()[a].topics) for a in AREAS]
        best = min(
            max(-(-n // c) for n, c in zip(sizes, split, strict=True))
            for split in itertools.product(range(1, len(learning) + 1), repeat=len(AREAS))
            if sum(split) <= len(learning)
        )
        assert max(len(w.topics) for w in learning) <= max(best, MAX_TOPICS)
