"""The planner: which steps apply, how they are dated, and how the plan re-forecasts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from cmaplan.core.drift import original_forecast
from cmaplan.core.model import Program, Progress, Status
from cmaplan.core.naming import unknown_step_message
from cmaplan.core.planner import build_plan, mark, rebuild, with_progress
from cmaplan.core.schedule import forecast, next_open
from tests.conftest import TODAY, make_profile, worded

ALWAYS = {
    "choose-program",
    "apply-program",
    "coursework",
    "externship",
    "graduate",
    "exam-apply",
    "exam-prep",
    "exam",
    "resume",
    "job-search",
    "first-job",
    "recertify",
}
IMG = {"foreign_medical_degree": True}


def ids(**changes: Any) -> set[str]:
    return set(build_plan(make_profile(**changes), today=TODAY).ids)


def months(a: date, b: date) -> float:
    delta = relativedelta(b, a)
    return delta.years * 12 + delta.months + delta.days / 30.44


@pytest.mark.parametrize(
    ("changes", "present", "absent"),
    [
        (
            {},
            ALWAYS | {"volunteer"},
            {
                "diploma",
                "transcripts",
                "translation",
                "credential-eval",
                "usmle",
                "letters",
                "employer-policy",
                "other-credentials",
                "career-next",
            },
        ),
        ({"diploma": False}, {"diploma", "volunteer"}, set()),
        ({**IMG}, {"transcripts", "translation", "credential-eval"}, {"volunteer", "usmle"}),
        (
            {**IMG, "transcripts_in_english": True},
            {"transcripts", "credential-eval"},
            {"translation"},
        ),
        (
            {**IMG, "credentials_evaluated": True},
            {"transcripts", "translation"},
            {"credential-eval"},
        ),
        ({**IMG, "goal": "residency"}, {"usmle", "letters", "employer-policy"}, set()),
        ({"goal": "nursing"}, {"career-next"}, {"usmle", "letters"}),
        ({"goal": "management"}, {"career-next"}, {"usmle"}),
        ({"goal": "career"}, set(), {"career-next", "usmle"}),
        ({"experience": "cna"}, set(), {"volunteer", "other-credentials"}),
        ({"experience": "uncertified-ma"}, {"other-credentials"}, {"volunteer"}),
        ({"experience": "military"}, {"other-credentials"}, {"volunteer"}),
        (
            {"graduated_on": date(2026, 6, 1)},
            {"exam-apply", "exam-prep", "exam", "resume", "job-search", "first-job", "recertify"},
            {
                "choose-program",
                "apply-program",
                "coursework",
                "externship",
                "graduate",
                "volunteer",
                "diploma",
            },
        ),
        ({**IMG, "graduated_on": date(2026, 6, 1)}, {"exam"}, {"transcripts", "translation"}),
    ],
    ids=[
        "base",
        "no-diploma",
        "img",
        "img-english",
        "img-evaluated",
        "img-residency",
        "nursing",
        "management",
        "career",
        "cna",
        "uncertified-ma",
        "military",
        "graduated",
        "img-graduated",
    ],
)
def test_steps_appear_exactly_when_they_apply(
    changes: dict[str, Any], present: set[str], absent: set[str]
) -> None:
    got = ids(**changes)
    assert present <= got, present - got
    assert not absent & got, absent & got


def test_every_step_has_text_phase_and_a_duration_range() -> None:
    plan = build_plan(make_profile(**IMG, goal="residency"), today=TODAY)
    words = worded(plan)
    for step in plan.steps:
        assert words[step.id].title
        assert words[step.id].why
        assert step.phase
        assert all(a in plan.ids for a in step.after)


def _program_span(**changes: Any) -> tuple[float, float, float]:
    """Months from enrolment (apply-program done) to the end of the externship."""
    enrolled = date(2027, 3, 1)
    plan = mark(
        build_plan(make_profile(**changes), today=TODAY), ["apply-program"], done_on=enrolled
    )
    end = forecast(plan, enrolled).get("externship").window
    return tuple(months(enrolled, d) for d in (end.earliest, end.expected, end.latest))  # type: ignore[return-value]


def test_a_full_time_certificate_spans_9_to_12_months() -> None:
    earliest, expected, latest = _program_span(program="certificate")
    assert earliest == pytest.approx(9, abs=0.05)
    assert latest == pytest.approx(12, abs=0.05)
    assert 9 < expected < 12


def test_a_full_time_associate_degree_spans_18_to_24_months() -> None:
    earliest, _, latest = _program_span(program="associate")
    assert earliest == pytest.approx(18, abs=0.05)
    assert latest == pytest.approx(24, abs=0.05)


@pytest.mark.parametrize("program", ["certificate", "associate"])
def test_part_time_stretches_the_program_by_the_factor(program: str) -> None:
    full = _program_span(program=program)
    part = _program_span(program=program, pace="part-time")
    for f, p in zip(full, part, strict=True):
        assert p == pytest.approx(f * 1.5, rel=0.03)


def test_the_order_of_the_route() -> None:
    result = forecast(build_plan(make_profile(**IMG), today=TODAY), TODAY)
    due = {s.step.id: s.due for s in result.steps}
    start = {s.step.id: s.start for s in result.steps}
    assert start["translation"] >= due["transcripts"]
    assert start["apply-program"] >= max(due["credential-eval"], due["choose-program"])
    assert start["coursework"] >= due["apply-program"]
    assert start["externship"] == due["coursework"]
    assert start["exam"] >= due["graduate"]
    assert start["job-search"] >= due["exam"]
    assert result.finish.expected == due["first-job"]


def test_the_plan_starts_on_the_start_date() -> None:
    result = forecast(build_plan(make_profile(), today=TODAY), TODAY)
    assert min(s.start for s in result.steps) == date(2027, 1, 4)


def test_a_start_date_in_the_past_starts_the_plan_today() -> None:
    plan = build_plan(make_profile(start_date=date(2025, 1, 1)), today=TODAY)
    result = forecast(plan, TODAY)
    assert min(s.start for s in result.steps) == TODAY
    assert not [s for s in result.steps if s.status is Status.OVERDUE]


@pytest.mark.parametrize("program", ["certificate", "associate"])
def test_an_img_end_to_end_estimate_agrees_with_one_and_a_half_to_two_and_a_half_years(
    program: str,
) -> None:
    result = forecast(build_plan(make_profile(**IMG, program=program), today=TODAY), TODAY)
    expected = months(date(2027, 1, 4), result.finish.expected)
    assert 18 <= expected <= 30


def test_finish_range_is_ordered() -> None:
    finish = forecast(build_plan(make_profile(), today=TODAY), TODAY).finish
    assert finish.earliest < finish.expected < finish.latest


def test_the_credential_expires_60_months_after_the_month_of_the_exam() -> None:
    result = forecast(build_plan(make_profile(), today=TODAY), TODAY)
    exam = result.get("exam").due
    recert = result.get("recertify")
    assert result.credential is not None
    assert result.credential.expires == exam + relativedelta(months=60, day=31)
    assert recert.due < result.credential.expires
    assert recert.start == exam


def test_diploma_by_sets_the_diploma_step() -> None:
    plan = build_plan(make_profile(diploma=False, diploma_by=date(2027, 6, 11)), today=TODAY)
    result = forecast(plan, TODAY)
    assert result.get("diploma").due == date(2027, 6, 11)
    assert result.get("apply-program").start >= date(2027, 6, 11)


def test_without_diploma_by_a_ged_takes_the_estimated_months() -> None:
    result = forecast(build_plan(make_profile(diploma=False), today=TODAY), TODAY)
    diploma = result.get("diploma")
    assert 2 <= months(diploma.start, diploma.window.earliest) < 2.1
    assert 5.9 < months(diploma.start, diploma.window.latest) <= 6


@pytest.mark.parametrize(
    ("changes", "category", "fee"),
    [
        ({}, 1, 125),
        ({"graduated_on": date(2026, 6, 1)}, 1, 125),
        ({"graduated_on": date(2025, 6, 1)}, 2, 250),
        ({"graduated_on": date(2025, 6, 1), "aama_member": True}, 2, 125),
    ],
    ids=["student", "recent-graduate", "older-graduate", "older-graduate-member"],
)
def test_exam_category_and_fee(changes: dict[str, Any], category: int, fee: int) -> None:
    plan = build_plan(make_profile(**changes), today=TODAY)
    result = forecast(plan, TODAY)
    assert result.exam is not None
    assert (result.exam.category, result.exam.fee) == (category, fee)
    text = " ".join(result.get("exam-apply").step.why)
    assert f"Category {category}" in text
    assert f"${fee}" in text


def test_a_graduate_starts_at_the_exam_application() -> None:
    result = forecast(build_plan(make_profile(graduated_on=date(2026, 6, 1)), today=TODAY), TODAY)
    assert result.get("exam-apply").start == date(2027, 1, 4)
    assert result.steps[0].step.phase == "exam"


@pytest.mark.parametrize(
    ("changes", "program"),
    [
        ({"goal": "nursing"}, Program.ASSOCIATE),
        ({**IMG}, Program.CERTIFICATE),
        ({"experience": "cna"}, Program.CERTIFICATE),
        ({}, Program.CERTIFICATE),
    ],
    ids=["nursing", "img", "experienced", "default"],
)
def test_undecided_gets_a_recommendation_with_its_reason(
    changes: dict[str, Any], program: Program
) -> None:
    plan = build_plan(make_profile(program="undecided", **changes), today=TODAY)
    assert plan.recommendation is not None
    assert plan.recommendation.program is program
    assert plan.program is program
    assert plan.recommendation.reason in " ".join(worded(plan)["choose-program"].why)


def test_a_decided_person_gets_no_recommendation() -> None:
    assert build_plan(make_profile(), today=TODAY).recommendation is None


def test_experienced_mas_learn_work_alone_is_no_route_but_category_4_may_be() -> None:
    plan = build_plan(make_profile(experience="uncertified-ma"), today=TODAY)
    why = " ".join(worded(plan)["choose-program"].why)
    assert "Work alone does not qualify" in why
    assert "Category 4" in why
    assert "change nothing" not in why
    assert "do not change this" not in why
    items = " ".join(worded(plan)["other-credentials"].checklist)
    assert "RMA (AMT)" in items
    assert "CCMA (NHA)" in items
    assert "CMAC (AMCA)" in items


def test_img_resume_has_the_international_education_section() -> None:
    plan = build_plan(make_profile(**IMG), today=TODAY)
    assert any(
        "International Medical Education" in item for item in worded(plan)["resume"].checklist
    )


def test_estimated_durations_are_flagged() -> None:
    plan = build_plan(make_profile(**IMG), today=TODAY)
    assert plan.step("transcripts").duration.is_estimate
    assert not plan.step("graduate").duration.is_estimate
    # The program's length is the source's; coursework is what an estimated externship leaves.
    assert plan.step("coursework").duration.is_estimate
    part = build_plan(make_profile(pace="part-time"), today=TODAY)
    assert part.step("coursework").duration.is_estimate


# --- re-forecast --------------------------------------------------------------------------------


def _plan() -> Any:
    return build_plan(make_profile(**IMG), today=TODAY)


def test_nothing_done_before_the_start_is_upcoming() -> None:
    result = forecast(_plan(), TODAY)
    assert {s.status for s in result.steps} == {Status.UPCOMING}
    original = original_forecast(_plan())
    assert [(s.start, s.window) for s in result.steps] == [
        (s.start, s.window) for s in original.steps
    ]


def test_a_step_done_early_pulls_what_follows_forward() -> None:
    plan = _plan()
    today = date(2027, 1, 20)
    before = forecast(plan, today)
    done = mark(plan, ["transcripts"], done_on=today)
    after = forecast(done, today)
    assert after.get("transcripts").status is Status.DONE
    assert after.get("transcripts").due == today
    assert after.get("translation").start == today
    assert after.get("translation").start < before.get("translation").start
    assert after.finish.expected < before.finish.expected


def test_an_overdue_step_is_forecast_from_today_and_moves_what_depends_on_it() -> None:
    plan = _plan()
    planned = forecast(plan, TODAY).get("transcripts").due
    late = planned + timedelta(days=30)
    result = forecast(plan, late)
    transcripts = result.get("transcripts")
    assert transcripts.status is Status.OVERDUE
    assert transcripts.due == late
    assert result.get("translation").start == late
    shift = (result.finish.expected - forecast(plan, TODAY).finish.expected).days
    assert shift == pytest.approx(30, abs=3)  # month arithmetic varies by a day or two


def test_a_step_done_late_moves_the_finish_by_the_delay() -> None:
    plan = _plan()
    planned = forecast(plan, TODAY).get("transcripts").due
    late = planned + timedelta(days=10)
    result = forecast(mark(plan, ["transcripts"], done_on=late), late)
    assert result.get("translation").start == late
    shift = (result.finish.expected - forecast(plan, TODAY).finish.expected).days
    assert shift == pytest.approx(10, abs=3)


def test_an_open_step_whose_steps_before_are_done_is_in_progress() -> None:
    plan = mark(_plan(), ["transcripts"], done_on=date(2027, 1, 15))
    result = forecast(plan, date(2027, 1, 20))
    assert result.get("translation").status is Status.IN_PROGRESS
    assert result.get("credential-eval").status is Status.UPCOMING
    assert result.get("choose-program").status is Status.IN_PROGRESS


def test_undo_reopens_and_keeps_the_note() -> None:
    plan = with_progress(_plan(), {"transcripts": Progress(date(2027, 2, 1), "sent by DHL")})
    reopened = mark(plan, ["transcripts"], done_on=None)
    assert reopened.progress["transcripts"] == Progress(None, "sent by DHL")


def test_marking_an_unknown_step_changes_nothing() -> None:
    plan = _plan()
    with pytest.raises(KeyError):
        mark(plan, ["transcripts", "nope"], done_on=TODAY)
    assert plan.progress == {}


def test_unknown_step_message_suggests_close_ids() -> None:
    assert 'Did you mean "externship"' in unknown_step_message(_plan(), "extern")
    assert 'Did you mean "exam"' in unknown_step_message(_plan(), "exma")
    assert "Did you mean" not in unknown_step_message(_plan(), "zzzzzz")


def test_next_open_is_the_earliest_open_step() -> None:
    result = forecast(mark(_plan(), ["transcripts"], done_on=date(2027, 2, 1)), date(2027, 2, 1))
    nxt = next_open(result)
    assert nxt is not None
    assert nxt.step.id == "choose-program"


def test_next_open_when_all_done() -> None:
    plan = _plan()
    assert next_open(forecast(mark(plan, plan.ids, done_on=TODAY), TODAY)) is None


def test_rebuild_keeps_progress_of_steps_that_remain() -> None:
    plan = with_progress(
        _plan(),
        {"transcripts": Progress(date(2027, 2, 1), ""), "translation": Progress(None, "ask Ana")},
    )
    new = rebuild(plan, make_profile(**IMG, transcripts_in_english=True, goal="residency"))
    assert new.plan.progress["transcripts"].done_on == date(2027, 2, 1)
    assert "translation" in new.dropped
    assert {"usmle", "letters", "residency-apply", "match", "residency-start"} <= set(new.added)
    assert "employer-policy" not in new.added  # every IMG has it already
    assert new.kept == ("transcripts",)
    assert new.plan.created == plan.created


@pytest.mark.parametrize(
    ("changes", "step_id", "fragment"),
    [
        ({"state": "TX"}, "job-search", "clinics and offices in Texas"),
        ({"specialty": "pediatrics"}, "job-search", "Target pediatrics practices."),
        ({"specialty": "pediatrics"}, "resume", "Tie your experience to pediatrics"),
        ({"study_hours": 12}, "exam-prep", "about 12 hours a week"),
        ({"pace": "part-time"}, "coursework", "about 1.5× (our estimate) the full-time length"),
        ({"program": "associate"}, "choose-program", "You plan an associate degree: 18–24 months"),
        ({"experience": "cna"}, "resume", "earlier healthcare work near the top"),
        ({**IMG, "goal": "residency", "usmle": "not-started"}, "usmle", "not started the USMLE"),
        ({**IMG, "goal": "residency", "usmle": "step1"}, "usmle", "passed Step 1"),
        ({**IMG, "goal": "residency", "usmle": "step2"}, "usmle", "passed Step 2 CK"),
        (
            {**IMG, "goal": "residency", "usmle": "ecfmg-certified"},
            "residency-ready",
            "ECFMG certified",
        ),
        ({"goal": "nursing"}, "career-next", "NCLEX-RN"),
        ({"goal": "management"}, "career-next", "practice manager"),
        ({"graduated_on": date(2025, 6, 1)}, "exam-apply", "official transcript from your program"),
        (
            {"graduated_on": date(2025, 6, 1)},
            "exam-apply",
            "AAMA members pay $125 in this category",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_answers_shape_the_step_texts(changes: dict[str, Any], step_id: str, fragment: str) -> None:
    step = worded(build_plan(make_profile(**changes), today=TODAY))[step_id]
    assert fragment in " ".join((*step.why, *step.checklist))


@pytest.mark.parametrize(
    ("usmle", "shortest_months"),
    [("not-started", 18), ("step1", 9), ("step2", 3), ("ecfmg-certified", 1)],
)
def test_usmle_progress_sets_its_duration(usmle: str, shortest_months: int) -> None:
    plan = build_plan(make_profile(**IMG, goal="residency", usmle=usmle), today=TODAY)
    step_id = "residency-ready" if usmle == "ecfmg-certified" else "usmle"
    assert plan.step(step_id).duration.shortest.months == shortest_months


def test_next_ranks_by_due_day_and_what_a_miss_costs() -> None:
    """A recertification due in 21 days comes before a residency application under way and
    due in 97 days; a late step before both; on one day, the costly step first."""
    from datetime import timedelta

    from cmaplan.core.model import Status
    from cmaplan.core.schedule import next_actions

    plan = build_plan(make_profile(foreign_medical_degree=True, goal="residency"), today=TODAY)
    result = forecast(plan, TODAY)
    by_id = {s.step.id: s for s in result.steps}
    day = TODAY + timedelta(days=400)
    crafted = {
        "residency-apply": by_id["residency-apply"]._replace(
            status=Status.IN_PROGRESS, start=day - timedelta(days=30), due=day + timedelta(97)
        ),
        "recertify": by_id["recertify"]._replace(
            status=Status.UPCOMING, start=day, due=day + timedelta(21)
        ),
        "resume": by_id["resume"]._replace(
            status=Status.OVERDUE, due=day, late_since=day - timedelta(days=5)
        ),
        "job-search": by_id["job-search"]._replace(
            status=Status.UPCOMING, start=day, due=day + timedelta(21)
        ),
    }
    others = [
        s._replace(status=Status.DONE, progress=s.progress._replace(done_on=TODAY))
        for s in result.steps
        if s.step.id not in crafted
    ]
    ranked = next_actions(result._replace(steps=(*others, *crafted.values())), 3)
    assert [s.step.id for s in ranked] == ["resume", "recertify", "job-search", "residency-apply"]
