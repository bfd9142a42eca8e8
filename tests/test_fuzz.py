"""Property-based tests (hypothesis) for everything that comes from outside: plan files and
answers files, as arbitrary bytes, arbitrary TOML, and type-aware mutations of valid ones.

Whatever the input, cmaplan reads a valid plan or refuses with one sentence and its exit code:
never exit 70, never a traceback. CI runs a modest number of examples; run it long with
`HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cmaplan.cli import app
from cmaplan.core.errors import CmaplanError
from cmaplan.core.planner import build_plan
from cmaplan.storage.codec import plan_to_document
from cmaplan.storage.store import Files, load_plan, read_toml
from tests.conftest import EXAMPLES, TODAY, make_profile

pytestmark = pytest.mark.slow  # many generated cases each run

runner = CliRunner()
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
ALLOWED_EXITS = {0, 1, 2, 64, 65, 66, 73, 74}

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
)
keys = st.text(min_size=1, max_size=12)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)
documents = st.dictionaries(keys, values, max_size=6)


def _valid_plan() -> dict[str, Any]:
    plan = build_plan(make_profile(foreign_medical_degree=True, goal="residency"), today=TODAY)
    document = plan_to_document(plan, TODAY)
    document["history"] = [{"on": TODAY, "step": "transcripts", "action": "done", "detail": "x"}]
    return document


VALID_PLAN = _valid_plan()
VALID_ANSWERS = tomllib.loads((EXAMPLES / "img-residency.toml").read_text())


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document: table keys and array indexes."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            out.extend(_paths(inner, (*prefix, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out.extend(_paths(inner, (*prefix, index)))
    return out


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """`base` with a few places replaced by values of another type, removed, or added to."""
    document = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(document)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(keys)] = draw(values)
        else:
            parent.append(draw(values))
    return document


def _check_loader(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    with contextlib.suppress(CmaplanError):  # a clean refusal is fine
        load_plan(Files(), path, TODAY)


def _check_cli(plan: Path) -> None:
    for args in (["status"], ["timeline", "--json"], ["show", "transcripts"], ["check", "resume"]):
        result = runner.invoke(app, args, env={"CMAPLAN_PLAN": str(plan)})
        assert result.exit_code in ALLOWED_EXITS, (args, result.exit_code, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert "internal error" not in result.stderr
        if result.exit_code:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def _dump(document: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(document).encode()
    except (TypeError, ValueError):  # not representable in TOML: fall back to its repr
        return repr(document).encode()


@FUZZ
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_as_a_plan(data: bytes, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    _check_loader(plan, data)
    _check_cli(plan)


@FUZZ
@given(document=documents)
def test_arbitrary_toml_as_a_plan(document: dict[str, Any], tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    _check_loader(plan, _dump(document))
    _check_cli(plan)


@FUZZ
@given(document=mutated(VALID_PLAN))
def test_mutations_of_a_valid_plan(document: dict[str, Any], tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    data = _dump(document)
    _check_loader(plan, data)
    _check_cli(plan)
    result = runner.invoke(app, ["note", "transcripts", "x"], env={"CMAPLAN_PLAN": str(plan)})
    if result.exit_code == 0:  # whatever was saved reads back
        load_plan(Files(), plan, TODAY)


@FUZZ
@given(document=st.one_of(mutated(VALID_ANSWERS), documents))
def test_answers_files(document: dict[str, Any], tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_bytes(_dump(document))
    with contextlib.suppress(CmaplanError):
        read_toml(Files(), answers, what="answers")
    plan = tmp_path / "plan.toml"
    result = runner.invoke(
        app, ["init", "--answers", str(answers), "--force"], env={"CMAPLAN_PLAN": str(plan)}
    )
    assert result.exit_code in ALLOWED_EXITS, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 0:
        load_plan(Files(), plan, TODAY)  # a plan that was written reads back
        _check_cli(plan)
    else:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
