"""Step text is written once, from the dated plan (core/steptext), and code names steps by their
role in knowledge.toml, never by id (issue 20, "Text written once, after dating")."""

from __future__ import annotations

import ast
import copy
import tomllib
from datetime import date, timedelta
from importlib import resources
from typing import Any

import pytest

from cmaplan.core import schedule, steptext
from cmaplan.core.conditions import holds
from cmaplan.core.knowledge import load_knowledge, parse_knowledge
from cmaplan.core.model import Plan, Program, Step, WordedStep
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.profile import parse_profile
from cmaplan.core.schedule import forecast
from cmaplan.core.shipped import example_names
from cmaplan.storage.codec import document_to_plan, plan_to_document
from cmaplan.storage.store import read_example
from tests.conftest import ROOT, TODAY, make_profile

SRC = ROOT / "src" / "cmaplan"
MADE = date(2026, 12, 1)


def raw() -> dict[str, Any]:
    text = resources.files("cmaplan").joinpath("data/knowledge.toml").read_text("utf-8")
    return tomllib.loads(text)


def example(name: str) -> Plan:
    return build_plan(parse_profile(read_example(name, MADE), today=MADE), today=MADE)


def on_time(plan: Plan, today: date) -> Plan:
    """The plan with every step the forecast had due a month before `today` done on its day."""
    result = forecast(plan, today)
    due = [s for s in result.steps if s.due < today - timedelta(days=30)]
    for item in due:
        plan = mark(plan, [item.step.id], done_on=item.due)
    return plan


# --- the one writer -----------------------------------------------------------------------------


def test_the_planner_writes_no_words() -> None:
    assert not {"title", "why", "checklist", "sources"} & set(Step._fields)
    assert {"title", "why", "checklist", "sources"} <= set(WordedStep._fields)


def test_only_steptext_makes_a_worded_step() -> None:
    makers = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "WordedStep":
                makers.append(path.relative_to(SRC).as_posix())
    assert set(makers) == {"core/steptext.py"}


def test_the_file_and_the_views_show_what_steptext_wrote(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mark every title steptext writes: the plan file and the JSON view show the mark on every
    step, so no other writer's text reaches them."""
    from cmaplan.views.jsonview import forecast_to_json

    written = steptext.word_steps

    def marked(plan: Plan, terms: Any, kb: Any = None) -> dict[str, WordedStep]:
        return {k: v._replace(title=v.title + " ¶") for k, v in written(plan, terms, kb).items()}

    monkeypatch.setattr(schedule, "word_steps", marked)
    plan = example("img-residency")
    document = plan_to_document(plan, TODAY)
    assert all(step["title"].endswith(" ¶") for step in document["steps"])
    shown = forecast_to_json(plan, forecast(plan, TODAY), "plan.toml")["steps"]
    assert isinstance(shown, list)
    assert all(str(s["title"]).endswith(" ¶") for s in shown if isinstance(s, dict))


@pytest.mark.parametrize("name", example_names())
def test_a_forecasts_words_are_the_files_on_every_day_for_eight_years(name: str) -> None:
    """Every 73 days over eight years, kept on time and left alone: the words the forecast shows are
    the words the plan file holds for that day, and the file read back shows them again; the
    exam application states the category and fee of its dated terms."""
    kb = load_knowledge()
    plan = example(name)
    for left_alone in (True, False):
        for days in range(0, 8 * 365, 73):
            today = MADE + timedelta(days=days)
            at = plan if left_alone else on_time(plan, today)
            result = forecast(at, today)
            document = plan_to_document(at, today)
            again = forecast(document_to_plan(document), today)
            for item, kept, reread in zip(
                result.steps, document["steps"], again.steps, strict=True
            ):
                words = item.step
                assert kept["id"] == words.id
                assert (kept["title"], kept["why"], kept["checklist"]) == (
                    words.title,
                    " ".join(words.why),
                    list(words.checklist),
                ), (name, today, words.id)
                assert reread.step == words, (name, today, words.id)
                assert len(words.checklist) == words.step.checklist_size
            terms = result.exam
            assert terms is not None
            applying = " ".join(result.get(kb.roles.exam_application).step.why)
            assert f"you are in Category {terms.category} " in applying, (name, today)
            assert f"the fee for you is ${terms.fee}" in applying, (name, today)


def test_the_words_follow_the_dated_application_not_the_day_the_plan_was_made() -> None:
    """A graduate whose Category 1 closes before the forecast application: the plan made the day
    they are still inside it says Category 2 at once, with its transcript reason."""
    kb = load_knowledge()
    graduated = TODAY - timedelta(days=363)
    plan = build_plan(make_profile(graduated_on=graduated, diploma=True), today=TODAY)
    result = forecast(plan, TODAY)
    assert result.exam is not None
    assert result.exam.category == 2
    why = " ".join(result.get(kb.roles.exam_application).step.why)
    assert "you are in Category 2" in why
    assert "official transcript" in why


# --- conditions known only once dated -----------------------------------------------------------


def test_a_category_condition_is_never_guessed() -> None:
    with pytest.raises(ValueError, match="category"):
        holds(["category2"], make_profile(), Program.CERTIFICATE)
    assert holds(["category2"], make_profile(), Program.CERTIFICATE, 2)
    assert not holds(["category2"], make_profile(), Program.CERTIFICATE, 1)


@pytest.mark.parametrize("where", ["step", "checklist"])
def test_a_step_or_checklist_item_chosen_by_the_category_is_refused(where: str) -> None:
    data = copy.deepcopy(raw())
    step = data["steps"]["exam-apply"]
    if where == "step":
        step["when"] = ["category2"]
    else:
        step["checklist"].append({"when": ["!category2"], "text": "Send nothing more."})
    with pytest.raises(ValueError, match="known only once the plan is dated"):
        parse_knowledge(data)


def test_every_length_a_template_states_is_a_step_with_a_range() -> None:
    kb = load_knowledge()
    kinds = {t.id: t.spec.kind for t in kb.steps}
    named = [
        name
        for t in kb.steps
        for item in (*t.title, *t.why, *t.checklist)
        for name in steptext.lengths_named(item.text)
    ]
    assert named  # exam-prep and usmle state their own lengths
    assert all(kinds.get(name) in ("range", "work") for name in named), named


# --- roles --------------------------------------------------------------------------------------


def test_the_roles_name_steps_of_the_data() -> None:
    kb = load_knowledge()
    ids = {t.id for t in kb.steps}
    assert set(kb.roles) <= ids
    assert len(set(kb.roles)) == len(kb.roles)  # one step per role


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(exam="exam-taken"), "unknown steps"),
        (lambda r: r.pop("graduation"), "missing"),
        (lambda r: r.update(payday="first-job"), "unknown"),
        (lambda r: r.update(exam=3), "each role names a step id"),
    ],
    ids=["unknown-step", "missing-role", "unknown-role", "not-text"],
)
def test_a_roles_table_that_does_not_fit_the_steps_is_refused(change: Any, message: str) -> None:
    data = copy.deepcopy(raw())
    change(data["roles"])
    with pytest.raises(ValueError, match=message):
        parse_knowledge(data)


def test_a_renamed_step_needs_only_its_role() -> None:
    """Rename the exam application's step in the data alone: the plan still dates the exam
    terms from it (no code knew its id)."""
    data = copy.deepcopy(raw())
    data["steps"]["apply-for-exam"] = data["steps"].pop("exam-apply")
    for template in data["steps"].values():
        template["after"] = [
            "apply-for-exam" if a == "exam-apply" else a for a in template.get("after", ())
        ]
    data["rules"]["reminders"]["steps"] = ["apply-for-exam", "recertify"]
    for warning in data["warnings"].values():
        for key in ("step", "steps"):
            if key in warning:
                value = warning[key]
                renamed = [
                    "apply-for-exam" if s == "exam-apply" else s
                    for s in ([value] if isinstance(value, str) else value)
                ]
                warning[key] = renamed[0] if isinstance(value, str) else renamed
    data["roles"]["exam_application"] = "apply-for-exam"
    kb = parse_knowledge(data)
    plan = build_plan(make_profile(), today=TODAY, kb=kb)
    result = forecast(plan, TODAY, kb)
    assert result.exam is not None
    assert result.exam.apply_on == result.get("apply-for-exam").due


# --- no step id in the code ---------------------------------------------------------------------

# Where a string is read as a step id: plan.step("x"), result.get("x"), progress.get("x"),
# mark(plan, ["x"]), "x" in plan.ids, step.id == "x", Change(day, "x", ...).
ID_CALLS = frozenset({"step", "mark", "dependents", "waiting_for", "Change"})
ID_HOLDERS = ("progress", "result", "items", "steps", "dated")


def step_id_literals(source: str, ids: set[str]) -> list[str]:
    """The string constants in `source` used as one of the step `ids`: any hyphenated id
    anywhere, and any other id where code reads a string as a step id."""
    found: list[str] = []

    def named(node: ast.AST) -> list[str]:
        inside = node.elts if isinstance(node, ast.List | ast.Tuple | ast.Set) else [node]
        return [n.value for n in inside if isinstance(n, ast.Constant) and n.value in ids]

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if "-" in node.value and node.value in ids:
                found.append(node.value)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            holder = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
            if name in ID_CALLS or (name == "get" and holder.endswith(ID_HOLDERS)):
                found.extend(v for arg in node.args for v in named(arg) if "-" not in v)
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            text = ast.unparse(node)
            if ".ids" in text or ".id " in text or text.endswith(".id"):
                found.extend(v for side in sides for v in named(side) if "-" not in v)
    return found


def test_the_scanner_finds_a_step_id_where_code_would_read_one() -> None:
    ids = {t.id for t in load_knowledge().steps}
    source = (
        'a = plan.progress.get("exam")\n'
        'b = result.get("exam-apply")\n'
        'if "coursework" in plan.ids: pass\n'
        'c = mark(plan, ["graduate"], done_on=None)\n'
        'd = [s for s in steps if s.step.id == "diploma"]\n'
        'e = answers.get("diploma")\n'  # an answer, not a step
        'f = {"exam": 1}\n'  # a JSON key
        "g = result.get(kb.roles.exam)\n"
    )
    assert sorted(step_id_literals(source, ids)) == [
        "coursework",
        "diploma",
        "exam",
        "exam-apply",
        "graduate",
    ]


def test_no_step_id_is_a_literal_in_the_code() -> None:
    ids = {t.id for t in load_knowledge().steps}
    found = {
        path.relative_to(SRC).as_posix(): hits
        for path in sorted(SRC.rglob("*.py"))
        if (hits := step_id_literals(path.read_text("utf-8"), ids))
    }
    assert found == {}, found


def test_a_length_the_school_gave_cites_the_school_whichever_length_it_was() -> None:
    """The school's part-time length alone (no full-time one) is the school's: `show` says so
    and cites it (before, only a full-time length was cited)."""
    from cmaplan.core.model import Candidate

    hill = Candidate("Hill", Program.CERTIFICATE, "CAAHEP", part_time_months=16)
    profile = make_profile(pace="part-time", program_choice="Hill")
    plan = build_plan(profile, today=TODAY, candidates=(hill,))
    coursework = forecast(plan, TODAY).get(load_knowledge().roles.coursework).step
    assert coursework.duration.school_months == 16
    assert "school" in coursework.sources
    generic = build_plan(make_profile(pace="part-time"), today=TODAY)
    assert "school" not in forecast(generic, TODAY).get("coursework").step.sources
