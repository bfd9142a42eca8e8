"""The undo stack kept as changes (storage/undofile.py): read back, it is the stack that was
written, whatever changes made it; a long log or long notes are in the file once; files of
schema 1 (whole copies) are still read; a splice that does not fit is refused."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan.core import planner, tracking
from cmaplan.core.candidates import candidates_of
from cmaplan.core.errors import CmaplanError, PlanFileError
from cmaplan.core.model import Area, Ceu, Pace, Plan, Progress, Snapshot
from cmaplan.storage.codec import document_to_plan, plan_to_document
from cmaplan.storage.store import MAX_PLAN_BYTES
from tests.conftest import TODAY, cli, make_profile

PROGRAMS = candidates_of(
    [
        {"name": name, "type": "certificate", "months": months, "starts": (), "pass_rate": None}
        | {"part_time_months": None, "cost": None, "format": "", "img_support": "unknown"}
        | {"url": "", "accreditor": "", "externship": "", "city": ""}
        for name, months in (("North College", 9), ("South Institute", 11), ("East Academy", 12))
    ],
    "test",
)


_ENTRY = {"on": TODAY, "area": "general", "points": 1.0, "title": "Ethics"}


def _round_trip(plan: Plan, today: date) -> Plan:
    text = tomli_w.dumps(plan_to_document(plan, today))
    return document_to_plan(tomllib.loads(text))


def _same(a: Snapshot, b: Snapshot) -> bool:
    """Equal as undo uses them (a step with no progress is the same as one not listed)."""
    ids = set(a.progress) | set(b.progress)
    none = Progress()
    return a._replace(progress={}) == b._replace(progress={}) and all(
        a.progress.get(i, none) == b.progress.get(i, none) for i in ids
    )


def _ceu(day: date, n: int) -> Ceu:
    return Ceu(day, list(Area)[n % 3], 0.5 * (1 + n % 4), f"Course {n}", "AAMA" if n % 2 else "")


# One change of a plan, as the commands make them (each chosen by a number and a value).
Change = tuple[int, int]


def _apply(plan: Plan, change: Change, today: date) -> Plan:
    kind, value = change
    ids = [s.id for s in plan.steps]
    step = ids[value % len(ids)]
    match kind:
        case 0:  # a step marked done, or reopened
            done = plan.progress.get(step, Progress()).done_on is not None
            try:
                after = tracking.record(plan, [tracking.Target(step)], today=today, undo=done).plan
            except CmaplanError:  # recertifying before the exam is refused: no change
                return plan
        case 1:  # a note, long or cleared
            note = "" if value % 5 == 0 else f"note {value} " * (value % 200)
            target = [tracking.Target(step)]
            after = tracking.record(plan, target, today=today, note=note, mark_steps=False).plan
        case 2:  # a CEU added where its day sorts it
            entry = _ceu(today - timedelta(days=value % 300), value)
            after = plan._replace(ceus=tuple(sorted((*plan.ceus, entry), key=lambda c: c.on)))
        case 3:  # a CEU removed
            if not plan.ceus:
                return plan
            gone = value % len(plan.ceus)
            after = plan._replace(ceus=plan.ceus[:gone] + plan.ceus[gone + 1 :])
        case 4:  # a program added, or the first one removed
            program = PROGRAMS[value % len(PROGRAMS)]
            if program in plan.candidates:
                after = plan._replace(candidates=tuple(c for c in plan.candidates if c != program))
            else:
                after = plan._replace(candidates=(*plan.candidates, program))
        case 5:  # new answers
            pace = Pace.PART_TIME if plan.profile.pace is Pace.FULL_TIME else Pace.FULL_TIME
            rebuilt = planner.rebuild(plan, plan.profile._replace(pace=pace)).plan
            after = tracking.new_answers(plan, rebuilt, today)
        case _:  # a renewal day recorded
            days = {*plan.renewals, today + timedelta(days=value)}  # as the reader asks
            after = plan._replace(renewals=tuple(sorted(days)))
    return tracking.remember(plan, after, f"change {kind}/{value}", today)


CHANGES = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 10_000)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(changes=CHANGES, undos=st.integers(0, 25))
def test_the_stack_read_back_is_the_stack_written(changes: list[Change], undos: int) -> None:
    """Any changes, then some undos: the file gives back every snapshot, and undoing from the
    file gives the plan undoing in memory gives."""
    plan = planner.build_plan(make_profile(), today=TODAY)
    for n, change in enumerate(changes):
        plan = _apply(plan, change, TODAY + timedelta(days=n))
    read = _round_trip(plan, TODAY)
    assert len(read.undo) == len(plan.undo)
    assert all(_same(a, b) for a, b in zip(read.undo, plan.undo, strict=True))
    for _ in range(min(undos, len(plan.undo))):
        plan, said = tracking.undo(plan)
        read, read_said = tracking.undo(read)
        assert read_said == said
        assert (read.profile, read.ceus, read.candidates) == (
            plan.profile,
            plan.ceus,
            plan.candidates,
        )
        assert read.renewals == plan.renewals
        assert all(
            read.progress.get(i, Progress()) == plan.progress.get(i, Progress()) for i in plan.ids
        )
        read = _round_trip(read, TODAY)


def test_a_long_log_and_long_notes_are_kept_once_not_once_per_change() -> None:
    """Twenty changes to a plan with 1,000 CEUs and long notes: the stack adds a few
    dozen kilobytes, where twenty whole copies passed the reader's limit."""
    plan = planner.build_plan(make_profile(), today=TODAY)
    ceus = tuple(
        Ceu(TODAY - timedelta(days=n % 365), Area.GENERAL, 0.5, "T" * 190, "P" * 190)
        for n in range(1000)
    )
    plan = plan._replace(ceus=tuple(sorted(ceus, key=lambda c: c.on)))
    notes = {s.id: Progress(note="n" * 1999) for s in plan.steps[:6]}
    plan = plan._replace(progress=notes)
    alone = len(tomli_w.dumps(plan_to_document(plan, TODAY)))
    for n in range(20):
        plan = _apply(plan, (2 if n % 2 else 1, n), TODAY)  # CEUs added, long notes changed
    size = len(tomli_w.dumps(plan_to_document(plan, TODAY)))
    assert len(plan.undo) == 20
    assert size - alone < 40_000, (alone, size)  # ten notes' old words, ten CEUs' places
    assert size < MAX_PLAN_BYTES // 4


def _schema_1(plan: Plan, today: date) -> dict[str, Any]:
    """The document an earlier cmaplan wrote: whole copies in [[undo]]."""
    from cmaplan.core.candidates import candidate_entry
    from cmaplan.core.profile import profile_to_dict
    from cmaplan.storage.entries import ceu_entry, progress_entry

    document = plan_to_document(plan, today)
    document["schema"] = 1
    document["undo"] = [
        {
            "on": s.on,
            "said": s.said,
            "history_added": s.history_added,
            "profile": profile_to_dict(s.profile),
            "steps": [progress_entry(k, v) for k, v in s.progress.items()],
            "renewals": list(s.renewals),
            "ceu": [ceu_entry(c) for c in s.ceus],
            "programs": [candidate_entry(c) for c in s.candidates],
        }
        for s in plan.undo
    ]
    return document


def test_a_schema_1_file_is_read_undone_and_written_as_schema_2(
    tmp_path: Path, plan_path: Path
) -> None:
    plan = planner.build_plan(make_profile(), today=TODAY)
    for n, change in enumerate([(0, 1), (2, 5), (1, 3), (4, 1), (2, 9), (0, 1)]):
        plan = _apply(plan, change, TODAY + timedelta(days=n))
    plan_path.parent.mkdir(parents=True, exist_ok=True)
    plan_path.write_text(tomli_w.dumps(_schema_1(plan, TODAY)))
    read = document_to_plan(tomllib.loads(plan_path.read_text()))
    assert all(_same(a, b) for a, b in zip(read.undo, plan.undo, strict=True))
    assert cli("status").exit_code == 0
    for _ in plan.undo:
        assert "Took back" in cli("undo").stdout
    saved = tomllib.loads(plan_path.read_text())
    assert saved["schema"] == 2
    assert "undo" not in saved
    assert cli("undo", code=64).stderr.startswith("cmaplan: there is nothing to take back")


@pytest.mark.parametrize(
    ("splice", "words"),
    [
        ({"added": [2], "was_at": [1], "was": []}, "was_at one position for each entry"),
        ({"added": [2]}, "added must list different positions of the 1 entry"),
        ({"added": [1, 1]}, "added must list different positions"),
        ({"was_at": [3], "was": [{}]}, "needs on (a date)"),
        (
            {"was_at": [5], "was": [_ENTRY]},
            "was_at must list different positions, in order, up to 2",
        ),
        ({"was_at": [0], "was": [_ENTRY]}, "was_at"),
        ({"added": [], "extra": 1}, '"extra"'),
    ],
)
def test_a_kept_change_that_does_not_fit_is_refused_in_one_sentence(
    splice: dict[str, Any], words: str, plan_path: Path
) -> None:
    plan = planner.build_plan(make_profile(), today=TODAY)
    plan = plan._replace(ceus=(_ceu(TODAY, 1), _ceu(TODAY, 2)))
    plan = _apply(plan, (3, 0), TODAY)  # one removed: undo brings it back
    document = plan_to_document(plan, TODAY)
    document["undo"][0]["ceu"] = splice
    plan_path.parent.mkdir(parents=True, exist_ok=True)
    plan_path.write_text(tomli_w.dumps(document))
    with pytest.raises(PlanFileError) as caught:
        document_to_plan(tomllib.loads(plan_path.read_text()))
    assert words in caught.value.message
    assert "[[undo]] number 1 ceu" in caught.value.message
    result = cli("undo", code=65)
    assert len(result.stderr.strip().splitlines()) <= 2  # the sentence and its hint
