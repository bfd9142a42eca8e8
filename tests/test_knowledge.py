"""The shipped knowledge base: complete, sourced, and internally consistent."""

from __future__ import annotations

import copy
import itertools
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from cmaplan.core.conditions import CONDITIONS
from cmaplan.core.knowledge import SURENESS, load_knowledge, parse_knowledge
from cmaplan.core.planner import build_plan
from tests.conftest import TODAY, make_profile, worded


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
        "4-member": 125,  # once Category 4 eligibility is confirmed (application-steps)
        "4-nonmember": 250,
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
    for step in worded(plan).values():
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


# --- the precompiled form shipped in the wheel ---------------------------------------------


def test_the_precompiled_knowledge_is_the_toml_it_came_from() -> None:
    import tomllib

    from cmaplan.core.shipped import (
        COMPILED,
        SOURCE,
        compile_knowledge,
        read_knowledge,
        shipped_bytes,
    )

    source = shipped_bytes(*SOURCE)
    compiled = compile_knowledge(source)
    assert read_knowledge(source, compiled) == tomllib.loads(source.decode())
    assert COMPILED[-1] == "knowledge.marshal"


def test_a_stale_or_broken_precompiled_form_is_never_used() -> None:
    import tomllib

    from cmaplan.core.shipped import SOURCE, compile_knowledge, read_knowledge, shipped_bytes

    source = shipped_bytes(*SOURCE)
    expected = tomllib.loads(source.decode())
    edited = source.replace(b"CAAHEP", b"CAAHEP ", 1)  # the TOML changed after compiling
    assert read_knowledge(edited, compile_knowledge(source)) == tomllib.loads(edited.decode())
    compiled = compile_knowledge(source)
    for broken in (compiled[:4], compiled[:40], compiled[:4] + b"\x00" * 50, b""):
        assert read_knowledge(source, broken) == expected


def test_the_wheel_hook_compiles_the_shipped_toml(tmp_path: Path) -> None:
    """hatch_build.py, run as hatchling runs it, puts the compiled TOML in the wheel."""
    import importlib.util
    import sys
    import types

    from cmaplan.core.shipped import SOURCE, compile_knowledge, shipped_bytes

    interface = types.ModuleType("hatchling.builders.hooks.plugin.interface")

    class BuildHookInterface:
        def __init__(self, root: str, target_name: str) -> None:
            self.root, self.target_name = root, target_name

    interface.BuildHookInterface = BuildHookInterface  # type: ignore[attr-defined]
    modules = {"hatchling.builders.hooks.plugin.interface": interface}
    for name in ("hatchling", "hatchling.builders", "hatchling.builders.hooks",
                 "hatchling.builders.hooks.plugin"):  # fmt: skip
        modules[name] = types.ModuleType(name)
    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("hatch_build", root / "hatch_build.py")
    assert spec is not None
    assert spec.loader is not None
    saved = {k: sys.modules.get(k) for k in modules}
    sys.modules.update(modules)
    try:
        hook_module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(hook_module)
    finally:
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value
    hook = hook_module.KnowledgeHook(str(root), "wheel")
    build_data: dict[str, Any] = {"force_include": {}}
    hook.initialize("standard", build_data)
    [(built, inside)] = build_data["force_include"].items()
    assert inside == "cmaplan/data/knowledge.marshal"
    assert Path(built).read_bytes() == compile_knowledge(shipped_bytes(*SOURCE))
    hook.finalize("standard", build_data, str(tmp_path / "x.whl"))
    assert not Path(built).exists()
    editable: dict[str, Any] = {"force_include": {}}
    hook.initialize("editable", editable)
    assert editable["force_include"] == {}


def test_no_labelled_fact_is_followed_by_parentheses_of_its_own() -> None:
    """Review of #22: "the exam fee again for every attempt (to confirm) (for you $125)": a
    fact that carries a label, "(to confirm)" or "(our estimate)", read badly before another
    parenthesis. Every template is checked for such a fact right before a " (" of its own."""
    kb = load_knowledge()
    text = resources.files("cmaplan").joinpath("data/knowledge.toml").read_text("utf-8")
    found = re.findall(r"\{([a-z_0-9]+)(?:\[[^\]]*\])?\} \(", text)
    labelled = [name for name in found if name in kb.facts and kb.fact(name).label]
    assert not labelled, labelled
