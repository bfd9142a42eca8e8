"""The knowledge data as typed records: rules and facts are checked once, when they are read."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from datetime import date
from importlib import resources
from typing import Any, get_args

import pytest

from cmaplan.core.facts import SURENESS, Fact, SourceKind, Unit
from cmaplan.core.knowledge import DurationSpec, load_knowledge, parse_knowledge
from cmaplan.core.model import RecertRoute
from cmaplan.core.rulebook import Rules
from cmaplan.core.rules import credential_expiry, recertify_lead


def raw() -> dict[str, Any]:
    text = resources.files("cmaplan").joinpath("data/knowledge.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_the_typed_rules_say_what_the_data_says() -> None:
    data, rules = raw()["rules"], load_knowledge().rules
    assert rules.exam_category.window == data["exam-category"]["window"]
    assert (rules.exam_category.inside, rules.exam_category.outside) == (
        data["exam-category"]["inside"],
        data["exam-category"]["outside"],
    )
    assert rules.exam_fee.fact == data["exam-fee"]["fact"]
    assert rules.credential_expiry.counted_from == data["credential-expiry"]["counted_from"]
    assert rules.recertify_lead.leads == {
        RecertRoute(k): v for k, v in data["recertify-lead"].items() if k != "sources"
    }
    assert rules.finish.step == data["finish"]["step"]
    assert [t.text for t in rules.finish.label] == [v["text"] for v in data["finish"]["label"]]
    assert rules.reminders.steps == tuple(data["reminders"]["steps"])
    assert rules.reminders.expiry_days_before == tuple(data["reminders"]["expiry_days_before"])
    assert set(rules.all()) == set(data) - {"profile"}


def test_every_rule_of_the_data_has_a_record() -> None:
    names = {name.replace("_", "-") for name in Rules._fields}
    assert names == set(raw()["rules"]) - {"profile"}


def _breaks(change: Callable[[dict[str, Any]], object], message: str) -> None:
    data = copy.deepcopy(raw())
    change(data)
    with pytest.raises(ValueError, match=message):
        parse_knowledge(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["rules"]["exam-category"].pop("inside"), "exam-category: inside is missing"),
        (
            lambda d: d["rules"]["exam-category"].update(outside="2"),
            "exam-category: outside is a whole number",
        ),
        (
            lambda d: d["rules"]["credential-expiry"].update(counted_from="start-of-month"),
            "counted_from must be one of end-of-month",
        ),
        (lambda d: d["rules"]["recertify-lead"].pop("ce"), "recertify-lead: ce is missing"),
        (lambda d: d["rules"]["exam-fee"].update(fact="no_such_fee"), "unknown facts"),
        (lambda d: d["rules"]["finish"].update(step="no-such-step"), "unknown steps"),
        (lambda d: d["rules"]["reminders"].update(steps="exam-apply"), "a list of text"),
        (lambda d: d["rules"]["reminders"].update(days_before=True), "a whole number"),
        (lambda d: d["rules"].update(spare={"sources": ["cmaplan"]}), "unknown rules"),
        (lambda d: d["rules"].pop("finish"), "are missing"),
        (lambda d: d["rules"]["finish"].update(sources=[]), "rule finish: unknown or no sources"),
    ],
)
def test_a_broken_rule_is_refused_naming_it(
    change: Callable[[dict[str, Any]], object], message: str
) -> None:
    _breaks(change, message)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["facts"]["exam_questions"].update(unit="furlongs"), "unit must be one of"),
        (lambda d: d["facts"]["exam_questions"].update(sure="rumour"), "sure must be one of"),
        (lambda d: d["facts"]["exam_questions"].update(value={"a": {}}), "a value is a number"),
        (lambda d: d["facts"]["exam_questions"].update(value=True), "a value is a number"),
        (lambda d: d["sources"]["cmaplan"].update(kind="hearsay"), "kind must be one of"),
        (
            lambda d: d["rules"]["profile"]["requires"][0].update(then=[1]),
            "then is a table of answers",
        ),
    ],
)
def test_a_broken_fact_or_source_is_refused_naming_it(
    change: Callable[[dict[str, Any]], object], message: str
) -> None:
    _breaks(change, message)


def test_every_kind_the_data_uses_is_one_the_types_name() -> None:
    kb = load_knowledge()
    assert {f.unit for f in kb.facts.values()} <= set(get_args(Unit))
    assert {f.sure for f in kb.facts.values()} <= set(SURENESS)
    assert {s.kind for s in kb.sources.values()} <= set(get_args(SourceKind))


def test_each_unit_is_rendered_in_its_own_way() -> None:
    def shown(value: Any, unit: Unit) -> str:
        return Fact("f", value, unit, ("cmaplan",), "official").render()

    assert shown(1500, "usd") == "$1,500"
    assert shown([125, 250], "usd") == "$125–$250"
    assert shown(3, "count") == "3"
    assert shown(70.5, "percent") == "70.5%"
    assert shown(2, "factor") == "2×"
    assert shown([2, 3], "business days") == "2–3 business days"
    assert shown([3, 15], "month-day") == "March 15"
    assert shown(["a", "b", "c"], "list") == "a, b, and c"


def test_typed_accessors_refuse_a_fact_of_another_shape() -> None:
    kb = load_knowledge()
    with pytest.raises(TypeError, match="not a day of the year"):
        kb.fact("recert_months").month_day()
    with pytest.raises(TypeError, match="is a table"):
        kb.fact("exam_fee").words()
    with pytest.raises(TypeError, match="is a table"):
        kb.fact("exam_fee").render()
    assert kb.fact("exam_fee").number("2-member") > 0


def test_the_rules_code_reads_the_typed_rules() -> None:
    data = raw()
    data["rules"]["recertify-lead"]["exam"] = "recert_ce_processing_days"  # days, not months
    kb = parse_knowledge(data)
    assert recertify_lead(RecertRoute.EXAM, kb).days > 0
    assert credential_expiry(date(2027, 3, 15), kb) == date(2032, 3, 31)


def test_each_step_duration_is_typed_as_its_table_says() -> None:
    steps = raw()["steps"]
    for template in load_knowledge().steps:
        table = steps[template.id]["duration"]
        assert template.spec.kind == table.get("kind", "range")
        assert template.spec.fact == table.get("fact")
        assert template.spec._replace(kind="range", fact=None) == DurationSpec(
            key=table.get("key"),
            until=table.get("until"),
            paced=table.get("paced", False),
            study=table.get("study"),
            hours=table.get("hours"),
            late=table.get("late"),
            late_when=tuple(table.get("late_when", ())),
        )


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ({"fact": "exam_wait_weeks", "lenght": 3}, "unknown duration keys"),
        ({"kind": "fortnightly", "fact": "exam_wait_weeks"}, "duration kind must be one of"),
        ({"kind": "range"}, "a range duration needs a fact"),
        ({"kind": "milestone", "fact": "exam_wait_weeks"}, "a milestone duration names no fact"),
        ({"fact": "no_such_fact"}, "unknown duration fact"),
        ({"fact": "exam_wait_weeks", "study": "no_such_hours"}, "unknown duration fact"),
        ({"fact": "exam_wait_weeks", "until": "exam_day"}, "names an unknown answer"),
        ({"fact": 3}, "duration fact is a name"),
    ],
)
def test_a_broken_step_duration_is_refused_naming_the_step(
    duration: dict[str, Any], message: str
) -> None:
    _breaks(lambda d: d["steps"]["exam"].update(duration=duration), f"step exam: .*{message}")
