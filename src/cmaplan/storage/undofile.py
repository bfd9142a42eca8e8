"""The undo stack in the plan file (storage layer): each recent change kept as the change, not
as a copy of the plan.

`cmaplan undo` needs the plan as it was before each of its last changes (the core's
`Snapshot`s). A copy of everything for each would make the file grow with the log: twenty
changes to a plan with a long CEU log, long notes and many programs once held twenty copies of
them, and passed the size the reader accepts. So the file keeps each snapshot as its
difference from the state after it — the next snapshot's, or the plan's own for the newest —
and the reader rebuilds them newest first (schema 2). Adding one CEU to a log of a thousand
keeps one number and no CEU.

A kept change has `on`, `said` and `history_added`, and only what the change altered:
`profile` (the answers as they were), `steps` (each step whose progress it altered, as it
was), `renewals` (as they were), and `ceu` and `programs` as what differs: `added`, the
positions (from 1) of the entries the change added, and `was`, the entries it took away, at
the positions `was_at` they had; `costs` the same, and `study` its target and calendar as they
were with its `scores` so. Schema 1 files kept whole copies; `read_copies` still reads
them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar

from cmaplan.core import fields
from cmaplan.core.candidates import PROGRAMS, candidate_entry, candidates_of
from cmaplan.core.errors import AnswersError, PlanFileError
from cmaplan.core.fields import Field
from cmaplan.core.ledger import CostEntry
from cmaplan.core.model import MAX_NOTE, Candidate, Ceu, Plan, Profile, Progress, Snapshot
from cmaplan.core.plaintext import plural
from cmaplan.core.practice import Study
from cmaplan.core.profile import parse_profile, profile_to_dict
from cmaplan.core.tables import unknown_keys
from cmaplan.storage.entries import (
    CEUS,
    RENEWALS,
    STEP_FIELDS,
    ceu_entry,
    ceu_of,
    progress_entry,
    read_renewals,
    recorded,
)
from cmaplan.storage.ledgerfile import COSTS, cost_entry, costs_of_tables
from cmaplan.storage.studyfile import (
    SCORES,
    STUDY_FIELDS,
    STUDY_KEYS,
    score_entry,
    scores_of,
    study_table,
)

MAX_UNDO = 100  # more than cmaplan keeps (core/tracking.UNDO_KEEP): a file may say fewer
NO_PROGRESS = Progress()
_HEAD = (
    Field("on", "date", True),
    Field("said", "text", True, high=MAX_NOTE),
    Field("history_added", "int", True, low=0),
)
_STEPS = Field("steps", "tables", spec=(Field("id", "text", True, low=1), *STEP_FIELDS), default=())
# Schema 1: a whole copy of what the plan was.
COPIES = Field(
    "undo",
    "tables",
    high=MAX_UNDO,
    spec=(
        *_HEAD,
        Field("profile", "table", True),
        _STEPS,
        RENEWALS,
        CEUS._replace(default=()),
        PROGRAMS._replace(default=()),
    ),
)
# Schema 2: only what the change altered.
CHANGES = Field(
    "undo",
    "tables",
    high=MAX_UNDO,
    spec=(
        *_HEAD,
        Field("profile", "table"),
        _STEPS,
        RENEWALS._replace(default=None),
        Field("ceu", "table"),
        Field("programs", "table"),
        Field("costs", "table"),
        Field("study", "table"),
    ),
)
_SPLICE_KEYS = frozenset({"added", "was_at", "was"})
_ADDED = Field("added", "items", default=())
_WAS_AT = Field("was_at", "items", default=())
_CEU_SPLICE = (_ADDED, _WAS_AT, CEUS._replace(name="was", default=()))
_PROGRAM_SPLICE = (_ADDED, _WAS_AT, PROGRAMS._replace(name="was", default=()))
_COST_SPLICE = (_ADDED, _WAS_AT, COSTS._replace(name="was", default=()))
_SCORE_SPLICE = (_ADDED, _WAS_AT, SCORES._replace(name="was", default=()))

T = TypeVar("T")


class State(NamedTuple):
    """What a snapshot restores: the answers, each step's progress, renewals, CEUs, programs
    and recorded money."""

    profile: Profile
    progress: Mapping[str, Progress]
    renewals: tuple[date, ...]
    ceus: tuple[Ceu, ...]
    candidates: tuple[Candidate, ...]
    costs: tuple[CostEntry, ...] = ()
    study: Study = Study()


def plan_state(plan: Plan) -> State:
    """The plan's own state, as its file keeps it (a progress entry for every step)."""
    progress = {s.id: plan.progress.get(s.id, NO_PROGRESS) for s in plan.steps}
    return State(
        plan.profile, progress, plan.renewals, plan.ceus, plan.candidates, plan.costs, plan.study
    )


def _state(s: Snapshot) -> State:
    return State(s.profile, s.progress, s.renewals, s.ceus, s.candidates, s.costs, s.study)


# --- writing ------------------------------------------------------------------------------------


def undo_tables(plan: Plan) -> list[dict[str, Any]]:
    """The plan's undo stack as the file keeps it, oldest first: each change against the
    state after it."""
    after = plan_state(plan)
    tables: list[dict[str, Any]] = []
    for snapshot in reversed(plan.undo):
        before = _state(snapshot)
        tables.append(_change(snapshot, before, after))
        after = before
    return tables[::-1]


def _change(snapshot: Snapshot, before: State, after: State) -> dict[str, Any]:
    table: dict[str, Any] = {
        "on": snapshot.on,
        "said": snapshot.said,
        "history_added": snapshot.history_added,
    }
    if before.profile != after.profile:
        table["profile"] = profile_to_dict(before.profile)
    ids = list(dict.fromkeys([*before.progress, *after.progress]))
    steps = [
        progress_entry(i, before.progress.get(i, NO_PROGRESS))
        for i in ids
        if before.progress.get(i, NO_PROGRESS) != after.progress.get(i, NO_PROGRESS)
    ]
    if steps:
        table["steps"] = steps
    if before.renewals != after.renewals:
        table["renewals"] = list(before.renewals)
    if before.ceus != after.ceus:
        table["ceu"] = _splice(before.ceus, after.ceus, ceu_entry)
    if before.candidates != after.candidates:
        table["programs"] = _splice(before.candidates, after.candidates, candidate_entry)
    if before.costs != after.costs:
        table["costs"] = _splice(before.costs, after.costs, cost_entry)
    if before.study != after.study:  # the settings as they were; the scores as what differs
        study = study_table(before.study._replace(scores=()))
        table["study"] = {
            **study,
            "scores": _splice(before.study.scores, after.study.scores, score_entry),
        }
    return table


def _splice(
    before: Sequence[T], after: Sequence[T], entry: Callable[[T], dict[str, Any]]
) -> dict[str, Any]:
    """How `before` differs from `after`: the positions (from 1) of the entries `after` added,
    and the entries it no longer has with their positions in `before` (difflib's matching,
    so that CEUs interleaved by date keep only what changed)."""
    from difflib import SequenceMatcher

    added: list[int] = []
    was_at: list[int] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            added.extend(range(j1 + 1, j2 + 1))
        if tag in ("delete", "replace"):
            was_at.extend(range(i1 + 1, i2 + 1))
    return {"added": added, "was_at": was_at, "was": [entry(before[i - 1]) for i in was_at]}


# --- reading ------------------------------------------------------------------------------------


def read_changes(raw: object, after: State) -> tuple[Snapshot, ...]:
    """Schema 2's undo stack, rebuilt newest first from the plan's own state `after`."""
    entries = fields.read_tables(raw, CHANGES, "[[undo]]")
    snapshots: list[Snapshot] = []
    for index in range(len(entries), 0, -1):
        entry, where = entries[index - 1], f"[[undo]] number {index}"
        profile = after.profile if entry["profile"] is None else _profile(entry["profile"], where)
        progress = {**after.progress, **_steps(entry["steps"], where)}
        renewals = after.renewals
        if entry["renewals"] is not None:
            renewals = read_renewals(entry["renewals"], f"{where} renewals")
        ceus = after.ceus
        if entry["ceu"] is not None:
            at = f"{where} ceu"
            ceus = _spliced(after.ceus, entry["ceu"], _CEU_SPLICE, at, _ceus)
        candidates = after.candidates
        if entry["programs"] is not None:
            at = f"{where} programs"
            candidates = _spliced(
                after.candidates, entry["programs"], _PROGRAM_SPLICE, at, _programs
            )
        costs = after.costs
        if entry["costs"] is not None:
            at = f"{where} costs"
            costs = _spliced(after.costs, entry["costs"], _COST_SPLICE, at, costs_of_tables)
        study = after.study
        if entry["study"] is not None:
            study = _study(after.study, entry["study"], f"{where} study")
        before = State(profile, progress, renewals, ceus, candidates, costs, study)
        snapshots.append(_snapshot(entry, before))
        after = before
    return tuple(snapshots[::-1])


def read_copies(raw: object) -> tuple[Snapshot, ...]:
    """Schema 1's undo stack: a whole copy of the plan before each change."""
    snapshots: list[Snapshot] = []
    for index, entry in enumerate(fields.read_tables(raw, COPIES, "[[undo]]"), 1):
        where = f"[[undo]] number {index}"
        before = State(
            _profile(entry["profile"], where),
            _steps(entry["steps"], where),
            read_renewals(entry["renewals"], f"{where} renewals"),
            tuple(ceu_of(c) for c in entry["ceu"]),
            candidates_of(entry["programs"], f"{where} programs"),
        )
        snapshots.append(_snapshot(entry, before))
    return tuple(snapshots)


def _snapshot(entry: Mapping[str, Any], s: State) -> Snapshot:
    return Snapshot(
        entry["on"],
        entry["said"],
        s.profile,
        dict(s.progress),
        entry["history_added"],
        s.renewals,
        s.ceus,
        s.candidates,
        s.costs,
        s.study,
    )


def _study(after: Study, raw: Mapping[str, Any], where: str) -> Study:
    """The study as it was before a change: its settings as kept, its scores spliced back."""
    unknown_keys(raw, STUDY_KEYS, where)
    splice = raw.get("scores")
    if not isinstance(splice, Mapping):
        raise PlanFileError(f"{where}: scores must be a table of what the change altered.")
    settings = fields.read({k: v for k, v in raw.items() if k != "scores"}, STUDY_FIELDS, where)
    scores = _spliced(after.scores, splice, _SCORE_SPLICE, f"{where} scores", scores_of)
    # In order of day, as the file keeps them, whatever was edited since the change.
    return Study(
        settings["target"], settings["calendar"], tuple(sorted(scores, key=lambda s: s.on))
    )


def _profile(raw: Mapping[str, Any], where: str) -> Profile:
    try:
        return parse_profile(raw, where=f"{where} profile: ")
    except AnswersError as error:
        raise PlanFileError(error.message) from None


def _steps(steps: Sequence[Mapping[str, Any]], where: str) -> dict[str, Progress]:
    return dict(
        recorded(step["id"], step, f"{where} steps number {n}") for n, step in enumerate(steps, 1)
    )


def _ceus(entries: Sequence[Mapping[str, Any]], where: str) -> tuple[Ceu, ...]:
    return tuple(ceu_of(c) for c in entries)


def _programs(entries: Sequence[Mapping[str, Any]], where: str) -> tuple[Candidate, ...]:
    return candidates_of(entries, where)


def _spliced(
    after: tuple[T, ...],
    raw: Mapping[str, Any],
    spec: tuple[Field, ...],
    where: str,
    typed: Callable[[Sequence[Mapping[str, Any]], str], tuple[T, ...]],
) -> tuple[T, ...]:
    """`after` with the change `raw` taken back: without the entries it added, and with the
    entries `was` again at their places."""
    unknown_keys(raw, _SPLICE_KEYS, where)
    splice = fields.read(raw, spec, where)
    added, was_at, was = splice["added"], splice["was_at"], typed(splice["was"], f"{where} was")
    kept = [x for n, x in enumerate(after, 1) if n not in set(added)]
    if not _rising(added, len(after)) or len(was_at) != len(was):
        raise PlanFileError(
            f"{where}: added must list different positions of the {_entries(len(after))} it "
            "changed, in order, and was_at one position for each entry of was."
        )
    if not _rising(was_at, len(kept) + len(was)):
        raise PlanFileError(
            f"{where}: was_at must list different positions, in order, up to "
            f"{len(kept) + len(was)}."
        )
    back = dict(zip(was_at, was, strict=True))
    rest = iter(kept)
    return tuple(back[n] if n in back else next(rest) for n in range(1, len(kept) + len(was) + 1))


def _rising(positions: Sequence[int], last: int) -> bool:
    return all(0 < a < b for a, b in itertools.pairwise(positions)) and all(
        0 < p <= last for p in positions
    )


def _entries(count: int) -> str:
    return plural(count, "entry", "entries")
