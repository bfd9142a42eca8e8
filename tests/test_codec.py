"""The plan file's contents: written, read back, and refused when wrong."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cmaplan.core.drift import original_forecast
from cmaplan.core.errors import PlanFileError
from cmaplan.core.model import Progress
from cmaplan.core.planner import build_plan, with_progress
from cmaplan.core.schedule import forecast
from cmaplan.storage.codec import SCHEMA, derived_uid, document_to_plan, plan_to_document
from cmaplan.views.jsonview import forecast_to_json
from tests.conftest import TODAY, make_profile


def _document(**progress: Progress) -> dict[str, Any]:
    plan = build_plan(make_profile(foreign_medical_degree=True), today=TODAY)
    return plan_to_document(with_progress(plan, progress), TODAY)


def test_the_document_has_the_documented_shape() -> None:
    doc = _document(transcripts=Progress(date(2027, 1, 20), "two copies"))
    assert doc["schema"] == SCHEMA
    assert doc["created"] == TODAY
    assert doc["profile"]["foreign_medical_degree"] is True
    first = doc["steps"][0]
    assert list(first) == [
        "id",
        "title",
        "phase",
        "after",
        "start",
        "due",
        "done",
        "done_on",
        "note",
        "why",
        "checklist",
    ]
    assert "proof of your medical training" in first["why"]
    assert first["done_on"] == date(2027, 1, 20)
    assert "done_on" not in doc["steps"][1]


def test_a_document_reads_back_into_the_same_plan() -> None:
    plan = with_progress(
        build_plan(make_profile(foreign_medical_degree=True), today=TODAY),
        {"transcripts": Progress(date(2027, 1, 20), "two copies"), "exam": Progress(None, "x")},
    )
    first = original_forecast(plan).finish.expected  # written at the first save, kept after it
    expected = plan._replace(uid=derived_uid(plan), planned_finish=first)
    assert document_to_plan(plan_to_document(plan, TODAY))._replace(study_weeks=()) == expected


def test_a_plan_keeps_its_uid_and_revision() -> None:
    plan = build_plan(make_profile(), today=TODAY)._replace(uid="ab" * 8, revision=7)
    again = document_to_plan(plan_to_document(plan, TODAY))
    assert (again.uid, again.revision) == ("ab" * 8, 7)


def _broken(
    change: dict[str, Any] | None = None, step: dict[str, Any] | None = None, drop: str = ""
) -> dict[str, Any]:
    doc = _document()
    doc.update(change or {})
    if step is not None:
        doc["steps"][0] = {**doc["steps"][0], **step}
    doc.pop(drop, None)
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (_broken({"schema": 3}), "newer cmaplan"),
        (_broken({"schema": "one"}), "schema must be 2"),
        (_broken(drop="created"), "created must be"),
        (_broken(drop="profile"), "[profile] table is missing"),
        (_broken({"profile": {"start_date": date(2027, 1, 1)}}), "[profile] diploma is missing"),
        (_broken(step={"done": "yes"}), 'step "transcripts": done must be true or false'),
        (_broken(step={"done": True}), "done = true needs done_on"),
        (_broken(step={"done_on": date(2027, 1, 1)}), "done_on is set but done = false"),
        (_broken(step={"note": 3}), "note must be text"),
        (_broken(step={"id": ""}), "number 1 has no id"),
        (_broken({"steps": "x"}), "steps must be an array"),
    ],
    ids=[
        "newer",
        "schema",
        "created",
        "profile",
        "profile-key",
        "done",
        "done_on",
        "stray",
        "note",
        "id",
        "steps",
    ],
)
def test_a_wrong_document_is_refused_with_what_is_wrong(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        document_to_plan(doc)
    assert message in caught.value.message


def test_a_step_twice_is_refused() -> None:
    doc = _document()
    doc["steps"].append(doc["steps"][0])
    with pytest.raises(PlanFileError, match="appears twice"):
        document_to_plan(doc)


def test_a_step_the_plan_does_not_have_is_refused_not_dropped() -> None:
    """A hand edit (or a typo in an id) is never silently lost on the next save."""
    doc = _document()
    doc["steps"].append({"id": "retired-step", "done": True, "done_on": date(2027, 1, 1)})
    with pytest.raises(PlanFileError, match='"retired-step" that this plan does not have'):
        document_to_plan(doc)


def test_json_view_has_the_documented_keys() -> None:
    plan = build_plan(make_profile(), today=TODAY)
    out = forecast_to_json(plan, forecast(plan, TODAY), "/x/plan.toml")
    assert list(out) == [
        "schema",
        "plan",
        "today",
        "profile",
        "finish",
        "eligibility",
        "exam",
        "credential",
        "steps",
    ]
    assert list(out["credential"]) == ["certified_on", "renewed_on", "expires", "forecast", "route"]
    assert list(out["exam"]) == ["apply_on", "applied", "category", "fee_usd", "category1_ends"]
    assert list(out["finish"]) == ["earliest", "expected", "latest"]
    assert set(out["steps"][0]) == {
        "id",
        "phase",
        "title",
        "after",
        "needed_by",
        "start",
        "due",
        "days_late",
        "expected",
        "earliest",
        "latest",
        "done",
        "done_on",
        "status",
        "warnings",
    }
    recertify = next(s for s in out["steps"] if s["id"] == "recertify")
    assert recertify["expires"] == out["credential"]["expires"]
    assert out["profile"]["start_date"] == "2027-01-04"


def test_ticks_and_history_round_trip() -> None:

    from cmaplan.core.model import Change

    plan = with_progress(
        build_plan(make_profile(), today=TODAY),
        {"resume": Progress(None, "", frozenset({1, 3}))},
    )
    plan = plan._replace(history=(Change(TODAY, "resume", "ticked", "item 1"),))
    doc = plan_to_document(plan, TODAY)
    assert next(s for s in doc["steps"] if s["id"] == "resume")["ticked"] == [1, 3]
    assert doc["history"] == [
        {"on": TODAY, "step": "resume", "action": "ticked", "detail": "item 1"}
    ]
    first = original_forecast(plan).finish.expected
    read = document_to_plan(doc)
    assert read.study_weeks  # the study plan as written, kept for the weeks once begun
    assert read._replace(study_weeks=()) == plan._replace(
        uid=derived_uid(plan), planned_finish=first
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"history": "x"}, "history must be an array"),
        (
            {"history": [{"on": TODAY, "step": "resume", "action": "deleted"}]},
            "[[history]] number 1",
        ),
        ({"history": [{"step": "resume", "action": "done"}]}, "needs on (a date)"),
    ],
    ids=["not-a-list", "bad-action", "no-date"],
)
def test_a_wrong_history_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        document_to_plan(_broken(change))
    assert message in caught.value.message


@pytest.mark.parametrize("ticked", [["1"], [0], "1", [True]])
def test_wrong_ticks_are_refused(ticked: object) -> None:
    with pytest.raises(PlanFileError, match="ticked must be a list of item numbers"):
        document_to_plan(_broken(step={"ticked": ticked}))


def test_ticks_beyond_the_files_checklist_are_refused() -> None:
    """A hand edit that ticks an item the step does not have is named, not dropped."""
    doc = _document()
    doc["steps"][0]["ticked"] = [1, 99]
    with pytest.raises(PlanFileError, match="ticked names item 99"):
        document_to_plan(doc)


def test_ticks_beyond_a_shorter_checklist_are_dropped_when_the_plan_changes() -> None:
    """New answers can give a step a shorter checklist: ticks past its end go."""
    doc = _document()
    step = doc["steps"][0]
    step["checklist"] = [*step["checklist"], *(f"extra {n}" for n in range(99))]
    step["ticked"] = [1, 99]
    plan = document_to_plan(doc)
    assert plan.progress[step["id"]].ticked == {1}
