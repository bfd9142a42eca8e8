"""The shipped knowledge base: complete, sourced, and internally consistent."""

from __future__ import annotations

import copy
import itertools
import re
import tomllib
from importlib import resources
from typing import Any

import pytest

from cmaplan.conditions import CONDITIONS
from cmaplan.knowledge import SURENESS, load_knowledge, parse_knowledge
from cmaplan.planner import build_plan
from tests.conftest import TODAY, make_profile


def raw() -> dict[str, Any]:
    text = resources.files("cmaplan").joinpath("data/knowledge.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_every_fact_has_known_sources_and_sureness() -> None:
    kb = load_knowledge()
    for fact in kb.facts.values():
        assert fact.sources, fact.name
        assert all(s in kb.sources for s in fact.sources), fact.name
        assert fact.sure in SURENESS


def test_estimates_are_labelled_and_cite_our_own_source() -> None:
    kb = load_knowledge()
    for fact in kb.facts.values():
        if fact.is_estimate and not isinstance(fact.value, dict):
            assert fact.render().endswith("(our estimate)"), fact.name
            assert "cmaplan" in fact.sources, fact.name


def test_core_facts_match_the_sources() -> None:
    kb = load_knowledge()
    assert kb.fact("certificate_months").value == [9, 12]
    assert kb.fact("associate_months").value == [18, 24]
    assert kb.fact("recert_months").value == 60
    assert kb.fact("ceu_total").value == 60
    assert kb.fact("ceu_min_each").value == 10
    assert kb.fact("exam_questions").value == 200
    assert kb.fact("exam_areas").value == ["general", "clinical", "administrative"]
    assert kb.fact("exam_fee").value == {
        "1-member": 125,
        "1-nonmember": 125,
        "2-member": 125,
        "2-nonmember": 250,
    }


def test_every_condition_named_in_the_data_exists() -> None:
    text = resources.files("cmaplan").joinpath("data/knowledge.toml").read_text("utf-8")
    names = set(re.findall(r'"!?([a-z_0-9]+)"', " ".join(re.findall(r"when = \[[^\]]*\]", text))))
    assert names <= set(CONDITIONS), names - set(CONDITIONS)


PROFILE_MATRIX = [
    dict(zip(keys, values, strict=True))
    for keys, values in [
        (
            ("foreign_medical_degree", "transcripts_in_english", "goal", "program", "pace"),
            combo,
        )
        for combo in itertools.product(
            [True, False],
            [True, False],
            ["career", "residency", "nursing", "management"],
            ["certificate", "associate", "undecided"],
            ["full-time", "part-time"],
        )
    ]
    if not (values[2] == "residency" and not values[0])
]


@pytest.mark.parametrize("changes", PROFILE_MATRIX, ids=lambda c: "-".join(map(str, c.values())))
def test_every_text_renders_without_leftover_placeholders(changes: dict[str, Any]) -> None:
    plan = build_plan(
        make_profile(**changes, experience="military", specialty="cardiology"), today=TODAY
    )
    for step in plan.steps:
        for text in (step.title, *step.why, *step.checklist):
            assert "{" not in text, (step.id, text)
            assert "}" not in text, (step.id, text)
            assert text.strip(), step.id
        assert step.sources, step.id


def test_a_reference_to_an_unknown_source_is_refused() -> None:
    data = raw()
    broken = copy.deepcopy(data)
    broken["facts"]["exam_questions"]["sources"] = ["nowhere"]
    with pytest.raises(ValueError, match="exam_questions"):
        parse_knowledge(broken)


def test_a_step_after_an_unknown_step_is_refused() -> None:
    broken = copy.deepcopy(raw())
    broken["steps"]["exam"]["after"] = ["no-such-step"]
    with pytest.raises(ValueError, match="exam"):
        parse_knowledge(broken)
