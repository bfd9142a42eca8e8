"""Eligibility for the CMA (AAMA) exam as the AAMA defines it (core/eligibility.py, pathway.py):
every program a plan uses gets its route, and a route that does not reach the exam never yields
a category, a fee, an exam date or a CMA job."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmaplan.core import eligibility
from cmaplan.core.candidates import add
from cmaplan.core.compare import routes
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Candidate, Program
from cmaplan.core.pathway import gaps, meets_hours, thresholds
from cmaplan.core.planner import build_plan
from cmaplan.core.schedule import forecast
from tests.conftest import TODAY, cli, make_profile, worded

KB = load_knowledge()
ACCREDITED = ["CAAHEP", "ABHES", "caahep", " Abhes "]
OTHERS = ["DEAC", "Higher Learning Commission", "none", "ACCSC", "NCCT", "not accredited"]
ALTERNATIVE = {
    "finished_ma_program": True,
    "program_contact_hours": 600,
    "program_practicum_hours": 0,
    "ma_work_hours": 1200,
    "experience": "uncertified-ma",
}


def _chosen(accreditor: str, today: date = TODAY, **answers: object) -> tuple[object, object]:
    """A plan that has chosen a program with this accreditor, and its forecast on `today`."""
    candidate = Candidate("Valley College", Program.CERTIFICATE, accreditor=accreditor, months=10)
    profile = make_profile(program_choice="Valley College", **answers)
    plan = build_plan(profile, today=today, candidates=(candidate,))
    return plan, forecast(plan, today)


# --- the route of one program -------------------------------------------------------------------


@pytest.mark.parametrize("accreditor", ACCREDITED)
def test_caahep_and_abhes_in_any_spelling_lead_to_category_1_or_2(accreditor: str) -> None:
    found = eligibility.of_candidate(Candidate("V", Program.CERTIFICATE, accreditor), KB)
    assert found.route == "standard"
    assert found.reaches_exam
    assert found.accreditor in ("CAAHEP", "ABHES")
    assert found.options == ()


@pytest.mark.parametrize("accreditor", OTHERS)
def test_any_other_body_is_not_eligible_with_the_routes_that_remain(accreditor: str) -> None:
    found = eligibility.of_candidate(Candidate("V", Program.CERTIFICATE, accreditor), KB)
    assert found.route == "none"
    assert not found.reaches_exam
    # Category 4 asks for a school accredited by a body USDE or CHEA recognises, not for an
    # accredited program: with another body or none, it may remain (reviews of #22, 10 and 7)
    assert found.words == eligibility.OTHER_BODY_WORDS
    assert "Category 4" in found.words
    options = " ".join(found.options)
    assert "Category 4" in options
    assert "still open" in options
    assert "CAAHEP or ABHES accredits" in options
    for other in ("RMA (AMT)", "CCMA (NHA)", "NCMA (NCCT)", "CMAC (AMCA)"):
        assert other in options


def test_an_accreditor_not_given_is_not_yet_known_and_never_category_1() -> None:
    found = eligibility.of_candidate(Candidate("V", Program.CERTIFICATE, ""), KB)
    assert found.route == "unknown"
    assert found.words == "not yet known: ask the program"
    assert "Ask the program" in found.reason
    assert "Category 1" not in found.reason


def test_the_four_categories_are_data_with_their_conditions() -> None:
    named = eligibility.categories(KB)
    assert [name.split(":")[0] for name, _ in named] == [f"Category {n}" for n in (1, 2, 3, 4)]
    assert "12 months" in named[0][1]
    assert "30 days" in named[0][1]
    assert "document review" in named[3][1]


@given(
    enrolled=st.dates(date(2020, 1, 1), date(2032, 12, 31)),
    after=st.integers(0, 2000),
    accredited=st.one_of(st.none(), st.dates(date(2018, 1, 1), date(2040, 12, 31))),
)
def test_the_36_month_rule_counts_accreditation_while_enrolled_or_within_it(
    enrolled: date, after: int, accredited: date | None
) -> None:
    graduated = enrolled + timedelta(days=after)
    counts = eligibility.counts_as_accredited(accredited, enrolled, graduated, KB)
    if accredited is None:
        assert not counts
        return
    latest = max(enrolled, graduated + relativedelta(months=36))
    assert counts == (accredited <= latest)


# --- Category 4's hours ------------------------------------------------------------------------


def test_the_alternative_pathways_hours_are_the_aamas() -> None:
    assert thresholds() == (560, 160, 1000)


@given(
    contact=st.one_of(st.none(), st.integers(0, 2000)),
    practicum=st.one_of(st.none(), st.integers(0, 400)),
    work=st.one_of(st.none(), st.integers(0, 3000)),
)
def test_hours_meet_category_4_only_with_560_contact_and_160_practicum_or_1000_work(
    contact: int | None, practicum: int | None, work: int | None
) -> None:
    profile = make_profile(
        finished_ma_program=True,
        program_contact_hours=contact,
        program_practicum_hours=practicum,
        ma_work_hours=work,
    )
    found = gaps(profile)
    assert found is not None
    if contact is None or (practicum is None and work is None):
        assert found == ("unknown_hours",)
        return
    assert ("contact" in found) == (contact < 560)
    assert ("practicum" in found) == ((practicum or 0) < 160 and (work or 0) < 1000)
    enough_practice = (practicum or 0) >= 160 or (work or 0) >= 1000
    assert meets_hours(profile) == (contact >= 560 and enough_practice)


def test_no_finished_program_is_no_question_of_category_4() -> None:
    assert gaps(make_profile()) is None
    assert eligibility.missing_words(make_profile()) == ""


# --- the plan: never a category, fee, exam date or job for a closed route ------------------------

NOT_REACHING = st.one_of(st.sampled_from(["", *OTHERS]), st.text(min_size=1, max_size=30))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accreditor=NOT_REACHING, days=st.integers(0, 4 * 365))
def test_a_route_that_does_not_reach_the_exam_has_no_category_fee_exam_or_job(
    accreditor: str, days: int
) -> None:
    if eligibility.accreditation(accreditor, KB) == "accredited":
        return  # random text that happens to be CAAHEP
    today = TODAY + timedelta(days=days)
    plan, result = _chosen(accreditor, today)
    assert result.exam is None  # type: ignore[attr-defined]
    assert result.credential is None  # type: ignore[attr-defined]
    ids = plan.ids  # type: ignore[attr-defined]
    for role in (KB.roles.exam_application, KB.roles.exam, KB.roles.recertification):
        assert role not in ids
    assert "first-job" not in ids
    assert eligibility.rules().closed_step in ids
    assert plan.finish_label == eligibility.rules().finish_label  # type: ignore[attr-defined]
    steps = result.steps  # type: ignore[attr-defined]
    words = " ".join(" ".join((s.step.title, *s.step.why, *s.step.checklist)) for s in steps)
    assert "$125" not in words
    assert "Category 1 and" not in words
    assert "fee for you is" not in words


@given(accreditor=st.sampled_from(ACCREDITED), days=st.integers(0, 4 * 365))
@settings(max_examples=20, deadline=None)
def test_an_accredited_choice_keeps_the_whole_route(accreditor: str, days: int) -> None:
    today = TODAY + timedelta(days=days)
    plan, result = _chosen(accreditor, today)
    assert result.exam is not None  # type: ignore[attr-defined]
    assert result.exam.category in (1, 2)  # type: ignore[attr-defined]
    assert eligibility.rules().closed_step not in plan.ids  # type: ignore[attr-defined]


def test_the_route_step_comes_before_enrolment_and_says_why() -> None:
    plan, _ = _chosen("DEAC")
    apply_program = next(s for s in plan.steps if s.id == "apply-program")  # type: ignore[attr-defined]
    assert eligibility.rules().closed_step in apply_program.after
    step = worded(plan)[eligibility.rules().closed_step]
    assert "DEAC" in step.why[0]
    assert "36 months" in " ".join(step.why)
    assert any("CMAC (AMCA)" in item for item in step.checklist)


def test_program_compare_dates_no_exam_and_no_job_for_a_closed_route() -> None:
    plan = build_plan(make_profile(), today=TODAY)
    plan = add(plan, Candidate("Good", Program.CERTIFICATE, "CAAHEP"), TODAY)
    plan = add(plan, Candidate("Deac", Program.CERTIFICATE, "DEAC"), TODAY)
    plan = add(plan, Candidate("Unsaid", Program.CERTIFICATE, ""), TODAY)
    by_name = {r.candidate.name: r for r in routes(plan, TODAY) if r.candidate}
    assert by_name["Good"].exam is not None
    assert by_name["Good"].first_job is not None
    for name in ("Deac", "Unsaid"):
        closed = by_name[name]
        assert closed.exam is None
        assert closed.exam_fee is None
        assert closed.first_job is None
        assert closed.days_from_plan is None


# --- Category 4 for someone who already finished a non-accredited program ------------------------


@pytest.mark.parametrize("days", [0, 200, 800])
def test_a_finished_program_that_meets_the_hours_plans_the_review_then_the_exam(days: int) -> None:
    today = TODAY + timedelta(days=days)
    profile = make_profile(**ALTERNATIVE, start_date=today)
    plan = build_plan(profile, today=today)
    ids = plan.ids
    review = eligibility.rules().review_step
    assert review in ids
    for program_step in ("choose-program", "apply-program", "coursework", "externship", "graduate"):
        assert program_step not in ids  # no 9-24 month program
    exam_apply = next(s for s in plan.steps if s.id == KB.roles.exam_application)
    assert review in exam_apply.after
    result = forecast(plan, today)
    assert result.exam is not None
    assert result.exam.category == 4
    assert result.exam.fee == 250  # a non-member, once eligibility is confirmed (application-steps)
    texts = worded(plan, today)
    said = " ".join(texts[KB.roles.exam_application].why)
    assert "Category 4" in said
    assert "the fee for you: $250" in said  # a non-member (application-steps, read in 2026)
    assert "AAMA members pay $125 in this category" in said
    review_text = " ".join((*texts[review].why, *texts[review].checklist))
    assert "still open" in review_text
    assert "attestation form" in review_text
    assert "USDE" in review_text


def test_a_finished_program_short_of_the_hours_says_plainly_what_is_missing() -> None:
    profile = make_profile(
        finished_ma_program=True,
        program_contact_hours=400,
        program_practicum_hours=80,
        ma_work_hours=300,
        experience="uncertified-ma",
    )
    plan = build_plan(profile, today=TODAY)
    assert "coursework" in plan.ids
    assert eligibility.rules().review_step not in plan.ids
    why = " ".join(worded(plan)["choose-program"].why)
    assert "you gave 400 hours, which is 160 hours short" in why
    assert "(you gave 80 hours)" in why
    assert "you gave 300 hours, which is 700 hours short" in why
    assert "cannot gain class hours" in why
    assert "once your hours meet" not in why  # class hours of a finished program cannot grow
    assert "change nothing" not in why


# --- at the command line -------------------------------------------------------------------------


def _init(tmp_path: Path, **answers: object) -> None:
    import tomli_w

    from tests.conftest import BASE

    path = tmp_path / "answers.toml"
    path.write_text(tomli_w.dumps({**BASE, **answers}), "utf-8")
    cli("init", "--answers", str(path))


@pytest.mark.parametrize(
    ("accreditor", "route"),
    [(None, "unknown"), ("DEAC", "none"), ("Higher Learning Commission", "none"), ("none", "none")],
    ids=["not-given", "deac", "regional", "none"],
)
def test_program_add_and_choose_a_closed_route_gives_no_category_fee_or_dates(
    tmp_path: Path, accreditor: str | None, route: str
) -> None:
    _init(tmp_path)
    extra = [] if accreditor is None else ["--accreditor", accreditor]
    cli("program", "add", "Quick School", "--type", "certificate", "--months", "9", *extra)
    chose = cli("program", "choose", "quick")
    assert "Route to the exam settled" in chose.stdout
    assert "days earlier" not in chose.stdout
    assert "Warning:" in chose.stderr
    status = json.loads(cli("status", "--json").stdout)
    assert status["eligibility"]["route"] == route
    assert status["finish"]["label"] == "Route to the exam settled"
    timeline = json.loads(cli("timeline", "--json").stdout)
    assert timeline["exam"] is None
    assert timeline["credential"] is None
    assert "exam-apply" not in {s["id"] for s in timeline["steps"]}
    shown = cli("show", "exam-apply", code=None)
    assert shown.exit_code != 0
    assert "lists the routes that remain" in shown.stderr  # why the exam is not there
    renew = cli("recertify", "--by", "exam")  # an answer kept for later, never a crash
    assert "once the plan reaches the exam" in renew.stdout
    assert "Category 1" not in shown.stdout
    assert "$125" not in cli("status").stdout
    compared = json.loads(cli("program", "compare", "--json").stdout)["programs"][0]
    assert compared["exam"] is None
    assert compared["first_job"] is None
    assert compared["eligibility"]["route"] == route
    rows = json.loads(cli("compare", "--json").stdout)["routes"]
    mine = next(r for r in rows if r["candidate"] == "Quick School")
    assert mine["first_job"] is None
    assert mine["costs"]["exam_fee_cents"] is None
    out = tmp_path / "plan.md"
    cli("export", "markdown", "-o", str(out))
    text = out.read_text("utf-8")
    assert "Category 1" not in text.replace("Category 1 or 2", "")
    assert "$125" not in text
    assert "\\$125" not in text


def test_program_add_and_choose_caahep_keeps_category_1_and_its_fee(tmp_path: Path) -> None:
    _init(tmp_path)
    cli("program", "add", "Good College", "--type", "certificate", "--accreditor", "CAAHEP")
    cli("program", "choose", "good")
    timeline = json.loads(cli("timeline", "--json").stdout)
    assert timeline["exam"]["category"] == 1
    assert timeline["exam"]["fee_usd"] == 125
    assert timeline["eligibility"]["route"] == "standard"


def test_the_answers_file_takes_a_finished_program_and_exports_it_again(tmp_path: Path) -> None:
    import tomllib

    _init(tmp_path, **ALTERNATIVE)
    timeline = json.loads(cli("timeline", "--json").stdout)
    assert timeline["exam"]["category"] == 4
    assert timeline["exam"]["fee_usd"] == 250  # Category 4, a non-member (application-steps)
    assert timeline["eligibility"]["route"] == "alternative"
    out = tmp_path / "again.toml"
    cli("export", "answers", "-o", str(out))
    again = tomllib.loads(out.read_text("utf-8"))
    for key, value in ALTERNATIVE.items():
        assert again[key] == value


def test_hours_without_a_finished_program_are_refused_in_one_sentence(
    tmp_path: Path, plan_path: Path
) -> None:
    import tomli_w

    from tests.conftest import BASE

    path = tmp_path / "answers.toml"
    path.write_text(tomli_w.dumps({**BASE, "ma_work_hours": 2000}), "utf-8")
    refused = cli("init", "--answers", str(path), code=None)
    assert refused.exit_code != 0
    assert "ma_work_hours is not allowed without finished_ma_program = true" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not plan_path.exists()


def test_hours_out_of_range_are_refused(tmp_path: Path, plan_path: Path) -> None:
    import tomli_w

    from tests.conftest import BASE

    path = tmp_path / "answers.toml"
    answers = {**BASE, "finished_ma_program": True, "program_contact_hours": 99999}
    path.write_text(tomli_w.dumps(answers), "utf-8")
    refused = cli("init", "--answers", str(path), code=None)
    assert refused.exit_code != 0
    assert "program_contact_hours" in refused.stderr
    assert not plan_path.exists()


def test_a_plan_saved_before_with_such_a_program_still_loads(plan_path: Path) -> None:
    """A plan from the previous release planned the exam after any chosen program: its exam
    steps, untouched, are dropped on reading; one with progress is refused, never lost."""
    cli("init", "--example", "high-school-student")
    cli("program", "add", "Valley", "--type", "certificate", "--accreditor", "CAAHEP")
    cli("program", "choose", "valley")
    accredited = plan_path.read_text("utf-8")
    assert '"exam-apply"' in accredited
    plan_path.write_text(accredited.replace('accreditor = "CAAHEP"', 'accreditor = ""'), "utf-8")
    status = json.loads(cli("status", "--json").stdout)
    assert status["eligibility"]["route"] == "unknown"
    assert status["finish"]["label"] == "Route to the exam settled"
    cli("check", "volunteer")  # and it saves as the new plan
    assert '"exam-apply"' not in plan_path.read_text("utf-8")
    cli("program", "edit", "valley", "--accreditor", "CAAHEP")
    cli("check", "exam-prep.1")
    ticked = plan_path.read_text("utf-8")
    plan_path.write_text(ticked.replace('accreditor = "CAAHEP"', 'accreditor = "DEAC"'), "utf-8")
    refused = cli("status", code=None)
    assert refused.exit_code != 0
    assert 'a step "exam-prep" that this plan does not have' in refused.stderr


@pytest.mark.parametrize("typed", ["MAERB", "maerb", "CAAHEP-accredited", "ABHES accredited"])
def test_other_ways_to_name_caahep_or_abhes_are_accredited(typed: str) -> None:
    found = eligibility.of_candidate(Candidate("V", Program.CERTIFICATE, typed), KB)
    assert found.route == "standard"
    assert found.reaches_exam
