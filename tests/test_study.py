"""Issue #24: the months before the exam. The exam's content as data, a dated week-by-week
study plan sized and weighted by the person, practice scores with their trend, readiness
against the person's own target, and the study in status, timeline and the exports; every
bad input one sentence with nothing written. Across the years, not one pinned day."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.practice import AREAS, Score, Study
from cmaplan.core.readiness import readiness
from cmaplan.core.studyplan import areas, weights
from tests.conftest import cli, init_on, make_profile

YEARS = [2026, 2029, 2032]


def words(text: str) -> str:
    return " ".join(text.split())


def study(env: dict[str, str]) -> dict[str, object]:
    data: dict[str, object] = json.loads(cli("study", "--json", env=env).stdout)
    return data


def steps(env: dict[str, str]) -> dict[str, dict[str, str]]:
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    return {s["id"]: s for s in data["steps"]}


# --- the exam's content, as data ------------------------------------------------------------


def test_the_exams_areas_have_topics_and_shares_marked_to_confirm() -> None:
    kb = load_knowledge()
    share = kb.fact("exam_area_share")
    assert sum(int(share.number(a.value)) for a in AREAS) == 100
    assert all(share.render(a.value).endswith("(to confirm)") for a in AREAS)  # not on the page
    assert "aama-content-outline" in share.sources
    assert all(len(areas()[a].topics) >= 5 for a in AREAS)
    assert kb.fact("exam_segments").sure == "official"  # the AAMA's "about the exam" page
    assert kb.sources[kb.fact("exam_segment_minutes").sources[0]].kind == "official"


def test_the_largest_share_is_clinical_competency_for_everyone_without_scores() -> None:
    kb = load_knowledge()
    for answers in (
        {"foreign_medical_degree": True},
        {},
        {"experience": "cna"},
        {"experience": "military"},
        {"experience": "uncertified-ma"},
    ):
        shares = weights(make_profile(**answers), Study(), kb)
        assert max(shares, key=lambda a: shares[a]).value == "clinical", answers


def test_an_img_gives_the_administrative_side_more_time_than_a_school_leaver() -> None:
    kb = load_knowledge()
    img = weights(make_profile(foreign_medical_degree=True), Study(), kb)
    new = weights(make_profile(), Study(), kb)
    assert img["administrative"] > new["administrative"]  # type: ignore[index]
    assert new["clinical"] > img["clinical"]  # type: ignore[index]


def test_a_weak_area_gets_more_time_once_scored() -> None:
    kb = load_knowledge()
    profile = make_profile()
    before = weights(profile, Study(), kb)
    scored = Study(scores=(Score(date(2027, 1, 1), "aama", 70, 85, 55, 82),))
    after = weights(profile, scored, kb)
    assert after["administrative"] > before["administrative"]  # type: ignore[index]
    assert after["general"] < before["general"]  # type: ignore[index]  # at its target
    assert abs(sum(after.values()) - 1) < 1e-9


# --- the plan, week by week -----------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_the_weeks_run_from_exam_prep_to_the_exam_with_review_and_practice(
    tmp_path: Path, year: int
) -> None:
    env = init_on(tmp_path, f"{year}-01-04")
    dated = steps(env)
    plan = study(env)["plan"]
    assert isinstance(plan, dict)
    assert plan["starts"] == dated["exam-prep"]["start"]
    assert plan["exam_on"] == dated["exam"]["due"]
    weeks = plan["weeks"]
    assert weeks[0]["starts"] == plan["starts"]
    assert weeks[-1]["kind"] == "final"
    assert date.fromisoformat(weeks[-1]["ends"]) < date.fromisoformat(plan["exam_on"])
    for before, after in itertools.pairwise(weeks):  # Monday to Sunday after the first
        assert date.fromisoformat(after["starts"]).weekday() == 0
        assert date.fromisoformat(after["starts"]) - date.fromisoformat(before["ends"]) == (
            timedelta(days=1)
        )
    practice = [w for w in weeks if w["kind"] == "practice"]
    assert len(practice) == 1  # before the application is due
    assert date.fromisoformat(practice[0]["ends"]) < date.fromisoformat(plan["apply_by"])
    learned = {w["area"] for w in weeks if w["kind"] == "learn"}
    assert learned == {"general", "administrative", "clinical"}
    run = 0
    for week in weeks:
        run = run + 1 if week["kind"] == "learn" else 0
        assert run <= 4  # a review at least after every four weeks of new topics


@pytest.mark.parametrize("hours", [5, 15, 40])
def test_every_topic_of_an_area_is_planned_and_the_length_follows_the_hours(
    tmp_path: Path, hours: int
) -> None:
    env = init_on(tmp_path, "2027-01-04", study_hours=hours)
    plan = study(env)["plan"]
    assert isinstance(plan, dict)
    assert plan["hours_a_week"] == hours
    for area in AREAS:
        planned = {t for w in plan["weeks"] if w["area"] == area.value for t in w["topics"]}
        assert planned == set(areas()[area].topics), (hours, area)


def test_fewer_hours_make_more_weeks(tmp_path: Path) -> None:
    counts = []
    for hours in (40, 15, 6):
        env = init_on(tmp_path, "2027-01-04", study_hours=hours)
        plan = study(env)["plan"]
        assert isinstance(plan, dict)
        counts.append(len(plan["weeks"]))
    assert counts[0] < counts[1] < counts[2]


@pytest.mark.parametrize("year", YEARS)
def test_the_plan_follows_the_exam_when_it_moves(tmp_path: Path, year: int) -> None:
    env = init_on(tmp_path, f"{year}-01-04")
    first = study(env)["plan"]
    assert isinstance(first, dict)
    later = {"CMAPLAN_TODAY": str(date.fromisoformat(first["starts"]) + timedelta(days=120))}
    moved = study(later)["plan"]  # nothing done since: the steps before it slipped, and it too
    assert isinstance(moved, dict)
    assert moved["exam_on"] > first["exam_on"]
    assert moved["starts"] >= first["starts"]


@pytest.mark.parametrize("year", YEARS)
def test_status_and_timeline_say_this_weeks_focus_while_it_runs(tmp_path: Path, year: int) -> None:
    env = init_on(tmp_path, f"{year}-01-04")
    plan = study(env)["plan"]
    assert isinstance(plan, dict)
    assert "Study, week" not in cli("status", env=env).stdout  # months before it starts
    third = plan["weeks"][2]
    during = {"CMAPLAN_TODAY": third["starts"]}
    for steps_done in ("choose-program", "apply-program", "coursework", "externship"):
        cli("check", steps_done, "--on", third["starts"], env=during, code=None)
    now = study(during)["plan"]
    assert isinstance(now, dict)
    assert now["this_week"] is not None
    line = f"Study, week {now['this_week']} of {len(now['weeks'])}:"
    assert line in words(cli("status", env=during).stdout)
    timeline = cli("timeline", env=during).stdout  # a row of the exam phase, under exam-prep
    rows = timeline.splitlines()
    prep = next(n for n, row in enumerate(rows) if " exam-prep " in row)
    assert f"week {now['this_week']} of {len(now['weeks'])}:" in rows[prep + 1]
    assert "Study, week" not in timeline
    status = json.loads(cli("status", "--json", env=during).stdout)
    assert status["study_this_week"].startswith(line)


def test_a_plan_with_the_exam_passed_has_no_weeks(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04", graduated_on=date(2026, 6, 1))
    cli("check", "exam-apply", "--on", "2026-12-04", env=env)
    later = {"CMAPLAN_TODAY": "2027-02-10"}
    cli("check", "exam", "--on", "2027-02-09", env=later)
    assert study(later)["plan"] is None
    shown = words(cli("study", env=later).stdout)
    assert "You passed the exam on 2027-02-09" in shown
    assert "Below your target" not in shown
    assert "Record a test" not in shown


# --- practice scores ------------------------------------------------------------------------


def test_a_score_is_recorded_shown_with_its_trend_and_taken_back_by_undo(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2027-06-01")
    said = cli("study", "score", "61", "--administrative", "48", "--on", "2027-05-20", env=env)
    assert (
        "Recorded a practice score of 2027-05-20: 61% overall; administrative 48%." in said.stdout
    )
    assert "Below your target of 80%" in said.stdout
    cli("study", "score", "74%", "--administrative", "66", "--source", "aama", env=env)
    shown = words(cli("study", env=env).stdout)
    assert "overall 61% → 74% (+13)" in shown
    assert "administrative 48% → 66% (+18)" in shown
    assert "the AAMA's practice exam" in shown
    data = study(env)
    assert [s["overall"] for s in data["scores"]] == [61, 74]  # type: ignore[index]
    cli("undo", env=env)
    assert [s["overall"] for s in study(env)["scores"]] == [61]  # type: ignore[index]


def test_scores_keep_the_order_of_their_days(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2027-06-01")
    cli("study", "score", "70", "--on", "2027-05-20", env=env)
    cli("study", "score", "60", "--on", "2027-05-01", env=env)
    assert [s["on"] for s in study(env)["scores"]] == ["2027-05-01", "2027-05-20"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["101"], 'PERCENT "101" is not a whole percent from 0 to 100'),
        (["-5"], None),
        (["72.5"], 'PERCENT "72.5" is not a whole percent'),
        (["70", "--clinical", "abc"], '--clinical "abc" is not a whole percent'),
        (["70", "--on", "2027-06-02"], "is after today (2027-06-01)"),
        (["70", "--on", "2027-02-30"], "2027-02-30"),
        (["70", "--source", "nha"], "--source must be one of aama, other, exam"),
        ([], "give the overall percent, an area's"),
        (["70", "--area", "general"], None),
    ],
)
def test_a_bad_score_is_one_sentence_and_nothing_is_written(
    tmp_path: Path, plan_path: Path, args: list[str], said: str | None
) -> None:
    env = init_on(tmp_path, "2027-06-01")
    before = plan_path.read_bytes()
    refused = cli("study", "score", *args, env=env, code=None)
    assert refused.exit_code in (2, 64)
    assert refused.stderr.startswith("cmaplan: ")
    assert refused.stderr.count("\n") == 1
    if said:
        assert said in refused.stderr
    assert plan_path.read_bytes() == before


def test_remove_target_and_their_refusals(tmp_path: Path, plan_path: Path) -> None:
    env = init_on(tmp_path, "2027-06-01")
    cli("study", "score", "70", env=env)
    assert (
        "there is no practice score 2 (the plan has only 1)"
        in cli("study", "remove", "2", env=env, code=64).stderr
    )
    before = plan_path.read_bytes()
    assert "from 1 to 100, not 0" in cli("study", "target", "0", env=env, code=64).stderr
    assert "give on or off" in cli("study", "calendar", "maybe", env=env, code=64).stderr
    assert plan_path.read_bytes() == before
    out = cli("study", "target", "70", env=env).stdout
    assert "Your latest scores meet your target of 70%" in out
    assert "promises no pass" in out
    cli("study", "remove", "1", env=env)
    assert study(env)["scores"] == []


def test_readiness_is_never_a_promise() -> None:
    kb = load_knowledge()
    none = readiness(Study(), kb)
    assert none.verdict == "unmeasured"
    assert "No practice scores yet" in none.words
    met = readiness(Study(target=70, scores=(Score(date(2027, 1, 1), "aama", 75, 71, 80, 90),)), kb)
    assert met.verdict == "met"
    assert "promises no pass" in met.words
    part = readiness(Study(scores=(Score(date(2027, 1, 1), "other", None, None, None, 90),)), kb)
    assert part.verdict == "met"
    assert "no test has scored General and Administrative yet" in part.words
    for result in (none, met, part):
        assert "will pass" not in result.words
        assert "ready to pass" not in result.words


def test_a_failed_attempts_score_report_feeds_the_next_plan(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04", graduated_on=date(2026, 6, 1))
    cli("check", "exam-apply", "--on", "2026-12-04", env=env)
    later = {"CMAPLAN_TODAY": "2027-02-10"}
    cli("check", "exam", "--failed", "--on", "2027-02-09", env=later)
    before = study(later)["plan"]
    cli("study", "score", "--administrative", "40", "--clinical", "85", "--general", "80",
        "--on", "2027-02-09", "--source", "exam", env=later)  # fmt: skip
    after = study(later)["plan"]
    assert isinstance(before, dict)
    assert isinstance(after, dict)
    assert after["weights"]["administrative"] > before["weights"]["administrative"]
    assert "a score report of a real attempt" in cli("study", env=later).stdout


# --- the calendar, opt-in, and the written exports --------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_study_weeks_are_calendar_events_only_when_asked(tmp_path: Path, year: int) -> None:
    env = init_on(tmp_path, f"{year}-01-04")
    out = tmp_path / "plan.ics"

    def study_events() -> list[object]:
        cli("export", "ics", "-o", str(out), env=env)
        cal = Calendar.from_ical(out.read_bytes())
        return [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("study-week-")]

    assert study_events() == []
    cli("study", "calendar", "on", env=env)
    events = study_events()
    plan = study(env)["plan"]
    assert isinstance(plan, dict)
    assert len(events) == len(plan["weeks"])
    first = events[0]
    assert first.decoded("DTSTART") == date.fromisoformat(plan["weeks"][0]["starts"])  # type: ignore[attr-defined]
    ends = date.fromisoformat(plan["weeks"][0]["ends"])
    assert first.decoded("DTEND") == ends + timedelta(days=1)  # type: ignore[attr-defined]
    assert str(first["TRANSP"]) == "TRANSPARENT"  # type: ignore[index]
    cli("study", "calendar", "off", env=env)
    assert study_events() == []


def test_the_written_exports_list_the_weeks(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2027-01-04")
    text = cli("export", "markdown", env=env).stdout
    assert "## Studying for the exam, week by week" in text
    assert "- Week 1, from " in text
    page = cli("export", "html", env=env).stdout
    assert "<h2>Studying for the exam, week by week</h2>" in page


# --- the plan file ----------------------------------------------------------------------------


def test_the_study_table_is_read_back_and_unknown_keys_are_refused(
    tmp_path: Path, plan_path: Path
) -> None:
    env = init_on(tmp_path, "2027-06-01")
    cli("study", "score", "70", "--general", "65", "--source", "aama", env=env)
    cli("study", "target", "85", env=env)
    text = plan_path.read_text(encoding="utf-8")
    assert "[study]" in text
    assert "target = 85" in text
    assert "overall = 70, general = 65" in text
    plan_path.write_text(text.replace("target = 85", "target = 85\nmood = 3"), encoding="utf-8")
    refused = cli("status", env=env, code=65).stderr
    assert '[study]: unknown key "mood"; cmaplan would drop it on the next save' in refused
    plan_path.write_text(text.replace('source = "aama"', 'source = "guess"'), encoding="utf-8")
    assert "source" in cli("status", env=env, code=65).stderr
    plan_path.write_text(text.replace("overall = 70", "overall = 170"), encoding="utf-8")
    assert "overall" in cli("status", env=env, code=65).stderr


def test_the_file_shows_the_weeks_and_reads_a_file_without_them(
    tmp_path: Path, plan_path: Path
) -> None:
    import tomllib

    import tomli_w

    env = init_on(tmp_path, "2027-06-01")
    document = tomllib.loads(plan_path.read_text(encoding="utf-8"))
    plan = study(env)["plan"]
    assert isinstance(plan, dict)
    weeks = document["study"]["weeks"]  # written for the person to read
    assert weeks[0]["from"] == date.fromisoformat(plan["starts"])
    assert [w["week"] for w in weeks] == list(range(1, len(plan["weeks"]) + 1))
    assert set(document["study"]) == {"weeks"}  # nothing set: no target, no scores
    del document["study"]  # a plan file as written before #24
    plan_path.write_text(tomli_w.dumps(document), encoding="utf-8")
    assert study(env)["scores"] == []
    cli("study", "score", "70", env=env)  # the next save writes the weeks again
    again = tomllib.loads(plan_path.read_text(encoding="utf-8"))["study"]
    assert [w["from"] for w in again["weeks"]] == [w["from"] for w in weeks]
    assert again["scores"][0]["overall"] == 70
