"""What each history action means, in one table (core layer, stdlib only).

A plan's history (`model.Change`) records one `model.Action` per change. `MEANINGS` says, for
each, how `cmaplan status --history` words it and shows its detail, which action `check --undo`
records to take it back, and whether its detail may hold the person's own text. Adding an
action means adding it to `model.Action` and its entry here; a test holds the table to the
literal type, and `meaning` refuses an action without one.
"""

from __future__ import annotations

from typing import NamedTuple

from cmaplan.core.model import ACTIONS, Action


class Meaning(NamedTuple):
    """One action: its words in the history, and how a change of its kind is taken back."""

    words: str  # the history table's column ("marked done")
    detail: str = "{detail}"  # how the entry's detail is shown ("on 2027-05-01")
    undone_as: Action | None = None  # what `check --undo` records to take it back
    # Older versions of cmaplan wrote a note's text as the detail: forgetting a step's notes
    # rewords such an entry.
    private: bool = False


MEANINGS: dict[Action, Meaning] = {
    "done": Meaning("marked done", detail="on {detail}", undone_as="reopened"),
    "reopened": Meaning("reopened"),
    "ticked": Meaning("ticked", undone_as="unticked"),
    "unticked": Meaning("unticked"),
    "note": Meaning("note", private=True),
    "answers": Meaning("new answers"),
    "renewed": Meaning("recertified", undone_as="unrenewed"),
    "unrenewed": Meaning("recertification taken back"),
    "exam failed": Meaning(
        "exam attempt failed", detail="on {detail}", undone_as="exam failure taken back"
    ),
    "exam failure taken back": Meaning("failed attempt taken back"),
    "ceu added": Meaning("CEU added"),
    "ceu removed": Meaning("CEU removed"),
    "program added": Meaning("program added"),
    "program edited": Meaning("program changed"),
    "program removed": Meaning("program removed"),
    "program chosen": Meaning("program chosen"),
    "cost added": Meaning("cost or aid added"),
    "cost changed": Meaning("cost or aid changed"),
    "cost removed": Meaning("cost or aid removed"),
    "score added": Meaning("practice score added"),
    "score removed": Meaning("practice score removed"),
    "study changed": Meaning("study settings changed"),
}

if set(MEANINGS) != set(ACTIONS):  # a new action without its entry fails at import, not in use
    raise LookupError(f"history actions without a meaning: {set(ACTIONS) - set(MEANINGS)}")


def meaning(action: Action) -> Meaning:
    """The entry of `action` in the table."""
    return MEANINGS[action]


def recorded(action: Action, *, undo: bool) -> Action:
    """The action a change records: `action`, or with `undo` the one that takes it back."""
    if not undo:
        return action
    undone = MEANINGS[action].undone_as
    if undone is None:
        raise ValueError(f"a {action!r} change is not taken back by check --undo")
    return undone


def history_words(action: Action, detail: str) -> tuple[str, str]:
    """An entry as the history table shows it: the action's words and its detail."""
    entry = MEANINGS[action]
    return entry.words, entry.detail.format(detail=detail)
