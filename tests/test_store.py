"""The store: where the plan lives, and that saving never loses or half-writes it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cmaplan.core.errors import PlanFileError, PlanMissingError, StorageError
from cmaplan.core.planner import build_plan, mark
from cmaplan.storage import store
from cmaplan.storage.files import Files
from tests.conftest import EXAMPLES, TODAY, make_profile


def _plan():  # type: ignore[no-untyped-def]
    return build_plan(make_profile(), today=TODAY)


def test_path_order_is_option_then_environment_then_default(tmp_path: Path) -> None:
    env = {"CMAPLAN_PLAN": str(tmp_path / "env.toml")}
    assert store.resolve_plan_path(tmp_path / "opt.toml", env) == tmp_path / "opt.toml"
    assert store.resolve_plan_path(None, env) == tmp_path / "env.toml"
    default = store.resolve_plan_path(None, {})
    assert default.name == "plan.toml"
    assert "cmaplan" in default.parts


def test_the_default_is_in_the_user_data_folder(tmp_path: Path) -> None:
    # XDG_DATA_HOME is pointed at tmp_path/xdg by the autouse fixture (on Linux).
    assert store.default_plan_path() == tmp_path / "xdg" / "cmaplan" / "plan.toml"


def test_save_then_load_round_trips(plan_path: Path) -> None:
    plan = mark(_plan(), ["choose-program"], done_on=TODAY)
    store.save_plan(Files(), plan_path, plan, TODAY)
    loaded = store.load_plan(Files(), plan_path, TODAY)
    assert loaded.revision == plan.revision + 1  # every save counts
    assert loaded._replace(uid="", revision=0, planned_finish=None, study_weeks=()) == plan
    assert loaded.planned_finish is not None  # the plan as first made, kept from now on


def test_files_are_private_to_their_owner(plan_path: Path) -> None:
    store.save_plan(Files(), plan_path, _plan(), TODAY)
    store.save_plan(Files(), plan_path, mark(_plan(), ["resume"], done_on=TODAY), TODAY)
    for path in (plan_path, store.backup_path(plan_path)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(plan_path.parent.stat().st_mode) == 0o700


def test_the_previous_version_is_kept_as_a_backup(plan_path: Path) -> None:
    store.save_plan(Files(), plan_path, _plan(), TODAY)
    first = plan_path.read_bytes()
    store.save_plan(Files(), plan_path, mark(_plan(), ["resume"], done_on=TODAY), TODAY)
    assert store.backup_path(plan_path).read_bytes() == first
    assert plan_path.read_bytes() != first


def test_no_temporary_files_are_left_behind(plan_path: Path) -> None:
    store.save_plan(Files(), plan_path, _plan(), TODAY)
    store.save_plan(Files(), plan_path, mark(_plan(), ["resume"], done_on=TODAY), TODAY)
    assert sorted(p.name for p in plan_path.parent.iterdir()) == ["plan.toml", "plan.toml.bak"]


def test_a_failed_write_leaves_the_old_file_whole(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_plan(Files(), plan_path, _plan(), TODAY)
    before = plan_path.read_bytes()

    def broken_replace(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError, match="No space left on device"):
        store.save_plan(Files(), plan_path, mark(_plan(), ["resume"], done_on=TODAY), TODAY)
    monkeypatch.undo()
    assert plan_path.read_bytes() == before
    assert [p.name for p in plan_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_an_unparseable_file_is_never_overwritten(plan_path: Path) -> None:
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("schema = 1\n[profile\n")
    with pytest.raises(PlanFileError, match="will not overwrite"):
        store.save_plan(Files(), plan_path, _plan(), TODAY)
    assert plan_path.read_text() == "schema = 1\n[profile\n"
    assert not store.backup_path(plan_path).exists()


def test_an_unparseable_file_is_reported_with_line_and_column(plan_path: Path) -> None:
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("schema = 1\n[profile\n")
    with pytest.raises(PlanFileError) as caught:
        store.load_plan(Files(), plan_path, TODAY)
    assert str(plan_path) in caught.value.message
    assert "line 2" in caught.value.message
    assert "column" in caught.value.message


def test_a_binary_file_is_reported(plan_path: Path) -> None:
    plan_path.parent.mkdir(parents=True)
    plan_path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(PlanFileError, match="not a text file"):
        store.load_plan(Files(), plan_path, TODAY)


def test_a_missing_plan_says_how_to_make_one(plan_path: Path) -> None:
    with pytest.raises(PlanMissingError) as caught:
        store.load_plan(Files(), plan_path, TODAY)
    assert "cmaplan init" in caught.value.hint


def test_a_wrong_plan_file_names_the_file(plan_path: Path) -> None:
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("schema = 1\ncreated = 2026-11-26\n[profile]\npace = 'x'\n")
    with pytest.raises(PlanFileError, match=f"^{plan_path}: \\[profile\\] "):
        store.load_plan(Files(), plan_path, TODAY)


def test_tomli_reads_plans_as_the_standard_tomllib_does(tmp_path: Path) -> None:
    """Plans are read with tomli (compiled: ~3x faster); it must agree with the stdlib's copy."""
    import tomllib

    import tomli

    plan = build_plan(make_profile(foreign_medical_degree=True), today=TODAY)
    store.save_plan(Files(), tmp_path / "plan.toml", plan, TODAY)
    texts = [(tmp_path / "plan.toml").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.toml"))]
    for text in texts:
        assert tomli.loads(text) == tomllib.loads(text)
