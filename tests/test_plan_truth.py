"""The plan stays true at the edges of each rule, and as the forecast moves (issue 8).

Each section names the finding it guards against; every test here failed on the first release.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from typer.testing import CliRunner

from cmaplan.core.errors import AnswersError
from cmaplan.core.knowledge import load_knowledge, parse_knowledge
from cmaplan.core.model import Plan
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.profile import parse_profile
from cmaplan.core.schedule import forecast
from tests.conftest import BASE, EXAMPLES, TODAY, cli, make_profile, worded

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None, code: int = 0) -> Any:
    """cmaplan ARGS; the test fails unless it exits with `code` (conftest.cli)."""
    return cli(*args, code=code, env=env)


def raw_knowledge() -> dict[str, Any]:
    text = resources.files("cmaplan").joinpath("data/knowledge.toml").read_text("utf-8")
    return tomllib.loads(text)


def graduate(months_ago: int, **changes: Any) -> Plan:
    """A plan for someone who graduated `months_ago` months before TODAY, starting today."""
    graduated_on = TODAY - relativedelta(months=months_ago)
    return build_plan(
        make_profile(start_date=TODAY, graduated_on=graduated_on, **changes), today=TODAY
    )


# --- 1. The exam category and fee follow the day of application -------------------------------


@pytest.mark.parametrize(
    ("months_ago", "member", "category", "fee"),
    [
        (11, False, 1, 125),
        (11, True, 1, 125),
        (13, False, 2, 250),
        (13, True, 2, 125),
    ],
    ids=["11-months", "11-months-member", "13-months", "13-months-member"],
)
def test_category_and_fee_at_the_edge_of_the_window(
    months_ago: int, member: bool, category: int, fee: int
) -> None:
    result = forecast(graduate(months_ago, aama_member=member), TODAY)
    assert result.exam is not None
    assert (result.exam.category, result.exam.fee) == (category, fee)
    why = " ".join(result.get("exam-apply").step.why)
    assert f"Category {category} and the fee for you is ${fee}" in why
    warnings = result.get("exam-apply").warnings
    assert len(warnings) == 1  # closing within 60 days (11 months) or already closed (13)
    ends = (TODAY - relativedelta(months=months_ago) + relativedelta(months=12)).isoformat()
    assert ends in warnings[0]


def test_the_category_follows_a_slipping_application() -> None:
    """Category 1 on the day the plan is made; Category 2 once the application slips past."""
    plan = graduate(9)
    assert forecast(plan, TODAY).exam.category == 1  # type: ignore[union-attr]
    assert forecast(plan, TODAY).get("exam-apply").warnings == ()
    later = TODAY + timedelta(days=100)  # exam-apply still open, so forecast for `later`
    result = forecast(plan, later)
    assert result.exam is not None
    assert (result.exam.category, result.exam.fee) == (2, 250)
    assert result.exam.apply_on == later
    assert "Category 2" in " ".join(result.get("exam-apply").step.why)
    warning = result.get("exam-apply").warnings[0]
    assert "Category 1 ended on" in warning
    assert "the fee for you is $250" in warning


def test_the_actual_application_day_fixes_the_category() -> None:
    plan = mark(graduate(9), ["exam-apply"], done_on=TODAY + timedelta(days=5))
    result = forecast(plan, TODAY + timedelta(days=400))
    assert result.exam is not None
    assert (result.exam.category, result.exam.applied) == (1, True)
    assert result.get("exam-apply").warnings == ()


def test_a_student_whose_application_slips_a_year_after_graduating_is_in_category_2() -> None:
    plan = build_plan(make_profile(), today=TODAY)
    graduated = forecast(plan, TODAY).get("graduate").due
    plan = mark(plan, ["graduate"], done_on=graduated)
    assert forecast(plan, graduated).exam.category == 1  # type: ignore[union-attr]
    late = graduated + relativedelta(months=12, days=1)
    assert forecast(plan, late).exam.category == 2  # type: ignore[union-attr]


def test_status_and_show_say_when_the_window_closes(plan_path: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(
        "start_date = 2026-12-01\ndiploma = true\nforeign_medical_degree = false\n"
        'program = "certificate"\npace = "full-time"\ngoal = "career"\n'
        "graduated_on = 2026-01-10\n"
    )
    assert run("init", "--answers", str(answers)).exit_code == 0
    sentence = (
        "Apply by 2027-01-10 (in 45 days) to stay in Category 1 at $125; "
        "after that the fee is $250 for non-members."
    )
    assert sentence in " ".join(run("status").stdout.split())
    assert sentence in " ".join(run("show", "exam-apply").stdout.split())
    data = json.loads(run("timeline", "--json").stdout)
    apply = next(s for s in data["steps"] if s["id"] == "exam-apply")
    assert any(w.startswith("Apply by 2027-01-10") for w in apply["warnings"])
    assert data["exam"]["category1_ends"] == "2027-01-10"


# --- 2. The credential expires at the end of a month; recertify is due before it ---------------


@pytest.mark.parametrize(
    ("passed", "expires"),
    [
        (date(2027, 3, 31), date(2032, 3, 31)),
        (date(2027, 3, 1), date(2032, 3, 31)),
        (date(2027, 2, 1), date(2032, 2, 29)),  # a leap year's February
        (date(2027, 4, 30), date(2032, 4, 30)),
    ],
)
def test_expiry_is_the_end_of_the_month_of_the_exam_plus_60_months(
    passed: date, expires: date
) -> None:
    plan = mark(graduate(3), ["exam-apply", "exam"], done_on=passed)
    result = forecast(plan, passed + timedelta(days=1))
    assert result.credential is not None
    assert (result.credential.certified_on, result.credential.expires) == (passed, expires)
    assert result.credential.is_forecast is False


@pytest.mark.parametrize(
    ("route", "due"),
    [("ce", date(2032, 3, 1)), ("exam", date(2032, 1, 31))],
)
def test_recertify_is_due_before_the_expiry_by_the_routes_lead(route: str, due: date) -> None:
    plan = mark(graduate(3, recertify_by=route), ["exam-apply", "exam"], done_on=date(2027, 3, 15))
    result = forecast(plan, date(2027, 3, 20))
    assert result.get("recertify").due == due
    assert result.get("recertify").due < result.credential.expires  # type: ignore[union-attr]


def test_the_expiry_is_its_own_date_in_timeline_show_and_json(plan_path: Path) -> None:
    assert run("init", "--answers", str(EXAMPLES / "recent-graduate.toml")).exit_code == 0
    assert run("check", "exam-apply", "exam", "--on", "2026-11-02").exit_code == 0
    data = json.loads(run("timeline", "--json").stdout)
    assert data["credential"] == {
        "certified_on": "2026-11-02",
        "renewed_on": None,
        "expires": "2031-11-30",
        "forecast": False,
        "route": "ce",
    }
    recertify = next(s for s in data["steps"] if s["id"] == "recertify")
    assert recertify["expires"] == "2031-11-30"
    assert recertify["due"] == "2031-10-31"
    assert re.search(r"CMA \(AAMA\) expires\s+2031-11-30", run("timeline").stdout)
    assert "The credential expires on 2031-11-30." in run("show", "recertify").stdout
    assert "current until 2031-11-30" in run("status").stdout


def test_the_plan_says_what_a_lapse_and_a_third_failure_mean() -> None:
    plan = build_plan(make_profile(), today=TODAY)
    recert = " ".join(worded(plan)["recertify"].why)
    assert "more than about 3 months (to the end of the third month after the expiry)" in recert
    assert "the next 60 months count from the end of the month you renew in" in recert
    assert "$50 reactivation fee" in recert
    exam = " ".join(worded(plan)["exam"].why)
    assert "3 attempts" in exam
    assert "third failed attempt" in exam
    assert "until you complete an accredited program again" in exam
    assert "never recertify" not in exam


# --- 3. The accredited program is the standard route; a pilot may exist ------------------------


def test_choose_program_names_the_alternative_pathway_and_says_to_check_it() -> None:
    why = " ".join(worded(build_plan(make_profile(), today=TODAY))["choose-program"].why)
    assert "nothing else replaces" not in why
    assert "standard way" in why
    assert "Alternative Pathway (Category 4, once called the pilot)" in why
    assert "560 hours" in why  # the pathway's hours, from the knowledge base
    assert "before you may register" in why
    assert "still open" in why


# --- 4. Every second-hand fact keeps its label -------------------------------------------------


def test_list_facts_keep_their_label_on_every_item() -> None:
    plan = build_plan(make_profile(experience="military"), today=TODAY)
    items = [i for i in worded(plan)["other-credentials"].checklist if "(" in i and "):" in i]
    assert len(items) == 4  # RMA, CCMA, NCMA and CMAC
    assert all(i.endswith("(to confirm).") for i in items)


def test_secondary_facts_are_labelled_even_without_verify() -> None:
    kb = load_knowledge()
    secondary = [f for f in kb.facts.values() if f.sure == "secondary"]
    assert secondary
    for fact in (f for f in secondary if f.unit != "list"):
        cases = list(fact.value) if isinstance(fact.value, dict) else [None]
        assert all(fact.render(case).endswith("(to confirm)") for case in cases), fact.name


def test_sureness_must_agree_with_the_sources() -> None:
    data = raw_knowledge()
    broken = copy.deepcopy(data)
    broken["facts"]["certificate_months"]["sure"] = "official"  # sourced from a seed only
    with pytest.raises(ValueError, match="certificate_months"):
        parse_knowledge(broken)
    broken = copy.deepcopy(data)
    broken["facts"]["accreditors"]["sure"] = "seed"  # has an official source too
    with pytest.raises(ValueError, match="accreditors"):
        parse_knowledge(broken)


# --- 5. People see titles and page addresses, never file names ---------------------------------

INTERNAL = re.compile(r"seed|\.txt|knowledge\.toml|\{|\}|_[a-z]+_|cmaplan developers\b(?!\))", re.I)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_show_never_shows_internal_names(example: Path, plan_path: Path) -> None:
    assert run("init", "--answers", str(example), "--force").exit_code == 0
    ids = [s["id"] for s in json.loads(run("timeline", "--json").stdout)["steps"]]
    for step_id in ids:
        out = run("show", step_id, env={"COLUMNS": "200"}).stdout
        assert not INTERNAL.search(out), (step_id, INTERNAL.search(out))
        if "Sources" in out:
            assert "source document" in out or "www." in out or "(" in out


def test_sources_cite_specific_pages() -> None:
    kb = load_knowledge()
    for source in kb.sources.values():
        if source.where.startswith("https://www.aama-ntl.org"):
            assert source.where.count("/") >= 3 or source.id == "aama-eligibility", source.id
        assert "seeds/" not in source.where


# --- 6. Rules live in the knowledge data ------------------------------------------------------


def test_the_fee_and_category_rules_come_from_the_data() -> None:
    data = raw_knowledge()
    data["facts"]["exam_fee"]["value"]["2-nonmember"] = 300
    data["facts"]["category1_months"]["value"] = 24
    kb = parse_knowledge(data)
    plan = build_plan(make_profile(graduated_on=date(2025, 6, 1)), today=TODAY, kb=kb)
    assert forecast(plan, TODAY, kb).exam.category == 1  # type: ignore[union-attr]
    data["facts"]["category1_months"]["value"] = 12
    kb = parse_knowledge(data)
    plan = build_plan(make_profile(graduated_on=date(2025, 6, 1)), today=TODAY, kb=kb)
    assert forecast(plan, TODAY, kb).exam.fee == 300  # type: ignore[union-attr]


def test_the_expiry_rule_comes_from_the_data() -> None:
    data = raw_knowledge()
    data["facts"]["recert_months"]["value"] = 36
    kb = parse_knowledge(data)
    plan = mark(
        build_plan(make_profile(graduated_on=date(2026, 6, 1)), today=TODAY, kb=kb),
        ["exam"],
        done_on=date(2027, 3, 15),
    )
    assert forecast(plan, date(2027, 3, 16), kb).credential.expires == date(2030, 3, 31)  # type: ignore[union-attr]


def test_the_residency_rule_comes_from_the_data() -> None:
    data = raw_knowledge()
    with pytest.raises(AnswersError, match="physicians trained abroad"):
        parse_profile({**BASE, "goal": "residency"}, kb=parse_knowledge(data))
    data["rules"]["profile"]["requires"] = []
    profile = parse_profile({**BASE, "goal": "residency"}, kb=parse_knowledge(data))
    assert profile.goal == "residency"


# --- 7. Weekly study hours shape the study steps ----------------------------------------------


@pytest.mark.parametrize("pace", ["full-time", "part-time"])
@pytest.mark.parametrize(
    ("hours", "factor"),
    [(5, 2.0), (20, 0.75), (40, 0.5)],  # 15 hours a week is the reference; limits 0.5 to 2
)
def test_study_hours_scale_exam_preparation(pace: str, hours: int, factor: float) -> None:
    plan = build_plan(make_profile(pace=pace, study_hours=hours), today=TODAY)
    duration = plan.step("exam-prep").duration
    assert duration.factor == pytest.approx(factor)
    assert duration.is_estimate
    assert f"about {hours} hours a week" in " ".join(worded(plan)["exam-prep"].why)


def test_more_hours_make_the_usmle_block_shorter() -> None:
    def usmle_days(hours: int) -> int:
        plan = build_plan(
            make_profile(foreign_medical_degree=True, goal="residency", study_hours=hours),
            today=TODAY,
        )
        item = forecast(plan, TODAY).get("usmle")
        return (item.due - item.start).days

    assert usmle_days(5) > usmle_days(20) > usmle_days(40)


def test_without_an_answer_the_pace_sets_the_hours() -> None:
    full = worded(build_plan(make_profile(), today=TODAY))["exam-prep"]
    part = worded(build_plan(make_profile(pace="part-time"), today=TODAY))["exam-prep"]
    assert "about 20 hours a week" in " ".join(full.why)
    assert "about 10 hours a week" in " ".join(part.why)
    assert part.duration.factor > full.duration.factor


def test_full_time_with_few_hours_is_flagged() -> None:
    from cmaplan.core.schedule import headline_notes

    few = build_plan(make_profile(study_hours=14), today=TODAY)
    notes = headline_notes(few, forecast(few, TODAY))
    assert any("full-time study with 14 hours a week" in n for n in notes)
    assert forecast(few, TODAY).get("coursework").warnings
    part = build_plan(make_profile(pace="part-time", study_hours=5), today=TODAY)
    assert not any("full-time" in n for n in headline_notes(part, forecast(part, TODAY)))
    # Once the coursework is done (or for a graduate, who has none), the warning has no place.
    done = mark(few, ["coursework"], done_on=TODAY)
    assert not any("full-time" in n for n in headline_notes(done, forecast(done, TODAY)))
    graduate_plan = graduate(3, study_hours=14)
    assert not any(
        "full-time" in n for n in headline_notes(graduate_plan, forecast(graduate_plan, TODAY))
    )


# --- 8. Impossible profiles are refused; what follows is implied -------------------------------


def test_a_medical_degree_implies_secondary_school() -> None:
    profile = make_profile(foreign_medical_degree=True, diploma=False)
    assert profile.diploma is True
    assert "diploma" not in build_plan(profile, today=TODAY).ids


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"diploma": False, "diploma_by": date(2026, 6, 1)}, "diploma_by = 2026-06-01"),
        ({"start_date": date(2056, 1, 1)}, "start_date = 2056-01-01"),
        ({"diploma": False, "diploma_by": date(2040, 1, 1)}, "more than 5 years away"),
        ({"graduated_on": date(1901, 1, 1)}, "1950-01-01 or later"),
        ({"goal": "residency"}, 'goal = "residency" is not allowed without'),
    ],
    ids=["diploma-by-past", "start-decades-ahead", "diploma-by-far", "ancient", "residency"],
)
def test_impossible_answers_are_refused(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(AnswersError) as caught:
        make_profile(**changes)
    assert words in caught.value.message
    assert caught.value.exit_code == 65


def test_init_refuses_an_impossible_profile_with_65_and_writes_nothing(
    plan_path: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(
        "start_date = 2027-01-04\ndiploma = false\ndiploma_by = 2026-06-01\n"
        'foreign_medical_degree = false\nprogram = "certificate"\npace = "full-time"\n'
        'goal = "career"\n'
    )
    result = run("init", "--answers", str(answers), code=65)
    assert result.exit_code == 65
    assert len(result.stderr.strip().splitlines()) == 1
    assert "diploma_by = 2026-06-01 is not allowed" in result.stderr
    assert not plan_path.exists()


def test_an_old_plan_whose_diploma_day_has_passed_still_reads(plan_path: Path) -> None:
    """The checks against today apply to new answers, not to a plan file made earlier."""
    assert run("init", "--answers", str(EXAMPLES / "high-school-student.toml")).exit_code == 0
    assert run("status", env={"CMAPLAN_TODAY": "2028-01-01"}).exit_code == 0


# --- 10. The plan speaks to the person it is for ----------------------------------------------


def test_a_working_ma_moves_into_a_cma_role() -> None:
    plan = build_plan(make_profile(experience="uncertified-ma"), today=TODAY)
    assert worded(plan)["job-search"].title == "Move into a CMA role"
    assert "ask your employer" in " ".join(worded(plan)["job-search"].why)
    assert "fit around your job" in " ".join(worded(plan)["externship"].why)
    assert plan.finish_label == "CMA role"
    assert "first CMA job" not in " ".join(worded(plan)["job-search"].why)


@pytest.mark.parametrize("goal", ["career", "nursing", "management", "residency"])
def test_every_img_learns_that_some_hospitals_do_not_hire_physicians_as_mas(goal: str) -> None:
    plan = build_plan(make_profile(foreign_medical_degree=True, goal=goal), today=TODAY)
    assert "employer-policy" in plan.ids
    letters = any("letters" in i for i in worded(plan)["employer-policy"].checklist)
    assert letters is (goal == "residency")


# --- 11. The residency goal follows the yearly cycle ------------------------------------------


@pytest.mark.parametrize("start", [date(2027, 1, 4), date(2027, 6, 1), date(2027, 10, 1)])
def test_residency_dates_follow_the_yearly_cycle(start: date) -> None:
    profile = make_profile(foreign_medical_degree=True, goal="residency", start_date=start)
    result = forecast(build_plan(profile, today=TODAY), TODAY)
    ready = max(result.get("usmle").due, result.get("letters").due)
    season = result.get("residency-apply").due
    assert (season.month, season.day) == (9, 15)
    assert ready <= season < ready + relativedelta(years=1)  # the first season within reach
    match = result.get("match").due
    assert (match.month, match.day, match.year) == (3, 20, season.year + 1)
    begins = result.get("residency-start").due
    assert (begins.month, begins.day, begins.year) == (7, 1, season.year + 1)


def test_residency_dates_are_labelled_approximate(plan_path: Path) -> None:
    assert run("init", "--answers", str(EXAMPLES / "img-residency.toml")).exit_code == 0
    out = run("show", "residency-apply").stdout
    assert "approximate" in out
    timeline = run("timeline", env={"COLUMNS": "140"}).stdout
    assert "residency-apply" in timeline
    assert "≈Sep 15" in timeline


# --- 12. The IMG's whole-route range is shown beside the forecast -----------------------------


def test_status_and_init_compare_the_route_with_the_guides_range(plan_path: Path) -> None:
    result = run("init", "--answers", str(EXAMPLES / "img-residency.toml"))
    assert "usually take 1.5–2.5 years" in result.stdout
    assert "usually take 1.5–2.5 years" in " ".join(run("status").stdout.split())
    run("init", "--answers", str(EXAMPLES / "undecided-cna.toml"), "--force")
    assert "1.5–2.5 years" not in run("status").stdout


def test_the_interview_summary_shows_the_range() -> None:
    from cmaplan.views.summary import summary

    plan = build_plan(make_profile(foreign_medical_degree=True), today=TODAY)
    lines = summary(plan.profile, plan, forecast(plan, TODAY))
    assert any("1.5–2.5 years" in line and "your plan takes" in line for line in lines)


# --- found by review: the edges between the rules -----------------------------------------------


def test_a_window_still_open_today_is_closing_not_closed() -> None:
    """The forecast application falls after the window, but today the person can still make it."""
    plan = build_plan(
        make_profile(start_date=date(2026, 12, 1), graduated_on=date(2025, 12, 5)),
        today=date(2026, 12, 1),
    )
    result = forecast(plan, date(2026, 12, 1))
    (warning,) = result.get("exam-apply").warnings
    assert warning.startswith("Apply by 2026-12-05 (in 4 days) to stay in Category 1 at $125")
    assert "closed" not in warning
    assert "ended" not in warning
    on_the_day = forecast(plan, date(2026, 12, 5)).get("exam-apply").warnings
    assert on_the_day[0].startswith("Apply by 2026-12-05 (today)")


def test_the_interview_asks_about_membership_when_the_forecast_is_category_2() -> None:
    from cmaplan.interview.flow import run_interview

    asked: list[str] = []
    replies = {
        "foreign_medical_degree": False,
        "diploma": True,
        "experience": "none",
        "_graduated": True,
        "graduated_on": date(2025, 11, 25),  # the window closed 6 days before the start
        "goal": "career",
        "start_date": date(2026, 12, 1),
    }

    def ask(question: Any, default: Any, options: Any, answers: Any) -> Any:
        asked.append(question.key)
        return replies.get(question.key, default)

    run_interview(ask, previous=None, today=date(2026, 12, 1), tell=lambda _: None)
    assert "aama_member" in asked


def test_a_missed_residency_season_moves_to_the_next_year() -> None:
    plan = build_plan(make_profile(foreign_medical_degree=True, goal="residency"), today=TODAY)
    before = [
        s.id for s in plan.steps if s.id not in ("residency-apply", "match", "residency-start")
    ]
    plan = mark(plan, [i for i in before if i != "recertify"], done_on=date(2029, 8, 1))
    result = forecast(plan, date(2030, 2, 1))
    assert result.get("residency-apply").due == date(2030, 9, 15)
    assert result.get("match").due == date(2031, 3, 20)
    assert result.get("residency-start").due == date(2031, 7, 1)


def test_a_lapsed_credential_says_so_and_what_renewal_now_takes() -> None:
    plan = mark(graduate(3), ["exam-apply", "exam"], done_on=date(2020, 1, 1))
    within = forecast(plan, date(2025, 2, 15))  # expired 2025-01-31, 15 days ago
    (warning,) = within.get("recertify").warnings
    assert "expired on 2025-01-31" in warning
    assert "Renew by 2025-04-30" in warning  # three months, to the end of a month
    assert "may not use the title" in warning
    lapsed = forecast(plan, date(2026, 12, 1))
    (warning,) = lapsed.get("recertify").warnings
    assert "no longer counts" in warning
    assert "$50 reactivation fee" in warning


def test_renewing_starts_a_new_period() -> None:
    plan = mark(graduate(3), ["exam-apply", "exam"], done_on=date(2021, 12, 15))
    plan = plan._replace(renewals=(date(2026, 11, 1),))
    credential = forecast(plan, date(2026, 11, 26)).credential
    assert credential is not None
    assert credential.renewed_on == date(2026, 11, 1)
    assert credential.expires == date(2031, 11, 30)


def test_a_deadline_years_away_does_not_head_the_next_steps() -> None:
    from cmaplan.core.schedule import next_actions

    plan = mark(graduate(3), ["exam-apply", "exam-prep", "exam"], done_on=TODAY)
    result = forecast(plan, TODAY)
    assert result.get("recertify").status.value == "upcoming"
    assert next_actions(result)[0].step.id != "recertify"


def test_a_graduate_has_a_diploma_and_no_program_suggestion() -> None:
    profile = make_profile(
        diploma=False, diploma_by=date(2027, 6, 1), graduated_on=date(2026, 6, 1)
    )
    assert (profile.diploma, profile.diploma_by) == (True, None)
    undecided = make_profile(program="undecided", graduated_on=date(2026, 6, 1))
    assert build_plan(undecided, today=TODAY).recommendation is None


def test_a_closed_pipe_is_not_an_internal_error(plan_path: Path) -> None:
    import subprocess
    import sys

    assert run("init", "--answers", str(EXAMPLES / "img-residency.toml")).exit_code == 0
    for args in (["timeline", "--json"], ["timeline"], ["status"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "cmaplan", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**__import__("os").environ, "CMAPLAN_PLAN": str(plan_path)},
        )
        assert proc.stdout is not None
        proc.stdout.close()  # the reader goes away before cmaplan writes
        _, err = proc.communicate()
        assert proc.returncode == 1, (args, err)
        assert b"internal error" not in err
        assert b"Traceback" not in err


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_days_at_the_ends_of_the_calendar_are_refused(day: str, plan_path: Path) -> None:
    assert run("init", "--answers", str(EXAMPLES / "img-residency.toml")).exit_code == 0
    result = run("status", env={"CMAPLAN_TODAY": day}, code=64)
    assert result.exit_code == 64
    assert "out of range" in result.stderr
    result = run("check", "transcripts", "--on", day, code=64)
    assert result.exit_code == 64
    assert "Traceback" not in result.stderr


def test_the_takes_column_is_never_cut(plan_path: Path) -> None:
    assert run("init", "--answers", str(EXAMPLES / "part-time-career-changer.toml")).exit_code == 0
    for columns in ("100", "140"):
        out = run("timeline", env={"COLUMNS": columns}).stdout
        assert "m…" not in out
        assert re.search(r"\d+–\d+ mo", out)


def test_a_missed_yearly_season_is_said_not_rolled_on_in_silence(plan_path: Path) -> None:
    """An IMG ready to apply for residency by 2029-09-15 who has not: ten days later the
    application is due a year on, and the step and status say why."""
    run("init", "--example", "img-residency")
    before_residency = [
        "transcripts", "translation", "credential-eval", "choose-program", "apply-program",
        "coursework", "externship", "graduate", "exam-apply", "exam-prep", "exam", "resume",
        "employer-policy", "job-search", "first-job", "letters", "usmle",
    ]  # fmt: skip
    for step_id in before_residency:
        run("check", step_id, "--on", "2029-08-01", env={"CMAPLAN_TODAY": "2029-09-01"})
    soon = run("show", "residency-apply", env={"CMAPLAN_TODAY": "2029-09-10"}).stdout
    assert "due 2029-09-15" in soon
    assert "season of" not in soon
    later = {"CMAPLAN_TODAY": "2029-09-25"}
    shown = run("show", "residency-apply", env=later).stdout
    assert "due 2030-09-15" in shown
    assert "The season of 2029-09-15 passed without this step done" in shown
    status = run("status", env=later).stdout
    assert "The season of 2029-09-15 passed" in status
    # The goal beyond the first job has its own finish line and drift, like the first job.
    assert "Start residency training: expected 2031-07-01" in " ".join(status.split())
    assert "Planned 2030-07-01 → forecast 2031-07-01: about 12 months later" in status
    two_years_on = run("show", "residency-apply", env={"CMAPLAN_TODAY": "2031-10-01"}).stdout
    assert "The season of 2031-09-15 passed" in two_years_on  # the latest one, not the first
    assert "the next the plan can make is 2032-09-15" in " ".join(two_years_on.split())
    goal = json.loads(run("status", "--json", env=later).stdout)["goal"]
    assert goal["step"] == "residency-start"
    assert (goal["planned"], goal["expected"], goal["moved_days"]) == (
        "2030-07-01",
        "2031-07-01",
        365,
    )
    steps = json.loads(run("timeline", "--json", env=later).stdout)["steps"]
    warned = next(s for s in steps if s["id"] == "residency-apply")["warnings"]
    assert warned == [
        "The season of 2029-09-15 passed without this step done: the next the plan can make is "
        "2030-09-15, and "
        'every step after it moves with it ("Start residency training" now 2031-07-01).'
    ]
